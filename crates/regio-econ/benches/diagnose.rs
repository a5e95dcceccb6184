//! Benchmark of `diagnose` (every family: specialisation, LQ table,
//! concentration, variety, shift-share incl. dynamic, structural change,
//! convergence) on synthetic data: 3,000 regions x 1,000 industries x 20
//! years, generated from a seeded ChaCha8 RNG (synthetic, not real data).
//! Goal: under 1 s on 2 cores.

use criterion::{criterion_group, criterion_main, Criterion};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use regio_core::{Industry, IndustrySet, Panel, Region, RegionSet};
use regio_econ::diagnose::{diagnose, DiagnoseOptions, Hierarchy};
use std::hint::black_box;
use std::time::Duration;

/// Synthetic panel: region size log-uniform, industry weights log-uniform,
/// ~30 % zero cells, and a year-on-year growth factor per cell in [0.9, 1.12).
/// Industry codes `NNNN` with a 2-character prefix hierarchy (100 groups).
fn synthetic(nr: usize, ni: usize, ny: usize, seed: u64) -> Panel {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let regions = RegionSet::from_regions(
        (0..nr)
            .map(|r| Region::new(format!("R{r:05}"), format!("region {r}")))
            .collect(),
    )
    .unwrap();
    let industries = IndustrySet::from_industries(
        (0..ni)
            .map(|i| Industry {
                code: format!("{i:04}"),
                name: format!("industry {i}"),
                parent: None,
            })
            .collect(),
    )
    .unwrap();
    let years: Vec<i32> = (0..ny as i32).map(|y| 2000 + y).collect();
    let mut p = Panel::new_missing("employees", regions, industries, years);
    let size: Vec<f64> = (0..nr)
        .map(|_| 10f64.powf(rng.random_range(2.0..5.0)))
        .collect();
    let weight: Vec<f64> = (0..ni)
        .map(|_| 10f64.powf(rng.random_range(0.0..2.0)))
        .collect();
    let mut cur = vec![0.0; nr * ni];
    for r in 0..nr {
        for i in 0..ni {
            cur[r * ni + i] = if rng.random_range(0.0..1.0) < 0.3 {
                0.0
            } else {
                (size[r] * weight[i] * rng.random_range(0.5..1.5) / 50.0).round()
            };
        }
    }
    for y in 0..ny {
        for r in 0..nr {
            for i in 0..ni {
                let v = &mut cur[r * ni + i];
                if y > 0 {
                    *v = (*v * rng.random_range(0.9..1.12)).round();
                }
                p.set(y, r, i, Some(*v)).unwrap();
            }
        }
    }
    p
}

fn bench(c: &mut Criterion) {
    let panel = synthetic(3000, 1000, 20, 42);
    let mut opts = DiagnoseOptions::new(2019);
    opts.base = Some(2000);
    opts.hierarchy = Hierarchy::Prefix(2);
    let mut g = c.benchmark_group("diagnose");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("all_families_3000x1000x20", |b| {
        b.iter(|| black_box(diagnose(black_box(&panel), &opts).unwrap()))
    });
    // The same without the long location_quotients table (3 million rows of
    // region and industry code strings); every family is still computed.
    let mut no_lq = opts.clone();
    no_lq.lq_table = false;
    g.bench_function("all_families_no_lq_table_3000x1000x20", |b| {
        b.iter(|| black_box(diagnose(black_box(&panel), &no_lq).unwrap()))
    });
    let small = synthetic(250, 19, 18, 7);
    let mut o2 = DiagnoseOptions::new(2017);
    o2.base = Some(2000);
    g.bench_function("all_families_250x19x18", |b| {
        b.iter(|| black_box(diagnose(black_box(&small), &o2).unwrap()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
