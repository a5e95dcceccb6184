//! End-to-end tests of `regio spatial` and `regio structure` on real data:
//! PySAL examples against esda output (data/reference/esda), the 2024
//! Gyeonggi boundaries (fuzzy contiguity), the Korean demo, and bad input.

mod common;

use common::{key_values, num, read_rows, run_out, write_file, Row, Run, DATA};
use std::path::{Path, PathBuf};

/// The PySAL Columbus example (49 neighbourhoods).
const COLUMBUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/pysal_examples/columbus/columbus.shp"
);

/// `regio spatial <cmd> <input> --var <var> <extra…> --out <out>`.
fn spatial(out: &Path, cmd: &str, input: &str, var: &str, extra: &[&str]) -> Run {
    run_out(
        out,
        &[&["spatial", cmd, input, "--var", var][..], extra].concat(),
    )
}

/// `regio spatial <cmd>` on Columbus, CRIME by POLYID.
fn columbus(out: &Path, cmd: &str, extra: &[&str]) -> Run {
    spatial(
        out,
        cmd,
        COLUMBUS,
        "CRIME",
        &[&["--id", "POLYID"][..], extra].concat(),
    )
}

/// A reference file of data/reference/<set>/columbus_crime.
fn reference(set: &str, file: &str) -> PathBuf {
    Path::new(DATA).join(format!("reference/{set}/columbus_crime/{file}"))
}

/// The first row of a CSV table.
fn first_row(path: &Path) -> Row {
    read_rows(path).remove(0)
}

/// The row of region `code` in a CSV table.
fn region_row(path: &Path, code: &str) -> Row {
    read_rows(path)
        .into_iter()
        .find(|r| r["region"] == code)
        .unwrap_or_else(|| panic!("{}: no region {code}", path.display()))
}

/// Asserts `|v − e| ≤ tol`.
fn close(v: f64, e: f64, tol: f64, what: &str) {
    assert!((v - e).abs() <= tol, "{what}: {v} vs esda {e}");
}

#[test]
fn moran_columbus_matches_esda() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let o = columbus(out, "moran", &[]).expect_ok();
    let row = first_row(&out.join("moran.csv"));
    let esda = key_values(&reference("esda", "global.csv"));
    for k in ["I", "EI", "z_norm", "p_norm", "z_rand"] {
        let e: f64 = esda[k].parse().unwrap();
        close(num(&row, k), e, 1e-10 * e.abs().max(1.0), k);
    }
    assert!(o.stdout.contains("Moran's I of CRIME: I = 0.500189"));
}

#[test]
fn lisa_columbus_quadrants_and_geojson() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    columbus(out, "lisa", &["--seed", "3"]).expect_ok();
    let rows = read_rows(&out.join("lisa.csv"));
    let erows = read_rows(&reference("esda", "local.csv"));
    assert_eq!(rows.len(), erows.len());
    for (r, e) in rows.iter().zip(&erows) {
        assert_eq!(r["q"], e["q"]);
        let (a, b) = (num(r, "Is"), num(e, "Is"));
        assert!((a - b).abs() < 1e-10, "Is {a} vs {b}");
    }
    let gj = std::fs::read_to_string(out.join("lisa.geojson")).unwrap();
    assert!(gj.contains("FeatureCollection") && gj.contains("\"cluster\""));
}

#[test]
fn gyeonggi_fuzzy_contiguity_removes_false_islands() {
    let shp = format!("{DATA}/kr_carbon_2022/original/LARD_ADM_SECT_SGG_41_202405.shp");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let weights = |w: &str| {
        let o = run_out(out, &["spatial", "weights", &shp, "--weights", w]).expect_ok();
        (o, first_row(&out.join("weights_summary.csv")))
    };
    let (_, s) = weights("queen");
    let queen_islands: i64 = s["islands"].parse().unwrap();
    assert!(
        queen_islands >= 1,
        "exact queen contiguity should leave false islands in the 2024 file"
    );
    let (o, s) = weights("fuzzy:0.0005");
    assert_eq!(s["islands"], "0");
    assert!(num(&s, "links_added_by_tolerance") >= 1.0);
    assert!(o
        .stdout
        .contains("neighbour pair(s) to exact queen contiguity"));
}

