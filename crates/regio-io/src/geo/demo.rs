//! The boundary sets of the embedded Korean demo:
//! - `sido`: 17 si-do, KOSTAT/SGIS codes, Dec 2018 (simplified TopoJSON);
//! - `sigungu`: 250 si-gun-gu, KOSTAT/SGIS 2018 codes (simplified TopoJSON);
//! - `gyeonggi`: Gyeonggi-do's si-gun-gu from the May 2024 MOIS shapefile
//!   (EPSG:5186, CP949 DBF), dissolved to the 42 units of the 2022 carbon
//!   statistics (Bucheon's three districts merged into 41190).

use super::{
    dissolve_to_units, read_shapefile_bytes, read_topojson_str, FeatureKeys, ShapefileBytes,
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
    Ok(vec![
        ("sido".into(), sido),
        ("sigungu".into(), sgg),
        ("gyeonggi".into(), gg),
    ])
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
                ("gyeonggi".into(), 42)
            ]
        );
        let sido = &sets[0].1;
        assert_eq!(sido.codes[0], "11");
        assert_eq!(sido.names[0], "서울특별시");
        assert!(sido.arcs.as_ref().unwrap()[0].len() > 1);
    }
}
