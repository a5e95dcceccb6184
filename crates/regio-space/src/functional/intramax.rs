//! Intramax hierarchical regionalisation (Masser & Brown 1975, "Hierarchical
//! aggregation procedures for interaction data", Environment and Planning A 7).
//!
//! At each step the two areas i, j with the largest
//! T_ij/(O_i D_j) + T_ji/(O_j D_i) are merged (O: row totals, D: column
//! totals, both including internal flows), optionally only when they are
//! contiguous. The full dendrogram is returned and can be cut at k areas or
//! at the first level where every area reaches a self-containment level.
//!
//! Speed: flows are kept as sparse neighbour maps and every area remembers its
//! best partner, so a merge touches only the merged areas' neighbours; the
//! global best is a linear scan over areas (O(n) per merge) instead of the
//! O(n²) pair scan of the textbook procedure.

use super::{self_containment, FlowMatrix, Partition};
use regio_core::{Error, Graph, Result};
use std::collections::{HashMap, HashSet};

/// One merge of the dendrogram. Leaves are areas `0..n` (canonical unit
/// order); the area created by merge `s` (0-based) has id `n + s`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Merge {
    /// The merged area with the smaller id.
    pub a: usize,
    /// The merged area with the larger id.
    pub b: usize,
    /// The Intramax objective T_ab/(O_a D_b) + T_ba/(O_b D_a) at the merge.
    pub score: f64,
    /// Number of areas after the merge.
    pub n_areas: usize,
}

/// The Intramax dendrogram.
#[derive(Debug, Clone, PartialEq)]
pub struct Dendrogram {
    /// Number of leaves (units).
    pub n: usize,
    /// Merges in order.
    pub merges: Vec<Merge>,
}

#[derive(Default, Clone)]
struct Area {
    o: f64,
    d: f64,
    // neighbour → (flow self→nbr, flow nbr→self)
    nbr: HashMap<usize, (f64, f64)>,
    adj: HashSet<usize>,
}

/// The Intramax objective for a pair.
fn score(t_ij: f64, t_ji: f64, o_i: f64, d_j: f64, o_j: f64, d_i: f64) -> f64 {
    let a = if t_ij > 0.0 { t_ij / (o_i * d_j) } else { 0.0 };
    let b = if t_ji > 0.0 { t_ji / (o_j * d_i) } else { 0.0 };
    a + b
}

/// Pair order: higher score first, then the lexicographically smallest (lo, hi).
fn better(s: f64, lo: usize, hi: usize, best: Option<(f64, usize, usize)>) -> bool {
    match best {
        None => true,
        Some((bs, bl, bh)) => s > bs || (s == bs && (lo, hi) < (bl, bh)),
    }
}

