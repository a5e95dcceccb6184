//! End-to-end `regio living-areas`: the demo passenger OD (159 si-gun) and
//! si-do migration, TTWA and Intramax, GeoJSON of dissolved areas, and bad
//! input (negative flows, unknown codes, zero-resident units, bad options).

use std::path::Path;
use std::process::Command;

fn regio() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_regio"));
    c.env(
        "REGIO_DATA_DIR",
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../data"),
    );
    c
}

fn read(p: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(p).unwrap();
    let h = r.headers().unwrap().iter().map(|s| s.to_string()).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(|s| s.to_string()).collect())
        .collect();
    (h, rows)
}

fn col(h: &[String], n: &str) -> usize {
    h.iter().position(|x| x == n).unwrap()
}

#[test]
fn passenger_ttwa_areas_are_valid_and_cover_all_units() {
    let dir = tempfile::tempdir().unwrap();
    let out = regio()
        .args([
            "living-areas",
            "--flows",
            "passenger",
            "--method",
            "ttwa",
            "--params",
            "3500,0.667,25000,0.75",
            "--out",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (h, rows) = read(&dir.path().join("living_areas.csv"));
    assert!(rows.len() > 1 && rows.len() < 159);
    let (r, w, t) = (col(&h, "residents"), col(&h, "jobs"), col(&h, "internal"));
    let mut units = 0;
    for row in &rows {
        let (r, w, t): (f64, f64, f64) = (
            row[r].parse().unwrap(),
            row[w].parse().unwrap(),
            row[t].parse().unwrap(),
        );
        // ONS 2011 trade-off, recomputed: Y·Z·tarSC/minSC ≥ 1.
        let sc = (t / r).min(t / w);
        let s = ((25000.0 - r) / 21500.0).max(0.0);
        let v = (sc / 0.75).min(1.0) * (1.0 - (1.0 - 0.667 / 0.75) * s) * 0.75 / 0.667;
        assert!(
            v >= 1.0 - 1e-9 || sc >= 1.0 - 1e-12,
            "area {} invalid: {v}",
            row[0]
        );
        units += row[col(&h, "n_units")].parse::<usize>().unwrap();
    }
    assert_eq!(units, 159);
    let (hu, urows) = read(&dir.path().join("living_area_units.csv"));
    assert_eq!(urows.len(), 159);
    // Seoul (11) is the hub of its area.
    let seoul = urows.iter().find(|r| r[0] == "11").unwrap();
    assert_eq!(seoul[col(&hu, "area")], "11");
    assert_eq!(seoul[col(&hu, "is_hub")], "true");
    let (_, links) = read(&dir.path().join("living_area_linkage.csv"));
    assert!(!links.is_empty());
}

#[test]
fn migration_intramax_with_geojson() {
    let dir = tempfile::tempdir().unwrap();
    let out = regio()
        .args([
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
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (_, rows) = read(&dir.path().join("living_areas.csv"));
    assert_eq!(rows.len(), 4);
    let g: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("living_areas.geojson")).unwrap(),
    )
    .unwrap();
    assert_eq!(g["features"].as_array().unwrap().len(), 4);
    let g: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("living_area_units.geojson")).unwrap(),
    )
    .unwrap();
    assert_eq!(g["features"].as_array().unwrap().len(), 17);
}

fn manifest(dir: &Path, flows: &str) -> std::path::PathBuf {
    std::fs::write(dir.join("flows.csv"), flows).unwrap();
    let m = dir.join("regio.toml");
    std::fs::write(
        &m,
        "name = \"t\"\n[[flows]]\nname = \"commute\"\nfile = \"flows.csv\"\norigin_col = \"origin\"\ndestination_col = \"destination\"\nvalue_col = \"value\"\n",
    )
    .unwrap();
    m
}

#[test]
fn bad_input_fails_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    // Negative flow.
    let m = manifest(
        dir.path(),
        "origin,destination,value\na,a,5\na,b,-3\nb,a,2\nb,b,4\n",
    );
    let out = regio()
        .arg("living-areas")
        .arg(&m)
        .arg("--out")
        .arg(dir.path().join("o"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("-3"), "{e}");
    // A unit with flows in but none out (zero residents).
    let m = manifest(
        dir.path(),
        "origin,destination,value\na,a,5\na,b,3\nb,a,2\nb,b,4\na,c,1\n",
    );
    let out = regio()
        .arg("living-areas")
        .arg(&m)
        .arg("--out")
        .arg(dir.path().join("o"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("c (residents 0, jobs 1)"), "{e}");
    // Options.
    let out = regio()
        .args(["living-areas", "--flows", "nosuch", "--out"])
        .arg(dir.path().join("o"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such flow set"));
    let out = regio()
        .args([
            "living-areas",
            "--flows",
            "migration",
            "--params",
            "3500,0.667,25000",
            "--out",
        ])
        .arg(dir.path().join("o"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = regio()
        .args([
            "living-areas",
            "--flows",
            "migration",
            "--method",
            "kmeans",
            "--out",
        ])
        .arg(dir.path().join("o"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("expected ttwa or intramax"));
}
