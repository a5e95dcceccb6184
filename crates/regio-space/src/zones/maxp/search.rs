//! The read-only setting of one max-p search, shared by construction and
//! local search: the graph, the compiled constraints, the objective, the
//! active units and the options; with the evaluations every phase uses
//! (feasibility of sums, slack, neighbouring zones, objective deltas).

use super::super::constraints::{Compiled, Objective};
use super::state::State;
use super::{MaxpOptions, OUT};
use regio_core::Graph;

/// What one search works on (read-only, shared by the parallel passes).
pub(super) struct Search<'a> {
    /// Symmetric neighbour graph.
    pub(super) g: &'a Graph,
    /// The constraints, compiled to linear forms.
    pub(super) comp: &'a Compiled,
    /// The objective minimised at the maximum p.
    pub(super) obj: &'a Objective,
    /// Units taking part (false: excluded with their component).
    pub(super) active: &'a [bool],
    /// Solver settings.
    pub(super) opts: &'a MaxpOptions,
}

impl Search<'_> {
    pub(super) fn feasible(&self, sums: &[f64]) -> bool {
        self.comp.lower_ok(sums) && self.comp.upper_ok(sums)
    }

    pub(super) fn with(&self, sums: &[f64], v: u32, out: &mut [f64]) {
        for (c, l) in self.comp.lin.iter().enumerate() {
            out[c] = sums[c] + l.coef[v as usize];
        }
    }

    /// Smallest normalised slack over the lower bounds (for choosing zones).
    pub(super) fn slack(&self, sums: &[f64]) -> f64 {
        self.comp
            .lin
            .iter()
            .enumerate()
            .filter(|(_, l)| l.lower)
            .map(|(c, l)| (sums[c] - l.bound) / l.scale)
            .fold(f64::INFINITY, f64::min)
    }

    pub(super) fn neighbour_zones(&self, st: &State, z: u32) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        for &u in &st.members[z as usize] {
            for &v in self.g.neighbors(u as usize) {
                let w = st.labels[v as usize];
                if w < OUT && w != z && !out.contains(&w) {
                    out.push(w);
                }
            }
        }
        out.sort_unstable();
        out
    }

    /// Objective increase when `u` joins zone `z`.
    pub(super) fn add_delta(&self, st: &State, u: u32, z: u32) -> f64 {
        self.unit_to_zone(st, u, z, u32::MAX)
    }

    /// Σ over members j ≠ skip of zone z of the objective link u–j
    /// (heterogeneity), or the inertia change (compactness).
    pub(super) fn unit_to_zone(&self, st: &State, u: u32, z: u32, skip: u32) -> f64 {
        let m = &st.members[z as usize];
        match self.obj {
            Objective::None => 0.0,
            Objective::Heterogeneity { names, values } => {
                let k = names.len();
                let xu = &values[u as usize * k..u as usize * k + k];
                let mut s = 0.0;
                for &j in m {
                    if j == skip || j == u {
                        continue;
                    }
                    let xj = &values[j as usize * k..j as usize * k + k];
                    for a in 0..k {
                        s += (xu[a] - xj[a]).abs();
                    }
                }
                s
            }
            Objective::Compactness { .. } => {
                let with: Vec<u32> = m.iter().copied().filter(|&j| j != skip && j != u).collect();
                let before = self.obj.zone_value(&with);
                let mut w2 = with;
                w2.push(u);
                self.obj.zone_value(&w2) - before
            }
        }
    }
}
