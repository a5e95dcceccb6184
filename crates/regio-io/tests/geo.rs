//! Boundary readers on real files and on broken ones.

use regio_core::Table;
use regio_io::geo::{
    invalid_features, read_boundaries, read_geojson, read_geojson_str, read_shapefile,
    read_topojson, write_geojson, FeatureKeys,
};
use std::path::{Path, PathBuf};

fn data(p: &str) -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data")).join(p)
}

#[test]
fn topojson_decodes_like_the_published_geojson() {
    // kr_boundaries_kostat_2018/provinces_2018_simple.geojson was decoded from the same
    // TopoJSON by an independent script (6 decimals): every vertex must agree to 1e-6.
    let keys = FeatureKeys::default();
    let (topo, _) = read_topojson(
        &data("kr_boundaries_kostat_2018/skorea-provinces-2018-topo-simple.json"),
        None,
        &keys,
    )
    .unwrap();
    let gj = data("kr_boundaries_kostat_2018/provinces_2018_simple.geojson");
    let (geo, _) = read_geojson(&gj, &keys).unwrap();
    assert_eq!(topo.codes, geo.codes);
    for (i, (a, b)) in topo.geometries.iter().zip(&geo.geometries).enumerate() {
        let pa: Vec<_> = a.0.iter().flat_map(|p| p.exterior().0.clone()).collect();
        let pb: Vec<_> = b.0.iter().flat_map(|p| p.exterior().0.clone()).collect();
        assert_eq!(pa.len(), pb.len(), "feature {}", topo.codes[i]);
        for (u, v) in pa.iter().zip(&pb) {
            assert!((u.x - v.x).abs() <= 1.0000001e-6 && (u.y - v.y).abs() <= 1.0000001e-6);
        }
    }
}

#[test]
fn read_boundaries_detects_topology_and_shapefile() {
    let keys = FeatureKeys::default();
    let (b, _) = read_boundaries(
        &data("kr_boundaries_kostat_2018/skorea-municipalities-2018-topo-simple.json"),
        &keys,
    )
    .unwrap();
    assert_eq!(b.len(), 250);
    assert!(b.arcs.is_some());
    let (s, _) = read_boundaries(
        &data("kr_carbon_2022/original/LARD_ADM_SECT_SGG_41_202405.shp"),
        &FeatureKeys::default(),
    )
    .unwrap();
    assert_eq!(s.len(), 44);
}

#[test]
fn simplified_2018_boundaries_have_invalid_polygons_reported() {
    // PROVENANCE.md: simplification makes some polygons invalid (13 of 250 municipal features
    // under GEOS). regio reports them instead of failing; the exact count depends on the
    // validity rules, so only check that invalid ones are found and named.
    let (b, _) = read_topojson(
        &data("kr_boundaries_kostat_2018/skorea-municipalities-2018-topo-simple.json"),
        None,
        &FeatureKeys::default(),
    )
    .unwrap();
    let bad = invalid_features(&b);
    assert!(!bad.is_empty() && bad.len() < 40, "{}", bad.len());
    assert!(bad
        .iter()
        .all(|f| b.position(&f.code).is_some() && !f.reason.is_empty()));
}

#[test]
fn shapefile_without_dbf_or_with_bad_shx_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let src = data("kr_carbon_2022/original/LARD_ADM_SECT_SGG_41_202405");
    let shp = dir.path().join("gg.shp");
    std::fs::copy(src.with_extension("shp"), &shp).unwrap();
    std::fs::copy(src.with_extension("shx"), dir.path().join("gg.shx")).unwrap();
    let e = read_shapefile(&shp, &FeatureKeys::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("gg.dbf is missing"), "{e}");
    std::fs::copy(src.with_extension("dbf"), dir.path().join("gg.dbf")).unwrap();
    std::fs::copy(src.with_extension("prj"), dir.path().join("gg.prj")).unwrap();
    std::fs::copy(src.with_extension("cpg"), dir.path().join("gg.cpg")).unwrap();
    // Truncate the index: 100-byte header + 8 bytes per record; cut it mid-way.
    let shx = std::fs::read(src.with_extension("shx")).unwrap();
    std::fs::write(dir.path().join("gg.shx"), &shx[..60]).unwrap();
    let e = read_shapefile(&shp, &FeatureKeys::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("gg.shp"), "{e}");
    // Without .prj, projected metres are not taken for degrees.
    std::fs::write(dir.path().join("gg.shx"), &shx).unwrap();
    std::fs::remove_file(dir.path().join("gg.prj")).unwrap();
    let e = read_shapefile(&shp, &FeatureKeys::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("is a .prj missing"), "{e}");
}

#[test]
fn geojson_bad_inputs() {
    let p = Path::new("x.geojson");
    let k = FeatureKeys::default();
    let e = read_geojson_str("", p, &k).unwrap_err().to_string();
    assert!(e.contains("x.geojson") && e.contains("empty"), "{e}");
    let null_geom = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"1"},"geometry":null}]}"#;
    let e = read_geojson_str(null_geom, p, &k).unwrap_err().to_string();
    assert!(e.contains("feature 1 has no geometry"), "{e}");
    let point = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"1"},"geometry":{"type":"Point","coordinates":[1,2]}}]}"#;
    let e = read_geojson_str(point, p, &k).unwrap_err().to_string();
    assert!(e.contains("found Point"), "{e}");
    let sq = r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}"#;
    let dup = format!(
        r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"code":"7"}},"geometry":{sq}}},{{"type":"Feature","properties":{{"code":"7"}},"geometry":{sq}}}]}}"#
    );
    let e = read_geojson_str(&dup, p, &k).unwrap_err().to_string();
    assert!(
        e.contains("duplicate region code \"7\" in features 1 and 2"),
        "{e}"
    );
    let nocode = format!(
        r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"zz":"7"}},"geometry":{sq}}}]}}"#
    );
    let e = read_geojson_str(&nocode, p, &k).unwrap_err().to_string();
    assert!(e.contains("properties: zz"), "{e}");
}

#[test]
fn geojson_writer_round_trips_and_is_deterministic() {
    let (b, _) = read_topojson(
        &data("kr_boundaries_kostat_2018/skorea-provinces-2018-topo-simple.json"),
        None,
        &FeatureKeys::default(),
    )
    .unwrap();
    let mut t = Table::new("demo").with_region_key("region");
    t.push_str("region", "code", b.codes.clone());
    t.push_f64(
        "x",
        "a value",
        (0..b.len()).map(|i| i as f64 / 3.0).collect(),
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t.geojson");
    write_geojson(&out, &t, &b).unwrap();
    let first = std::fs::read(&out).unwrap();
    write_geojson(&out, &t, &b).unwrap();
    assert_eq!(first, std::fs::read(&out).unwrap());
    let (back, props) = read_geojson(
        &out,
        &FeatureKeys {
            code: Some("region".into()),
            name: None,
        },
    )
    .unwrap();
    assert_eq!(back.codes, b.codes);
    assert_eq!(props.numeric("x").unwrap()[3], Some(1.0));
    let n0: usize = b.geometries[0].0.iter().map(|p| p.exterior().0.len()).sum();
    let n1: usize = back.geometries[0]
        .0
        .iter()
        .map(|p| p.exterior().0.len())
        .sum();
    assert_eq!(n0, n1);
    // No temp files left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}
