//! Travel-to-work areas / labour-market areas: the iterative dissolution
//! algorithm of Coombes & Bond (2008), "Travel-to-Work Areas: the 2007 review"
//! (ONS), as used for the ONS 2011 TTWAs and by ISTAT's LabourMarketAreas
//! (Franconi, D'Alò & Ichim 2016).
//!
//! Every unit starts as its own proto-area. Repeatedly, the proto-area with
//! the lowest validity is dissolved; its units, in decreasing order of their
//! links outside it, join the proto-area with which they have the highest
//! cohesion T_ij²/(R_i W_j) + T_ji²/(R_j W_i). A move that would lower the
//! receiving area's validity sends the unit to a reserve list; reserve units
//! join their best partner unconditionally once the dissolution is done.
//! The procedure stops when every proto-area is valid.

use super::{self_containment, FlowMatrix, Partition};
use regio_core::{Error, Result};

/// The four parameters of the size / self-containment trade-off
/// (Coombes & Bond 2008).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TtwaParams {
    /// Minimum size (residents) of an area.
    pub min_size: f64,
    /// Minimum self-containment, required of areas of at least `target_size`.
    pub min_sc: f64,
    /// Target size: areas at least this large need only `min_sc`.
    pub target_size: f64,
    /// Target self-containment, required of areas of `min_size`.
    pub target_sc: f64,
}

impl TtwaParams {
    /// The ONS 2011 travel-to-work-area parameters: 3,500 / 0.667 / 25,000 / 0.75.
    pub const ONS_2011: TtwaParams = TtwaParams {
        min_size: 3500.0,
        min_sc: 0.667,
        target_size: 25000.0,
        target_sc: 0.75,
    };

    /// Checks 0 < min_size < target_size and 0 < min_sc ≤ target_sc ≤ 1.
    pub fn validate(&self) -> Result<()> {
        let p = self;
        let ok = p.min_size.is_finite()
            && p.target_size.is_finite()
            && p.min_size > 0.0
            && p.min_size < p.target_size
            && p.min_sc > 0.0
            && p.min_sc <= p.target_sc
            && p.target_sc <= 1.0;
        if ok {
            Ok(())
        } else {
            Err(Error::InvalidValue {
                value: format!(
                    "{},{},{},{}",
                    p.min_size, p.min_sc, p.target_size, p.target_sc
                ),
                expected: "TTWA parameters minSZ,minSC,tarSZ,tarSC with 0 < minSZ < tarSZ and \
                           0 < minSC <= tarSC <= 1 (e.g. 3500,0.667,25000,0.75)"
                    .into(),
                context: None,
            })
        }
    }

    /// Validity of an area of `size` residents and self-containment `sc`;
    /// the area is valid when this is at least 1.
    ///
    /// As in LabourMarketAreas: Y = min(SC / tarSC, 1),
    /// s = max((tarSZ − size) / (tarSZ − minSZ), 0), Z = 1 − (1 − minSC/tarSC)·s,
    /// validity = Y·Z·tarSC/minSC, and 1 for a fully self-contained area.
    pub fn validity(&self, size: f64, sc: f64) -> f64 {
        // A closed area (all flows internal) is valid whatever its size; the
        // tolerance absorbs rounding in summed totals.
        if sc >= 1.0 - 1e-12 {
            return 1.0;
        }
        let y = (sc / self.target_sc).min(1.0);
        let s = ((self.target_size - size) / (self.target_size - self.min_size)).max(0.0);
        let z = 1.0 - (1.0 - self.min_sc / self.target_sc) * s;
        y * z * self.target_sc / self.min_sc
    }
}

/// A TTWA result: the partition, per-area statistics and run diagnostics.
#[derive(Debug, Clone, PartialEq)]
pub struct TtwaResult {
    /// The areas.
    pub partition: Partition,
    /// Residents (row totals) per area.
    pub residents: Vec<f64>,
    /// Jobs (column totals) per area.
    pub jobs: Vec<f64>,
    /// Internal flow per area.
    pub internal: Vec<f64>,
    /// Self-containment per area.
    pub sc: Vec<f64>,
    /// Validity per area (≥ 1 for every area).
    pub validity: Vec<f64>,
    /// Number of dissolutions performed.
    pub iterations: usize,
    /// Units that were sent to the reserve list at least once (canonical indices).
    pub reserve_events: usize,
    /// Units without any flow link to another area, kept as closed areas.
    pub closed_units: Vec<usize>,
}

