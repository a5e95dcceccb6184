//! End-to-end tests of `regio diagnose` (runs the built binary).

mod common;

use common::{num, read_csv, run_out, write_file};

#[test]
fn demo_default_writes_every_family() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = run_out(&out, &["diagnose"]).expect_ok();
    assert!(o.text().contains("series: from2020"), "{}", o.text());
    for t in [
        "specialisation",
        "location_quotients",
        "concentration",
        "variety",
        "shift_share",
        "structural_change",
        "convergence",
        "dispersion",
    ] {
        assert!(out.join(format!("{t}.csv")).exists(), "{t}");
    }
    // 17 si-do, shift-share 2020 → 2023: components sum to the change on every row.
    let (h, rows) = read_csv(&out.join("shift_share.csv"));
    assert!(h.contains(&"arcelus_regional_growth".to_string()));
    assert_eq!(rows.len(), 17);
    for r in &rows {
        assert_eq!(r["base_year"], "2020");
        assert_eq!(r["year"], "2023");
        let s = num(r, "national_share") + num(r, "industry_mix") + num(r, "competitive");
        assert!(
            (s - num(r, "change")).abs() <= 1e-9 * num(r, "base_total"),
            "{r:?}"
        );
        let d = num(r, "dynamic_national_share")
            + num(r, "dynamic_industry_mix")
            + num(r, "dynamic_competitive");
        assert!(
            (d - num(r, "change")).abs() <= 1e-9 * num(r, "base_total"),
            "{r:?}"
        );
    }
    let (_, lq) = read_csv(&out.join("location_quotients.csv"));
    assert_eq!(lq.len(), 17 * 19);
}

#[test]
fn demo_refuses_to_mix_bases() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    let o = run_out(&out, &["diagnose", "--year", "2023", "--base", "2013"]).expect_code(2);
    let t = o.text();
    assert!(
        t.contains("not mixed")
            && t.contains("pre2020 (2006-2020)")
            && t.contains("from2020 (2020-2023)"),
        "{t}"
    );
    assert!(!out.exists(), "nothing written on error");
    // 2020 is in both series: ambiguous without --series.
    let o = run_out(&out, &["diagnose", "--year", "2020"]).expect_code(2);
    assert!(o.text().contains("several series"));
    // Years inside the old basis pick it, and say so.
    let o = run_out(&out, &["diagnose", "--year", "2019", "--base", "2013"]).expect_ok();
    assert!(o.text().contains("series: pre2020"));
}

#[test]
fn demo_missing_cells_policies() {
    // The old basis from 2006: Sejong (29) does not exist before 2012 and
    // Daejeon (25) mining is suppressed in 2008 and 2011.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    let pre2020 = ["diagnose", "--series", "pre2020", "--year", "2019"];
    let o = run_out(&out, &pre2020).expect_code(4);
    assert!(
        o.text().contains("region 29") && o.text().contains("--missing"),
        "{}",
        o.text()
    );
    run_out(
        &out,
        &[&pre2020[..], &["--missing", "drop-regions"]].concat(),
    )
    .expect_ok();
    let (_, rows) = read_csv(&out.join("shift_share.csv"));
    let codes: Vec<&str> = rows.iter().map(|r| r["region"].as_str()).collect();
    assert_eq!(rows.len(), 15, "{codes:?}");
    assert!(!codes.contains(&"29") && !codes.contains(&"25"));
    run_out(&out, &[&pre2020[..], &["--missing", "zero"]].concat()).expect_ok();
    let (_, rows) = read_csv(&out.join("shift_share.csv"));
    let sejong = rows.iter().find(|r| r["region"] == "29").unwrap();
    // Sejong counted as 0 in 2006: all of its 2019 employment is new cells.
    assert_eq!(num(sejong, "base_total"), 0.0);
    assert_eq!(num(sejong, "new_cells"), num(sejong, "end_total"));
    // Empty in the base year: growth undefined (empty cell), not NaN.
    let (_, sc) = read_csv(&out.join("structural_change.csv"));
    let s = sc.iter().find(|r| r["region"] == "29").unwrap();
    assert_eq!(s["growth"], "");
}

/// Farhauer & Kröll (2013) example (REAT `shift` documentation) as a long CSV.
const FARHAUER: &str = "region,industry,year,value
A,i1,2000,90
A,i2,2000,20
A,i3,2000,10
A,i4,2000,60
B,i1,2000,60
B,i2,2000,30
B,i3,2000,30
B,i4,2000,40
C,i1,2000,250
C,i2,2000,100
C,i3,2000,110
C,i4,2000,300
A,i1,2001,100
A,i2,2001,40
A,i3,2001,10
A,i4,2001,55
B,i1,2001,85
B,i2,2001,55
B,i3,2001,40
B,i4,2001,35
C,i1,2001,255
C,i2,2001,115
C,i3,2001,85
C,i4,2001,390
";