#[test]
fn bad_input_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    // A GAL naming an unknown id.
    let gal = write_file(out, "bad.gal", "49\n1 1\n999\n");
    let e = columbus(out, "moran", &["--weights", &gal])
        .expect_fail()
        .stderr;
    assert!(
        e.contains("line 3") && e.contains("unknown id \"999\""),
        "{e}"
    );
    // Unknown variable.
    let e = spatial(out, "moran", COLUMBUS, "NOPE", &["--id", "POLYID"])
        .expect_fail()
        .stderr;
    assert!(e.contains("no property \"NOPE\""), "{e}");
    // Constant variable: a GeoJSON of four unit squares with the same value.
    // Getis-Ord likewise (zero variance: no hot or cold spot can be defined).
    let four: Vec<Square> = ["r0", "r1", "r2", "r3"]
        .iter()
        .enumerate()
        .map(|(k, c)| (*c, 5.0, Some(((k % 2) as f64, (k / 2) as f64))))
        .collect();
    let gj = write_file(out, "const.geojson", &squares(&four));
    for (cmd, extra, msg) in [
        ("moran", &[][..], "undefined for a constant variable"),
        (
            "getis",
            &["--star"][..],
            "Getis-Ord G is undefined for a constant variable",
        ),
    ] {
        let e = spatial(out, cmd, &gj, "v", extra).expect_fail().stderr;
        assert!(e.contains(msg), "{e}");
    }
}

#[test]
fn structure_demo_verdict_and_capital_share() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let o = run_out(out, &["structure", "--flows", "migration"]).expect_ok();
    assert!(o.stdout.contains("verdict:"), "{}", o.stdout);
    let rows = read_rows(&out.join("structure_indicators.csv"));
    let get = |name: &str, basis: &str, year: &str| -> f64 {
        let r = rows
            .iter()
            .find(|r| {
                r["indicator"] == name
                    && r["basis"] == basis
                    && r["year"].trim_end_matches(".0") == year
            })
            .unwrap_or_else(|| panic!("no {name} {basis} {year}"));
        num(r, "value")
    };
    // Independent check from the raw KOSIS file: employees 2006 (pre2020 series),
    // sum of KSIC sections for Seoul 11 + Incheon 23 + Gyeonggi 31 over all si-do.
    let erows =
        read_rows(&Path::new(DATA).join(
            "kr_establishments_sido_ksic_2006_2023/establishments_employees_sido_ksic_long.csv",
        ));
    let (mut cap, mut all) = (0.0, 0.0);
    for r in &erows {
        if r["measure"] == "employees"
            && r["year"] == "2006"
            && r["series"] == "pre2020"
            && r["industry_code"] != "TOTAL"
            && r["region_code"] != "00"
        {
            let v: f64 = r["value"].parse().unwrap_or(0.0);
            all += v;
            if ["11", "23", "31"].contains(&r["region_code"].as_str()) {
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
    assert!(read_rows(&out.join("structure_verdict.csv"))
        .iter()
        .any(|r| r["indicator"] == "capital_region_share" && !r["summary"].is_empty()));
}

#[test]
fn structure_rejects_self_loops_only() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let f = write_file(
        out,
        "flows.csv",
        "origin,destination,year,value\n11,11,2020,5\n21,21,2020,7\n",
    );
    let e = run_out(out, &["structure", &f]).expect_fail().stderr;
    assert!(e.contains("self-loops"), "{e}");
}

#[test]
fn getis_columbus_matches_esda() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    columbus(out, "getis", &["--star"]).expect_ok();
    // Global G over binary queen weights (esda.getisord.G).
    let gref = key_values(&reference("esda_getis", "global.csv"));
    let g = first_row(&out.join("getis_ord_g.csv"));
    for k in ["G", "EG", "VG", "z_norm", "p_norm"] {
        let e: f64 = gref[k].parse().unwrap();
        close(num(&g, k), e, 1e-10 * e.abs(), k);
    }
    // Gi* with the default row-standardised transform (esda G_Local, transform "R", star=True).
    let rows = read_rows(&out.join("getis_ord_gi_star.csv"));
    assert_eq!(rows.len(), 49);
    let esda = read_rows(&reference("esda_getis", "local.csv"));
    for (col, refc) in [
        ("G", "G_r_star"),
        ("EG", "EG_r_star"),
        ("VG", "VG_r_star"),
        ("Z", "Z_r_star"),
    ] {
        let r: Vec<f64> = esda.iter().map(|e| num(e, refc)).collect();
        for (i, row) in rows.iter().enumerate() {
            close(
                num(row, col),
                r[i],
                1e-10 * r[i].abs(),
                &format!("{col}[{i}]"),
            );
        }
    }
    // Hot spots need a significant positive z: every "hot" unit has Z > 0 and p_sim <= 0.05.
    for row in &rows {
        let (z, p) = (num(row, "Z"), num(row, "p_sim"));
        match row["hotspot"].as_str() {
            "hot" => assert!(z > 0.0 && p <= 0.05),
            "cold" => assert!(z < 0.0 && p <= 0.05),
            _ => assert!(p > 0.05),
        }
    }
}

