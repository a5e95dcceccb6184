//! End-to-end tests of `regio structure`: output formats (GeoJSON joins each
//! per-region flow table to the boundary set of its level) and bad input
//! (OD regions missing from the region list, unknown capital codes).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn regio(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_regio"))
        .args(args)
        .output()
        .expect("run regio")
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "regio-structure-test-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn ok(o: &Output) {
    assert!(
        o.status.success(),
        "regio failed: {}\n{}",
        String::from_utf8_lossy(&o.stderr),
        String::from_utf8_lossy(&o.stdout)
    );
}

fn read_csv(p: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let h = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    (h, rows)
}

fn col(h: &[String], rows: &[Vec<String>], name: &str) -> Vec<String> {
    let k = h.iter().position(|x| x == name).unwrap();
    rows.iter().map(|r| r[k].clone()).collect()
}

#[test]
fn geojson_joins_flow_regions_to_boundaries() {
    let out = tmp("geojson");
    let o = regio(&[
        "structure",
        "--flows",
        "migration",
        "--format",
        "csv,json,parquet,geojson",
        "--out",
        out.to_str().unwrap(),
    ]);
    ok(&o);
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
    let (h, rows) = read_csv(&out.join("flow_regions_migration.csv"));
    let gj: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("flow_regions_migration.geojson")).unwrap(),
    )
    .unwrap();
    let feats = gj["features"].as_array().unwrap();
    assert_eq!(feats.len(), rows.len());
    for (f, code) in feats.iter().zip(col(&h, &rows, "region")) {
        assert_eq!(f["properties"]["region"].as_str().unwrap(), code);
        assert_eq!(f["geometry"]["type"], "MultiPolygon", "region {code}");
    }
    // The migration OD is at si-do level: 17 si-do (Sejong 36 from 2012) in
    // the 2018 KOSTAT si-do boundaries shipped with the data.
    let codes: BTreeSet<String> = col(&h, &rows, "region").into_iter().collect();
    assert!(codes.len() == 17 && codes.contains("11") && codes.contains("39"));
}

#[test]
fn geojson_without_boundaries_is_refused() {
    let out = tmp("nobounds");
    let f = out.join("flows.csv");
    std::fs::write(
        &f,
        "origin,destination,year,value\na,b,2020,5\nb,a,2020,7\nc,a,2020,2\nd,a,2020,1\na,c,2020,1\n",
    )
    .unwrap();
    let o = regio(&[
        "structure",
        f.to_str().unwrap(),
        "--format",
        "geojson",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("--format geojson needs boundaries"), "{e}");
}

/// A manifest with an employees panel over 11, 21, 22, 23 and migration flows
/// that also name region 99.
fn manifest(dir: &Path) -> PathBuf {
    std::fs::write(
        dir.join("panel.csv"),
        "region,industry,year,value\n11,A,2020,100\n11,B,2020,50\n21,A,2020,40\n21,B,2020,30\n\
         22,A,2020,20\n22,B,2020,25\n23,A,2020,35\n23,B,2020,10\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("flows.csv"),
        "origin,destination,year,value\n11,21,2020,10\n21,11,2020,30\n22,11,2020,20\n\
         23,11,2020,15\n99,11,2020,5\n11,23,2020,4\n",
    )
    .unwrap();
    let m = dir.join("regio.toml");
    std::fs::write(
        &m,
        "name = \"test\"\n[[panel]]\nfile = \"panel.csv\"\nmeasure = \"employees\"\n\
         [[flows]]\nname = \"migration\"\nfile = \"flows.csv\"\nyear_col = \"year\"\n",
    )
    .unwrap();
    m
}

#[test]
fn od_regions_missing_from_the_region_list() {
    let out = tmp("odmissing");
    let m = manifest(&out);
    let dir = out.join("o");
    // Without a cross-reference the analysis runs, but says which OD regions
    // the panel does not know.
    let o = regio(&[
        "structure",
        m.to_str().unwrap(),
        "--out",
        dir.to_str().unwrap(),
    ]);
    ok(&o);
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(
        s.contains(
            "warning: flows \"migration\": OD regions 99 are missing from the region list of panel \"employees\""
        ),
        "{s}"
    );
    // Ranking centres by the panel needs every OD region in it: refused.
    let o = regio(&[
        "structure",
        m.to_str().unwrap(),
        "--rank-by",
        "employees",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(
        e.contains(
            "OD regions 99 are missing from the region list of panel \"employees\" (11 21 22 23)"
        ),
        "{e}"
    );
    // A capital group naming an unknown code.
    let o = regio(&[
        "structure",
        m.to_str().unwrap(),
        "--capital",
        "11,77",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("unknown region code \"77\""), "{e}");
}

#[test]
fn demo_levels_do_not_warn() {
    // The si-gun passenger OD and the si-do panels are different levels: no
    // mismatch warning; the si-do migration OD matches the si-do panels.
    let out = tmp("demo");
    let o = regio(&["structure", "--out", out.to_str().unwrap()]);
    ok(&o);
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(!s.contains("warning: flows"), "{s}");
}
