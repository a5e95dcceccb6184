//! Benchmarks on synthetic seeded data: queen/rook contiguity on a jittered
//! grid of square polygons (100,000 units) and LISA with 999 conditional
//! permutations on a 100,000-unit lattice. The grid data are synthetic.

use criterion::{criterion_group, criterion_main, Criterion};
use geo_types::{Coord, LineString, MultiPolygon, Polygon};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use regio_space::autocorrelation::{local_moran, moran};
use regio_space::weights::contiguity::{fuzzy, queen, rook};

/// An `side x side` grid of unit squares whose shared corners are moved by a
/// seeded jitter (so polygons are irregular but still share exact vertices),
/// each with extra vertices on its edges (8 boundary points per polygon).
fn grid(side: usize, seed: u64) -> Vec<MultiPolygon<f64>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let m = side + 1;
    let corner: Vec<Coord<f64>> = (0..m * m)
        .map(|k| Coord {
            x: (k % m) as f64 + rng.random_range(-0.2..0.2),
            y: (k / m) as f64 + rng.random_range(-0.2..0.2),
        })
        .collect();
    let mid = |a: Coord<f64>, b: Coord<f64>| Coord {
        x: (a.x + b.x) / 2.0,
        y: (a.y + b.y) / 2.0,
    };
    (0..side * side)
        .map(|k| {
            let (i, j) = (k % side, k / side);
            let (a, b, c, d) = (
                corner[j * m + i],
                corner[j * m + i + 1],
                corner[(j + 1) * m + i + 1],
                corner[(j + 1) * m + i],
            );
            let ring = vec![a, mid(a, b), b, mid(b, c), c, mid(c, d), d, mid(d, a), a];
            MultiPolygon(vec![Polygon::new(LineString(ring), vec![])])
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let polys = grid(316, 42); // 99,856 polygons
    let mut g = c.benchmark_group("contiguity_100k");
    g.sample_size(10);
    g.bench_function("queen", |b| b.iter(|| queen(&polys)));
    g.bench_function("rook", |b| b.iter(|| rook(&polys)));
    g.bench_function("fuzzy_0.01", |b| b.iter(|| fuzzy(&polys, 0.01)));
    g.finish();

    let w = queen(&polys).row_standardized();
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    // Synthetic variable with spatial trend plus noise.
    let y: Vec<f64> = (0..polys.len())
        .map(|k| (k % 316) as f64 * 0.01 + rng.random_range(0.0..1.0))
        .collect();
    let mut g = c.benchmark_group("autocorrelation_100k");
    g.sample_size(10);
    g.bench_function("moran_999", |b| b.iter(|| moran(&y, &w, 999, 1).unwrap()));
    g.bench_function("lisa_999", |b| {
        b.iter(|| local_moran(&y, &w, 999, 1).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
