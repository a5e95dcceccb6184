//! End-to-end `regio demography`: the 2016 extinction index on the demo
//! (83 of 250 si-gun-gu below 0.5, Uiseong-gun lowest at 0.167 — published in
//! data/kr_population_sgg_age_sex_2016/PROVENANCE.md), GeoJSON joined to the
//! si-gun-gu boundaries, decline and projection from a manifest, bad input.

mod common;

use common::{arg, geojson_features, num, read_rows, run, write_file};

#[test]
fn extinction_demo_2016() {
    let dir = tempfile::tempdir().unwrap();
    run(&[
        "demography",
        "extinction",
        "--format",
        "csv,geojson",
        "--out",
        arg(dir.path()),
    ])
    .expect_ok();
    let rows = read_rows(&dir.path().join("extinction.csv"));
    assert_eq!(rows.len(), 250);
    let v: Vec<f64> = rows.iter().map(|r| num(r, "extinction_index")).collect();
    assert_eq!(v.iter().filter(|&&x| x < 0.5).count(), 83);
    let (k, min) = v
        .iter()
        .enumerate()
        .fold((0, f64::MAX), |b, (k, &x)| if x < b.1 { (k, x) } else { b });
    assert!(rows[k]["name"].contains("의성군"), "{}", rows[k]["name"]);
    assert_eq!((min * 1000.0).round() / 1000.0, 0.167);
    assert_eq!(
        geojson_features(&dir.path().join("extinction.geojson")),
        250
    );
}

#[test]
fn decline_and_project_from_a_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_file(
        d,
        "ind.csv",
        "region,pop_change_rate,pop_density,youth_net_migration_rate,daytime_population,ageing_ratio,youth_ratio,crude_birth_rate,fiscal_self_reliance\n\
         A,0,0,0,0,30,0,0,50\nB,1,1,1,1,20,1,1,10\nC,2,2,2,2,10,2,2,30\n",
    );
    write_file(
        d,
        "pop.csv",
        "region,female_0_4,female_5_9,female_10plus,male_0_4,male_5_9,male_10plus\nA,100,80,50,110,90,40\n",
    );
    let manifest = write_file(
        d,
        "regio.toml",
        "name = \"t\"\n[[attributes]]\nname = \"ind\"\nfile = \"ind.csv\"\nregion_col = \"region\"\n\
         [[attributes]]\nname = \"pop\"\nfile = \"pop.csv\"\nregion_col = \"region\"\n",
    );
    run(&[
        "demography",
        "decline",
        &manifest,
        "--attributes",
        "ind",
        "--standardise",
        "minmax",
        "--n-decline",
        "1",
        "--n-watch",
        "1",
        "--out",
        arg(&d.join("o")),
    ])
    .expect_ok();
    let rows = read_rows(&d.join("o/decline.csv"));
    // Hand-computed in crates/regio-econ/tests/demography_decline.rs: .875, .5625, .0625.
    assert_eq!(
        rows.iter()
            .map(|r| r["decline_index"].as_str())
            .collect::<Vec<_>>(),
        vec!["0.875", "0.5625", "0.0625"]
    );
    // Projection: groups 0-4, 5-9, 10+; one step as computed by hand in
    // demography_projection.rs: women 23.48875 + 90 + 89, men 23.48875 + 88 + 79.
    run(&[
        "demography",
        "project",
        &manifest,
        "--attributes",
        "pop",
        "--steps",
        "1",
        "--survival-female",
        "0.9,0.8,0.5",
        "--survival-male",
        "0.8,0.7,0.4",
        "--fertility",
        "0,0.1,0.02",
        "--birth-survival",
        "0.95",
        "--srb",
        "1",
        "--out",
        arg(&d.join("p")),
    ])
    .expect_ok();
    let rows = read_rows(&d.join("p/projection.csv"));
    let total = num(&rows[1], "total_pop");
    assert!((total - (23.48875 * 2.0 + 90.0 + 89.0 + 88.0 + 79.0)).abs() < 1e-9);
    // A rate outside [0, 1].
    let out = run(&[
        "demography",
        "project",
        &manifest,
        "--attributes",
        "pop",
        "--survival-female",
        "0.9,1.3,0.5",
        "--survival-male",
        "0.8,0.7,0.4",
        "--fertility",
        "0,0.1,0.02",
        "--out",
        arg(&d.join("p2")),
    ])
    .expect_code(4);
    assert!(out.stderr.contains("[0, 1]"));
}

#[test]
fn bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // The demo population has ages 20-39 and 65+ only: the groups do not tile.
    let out = run(&["demography", "project", "--out", arg(d)]).expect_code(4);
    assert!(out.stderr.contains("must start at 0"));
    // No decline indicators in the demo.
    let out = run(&["demography", "decline", "--out", arg(d)]).expect_code(2);
    assert!(out.stderr.contains("pop_change_rate"));
    // A region without residents aged 65+.
    write_file(
        d,
        "e.csv",
        "region,female_20_39,pop_65plus\nX,10,5\nY,3,0\n",
    );
    let manifest = write_file(
        d,
        "regio.toml",
        "name = \"t\"\n[[attributes]]\nname = \"e\"\nfile = \"e.csv\"\nregion_col = \"region\"\n",
    );
    let out = run(&[
        "demography",
        "extinction",
        &manifest,
        "--out",
        arg(&d.join("o")),
    ])
    .expect_code(4);
    assert!(out.stderr.contains("region Y has no residents aged 65+"));
}
