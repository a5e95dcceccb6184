//! Super-regions: groupings of regions (mega-regions, functional regions,
//! zones) whose capabilities are pooled by summing their panels, following
//! the pooled-capability view of regional diversification (Boschma 2017,
//! "Relatedness as driver of regional diversification"; Balland et al. 2019).
//!
//! Preset `korea-megaregions` (KOSTAT si-do codes), the 5 + 2 regional
//! economic zones of Korea's balanced-development policy (5극 3특):
//! capital (수도권) 11 Seoul, 23 Incheon, 31 Gyeonggi; Chungcheong (충청권)
//! 25 Daejeon, 29 Sejong, 33 Chungbuk, 34 Chungnam; Honam (호남권) 24 Gwangju,
//! 35 Jeonbuk, 36 Jeonnam; Daegyeong (대경권) 22 Daegu, 37 Gyeongbuk; Dongnam
//! (동남권) 21 Busan, 26 Ulsan, 38 Gyeongnam; Gangwon (강원) 32; Jeju (제주) 39.

use regio_core::{Error, Matrix, RegionSet, Result};
use std::collections::BTreeMap;

/// Names of the built-in presets.
pub const PRESETS: &[&str] = &["korea-megaregions"];

/// The `korea-megaregions` preset: (super-region, KOSTAT si-do codes).
pub const KOREA_MEGAREGIONS: &[(&str, &[&str])] = &[
    ("capital", &["11", "23", "31"]),
    ("chungcheong", &["25", "29", "33", "34"]),
    ("honam", &["24", "35", "36"]),
    ("daegyeong", &["22", "37"]),
    ("dongnam", &["21", "26", "38"]),
    ("gangwon", &["32"]),
    ("jeju", &["39"]),
];

/// A grouping of regions into named super-regions.
#[derive(Debug, Clone, PartialEq)]
pub struct SuperRegions {
    /// Super-region names, in order of first appearance.
    pub names: Vec<String>,
    /// Member region indices (into the region set) per super-region.
    pub members: Vec<Vec<usize>>,
    /// Where the grouping came from (file, preset or command).
    pub source: String,
    /// Notes for the user (members absent from the data, regions left ungrouped).
    pub notes: Vec<String>,
}

impl SuperRegions {
    /// Groups from (region code, super-region name) pairs. Every code must
    /// be a region of `regions`: an unknown code is an error naming it and
    /// the row it came from. A region may belong to one super-region only.
    pub fn from_mapping(
        pairs: &[(String, String)],
        regions: &RegionSet,
        source: &str,
    ) -> Result<Self> {
        let mut names: Vec<String> = vec![];
        let mut members: Vec<Vec<usize>> = vec![];
        let mut owner: BTreeMap<usize, String> = BTreeMap::new();
        for (row, (code, group)) in pairs.iter().enumerate() {
            let id = regions.id(code).ok_or_else(|| Error::UnknownRegion {
                code: code.clone(),
                context: Some(format!(
                    "{source}, mapping row {} (super-region {group:?}); the data's regions are {}",
                    row + 1,
                    regions.codes().join(", ")
                )),
            })?;
            if let Some(prev) = owner.get(&id.idx()) {
                if prev != group {
                    return Err(Error::Duplicate {
                        what: "region in super-regions".into(),
                        key: format!("{code} (in {prev:?} and {group:?})"),
                        context: Some(format!("{source}, mapping row {}", row + 1)),
                    });
                }
                continue;
            }
            owner.insert(id.idx(), group.clone());
            let g = match names.iter().position(|n| n == group) {
                Some(g) => g,
                None => {
                    names.push(group.clone());
                    members.push(vec![]);
                    names.len() - 1
                }
            };
            members[g].push(id.idx());
        }
        if names.is_empty() {
            return Err(Error::invalid(format!(
                "{source}: the super-region mapping is empty"
            )));
        }
        let mut notes = vec![];
        let ungrouped: Vec<String> = regions
            .iter()
            .enumerate()
            .filter(|(i, _)| !owner.contains_key(i))
            .map(|(_, r)| r.code.clone())
            .collect();
        if !ungrouped.is_empty() {
            notes.push(format!(
                "regions in no super-region: {}",
                ungrouped.join(", ")
            ));
        }
        Ok(SuperRegions {
            names,
            members,
            source: source.to_string(),
            notes,
        })
    }

