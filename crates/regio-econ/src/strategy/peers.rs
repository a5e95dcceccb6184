//! Peer regions: the regions with the most similar industrial structure,
//! by cosine similarity of RCA vectors or of presence (M) rows — the
//! structural-similarity benchmark used in smart-specialisation practice
//! (e.g. Foray 2015; the Atlas "similar economies"; Hidalgo 2021 review).

use super::Capabilities;
use rayon::prelude::*;
use regio_core::{Column, Matrix, Result, Table};

/// Which profile is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profile {
    /// RCA vectors (default).
    #[default]
    Rca,
    /// Binary presence rows M.
    Presence,
}

/// Cosine similarity `Σ a_i b_i / (‖a‖ ‖b‖)` (0 when either is all zero).
pub fn cosine(a: &[f64], b: &[f64]) -> f64 {
    let (mut ab, mut aa, mut bb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        ab += x * y;
        aa += x * x;
        bb += y * y;
    }
    if aa == 0.0 || bb == 0.0 {
        0.0
    } else {
        ab / (aa.sqrt() * bb.sqrt())
    }
}

/// The `k` most similar other units of every unit: rows (unit, rank, peer, similarity).
pub fn peers(c: &Capabilities, profile: Profile, k: usize) -> Result<Table> {
    let x: &Matrix = match profile {
        Profile::Rca => &c.rca,
        Profile::Presence => &c.m,
    };
    let n = x.nrows();
    let lists: Vec<Vec<(usize, f64)>> = (0..n)
        .into_par_iter()
        .map(|u| {
            let mut v: Vec<(usize, f64)> = (0..n)
                .filter(|&w| w != u)
                .map(|w| (w, cosine(x.row(u), x.row(w))))
                .collect();
            v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            v.truncate(k);
            v
        })
        .collect();
    let (mut unit, mut rank, mut peer, mut sim) = (vec![], vec![], vec![], vec![]);
    for (u, l) in lists.iter().enumerate() {
        for (r, (w, s)) in l.iter().enumerate() {
            unit.push(c.units[u].clone());
            rank.push(Some(r as i64 + 1));
            peer.push(c.units[*w].clone());
            sim.push(*s);
        }
    }
    let mut t = Table::new("peers");
    t.push_str("unit", "region or super-region", unit)
        .push("rank", "1 = most similar", Column::I64(rank))
        .push_str("peer", "a similar unit", peer)
        .push_f64(
            "similarity",
            match profile {
                Profile::Rca => "cosine similarity of RCA vectors",
                Profile::Presence => "cosine similarity of presence (M) rows",
            },
            sim,
        );
    Ok(t)
}