/// Runs Intramax on `fm`. With `contiguity` (a neighbour graph in the same
/// region order as the flows the matrix was built from, i.e. indexed by
/// [`FlowMatrix::original`]), only adjacent areas may merge. Merging stops
/// when no pair with a positive flow (and adjacency) is left, so the
/// dendrogram of a disconnected flow graph ends with several areas.
pub fn intramax(fm: &FlowMatrix, contiguity: Option<&Graph>) -> Result<Dendrogram> {
    let n = fm.len();
    if let Some(g) = contiguity {
        if g.len() != n {
            return Err(Error::Shape(format!(
                "contiguity graph has {} units, flows have {n}",
                g.len()
            )));
        }
    }
    let mut canon = vec![0usize; n];
    for (c, &o) in fm.original.iter().enumerate() {
        canon[o] = c;
    }
    let mut areas: Vec<Area> = (0..n)
        .map(|i| Area {
            o: fm.residents[i],
            d: fm.jobs[i],
            ..Default::default()
        })
        .collect();
    for (i, area) in areas.iter_mut().enumerate() {
        for (j, v) in fm.outflows(i) {
            area.nbr.entry(j).or_insert((0.0, 0.0)).0 = v;
        }
        for (j, v) in fm.inflows(i) {
            area.nbr.entry(j).or_insert((0.0, 0.0)).1 = v;
        }
        if let Some(g) = contiguity {
            area.adj = g
                .neighbors(fm.original[i])
                .iter()
                .map(|&k| canon[k as usize])
                .collect();
        }
    }
    // Contiguity graphs need not be symmetric; treat links as undirected.
    if contiguity.is_some() {
        for i in 0..n {
            let adj: Vec<usize> = areas[i].adj.iter().copied().collect();
            for j in adj {
                areas[j].adj.insert(i);
            }
        }
    }
    let constrained = contiguity.is_some();
    let mut active: Vec<bool> = vec![true; n];
    let mut best: Vec<Option<(f64, usize)>> = vec![None; n];
    let best_of = |areas: &Vec<Area>, i: usize| -> Option<(f64, usize)> {
        let ai = &areas[i];
        let mut b: Option<(f64, usize, usize)> = None;
        for (&j, &(tij, tji)) in &ai.nbr {
            if constrained && !ai.adj.contains(&j) {
                continue;
            }
            let aj = &areas[j];
            let s = pair_score(i, j, tij, tji, ai, aj);
            let (lo, hi) = (i.min(j), i.max(j));
            if better(s, lo, hi, b) {
                b = Some((s, lo, hi));
            }
        }
        b.map(|(s, lo, hi)| (s, if lo == i { hi } else { lo }))
    };
    for (i, b) in best.iter_mut().enumerate() {
        *b = best_of(&areas, i);
    }
    let mut merges = Vec::with_capacity(n.saturating_sub(1));
    let mut n_areas = n;
    loop {
        let mut g: Option<(f64, usize, usize)> = None;
        for i in 0..areas.len() {
            if !active[i] {
                continue;
            }
            if let Some((s, j)) = best[i] {
                let (lo, hi) = (i.min(j), i.max(j));
                if better(s, lo, hi, g) {
                    g = Some((s, lo, hi));
                }
            }
        }
        let Some((s, a, b)) = g else { break };
        let m = areas.len();
        let area_a = std::mem::take(&mut areas[a]);
        let area_b = std::mem::take(&mut areas[b]);
        active[a] = false;
        active[b] = false;
        best[a] = None;
        best[b] = None;
        let mut merged = Area {
            o: area_a.o + area_b.o,
            d: area_a.d + area_b.d,
            nbr: HashMap::with_capacity(area_a.nbr.len() + area_b.nbr.len()),
            adj: HashSet::new(),
        };
        for (&k, &(x, y)) in &area_a.nbr {
            if k != b {
                merged.nbr.insert(k, (x, y));
            }
        }
        for (&k, &(x, y)) in &area_b.nbr {
            if k != a {
                let e = merged.nbr.entry(k).or_insert((0.0, 0.0));
                e.0 += x;
                e.1 += y;
            }
        }
        if constrained {
            merged.adj = area_a
                .adj
                .union(&area_b.adj)
                .copied()
                .filter(|&k| k != a && k != b)
                .collect();
            for &k in &merged.adj {
                areas[k].adj.remove(&a);
                areas[k].adj.remove(&b);
                areas[k].adj.insert(m);
            }
        }
        let nbrs: Vec<(usize, (f64, f64))> = merged.nbr.iter().map(|(&k, &v)| (k, v)).collect();
        areas.push(merged);
        active.push(true);
        best.push(None);
        for &(k, (to_k, from_k)) in &nbrs {
            let ak = &mut areas[k];
            ak.nbr.remove(&a);
            ak.nbr.remove(&b);
            ak.nbr.insert(m, (from_k, to_k));
        }
        best[m] = best_of(&areas, m);
        // Neighbours: scores with m are new; those whose best was a or b rescan.
        let mut touched: HashSet<usize> = nbrs.iter().map(|e| e.0).collect();
        if constrained {
            touched.extend(areas[m].adj.iter().copied());
        }
        for i in 0..m {
            if active[i] {
                if let Some((_, p)) = best[i] {
                    if p == a || p == b {
                        touched.insert(i);
                    }
                }
            }
        }
        for k in touched {
            if !active[k] {
                continue;
            }
            if matches!(best[k], Some((_, p)) if p == a || p == b) || constrained {
                best[k] = best_of(&areas, k);
            } else if let Some(&(t_km, t_mk)) = areas[k].nbr.get(&m) {
                let sk = pair_score(k, m, t_km, t_mk, &areas[k], &areas[m]);
                let cur = best[k].map(|(s, p)| (s, k.min(p), k.max(p)));
                if better(sk, k.min(m), k.max(m), cur) {
                    best[k] = Some((sk, m));
                }
            }
        }
        n_areas -= 1;
        merges.push(Merge {
            a,
            b,
            score: s,
            n_areas,
        });
    }
    Ok(Dendrogram { n, merges })
}

