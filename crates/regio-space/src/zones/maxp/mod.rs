//! Max-p regionalisation with signed thresholds on a sparse neighbour graph.
//!
//! Method: the max-p-regions problem of Duque, Anselin & Rey (2012, J.
//! Regional Science 52(3)) and its heuristic (Wei, Rey & Knaap 2021,
//! "Efficient regionalization for spatially explicit neighborhood
//! delineation", IJGIS 35(1)): randomised region growing, enclave
//! assignment, then simulated annealing with a tabu list on the
//! heterogeneity. Extended here for signed sums (a zone's balance may go
//! down when a unit joins): growth is prioritised toward units that fix the
//! zone's deficit, enclave assignment re-checks every constraint, zones that
//! cannot absorb an enclave are merged, feasible zones are split again when
//! both parts stay feasible, and every local-search move keeps donor and
//! receiver feasible and contiguous. Only the CSR graph is used (memory
//! O(n + links)); construction passes run in parallel with per-pass seeds
//! (ChaCha8 stream = pass index) and the best pass is chosen by (p, objective,
//! pass index), so results do not depend on the thread count.
//!
//! The search is split by phase: `state` holds a partition under
//! construction (labels, member lists, per-zone constraint sums), `search`
//! the read-only setting every phase evaluates moves against (graph,
//! compiled constraints, objective, active units, options), `construct` one
//! construction pass (region growing, enclave assignment, repair, splitting)
//! and `local_search` the fixed-p merging and the simulated annealing.

mod construct;
mod local_search;
mod search;
mod state;

use super::baseline::greedy_baseline;
use super::constraints::{Compiled, Constraint, Objective};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use regio_core::{Error, Graph, Result};
use search::Search;
use state::State;

/// Label of a unit not yet in a zone.
const FREE: u32 = u32::MAX;
/// Label of a unit left to enclave assignment (it seeds no zone).
const ENCLAVE: u32 = u32::MAX - 1;
/// Label of an inactive unit (excluded with its component); zone labels
/// are below it.
const OUT: u32 = u32::MAX - 2;

/// What to do with connected components that cannot satisfy the constraints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ComponentPolicy {
    /// Fail with an error naming the components (default).
    #[default]
    Error,
    /// Leave their units without a zone (reported in [`Zoning::excluded`]).
    Exclude,
}

/// Solver settings.
#[derive(Debug, Clone, PartialEq)]
pub struct MaxpOptions {
    /// Seed of the random number generator.
    pub seed: u64,
    /// Construction passes (0 = automatic: 400,000 / n clamped to 8..=200).
    pub passes: usize,
    /// Growth picks randomly among the `top_n` best candidates.
    pub top_n: usize,
    /// Local-search move attempts per unit (0 disables local search).
    pub moves_per_unit: usize,
    /// How many of the best constructions get a local search.
    pub search_passes: usize,
    /// Try to split feasible zones into several feasible zones.
    pub split: bool,
    /// Fixed-p mode: merge down to exactly this many zones.
    pub fixed_p: Option<usize>,
    /// Infeasible components: error or exclude.
    pub components: ComponentPolicy,
}

impl Default for MaxpOptions {
    fn default() -> Self {
        MaxpOptions {
            seed: 0,
            passes: 0,
            top_n: 3,
            moves_per_unit: 60,
            search_passes: 4,
            split: true,
            fixed_p: None,
            components: ComponentPolicy::Error,
        }
    }
}

/// A max-p problem: neighbour graph, zone constraints, objective.
#[derive(Debug, Clone)]
pub struct Problem<'a> {
    /// Symmetric neighbour graph (contiguity).
    pub graph: &'a Graph,
    /// Constraints every zone must satisfy (at least one).
    pub constraints: Vec<Constraint>,
    /// Secondary objective minimised at the maximum p.
    pub objective: Objective,
}

/// The solver's answer with its diagnostics.
#[derive(Debug, Clone, PartialEq)]
pub struct Zoning {
    /// Zone (0-based) per unit; `None` for excluded units.
    pub labels: Vec<Option<u32>>,
    /// Number of zones.
    pub p: usize,
    /// Objective of the partition (0 when there is none).
    pub objective: f64,
    /// Best p reached by construction (+ splitting) before fixed-p merging.
    pub construction_p: usize,
    /// Construction passes run.
    pub passes: usize,
    /// Index of the pass that produced this answer (`passes`: the greedy
    /// merge heuristic's zoning, see [`solve`]).
    pub best_pass: usize,
    /// Local-search moves accepted on that pass.
    pub moves_accepted: usize,
    /// Units left out because their component is infeasible.
    pub excluded: Vec<usize>,
}

