//! Linkage between functional areas: the inter-area flow matrix, each unit's
//! strongest external link and its attachment to its own area, and units
//! poorly attached to their area ("isolated": candidates for linkage policy).
//! Also the result tables shared by `ttwa` and `intramax` outputs.
//!
//! Attachment of unit u in area A: Σ_{v∈A, v≠u}(T_uv + T_vu) / Σ_{v≠u}(T_uv + T_vu),
//! the share of the unit's two-way interaction that stays inside its area
//! (the "local attachment" of Coombes, Green & Openshaw 1986).

use super::hubs::{area_hubs, nodal_hierarchy};
use super::{self_containment, FlowMatrix, Partition};
use regio_core::Table;

/// Per-unit linkage diagnostics.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitLinks {
    /// Strongest link to a unit in another area: (unit, T_uv + T_vu).
    pub strongest_external: Vec<Option<(usize, f64)>>,
    /// Share of two-way interaction with the unit's own area (None for units
    /// alone in their area or without any interaction).
    pub attachment: Vec<Option<f64>>,
    /// Attachment below the threshold.
    pub isolated: Vec<bool>,
}

/// Computes [`UnitLinks`]; `min_attachment` is the isolation threshold
/// (e.g. 0.5: a unit interacting more with other areas than with its own).
pub fn unit_links(fm: &FlowMatrix, p: &Partition, min_attachment: f64) -> UnitLinks {
    let n = fm.len();
    let mut strongest_external = vec![None; n];
    let mut attachment = vec![None; n];
    let mut isolated = vec![false; n];
    let mut pair = std::collections::BTreeMap::new();
    for u in 0..n {
        pair.clear();
        for (v, x) in fm.outflows(u).chain(fm.inflows(u)) {
            *pair.entry(v).or_insert(0.0) += x;
        }
        let (mut inside, mut all) = (0.0, 0.0);
        let mut best: Option<(usize, f64)> = None;
        for (&v, &x) in &pair {
            all += x;
            if p.area[v] == p.area[u] {
                inside += x;
            } else if best.is_none_or(|b| x > b.1) {
                best = Some((v, x));
            }
        }
        strongest_external[u] = best;
        if p.members[p.area[u]].len() > 1 && all > 0.0 {
            let a = inside / all;
            attachment[u] = Some(a);
            isolated[u] = a < min_attachment;
        }
    }
    UnitLinks {
        strongest_external,
        attachment,
        isolated,
    }
}

/// Flows between distinct areas: (origin area, destination area, flow),
/// sorted by origin then destination.
pub fn area_flows(fm: &FlowMatrix, p: &Partition) -> Vec<(usize, usize, f64)> {
    let mut m = std::collections::BTreeMap::new();
    for u in 0..fm.len() {
        for (v, x) in fm.outflows(u) {
            let (a, b) = (p.area[u], p.area[v]);
            if a != b {
                *m.entry((a, b)).or_insert(0.0) += x;
            }
        }
    }
    m.into_iter().map(|((a, b), x)| (a, b, x)).collect()
}

/// Area identifiers: the code of each area's hub unit.
pub fn area_ids(fm: &FlowMatrix, p: &Partition) -> Vec<String> {
    area_hubs(fm, p)
        .into_iter()
        .map(|h| fm.codes[h].clone())
        .collect()
}

