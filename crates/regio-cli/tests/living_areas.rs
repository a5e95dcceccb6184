//! End-to-end `regio living-areas`: the demo passenger OD (159 si-gun) and
//! si-do migration, TTWA and Intramax, GeoJSON of dissolved areas, and bad
//! input (negative flows, unknown codes, zero-resident units, bad options).

mod common;

use common::{arg, geojson_features, num, read_rows, run_in, write_file};
use std::path::Path;

#[test]
fn passenger_ttwa_areas_are_valid_and_cover_all_units() {
    let dir = tempfile::tempdir().unwrap();
    run_in(
        dir.path(),
        &[
            "living-areas",
            "--flows",
            "passenger",
            "--method",
            "ttwa",
            "--params",
            "3500,0.667,25000,0.75",
            "--out",
            arg(dir.path()),
        ],
    )
    .expect_ok();
    let rows = read_rows(&dir.path().join("living_areas.csv"));
    assert!(rows.len() > 1 && rows.len() < 159);
    let mut units = 0;
    for row in &rows {
        let (r, w, t) = (
            num(row, "residents"),
            num(row, "jobs"),
            num(row, "internal"),
        );
        // ONS 2011 trade-off, recomputed: Y·Z·tarSC/minSC ≥ 1.
        let sc = (t / r).min(t / w);
        let s = ((25000.0 - r) / 21500.0).max(0.0);
        let v = (sc / 0.75).min(1.0) * (1.0 - (1.0 - 0.667 / 0.75) * s) * 0.75 / 0.667;
        assert!(
            v >= 1.0 - 1e-9 || sc >= 1.0 - 1e-12,
            "area {} invalid: {v}",
            row["area"]
        );
        units += row["n_units"].parse::<usize>().unwrap();
    }
    assert_eq!(units, 159);
    let urows = read_rows(&dir.path().join("living_area_units.csv"));
    assert_eq!(urows.len(), 159);
    // Seoul (11) is the hub of its area.
    let seoul = urows.iter().find(|r| r["code"] == "11").unwrap();
    assert_eq!(seoul["area"], "11");
    assert_eq!(seoul["is_hub"], "true");
    let links = read_rows(&dir.path().join("living_area_linkage.csv"));
    assert!(!links.is_empty());
}

#[test]
fn migration_intramax_with_geojson() {
    let dir = tempfile::tempdir().unwrap();
    run_in(
        dir.path(),
        &[
            "living-areas",
            "--flows",
            "migration",
            "--method",
            "intramax",
            "--k",
            "4",
            "--format",
            "csv,geojson",
            "--out",
            arg(dir.path()),
        ],
    )
    .expect_ok();
    let rows = read_rows(&dir.path().join("living_areas.csv"));
    assert_eq!(rows.len(), 4);
    assert_eq!(
        geojson_features(&dir.path().join("living_areas.geojson")),
        4
    );
    assert_eq!(
        geojson_features(&dir.path().join("living_area_units.geojson")),
        17
    );
}

/// A manifest of one flow set `commute` with these flows; returns its path.
fn manifest(dir: &Path, flows: &str) -> String {
    write_file(dir, "flows.csv", flows);
    write_file(
        dir,
        "regio.toml",
        "name = \"t\"\n[[flows]]\nname = \"commute\"\nfile = \"flows.csv\"\norigin_col = \"origin\"\ndestination_col = \"destination\"\nvalue_col = \"value\"\n",
    )
}

#[test]
fn bad_input_fails_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = d.join("o");
    let o = arg(&o);
    // Negative flow.
    let m = manifest(d, "origin,destination,value\na,a,5\na,b,-3\nb,a,2\nb,b,4\n");
    let out = run_in(d, &["living-areas", &m, "--out", o]);
    assert_ne!(out.code, 0);
    assert!(out.stderr.contains("-3"), "{}", out.stderr);
    // A unit with flows in but none out (zero residents).
    let m = manifest(
        d,
        "origin,destination,value\na,a,5\na,b,3\nb,a,2\nb,b,4\na,c,1\n",
    );
    let out = run_in(d, &["living-areas", &m, "--out", o]).expect_code(4);
    assert!(
        out.stderr.contains("c (residents 0, jobs 1)"),
        "{}",
        out.stderr
    );
    // Options.
    let out = run_in(d, &["living-areas", "--flows", "nosuch", "--out", o]).expect_code(2);
    assert!(out.stderr.contains("no such flow set"));
    run_in(
        d,
        &[
            "living-areas",
            "--flows",
            "migration",
            "--params",
            "3500,0.667,25000",
            "--out",
            o,
        ],
    )
    .expect_code(2);
    let out = run_in(
        d,
        &[
            "living-areas",
            "--flows",
            "migration",
            "--method",
            "kmeans",
            "--out",
            o,
        ],
    );
    assert!(out.stderr.contains("expected ttwa or intramax"));
}
