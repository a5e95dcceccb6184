//! Islands (units without neighbours): detection and the policy of linking
//! each island to its k nearest non-island units by centroid distance (the
//! usual fix for island regions, e.g. Jeju, Ulleung, Ongjin, Sinan; cf.
//! libpysal's `attach_islands`).

use super::knn::Points;
use regio_core::{Error, Graph, Result, Table};

/// What to do with islands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IslandPolicy {
    /// Keep islands without neighbours (their spatial lag is zero).
    #[default]
    Keep,
    /// Link each island, both ways, to its `k` nearest mainland units.
    LinkNearest(usize),
}

/// One island and what was done with it.
#[derive(Debug, Clone, PartialEq)]
pub struct IslandLink {
    /// Island unit.
    pub island: usize,
    /// Units it was linked to (empty under `Keep`).
    pub linked_to: Vec<usize>,
    /// Distances to them.
    pub distances: Vec<f64>,
}

/// Applies the island policy; returns the new graph and one record per island.
pub fn handle_islands(
    g: &Graph,
    pts: &Points,
    policy: IslandPolicy,
) -> Result<(Graph, Vec<IslandLink>)> {
    if pts.len() != g.len() {
        return Err(Error::Shape(format!(
            "{} points for {} units",
            pts.len(),
            g.len()
        )));
    }
    let islands = g.islands();
    let k = match policy {
        IslandPolicy::Keep => {
            return Ok((
                g.clone(),
                islands
                    .into_iter()
                    .map(|i| IslandLink {
                        island: i,
                        linked_to: vec![],
                        distances: vec![],
                    })
                    .collect(),
            ));
        }
        IslandPolicy::LinkNearest(k) => k,
    };
    let is_island: Vec<bool> = (0..g.len()).map(|i| g.degree(i) == 0).collect();
    let mainland = is_island.iter().filter(|&&b| !b).count();
    if k == 0 || mainland < k {
        return Err(Error::invalid(format!(
            "cannot link islands to {k} nearest mainland units: {mainland} units have neighbours"
        )));
    }
    let mut lists: Vec<Vec<(u32, f64)>> = (0..g.len())
        .map(|i| {
            g.neighbors(i)
                .iter()
                .copied()
                .zip(g.weights(i).iter().copied())
                .collect()
        })
        .collect();
    let mut out = Vec::new();
    for &i in &islands {
        // Exact scan: islands are few.
        let mut c: Vec<(f64, usize)> = (0..g.len())
            .filter(|&j| !is_island[j])
            .map(|j| (pts.distance(i, j), j))
            .collect();
        c.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        c.truncate(k);
        for &(_, j) in &c {
            lists[i].push((j as u32, 1.0));
            lists[j].push((i as u32, 1.0));
        }
        out.push(IslandLink {
            island: i,
            linked_to: c.iter().map(|x| x.1).collect(),
            distances: c.iter().map(|x| x.0).collect(),
        });
    }
    Ok((Graph::from_weighted_lists(lists)?, out))
}

/// Island report as a table.
pub fn islands_table(links: &[IslandLink], codes: &[String]) -> Table {
    let mut t = Table::new("islands");
    t.push_str(
        "region",
        "island unit (no contiguous neighbour)",
        links.iter().map(|l| codes[l.island].clone()).collect(),
    )
    .push_str(
        "linked_to",
        "units it was linked to (';'-separated; empty when kept isolated)",
        links
            .iter()
            .map(|l| {
                l.linked_to
                    .iter()
                    .map(|&j| codes[j].clone())
                    .collect::<Vec<_>>()
                    .join(";")
            })
            .collect(),
    )
    .push_str(
        "distances",
        "centroid distances to them (';'-separated)",
        links
            .iter()
            .map(|l| {
                l.distances
                    .iter()
                    .map(|d| format!("{d:.3}"))
                    .collect::<Vec<_>>()
                    .join(";")
            })
            .collect(),
    );
    t.with_region_key("region")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_island_to_nearest() {
        // Units 0-1 contiguous, 2 an island nearest to 1 (x = 1 vs 0 → 5).
        let g = Graph::from_lists(vec![vec![1], vec![0], vec![]]).unwrap();
        let p = Points::Planar(vec![[0.0, 0.0], [1.0, 0.0], [5.0, 0.0]]);
        let (h, r) = handle_islands(&g, &p, IslandPolicy::LinkNearest(1)).unwrap();
        assert_eq!(h.neighbors(2), &[1]);
        assert_eq!(h.neighbors(1), &[0, 2]);
        assert_eq!((r[0].island, r[0].distances[0]), (2, 4.0));
        let (h, r) = handle_islands(&g, &p, IslandPolicy::Keep).unwrap();
        assert_eq!((h.islands(), r.len()), (vec![2], 1));
        assert!(handle_islands(&g, &p, IslandPolicy::LinkNearest(3)).is_err());
    }
}