/// A feature: region code, value, lower-left corner of its unit square (None: no geometry).
type Square = (&'static str, f64, Option<(f64, f64)>);

/// The text of a GeoJSON of unit squares (x, y) with codes and values.
fn squares(feats: &[Square]) -> String {
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
    format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        fs.join(",")
    )
}

/// Two rows of three squares r0..r5 (x = k mod 3, y = k div 3) and one more feature.
fn grid6_and(extra: Square) -> String {
    let v = [3.0, 5.0, 8.0, 2.0, 9.0, 4.0];
    let mut f: Vec<Square> = ["r0", "r1", "r2", "r3", "r4", "r5"]
        .iter()
        .enumerate()
        .map(|(k, c)| (*c, v[k], Some(((k % 3) as f64, (k / 3) as f64))))
        .collect();
    f.push(extra);
    squares(&f)
}

#[test]
fn island_is_reported_kept_or_linked_and_never_a_cluster() {
    let dir = tempfile::tempdir().unwrap();
    let gj = write_file(
        dir.path(),
        "island.geojson",
        &grid6_and(("isl", 7.0, Some((10.0, 10.0)))),
    );
    let lisa = |out: &Path, extra: &[&str]| spatial(out, "lisa", &gj, "v", extra);
    let keep = dir.path().join("keep");
    let s = lisa(&keep, &[]).expect_ok().stdout;
    assert!(s.contains("island: region isl has no neighbours"), "{s}");
    assert_eq!(first_row(&keep.join("weights_summary.csv"))["islands"], "1");
    // The island's lag is 0 and every permutation equals the observed value:
    // no pseudo p-value, not a cluster.
    let isl = region_row(&keep.join("lisa.csv"), "isl");
    assert_eq!(isl["p_sim"], "");
    assert_eq!(isl["cluster"], "ns");
    // link:1 joins it to the nearest centroid: isl (10.5, 10.5) to r5 (2.5, 1.5)
    // at √(8² + 9²) = 12.04 (r4 (1.5, 1.5): √(9² + 9²) = 12.73; r2 (2.5, 0.5): √(8² + 10²) = 12.81).
    let link = dir.path().join("link");
    lisa(&link, &["--islands", "link:1"]).expect_ok();
    let linked = first_row(&link.join("islands.csv"));
    assert_eq!(linked["region"], "isl");
    assert_eq!(linked["linked_to"], "r5");
    assert_eq!(first_row(&link.join("weights_summary.csv"))["islands"], "0");
    let isl = region_row(&link.join("lisa.csv"), "isl");
    assert!(isl["p_sim"].parse::<f64>().is_ok());
    // Bad policy.
    let e = lisa(&link, &["--islands", "link:0"]).expect_fail().stderr;
    assert!(e.contains("expected keep or link:K"), "{e}");
}

#[test]
fn duplicate_and_empty_geometries() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let moran =
        |name: &str, text: &str| spatial(out, "moran", &write_file(out, name, text), "v", &[]);
    // A duplicate of r0: warned, listed in geometry_issues, analysis still runs.
    let o = moran("dup.geojson", &grid6_and(("dup", 1.0, Some((0.0, 0.0))))).expect_ok();
    assert!(o
        .stdout
        .contains("warning: regions r0 and dup have identical geometries"));
    let rows = read_rows(&out.join("geometry_issues.csv"));
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (
            rows[0]["region"].as_str(),
            rows[0]["issue"].as_str(),
            rows[0]["other"].as_str()
        ),
        ("r0", "duplicate geometry", "dup")
    );
    // A feature without geometry, then an empty polygon: refused, naming the feature.
    let null = grid6_and(("nothing", 1.0, None));
    let empty = null.replace(
        r#""geometry":null"#,
        r#""geometry":{"type":"Polygon","coordinates":[]}"#,
    );
    for (name, text, msg) in [
        ("null.geojson", &null, "feature 7 has no geometry"),
        ("empty.geojson", &empty, "feature 7 has an empty geometry"),
    ] {
        let e = moran(name, text).expect_fail().stderr;
        assert!(e.contains(msg), "{e}");
    }
}
