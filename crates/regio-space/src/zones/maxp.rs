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

use super::baseline::greedy_baseline;
use super::constraints::{Compiled, Constraint, Objective};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use regio_core::{Error, Graph, Result};

/// Extra stopping rule of a growth (split mode): members, sums → done.
type UntilFn<'a> = dyn FnMut(&[u32], &[f64]) -> bool + 'a;

const FREE: u32 = u32::MAX;
const ENCLAVE: u32 = u32::MAX - 1;
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
    let ctx = Ctx {
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
            ctx.construct(pass, &mut rng)
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
            if st.p() > target && !ctx.merge_down(&mut st, target) {
                return None;
            }
            let acc = ctx.local_search(&mut st, &mut rng);
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

/// A partition under construction.
#[derive(Debug, Clone)]
struct State {
    labels: Vec<u32>,
    members: Vec<Vec<u32>>,
    sums: Vec<Vec<f64>>,
    /// Position of each unit in its zone's member list.
    pos: Vec<u32>,
}

impl State {
    /// A complete partition from zone labels (any ids), zones numbered in
    /// order of their first unit.
    fn from_labels(labels: &[u32], comp: &Compiled) -> State {
        let n = labels.len();
        let mut st = State {
            labels: vec![FREE; n],
            members: Vec::new(),
            sums: Vec::new(),
            pos: vec![0; n],
        };
        let mut zone_of: std::collections::HashMap<u32, u32> = std::collections::HashMap::new();
        for (u, &l) in labels.iter().enumerate() {
            let z = *zone_of.entry(l).or_insert_with(|| {
                st.members.push(Vec::new());
                st.sums.push(vec![0.0; comp.lin.len()]);
                (st.members.len() - 1) as u32
            });
            st.add(u as u32, z, comp);
        }
        st
    }

    fn p(&self) -> usize {
        self.members.iter().filter(|m| !m.is_empty()).count()
    }

    fn live_zones(&self) -> Vec<Vec<u32>> {
        self.members
            .iter()
            .filter(|m| !m.is_empty())
            .cloned()
            .collect()
    }

    fn objective(&self, obj: &Objective) -> f64 {
        self.members.iter().map(|m| obj.zone_value(m)).sum()
    }

    fn new_zone(&mut self, members: Vec<u32>, sums: Vec<f64>) -> u32 {
        let z = self.members.len() as u32;
        for (k, &u) in members.iter().enumerate() {
            self.labels[u as usize] = z;
            self.pos[u as usize] = k as u32;
        }
        self.members.push(members);
        self.sums.push(sums);
        z
    }

    fn add(&mut self, u: u32, z: u32, comp: &Compiled) {
        self.labels[u as usize] = z;
        self.pos[u as usize] = self.members[z as usize].len() as u32;
        self.members[z as usize].push(u);
        for (c, l) in comp.lin.iter().enumerate() {
            self.sums[z as usize][c] += l.coef[u as usize];
        }
    }

    fn remove(&mut self, u: u32, comp: &Compiled) {
        let z = self.labels[u as usize] as usize;
        let k = self.pos[u as usize] as usize;
        let m = &mut self.members[z];
        m.swap_remove(k);
        if k < m.len() {
            self.pos[m[k] as usize] = k as u32;
        }
        for (c, l) in comp.lin.iter().enumerate() {
            self.sums[z][c] -= l.coef[u as usize];
        }
        self.labels[u as usize] = FREE;
    }

    /// Moves all of zone `from` into zone `to`.
    fn merge(&mut self, from: u32, to: u32) {
        let moved = std::mem::take(&mut self.members[from as usize]);
        let s = std::mem::take(&mut self.sums[from as usize]);
        for &u in &moved {
            self.labels[u as usize] = to;
            self.pos[u as usize] = self.members[to as usize].len() as u32;
            self.members[to as usize].push(u);
        }
        for (a, b) in self.sums[to as usize].iter_mut().zip(s) {
            *a += b;
        }
    }
}

struct Ctx<'a> {
    g: &'a Graph,
    comp: &'a Compiled,
    obj: &'a Objective,
    active: &'a [bool],
    opts: &'a MaxpOptions,
}

