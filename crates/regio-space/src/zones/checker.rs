//! Independent verification of a zoning: every unit in exactly one zone (or
//! explicitly excluded), every zone contiguous in the neighbour graph, every
//! constraint met by its plain definition (min, max, mean, sum, count
//! computed directly, not from the solver's linear forms or running sums).
//! Shares no code with the solver beyond the input types.

use super::constraints::{Aggregate, Constraint};
use regio_core::{Error, Graph, Result};
use std::collections::{BTreeMap, VecDeque};

/// What the checker verified.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckReport {
    /// Number of zones.
    pub p: usize,
    /// Units assigned to a zone.
    pub assigned: usize,
    /// Units explicitly left out.
    pub excluded: usize,
}

/// Verifies `labels` (zone per unit, `None` = excluded) against the graph and
/// constraints; `excluded` lists the units allowed to have no zone.
pub fn check(
    graph: &Graph,
    constraints: &[Constraint],
    labels: &[Option<u32>],
    excluded: &[usize],
) -> Result<CheckReport> {
    let n = graph.len();
    if labels.len() != n {
        return Err(Error::Shape(format!(
            "checker: {} labels for {n} units",
            labels.len()
        )));
    }
    let mut zones: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    let mut allowed_out = vec![false; n];
    for &u in excluded {
        if u >= n {
            return Err(Error::invalid(format!(
                "checker: excluded unit #{u} out of range"
            )));
        }
        allowed_out[u] = true;
    }
    for (i, l) in labels.iter().enumerate() {
        match l {
            Some(z) => {
                if allowed_out[i] {
                    return Err(Error::invalid(format!(
                        "checker: unit #{i} is both excluded and in zone {z}"
                    )));
                }
                zones.entry(*z).or_default().push(i);
            }
            None => {
                if !allowed_out[i] {
                    return Err(Error::invalid(format!("checker: unit #{i} has no zone")));
                }
            }
        }
    }
    // Zone ids 0..p, none empty.
    for (k, z) in zones.keys().enumerate() {
        if *z as usize != k {
            return Err(Error::invalid(format!(
                "checker: zone ids are not 0..p (found {z} at position {k})"
            )));
        }
    }
    for (z, members) in &zones {
        // Contiguity: breadth-first search inside the zone reaches all members.
        let inside: std::collections::HashSet<usize> = members.iter().copied().collect();
        let mut seen = std::collections::HashSet::new();
        let mut q = VecDeque::from([members[0]]);
        seen.insert(members[0]);
        while let Some(u) = q.pop_front() {
            for &v in graph.neighbors(u) {
                let v = v as usize;
                if inside.contains(&v) && seen.insert(v) {
                    q.push_back(v);
                }
            }
        }
        if seen.len() != members.len() {
            return Err(Error::invalid(format!(
                "checker: zone {z} is not contiguous ({} of {} members reachable from unit #{})",
                seen.len(),
                members.len(),
                members[0]
            )));
        }
        for c in constraints {
            let v: f64 = match c.aggregate {
                Aggregate::Count => members.len() as f64,
                Aggregate::Sum => members.iter().map(|&i| c.values[i]).sum(),
                Aggregate::Avg => {
                    members.iter().map(|&i| c.values[i]).sum::<f64>() / members.len() as f64
                }
                Aggregate::Min => members
                    .iter()
                    .map(|&i| c.values[i])
                    .reduce(f64::min)
                    .unwrap_or(f64::NAN),
                Aggregate::Max => members
                    .iter()
                    .map(|&i| c.values[i])
                    .reduce(f64::max)
                    .unwrap_or(f64::NAN),
            };
            // Relative tolerance for sums of many terms (1e-9 of the magnitude).
            let mag: f64 = match c.aggregate {
                Aggregate::Sum | Aggregate::Avg => members
                    .iter()
                    .map(|&i| c.values[i].abs())
                    .sum::<f64>()
                    .max(1.0),
                _ => v.abs().max(1.0),
            };
            let tol = 1e-9 * mag;
            if !v.is_finite() {
                return Err(Error::invalid(format!(
                    "checker: zone {z}: {} is not finite",
                    c.describe()
                )));
            }
            if let Some(l) = c.lower {
                if v < l - tol {
                    return Err(Error::invalid(format!(
                        "checker: zone {z} breaks {}: value {v}",
                        c.describe()
                    )));
                }
            }
            if let Some(u) = c.upper {
                if v > u + tol {
                    return Err(Error::invalid(format!(
                        "checker: zone {z} breaks {}: value {v}",
                        c.describe()
                    )));
                }
            }
        }
    }
    Ok(CheckReport {
        p: zones.len(),
        assigned: labels.iter().filter(|l| l.is_some()).count(),
        excluded: excluded.len(),
    })
}
