//! The simple greedy zoning an analyst would try first, kept as a baseline:
//! start from singletons; visiting units in a random order, merge the
//! visited unit's zone, while its balance is negative, into the adjacent
//! zone with the largest balance; keep the best (largest p) of many random
//! orders (200 by default). Orders run in parallel with per-order ChaCha8
//! streams; ties go to the lowest order index.

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use regio_core::Graph;

/// Best greedy partition: zone per unit (0-based) and p, or `None` when every
/// order ended with a negative zone (some component totals below zero).
pub fn greedy_baseline(
    graph: &Graph,
    balance: &[f64],
    orders: usize,
    seed: u64,
) -> Option<(Vec<u32>, usize)> {
    let res: Vec<Option<(Vec<u32>, usize)>> = (0..orders.max(1))
        .into_par_iter()
        .map(|k| {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            rng.set_stream(k as u64);
            one_order(graph, balance, &mut rng)
        })
        .collect();
    let mut best: Option<(Vec<u32>, usize)> = None;
    for r in res.into_iter().flatten() {
        if best.as_ref().is_none_or(|b| r.1 > b.1) {
            best = Some(r);
        }
    }
    best
}

fn one_order(graph: &Graph, balance: &[f64], rng: &mut ChaCha8Rng) -> Option<(Vec<u32>, usize)> {
    let n = graph.len();
    let mut zone: Vec<u32> = (0..n as u32).collect();
    let mut members: Vec<Vec<u32>> = (0..n as u32).map(|i| vec![i]).collect();
    let mut bal: Vec<f64> = balance.to_vec();
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.shuffle(rng);
    for &u in &order {
        let mut z = zone[u as usize];
        while bal[z as usize] < 0.0 {
            let mut best: Option<u32> = None;
            for &m in &members[z as usize] {
                for &v in graph.neighbors(m as usize) {
                    let w = zone[v as usize];
                    if w != z
                        && best.is_none_or(|b| {
                            bal[w as usize] > bal[b as usize]
                                || (bal[w as usize] == bal[b as usize] && w < b)
                        })
                    {
                        best = Some(w);
                    }
                }
            }
            let w = best?;
            // Merge z into w.
            let moved = std::mem::take(&mut members[z as usize]);
            for &m in &moved {
                zone[m as usize] = w;
            }
            members[w as usize].extend(moved);
            bal[w as usize] += bal[z as usize];
            bal[z as usize] = 0.0;
            z = w;
        }
    }
    // Renumber zones 0..p.
    let mut map = vec![u32::MAX; n];
    let mut p = 0u32;
    let labels = zone
        .iter()
        .map(|&z| {
            if map[z as usize] == u32::MAX {
                map[z as usize] = p;
                p += 1;
            }
            map[z as usize]
        })
        .collect();
    Some((labels, p as usize))
}
