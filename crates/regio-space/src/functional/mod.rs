//! Functional regions from origin-destination flows: travel-to-work /
//! labour-market areas (Coombes & Bond 2008), Intramax hierarchical
//! regionalisation (Masser & Brown 1975), hub cities (Nystuen & Dacey 1961)
//! and inter-area linkage.
//!
//! All methods work on a [`FlowMatrix`]: a sparse, canonical (units sorted by
//! code, duplicate pairs summed) view of a flow set, so results do not depend
//! on the order in which units or flows are listed.

pub mod hubs;
pub mod intramax;
pub mod linkage;
pub mod ttwa;

use regio_core::{Error, Flows, Result};

/// Sparse origin-destination matrix over units sorted by code.
///
/// Row sums are the residents (outflows, including the unit's own
/// internal flow), column sums the jobs (inflows).
#[derive(Debug, Clone, PartialEq)]
pub struct FlowMatrix {
    /// Unit codes in canonical (sorted) order.
    pub codes: Vec<String>,
    /// Canonical index → index in the caller's region order.
    pub original: Vec<usize>,
    out_off: Vec<usize>,
    out_to: Vec<u32>,
    out_val: Vec<f64>,
    in_off: Vec<usize>,
    in_from: Vec<u32>,
    in_val: Vec<f64>,
    /// Internal (diagonal) flow per unit.
    pub internal: Vec<f64>,
    /// Row totals: residents / outflows including the internal flow.
    pub residents: Vec<f64>,
    /// Column totals: jobs / inflows including the internal flow.
    pub jobs: Vec<f64>,
}

impl FlowMatrix {
    /// Builds from a regio [`Flows`] set (one year, or all years summed when
    /// `year` is `None`). Rejects negative or non-finite values and indices
    /// outside the region set.
    pub fn from_flows(flows: &Flows, year: Option<i32>) -> Result<Self> {
        let codes = flows.regions.codes();
        let n = codes.len();
        let mut triples = Vec::with_capacity(flows.len());
        for k in 0..flows.len() {
            if year.is_some() && flows.year[k] != year {
                continue;
            }
            let (o, d, v) = (
                flows.origin[k] as usize,
                flows.destination[k] as usize,
                flows.value[k],
            );
            if o >= n || d >= n {
                return Err(Error::Shape(format!(
                    "flow entry {k} of {:?}: unit index ({o}, {d}) outside the {n} regions",
                    flows.name
                )));
            }
            triples.push((o, d, v));
        }
        Self::from_triples(codes, &triples)
            .map_err(|e| Error::invalid(format!("flows {:?}: {e}", flows.name)))
    }