struct State<'a> {
    fm: &'a FlowMatrix,
    p: TtwaParams,
    cluster_of: Vec<usize>,
    members: Vec<Vec<usize>>,
    res: Vec<f64>,
    jobs: Vec<f64>,
    internal: Vec<f64>,
    active: Vec<bool>,
    closed: Vec<bool>,
    // scratch for cohesion: flow unit→cluster and cluster→unit
    t_out: Vec<f64>,
    t_in: Vec<f64>,
    touched: Vec<usize>,
}

const NONE: usize = usize::MAX;

impl State<'_> {
    fn validity(&self, c: usize) -> f64 {
        let sc = self_containment(self.internal[c], self.res[c], self.jobs[c]);
        self.p.validity(self.res[c], sc)
    }

    /// Best receiving cluster for unit `u` by cohesion, with the flows
    /// u→cluster and cluster→u. Ties go to the smallest cluster id.
    fn best_cohesion(&mut self, u: usize) -> Option<(usize, f64, f64)> {
        let fm = self.fm;
        for (v, x) in fm.outflows(u) {
            let c = self.cluster_of[v];
            if c == NONE {
                continue;
            }
            if self.t_out[c] == 0.0 && self.t_in[c] == 0.0 {
                self.touched.push(c);
            }
            self.t_out[c] += x;
        }
        for (v, x) in fm.inflows(u) {
            let c = self.cluster_of[v];
            if c == NONE {
                continue;
            }
            if self.t_out[c] == 0.0 && self.t_in[c] == 0.0 {
                self.touched.push(c);
            }
            self.t_in[c] += x;
        }
        self.touched.sort_unstable();
        let (ru, wu) = (fm.residents[u], fm.jobs[u]);
        let mut best: Option<(usize, f64, f64, f64)> = None;
        for &c in &self.touched {
            let (a, b) = (self.t_out[c], self.t_in[c]);
            let coh = a * a / (ru * self.jobs[c]) + b * b / (self.res[c] * wu);
            if best.is_none_or(|bst| coh > bst.1) {
                best = Some((c, coh, a, b));
            }
        }
        for &c in &self.touched {
            self.t_out[c] = 0.0;
            self.t_in[c] = 0.0;
        }
        self.touched.clear();
        best.map(|(c, _, a, b)| (c, a, b))
    }

    fn join(&mut self, u: usize, c: usize, to_c: f64, from_c: f64) {
        self.internal[c] += self.fm.internal[u] + to_c + from_c;
        self.res[c] += self.fm.residents[u];
        self.jobs[c] += self.fm.jobs[u];
        self.members[c].push(u);
        self.cluster_of[u] = c;
    }
}

