//! Weight transforms and higher-order neighbours (libpysal's `W.transform`
//! codes "B", "R", "D", "V"; the variance-stabilising "V" is from
//! Tiefelsdorf, Griffith & Boots 1999, Environment and Planning A 31:165-180;
//! higher-order contiguity after Anselin & Smirnov 1996).

use regio_core::{Graph, Result};
use std::collections::VecDeque;

/// Weight transform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transform {
    /// Binary: every link weighs 1.
    Binary,
    /// Row-standardised: each row sums to 1 (libpysal "R").
    Row,
    /// Double-standardised: all weights scaled so they sum to n (libpysal "D").
    Double,
    /// Variance-stabilising (libpysal "V", Tiefelsdorf et al. 1999).
    Variance,
}

fn with_weights(g: &Graph, f: impl Fn(usize, &[f64]) -> Vec<f64>) -> Result<Graph> {
    Graph::from_weighted_lists(
        (0..g.len())
            .map(|i| {
                g.neighbors(i)
                    .iter()
                    .copied()
                    .zip(f(i, g.weights(i)))
                    .collect()
            })
            .collect(),
    )
}

/// Applies a transform (islands keep empty rows).
pub fn transform(g: &Graph, t: Transform) -> Result<Graph> {
    let n = g.len() as f64;
    match t {
        Transform::Row => Ok(g.row_standardized()),
        Transform::Binary => with_weights(g, |_, w| vec![1.0; w.len()]),
        Transform::Double => {
            let s0: f64 = (0..g.len()).map(|i| g.weights(i).iter().sum::<f64>()).sum();
            with_weights(g, |_, w| {
                w.iter()
                    .map(|x| if s0 > 0.0 { x * n / s0 } else { *x })
                    .collect()
            })
        }
        Transform::Variance => {
            // w*_ij = w_ij / sqrt(Σ_j w_ij²), then scaled so Σ w* = n.
            let q: Vec<f64> = (0..g.len())
                .map(|i| g.weights(i).iter().map(|x| x * x).sum::<f64>().sqrt())
                .collect();
            let s: f64 = (0..g.len())
                .map(|i| {
                    if q[i] > 0.0 {
                        g.weights(i).iter().sum::<f64>() / q[i]
                    } else {
                        0.0
                    }
                })
                .sum();
            with_weights(g, |i, w| {
                w.iter()
                    .map(|x| {
                        if q[i] > 0.0 && s > 0.0 {
                            x / q[i] * n / s
                        } else {
                            *x
                        }
                    })
                    .collect()
            })
        }
    }
}

/// Higher-order neighbours: units exactly `k` steps away along the graph
/// (shortest path), or within `k` steps when `cumulative`; binary weights.
pub fn higher_order(g: &Graph, k: usize, cumulative: bool) -> Result<Graph> {
    use rayon::prelude::*;
    let n = g.len();
    let lists = (0..n)
        .into_par_iter()
        .map_init(
            || (vec![usize::MAX; n], VecDeque::new(), Vec::new()),
            |(dist, queue, touched), s| {
                for &t in touched.iter() {
                    dist[t] = usize::MAX;
                }
                touched.clear();
                dist[s] = 0;
                touched.push(s);
                queue.push_back(s);
                let mut out = Vec::new();
                while let Some(u) = queue.pop_front() {
                    let d = dist[u];
                    if d == k {
                        continue;
                    }
                    for &v in g.neighbors(u) {
                        let v = v as usize;
                        if dist[v] == usize::MAX {
                            dist[v] = d + 1;
                            touched.push(v);
                            queue.push_back(v);
                            if d + 1 == k || cumulative {
                                out.push(v as u32);
                            }
                        }
                    }
                }
                out
            },
        )
        .collect();
    Graph::from_lists(lists)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(n: usize) -> Graph {
        Graph::from_lists(
            (0..n)
                .map(|i| {
                    let mut l = vec![];
                    if i > 0 {
                        l.push(i as u32 - 1)
                    }
                    if i + 1 < n {
                        l.push(i as u32 + 1)
                    }
                    l
                })
                .collect(),
        )
        .unwrap()
    }

    #[test]
    fn orders_and_transforms() {
        // Path 0-1-2-3-4: second-order neighbours of 2 are 0 and 4; within 2: 0,1,3,4.
        let g = path(5);
        assert_eq!(higher_order(&g, 2, false).unwrap().neighbors(2), &[0, 4]);
        assert_eq!(
            higher_order(&g, 2, true).unwrap().neighbors(2),
            &[0, 1, 3, 4]
        );
        assert_eq!(higher_order(&g, 2, false).unwrap().neighbors(0), &[2]);
        // Double: S0 = 8 links, n = 5 → each weight 5/8.
        assert_eq!(
            transform(&g, Transform::Double).unwrap().weights(1),
            &[0.625, 0.625]
        );
        // V: q = (1, √2, √2, √2, 1); Σ w/q = 2·1 + 3·(2/√2) = 2 + 3√2; scale 5/(2+3√2).
        let v = transform(&g, Transform::Variance).unwrap();
        let s = 5.0 / (2.0 + 3.0 * 2f64.sqrt());
        assert!((v.weights(0)[0] - s).abs() < 1e-15);
        assert!((v.weights(1)[0] - s / 2f64.sqrt()).abs() < 1e-15);
        let b = transform(&g.row_standardized(), Transform::Binary).unwrap();
        assert_eq!(b.weights(1), &[1.0, 1.0]);
    }
}
