//! Section 2 of the study: the net-zero resource-circulation zones (max-p
//! with a signed balance, Duque, Anselin & Rey 2012) drawn from what the
//! zoning computed: the zone map, the frontier p(r) and what they say.

use crate::chart;
use crate::html::{Figure, Section};
use crate::map::{render_choropleth, Choropleth, MapValues, ProjectedMap};
use crate::policy::{feature_index, names};
use crate::svg::human;
use crate::{ReportError, Result};
use std::collections::BTreeMap;

/// A zoning into net-zero zones, for section 2.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ZonesView {
    /// Boundary set (dataset key) whose features are the units.
    pub boundaries: String,
    /// Region code per unit.
    pub codes: Vec<String>,
    /// Zone id (1-based, as in the `zones` table) per unit; `None` = left
    /// unassigned (its component cannot balance).
    pub zone: Vec<Option<u32>>,
    /// Neighbouring units (index pairs) of the contiguity used.
    pub neighbours: Vec<(usize, usize)>,
    /// Each unit's balance at the reduction rate.
    pub balance: Vec<f64>,
    /// The reduction rate r of the zoning.
    pub reduction: f64,
    /// The balance expression (subtracted terms scaled by 1 − r).
    pub expression: String,
    /// The scenario frontier: (r, number of zones, or `None` where no
    /// zoning exists); empty when not swept.
    pub frontier: Vec<(f64, Option<usize>)>,
    /// Lowest r at which every component balances.
    pub r_min: Option<f64>,
    /// Settings of the run, in words.
    pub settings: String,
}

impl ZonesView {
    /// Result tables this view presents (their generic maps are left out).
    pub const TABLES: [&'static str; 5] = [
        "zones",
        "zone_summary",
        "feasibility",
        "frontier",
        "zones_run",
    ];

    /// Zone ids with their balance (sum over members), ascending by id.
    pub fn zone_balances(&self) -> Vec<(u32, f64)> {
        let mut m: BTreeMap<u32, f64> = BTreeMap::new();
        for (z, b) in self.zone.iter().zip(&self.balance) {
            if let Some(z) = z {
                *m.entry(*z).or_insert(0.0) += b;
            }
        }
        m.into_iter().collect()
    }
}