    /// A named preset (see [`PRESETS`]). Preset members absent from the data
    /// (e.g. Sejong before 2012) are noted; a super-region with no member in
    /// the data is an error (the data probably use another code system).
    pub fn preset(name: &str, regions: &RegionSet) -> Result<Self> {
        let table = match name {
            "korea-megaregions" => KOREA_MEGAREGIONS,
            _ => {
                return Err(Error::invalid(format!(
                    "unknown super-region preset {name:?} (available: {})",
                    PRESETS.join(", ")
                )))
            }
        };
        let mut pairs = vec![];
        let mut absent = vec![];
        for (group, codes) in table {
            let present: Vec<&&str> = codes.iter().filter(|c| regions.id(c).is_some()).collect();
            if present.is_empty() {
                return Err(Error::invalid(format!(
                    "preset {name}: none of the members of {group} ({}) is a region of the data \
                     (regions: {}); the preset uses KOSTAT si-do codes (11 Seoul ... 39 Jeju)",
                    codes.join(", "),
                    regions.codes().join(", ")
                )));
            }
            for c in codes.iter() {
                if regions.id(c).is_some() {
                    pairs.push((c.to_string(), group.to_string()));
                } else {
                    absent.push(format!("{c} ({group})"));
                }
            }
        }
        let mut sr = SuperRegions::from_mapping(&pairs, regions, &format!("preset {name}"))?;
        if !absent.is_empty() {
            sr.notes.push(format!(
                "preset members absent from the data: {}",
                absent.join(", ")
            ));
        }
        Ok(sr)
    }

    /// Groups from one label per region (zones or functional regions from
    /// another command); `None` leaves a region ungrouped.
    pub fn from_labels(
        labels: &[Option<String>],
        regions: &RegionSet,
        source: &str,
    ) -> Result<Self> {
        if labels.len() != regions.len() {
            return Err(Error::Shape(format!(
                "{} labels for {} regions",
                labels.len(),
                regions.len()
            )));
        }
        let pairs: Vec<(String, String)> = labels
            .iter()
            .zip(regions.iter())
            .filter_map(|(l, r)| l.as_ref().map(|l| (r.code.clone(), l.clone())))
            .collect();
        SuperRegions::from_mapping(&pairs, regions, source)
    }

    /// Number of super-regions.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when there is no super-region.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Pools a regions x industries matrix: one row per super-region, the
    /// sum over its members.
    pub fn pool(&self, x: &Matrix) -> Matrix {
        let mut out = Matrix::zeros(self.len(), x.ncols());
        for (g, mem) in self.members.iter().enumerate() {
            for &r in mem {
                for (o, v) in out.row_mut(g).iter_mut().zip(x.row(r)) {
                    *o += v;
                }
            }
        }
        out
    }

    /// The member codes of each super-region joined by `+`, for tables.
    pub fn member_codes(&self, regions: &RegionSet) -> Vec<String> {
        self.members
            .iter()
            .map(|m| {
                m.iter()
                    .map(|&i| regions.as_slice()[i].code.clone())
                    .collect::<Vec<_>>()
                    .join("+")
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regio_core::Region;

    #[test]
    fn preset_and_pooling() {
        let codes = [
            "11", "21", "22", "23", "24", "25", "26", "31", "32", "33", "34", "35", "36", "37",
            "38", "39",
        ];
        let rs =
            RegionSet::from_regions(codes.iter().map(|c| Region::new(*c, *c)).collect()).unwrap();
        let sr = SuperRegions::preset("korea-megaregions", &rs).unwrap();
        assert_eq!(sr.len(), 7);
        assert!(
            sr.notes.iter().any(|n| n.contains("29 (chungcheong)")),
            "{:?}",
            sr.notes
        );
        assert_eq!(sr.member_codes(&rs)[0], "11+23+31");
        let x =
            Matrix::from_rows(&(0..16).map(|i| vec![i as f64, 1.0]).collect::<Vec<_>>()).unwrap();
        let p = sr.pool(&x);
        // capital = rows of 11 (0), 23 (3), 31 (7): 0 + 3 + 7 = 10; 3 members x 1.0 = 3.
        assert_eq!(p.row(0), &[10.0, 3.0]);
        let e =
            SuperRegions::from_mapping(&[("99".into(), "x".into())], &rs, "map.csv").unwrap_err();
        assert!(
            e.to_string().contains("99") && e.to_string().contains("map.csv"),
            "{e}"
        );
        let mois = RegionSet::from_regions(vec![Region::new("41", "g")]).unwrap();
        assert!(SuperRegions::preset("korea-megaregions", &mois).is_err());
    }
}
