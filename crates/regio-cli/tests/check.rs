//! End-to-end tests of `regio check`, `regio init` and `regio export`.

mod common;

use common::{run_in, write_file};

#[test]
fn check_on_the_demo_prints_the_summary() {
    let d = tempfile::tempdir().unwrap();
    let out = run_in(d.path(), &["check"]).expect_ok().stdout;
    for want in [
        "establishments@pre2020: 17 regions x 19 industries x 15 years (2006-2020)",
        "establishments@from2020: 17 regions x 19 industries x 4 years (2020-2023)",
        "employees@pre2020: 17 regions x 19 industries x 15 years (2006-2020)",
        "employees@from2020: 17 regions x 19 industries x 4 years (2020-2023)",
        "population_2016: 250 regions",
        "boundaries \"sigungu\": 250 of 250 codes joined",
        "gyeonggi: 42 units",
        "all 42 units joined to carbon_gg rows",
        "carbon_gg: 42 regions x 7 columns",
        "migration: 17 regions",
        "passenger: 159 regions",
    ] {
        assert!(out.contains(want), "missing {want:?} in:\n{out}");
    }
}

#[test]
fn check_reports_codes_that_do_not_join_and_fails_clearly_on_bad_paths() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    write_file(
        p,
        "jobs.csv",
        "region,industry,year,value\nA,C,2020,1\nB,C,2020,2\nZ,C,2020,3\n",
    );
    let sq = |code: &str, x: f64| {
        format!(
            r#"{{"type":"Feature","properties":{{"code":"{code}"}},"geometry":{{"type":"Polygon","coordinates":[[[{x},0],[{x1},0],[{x1},1],[{x},1],[{x},0]]]}}}}"#,
            x1 = x + 1.0
        )
    };
    write_file(
        p,
        "units.geojson",
        &format!(
            r#"{{"type":"FeatureCollection","features":[{},{},{}]}}"#,
            sq("A", 0.0),
            sq("B", 1.0),
            sq("Q", 2.0)
        ),
    );
    write_file(
        p,
        "regio.toml",
        "[[panel]]\nfile = \"jobs.csv\"\nmeasure = \"jobs\"\n\n[[boundaries]]\nname = \"units\"\nfile = \"units.geojson\"\n",
    );
    let out = run_in(p, &["check", "regio.toml"]).expect_ok().stdout;
    assert!(
        out.contains("2 of 3 codes joined; without boundary: Z; boundaries without data: Q"),
        "{out}"
    );
    // missing manifest entry path: exit code 3, names the file
    write_file(p, "bad.toml", "[[panel]]\nfile = \"gone.csv\"\n");
    let err = run_in(p, &["check", "bad.toml"]).expect_code(3).stderr;
    assert!(
        err.contains("bad.toml") && err.contains("gone.csv"),
        "{err}"
    );
    // a single CSV with a non-numeric count: exit code 3 with row and column
    write_file(p, "bad.csv", "region,industry,year,value\nA,C,2020,lots\n");
    let err = run_in(p, &["check", "bad.csv"]).expect_code(3).stderr;
    assert!(
        err.contains("bad.csv") && err.contains("row 2") && err.contains("\"value\""),
        "{err}"
    );
    let err = run_in(p, &["check", "nothing.csv"]).expect_code(3).stderr;
    assert!(err.contains("nothing.csv"), "{err}");
}

#[test]
fn init_writes_a_manifest_that_check_loads_and_refuses_to_overwrite() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    write_file(
        p,
        "panel.csv",
        "region,industry,year,value\n11,C,2020,5\n21,C,2020,6\n",
    );
    write_file(p, "pop.csv", "code;name;pop\n11;서울;9\n21;부산;3\n");
    write_file(p, "od.csv", "origin,destination,year,value\n11,21,2020,4\n");
    let out = run_in(p, &["init", "."]).expect_ok().stdout;
    assert!(out.contains("wrote"), "{out}");
    let toml = std::fs::read_to_string(p.join("regio.toml")).unwrap();
    assert!(
        toml.contains("[[panel]]") && toml.contains("[[attributes]]") && toml.contains("[[flows]]"),
        "{toml}"
    );
    assert!(toml.contains("delimiter ';'"), "{toml}");
    let r = run_in(p, &["check", "regio.toml"]);
    assert_eq!(r.code, 0, "{}\n{toml}", r.stderr);
    let out = r.stdout;
    assert!(
        out.contains("value: 2 regions x 1 industries x 1 years"),
        "{out}"
    );
    assert!(out.contains("pop: 2 regions x 1 columns"), "{out}");
    let err = run_in(p, &["init", "."]).expect_code(2).stderr;
    assert!(err.contains("--force"), "{err}");
    assert_eq!(run_in(p, &["init", ".", "--force"]).code, 0);
}

#[test]
fn export_writes_every_format_atomically() {
    let d = tempfile::tempdir().unwrap();
    run_in(
        d.path(),
        &[
            "export",
            "--out",
            "o",
            "--format",
            "csv,json,parquet,geojson",
        ],
    )
    .expect_ok();
    let o = d.path().join("o");
    let names: Vec<String> = std::fs::read_dir(&o)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.starts_with('.')),
        "temporary files left: {names:?}"
    );
    for f in [
        "panel_establishments_pre2020.csv",
        "panel_establishments_pre2020.parquet",
        "attributes_carbon_gg.geojson",
        "attributes_carbon_gg.json",
        "flows_migration.csv",
    ] {
        assert!(names.iter().any(|n| n == f), "{f} not in {names:?}");
    }
    // the exported long CSV reads back to the same panel as the demo
    let out = run_in(d.path(), &["check", "o/panel_establishments_pre2020.csv"])
        .expect_ok()
        .stdout;
    assert!(
        out.contains(
            "value: 17 regions x 19 industries x 15 years (2006-2020); 4731 of 4845 cells present"
        ),
        "{out}"
    );
    // the exported Parquet too
    let out = run_in(
        d.path(),
        &["check", "o/panel_establishments_pre2020.parquet"],
    )
    .expect_ok()
    .stdout;
    assert!(
        out.contains(
            "17 regions x 19 industries x 15 years (2006-2020); 4731 of 4845 cells present"
        ),
        "{out}"
    );
    // unknown format: usage error, exit 2
    run_in(d.path(), &["export", "--out", "o2", "--format", "xls"]).expect_code(2);
}