/// Runs the TTWA algorithm on `fm` with parameters `p`.
///
/// Fails on invalid parameters and on units with zero residents or jobs.
/// Units whose flows all stay among themselves end up as closed areas.
pub fn ttwa(fm: &FlowMatrix, p: TtwaParams) -> Result<TtwaResult> {
    p.validate()?;
    if fm.is_empty() {
        return Err(Error::invalid("TTWA needs at least one unit with flows"));
    }
    fm.require_residents_and_jobs()?;
    let n = fm.len();
    let mut st = State {
        fm,
        p,
        cluster_of: (0..n).collect(),
        members: (0..n).map(|u| vec![u]).collect(),
        res: fm.residents.clone(),
        jobs: fm.jobs.clone(),
        internal: fm.internal.clone(),
        active: vec![true; n],
        closed: vec![false; n],
        t_out: vec![0.0; n],
        t_in: vec![0.0; n],
        touched: Vec::new(),
    };
    let mut iterations = 0;
    let mut reserve_events = 0;
    let mut in_dissolved = vec![false; n];
    loop {
        // The least valid proto-area (ties: smallest id).
        let mut worst: Option<(usize, f64)> = None;
        for c in 0..n {
            if st.active[c] && !st.closed[c] {
                let v = st.validity(c);
                if worst.is_none_or(|w| v < w.1) {
                    worst = Some((c, v));
                }
            }
        }
        let Some((c, v)) = worst else { break };
        if v >= 1.0 {
            break;
        }
        iterations += 1;
        // Dissolve c.
        let units = std::mem::take(&mut st.members[c]);
        st.active[c] = false;
        for &u in &units {
            in_dissolved[u] = true;
        }
        // Order: inflow from outside the dissolved area + residents − internal
        // flow, descending (LabourMarketAreas' regrouping order); ties by unit.
        let mut keyed: Vec<(f64, usize)> = units
            .iter()
            .map(|&u| {
                let outside: f64 = fm
                    .inflows(u)
                    .filter(|&(o, _)| !in_dissolved[o])
                    .map(|x| x.1)
                    .sum();
                (outside + fm.residents[u] - fm.internal[u], u)
            })
            .collect();
        keyed.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        for &u in &units {
            st.cluster_of[u] = NONE;
            in_dissolved[u] = false;
        }
        let mut reserve = Vec::new();
        for &(_, u) in &keyed {
            match st.best_cohesion(u) {
                Some((t, to_t, from_t)) => {
                    let before = st.validity(t);
                    let sc_after = self_containment(
                        st.internal[t] + fm.internal[u] + to_t + from_t,
                        st.res[t] + fm.residents[u],
                        st.jobs[t] + fm.jobs[u],
                    );
                    let after = p.validity(st.res[t] + fm.residents[u], sc_after);
                    if after >= before {
                        st.join(u, t, to_t, from_t);
                    } else {
                        reserve.push(u);
                        reserve_events += 1;
                    }
                }
                None => reserve.push(u),
            }
        }
        // Reserve list: each unit joins its best partner unconditionally.
        loop {
            let mut left = Vec::new();
            let before = reserve.len();
            for u in reserve {
                match st.best_cohesion(u) {
                    Some((t, a, b)) => st.join(u, t, a, b),
                    None => left.push(u),
                }
            }
            reserve = left;
            if reserve.is_empty() || reserve.len() == before {
                break;
            }
        }
        // Units left have no link to any area: group them by their links
        // among themselves into closed areas.
        if !reserve.is_empty() {
            reserve.sort_unstable();
            for &u in &reserve {
                if st.cluster_of[u] != NONE {
                    continue;
                }
                // BFS over links within the reserve.
                st.cluster_of[u] = u;
                st.members[u] = vec![u];
                st.res[u] = fm.residents[u];
                st.jobs[u] = fm.jobs[u];
                st.internal[u] = fm.internal[u];
                st.active[u] = true;
                st.closed[u] = true;
                let mut stack = vec![u];
                while let Some(x) = stack.pop() {
                    let nbrs: Vec<usize> =
                        fm.outflows(x).chain(fm.inflows(x)).map(|e| e.0).collect();
                    for y in nbrs {
                        if st.cluster_of[y] == NONE {
                            let (a, b) = flows_between(fm, y, &st.cluster_of, u);
                            st.join(y, u, a, b);
                            stack.push(y);
                        }
                    }
                }
            }
        }
    }
    // Assemble the partition.
    let labels = st.cluster_of.clone();
    let partition = Partition::from_labels(&labels);
    let totals = partition.totals(fm);
    let residents: Vec<f64> = totals.iter().map(|t| t.0).collect();
    let jobs: Vec<f64> = totals.iter().map(|t| t.1).collect();
    let internal: Vec<f64> = totals.iter().map(|t| t.2).collect();
    let sc: Vec<f64> = totals
        .iter()
        .map(|t| self_containment(t.2, t.0, t.1))
        .collect();
    let validity = (0..partition.len())
        .map(|a| p.validity(residents[a], sc[a]))
        .collect();
    let closed_units = (0..n).filter(|&u| st.closed[st.cluster_of[u]]).collect();
    Ok(TtwaResult {
        partition,
        residents,
        jobs,
        internal,
        sc,
        validity,
        iterations,
        reserve_events,
        closed_units,
    })
}

/// Flows from unit `y` into cluster `c` and from `c` into `y`.
fn flows_between(fm: &FlowMatrix, y: usize, cluster_of: &[usize], c: usize) -> (f64, f64) {
    let a = fm
        .outflows(y)
        .filter(|&(v, _)| cluster_of[v] == c)
        .map(|e| e.1)
        .sum();
    let b = fm
        .inflows(y)
        .filter(|&(v, _)| cluster_of[v] == c)
        .map(|e| e.1)
        .sum();
    (a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validity_corners() {
        let p = TtwaParams::ONS_2011;
        // At the target size only minSC is needed: 0.667/0.75 * 1 * 0.75/0.667 = 1.
        assert!((p.validity(25000.0, 0.667) - 1.0).abs() < 1e-12);
        // At the minimum size the target SC is needed: s = 1, Z = 0.667/0.75,
        // validity = (0.75/0.75) * (0.667/0.75) * (0.75/0.667) = 1.
        assert!((p.validity(3500.0, 0.75) - 1.0).abs() < 1e-12);
        assert!(p.validity(3500.0, 0.70) < 1.0);
        assert_eq!(p.validity(10.0, 1.0), 1.0);
        assert!(TtwaParams { min_size: 5.0, ..p }.validate().is_ok());
        assert!(TtwaParams {
            min_size: 30000.0,
            ..p
        }
        .validate()
        .is_err());
        assert!(TtwaParams {
            target_sc: 1.5,
            ..p
        }
        .validate()
        .is_err());
    }
}
