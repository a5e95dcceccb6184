//! End-to-end tests of `regio strategy`: the Korean demo pooled into the
//! mega-region preset, plain regions, a mapping file, and bad input.

mod common;

use common::{num, read_rows, run_out, Row};
use std::collections::HashMap;
use std::path::Path;

#[test]
fn demo_megaregions() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("o");
    let args = [
        "strategy",
        "--super-region",
        "presets:korea-megaregions",
        "--year",
        "2022",
        "--path-length",
        "5",
    ];
    let so = run_out(&out, &args).expect_ok().stdout;
    assert!(so.contains("coarse"), "{so}");
    let sr = read_rows(&out.join("super_regions.csv"));
    // 7 super-regions x 19 KSIC sections.
    assert_eq!(sr.len(), 7 * 19);
    assert_eq!(sr[0]["super_region"], "capital");
    assert_eq!(sr[0]["members"], "11+23+31");
    let paths = read_rows(&out.join("growth_paths.csv"));
    for unit in [
        "capital",
        "chungcheong",
        "honam",
        "daegyeong",
        "dongnam",
        "gangwon",
        "jeju",
    ] {
        for method in ["beam(width=5)", "greedy"] {
            let steps: Vec<&Row> = paths
                .iter()
                .filter(|r| r["unit"] == unit && r["method"] == method)
                .collect();
            assert!(!steps.is_empty(), "{unit} {method}");
            let mut cum = 0.0;
            for s in &steps {
                if s["industry"].is_empty() {
                    continue;
                }
                let dens = num(s, "density");
                let floor = num(s, "density_floor");
                assert!(dens >= floor, "{unit}: {dens} < {floor}");
                cum += num(s, "pci");
                assert!((cum - num(s, "cumulative")).abs() < 1e-9);
                assert!(s["reason"].contains("floor"));
            }
            // A path never adds an industry twice.
            let mut inds: Vec<&str> = steps.iter().map(|s| s["industry"].as_str()).collect();
            let n = inds.len();
            inds.sort();
            inds.dedup();
            assert_eq!(inds.len(), n);
        }
    }
    // The smart-specialisation matrix: candidates ranked 1..k per unit, specialised not ranked.
    let sm = read_rows(&out.join("smart_specialisation.csv"));
    assert_eq!(sm.len(), 7 * 19);
    for r in &sm {
        assert_eq!(r["specialised"] == "true", r["candidate_rank"].is_empty());
        let q = r["quadrant"].as_str();
        assert!([
            "low-risk/high-return",
            "high-risk/high-return",
            "low-risk/low-return",
            "least attractive"
        ]
        .contains(&q));
    }
    let peers = read_rows(&out.join("peers.csv"));
    assert_eq!(peers.len(), 7 * 5);
    // Deterministic: a second run writes the same bytes.
    let out2 = d.path().join("o2");
    run_out(&out2, &[&args[..], &["--quiet"]].concat()).expect_ok();
    for f in ["growth_paths.csv", "smart_specialisation.csv", "peers.csv"] {
        assert_eq!(
            std::fs::read(out.join(f)).unwrap(),
            std::fs::read(out2.join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn regions_mapping_and_bad_input() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("o");
    run_out(
        &out,
        &[
            "strategy",
            "--objective",
            "cog",
            "--beam-width",
            "3",
            "--path-length",
            "3",
            "--density-threshold",
            "mean",
        ],
    )
    .expect_ok();
    let paths = read_rows(&out.join("growth_paths.csv"));
    assert!(paths
        .iter()
        .any(|r| r["unit"] == "11" && r["method"] == "beam(width=3)"));
    assert_eq!(read_rows(&out.join("peers.csv")).len(), 17 * 5);
    // A mapping file (e.g. zones from another command).
    let map = d.path().join("zones.csv");
    std::fs::write(
        &map,
        "region,zone\n11,north\n23,north\n31,north\n21,south\n26,south\n38,south\n",
    )
    .unwrap();
    let so = run_out(&out, &["strategy", "--super-region", map.to_str().unwrap()])
        .expect_ok()
        .stdout;
    assert!(so.contains("regions in no super-region"), "{so}");
    // Unknown region in the mapping: named, with the file and row.
    std::fs::write(&map, "region,zone\n11,north\n99,south\n").unwrap();
    let se = run_out(&out, &["strategy", "--super-region", map.to_str().unwrap()])
        .expect_code(4)
        .stderr;
    assert!(
        se.contains("\"99\"") && se.contains("zones.csv") && se.contains("row 2"),
        "{se}"
    );
    let se = run_out(&out, &["strategy", "--super-region", "presets:atlantis"])
        .expect_code(4)
        .stderr;
    assert!(se.contains("korea-megaregions"), "{se}");
    run_out(&out, &["strategy", "--objective", "money"]).expect_code(2);
    run_out(&out, &["strategy", "--density-threshold", "big"]).expect_code(4);
}

/// py-ecomplexity 0.5.3 output on the SITC4 trade data (see its PROVENANCE.md).
const ECX_REF: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/reference/ecomplexity_sitc4"
);

#[test]
fn trade_demo_countries_match_py_ecomplexity() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("o");
    run_out(&out, &["strategy", "--demo", "trade", "--path-length", "3"]).expect_ok();
    let ss = read_rows(&out.join("smart_specialisation.csv"));
    assert_eq!(ss.len(), 226 * 785);
    let cell: HashMap<(String, String), &Row> = ss
        .iter()
        .map(|r| ((r["unit"].clone(), r["industry"].clone()), r))
        .collect();
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-8 * b.abs().max(1.0);
    // Density (self-term included) and COG (no Atlas term) per country x
    // product, and PCI per product: the peer's numbers.
    let reference = read_rows(&Path::new(ECX_REF).join("cells.csv"));
    assert!(reference.len() > 3000);
    for t in &reference {
        let o = cell[&(t["region"].clone(), t["product"].clone())];
        assert!(
            close(num(o, "density"), num(t, "density")),
            "{t:?} vs {o:?}"
        );
        assert!(close(num(o, "cog"), num(t, "cog")), "{t:?} vs {o:?}");
        assert_eq!(o["specialised"] == "true", t["mcp"] == "1");
    }
    for t in read_rows(&Path::new(ECX_REF).join("products.csv")) {
        let o = cell[&("usa".to_string(), t["product"].clone())];
        assert!(close(num(o, "pci"), num(&t, "pci")));
    }
    // Every growth-path step adds a product the country does not export
    // with RCA >= 1, at a density at or above the floor.
    let paths = read_rows(&out.join("growth_paths.csv"));
    let steps: Vec<_> = paths.iter().filter(|r| !r["industry"].is_empty()).collect();
    assert!(steps.len() >= 226);
    for s in steps {
        let c = cell[&(s["unit"].clone(), s["industry"].clone())];
        assert_eq!(c["specialised"], "false", "{s:?}");
        assert!(
            num(s, "density") >= num(s, "density_floor") - 1e-12,
            "{s:?}"
        );
    }
}