/// Section 2: the zone map, the frontier p(r) and what they say.
pub(crate) fn zones_section(
    v: &ZonesView,
    map: &ProjectedMap,
    sec: &mut Section,
    next_id: &mut impl FnMut(&str) -> String,
) -> Result<()> {
    let n = v.codes.len();
    if v.zone.len() != n || v.balance.len() != n {
        return Err(ReportError::Invalid(format!(
            "zones: {} zone ids and {} balances for {n} units",
            v.zone.len(),
            v.balance.len()
        )));
    }
    let at = feature_index(map, &v.codes, &v.boundaries)?;
    let mut values: Vec<Option<String>> = vec![None; map.codes.len()];
    for (u, z) in v.zone.iter().enumerate() {
        values[at[u]] = z.map(|z| format!("zone {z}"));
    }
    let neighbours: Vec<(usize, usize)> = v
        .neighbours
        .iter()
        .filter(|(a, b)| *a < n && *b < n)
        .map(|&(a, b)| (at[a], at[b]))
        .collect();
    let zb = v.zone_balances();
    let unassigned = v.zone.iter().filter(|z| z.is_none()).count();
    let r = human(v.reduction);
    let title = format!("Net-zero zones at r = {r}");
    let id = next_id("net-zero-zones");
    sec.figures.push(Figure {
        id: id.clone(),
        caption: format!(
            "Zones of contiguous units whose balance {}{} is at least 0 at an emission reduction r = {r}, as many as possible (max-p); touching zones get different colours.",
            v.expression,
            // Without an explicit r, the subtracted terms are scaled by 1 − r.
            if v
                .expression
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .any(|t| t == "r")
            {
                ""
            } else {
                " (subtracted terms scaled by 1 − r)"
            }
        ),
        svg: render_choropleth(
            map,
            &Choropleth {
                title,
                unit: String::new(),
                values: MapValues::Categorical { values, neighbours },
                source: map.source.clone(),
                markers: Vec::new(),
            },
            &id,
        )?,
    });
    let nm = names(map);
    let name_of = |u: usize| nm.get(v.codes[u].as_str()).copied().unwrap_or("");
    let total: f64 = zb.iter().map(|z| z.1).sum();
    // The demo's columns are in tCO2 (named *_tco2).
    let unit = if v.expression.to_ascii_lowercase().contains("tco2") {
        " tCO2"
    } else {
        ""
    };
    let mut para = format!(
        "{} net-zero zones among the {n} units of {} at r = {r}; {unassigned} unit(s) left unassigned.",
        zb.len(),
        v.boundaries
    );
    if let (Some(lo), Some(hi)) = (
        zb.iter().min_by(|a, b| a.1.total_cmp(&b.1)),
        zb.iter().max_by(|a, b| a.1.total_cmp(&b.1)),
    ) {
        para.push_str(&format!(
            " Balance over all zones {}{unit}; every zone is at least balanced, the tightest is zone {} ({}{unit}), the largest surplus zone {} ({}{unit}).",
            human(total),
            lo.0,
            human(lo.1),
            hi.0,
            human(hi.1)
        ));
    }
    if unassigned > 0 {
        let list: Vec<&str> = (0..n)
            .filter(|&u| v.zone[u].is_none())
            .take(10)
            .map(name_of)
            .collect();
        para.push_str(&format!(" Unassigned: {}.", list.join(", ")));
    }
    sec.paragraphs.push(para);
    sec.paragraphs.push(format!("Settings: {}.", v.settings));
    if !v.frontier.is_empty() {
        let pts: Vec<(f64, f64)> = v
            .frontier
            .iter()
            .map(|&(r, p)| (r, p.unwrap_or(0) as f64))
            .collect();
        let first = v.frontier.iter().find(|p| p.1.is_some());
        let mut refs: Vec<(f64, String)> = Vec::new();
        if let Some(&(r0, _)) = first {
            refs.push((r0, format!("no zoning below r = {}", human(r0))));
        }
        refs.push((v.reduction, format!("r = {r}: p = {}", zb.len())));
        let refs_str: Vec<(f64, &str)> = refs.iter().map(|(a, b)| (*a, b.as_str())).collect();
        let id = next_id("net-zero-frontier");
        sec.figures.push(Figure {
            id,
            caption: "Frontier p(r): the number of net-zero zones reachable at each emission-reduction rate r; p = 0 where no zoning exists (some connected part of the map cannot balance).".into(),
            svg: chart::line_chart_marked(
                "Net-zero frontier p(r)",
                &[("zones p".into(), pts)],
                "emission reduction r",
                "zones p",
                &refs_str,
            )?,
        });
        let feasible = v.frontier.iter().filter(|p| p.1.is_some()).count();
        sec.paragraphs.push(match (first, v.frontier.last()) {
            (Some(&(r0, Some(p0))), Some(&(r1, Some(p1)))) => format!(
                "Frontier: no zoning exists below r = {} (p = {p0} there); p rises to {p1} at r = {}; {feasible} of {} reduction rates swept allow a zoning.",
                human(r0),
                human(r1),
                v.frontier.len()
            ),
            _ => format!(
                "Frontier: no reduction rate among the {} swept allows a zoning.",
                v.frontier.len()
            ),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::fixtures::{codes, fill_of, grid, ids};

    #[test]
    fn zones_section_colours_touching_zones_apart_and_counts() {
        // Rook neighbours of the grid.
        let neighbours = vec![(0, 1), (1, 2), (0, 3), (1, 4), (2, 5), (3, 4), (4, 5)];
        let v = ZonesView {
            boundaries: "grid".into(),
            codes: codes(),
            zone: vec![Some(1), Some(1), Some(2), Some(3), Some(3), None],
            neighbours,
            balance: vec![5.0, -2.0, 1.0, -1.0, 5.0, -7.0],
            reduction: 0.9,
            expression: "absorption_tco2 - emission_tco2".into(),
            frontier: vec![(0.0, None), (0.5, Some(1)), (0.9, Some(3)), (1.0, Some(5))],
            r_min: Some(0.5),
            settings: "test".into(),
        };
        let mut sec = Section::default();
        zones_section(&v, &grid(), &mut sec, &mut ids()).unwrap();
        assert_eq!(sec.figures.len(), 2);
        let svg = &sec.figures[0].svg;
        assert_eq!(svg.matches("data-code=").count(), 6);
        // Greedy colouring in label order: zone 1 → colour 0; zone 2 touches
        // zone 1 (b-c) → colour 1; zone 3 touches zone 1 only (a-d, b-e) →
        // colour 1; f is unassigned (grey).
        assert_eq!(fill_of(svg, "a"), "#e69f00");
        assert_eq!(fill_of(svg, "b"), "#e69f00");
        assert_eq!(fill_of(svg, "c"), "#56b4e9");
        assert_eq!(fill_of(svg, "d"), "#56b4e9");
        assert_eq!(fill_of(svg, "f"), crate::palette::MISSING);
        assert!(svg.contains("zone 3 (2)") && svg.contains("not assigned (1)"));
        // Zone balances: 5 − 2 = 3, 1, −1 + 5 = 4; total 8.
        let p = &sec.paragraphs[0];
        assert!(
            p.starts_with("3 net-zero zones among the 6 units of grid at r = 0.9; 1 unit(s) left unassigned. Balance over all zones 8 tCO2; every zone is at least balanced, the tightest is zone 2 (1 tCO2), the largest surplus zone 3 (4 tCO2). Unassigned: F."),
            "{p}"
        );
        assert!(sec.paragraphs[2].starts_with(
            "Frontier: no zoning exists below r = 0.5 (p = 1 there); p rises to 5 at r = 1; 3 of 4"
        ));
        assert!(sec.figures[1].svg.contains("no zoning below r = 0.5"));
        assert!(sec.figures[1].svg.contains("r = 0.9: p = 3"));
        // A unit that is not on the map is an error, not a silent gap.
        let mut bad = v.clone();
        bad.codes[5] = "zz".into();
        let e = zones_section(&bad, &grid(), &mut Section::default(), &mut ids()).unwrap_err();
        assert!(e.to_string().contains("unit zz is not a feature"), "{e}");
    }
}
