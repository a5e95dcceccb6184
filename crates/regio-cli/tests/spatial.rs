//! End-to-end tests of `regio spatial` and `regio structure` on real data:
//! PySAL examples against esda output (data/reference/esda), the 2024
//! Gyeonggi boundaries (fuzzy contiguity), the Korean demo, and bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data");

fn regio(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_regio"))
        .args(args)
        .output()
        .expect("run regio")
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("regio-spatial-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
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

fn cell(h: &[String], row: &[String], name: &str) -> String {
    row[h
        .iter()
        .position(|x| x == name)
        .unwrap_or_else(|| panic!("no column {name}"))]
    .clone()
}

fn esda_global(dir: &str, key: &str) -> f64 {
    let (_, rows) = read_csv(&Path::new(DATA).join(format!("reference/esda/{dir}/global.csv")));
    rows.iter().find(|r| r[0] == key).unwrap()[1]
        .parse()
        .unwrap()
}

fn ok(o: &Output) {
    assert!(
        o.status.success(),
        "regio failed: {}\n{}",
        String::from_utf8_lossy(&o.stderr),
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn moran_columbus_matches_esda() {
    let out = tmp("moran");
    let shp = format!("{DATA}/pysal_examples/columbus/columbus.shp");
    let o = regio(&[
        "spatial",
        "moran",
        &shp,
        "--var",
        "CRIME",
        "--id",
        "POLYID",
        "--out",
        out.to_str().unwrap(),
    ]);
    ok(&o);
    let (h, rows) = read_csv(&out.join("moran.csv"));
    for k in ["I", "EI", "z_norm", "p_norm", "z_rand"] {
        let v: f64 = cell(&h, &rows[0], k).parse().unwrap();
        let e = esda_global("columbus_crime", k);
        assert!(
            (v - e).abs() <= 1e-10 * e.abs().max(1.0),
            "{k}: {v} vs esda {e}"
        );
    }
    assert!(String::from_utf8_lossy(&o.stdout).contains("Moran's I of CRIME: I = 0.500189"));
}

#[test]
fn lisa_columbus_quadrants_and_geojson() {
    let out = tmp("lisa");
    let shp = format!("{DATA}/pysal_examples/columbus/columbus.shp");
    ok(&regio(&[
        "spatial",
        "lisa",
        &shp,
        "--var",
        "CRIME",
        "--id",
        "POLYID",
        "--seed",
        "3",
        "--out",
        out.to_str().unwrap(),
    ]));
    let (h, rows) = read_csv(&out.join("lisa.csv"));
    let (eh, erows) = read_csv(&Path::new(DATA).join("reference/esda/columbus_crime/local.csv"));
    assert_eq!(rows.len(), erows.len());
    for (r, e) in rows.iter().zip(&erows) {
        assert_eq!(cell(&h, r, "q"), cell(&eh, e, "q"));
        let (a, b): (f64, f64) = (
            cell(&h, r, "Is").parse().unwrap(),
            cell(&eh, e, "Is").parse().unwrap(),
        );
        assert!((a - b).abs() < 1e-10, "Is {a} vs {b}");
    }
    let gj = std::fs::read_to_string(out.join("lisa.geojson")).unwrap();
    assert!(gj.contains("FeatureCollection") && gj.contains("\"cluster\""));
}

#[test]
fn gyeonggi_fuzzy_contiguity_removes_false_islands() {
    let shp = format!("{DATA}/kr_carbon_2022/original/LARD_ADM_SECT_SGG_41_202405.shp");
    let out = tmp("gg");
    let o = regio(&[
        "spatial",
        "weights",
        &shp,
        "--weights",
        "queen",
        "--out",
        out.to_str().unwrap(),
    ]);
    ok(&o);
    let (h, rows) = read_csv(&out.join("weights_summary.csv"));
    let queen_islands: i64 = cell(&h, &rows[0], "islands").parse().unwrap();
    assert!(
        queen_islands >= 1,
        "exact queen contiguity should leave false islands in the 2024 file"
    );
    let o = regio(&[
        "spatial",
        "weights",
        &shp,
        "--weights",
        "fuzzy:0.0005",
        "--out",
        out.to_str().unwrap(),
    ]);
    ok(&o);
    let (h, rows) = read_csv(&out.join("weights_summary.csv"));
    assert_eq!(cell(&h, &rows[0], "islands"), "0");
    let added: f64 = cell(&h, &rows[0], "links_added_by_tolerance")
        .parse()
        .unwrap();
    assert!(added >= 1.0);
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("neighbour pair(s) to exact queen contiguity")
    );
}

#[test]
fn bad_input_is_explained() {
    let out = tmp("bad");
    let dir = out.to_str().unwrap();
    // Constant variable: write a GeoJSON with two squares... use columbus with a constant property instead:
    // a GAL naming an unknown id.
    let gal = out.join("bad.gal");
    std::fs::write(&gal, "49\n1 1\n999\n").unwrap();
    let shp = format!("{DATA}/pysal_examples/columbus/columbus.shp");
    let o = regio(&[
        "spatial",
        "moran",
        &shp,
        "--var",
        "CRIME",
        "--id",
        "POLYID",
        "--weights",
        gal.to_str().unwrap(),
        "--out",
        dir,
    ]);
    assert!(!o.status.success());
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(
        e.contains("line 3") && e.contains("unknown id \"999\""),
        "{e}"
    );
    // Unknown variable.
    let o = regio(&[
        "spatial", "moran", &shp, "--var", "NOPE", "--id", "POLYID", "--out", dir,
    ]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("no property \"NOPE\""));
    // Constant variable: a GeoJSON of four unit squares with the same value.
    let mut feats = Vec::new();
    for k in 0..4 {
        let (x, y) = ((k % 2) as f64, (k / 2) as f64);
        feats.push(format!(
            r#"{{"type":"Feature","properties":{{"code":"r{k}","v":5}},"geometry":{{"type":"Polygon","coordinates":[[[{x},{y}],[{x1},{y}],[{x1},{y1}],[{x},{y1}],[{x},{y}]]]}}}}"#,
            x1 = x + 1.0,
            y1 = y + 1.0
        ));
    }
    let gj = out.join("const.geojson");
    std::fs::write(
        &gj,
        format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            feats.join(",")
        ),
    )
    .unwrap();
    let o = regio(&[
        "spatial",
        "moran",
        gj.to_str().unwrap(),
        "--var",
        "v",
        "--out",
        dir,
    ]);
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("undefined for a constant variable"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // Getis-Ord likewise (zero variance: no hot or cold spot can be defined).
    let o = regio(&[
        "spatial",
        "getis",
        gj.to_str().unwrap(),
        "--var",
        "v",
        "--star",
        "--out",
        dir,
    ]);
    assert!(!o.status.success());
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(
        e.contains("Getis-Ord G is undefined for a constant variable"),
        "{e}"
    );
}

#[test]
fn structure_demo_verdict_and_capital_share() {
    let out = tmp("structure");
    let o = regio(&[
        "structure",
        "--flows",
        "migration",
        "--out",
        out.to_str().unwrap(),
    ]);
    ok(&o);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("verdict:"), "{stdout}");
    let (h, rows) = read_csv(&out.join("structure_indicators.csv"));
    let get = |name: &str, basis: &str, year: &str| -> f64 {
        let r = rows
            .iter()
            .find(|r| {
                cell(&h, r, "indicator") == name
                    && cell(&h, r, "basis") == basis
                    && cell(&h, r, "year").trim_end_matches(".0") == year
            })
            .unwrap_or_else(|| panic!("no {name} {basis} {year}"));
        cell(&h, r, "value").parse().unwrap()
    };
    // Independent check from the raw KOSIS file: employees 2006 (pre2020 series),
    // sum of KSIC sections for Seoul 11 + Incheon 23 + Gyeonggi 31 over all si-do.
    let (eh, erows) =
        read_csv(&Path::new(DATA).join(
            "kr_establishments_sido_ksic_2006_2023/establishments_employees_sido_ksic_long.csv",
        ));
    let (mut cap, mut all) = (0.0, 0.0);
    for r in &erows {
        if cell(&eh, r, "measure") == "employees"
            && cell(&eh, r, "year") == "2006"
            && cell(&eh, r, "series") == "pre2020"
            && cell(&eh, r, "industry_code") != "TOTAL"
            && cell(&eh, r, "region_code") != "00"
        {
            let v: f64 = cell(&eh, r, "value").parse().unwrap_or(0.0);
            all += v;
            if ["11", "23", "31"].contains(&cell(&eh, r, "region_code").as_str()) {
                cap += v;
            }
        }
    }
    let share = get("capital_region_share", "employees@pre2020", "2006");
    assert!(
        (share - cap / all).abs() < 1e-12,
        "{share} vs {}",
        cap / all
    );
    // Migration indicators exist for 2000 and 2024.
    assert!(get("green_functional_polycentricity", "migration", "2000").is_finite());
    assert!(get("top_centre_flow_share", "migration", "2024") > 0.0);
    let (vh, vrows) = read_csv(&out.join("structure_verdict.csv"));
    assert!(vrows
        .iter()
        .any(|r| cell(&vh, r, "indicator") == "capital_region_share"
            && !cell(&vh, r, "summary").is_empty()));
}

#[test]
fn structure_rejects_self_loops_only() {
    let out = tmp("selfloops");
    let f = out.join("flows.csv");
    std::fs::write(
        &f,
        "origin,destination,year,value\n11,11,2020,5\n21,21,2020,7\n",
    )
    .unwrap();
    let o = regio(&[
        "structure",
        f.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("self-loops"), "{e}");
}

/// Column `name` of data/reference/esda_getis/<dir>/local.csv.
fn esda_getis_local(dir: &str, name: &str) -> Vec<f64> {
    let (h, rows) =
        read_csv(&Path::new(DATA).join(format!("reference/esda_getis/{dir}/local.csv")));
    rows.iter()
        .map(|r| cell(&h, r, name).parse().unwrap())
        .collect()
}

#[test]
fn getis_columbus_matches_esda() {
    let out = tmp("getis");
    let shp = format!("{DATA}/pysal_examples/columbus/columbus.shp");
    let o = regio(&[
        "spatial",
        "getis",
        &shp,
        "--var",
        "CRIME",
        "--id",
        "POLYID",
        "--star",
        "--out",
        out.to_str().unwrap(),
    ]);
    ok(&o);
    // Global G over binary queen weights (esda.getisord.G).
    let (_, gref) =
        read_csv(&Path::new(DATA).join("reference/esda_getis/columbus_crime/global.csv"));
    let gr = |k: &str| -> f64 { gref.iter().find(|r| r[0] == k).unwrap()[1].parse().unwrap() };
    let (h, rows) = read_csv(&out.join("getis_ord_g.csv"));
    for k in ["G", "EG", "VG", "z_norm", "p_norm"] {
        let v: f64 = cell(&h, &rows[0], k).parse().unwrap();
        assert!(
            (v - gr(k)).abs() <= 1e-10 * gr(k).abs(),
            "{k}: {v} vs {}",
            gr(k)
        );
    }
    // Gi* with the default row-standardised transform (esda G_Local, transform "R", star=True).
    let (h, rows) = read_csv(&out.join("getis_ord_gi_star.csv"));
    assert_eq!(rows.len(), 49);
    for (col, refc) in [
        ("G", "G_r_star"),
        ("EG", "EG_r_star"),
        ("VG", "VG_r_star"),
        ("Z", "Z_r_star"),
    ] {
        let r = esda_getis_local("columbus_crime", refc);
        for (i, row) in rows.iter().enumerate() {
            let v: f64 = cell(&h, row, col).parse().unwrap();
            assert!(
                (v - r[i]).abs() <= 1e-10 * r[i].abs(),
                "{col}[{i}]: {v} vs {}",
                r[i]
            );
        }
    }
    // Hot spots need a significant positive z: every "hot" unit has Z > 0 and p_sim <= 0.05.
    for row in &rows {
        let z: f64 = cell(&h, row, "Z").parse().unwrap();
        let p: f64 = cell(&h, row, "p_sim").parse().unwrap();
        match cell(&h, row, "hotspot").as_str() {
            "hot" => assert!(z > 0.0 && p <= 0.05),
            "cold" => assert!(z < 0.0 && p <= 0.05),
            _ => assert!(p > 0.05),
        }
    }
}

/// A feature: region code, value, lower-left corner of its unit square (None: no geometry).
type Square = (&'static str, f64, Option<(f64, f64)>);

/// A GeoJSON of unit squares (x, y) with codes and values.
fn squares(path: &Path, feats: &[Square]) {
    let fs: Vec<String> = feats
        .iter()
        .map(|(code, v, xy)| {
            let geom = match xy {
                Some((x, y)) => format!(
                    r#"{{"type":"Polygon","coordinates":[[[{x},{y}],[{x1},{y}],[{x1},{y1}],[{x},{y1}],[{x},{y}]]]}}"#,
                    x1 = x + 1.0,
                    y1 = y + 1.0
                ),
                None => "null".into(),
            };
            format!(r#"{{"type":"Feature","properties":{{"code":"{code}","v":{v}}},"geometry":{geom}}}"#)
        })
        .collect();
    std::fs::write(
        path,
        format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            fs.join(",")
        ),
    )
    .unwrap();
}

/// Two rows of three squares r0..r5 (x = k mod 3, y = k div 3).
fn grid6() -> Vec<Square> {
    let v = [3.0, 5.0, 8.0, 2.0, 9.0, 4.0];
    ["r0", "r1", "r2", "r3", "r4", "r5"]
        .iter()
        .enumerate()
        .map(|(k, c)| (*c, v[k], Some(((k % 3) as f64, (k / 3) as f64))))
        .collect()
}

#[test]
fn island_is_reported_kept_or_linked_and_never_a_cluster() {
    let out = tmp("island");
    let gj = out.join("island.geojson");
    let mut f = grid6();
    f.push(("isl", 7.0, Some((10.0, 10.0))));
    squares(&gj, &f);
    let dir = out.join("keep");
    let o = regio(&[
        "spatial",
        "lisa",
        gj.to_str().unwrap(),
        "--var",
        "v",
        "--out",
        dir.to_str().unwrap(),
    ]);
    ok(&o);
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(s.contains("island: region isl has no neighbours"), "{s}");
    let (h, rows) = read_csv(&dir.join("weights_summary.csv"));
    assert_eq!(cell(&h, &rows[0], "islands"), "1");
    // The island's lag is 0 and every permutation equals the observed value:
    // no pseudo p-value, not a cluster.
    let (h, rows) = read_csv(&dir.join("lisa.csv"));
    let isl = rows
        .iter()
        .find(|r| cell(&h, r, "region") == "isl")
        .unwrap();
    assert_eq!(cell(&h, isl, "p_sim"), "");
    assert_eq!(cell(&h, isl, "cluster"), "ns");
    // link:1 joins it to the nearest centroid: isl (10.5, 10.5) to r5 (2.5, 1.5)
    // at √(8² + 9²) = 12.04 (r4 (1.5, 1.5): √(9² + 9²) = 12.73; r2 (2.5, 0.5): √(8² + 10²) = 12.81).
    let dir = out.join("link");
    let o = regio(&[
        "spatial",
        "lisa",
        gj.to_str().unwrap(),
        "--var",
        "v",
        "--islands",
        "link:1",
        "--out",
        dir.to_str().unwrap(),
    ]);
    ok(&o);
    let (h, rows) = read_csv(&dir.join("islands.csv"));
    assert_eq!(cell(&h, &rows[0], "region"), "isl");
    assert_eq!(cell(&h, &rows[0], "linked_to"), "r5");
    let (h, rows) = read_csv(&dir.join("weights_summary.csv"));
    assert_eq!(cell(&h, &rows[0], "islands"), "0");
    let (h, rows) = read_csv(&dir.join("lisa.csv"));
    let isl = rows
        .iter()
        .find(|r| cell(&h, r, "region") == "isl")
        .unwrap();
    assert!(cell(&h, isl, "p_sim").parse::<f64>().is_ok());
    // Bad policy.
    let o = regio(&[
        "spatial",
        "lisa",
        gj.to_str().unwrap(),
        "--var",
        "v",
        "--islands",
        "link:0",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("expected keep or link:K"));
}

#[test]
fn duplicate_and_empty_geometries() {
    let out = tmp("geomissues");
    // A duplicate of r0: warned, listed in geometry_issues, analysis still runs.
    let gj = out.join("dup.geojson");
    let mut f = grid6();
    f.push(("dup", 1.0, Some((0.0, 0.0))));
    squares(&gj, &f);
    let o = regio(&[
        "spatial",
        "moran",
        gj.to_str().unwrap(),
        "--var",
        "v",
        "--out",
        out.to_str().unwrap(),
    ]);
    ok(&o);
    assert!(String::from_utf8_lossy(&o.stdout)
        .contains("warning: regions r0 and dup have identical geometries"));
    let (h, rows) = read_csv(&out.join("geometry_issues.csv"));
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (
            cell(&h, &rows[0], "region"),
            cell(&h, &rows[0], "issue"),
            cell(&h, &rows[0], "other")
        ),
        ("r0".into(), "duplicate geometry".into(), "dup".into())
    );
    // A feature without geometry: refused, naming the feature.
    let gj = out.join("null.geojson");
    let mut f = grid6();
    f.push(("nothing", 1.0, None));
    squares(&gj, &f);
    let o = regio(&[
        "spatial",
        "moran",
        gj.to_str().unwrap(),
        "--var",
        "v",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("feature 7 has no geometry"), "{e}");
    // An empty polygon: refused likewise.
    let gj = out.join("empty.geojson");
    let text = std::fs::read_to_string(out.join("null.geojson"))
        .unwrap()
        .replace(
            r#""geometry":null"#,
            r#""geometry":{"type":"Polygon","coordinates":[]}"#,
        );
    std::fs::write(&gj, text).unwrap();
    let o = regio(&[
        "spatial",
        "moran",
        gj.to_str().unwrap(),
        "--var",
        "v",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("feature 7 has an empty geometry"), "{e}");
}
