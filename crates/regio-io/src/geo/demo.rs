//! The boundary sets of the embedded Korean demo:
//! - `sido`: 17 si-do, KOSTAT/SGIS codes, Dec 2018 (simplified TopoJSON);
//! - `sigungu`: 250 si-gun-gu, KOSTAT/SGIS 2018 codes (simplified TopoJSON);
//! - `gyeonggi`: Gyeonggi-do's si-gun-gu from the May 2024 MOIS shapefile
//!   (EPSG:5186, CP949 DBF), dissolved to the 42 units of the 2022 carbon
//!   statistics (Bucheon's three districts merged into 41190);
//! - `sigun`: the 159 si-gun zones of the KOTI passenger OD, dissolved from
//!   the 250 si-gun-gu by the code rules in [`koti_sigun_code`].

use super::{
    dissolve, dissolve_to_units, read_shapefile_bytes, read_topojson_str, FeatureKeys,
    ShapefileBytes,
};
use crate::{IoError, Result};
use regio_core::Boundaries;
use std::collections::HashMap;
use std::path::Path;

const PROVINCES: &str = include_str!(
    "../../../../data/kr_boundaries_kostat_2018/skorea-provinces-2018-topo-simple.json"
);
const MUNICIPALITIES: &str = include_str!(
    "../../../../data/kr_boundaries_kostat_2018/skorea-municipalities-2018-topo-simple.json"
);
const GG_SHP: &[u8] =
    include_bytes!("../../../../data/kr_carbon_2022/original/LARD_ADM_SECT_SGG_41_202405.shp");
const GG_SHX: &[u8] =
    include_bytes!("../../../../data/kr_carbon_2022/original/LARD_ADM_SECT_SGG_41_202405.shx");
const GG_DBF: &[u8] =
    include_bytes!("../../../../data/kr_carbon_2022/original/LARD_ADM_SECT_SGG_41_202405.dbf");
const GG_PRJ: &str =
    include_str!("../../../../data/kr_carbon_2022/original/LARD_ADM_SECT_SGG_41_202405.prj");
const GG_CPG: &str =
    include_str!("../../../../data/kr_carbon_2022/original/LARD_ADM_SECT_SGG_41_202405.cpg");
const GG_CARBON: &str =
    include_str!("../../../../data/kr_carbon_2022/gyeonggi_sigungu_carbon_2022.csv");

/// Loads the demo's boundary sets: `("sido", ..)`, `("sigungu", ..)`,
/// `("gyeonggi", ..)`.
pub fn demo_boundaries() -> Result<Vec<(String, Boundaries)>> {
    let keys = FeatureKeys {
        code: Some("code".into()),
        name: Some("name".into()),
    };
    let (mut sido, _) = read_topojson_str(
        PROVINCES,
        Path::new("data/kr_boundaries_kostat_2018/skorea-provinces-2018-topo-simple.json"),
        None,
        &keys,
    )?;
    sido.source = "Statistics Korea SGIS census boundaries, Dec 2018, 17 si-do (KOSTAT codes), simplified TopoJSON via southkorea/southkorea-maps; KOGL Type 1".into();
    let (mut sgg, _) = read_topojson_str(
        MUNICIPALITIES,
        Path::new("data/kr_boundaries_kostat_2018/skorea-municipalities-2018-topo-simple.json"),
        None,
        &keys,
    )?;
    sgg.source = "Statistics Korea SGIS census boundaries, Dec 2018, 250 si-gun-gu (KOSTAT codes), simplified TopoJSON via southkorea/southkorea-maps; KOGL Type 1".into();
    let gg = gyeonggi()?.0;
    let sigun = koti_sigun(&sgg, &sido);
    Ok(vec![
        ("sido".into(), sido),
        ("sigungu".into(), sgg),
        ("gyeonggi".into(), gg),
        ("sigun".into(), sigun),
    ])
}