#[test]
fn single_csv_hand_computed_shift_share() {
    // Region A: NS = 180 · 0.15 = 27, IM = 1, CS = −3 (arithmetic in
    // regio-econ's shift_share tests); Region B: 24, −1, 32.
    let dir = tempfile::tempdir().unwrap();
    let f = write_file(dir.path(), "farhauer.csv", FARHAUER);
    let out = dir.path().join("o");
    run_out(
        &out,
        &[
            "diagnose",
            &f,
            "--measure",
            "value",
            "--year",
            "2001",
            "--krugman",
            "halved",
            "--hoover",
            "econgeo",
            "--gini",
            "reat",
            "--log-base",
            "e",
            "--format",
            "csv,json",
        ],
    )
    .expect_ok();
    let (_, rows) = read_csv(&out.join("shift_share.csv"));
    let a = rows.iter().find(|r| r["region"] == "A").unwrap();
    assert!((num(a, "national_share") - 27.0).abs() < 1e-9);
    assert!((num(a, "industry_mix") - 1.0).abs() < 1e-9);
    assert!((num(a, "competitive") + 3.0).abs() < 1e-9);
    let b = rows.iter().find(|r| r["region"] == "B").unwrap();
    assert!((num(b, "competitive") - 32.0).abs() < 1e-9);
    assert!(out.join("shift_share.json").exists());
    // Krugman halved = spec_coeff for every region.
    let (_, sp) = read_csv(&out.join("specialisation.csv"));
    for r in &sp {
        assert_eq!(r["krugman"], r["spec_coeff"]);
    }
}

#[test]
fn bad_arguments_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    let o = run_out(&out, &["diagnose", "--krugman", "double"]).expect_code(2);
    assert!(o.text().contains("--krugman"));
    let o = run_out(
        &out,
        &[
            "diagnose", "--series", "from2020", "--year", "2023", "--base", "2023",
        ],
    )
    .expect_code(4);
    assert!(o.text().contains("must be before"), "{}", o.text());
    let o = run_out(
        &out,
        &["diagnose", "--series", "from2020", "--year", "2030"],
    )
    .expect_code(4);
    assert!(o.text().contains("2030"), "{}", o.text());
    // A negative value is refused with its place.
    let neg = FARHAUER.replace("B,i3,2001,40", "B,i3,2001,-40");
    let f = write_file(dir.path(), "neg.csv", &neg);
    let o = run_out(&out, &["diagnose", &f, "--measure", "value"]);
    assert_ne!(o.code, 0, "{}", o.text());
    let t = o.text();
    assert!(t.contains("-40"), "{t}");
    // Hierarchy prefix longer than the codes: a clear error naming the code.
    let f = write_file(dir.path(), "ok.csv", FARHAUER);
    let prefix = |p: &str| {
        let a = [
            "diagnose",
            &f,
            "--measure",
            "value",
            "--hierarchy-prefix",
            p,
        ];
        run_out(&out, &a)
    };
    let o = prefix("2").expect_code(4);
    assert!(
        o.text().contains("i1") && o.text().contains("parent"),
        "{}",
        o.text()
    );
    // Prefix 1 groups everything under "i": one group, related = entropy.
    prefix("1").expect_ok();
    let (_, v) = read_csv(&out.join("variety.csv"));
    for r in &v {
        assert_eq!(num(r, "unrelated_variety"), 0.0);
        assert!((num(r, "related_variety") - num(r, "entropy")).abs() < 1e-12);
    }
}

#[test]
fn population_reference_and_no_lq_table() {
    // Hoover of i1 in 2001 against population A 100, B 100, C 200 (shares
    // .25, .25, .5): i1 = A 100, B 85, C 255 of 440, so
    // ½(|100/440 − .25| + |85/440 − .25| + |255/440 − .5|) = ½(10 + 25 + 35)/440 = 35/440.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_file(d, "jobs.csv", FARHAUER);
    write_file(d, "pop.csv", "region,total\nA,100\nB,100\nC,200\n");
    let manifest = write_file(
        d,
        "regio.toml",
        "[[panel]]\nfile = \"jobs.csv\"\nmeasure = \"jobs\"\n\
         [[attributes]]\nname = \"population\"\nfile = \"pop.csv\"\nregion_col = \"region\"\n",
    );
    let out = d.join("o");
    let jobs = |extra: &[&str]| {
        let mut a = vec!["diagnose", &manifest, "--measure", "jobs"];
        a.extend(extra);
        run_out(&out, &a)
    };
    jobs(&[
        "--year",
        "2001",
        "--reference",
        "population:total",
        "--no-lq-table",
    ])
    .expect_ok();
    assert!(!out.join("location_quotients.csv").exists());
    let (_, rows) = read_csv(&out.join("concentration.csv"));
    let i1 = rows.iter().find(|r| r["industry"] == "i1").unwrap();
    assert!((num(i1, "hoover") - 35.0 / 440.0).abs() < 1e-12, "{i1:?}");
    // A region without a reference value is refused, naming it.
    write_file(d, "pop.csv", "region,total\nA,100\nB,100\n");
    let o = jobs(&["--year", "2001", "--reference", "population:total"]).expect_code(4);
    assert!(
        o.text().contains('C') && o.text().contains("total"),
        "{}",
        o.text()
    );
    jobs(&["--reference", "population"]).expect_code(2);
}
