//! End-to-end `regio zones` on the embedded demo: Gyeonggi's 42 si-gun-gu
//! and the 17 si-do, checked against numbers recomputed here from the
//! carbon CSV in data/kr_carbon_2022.

mod common;

use common::{key_values, num, read_json, read_rows, run, run_out, Run, DATA};
use std::collections::BTreeMap;
use std::path::Path;

/// (absorption, emission) per MOIS code from the source CSV.
fn carbon() -> BTreeMap<String, (f64, f64)> {
    let p = Path::new(DATA).join("kr_carbon_2022/gyeonggi_sigungu_carbon_2022.csv");
    read_rows(&p)
        .into_iter()
        .map(|r| {
            (
                r["region_code"].clone(),
                (
                    num(&r, "forest_absorption_tco2"),
                    num(&r, "emission_total_tco2"),
                ),
            )
        })
        .collect()
}

#[test]
fn gyeonggi_demo_zones_frontier_and_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("z");
    let o = out.to_str().unwrap();
    let stdout = run_out(
        o,
        &[
            "zones",
            "--reduction",
            "0.95",
            "--seed",
            "1",
            "--sweep",
            "--baseline",
        ],
    )
    .expect_ok()
    .stdout;
    assert!(stdout.contains("links added to queen"), "{stdout}");
    assert!(stdout.contains("checker: ok"), "{stdout}");
    let c = carbon();
    assert_eq!(c.len(), 42);
    // Zones: every unit once, every zone's absorption − 0.05 emission ≥ 0.
    let units = read_rows(&out.join("zones.csv"));
    assert_eq!(units.len(), 42);
    let mut zb: BTreeMap<String, f64> = BTreeMap::new();
    for u in &units {
        let (a, e) = c[&u["region"]];
        *zb.entry(u["zone"].clone()).or_default() += a - 0.05 * e;
    }
    let stats = key_values(&out.join("zones_run.csv"));
    let p: usize = stats["p"].parse().unwrap();
    assert_eq!(zb.len(), p);
    assert!(zb.values().all(|b| *b >= -1e-6), "{zb:?}");
    // At least the greedy baseline's p.
    let bp: usize = stats["baseline_p"].parse().unwrap();
    assert!(p >= bp, "p {p} < baseline {bp}");
    // Feasibility threshold: the graph is connected, so r_min = 1 − ΣA / ΣE
    // = 1 − 10,165,724 / 106,010,606 ≈ 0.9041 (sums in data/kr_carbon_2022/PROVENANCE.md).
    let (sa, se) = c
        .values()
        .fold((0.0, 0.0), |acc, x| (acc.0 + x.0, acc.1 + x.1));
    let r_min: f64 = stats["r_min"].parse().unwrap();
    assert!((r_min - (1.0 - sa / se)).abs() < 1e-9, "{r_min}");
    assert!((r_min - 0.9041).abs() < 1e-4);
    // Frontier: infeasible below r_min, feasible from it, p = 42 at r = 1.
    let f = read_rows(&out.join("frontier.csv"));
    for row in &f {
        let r = num(row, "r");
        let feas = row["feasible"] == "true";
        assert_eq!(feas, r >= r_min - 1e-12, "r = {r}");
        if !feas {
            assert_eq!(row["p"], "0");
        }
    }
    let last = f.last().unwrap();
    assert_eq!((last["r"].as_str(), last["p"].as_str()), ("1.0", "42"));
    // GeoJSON: one feature per unit with its region code and zone id.
    let gj = read_json(&out.join("zones.geojson"));
    let feats = gj["features"].as_array().unwrap();
    assert_eq!(feats.len(), 42);
    for ft in feats {
        assert!(
            ft["properties"]["region"].is_string() && !ft["properties"]["zone"].is_null(),
            "{ft}"
        );
    }
    // Same seed, same bytes.
    let out2 = dir.path().join("z2");
    run_out(
        &out2,
        &["zones", "--reduction", "0.95", "--seed", "1", "-q"],
    )
    .expect_ok();
    assert_eq!(
        std::fs::read(out.join("zones.csv")).unwrap(),
        std::fs::read(out2.join("zones.csv")).unwrap()
    );
}

#[test]
fn solver_reaches_baseline_on_demo_scenarios() {
    let dir = tempfile::tempdir().unwrap();
    for (extra, rs) in [
        (vec![], vec!["0.91", "0.93", "0.97", "0.99"]),
        (vec!["--boundaries", "sido"], vec!["0.95", "0.99"]),
    ] {
        for r in rs {
            let out = dir.path().join(format!("{}_{r}", extra.len()));
            let mut a = vec![
                "zones",
                "--reduction",
                r,
                "--baseline",
                "--exclude-infeasible",
                "-q",
                "--out",
                out.to_str().unwrap(),
            ];
            a.extend(extra.iter().copied());
            run(&a).expect_ok();
            let stats = key_values(&out.join("zones_run.csv"));
            let p: usize = stats["p"].parse().unwrap();
            if let Ok(bp) = stats["baseline_p"].parse::<usize>() {
                assert!(p >= bp, "{a:?}: p {p} < baseline {bp}");
            }
            assert!(p >= 1, "{a:?}");
        }
    }
}

#[test]
fn population_bound_and_similarity() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("z");
    // Each zone also needs >= 1,000,000 tCO2 of emission (an EMP-style SUM bound).
    run_out(
        &out,
        &[
            "zones",
            "--reduction",
            "0.97",
            "--min",
            "emission_total_tco2>=1000000",
            "--similarity",
            "road_transport_tco2",
        ],
    )
    .expect_ok();
    let c = carbon();
    let mut em: BTreeMap<String, f64> = BTreeMap::new();
    for u in read_rows(&out.join("zones.csv")) {
        *em.entry(u["zone"].clone()).or_default() += c[&u["region"]].1;
    }
    assert!(em.values().all(|e| *e >= 1_000_000.0), "{em:?}");
    let s = read_rows(&out.join("zone_summary.csv"));
    assert!(s[0].contains_key("heterogeneity") && s[0].contains_key("sum_emission_total_tco2"));
}

#[test]
fn bad_input_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let o = dir.path().join("z");
    let o = o.to_str().unwrap();
    // Below the feasible reduction: why, and from which r.
    let err = run_out(o, &["zones", "--reduction", "0.5"])
        .expect_code(4)
        .stderr;
    assert!(
        err.contains("no feasible zoning at reduction r = 0.5") && err.contains("r = 0.904"),
        "{err}"
    );
    // Unknown column.
    let err = run_out(
        o,
        &["zones", "--balance", "forest_absorption_tco2 - emissions"],
    )
    .expect_code(4)
    .stderr;
    assert!(
        err.contains("unknown column \"emissions\"") && err.contains("emission_total_tco2"),
        "{err}"
    );
    // Out-of-range reduction, bad constraint.
    run_out(o, &["zones", "--reduction", "1.5"]).expect_code(2);
    let Run {
        code, stderr: err, ..
    } = run_out(o, &["zones", "--min", "population=3"]);
    assert_ne!(code, 0);
    assert!(err.contains("no >= or <="), "{err}");
    let err = run_out(o, &["zones", "--min", "population>=3"])
        .expect_code(4)
        .stderr;
    assert!(err.contains("population"), "{err}");
}
