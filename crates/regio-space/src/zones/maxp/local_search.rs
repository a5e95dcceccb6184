//! After construction: fixed-p merging down to the target number of zones,
//! and simulated annealing with a tabu list on the objective, whose moves
//! keep donor and receiver feasible and the donor contiguous.

use super::search::Search;
use super::state::State;
use super::OUT;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

impl Search<'_> {
    /// Merges neighbouring zones (least objective increase, upper bounds
    /// kept) until `target` zones remain.
    pub(super) fn merge_down(&self, st: &mut State, target: usize) -> bool {
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
    pub(super) fn local_search(&self, st: &mut State, rng: &mut ChaCha8Rng) -> usize {
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