/// The objective for areas i and j, computed in a fixed orientation (smaller
/// id first) so both directions give the identical float.
fn pair_score(i: usize, j: usize, tij: f64, tji: f64, ai: &Area, aj: &Area) -> f64 {
    if i < j {
        score(tij, tji, ai.o, aj.d, aj.o, ai.d)
    } else {
        score(tji, tij, aj.o, ai.d, ai.o, aj.d)
    }
}

impl Dendrogram {
    /// Fewest areas the dendrogram reaches.
    pub fn min_areas(&self) -> usize {
        self.n - self.merges.len()
    }

    /// The partition after the first `steps` merges.
    pub fn after_steps(&self, steps: usize) -> Partition {
        let total = self.n + self.merges.len();
        let mut parent: Vec<usize> = (0..total).collect();
        for (s, m) in self.merges.iter().take(steps).enumerate() {
            parent[m.a] = self.n + s;
            parent[m.b] = self.n + s;
        }
        let labels: Vec<usize> = (0..self.n)
            .map(|mut u| {
                while parent[u] != u {
                    u = parent[u];
                }
                u
            })
            .collect();
        Partition::from_labels(&labels)
    }

    /// The partition into `k` areas; fails when the flows (or the contiguity
    /// constraint) do not allow merging down to `k`.
    pub fn cut_k(&self, k: usize) -> Result<Partition> {
        if k == 0 || k > self.n {
            return Err(Error::InvalidValue {
                value: k.to_string(),
                expected: format!("a number of areas between 1 and {}", self.n),
                context: None,
            });
        }
        if k < self.min_areas() {
            return Err(Error::invalid(format!(
                "cannot cut at {k} areas: merging stops at {} areas because the flow graph \
                 (or the contiguity constraint) splits into groups that never interact; \
                 choose k >= {}",
                self.min_areas(),
                self.min_areas()
            )));
        }
        Ok(self.after_steps(self.n - k))
    }

