//! Sections 2 and 3 of the study, drawn from what the analyses computed
//! rather than guessed from table columns: the net-zero resource-circulation
//! zones (max-p with a signed balance, Duque, Anselin & Rey 2012) with their
//! frontier p(r), and the living areas (travel-to-work areas, Coombes & Bond
//! 2008, or Intramax, Masser & Brown 1975) with their hub cities and the
//! linkage between areas.
//!
//! Each section lives in its own module ([`crate::zones_section`],
//! [`crate::areas_section`]); this module keeps what they share and the
//! views under their former paths.

use crate::map::ProjectedMap;
use crate::{ReportError, Result};
use std::collections::BTreeMap;

pub(crate) use crate::areas_section::areas_section;
pub use crate::areas_section::AreasView;
pub(crate) use crate::zones_section::zones_section;
pub use crate::zones_section::ZonesView;

/// Name per code of a map's features.
pub(crate) fn names(map: &ProjectedMap) -> BTreeMap<&str, &str> {
    map.codes
        .iter()
        .map(|c| c.as_str())
        .zip(map.names.iter().map(|n| n.as_str()))
        .collect()
}

/// Feature index per unit; fails when a unit is not on the map.
pub(crate) fn feature_index(map: &ProjectedMap, codes: &[String], set: &str) -> Result<Vec<usize>> {
    let pos: BTreeMap<&str, usize> = map
        .codes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    codes
        .iter()
        .map(|c| {
            pos.get(c.as_str()).copied().ok_or_else(|| {
                ReportError::Invalid(format!("unit {c} is not a feature of boundaries {set:?}"))
            })
        })
        .collect()
}

/// A small map and helpers shared by the sections' tests.
#[cfg(test)]
pub(crate) mod fixtures {
    use crate::map::{Layout, ProjectedMap};
    use geo_types::{polygon, MultiPolygon};
    use regio_core::Boundaries;

    /// Six 1°x1° squares: a b c on the top row, d e f below.
    pub(crate) fn grid() -> ProjectedMap {
        let sq = |x: f64, y: f64| {
            MultiPolygon(vec![
                polygon![(x: x, y: y), (x: x + 1.0, y: y), (x: x + 1.0, y: y + 1.0), (x: x, y: y + 1.0), (x: x, y: y)],
            ])
        };
        let b = Boundaries {
            codes: ["a", "b", "c", "d", "e", "f"].map(String::from).to_vec(),
            names: ["A", "B", "C", "D", "E", "F"].map(String::from).to_vec(),
            geometries: vec![
                sq(126.0, 36.0),
                sq(127.0, 36.0),
                sq(128.0, 36.0),
                sq(126.0, 35.0),
                sq(127.0, 35.0),
                sq(128.0, 35.0),
            ],
            arcs: None,
            source: "test grid".into(),
        };
        ProjectedMap::new(&b, Layout::default()).unwrap()
    }

    pub(crate) fn codes() -> Vec<String> {
        ["a", "b", "c", "d", "e", "f"].map(String::from).to_vec()
    }

    pub(crate) fn fill_of(svg: &str, code: &str) -> String {
        let i = svg.find(&format!("data-code=\"{code}\"")).unwrap();
        let f = svg[..i].rfind("fill=\"").unwrap() + 6;
        svg[f..f + 7].to_string()
    }

    pub(crate) fn ids() -> impl FnMut(&str) -> String {
        let mut n = 0;
        move |b: &str| {
            n += 1;
            format!("f{n}-{b}")
        }
    }
}
