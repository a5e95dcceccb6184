//! End-to-end tests of `regio complexity`: the trade demo against the stored
//! py-ecomplexity 0.5.3 reference, the Korean demo, file input and bad input.

mod common;

use common::{num, read_rows, run_out, write_file, Row, Run};
use std::collections::HashMap;
use std::path::Path;

const REF: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/reference/ecomplexity_sitc4"
);

#[test]
fn trade_demo_reproduces_py_ecomplexity() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    run_out(out, &["complexity", "--demo", "trade"]).expect_ok();
    let ours: HashMap<String, Row> = read_rows(&dir.path().join("regions.csv"))
        .into_iter()
        .map(|r| (r["region"].clone(), r))
        .collect();
    let theirs = read_rows(&Path::new(REF).join("regions.csv"));
    assert_eq!(ours.len(), 226);
    for t in &theirs {
        let o = &ours[&t["region"]];
        for col in ["diversity", "eci", "coi"] {
            let (a, b) = (num(o, col), num(t, col));
            assert!(
                (a - b).abs() <= 1e-8 * b.abs().max(1.0),
                "{col} {}: {a} vs {b}",
                t["region"]
            );
        }
    }
    let prods: HashMap<String, Row> = read_rows(&dir.path().join("activities.csv"))
        .into_iter()
        .map(|r| (r["activity"].clone(), r))
        .collect();
    for t in read_rows(&Path::new(REF).join("products.csv")) {
        let (a, b) = (num(&prods[&t["product"]], "pci"), num(&t, "pci"));
        assert!((a - b).abs() <= 1e-8 * b.abs().max(1.0));
    }
    // Proximity: a sparse upper-triangle list without the diagonal.
    let prox = read_rows(&dir.path().join("proximity.csv"));
    assert!(prox.iter().all(|r| r["activity_1"] < r["activity_2"]));
    let diag = read_rows(&dir.path().join("diagnostics.csv"));
    assert_eq!(diag.len(), 1);
    assert!((num(&diag[0], "eigengap") - 5.819e-2).abs() < 1e-5);
    assert_eq!(diag[0]["eci_undefined"], "");
}

#[test]
fn korean_demo_runs_per_year() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    run_out(
        out,
        &[
            "complexity",
            "--measure",
            "employees",
            "--series",
            "from2020",
            "--year",
            "all",
        ],
    )
    .expect_ok();
    let regions = read_rows(&dir.path().join("regions.csv"));
    let diag = read_rows(&dir.path().join("diagnostics.csv"));
    assert!(diag.len() >= 4, "one row per year");
    // 17 si-do in every year; ECI is centred (Growth Lab: z-score of kc) per year.
    for d in &diag {
        let y = &d["year"];
        let eci: Vec<f64> = regions
            .iter()
            .filter(|r| &r["year"] == y)
            .map(|r| num(r, "eci"))
            .collect();
        assert_eq!(eci.len(), 17);
        let mean = eci.iter().sum::<f64>() / 17.0;
        let var = eci.iter().map(|e| (e - mean) * (e - mean)).sum::<f64>() / 17.0;
        assert!(
            mean.abs() < 1e-9 && (var - 1.0).abs() < 1e-9,
            "{y}: {mean} {var}"
        );
    }
    let cells = read_rows(&dir.path().join("region_activity.csv"));
    assert!(cells.iter().all(|c| {
        let d = num(c, "density");
        (0.0..=1.0).contains(&d) && (num(c, "distance") - (1.0 - d)).abs() < 1e-12
    }));
    // A year outside the series is a clear error.
    let stderr = run_out(out, &["complexity", "--year", "2019"])
        .expect_code(4)
        .stderr;
    assert!(stderr.contains("year 2019"), "{stderr}");
}

#[test]
fn file_input_drops_empty_rows_and_reports_undefined_eci() {
    let dir = tempfile::tempdir().unwrap();
    // Two groups of regions sharing no industry: the bipartite network is disconnected.
    let f = write_file(
        dir.path(),
        "split.csv",
        "region,industry,year,value\n\
         a,x,2020,10\na,y,2020,5\nb,x,2020,3\nb,y,2020,9\n\
         c,z,2020,4\nc,w,2020,6\nd,z,2020,8\nd,w,2020,1\ne,x,2020,0\ne,z,2020,0\n",
    );
    let out = dir.path().join("out");
    // Missing cells are not zeros unless the user says so.
    let stderr = run_out(&out, &["complexity", &f, "--measure", "value"])
        .expect_code(4)
        .stderr;
    assert!(
        stderr.contains("missing cell(s)") && stderr.contains("--missing zero"),
        "{stderr}"
    );
    let stdout = run_out(
        &out,
        &["complexity", &f, "--measure", "value", "--missing", "zero"],
    )
    .expect_ok()
    .stdout;
    assert!(
        stdout.contains("region e left out: total value is zero"),
        "{stdout}"
    );
    assert!(stdout.contains("ECI undefined"), "{stdout}");
    let diag = read_rows(&out.join("diagnostics.csv"));
    assert!(diag[0]["eci_undefined"].contains("disconnected into 2 components"));
    let regions = read_rows(&out.join("regions.csv"));
    assert_eq!(regions.len(), 4);
    assert!(regions
        .iter()
        .all(|r| r["eci"].is_empty() && !r["diversity"].is_empty()));
}

#[test]
fn bad_input_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let out = out.to_str().unwrap();
    let stderr = run_out(out, &["complexity", "--convention", "atlas"])
        .expect_code(2)
        .stderr;
    assert!(stderr.contains("--convention \"atlas\""), "{stderr}");
    let stderr = run_out(out, &["complexity", "--demo", "nowhere"])
        .expect_code(2)
        .stderr;
    assert!(stderr.contains("expected korea or trade"), "{stderr}");
    let f = write_file(
        dir.path(),
        "neg.csv",
        "region,industry,year,value\na,x,2020,10\na,y,2020,-5\nb,x,2020,3\nb,y,2020,9\n",
    );
    let Run { code, stderr, .. } = run_out(out, &["complexity", &f, "--measure", "value"]);
    assert_ne!(code, 0);
    assert!(stderr.contains("-5"), "{stderr}");
    assert!(!Path::new(out).join("regions.csv").exists());
}