/// The KOTI si-gun zone of a KOSTAT 2018 si-gun-gu code, `None` for units
/// the zone system leaves out (Ulleung 37430, Jeju 39xxx).
///
/// Rules, read off the 159 KOTI zone codes: the seven metropolitan cities and
/// Sejong are single zones (two-digit si-do code), except Gunwi-gun (KOSTAT
/// 2018: 37310 in Gyeongbuk), which moved to Daegu in July 2023 and is zone
/// 22520; districts of multi-district cities join their city (31011 → 31010);
/// counties are numbered from 500 instead of 300 (31350 → 31550).
pub fn koti_sigun_code(code: &str) -> Option<String> {
    const METRO: [&str; 8] = ["11", "21", "22", "23", "24", "25", "26", "29"];
    if code.len() != 5 || !code.is_ascii() {
        return None;
    }
    let (sido, rest) = code.split_at(2);
    if code == "37310" {
        return Some("22520".into());
    }
    if sido == "39" || code == "37430" {
        return None;
    }
    if METRO.contains(&sido) {
        return Some(sido.into());
    }
    let n: u32 = rest.parse().ok()?;
    if n >= 300 {
        return Some(format!("{sido}{}", n + 200));
    }
    Some(format!("{}0", &code[..4]))
}

fn koti_sigun(sgg: &Boundaries, sido: &Boundaries) -> Boundaries {
    let mut keep = Boundaries {
        source: sgg.source.clone(),
        ..Default::default()
    };
    let mut mapping = HashMap::new();
    let mut names = HashMap::new();
    for i in 0..sgg.len() {
        let Some(zone) = koti_sigun_code(&sgg.codes[i]) else {
            continue;
        };
        let name = if zone.len() == 2 {
            sido.position(&zone).map(|j| sido.names[j].clone())
        } else if zone != sgg.codes[i] && zone != "22520" {
            // A district of a city: the city's name is the text up to its first '시'.
            sgg.names[i]
                .find('시')
                .map(|k| sgg.names[i][..k + '시'.len_utf8()].to_string())
        } else {
            None
        };
        names
            .entry(zone.clone())
            .or_insert_with(|| name.unwrap_or_else(|| sgg.names[i].clone()));
        mapping.insert(sgg.codes[i].clone(), zone);
        keep.codes.push(sgg.codes[i].clone());
        keep.names.push(sgg.names[i].clone());
        keep.geometries.push(sgg.geometries[i].clone());
    }
    let (mut out, _) = dissolve(&keep, &mapping, &names);
    out.source = "KOSTAT SGIS 2018 si-gun-gu dissolved to the 159 KOTI si-gun zones (metropolitan cities whole, multi-district cities whole, Gunwi in Daegu; Ulleung and Jeju have no zone)".into();
    out
}

