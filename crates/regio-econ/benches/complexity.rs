//! Benchmarks of `complexity::compute` on synthetic region x activity
//! matrices with the nested structure of the peer harness's generator
//! (capability c_r ~ U(0,1), difficulty d_p ~ U(0,1), presence probability
//! sigmoid(8 (c_r - d_p) - 1) + 0.02, value = size_r size_p LogNormal(0,1)),
//! drawn from a seeded ChaCha8 generator. Sizes match the peer baseline:
//! 200 x 1,000, 3,000 x 1,000 and 1,000 x 5,000.
//! Run: `cargo bench -p regio-econ --bench complexity`.

use criterion::{criterion_group, criterion_main, Criterion};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use regio_core::Matrix;
use regio_econ::complexity::{self, Options};
use std::time::Duration;

/// Synthetic nested matrix (seeded; not real data).
fn synthetic(nr: usize, np: usize, seed: u64) -> Matrix {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let lognormal = |rng: &mut ChaCha8Rng| {
        // Box-Muller standard normal, then exp.
        let (u1, u2): (f64, f64) = (rng.random::<f64>().max(1e-300), rng.random());
        ((-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()).exp()
    };
    let cap: Vec<f64> = (0..nr).map(|_| rng.random()).collect();
    let diff: Vec<f64> = (0..np).map(|_| rng.random()).collect();
    let size_r: Vec<f64> = (0..nr).map(|_| lognormal(&mut rng)).collect();
    let size_p: Vec<f64> = (0..np).map(|_| lognormal(&mut rng)).collect();
    let mut x = Matrix::zeros(nr, np);
    for i in 0..nr {
        for j in 0..np {
            let p = 1.0 / (1.0 + (-(8.0 * (cap[i] - diff[j]) - 1.0)).exp()) + 0.02;
            if rng.random::<f64>() < p {
                x.set(i, j, size_r[i] * size_p[j] * lognormal(&mut rng) * 1000.0);
            }
        }
    }
    x
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("complexity");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    for &(nr, np) in &[(200, 1000), (3000, 1000), (1000, 5000)] {
        let x = synthetic(nr, np, 42);
        // Everything py-ecomplexity computes (RCA, M, ECI, PCI, proximity,
        // density, COI, COG), without fitness and NODF, proximity not kept.
        let lean = Options {
            fitness: None,
            nestedness: false,
            keep_proximity: false,
            ..Options::default()
        };
        g.bench_function(format!("growth_lab_{nr}x{np}"), |b| {
            b.iter(|| complexity::compute(&x, &lean).unwrap())
        });
        if nr * np <= 3_000_000 {
            // The full result (fitness, NODF, proximity kept).
            g.bench_function(format!("full_{nr}x{np}"), |b| {
                b.iter(|| complexity::compute(&x, &Options::default()).unwrap())
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
