//! A partition under construction: zone label per unit, member lists and
//! per-zone sums of the compiled constraints' linear forms, kept in step by
//! every move.

use super::super::constraints::{Compiled, Objective};
use super::FREE;

/// A partition under construction.
#[derive(Debug, Clone)]
pub(super) struct State {
    /// Zone per unit, or `FREE`, `ENCLAVE`, `OUT`.
    pub(super) labels: Vec<u32>,
    /// Member units per zone (empty for zones merged away).
    pub(super) members: Vec<Vec<u32>>,
    /// Per zone, the sum of each compiled linear form over its members.
    pub(super) sums: Vec<Vec<f64>>,
    /// Position of each unit in its zone's member list.
    pub(super) pos: Vec<u32>,
}

impl State {
    /// A complete partition from zone labels (any ids), zones numbered in
    /// order of their first unit.
    pub(super) fn from_labels(labels: &[u32], comp: &Compiled) -> State {
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

    pub(super) fn p(&self) -> usize {
        self.members.iter().filter(|m| !m.is_empty()).count()
    }

    pub(super) fn live_zones(&self) -> Vec<Vec<u32>> {
        self.members
            .iter()
            .filter(|m| !m.is_empty())
            .cloned()
            .collect()
    }

    pub(super) fn objective(&self, obj: &Objective) -> f64 {
        self.members.iter().map(|m| obj.zone_value(m)).sum()
    }

    pub(super) fn new_zone(&mut self, members: Vec<u32>, sums: Vec<f64>) -> u32 {
        let z = self.members.len() as u32;
        for (k, &u) in members.iter().enumerate() {
            self.labels[u as usize] = z;
            self.pos[u as usize] = k as u32;
        }
        self.members.push(members);
        self.sums.push(sums);
        z
    }

    pub(super) fn add(&mut self, u: u32, z: u32, comp: &Compiled) {
        self.labels[u as usize] = z;
        self.pos[u as usize] = self.members[z as usize].len() as u32;
        self.members[z as usize].push(u);
        for (c, l) in comp.lin.iter().enumerate() {
            self.sums[z as usize][c] += l.coef[u as usize];
        }
    }

    pub(super) fn remove(&mut self, u: u32, comp: &Compiled) {
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
    pub(super) fn merge(&mut self, from: u32, to: u32) {
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
