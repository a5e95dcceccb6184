//! Max-p on regular grids, for side-by-side runs with PySAL spopt
//! (bench/peers/maxp_grid.sh) and the 100,000-area signed-balance run.
//!
//! Usage:
//!   zones_grid CSV THRESHOLD [SEED]     grid from the peer generator (id,thr,a1,a2 in row-major order)
//!   zones_grid --synthetic SIDE [SEED]  seeded synthetic grid with a signed balance
//!
//! Prints one line: n, p, heterogeneity, seconds (solve only).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use regio_core::Graph;
use regio_space::zones::{
    check, greedy_baseline, solve, Constraint, MaxpOptions, Objective, Problem,
};
use std::time::Instant;

fn queen_grid(side: usize) -> Graph {
    let mut l = vec![Vec::new(); side * side];
    for r in 0..side {
        for c in 0..side {
            for dr in -1i64..=1 {
                for dc in -1i64..=1 {
                    let (rr, cc) = (r as i64 + dr, c as i64 + dc);
                    if (dr, dc) != (0, 0)
                        && rr >= 0
                        && cc >= 0
                        && rr < side as i64
                        && cc < side as i64
                    {
                        l[r * side + c].push((rr as usize * side + cc as usize) as u32);
                    }
                }
            }
        }
    }
    Graph::from_lists(l).expect("grid graph")
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: zones_grid CSV THRESHOLD [SEED] | zones_grid --synthetic SIDE [SEED]");
        std::process::exit(2);
    }
    let seed: u64 = args.get(3).map_or(0, |s| s.parse().expect("seed"));
    let (g, constraints, obj, signed) = if args[1] == "--synthetic" {
        let side: usize = args[2].parse().expect("side");
        let n = side * side;
        let mut rng = ChaCha8Rng::seed_from_u64(42);
        // Synthetic signed balance: 8 % of cells are sinks (absorb 0–60),
        // every cell emits 0–5; total is positive (≈ 0.08·30 − 2.5 < 0 per
        // cell on average is avoided by a 0.9 reduction on emissions).
        let bal: Vec<f64> = (0..n)
            .map(|_| {
                let sink = if rng.random::<f64>() < 0.08 {
                    rng.random::<f64>() * 60.0
                } else {
                    0.0
                };
                sink - 0.1 * rng.random::<f64>() * 5.0
            })
            .collect();
        let a1: Vec<f64> = (0..n)
            .map(|i| ((i % side) as f64 / (side as f64 / 6.0)).sin() + 0.3 * rng.random::<f64>())
            .collect();
        let a2: Vec<f64> = (0..n)
            .map(|i| (i / side) as f64 / side as f64 + 0.3 * rng.random::<f64>())
            .collect();
        (
            queen_grid(side),
            vec![Constraint::sum_at_least("balance", bal, 0.0)],
            Objective::heterogeneity(vec!["a1".into(), "a2".into()], &[a1, a2]),
            true,
        )
    } else {
        let text = std::fs::read_to_string(&args[1]).expect("read csv");
        let thr: f64 = args[2].parse().expect("threshold");
        let mut lines = text.lines();
        let head: Vec<&str> = lines.next().expect("header").split(',').collect();
        let col = |n: &str| {
            head.iter()
                .position(|h| *h == n)
                .unwrap_or_else(|| panic!("no column {n}"))
        };
        let (ct, c1, c2) = (col("thr"), col("a1"), col("a2"));
        let (mut t, mut a1, mut a2) = (Vec::new(), Vec::new(), Vec::new());
        for l in lines.filter(|l| !l.is_empty()) {
            let f: Vec<&str> = l.split(',').collect();
            t.push(f[ct].parse::<f64>().expect("thr"));
            a1.push(f[c1].parse::<f64>().expect("a1"));
            a2.push(f[c2].parse::<f64>().expect("a2"));
        }
        let side = (t.len() as f64).sqrt().round() as usize;
        assert_eq!(side * side, t.len(), "a square grid");
        (
            queen_grid(side),
            vec![Constraint::sum_at_least("thr", t, thr)],
            Objective::heterogeneity(vec!["a1".into(), "a2".into()], &[a1, a2]),
            false,
        )
    };
    let problem = Problem {
        graph: &g,
        constraints: constraints.clone(),
        objective: obj,
    };
    // The 100,000-area run uses 8 construction passes and local search on
    // the best 2 with 30 move attempts per unit; the grids use the defaults.
    let opts = if signed {
        MaxpOptions {
            seed,
            passes: 8,
            search_passes: 2,
            moves_per_unit: 30,
            ..Default::default()
        }
    } else {
        MaxpOptions {
            seed,
            ..Default::default()
        }
    };
    let t0 = Instant::now();
    let z = solve(&problem, &opts).expect("solve");
    let secs = t0.elapsed().as_secs_f64();
    check(&g, &constraints, &z.labels, &z.excluded).expect("checker");
    let mut line = format!(
        "regio n={} p={} heterogeneity_l1={:.6} seconds_solve={secs:.4} passes={}",
        g.len(),
        z.p,
        z.objective,
        z.passes
    );
    if signed {
        let t1 = Instant::now();
        let bp = greedy_baseline(&g, &constraints[0].values, 8, seed).map(|b| b.1);
        line.push_str(&format!(
            " baseline_p(8 orders)={} baseline_seconds={:.3}",
            bp.map(|p| p.to_string()).unwrap_or_default(),
            t1.elapsed().as_secs_f64()
        ));
    }
    println!("{line}");
}
