//! Boundary dissolve: merging polygons to the units a statistics table uses
//! (e.g. the 2024 Gyeonggi boundaries split Bucheon-si into Wonmi-gu 41192,
//! Sosa-gu 41194 and Ojeong-gu 41196, while the 2022 carbon data report
//! Bucheon 41190). Polygons are merged with a polygon union (geo's
//! `unary_union`), so shared borders disappear and overlaps are absorbed.

use geo::unary_union;
use regio_core::Boundaries;
use std::collections::{BTreeMap, HashMap, HashSet};

/// What a dissolve did, for summaries and checks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DissolveReport {
    /// Units created by merging several features: target code → member codes.
    pub merged: BTreeMap<String, Vec<String>>,
    /// Feature codes that matched no target, directly or through their parent.
    pub unmatched_features: Vec<String>,
    /// Target codes that no feature maps to.
    pub missing_targets: Vec<String>,
}

/// Dissolves features by a code mapping (feature code → unit code; features
/// not in the mapping keep their own code). Output units are ordered by
/// first appearance; names are taken from `names` (unit code → name) or from
/// the first member.
pub fn dissolve(
    b: &Boundaries,
    mapping: &HashMap<String, String>,
    names: &HashMap<String, String>,
) -> (Boundaries, BTreeMap<String, Vec<String>>) {
    let mut order: Vec<String> = Vec::new();
    let mut members: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, c) in b.codes.iter().enumerate() {
        let unit = mapping.get(c).cloned().unwrap_or_else(|| c.clone());
        let e = members.entry(unit.clone()).or_default();
        if e.is_empty() {
            order.push(unit);
        }
        e.push(i);
    }
    let mut out = Boundaries {
        source: format!("{}; dissolved to statistical units", b.source),
        ..Default::default()
    };
    let mut merged = BTreeMap::new();
    for unit in order {
        let m = &members[&unit];
        let geom = if m.len() == 1 {
            b.geometries[m[0]].clone()
        } else {
            let polys: Vec<_> = m.iter().flat_map(|&i| b.geometries[i].0.iter()).collect();
            merged.insert(
                unit.clone(),
                m.iter().map(|&i| b.codes[i].clone()).collect(),
            );
            unary_union(polys)
        };
        let name = names
            .get(&unit)
            .cloned()
            .unwrap_or_else(|| b.names[m[0]].clone());
        out.codes.push(unit);
        out.names.push(name);
        out.geometries.push(geom);
    }
    (out, merged)
}

/// Dissolves features to a list of target unit codes: a feature whose code
/// is a target is kept; one whose parent code (e.g. the shapefile's
/// `COL_ADM_SE`) is a target is merged into it; anything else is reported
/// as unmatched and left out. Targets no feature maps to are reported too.
pub fn dissolve_to_units(
    b: &Boundaries,
    parents: &[Option<String>],
    targets: &[String],
    names: &HashMap<String, String>,
) -> (Boundaries, DissolveReport) {
    let tset: HashSet<&str> = targets.iter().map(|s| s.as_str()).collect();
    let mut keep = Boundaries {
        source: b.source.clone(),
        ..Default::default()
    };
    let mut mapping = HashMap::new();
    let mut report = DissolveReport::default();
    for i in 0..b.len() {
        let code = &b.codes[i];
        let target = if tset.contains(code.as_str()) {
            Some(code.clone())
        } else {
            parents
                .get(i)
                .cloned()
                .flatten()
                .filter(|p| tset.contains(p.as_str()))
        };
        match target {
            Some(t) => {
                mapping.insert(code.clone(), t);
                keep.codes.push(code.clone());
                keep.names.push(b.names[i].clone());
                keep.geometries.push(b.geometries[i].clone());
            }
            None => report.unmatched_features.push(code.clone()),
        }
    }
    let (out, merged) = dissolve(&keep, &mapping, names);
    report.merged = merged;
    let have: HashSet<&str> = out.codes.iter().map(|s| s.as_str()).collect();
    report.missing_targets = targets
        .iter()
        .filter(|t| !have.contains(t.as_str()))
        .cloned()
        .collect();
    (out, report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Area;
    use geo_types::{polygon, MultiPolygon};

    #[test]
    fn two_unit_squares_become_one_rectangle() {
        let a = polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0), (x: 0.0, y: 1.0)];
        let b = polygon![(x: 1.0, y: 0.0), (x: 2.0, y: 0.0), (x: 2.0, y: 1.0), (x: 1.0, y: 1.0)];
        let c = polygon![(x: 5.0, y: 5.0), (x: 6.0, y: 5.0), (x: 6.0, y: 6.0), (x: 5.0, y: 6.0)];
        let bd = Boundaries {
            codes: vec!["a1".into(), "a2".into(), "c".into(), "z".into()],
            names: vec!["A one".into(), "A two".into(), "C".into(), "Z".into()],
            geometries: vec![
                MultiPolygon(vec![a]),
                MultiPolygon(vec![b]),
                MultiPolygon(vec![c.clone()]),
                MultiPolygon(vec![c]),
            ],
            ..Default::default()
        };
        let parents = vec![Some("A".into()), Some("A".into()), None, None];
        let targets = vec!["A".to_string(), "c".to_string(), "q".to_string()];
        let names = HashMap::from([("A".to_string(), "A city".to_string())]);
        let (out, rep) = dissolve_to_units(&bd, &parents, &targets, &names);
        assert_eq!(out.codes, vec!["A", "c"]);
        assert_eq!(out.names[0], "A city");
        // Union of two unit squares sharing an edge: one polygon of area 2, no interior edge.
        assert_eq!(out.geometries[0].0.len(), 1);
        assert!((out.geometries[0].unsigned_area() - 2.0).abs() < 1e-12);
        assert_eq!(rep.merged["A"], vec!["a1", "a2"]);
        assert_eq!(rep.unmatched_features, vec!["z"]);
        assert_eq!(rep.missing_targets, vec!["q"]);
    }
}