    /// Builds from region codes and (origin index, destination index, value)
    /// triples in the order of `codes`.
    pub fn from_triples(codes: Vec<String>, triples: &[(usize, usize, f64)]) -> Result<Self> {
        let n = codes.len();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| codes[a].cmp(&codes[b]));
        for w in order.windows(2) {
            if codes[w[0]] == codes[w[1]] {
                return Err(Error::Duplicate {
                    what: "unit code".into(),
                    key: codes[w[0]].clone(),
                    context: None,
                });
            }
        }
        let mut canon = vec![0usize; n];
        for (c, &o) in order.iter().enumerate() {
            canon[o] = c;
        }
        let mut edges: Vec<(u32, u32, f64)> = Vec::with_capacity(triples.len());
        for (row, &(o, d, v)) in triples.iter().enumerate() {
            if o >= n || d >= n {
                return Err(Error::Shape(format!(
                    "flow {row}: unit index ({o}, {d}) outside the {n} units"
                )));
            }
            if !v.is_finite() || v < 0.0 {
                return Err(Error::InvalidValue {
                    value: v.to_string(),
                    expected: "a finite, non-negative flow".into(),
                    context: Some(format!("flow {row}: {} -> {}", codes[o], codes[d])),
                });
            }
            if v > 0.0 {
                edges.push((canon[o] as u32, canon[d] as u32, v));
            }
        }
        // Canonical order; ties (duplicate pairs) keep input order, then are
        // summed in that order.
        edges.sort_by_key(|e| (e.0, e.1));
        let mut agg: Vec<(u32, u32, f64)> = Vec::with_capacity(edges.len());
        for e in edges {
            match agg.last_mut() {
                Some(l) if l.0 == e.0 && l.1 == e.1 => l.2 += e.2,
                _ => agg.push(e),
            }
        }
        let sorted_codes: Vec<String> = order.iter().map(|&i| codes[i].clone()).collect();
        Ok(Self::from_canonical(sorted_codes, order, &agg))
    }

    /// Builds from (origin code, destination code, value) rows; unknown codes
    /// are rejected with the row number.
    pub fn from_coded(codes: Vec<String>, rows: &[(String, String, f64)]) -> Result<Self> {
        let index: std::collections::HashMap<&str, usize> = codes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.as_str(), i))
            .collect();
        let mut triples = Vec::with_capacity(rows.len());
        for (r, (o, d, v)) in rows.iter().enumerate() {
            let look = |c: &String| {
                index
                    .get(c.as_str())
                    .copied()
                    .ok_or_else(|| Error::UnknownRegion {
                        code: c.clone(),
                        context: Some(format!("flow row {}", r + 1)),
                    })
            };
            triples.push((look(o)?, look(d)?, *v));
        }
        Self::from_triples(codes, &triples)
    }

    fn from_canonical(codes: Vec<String>, original: Vec<usize>, agg: &[(u32, u32, f64)]) -> Self {
        let n = codes.len();
        let mut out_off = vec![0usize; n + 1];
        let mut in_off = vec![0usize; n + 1];
        let mut internal = vec![0.0; n];
        let mut residents = vec![0.0; n];
        let mut jobs = vec![0.0; n];
        for &(o, d, v) in agg {
            if o == d {
                internal[o as usize] = v;
            } else {
                out_off[o as usize + 1] += 1;
                in_off[d as usize + 1] += 1;
            }
            residents[o as usize] += v;
        }
        // Column sums in canonical (destination, origin) order.
        let mut by_dest: Vec<&(u32, u32, f64)> = agg.iter().collect();
        by_dest.sort_by_key(|e| (e.1, e.0));
        for e in &by_dest {
            jobs[e.1 as usize] += e.2;
        }
        for i in 0..n {
            out_off[i + 1] += out_off[i];
            in_off[i + 1] += in_off[i];
        }
        let m = out_off[n];
        let mut out_to = vec![0u32; m];
        let mut out_val = vec![0.0; m];
        let mut in_from = vec![0u32; m];
        let mut in_val = vec![0.0; m];
        let mut pos = out_off.clone();
        for &(o, d, v) in agg.iter().filter(|e| e.0 != e.1) {
            let p = &mut pos[o as usize];
            out_to[*p] = d;
            out_val[*p] = v;
            *p += 1;
        }
        let mut pos = in_off.clone();
        for e in by_dest.iter().filter(|e| e.0 != e.1) {
            let p = &mut pos[e.1 as usize];
            in_from[*p] = e.0;
            in_val[*p] = e.2;
            *p += 1;
        }
        FlowMatrix {
            codes,
            original,
            out_off,
            out_to,
            out_val,
            in_off,
            in_from,
            in_val,
            internal,
            residents,
            jobs,
        }
    }

    /// Number of units.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// True when there are no units.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// Off-diagonal outflows of unit `i`: (destination, value), destinations ascending.
    pub fn outflows(&self, i: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let r = self.out_off[i]..self.out_off[i + 1];
        self.out_to[r.clone()]
            .iter()
            .zip(&self.out_val[r])
            .map(|(&d, &v)| (d as usize, v))
    }

    /// Off-diagonal inflows of unit `i`: (origin, value), origins ascending.
    pub fn inflows(&self, i: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let r = self.in_off[i]..self.in_off[i + 1];
        self.in_from[r.clone()]
            .iter()
            .zip(&self.in_val[r])
            .map(|(&o, &v)| (o as usize, v))
    }

    /// Number of positive off-diagonal flows.
    pub fn n_links(&self) -> usize {
        self.out_to.len()
    }

    /// Sum of all flows.
    pub fn total(&self) -> f64 {
        self.residents.iter().sum()
    }

    /// Fails, naming the units, when some unit has no residents (no outflow)
    /// or no jobs (no inflow): self-containment and cohesion are undefined there.
    pub fn require_residents_and_jobs(&self) -> Result<()> {
        let bad: Vec<String> = (0..self.len())
            .filter(|&i| self.residents[i] <= 0.0 || self.jobs[i] <= 0.0)
            .map(|i| {
                format!(
                    "{} (residents {}, jobs {})",
                    self.codes[i], self.residents[i], self.jobs[i]
                )
            })
            .collect();
        if bad.is_empty() {
            return Ok(());
        }
        Err(Error::invalid(format!(
            "{} unit(s) with zero residents (outflows) or zero jobs (inflows): {}; \
             remove them from the flows or give them their internal flow",
            bad.len(),
            bad.iter().take(10).cloned().collect::<Vec<_>>().join(", ")
        )))
    }

    /// Connected components of the undirected graph of positive flows
    /// (labels numbered by first appearance in canonical order).
    pub fn components(&self) -> Vec<usize> {
        let n = self.len();
        let mut label = vec![usize::MAX; n];
        let mut next = 0;
        let mut stack = Vec::new();
        for s in 0..n {
            if label[s] != usize::MAX {
                continue;
            }
            label[s] = next;
            stack.push(s);
            while let Some(u) = stack.pop() {
                for (v, _) in self.outflows(u).chain(self.inflows(u)) {
                    if label[v] == usize::MAX {
                        label[v] = next;
                        stack.push(v);
                    }
                }
            }
            next += 1;
        }
        label
    }
}