    /// The first (finest) partition in which every area has self-containment
    /// min(T_kk/R_k, T_kk/W_k) of at least `level`, with the number of merges
    /// it took. Fails when even the last level does not reach it.
    pub fn cut_self_containment(&self, fm: &FlowMatrix, level: f64) -> Result<(Partition, usize)> {
        if !(0.0..=1.0).contains(&level) {
            return Err(Error::InvalidValue {
                value: level.to_string(),
                expected: "a self-containment level in [0, 1]".into(),
                context: None,
            });
        }
        let total = self.n + self.merges.len();
        let (mut r, mut w, mut t) = (vec![0.0; total], vec![0.0; total], vec![0.0; total]);
        r[..self.n].copy_from_slice(&fm.residents);
        w[..self.n].copy_from_slice(&fm.jobs);
        t[..self.n].copy_from_slice(&fm.internal);
        let mut label: Vec<usize> = (0..self.n).collect();
        let mut groups: Vec<Vec<usize>> = (0..total)
            .map(|i| if i < self.n { vec![i] } else { vec![] })
            .collect();
        let below =
            |i: usize, r: &[f64], w: &[f64], t: &[f64]| self_containment(t[i], r[i], w[i]) < level;
        let mut n_below = (0..self.n).filter(|&i| below(i, &r, &w, &t)).count();
        if n_below == 0 {
            return Ok((self.after_steps(0), 0));
        }
        for (s, m) in self.merges.iter().enumerate() {
            let id = self.n + s;
            // Internal flow of the union: both internals plus flows between them.
            let mut between = 0.0;
            let (small, big) = if groups[m.a].len() <= groups[m.b].len() {
                (m.a, m.b)
            } else {
                (m.b, m.a)
            };
            for &u in &groups[small] {
                for (v, x) in fm.outflows(u).chain(fm.inflows(u)) {
                    if label[v] == big {
                        between += x;
                    }
                }
            }
            n_below -= below(m.a, &r, &w, &t) as usize + below(m.b, &r, &w, &t) as usize;
            r[id] = r[m.a] + r[m.b];
            w[id] = w[m.a] + w[m.b];
            t[id] = t[m.a] + t[m.b] + between;
            let mut g = std::mem::take(&mut groups[m.a]);
            g.extend(std::mem::take(&mut groups[m.b]));
            for &u in &g {
                label[u] = id;
            }
            groups[id] = g;
            n_below += below(id, &r, &w, &t) as usize;
            if n_below == 0 {
                return Ok((self.after_steps(s + 1), s + 1));
            }
        }
        Err(Error::invalid(format!(
            "no level of the Intramax hierarchy reaches self-containment {level} in every area"
        )))
    }
}

/// Brute-force O(n³) Intramax on a dense matrix (rows: origins), for testing:
/// the same objective and tie rule as [`intramax`], recomputing every pair at
/// every step. `adj` is an optional dense symmetric adjacency.
#[allow(clippy::needless_range_loop)] // index loops mirror the textbook procedure
pub fn intramax_dense_reference(t: &[Vec<f64>], adj: Option<&[Vec<bool>]>) -> Vec<Merge> {
    let n = t.len();
    let mut ids: Vec<usize> = (0..n).collect();
    let mut m: Vec<Vec<f64>> = t.to_vec();
    let mut a: Vec<Vec<bool>> = match adj {
        Some(a) => a.to_vec(),
        None => vec![vec![true; n]; n],
    };
    let mut out = Vec::new();
    let mut next = n;
    while ids.len() > 1 {
        let k = ids.len();
        let o: Vec<f64> = (0..k).map(|i| m[i].iter().sum()).collect();
        let d: Vec<f64> = (0..k).map(|j| (0..k).map(|i| m[i][j]).sum()).collect();
        let mut best: Option<(f64, usize, usize)> = None;
        let mut at = (0, 0);
        for i in 0..k {
            for j in 0..k {
                if ids[i] >= ids[j] || !a[i][j] || m[i][j] + m[j][i] <= 0.0 {
                    continue;
                }
                let s = score(m[i][j], m[j][i], o[i], d[j], o[j], d[i]);
                if better(s, ids[i], ids[j], best) {
                    best = Some((s, ids[i], ids[j]));
                    at = (i, j);
                }
            }
        }
        let Some((s, lo, hi)) = best else { break };
        let (i, j) = at;
        // Merge row/col j into i, then remove j.
        for c in 0..k {
            m[i][c] += m[j][c];
        }
        for r in 0..k {
            m[r][i] += m[r][j];
        }
        for c in 0..k {
            a[i][c] = a[i][c] || a[j][c];
            a[c][i] = a[i][c];
        }
        m.remove(j);
        for row in &mut m {
            row.remove(j);
        }
        a.remove(j);
        for row in &mut a {
            row.remove(j);
        }
        ids.remove(j);
        let i = if j < i { i - 1 } else { i };
        ids[i] = next;
        next += 1;
        out.push(Merge {
            a: lo,
            b: hi,
            score: s,
            n_areas: ids.len(),
        });
    }
    out
}