/// The Gyeonggi 2024 shapefile dissolved to the 2022 carbon units, with the
/// dissolve report.
pub(crate) fn gyeonggi() -> Result<(Boundaries, super::DissolveReport)> {
    let path = Path::new("data/kr_carbon_2022/original/LARD_ADM_SECT_SGG_41_202405.shp");
    let (b, props) = read_shapefile_bytes(
        ShapefileBytes {
            shp: GG_SHP,
            shx: GG_SHX,
            dbf: GG_DBF,
            prj: Some(GG_PRJ),
            cpg: Some(GG_CPG),
        },
        path,
        &FeatureKeys {
            code: Some("ADM_SECT_C".into()),
            name: Some("SGG_NM".into()),
        },
    )?;
    let parents = props.text("COL_ADM_SE").unwrap_or_default();
    let mut targets = Vec::new();
    let mut names = HashMap::new();
    for line in GG_CARBON.lines().skip(1) {
        let mut f = line.split(',');
        if let (Some(code), Some(name)) = (f.next(), f.next()) {
            targets.push(code.to_string());
            names.insert(code.to_string(), name.to_string());
        }
    }
    let (mut out, report) = dissolve_to_units(&b, &parents, &targets, &names);
    if !report.missing_targets.is_empty() || !report.unmatched_features.is_empty() {
        return Err(IoError::Format {
            path: path.to_path_buf(),
            message: format!(
                "dissolve to the carbon units failed: carbon codes without polygons {:?}, polygons without a carbon unit {:?}",
                report.missing_targets, report.unmatched_features
            ),
        });
    }
    out.source = "MOIS/NGII si-gun-gu boundaries of Gyeonggi-do, May 2024 (EPSG:5186 shapefile, CP949 DBF) converted to lon/lat and dissolved to the 42 units of the 2022 carbon data (Bucheon 41192/41194/41196 -> 41190)".into();
    Ok((out, report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::BoundingRect;

    #[test]
    fn gyeonggi_shapefile_reads_44_polygons_with_korean_names_in_gyeonggi() {
        let (b, props) = read_shapefile_bytes(
            ShapefileBytes {
                shp: GG_SHP,
                shx: GG_SHX,
                dbf: GG_DBF,
                prj: Some(GG_PRJ),
                cpg: Some(GG_CPG),
            },
            Path::new("gg.shp"),
            &FeatureKeys {
                code: Some("ADM_SECT_C".into()),
                name: Some("SGG_NM".into()),
            },
        )
        .unwrap();
        assert_eq!(b.len(), 44);
        // First DBF record, decoded from CP949 (checked against the .dbf with Python's cp949 codec).
        assert_eq!(b.codes[0], "41111");
        assert_eq!(b.names[0], "경기도 수원시 장안구");
        assert_eq!(
            props.text("COL_ADM_SE").unwrap()[0].as_deref(),
            Some("41110")
        );
        // Gyeonggi-do lies within roughly 126.3–127.9°E, 36.8–38.4°N.
        for g in &b.geometries {
            let r = g.bounding_rect().unwrap();
            assert!(r.min().x > 126.3 && r.max().x < 127.9, "{r:?}");
            assert!(r.min().y > 36.8 && r.max().y < 38.4, "{r:?}");
        }
        let (out, rep) = gyeonggi().unwrap();
        assert_eq!(out.len(), 42);
        assert_eq!(rep.merged["41190"], vec!["41192", "41194", "41196"]);
        assert_eq!(out.names[out.position("41190").unwrap()], "부천시");
    }

    #[test]
    fn demo_sets_have_expected_counts() {
        let sets = demo_boundaries().unwrap();
        let n: Vec<(String, usize)> = sets.iter().map(|(k, b)| (k.clone(), b.len())).collect();
        assert_eq!(
            n,
            vec![
                ("sido".into(), 17),
                ("sigungu".into(), 250),
                ("gyeonggi".into(), 42),
                ("sigun".into(), 159)
            ]
        );
        // The 159 zones are exactly the codes of the KOTI passenger OD's unit list.
        let units = include_str!("../../../../data/kr_od_sigun_koti_passenger/units_159.csv");
        let mut want: Vec<&str> = units
            .lines()
            .skip(1)
            .filter_map(|l| l.split(',').next())
            .collect();
        want.sort_unstable();
        let mut have: Vec<&str> = sets[3].1.codes.iter().map(|s| s.as_str()).collect();
        have.sort_unstable();
        assert_eq!(have, want);
        let sigun = &sets[3].1;
        assert_eq!(sigun.names[sigun.position("31010").unwrap()], "수원시");
        assert_eq!(sigun.names[sigun.position("11").unwrap()], "서울특별시");
        assert_eq!(sigun.names[sigun.position("22520").unwrap()], "군위군");
        let sido = &sets[0].1;
        assert_eq!(sido.codes[0], "11");
        assert_eq!(sido.names[0], "서울특별시");
        assert!(sido.arcs.as_ref().unwrap()[0].len() > 1);
    }
}