/// Scratch space for region growing.
struct Grow {
    mark: Vec<u32>,
    stamp: u32,
}

impl Grow {
    fn new(n: usize) -> Self {
        Grow {
            mark: vec![0; n],
            stamp: 0,
        }
    }
    fn next(&mut self) {
        self.stamp = self.stamp.wrapping_add(2);
        if self.stamp < 2 {
            self.mark.iter_mut().for_each(|m| *m = 0);
            self.stamp = 2;
        }
    }
    /// stamp = in zone, stamp + 1 = on the frontier.
    fn in_zone(&self, u: u32) -> bool {
        self.mark[u as usize] == self.stamp
    }
    fn seen(&self, u: u32) -> bool {
        self.mark[u as usize] >= self.stamp
    }
}

impl Ctx<'_> {
    fn feasible(&self, sums: &[f64]) -> bool {
        self.comp.lower_ok(sums) && self.comp.upper_ok(sums)
    }

    /// Deficit-fixing score of adding unit `v` (higher is better):
    /// Σ over unmet lower bounds of min(a_v / deficit, 1).
    fn score(&self, sums: &[f64], v: u32) -> f64 {
        let mut s = 0.0;
        for (c, l) in self.comp.lin.iter().enumerate() {
            if l.lower {
                let def = l.bound - sums[c];
                if def > self.comp.tol(c) {
                    s += (l.coef[v as usize] / def).min(1.0);
                }
            }
        }
        s
    }

    /// Normalised overshoot over the lower bounds once feasible.
    fn overshoot(&self, sums: &[f64], v: u32) -> f64 {
        self.comp
            .lin
            .iter()
            .enumerate()
            .filter(|(_, l)| l.lower)
            .map(|(c, l)| (sums[c] + l.coef[v as usize] - l.bound) / l.scale)
            .sum()
    }

    fn with(&self, sums: &[f64], v: u32, out: &mut [f64]) {
        for (c, l) in self.comp.lin.iter().enumerate() {
            out[c] = sums[c] + l.coef[v as usize];
        }
    }

    /// Grows a zone from `seed` over units accepted by `allowed` until it is
    /// feasible; with `until` given, keeps growing (feasibly, taking the
    /// most negative units) until `until(members, sums)` holds.
    #[allow(clippy::too_many_arguments)]
    fn grow(
        &self,
        seed: u32,
        allowed: &dyn Fn(u32) -> bool,
        tight: bool,
        top_n: usize,
        rng: &mut ChaCha8Rng,
        sc: &mut Grow,
        until: Option<&mut UntilFn<'_>>,
    ) -> Option<(Vec<u32>, Vec<f64>)> {
        let nl = self.comp.lin.len();
        sc.next();
        let mut members = vec![seed];
        let mut sums: Vec<f64> = self
            .comp
            .lin
            .iter()
            .map(|l| l.coef[seed as usize])
            .collect();
        sc.mark[seed as usize] = sc.stamp;
        let mut frontier: Vec<u32> = Vec::new();
        let push_nb = |u: u32, frontier: &mut Vec<u32>, sc: &mut Grow| {
            for &v in self.g.neighbors(u as usize) {
                if !sc.seen(v) && allowed(v) {
                    sc.mark[v as usize] = sc.stamp + 1;
                    frontier.push(v);
                }
            }
        };
        push_nb(seed, &mut frontier, sc);
        let mut tmp = vec![0.0; nl];
        let mut until = until;
        let mut top: Vec<(f64, usize)> = Vec::with_capacity(top_n + 1);
        loop {
            let feas = self.feasible(&sums);
            if feas {
                match until.as_mut() {
                    None => return Some((members, sums)),
                    Some(f) => {
                        if f(&members, &sums) {
                            return Some((members, sums));
                        }
                    }
                }
            }
            if frontier.is_empty() {
                return None;
            }
            let caps_ok = self.comp.upper_ok(&sums);
            let mut pick: Option<usize> = None;
            if feas {
                // Already feasible (split mode): take the unit with the most
                // negative normalised contribution that keeps the zone feasible.
                let mut best = f64::INFINITY;
                for (k, &v) in frontier.iter().enumerate() {
                    self.with(&sums, v, &mut tmp);
                    if !self.feasible(&tmp) {
                        continue;
                    }
                    let c: f64 = self
                        .comp
                        .lin
                        .iter()
                        .filter(|l| l.lower)
                        .map(|l| l.coef[v as usize] / l.scale)
                        .sum();
                    if c < best {
                        best = c;
                        pick = Some(k);
                    }
                }
            }
            if pick.is_none() && tight {
                // A candidate that completes the zone with the least overshoot.
                let mut best = f64::INFINITY;
                for (k, &v) in frontier.iter().enumerate() {
                    self.with(&sums, v, &mut tmp);
                    if self.feasible(&tmp) {
                        let o = self.overshoot(&sums, v);
                        if o < best {
                            best = o;
                            pick = Some(k);
                        }
                    }
                }
            }
            if pick.is_none() {
                top.clear();
                for (k, &v) in frontier.iter().enumerate() {
                    if caps_ok {
                        self.with(&sums, v, &mut tmp);
                        if !self.comp.upper_ok(&tmp) {
                            continue;
                        }
                    }
                    let s = self.score(&sums, v);
                    if top.len() < top_n || s > top[top.len() - 1].0 {
                        let at = top.iter().position(|t| s > t.0).unwrap_or(top.len());
                        top.insert(at, (s, k));
                        top.truncate(top_n);
                    }
                }
                if top.is_empty() {
                    return None;
                }
                pick = Some(top[rng.random_range(0..top.len())].1);
            }
            let k = pick.expect("a candidate was picked");
            let v = frontier.swap_remove(k);
            sc.mark[v as usize] = sc.stamp;
            members.push(v);
            for (c, l) in self.comp.lin.iter().enumerate() {
                sums[c] += l.coef[v as usize];
            }
            push_nb(v, &mut frontier, sc);
        }
    }

    fn construct(&self, pass: usize, rng: &mut ChaCha8Rng) -> Option<State> {
        let n = self.g.len();
        let opts = self.opts;
        let tight = pass % 3 != 2;
        let top_n = if pass.is_multiple_of(4) {
            1
        } else {
            opts.top_n.max(1)
        };
        let mut st = State {
            labels: (0..n)
                .map(|i| if self.active[i] { FREE } else { OUT })
                .collect(),
            members: Vec::new(),
            sums: Vec::new(),
            pos: vec![0; n],
        };
        let mut order: Vec<u32> = (0..n as u32).filter(|&i| self.active[i as usize]).collect();
        order.shuffle(rng);
        // Sink-first seeding (every third pass): units contributing most to
        // the lower bounds seed first (a stable sort keeps the random order
        // among ties) and units contributing nothing never seed: they join
        // zones as enclaves.
        let sink_first = pass % 3 == 1;
        let contrib: Vec<f64> = if sink_first {
            (0..n)
                .map(|i| {
                    self.comp
                        .lin
                        .iter()
                        .filter(|l| l.lower)
                        .map(|l| l.coef[i] / l.scale)
                        .sum()
                })
                .collect()
        } else {
            Vec::new()
        };
        if sink_first {
            order.sort_by(|a, b| contrib[*b as usize].total_cmp(&contrib[*a as usize]));
        }
        // Enclaves go to the feasible zone with the least objective increase,
        // or (every other pass, and without an objective) with the most slack.
        let by_objective = !self.obj.is_none() && pass.is_multiple_of(2);
        let mut sc = Grow::new(n);
        // 1. Region growing.
        for &s in &order {
            if st.labels[s as usize] != FREE {
                continue;
            }
            if sink_first && contrib[s as usize] <= 0.0 {
                st.labels[s as usize] = ENCLAVE;
                continue;
            }
            let labels = &st.labels;
            let allowed = |v: u32| labels[v as usize] == FREE;
            match self.grow(s, &allowed, tight, top_n, rng, &mut sc, None) {
                Some((m, sums)) => {
                    st.new_zone(m, sums);
                }
                None => {
                    // Mark the failed zone's units as enclaves (never seeds again).
                    let failed: Vec<u32> = (0..n as u32).filter(|&u| sc.in_zone(u)).collect();
                    for u in failed {
                        st.labels[u as usize] = ENCLAVE;
                    }
                }
            }
        }
        // 2. Enclave assignment: breadth-first from the zones, every
        //    constraint re-checked; a unit no zone can absorb feasibly goes to
        //    the zone with the most slack, which is then repaired by merging.
        let mut queue: Vec<u32> = order
            .iter()
            .copied()
            .filter(|&u| {
                st.labels[u as usize] == ENCLAVE
                    && self
                        .g
                        .neighbors(u as usize)
                        .iter()
                        .any(|&v| st.labels[v as usize] < OUT)
            })
            .collect();
        let mut queued = vec![false; n];
        for &u in &queue {
            queued[u as usize] = true;
        }
        let mut broken: Vec<u32> = Vec::new();
        let mut head = 0;
        let mut tmp = vec![0.0; self.comp.lin.len()];
        loop {
            while head < queue.len() {
                let u = queue[head];
                head += 1;
                let mut best: Option<(u32, bool, f64)> = None;
                for &v in self.g.neighbors(u as usize) {
                    let z = st.labels[v as usize];
                    if z >= OUT {
                        continue;
                    }
                    self.with(&st.sums[z as usize], u, &mut tmp);
                    let ok = self.feasible(&tmp);
                    let key = if ok && by_objective {
                        -self.add_delta(&st, u, z)
                    } else {
                        self.slack(&tmp)
                    };
                    let better = match best {
                        None => true,
                        Some((_, bok, bkey)) => (ok && !bok) || (ok == bok && key > bkey),
                    };
                    if better {
                        best = Some((z, ok, key));
                    }
                }
                let (z, ok, _) = best.expect("queued units touch a zone");
                st.add(u, z, self.comp);
                if !ok {
                    broken.push(z);
                }
                for &v in self.g.neighbors(u as usize) {
                    if st.labels[v as usize] == ENCLAVE && !queued[v as usize] {
                        queued[v as usize] = true;
                        queue.push(v);
                    }
                }
            }
            // Units whose whole component formed no zone: one zone of them.
            let Some(s) = order
                .iter()
                .copied()
                .find(|&u| st.labels[u as usize] == ENCLAVE)
            else {
                break;
            };
            let mut comp_units = vec![s];
            st.labels[s as usize] = FREE;
            let mut k = 0;
            while k < comp_units.len() {
                let u = comp_units[k];
                k += 1;
                for &v in self.g.neighbors(u as usize) {
                    if st.labels[v as usize] == ENCLAVE {
                        st.labels[v as usize] = FREE;
                        comp_units.push(v);
                    }
                }
            }
            let sums = self.comp.sums(&comp_units);
            let ok = self.feasible(&sums);
            let z = st.new_zone(comp_units.clone(), sums);
            if !ok {
                broken.push(z);
            }
            for &u in &comp_units {
                for &v in self.g.neighbors(u as usize) {
                    if st.labels[v as usize] == ENCLAVE && !queued[v as usize] {
                        queued[v as usize] = true;
                        queue.push(v);
                    }
                }
            }
        }
        // 3. Repair: merge zones breaking a lower bound into the neighbouring
        //    zone that leaves the most slack.
        while let Some(z) = broken.pop() {
            if st.members[z as usize].is_empty() || self.comp.lower_ok(&st.sums[z as usize]) {
                continue;
            }
            let nbz = self.neighbour_zones(&st, z);
            let mut best: Option<(u32, bool, f64)> = None;
            for w in nbz {
                for (c, t) in tmp.iter_mut().enumerate() {
                    *t = st.sums[z as usize][c] + st.sums[w as usize][c];
                }
                let up = self.comp.upper_ok(&tmp);
                let key = self.slack(&tmp);
                let better = match best {
                    None => true,
                    Some((_, bup, bkey)) => (up && !bup) || (up == bup && key > bkey),
                };
                if better {
                    best = Some((w, up, key));
                }
            }
            let (w, _, _) = best?;
            st.merge(z, w);
            broken.push(w);
        }
        if !st
            .members
            .iter()
            .zip(&st.sums)
            .all(|(m, s)| m.is_empty() || self.feasible(s))
        {
            return None;
        }
        // 4. Split zones into several feasible zones where possible.
        if opts.split {
            self.split_all(&mut st, rng, &mut sc);
        }
        Some(st)
    }

    /// Smallest normalised slack over the lower bounds (for choosing zones).
    fn slack(&self, sums: &[f64]) -> f64 {
        self.comp
            .lin
            .iter()
            .enumerate()
            .filter(|(_, l)| l.lower)
            .map(|(c, l)| (sums[c] - l.bound) / l.scale)
            .fold(f64::INFINITY, f64::min)
    }

    fn neighbour_zones(&self, st: &State, z: u32) -> Vec<u32> {
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
    fn add_delta(&self, st: &State, u: u32, z: u32) -> f64 {
        self.unit_to_zone(st, u, z, u32::MAX)
    }

    /// Σ over members j ≠ skip of zone z of the objective link u–j
    /// (heterogeneity), or the inertia change (compactness).
    fn unit_to_zone(&self, st: &State, u: u32, z: u32, skip: u32) -> f64 {
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

    fn split_all(&self, st: &mut State, rng: &mut ChaCha8Rng, sc: &mut Grow) {
        let mut queue: Vec<u32> = (0..st.members.len() as u32).collect();
        let n = self.g.len();
        let mut rmark = vec![false; n];
        while let Some(z) = queue.pop() {
            let m = st.members[z as usize].clone();
            if m.len() < 2 {
                continue;
            }
            let tries = m.len().min(6);
            let mut seeds = m.clone();
            seeds.shuffle(rng);
            for &s in seeds.iter().take(tries) {
                let labels = &st.labels;
                let allowed = |v: u32| labels[v as usize] == z;
                let mut parts: Vec<(Vec<u32>, Vec<f64>)> = Vec::new();
                let total = &st.sums[z as usize];
                let mut check = |sub: &[u32], sums: &[f64]| -> bool {
                    if sub.len() == m.len() {
                        return true;
                    }
                    // Large zones: test the remainder at most ~64 times per
                    // try (O(64 m) instead of O(m²)).
                    if m.len() > 64 && !sub.len().is_multiple_of(m.len().div_ceil(64)) {
                        return false;
                    }
                    let rest: Vec<f64> = total.iter().zip(sums).map(|(a, b)| a - b).collect();
                    if !self.comp.lower_ok(&rest) {
                        return false;
                    }
                    // Components of the remainder must each be feasible.
                    for &u in sub {
                        rmark[u as usize] = true;
                    }
                    parts.clear();
                    let mut seen: Vec<u32> = Vec::new();
                    let mut ok = true;
                    for &r in &m {
                        if rmark[r as usize] {
                            continue;
                        }
                        let start = seen.len();
                        rmark[r as usize] = true;
                        seen.push(r);
                        let mut k = start;
                        while k < seen.len() {
                            let u = seen[k];
                            k += 1;
                            for &v in self.g.neighbors(u as usize) {
                                if labels[v as usize] == z && !rmark[v as usize] {
                                    rmark[v as usize] = true;
                                    seen.push(v);
                                }
                            }
                        }
                        let part = seen[start..].to_vec();
                        let ps = self.comp.sums(&part);
                        if !self.feasible(&ps) {
                            ok = false;
                            break;
                        }
                        parts.push((part, ps));
                    }
                    for &u in sub.iter().chain(&seen) {
                        rmark[u as usize] = false;
                    }
                    if !ok {
                        parts.clear();
                    }
                    ok
                };
                let got = self.grow(s, &allowed, true, 1, rng, sc, Some(&mut check));
                if let Some((sub, sums)) = got {
                    if sub.len() < m.len() && !parts.is_empty() {
                        // Apply: z keeps `sub`, each remainder part a new zone.
                        st.members[z as usize].clear();
                        for (k, &u) in sub.iter().enumerate() {
                            st.pos[u as usize] = k as u32;
                        }
                        st.members[z as usize] = sub;
                        st.sums[z as usize] = sums;
                        queue.push(z);
                        for (part, ps) in parts {
                            let nz = st.new_zone(part, ps);
                            queue.push(nz);
                        }
                        break;
                    }
                }
            }
        }
    }

    /// Merges neighbouring zones (least objective increase, upper bounds
    /// kept) until `target` zones remain.
    fn merge_down(&self, st: &mut State, target: usize) -> bool {
        let mut tmp = vec![0.0; self.comp.lin.len()];
        while st.p() > target {
            let mut best: Option<(f64, u32, u32)> = None;
            for z in 0..st.members.len() as u32 {
                if st.members[z as usize].is_empty() {
                    continue;
                }
                for w in self.neighbour_zones(st, z) {
                    if w <= z {
                        continue;
                    }
                    for (c, t) in tmp.iter_mut().enumerate() {
                        *t = st.sums[z as usize][c] + st.sums[w as usize][c];
                    }
                    if !self.feasible(&tmp) {
                        continue;
                    }
                    let mut all = st.members[z as usize].clone();
                    all.extend_from_slice(&st.members[w as usize]);
                    let d = self.obj.zone_value(&all)
                        - self.obj.zone_value(&st.members[z as usize])
                        - self.obj.zone_value(&st.members[w as usize])
                        + 1e-12 * all.len() as f64;
                    if best.is_none_or(|b| d < b.0) {
                        best = Some((d, z, w));
                    }
                }
            }
            let Some((_, z, w)) = best else {
                return false;
            };
            st.merge(w, z);
        }
        true
    }

    /// Simulated annealing with a tabu list: moves of boundary units that
    /// keep donor and receiver feasible and the donor contiguous.
    fn local_search(&self, st: &mut State, rng: &mut ChaCha8Rng) -> usize {
        if self.obj.is_none() || self.opts.moves_per_unit == 0 {
            return 0;
        }
        let n = self.g.len();
        let units: Vec<u32> = (0..n as u32)
            .filter(|&u| st.labels[u as usize] < OUT)
            .collect();
        if units.is_empty() {
            return 0;
        }
        let attempts = (self.opts.moves_per_unit * units.len()).max(5_000);
        let stages = 40;
        let per_stage = attempts.div_ceil(stages);
        let tabu_len = 7u64;
        let mut last_move = vec![0u64; n];
        let mut cur = st.objective(self.obj);
        let mut best = cur;
        let mut best_labels = st.labels.clone();
        let mut tmp = vec![0.0; self.comp.lin.len()];
        let mut tmp2 = vec![0.0; self.comp.lin.len()];
        let mut accepted = 0usize;
        let mut mark = vec![0u32; n];
        let mut stamp = 0u32;
        let mut bfs: Vec<u32> = Vec::new();
        let mut t0 = 0.0;
        let mut iter = 0u64;
        for stage in 0..stages {
            let temp = if stage == 0 {
                0.0
            } else {
                t0 * 0.8f64.powi(stage as i32)
            };
            let mut dsum = 0.0;
            let mut dcount = 0usize;
            for _ in 0..per_stage {
                iter += 1;
                let u = units[rng.random_range(0..units.len())];
                let a = st.labels[u as usize];
                if st.members[a as usize].len() < 2
                    || iter - last_move[u as usize] < tabu_len && last_move[u as usize] > 0
                {
                    continue;
                }
                let nb = self.g.neighbors(u as usize);
                let cnt = nb
                    .iter()
                    .filter(|&&v| {
                        let b = st.labels[v as usize];
                        b < OUT && b != a
                    })
                    .count();
                if cnt == 0 {
                    continue;
                }
                let pickk = rng.random_range(0..cnt);
                let b = nb
                    .iter()
                    .map(|&v| st.labels[v as usize])
                    .filter(|&b| b < OUT && b != a)
                    .nth(pickk)
                    .expect("counted");
                // Feasibility of donor without u and receiver with u.
                for (c, l) in self.comp.lin.iter().enumerate() {
                    tmp[c] = st.sums[a as usize][c] - l.coef[u as usize];
                    tmp2[c] = st.sums[b as usize][c] + l.coef[u as usize];
                }
                if !self.feasible(&tmp) || !self.feasible(&tmp2) {
                    continue;
                }
                let delta = self.unit_to_zone(st, u, b, u32::MAX) - self.unit_to_zone(st, u, a, u);
                if stage == 0 {
                    dsum += delta.abs();
                    dcount += 1;
                }
                let accept = delta < -1e-12 * cur.abs().max(1.0)
                    || (temp > 0.0 && delta >= 0.0 && rng.random::<f64>() < (-delta / temp).exp());
                if !accept {
                    continue;
                }
                // Donor contiguity without u (BFS inside the donor).
                stamp = stamp.wrapping_add(1);
                if stamp == 0 {
                    mark.iter_mut().for_each(|m| *m = 0);
                    stamp = 1;
                }
                let am = &st.members[a as usize];
                let start = if am[0] == u { am[1] } else { am[0] };
                bfs.clear();
                bfs.push(start);
                mark[start as usize] = stamp;
                mark[u as usize] = stamp;
                let mut k = 0;
                while k < bfs.len() {
                    let x = bfs[k];
                    k += 1;
                    for &y in self.g.neighbors(x as usize) {
                        if st.labels[y as usize] == a && mark[y as usize] != stamp {
                            mark[y as usize] = stamp;
                            bfs.push(y);
                        }
                    }
                }
                if bfs.len() != am.len() - 1 {
                    continue;
                }
                st.remove(u, self.comp);
                st.add(u, b, self.comp);
                last_move[u as usize] = iter;
                cur += delta;
                accepted += 1;
                if cur < best - 1e-12 * best.abs().max(1.0) {
                    best = cur;
                    best_labels.clone_from(&st.labels);
                }
            }
            if stage == 0 {
                t0 = if dcount > 0 {
                    dsum / dcount as f64
                } else {
                    0.0
                };
            }
        }
        if cur > best {
            // Restore the best labels seen.
            let nz = st.members.len();
            let mut members = vec![Vec::new(); nz];
            for (u, &z) in best_labels.iter().enumerate() {
                if z < OUT {
                    st.pos[u] = members[z as usize].len() as u32;
                    members[z as usize].push(u as u32);
                }
            }
            st.sums = members.iter().map(|m| self.comp.sums(m)).collect();
            st.members = members;
            st.labels = best_labels;
        }
        accepted
    }
}
