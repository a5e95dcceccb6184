//! One construction pass: randomised region growing (prioritised toward
//! units that fix a zone's deficit), enclave assignment with every
//! constraint re-checked, repair by merging zones that break a lower bound,
//! and splitting of feasible zones into several feasible zones.

use super::search::Search;
use super::state::State;
use super::{ENCLAVE, FREE, OUT};
use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// Extra stopping rule of a growth (split mode): members, sums → done.
type UntilFn<'a> = dyn FnMut(&[u32], &[f64]) -> bool + 'a;

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

impl Search<'_> {
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

    pub(super) fn construct(&self, pass: usize, rng: &mut ChaCha8Rng) -> Option<State> {
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
}
