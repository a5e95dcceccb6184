//! Section 3 of the study: the living areas (travel-to-work areas, Coombes
//! & Bond 2008, or Intramax, Masser & Brown 1975) drawn from what the
//! regionalisation computed: the area map with the hub cities marked, the
//! units poorly attached to their area and the linkage between areas.

use crate::html::{Figure, HtmlTable, Section};
use crate::map::{natural_cmp, render_choropleth, Choropleth, MapValues, Marker, ProjectedMap};
use crate::policy::{feature_index, names};
use crate::svg::human;
use crate::{ReportError, Result};
use std::collections::BTreeMap;

/// Living areas (functional regions), for section 3.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AreasView {
    /// Boundary set (dataset key) whose features are the units.
    pub boundaries: String,
    /// Region code per unit.
    pub codes: Vec<String>,
    /// Area id per unit: the region code of the area's hub.
    pub area: Vec<String>,
    /// Self-containment per area id.
    pub self_containment: BTreeMap<String, f64>,
    /// Units whose attachment to their own area is below the threshold.
    pub isolated: Vec<usize>,
    /// The isolation threshold (share of a unit's two-way flows).
    pub min_attachment: f64,
    /// Flows between distinct areas: (origin area, destination area, flow).
    pub linkage: Vec<(String, String, f64)>,
    /// The flows used, in words (set, year, size).
    pub flows: String,
    /// The method and its parameters, in words.
    pub method: String,
}

impl AreasView {
    /// Result tables this view presents (their generic maps are left out).
    pub const TABLES: [&'static str; 3] =
        ["living_areas", "living_area_units", "living_area_linkage"];
}

/// Section 3: the living-area map with hubs marked, and the linkage.
pub(crate) fn areas_section(
    v: &AreasView,
    map: &ProjectedMap,
    sec: &mut Section,
    next_id: &mut impl FnMut(&str) -> String,
) -> Result<()> {
    let n = v.codes.len();
    if v.area.len() != n {
        return Err(ReportError::Invalid(format!(
            "living areas: {} area ids for {n} units",
            v.area.len()
        )));
    }
    let at = feature_index(map, &v.codes, &v.boundaries)?;
    let nm = names(map);
    let name = |code: &str| -> String {
        nm.get(code)
            .filter(|s| !s.is_empty())
            .map_or_else(|| code.to_string(), |s| s.to_string())
    };
    let mut areas: Vec<&String> = v.area.iter().collect();
    areas.sort_by(|a, b| natural_cmp(a, b));
    areas.dedup();
    let mut values: Vec<Option<String>> = vec![None; map.codes.len()];
    for (u, a) in v.area.iter().enumerate() {
        values[at[u]] = Some(format!("{} area", name(a)));
    }
    // Hubs: the units whose code is their area's id.
    let hubs: Vec<usize> = (0..n).filter(|&u| v.codes[u] == v.area[u]).collect();
    let markers = hubs
        .iter()
        .map(|&u| Marker {
            feature: at[u],
            label: name(&v.codes[u]),
        })
        .collect();
    let id = next_id("living-areas");
    sec.figures.push(Figure {
        id: id.clone(),
        caption: format!(
            "Living areas from {}, {}; dots mark each area's hub city (its dominant destination).",
            v.flows, v.method
        ),
        svg: render_choropleth(
            map,
            &Choropleth {
                title: format!("{} living areas and their hubs", areas.len()),
                unit: String::new(),
                values: MapValues::Categorical {
                    values,
                    neighbours: Vec::new(),
                },
                source: map.source.clone(),
                markers,
            },
            &id,
        )?,
    });
    let mut para = format!(
        "{} living areas from {}, {}; hub cities: {}.",
        areas.len(),
        v.flows,
        v.method,
        hubs.iter()
            .map(|&u| name(&v.codes[u]))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let sc = &v.self_containment;
    if let (Some(lo), Some(hi)) = (
        sc.iter().min_by(|a, b| a.1.total_cmp(b.1)),
        sc.iter().max_by(|a, b| a.1.total_cmp(b.1)),
    ) {
        para.push_str(&format!(
            " Self-containment ranges from {} ({} area) to {} ({} area).",
            human(*lo.1),
            name(lo.0),
            human(*hi.1),
            name(hi.0)
        ));
    }
    para.push_str(&format!(
        " {} of {n} units are isolated (less than {} of their two-way flows stay in their own area){}",
        v.isolated.len(),
        human(v.min_attachment),
        if v.isolated.is_empty() {
            ".".to_string()
        } else {
            format!(
                ": {}; they are the candidates for linkage policy.",
                v.isolated
                    .iter()
                    .map(|&u| name(&v.codes[u]))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    ));
    sec.paragraphs.push(para);
    if !v.linkage.is_empty() {
        let mut links: Vec<&(String, String, f64)> = v.linkage.iter().collect();
        links.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
        let shown = links.len().min(10);
        sec.tables.push(HtmlTable {
            caption: "Strongest links between living areas".into(),
            header: vec!["from area".into(), "to area".into(), "flow".into()],
            rows: links[..shown]
                .iter()
                .map(|(a, b, f)| vec![name(a), name(b), human(*f)])
                .collect(),
            note: format!("{shown} of {} linked pairs of areas, by flow.", links.len()),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::fixtures::{codes, grid, ids};

    #[test]
    fn areas_section_marks_hubs_and_ranks_links() {
        let v = AreasView {
            boundaries: "grid".into(),
            codes: codes(),
            area: ["a", "a", "a", "e", "e", "e"].map(String::from).to_vec(),
            self_containment: [("a".to_string(), 0.8), ("e".to_string(), 0.6)].into(),
            isolated: vec![2],
            min_attachment: 0.5,
            linkage: vec![
                ("a".into(), "e".into(), 10.0),
                ("e".into(), "a".into(), 30.0),
            ],
            flows: "test flows".into(),
            method: "TTWA".into(),
        };
        let mut sec = Section::default();
        areas_section(&v, &grid(), &mut sec, &mut ids()).unwrap();
        let svg = &sec.figures[0].svg;
        assert_eq!(svg.matches("data-code=").count(), 6);
        assert_eq!(svg.matches("<circle").count(), 2);
        assert!(
            svg.contains("<title>A</title></circle>") && svg.contains("<title>E</title></circle>")
        );
        assert!(svg.contains("A area (3)") && svg.contains("E area (3)"));
        let p = &sec.paragraphs[0];
        assert!(p.starts_with("2 living areas from test flows, TTWA; hub cities: A, E. Self-containment ranges from 0.6 (E area) to 0.8 (A area). 1 of 6 units are isolated"), "{p}");
        assert!(p.contains(": C; they are"), "{p}");
        let t = &sec.tables[0];
        assert_eq!(t.rows[0], vec!["E", "A", "30"]);
        assert_eq!(t.rows[1], vec!["A", "E", "10"]);
    }
}
