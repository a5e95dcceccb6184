//! Max-p benchmarks on seeded synthetic grids (the peer's setting: queen
//! grid, threshold attribute uniform on 1..9, sum >= 20, similarity a1, a2).

use criterion::{criterion_group, criterion_main, Criterion};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use regio_core::Graph;
use regio_space::zones::{solve, Constraint, MaxpOptions, Objective, Problem};

fn queen_grid(side: usize) -> Graph {
    let mut l = vec![Vec::new(); side * side];
    for r in 0..side as i64 {
        for c in 0..side as i64 {
            for (dr, dc) in [
                (-1, -1),
                (-1, 0),
                (-1, 1),
                (0, -1),
                (0, 1),
                (1, -1),
                (1, 0),
                (1, 1),
            ] {
                let (rr, cc) = (r + dr, c + dc);
                if rr >= 0 && cc >= 0 && rr < side as i64 && cc < side as i64 {
                    l[(r * side as i64 + c) as usize].push((rr * side as i64 + cc) as u32);
                }
            }
        }
    }
    Graph::from_lists(l).unwrap()
}

fn synthetic(side: usize) -> (Graph, Vec<f64>, Vec<f64>, Vec<f64>) {
    let n = side * side;
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    let thr = (0..n).map(|_| rng.random_range(1..10) as f64).collect();
    let a1 = (0..n)
        .map(|i| ((i % side) as f64 / (side as f64 / 6.0)).sin() + 0.3 * rng.random::<f64>())
        .collect();
    let a2 = (0..n)
        .map(|i| (i / side) as f64 / (side - 1) as f64 + 0.3 * rng.random::<f64>())
        .collect();
    (queen_grid(side), thr, a1, a2)
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("zones_maxp_grid_thr20");
    group.sample_size(10);
    for side in [20usize, 50, 100] {
        let (g, thr, a1, a2) = synthetic(side);
        let problem = Problem {
            graph: &g,
            constraints: vec![Constraint::sum_at_least("thr", thr, 20.0)],
            objective: Objective::heterogeneity(vec!["a1".into(), "a2".into()], &[a1, a2]),
        };
        group.bench_function(format!("n{}", side * side), |b| {
            b.iter(|| solve(&problem, &MaxpOptions::default()).unwrap().p)
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
