//! Benchmarks of strategy and input-output on synthetic, seeded data (not
//! real statistics):
//! * strategy for 250 regions x 1,000 industries (the nested generator of
//!   the complexity benchmark): complexity + smart-specialisation matrix +
//!   growth paths of length 10 (beam width 5 and greedy) for every region +
//!   peers; goal < 2 s;
//! * Leontief: factorise I - A and compute output multipliers + one solve,
//!   at 2,000 and 5,000 sectors (goal < 10 s at 5,000), and the explicit
//!   inverse at 2,000 (pymrio's approach) for comparison.
//!
//! Run: `cargo bench -p regio-econ --bench strategy`.

mod common;

use common::synthetic;
use criterion::{criterion_group, criterion_main, Criterion};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use regio_core::Matrix;
use regio_econ::complexity::Options;
use regio_econ::input_output::leontief::Leontief;
use regio_econ::strategy::growth_path::{growth_path, PathOptions};
use regio_econ::strategy::peers::{peers, Profile};
use regio_econ::strategy::smart_spec::{smart_spec, SmartSpecOptions};
use regio_econ::strategy::Capabilities;
use std::time::Duration;

/// Synthetic technical coefficients: dense U(0,1) entries, columns scaled to
/// sum to U(0.3, 0.5) (the peer generator's range), seeded.
fn synthetic_a(n: usize, seed: u64) -> Matrix {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut a = Matrix::zeros(n, n);
    for v in a.as_mut_slice() {
        *v = rng.random::<f64>();
    }
    let cs = a.col_sums();
    let target: Vec<f64> = (0..n).map(|_| 0.3 + 0.2 * rng.random::<f64>()).collect();
    for i in 0..n {
        for (j, v) in a.row_mut(i).iter_mut().enumerate() {
            *v *= target[j] / cs[j];
        }
    }
    a
}

fn strategy(x: &Matrix, units: &[String], inds: &[String]) -> usize {
    let caps = Capabilities::compute(units, inds, x, &Options::default()).unwrap();
    let t = smart_spec(&caps, &SmartSpecOptions::default());
    let paths: Vec<usize> = (0..caps.units.len())
        .into_par_iter()
        .map(|u| {
            let o = PathOptions {
                length: 10,
                beam_width: 5,
                ..Default::default()
            };
            let b = growth_path(&caps, u, &o).unwrap();
            let g = growth_path(&caps, u, &PathOptions { beam_width: 1, ..o }).unwrap();
            b.steps.len() + g.steps.len()
        })
        .collect();
    let p = peers(&caps, Profile::Rca, 5).unwrap();
    t.n_rows() + paths.iter().sum::<usize>() + p.n_rows()
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("strategy");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    let x = synthetic(250, 1000, 42);
    let units: Vec<String> = (0..250).map(|i| format!("r{i}")).collect();
    let inds: Vec<String> = (0..1000).map(|i| format!("p{i}")).collect();
    g.bench_function("full_250x1000_paths10", |b| {
        b.iter(|| strategy(&x, &units, &inds))
    });
    let caps = Capabilities::compute(&units, &inds, &x, &Options::default()).unwrap();
    g.bench_function("paths_only_250x1000_len10_beam5_and_greedy", |b| {
        b.iter(|| {
            (0..caps.units.len())
                .into_par_iter()
                .map(|u| {
                    let o = PathOptions {
                        length: 10,
                        beam_width: 5,
                        ..Default::default()
                    };
                    growth_path(&caps, u, &o).unwrap().steps.len()
                        + growth_path(&caps, u, &PathOptions { beam_width: 1, ..o })
                            .unwrap()
                            .steps
                            .len()
                })
                .sum::<usize>()
        })
    });
    g.finish();

    let mut g = c.benchmark_group("leontief");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(20));
    for &n in &[2000usize, 5000] {
        let a = synthetic_a(n, 7);
        let sectors: Vec<String> = (0..n).map(|i| format!("s{i}")).collect();
        let y = vec![1.0; n];
        g.bench_function(format!("lu_multipliers_solve_{n}"), |b| {
            b.iter(|| {
                let m = Leontief::new(sectors.clone(), a.clone()).unwrap();
                let mult = m.output_multipliers();
                let x = m.solve(&y).unwrap();
                mult[0] + x[0]
            })
        });
        if n == 2000 {
            g.bench_function(format!("explicit_inverse_{n}"), |b| {
                b.iter(|| {
                    Leontief::new(sectors.clone(), a.clone())
                        .unwrap()
                        .inverse()
                        .get(0, 0)
                })
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