impl Zoning {
    /// Member lists per zone (units ascending).
    pub fn zones(&self) -> Vec<Vec<u32>> {
        let mut z = vec![Vec::new(); self.p];
        for (i, l) in self.labels.iter().enumerate() {
            if let Some(l) = l {
                z[*l as usize].push(i as u32);
            }
        }
        z
    }
}

/// A component that cannot satisfy a lower bound even as a single zone.
#[derive(Debug, Clone, PartialEq)]
pub struct InfeasibleComponent {
    /// Units of the component.
    pub units: Vec<usize>,
    /// The constraint (description) it breaks.
    pub constraint: String,
    /// The component's total of the constraint's linear form.
    pub total: f64,
    /// The bound it needs.
    pub bound: f64,
}

/// Components whose whole total misses a non-negative lower bound (so no
/// partition of them can work: p zones each ≥ b ≥ 0 sum to ≥ b).
pub fn infeasible_components(
    graph: &Graph,
    constraints: &[Constraint],
) -> Vec<InfeasibleComponent> {
    let n = graph.len();
    let comp = Compiled::new(constraints, n);
    let labels = graph.components();
    let nc = labels.iter().copied().max().map_or(0, |m| m + 1);
    let mut units = vec![Vec::new(); nc];
    for (i, &c) in labels.iter().enumerate() {
        units[c].push(i);
    }
    let mut out = Vec::new();
    for u in units {
        for (ci, l) in comp.lin.iter().enumerate() {
            if !l.lower || l.bound < 0.0 {
                continue;
            }
            let total: f64 = u.iter().map(|&i| l.coef[i]).sum();
            if total < l.bound - comp.tol(ci) {
                out.push(InfeasibleComponent {
                    units: u.clone(),
                    constraint: constraints[l.source].describe(),
                    total,
                    bound: l.bound,
                });
                break;
            }
        }
    }
    out
}