/// The result tables of a functional regionalisation: `areas` (one row per
/// area, region key `area`), `units` (one row per unit, region key `code`)
/// and `linkage` (one row per pair of linked areas).
pub fn tables(
    fm: &FlowMatrix,
    p: &Partition,
    validity: Option<&[f64]>,
    min_attachment: f64,
) -> Vec<Table> {
    let hubs = area_hubs(fm, p);
    let ids: Vec<String> = hubs.iter().map(|&h| fm.codes[h].clone()).collect();
    let totals = p.totals(fm);
    let mut areas = Table::new("areas").with_region_key("area");
    areas
        .push_str("area", "area id: code of its hub unit", ids.clone())
        .push_str(
            "hub",
            "hub unit: the member with the largest inflow (jobs)",
            hubs.iter().map(|&h| fm.codes[h].clone()).collect(),
        )
        .push_i64(
            "n_units",
            "number of member units",
            p.members.iter().map(|m| m.len() as i64).collect(),
        )
        .push_str(
            "members",
            "member unit codes, separated by spaces",
            p.members
                .iter()
                .map(|m| {
                    m.iter()
                        .map(|&u| fm.codes[u].as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect(),
        )
        .push_f64(
            "residents",
            "size: row total R (outflows incl. internal)",
            totals.iter().map(|t| t.0).collect(),
        )
        .push_f64(
            "jobs",
            "column total W (inflows incl. internal)",
            totals.iter().map(|t| t.1).collect(),
        )
        .push_f64(
            "internal",
            "internal flow T_kk",
            totals.iter().map(|t| t.2).collect(),
        )
        .push_f64(
            "self_containment",
            "min(T_kk/R_k, T_kk/W_k) (Coombes & Bond 2008)",
            totals
                .iter()
                .map(|t| self_containment(t.2, t.0, t.1))
                .collect(),
        )
        .push_f64(
            "supply_sc",
            "T_kk/R_k: share of residents' flows staying in the area",
            totals.iter().map(|t| t.2 / t.0).collect(),
        )
        .push_f64(
            "demand_sc",
            "T_kk/W_k: share of inflows coming from the area",
            totals.iter().map(|t| t.2 / t.1).collect(),
        );
    if let Some(v) = validity {
        areas.push_f64(
            "validity",
            "TTWA validity (>= 1: valid; LabourMarketAreas formula)",
            v.to_vec(),
        );
    }
    let links = unit_links(fm, p, min_attachment);
    let nh = nodal_hierarchy(fm);
    let n = fm.len();
    let mut units = Table::new("units").with_region_key("code");
    let code_of = |o: Option<usize>| o.map(|u| fm.codes[u].clone());
    units
        .push_str("code", "unit code", fm.codes.clone())
        .push_str(
            "area",
            "area id (hub code)",
            (0..n).map(|u| ids[p.area[u]].clone()).collect(),
        )
        .push_bool(
            "is_hub",
            "unit is its area's hub",
            (0..n).map(|u| hubs[p.area[u]] == u).collect(),
        )
        .push_f64("residents", "row total R_u", fm.residents.clone())
        .push_f64("jobs", "column total W_u", fm.jobs.clone())
        .push(
            "strongest_external",
            "unit in another area with the largest two-way flow",
            regio_core::Column::Str(
                links
                    .strongest_external
                    .iter()
                    .map(|s| code_of(s.map(|x| x.0)))
                    .collect(),
            ),
        )
        .push_opt_f64(
            "strongest_external_flow",
            "T_uv + T_vu of that link",
            links
                .strongest_external
                .iter()
                .map(|s| s.map(|x| x.1))
                .collect(),
        )
        .push_opt_f64(
            "attachment",
            "share of two-way flows with the own area (empty for single-unit areas)",
            links.attachment.clone(),
        )
        .push_bool(
            "isolated",
            &format!("attachment below {min_attachment}"),
            links.isolated.clone(),
        )
        .push(
            "nd_parent",
            "Nystuen-Dacey: destination of the largest outflow when it is larger",
            regio_core::Column::Str(nh.parent.iter().map(|&x| code_of(x)).collect()),
        )
        .push_str(
            "nd_centre",
            "Nystuen-Dacey dominant centre at the top of the chain",
            nh.root.iter().map(|&r| fm.codes[r].clone()).collect(),
        )
        .push_i64(
            "nd_depth",
            "steps up to the dominant centre (0: dominant centre)",
            nh.depth.iter().map(|&d| d as i64).collect(),
        )
        .push_i64(
            "nd_subordinates",
            "units below in the nodal hierarchy",
            nh.subordinates.iter().map(|&d| d as i64).collect(),
        )
        .push_i64(
            "nd_level",
            "hub level: height of the unit's subtree",
            nh.level.iter().map(|&d| d as i64).collect(),
        );
    let af = area_flows(fm, p);
    let mut linkage = Table::new("linkage");
    linkage
        .push_str(
            "from_area",
            "origin area",
            af.iter().map(|e| ids[e.0].clone()).collect(),
        )
        .push_str(
            "to_area",
            "destination area",
            af.iter().map(|e| ids[e.1].clone()).collect(),
        )
        .push_f64(
            "flow",
            "flow between the areas",
            af.iter().map(|e| e.2).collect(),
        )
        .push_f64(
            "share_of_origin",
            "flow / origin area's residents R",
            af.iter().map(|e| e.2 / totals[e.0].0).collect(),
        );
    vec![areas, units, linkage]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachment_and_area_flows() {
        // Units 0,1 in area 0; 2 alone. Flows: 0→1 3, 1→0 1, 0→2 4, 2→1 2.
        let codes = vec!["a".into(), "b".into(), "c".into()];
        let t = [
            (0, 1, 3.0),
            (1, 0, 1.0),
            (0, 2, 4.0),
            (2, 1, 2.0),
            (2, 2, 5.0),
        ];
        let fm = FlowMatrix::from_triples(codes, &t).unwrap();
        let p = Partition::from_labels(&[7, 7, 9]);
        let l = unit_links(&fm, &p, 0.5);
        // unit a: inside 3+1 = 4, all 4+4 = 8 → 0.5 (not below 0.5).
        assert_eq!(l.attachment[0], Some(0.5));
        assert!(!l.isolated[0]);
        // unit b: inside 4, all 4+2 = 6 → 2/3.
        assert!((l.attachment[1].unwrap() - 4.0 / 6.0).abs() < 1e-15);
        assert_eq!(l.attachment[2], None);
        assert_eq!(l.strongest_external[0], Some((2, 4.0)));
        assert_eq!(area_flows(&fm, &p), vec![(0, 1, 4.0), (1, 0, 2.0)]);
    }
}
