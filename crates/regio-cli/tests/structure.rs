//! End-to-end tests of `regio structure`: output formats (GeoJSON joins each
//! per-region flow table to the boundary set of its level) and bad input
//! (OD regions missing from the region list, unknown capital codes).

mod common;

use common::{read_json, read_rows, run_out, write_file};
use std::collections::BTreeSet;
use std::path::Path;

#[test]
fn geojson_joins_flow_regions_to_boundaries() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    run_out(
        out,
        &[
            "structure",
            "--flows",
            "migration",
            "--format",
            "csv,json,parquet,geojson",
        ],
    )
    .expect_ok();
    // Tables without a region column: csv, json and parquet only.
    for t in [
        "structure_indicators",
        "structure_verdict",
        "structure_summary",
    ] {
        for ext in ["csv", "json", "parquet"] {
            assert!(out.join(format!("{t}.{ext}")).is_file(), "{t}.{ext}");
        }
        assert!(!out.join(format!("{t}.geojson")).exists());
    }
    // The per-region migration table as GeoJSON: one feature per CSV row, the
    // same region codes, every feature with a polygon.
    let rows = read_rows(&out.join("flow_regions_migration.csv"));
    let gj = read_json(&out.join("flow_regions_migration.geojson"));
    let feats = gj["features"].as_array().unwrap();
    assert_eq!(feats.len(), rows.len());
    for (f, r) in feats.iter().zip(&rows) {
        let code = r["region"].as_str();
        assert_eq!(f["properties"]["region"].as_str().unwrap(), code);
        assert_eq!(f["geometry"]["type"], "MultiPolygon", "region {code}");
    }
    // The migration OD is at si-do level: 17 si-do (Sejong 36 from 2012) in
    // the 2018 KOSTAT si-do boundaries shipped with the data.
    let codes: BTreeSet<&str> = rows.iter().map(|r| r["region"].as_str()).collect();
    assert!(codes.len() == 17 && codes.contains("11") && codes.contains("39"));
}

#[test]
fn geojson_without_boundaries_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let f = write_file(
        out,
        "flows.csv",
        "origin,destination,year,value\na,b,2020,5\nb,a,2020,7\nc,a,2020,2\nd,a,2020,1\na,c,2020,1\n",
    );
    let e = run_out(out, &["structure", &f, "--format", "geojson"])
        .expect_fail()
        .stderr;
    assert!(e.contains("--format geojson needs boundaries"), "{e}");
}

/// A manifest with an employees panel over 11, 21, 22, 23 and migration flows
/// that also name region 99.
fn manifest(dir: &Path) -> String {
    write_file(
        dir,
        "panel.csv",
        "region,industry,year,value\n11,A,2020,100\n11,B,2020,50\n21,A,2020,40\n21,B,2020,30\n\
         22,A,2020,20\n22,B,2020,25\n23,A,2020,35\n23,B,2020,10\n",
    );
    write_file(
        dir,
        "flows.csv",
        "origin,destination,year,value\n11,21,2020,10\n21,11,2020,30\n22,11,2020,20\n\
         23,11,2020,15\n99,11,2020,5\n11,23,2020,4\n",
    );
    write_file(
        dir,
        "regio.toml",
        "name = \"test\"\n[[panel]]\nfile = \"panel.csv\"\nmeasure = \"employees\"\n\
         [[flows]]\nname = \"migration\"\nfile = \"flows.csv\"\nyear_col = \"year\"\n",
    )
}

#[test]
fn od_regions_missing_from_the_region_list() {
    let dir = tempfile::tempdir().unwrap();
    let m = manifest(dir.path());
    let out = dir.path().join("o");
    let structure =
        |extra: &[&str]| run_out(&out, &[&["structure", m.as_str()][..], extra].concat());
    // Without a cross-reference the analysis runs, but says which OD regions
    // the panel does not know.
    let s = structure(&[]).expect_ok().stdout;
    assert!(
        s.contains(
            "warning: flows \"migration\": OD regions 99 are missing from the region list of panel \"employees\""
        ),
        "{s}"
    );
    // Ranking centres by the panel needs every OD region in it: refused.
    let e = structure(&["--rank-by", "employees"]).expect_fail().stderr;
    assert!(
        e.contains(
            "OD regions 99 are missing from the region list of panel \"employees\" (11 21 22 23)"
        ),
        "{e}"
    );
    // A capital group naming an unknown code.
    let e = structure(&["--capital", "11,77"]).expect_fail().stderr;
    assert!(e.contains("unknown region code \"77\""), "{e}");
}

#[test]
fn demo_levels_do_not_warn() {
    // The si-gun passenger OD and the si-do panels are different levels: no
    // mismatch warning; the si-do migration OD matches the si-do panels.
    let dir = tempfile::tempdir().unwrap();
    let s = run_out(dir.path(), &["structure"]).expect_ok().stdout;
    assert!(!s.contains("warning: flows"), "{s}");
}