/// Solves the max-p problem (or fixed-p when `options.fixed_p` is set).
pub fn solve(problem: &Problem, options: &MaxpOptions) -> Result<Zoning> {
    let g = problem.graph;
    let n = g.len();
    if n == 0 {
        return Err(Error::invalid("max-p needs at least one unit"));
    }
    if problem.constraints.is_empty() {
        return Err(Error::invalid("max-p needs at least one zone constraint"));
    }
    if !g.is_symmetric() {
        return Err(Error::invalid(
            "the neighbour graph must be symmetric (undirected contiguity)",
        ));
    }
    for c in &problem.constraints {
        c.validate(n)?;
    }
    problem.objective.validate(n)?;
    let comp = Compiled::new(&problem.constraints, n);
    if let Some(&(u, c)) = comp.ineligible.first() {
        return Err(Error::invalid(format!(
            "unit #{u} can be in no zone: its {} value {} breaks {} ({} unit(s) do)",
            problem.constraints[c].name,
            problem.constraints[c].values[u],
            problem.constraints[c].describe(),
            comp.ineligible.len()
        )));
    }
    let mut active = vec![true; n];
    let mut excluded = Vec::new();
    let bad = infeasible_components(g, &problem.constraints);
    if !bad.is_empty() {
        match options.components {
            ComponentPolicy::Error => {
                let b = &bad[0];
                return Err(Error::invalid(format!(
                    "no feasible partition: {} connected component(s) cannot satisfy the constraints; \
                     e.g. the component of {} unit(s) starting at unit #{} totals {} for {} \
                     (needs {})",
                    bad.len(),
                    b.units.len(),
                    b.units[0],
                    b.total,
                    b.constraint,
                    b.bound
                )));
            }
            ComponentPolicy::Exclude => {
                for b in &bad {
                    for &u in &b.units {
                        active[u] = false;
                        excluded.push(u);
                    }
                }
                excluded.sort_unstable();
            }
        }
    }
    let n_active = active.iter().filter(|a| **a).count();
    if n_active == 0 {
        return Ok(Zoning {
            labels: vec![None; n],
            p: 0,
            objective: 0.0,
            construction_p: 0,
            passes: 0,
            best_pass: 0,
            moves_accepted: 0,
            excluded,
        });
    }
    let passes = if options.passes == 0 {
        (400_000 / n).clamp(8, 200)
    } else {
        options.passes
    };
    let search = Search {
        g,
        comp: &comp,
        obj: &problem.objective,
        active: &active,
        opts: options,
    };
    // Phase 1: constructions (growth, enclaves, repair, splitting) in parallel.
    let built: Vec<Option<State>> = (0..passes)
        .into_par_iter()
        .map(|pass| {
            let mut rng = pass_rng(options.seed, pass as u64);
            search.construct(pass, &mut rng)
        })
        .collect();
    // Portfolio: a net-zero problem (one constraint, SUM >= 0, every unit
    // active) also runs the greedy merge heuristic of [`greedy_baseline`]
    // with as many orders and the same seed. Its zoning joins the candidates
    // only when it has more zones than every construction pass, so the
    // answer never has fewer zones than that heuristic, and nothing changes
    // where it would not help.
    let mut built = built;
    let c0 = &problem.constraints[0];
    if n_active == n
        && problem.constraints.len() == 1
        && c0.aggregate == super::constraints::Aggregate::Sum
        && c0.lower == Some(0.0)
        && c0.upper.is_none()
    {
        let most = built.iter().flatten().map(|s| s.p()).max().unwrap_or(0);
        if let Some((labels, bp)) = greedy_baseline(g, &c0.values, passes, options.seed) {
            if bp > most {
                built.push(Some(State::from_labels(&labels, &comp)));
            }
        }
    }
    let best_p = built.iter().flatten().map(|s| s.p()).max();
    let Some(best_p) = best_p else {
        return Err(Error::invalid(
            "no feasible partition found: every construction pass broke a constraint \
             (upper bounds or ineligible units leave no way to complete the zones)",
        ));
    };
    let target = match options.fixed_p {
        Some(0) => return Err(Error::invalid("fixed p must be at least 1")),
        Some(t) if t > best_p => {
            return Err(Error::invalid(format!(
                "fixed p = {t} is not reachable: the most zones found is {best_p}"
            )))
        }
        Some(t) => t,
        None => best_p,
    };
    // Phase 2: local search on the best constructions.
    let mut cands: Vec<(f64, usize, State)> = built
        .into_iter()
        .enumerate()
        .filter_map(|(i, s)| s.filter(|s| s.p() == best_p).map(|s| (0.0, i, s)))
        .collect();
    for c in cands.iter_mut() {
        c.0 = c.2.objective(&problem.objective);
    }
    cands.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    cands.truncate(options.search_passes.max(1));
    let searched: Vec<(f64, usize, State, usize)> = cands
        .into_par_iter()
        .filter_map(|(_, pass, mut st)| {
            let mut rng = pass_rng(options.seed ^ 0x5eed_1ead, pass as u64);
            if st.p() > target && !search.merge_down(&mut st, target) {
                return None;
            }
            let acc = search.local_search(&mut st, &mut rng);
            Some((st.objective(&problem.objective), pass, st, acc))
        })
        .collect();
    let best = searched
        .into_iter()
        .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
        .ok_or_else(|| {
            Error::invalid(format!(
                "fixed p = {target}: merging zones down broke an upper bound in every pass"
            ))
        })?;
    let (objective, best_pass, st, moves_accepted) = best;
    // Renumber zones by their smallest unit.
    let zones = st.live_zones();
    let mut order: Vec<usize> = (0..zones.len()).collect();
    order.sort_by_key(|&z| zones[z].iter().min().copied().unwrap_or(u32::MAX));
    let mut labels = vec![None; n];
    for (new, &z) in order.iter().enumerate() {
        for &u in &zones[z] {
            labels[u as usize] = Some(new as u32);
        }
    }
    Ok(Zoning {
        labels,
        p: zones.len(),
        objective,
        construction_p: best_p,
        passes,
        best_pass,
        moves_accepted,
        excluded,
    })
}

fn pass_rng(seed: u64, stream: u64) -> ChaCha8Rng {
    let mut r = ChaCha8Rng::seed_from_u64(seed);
    r.set_stream(stream);
    r
}
