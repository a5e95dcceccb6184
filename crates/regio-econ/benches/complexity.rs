//! Benchmarks of `complexity::compute` on synthetic region x activity
//! matrices with the nested structure of the peer harness's generator
//! (capability c_r ~ U(0,1), difficulty d_p ~ U(0,1), presence probability
//! sigmoid(8 (c_r - d_p) - 1) + 0.02, value = size_r size_p LogNormal(0,1)),
//! drawn from a seeded ChaCha8 generator. Sizes match the peer baseline:
//! 200 x 1,000, 3,000 x 1,000 and 1,000 x 5,000.
//! Run: `cargo bench -p regio-econ --bench complexity`.

mod common;

use common::synthetic;
use criterion::{criterion_group, criterion_main, Criterion};
use regio_econ::complexity::{self, Options};
use std::time::Duration;

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
