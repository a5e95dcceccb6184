//! Shared helpers for the zones tests: graphs, reference data, exhaustive search.
#![allow(dead_code)]

use regio_core::Graph;
use regio_space::zones::{Constraint, Objective};

/// Rook grid `rows x cols`, plus one diagonal in each cell where `diag(cell)`
/// says so (still planar: at most one diagonal per cell).
pub fn grid(rows: usize, cols: usize, diag: impl Fn(usize) -> u8) -> Graph {
    let n = rows * cols;
    let mut l = vec![Vec::new(); n];
    let id = |r: usize, c: usize| (r * cols + c) as u32;
    let mut link = |a: u32, b: u32| {
        l[a as usize].push(b);
        l[b as usize].push(a);
    };
    for r in 0..rows {
        for c in 0..cols {
            if c + 1 < cols {
                link(id(r, c), id(r, c + 1));
            }
            if r + 1 < rows {
                link(id(r, c), id(r + 1, c));
            }
            if r + 1 < rows && c + 1 < cols {
                match diag(r * cols + c) {
                    1 => link(id(r, c), id(r + 1, c + 1)),
                    2 => link(id(r, c + 1), id(r + 1, c)),
                    _ => {}
                }
            }
        }
    }
    Graph::from_lists(l).unwrap()
}

/// Path to a file under the repository's `data/`.
pub fn data(rel: &str) -> String {
    format!("{}/../../data/{rel}", env!("CARGO_MANIFEST_DIR"))
}

/// Reads a simple CSV (no quoted commas) into header + rows.
pub fn read_csv(path: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut lines = text.lines();
    let head = lines
        .next()
        .unwrap()
        .split(',')
        .map(|s| s.to_string())
        .collect();
    let rows = lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split(',').map(|s| s.to_string()).collect())
        .collect();
    (head, rows)
}

/// The Mexico queen graph exactly as spopt used it (`focal,neighbor` rows).
pub fn mexico_graph() -> Graph {
    let (_, rows) = read_csv(&data("reference/spopt_maxp/mexico_queen_edges.csv"));
    let mut l = vec![Vec::new(); 32];
    for r in rows {
        let a: usize = r[0].parse().unwrap();
        let b: u32 = r[1].parse().unwrap();
        l[a].push(b);
    }
    Graph::from_lists(l).unwrap()
}

/// A Mexico attribute column (spopt's row order).
pub fn mexico_attr(name: &str) -> Vec<f64> {
    let (h, rows) = read_csv(&data("reference/spopt_maxp/mexico_attrs.csv"));
    let k = h.iter().position(|c| c == name).unwrap();
    rows.iter().map(|r| r[k].parse().unwrap()).collect()
}

/// True when `members` induce a connected subgraph.
pub fn connected(g: &Graph, members: &[usize]) -> bool {
    let mut seen = vec![members[0]];
    let mut k = 0;
    while k < seen.len() {
        let u = seen[k];
        k += 1;
        for &v in g.neighbors(u) {
            let v = v as usize;
            if members.contains(&v) && !seen.contains(&v) {
                seen.push(v);
            }
        }
    }
    seen.len() == members.len()
}

/// Exhaustive max-p over all set partitions (restricted growth strings):
/// returns (max p, min objective at that p). Only for n <= 12.
pub fn exhaustive(g: &Graph, constraints: &[Constraint], obj: &Objective) -> Option<(usize, f64)> {
    let n = g.len();
    assert!(n <= 12);
    let mut a = vec![0usize; n];
    let mut best: Option<(usize, f64)> = None;
    fn rec(
        i: usize,
        maxb: usize,
        a: &mut Vec<usize>,
        g: &Graph,
        cs: &[Constraint],
        obj: &Objective,
        best: &mut Option<(usize, f64)>,
    ) {
        let n = a.len();
        if i == n {
            let p = maxb;
            if best.is_some_and(|b| p < b.0) {
                return;
            }
            let mut blocks = vec![Vec::new(); p];
            for (u, &b) in a.iter().enumerate() {
                blocks[b].push(u);
            }
            let mut total = 0.0;
            for bl in &blocks {
                if !connected(g, bl) {
                    return;
                }
                let m: Vec<u32> = bl.iter().map(|&u| u as u32).collect();
                for c in cs {
                    let v = c.evaluate(&m);
                    if c.lower.is_some_and(|l| v < l - 1e-9)
                        || c.upper.is_some_and(|u| v > u + 1e-9)
                    {
                        return;
                    }
                }
                total += obj.zone_value(&m);
            }
            if best.is_none_or(|b| p > b.0 || (p == b.0 && total < b.1)) {
                *best = Some((p, total));
            }
            return;
        }
        for b in 0..=maxb {
            a[i] = b;
            rec(i + 1, maxb.max(b + 1), a, g, cs, obj, best);
        }
    }
    rec(0, 0, &mut a, g, constraints, obj, &mut best);
    best
}