/// Self-containment of an area: min(T_kk / R_k, T_kk / W_k) (Coombes & Bond
/// 2008; the "minimum self-containment" of ISTAT's LabourMarketAreas).
/// Zero when the area has no residents or no jobs.
pub fn self_containment(internal: f64, residents: f64, jobs: f64) -> f64 {
    if residents <= 0.0 || jobs <= 0.0 {
        return 0.0;
    }
    (internal / residents).min(internal / jobs)
}

/// A partition of the units of a [`FlowMatrix`] into areas, with per-area
/// totals; the common output of TTWA and Intramax cuts.
#[derive(Debug, Clone, PartialEq)]
pub struct Partition {
    /// Area index (0-based) per canonical unit.
    pub area: Vec<usize>,
    /// Member units (canonical indices, ascending) per area; areas are
    /// numbered by their smallest member.
    pub members: Vec<Vec<usize>>,
}

impl Partition {
    /// Builds from arbitrary labels per unit, renumbering areas by their
    /// smallest member.
    pub fn from_labels(labels: &[usize]) -> Self {
        let mut map = std::collections::HashMap::new();
        let mut area = vec![0; labels.len()];
        let mut members: Vec<Vec<usize>> = Vec::new();
        for (u, &l) in labels.iter().enumerate() {
            let a = *map.entry(l).or_insert_with(|| {
                members.push(Vec::new());
                members.len() - 1
            });
            area[u] = a;
            members[a].push(u);
        }
        Partition { area, members }
    }

    /// Number of areas.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// True when there are no areas.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Per-area (residents, jobs, internal flow), summing in canonical order.
    pub fn totals(&self, fm: &FlowMatrix) -> Vec<(f64, f64, f64)> {
        let mut t = vec![(0.0, 0.0, 0.0); self.len()];
        for u in 0..fm.len() {
            let a = self.area[u];
            t[a].0 += fm.residents[u];
            t[a].1 += fm.jobs[u];
            t[a].2 += fm.internal[u];
            for (v, x) in fm.outflows(u) {
                if self.area[v] == a {
                    t[a].2 += x;
                }
            }
        }
        t
    }
}

/// A synthetic commuting matrix from a seeded gravity generator (for tests
/// and benchmarks; not real data): `n` units placed uniformly in the unit
/// square with Pareto-distributed sizes, each keeping 35–80 % of its
/// commuters internal and sending the rest to `links_per_unit` destinations
/// drawn with weight size_j · exp(−d_ij / 0.05) (distance decay).
pub fn synthetic_commuting(n: usize, links_per_unit: usize, seed: u64) -> FlowMatrix {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let xy: Vec<(f64, f64)> = (0..n)
        .map(|_| (rng.random::<f64>(), rng.random::<f64>()))
        .collect();
    // Pareto(alpha = 1.2) sizes from 1,000 workers.
    let size: Vec<f64> = (0..n)
        .map(|_| 1000.0 * (1.0 - rng.random::<f64>()).powf(-1.0 / 1.2))
        .map(|s: f64| s.min(5.0e6).round())
        .collect();
    let mut triples = Vec::with_capacity(n * (links_per_unit + 1));
    let k = links_per_unit.min(n.saturating_sub(1));
    let mut keys: Vec<(f64, usize, f64)> = Vec::with_capacity(n);
    for i in 0..n {
        let stay = 0.35 + 0.45 * rng.random::<f64>();
        triples.push((i, i, (size[i] * stay).round().max(1.0)));
        keys.clear();
        for j in 0..n {
            if j == i {
                continue;
            }
            let d = ((xy[i].0 - xy[j].0).powi(2) + (xy[i].1 - xy[j].1).powi(2)).sqrt();
            let w = size[j] * (-d / 0.05).exp() + 1e-12;
            // Efraimidis–Spirakis weighted sampling without replacement.
            let u: f64 = rng.random::<f64>().max(f64::MIN_POSITIVE);
            keys.push((u.ln() / w, j, w));
        }
        keys.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let chosen = &keys[..k];
        let wsum: f64 = chosen.iter().map(|c| c.2).sum();
        let out = size[i] * (1.0 - stay);
        for c in chosen {
            let v = (out * c.2 / wsum).round();
            if v > 0.0 {
                triples.push((i, c.1, v));
            }
        }
    }
    let codes = (0..n).map(|i| format!("S{i:05}")).collect();
    FlowMatrix::from_triples(codes, &triples).expect("generated flows are valid")
}
