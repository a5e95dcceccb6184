//! Strategy: hand-checked density, quadrants, candidate ranks and a 3-step
//! growth path (greedy vs beam), peers by cosine, and the consistency of
//! re-evaluated density / COG with the complexity module on real data
//! (Korean si-do x KSIC sections, employees 2021).

use regio_core::{Matrix, Region, RegionSet};
use regio_econ::complexity::Options;
use regio_econ::rca::Comparison;
use regio_econ::strategy::growth_path::{growth_path, paths_table, Objective, PathOptions};
use regio_econ::strategy::peers::{cosine, peers, Profile};
use regio_econ::strategy::smart_spec::{smart_spec, SmartSpecOptions};
use regio_econ::strategy::super_regions::SuperRegions;
use regio_econ::strategy::{density_row, Capabilities};

fn close(a: f64, b: f64, tol: f64) {
    assert!((a - b).abs() <= tol, "{a} vs {b}");
}

/// Activities A..E; the unit holds A only. Proximity (symmetric, diagonal 1):
/// A-B 0.8, A-C 0.1, A-E 0.9, B-C 0.6, B-D 0.2, C-D 0.7, every other pair 0.
/// Row sums: A 1 + 0.8 + 0.1 + 0.9 = 2.8; B 0.8 + 1 + 0.6 + 0.2 = 2.6;
/// C 0.1 + 0.6 + 1 + 0.7 = 2.4; D 0.2 + 0.7 + 1 = 1.9; E 0.9 + 1 = 1.9.
/// PCI: A -1, B 0.5, C 1, D 2, E 0.6.
fn hand() -> Capabilities {
    let names = ["A", "B", "C", "D", "E"];
    let mut phi = Matrix::zeros(5, 5);
    for i in 0..5 {
        phi.set(i, i, 1.0);
    }
    for (i, j, v) in [
        (0, 1, 0.8),
        (0, 2, 0.1),
        (0, 4, 0.9),
        (1, 2, 0.6),
        (1, 3, 0.2),
        (2, 3, 0.7),
    ] {
        phi.set(i, j, v);
        phi.set(j, i, v);
    }
    let rowsum = phi.row_sums();
    let m = Matrix::from_rows(&[vec![1.0, 0.0, 0.0, 0.0, 0.0]]).unwrap();
    let d = density_row(m.row(0), &phi, &rowsum);
    Capabilities {
        units: vec!["r".into()],
        industries: names.iter().map(|s| s.to_string()).collect(),
        rca: Matrix::from_rows(&[vec![2.0, 0.5, 0.1, 0.0, 0.9]]).unwrap(),
        m,
        proximity: phi,
        prox_rowsum: rowsum,
        symmetric: true,
        pci: vec![-1.0, 0.5, 1.0, 2.0, 0.6],
        kp: vec![-1.0, 0.5, 1.0, 2.0, 0.6],
        sd_kc: 1.0,
        density: Matrix::from_vec(1, 5, d).unwrap(),
        cog: Matrix::zeros(1, 5),
        threshold: (1.0, Comparison::GreaterOrEqual),
        notes: vec![],
    }
}

#[test]
fn density_quadrants_and_ranks_by_hand() {
    let c = hand();
    // Density with M = {A}: d_p = phi_pA / rowsum_p:
    // A 1/2.8, B 0.8/2.6 = 0.307692, C 0.1/2.4 = 0.041667, D 0, E 0.9/1.9 = 0.473684.
    let d = c.density.row(0);
    close(d[0], 1.0 / 2.8, 1e-15);
    close(d[1], 0.8 / 2.6, 1e-15);
    close(d[2], 0.1 / 2.4, 1e-15);
    close(d[3], 0.0, 1e-15);
    close(d[4], 0.9 / 1.9, 1e-15);
    let t = smart_spec(&c, &SmartSpecOptions::default());
    // Density threshold: median of the candidates' densities {0.307692, 0.041667, 0, 0.473684}
    // = (0.041667 + 0.307692)/2 = 0.174679. PCI threshold: median of {-1, 0.5, 1, 2, 0.6} = 0.6.
    close(
        t.require("density_threshold").unwrap().f64(0).unwrap(),
        (0.1 / 2.4 + 0.8 / 2.6) / 2.0,
        1e-15,
    );
    close(
        t.require("complexity_threshold").unwrap().f64(0).unwrap(),
        0.6,
        0.0,
    );
    let q = t.require("quadrant").unwrap();
    // B: dense, PCI 0.5 <= 0.6 → low-risk/low-return; C, D: sparse, PCI > 0.6 →
    // high-risk/high-return; E: dense, PCI 0.6 not > 0.6 → low-risk/low-return.
    assert_eq!(q.text(1), "low-risk/low-return");
    assert_eq!(q.text(2), "high-risk/high-return");
    assert_eq!(q.text(3), "high-risk/high-return");
    assert_eq!(q.text(4), "low-risk/low-return");
    // Ranks: high-risk/high-return first; D before C because its PCI z-score lead
    // (1/sd_pci = 1/0.968 = 1.033) beats C's density z lead (0.041667/0.19457 = 0.214).
    // Then E before B (E has both more density and more PCI). A is held: no rank.
    let r = t.require("candidate_rank").unwrap();
    assert_eq!(r.text(0), "");
    assert_eq!(r.text(3), "1");
    assert_eq!(r.text(2), "2");
    assert_eq!(r.text(4), "3");
    assert_eq!(r.text(1), "4");
    // Evidence: E is related to A (0.9), the only activity held.
    assert_eq!(t.require("related_held").unwrap().text(4), "A (0.900)");
}

#[test]
fn three_step_path_greedy_vs_beam_by_hand() {
    let c = hand();
    let opts = PathOptions {
        length: 3,
        beam_width: 1,
        density_floor: Some(0.25),
        objective: Objective::Complexity,
        related: 2,
    };
    // Greedy, floor 0.25. Step 1 feasible: B (0.3077), E (0.4737) → E (PCI 0.6 > 0.5).
    // Step 2: adding E changes no other density (phi_E,q = 0 for q ≠ A), feasible: B → B.
    // Step 3: after B, C = (0.1 + 0.6)/2.4 = 0.2917, D = 0.2/1.9 = 0.1053 → C.
    // Total 0.6 + 0.5 + 1 = 2.1.
    let g = growth_path(&c, 0, &opts).unwrap();
    let seq: Vec<usize> = g.steps.iter().map(|s| s.industry).collect();
    assert_eq!(seq, vec![4, 1, 2]);
    close(g.total(), 2.1, 1e-12);
    // Beam width 2. Step 1 keeps {E} 0.6 and {B} 0.5. Step 2: {E,B} 1.1, {B,C} 1.5
    // (C reaches 0.2917 after B) → keep {B,C} 1.5, {E,B} 1.1. Step 3: after B, C:
    // D = (0.2 + 0.7)/1.9 = 0.4737 → {B,C,D} = 0.5 + 1 + 2 = 3.5 beats {B,C,E} and {E,B,C} (2.1).
    let b = growth_path(
        &c,
        0,
        &PathOptions {
            beam_width: 2,
            ..opts
        },
    )
    .unwrap();
    let seq: Vec<usize> = b.steps.iter().map(|s| s.industry).collect();
    assert_eq!(seq, vec![1, 2, 3]);
    close(b.total(), 3.5, 1e-12);
    // Densities at each step: 0.8/2.6, 0.7/2.4, 0.9/1.9; B unlocks C, C unlocks D.
    close(b.steps[0].density, 0.8 / 2.6, 1e-12);
    close(b.steps[1].density, 0.7 / 2.4, 1e-12);
    close(b.steps[2].density, 0.9 / 1.9, 1e-12);
    // The general (column) update gives the same path as the symmetric fast path.
    let mut c2 = hand();
    c2.symmetric = false;
    let b2 = growth_path(
        &c2,
        0,
        &PathOptions {
            beam_width: 2,
            ..opts
        },
    )
    .unwrap();
    assert_eq!(b2.steps, b.steps);
    assert_eq!(b.steps[0].unlocked, vec![2]);
    assert_eq!(b.steps[1].unlocked, vec![3]);
    // Step 3's evidence: D's held neighbours C (0.7) then B (0.2).
    assert_eq!(b.steps[2].related, vec![(2, 0.7), (1, 0.2)]);
    let t = paths_table(&c, &[g, b]);
    assert_eq!(t.n_rows(), 6);
    assert!(t
        .require("reason")
        .unwrap()
        .text(3)
        .contains("brings C within reach"));
    // A floor nobody reaches stops the path with a reason.
    let s = growth_path(
        &c,
        0,
        &PathOptions {
            density_floor: Some(0.9),
            ..opts
        },
    )
    .unwrap();
    assert!(s.steps.is_empty() && s.stopped.is_some());
}

#[test]
fn peers_by_cosine() {
    // cos([1,0,1],[1,1,0]) = 1 / (sqrt2 sqrt2) = 0.5.
    close(cosine(&[1.0, 0.0, 1.0], &[1.0, 1.0, 0.0]), 0.5, 1e-15);
    assert_eq!(cosine(&[0.0, 0.0], &[1.0, 1.0]), 0.0);
}

/// Korean si-do x KSIC section employees, 2021 (from2020 series).
fn korea() -> (RegionSet, Vec<String>, Matrix) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/kr_establishments_sido_ksic_2006_2023/establishments_employees_sido_ksic_long.csv"
    );
    let mut r = csv::Reader::from_path(path).unwrap();
    let mut regions: Vec<String> = vec![];
    let mut inds: Vec<String> = vec![];
    let mut cells = vec![];
    for rec in r.records() {
        let rec = rec.unwrap();
        if &rec[6] != "employees"
            || &rec[9] != "from2020"
            || &rec[5] != "2021"
            || &rec[0] == "00"
            || &rec[3] == "TOTAL"
        {
            continue;
        }
        if !regions.contains(&rec[0].to_string()) {
            regions.push(rec[0].to_string());
        }
        if !inds.contains(&rec[3].to_string()) {
            inds.push(rec[3].to_string());
        }
        cells.push((
            rec[0].to_string(),
            rec[3].to_string(),
            rec[7].parse::<f64>().unwrap(),
        ));
    }
    let mut x = Matrix::zeros(regions.len(), inds.len());
    for (rc, ic, v) in cells {
        let i = regions.iter().position(|r| *r == rc).unwrap();
        let j = inds.iter().position(|r| *r == ic).unwrap();
        x.set(i, j, v);
    }
    let rs = RegionSet::from_regions(
        regions
            .iter()
            .map(|c| Region::new(c.as_str(), c.as_str()))
            .collect(),
    )
    .unwrap();
    (rs, inds, x)
}

#[test]
fn pooled_density_and_cog_match_the_complexity_module() {
    let (rs, inds, x) = korea();
    assert_eq!((x.nrows(), x.ncols()), (17, 19));
    let base = Capabilities::compute(&rs.codes(), &inds, &x, &Options::default()).unwrap();
    assert_eq!(base.units.len(), 17);
    // Identity grouping: re-evaluated RCA, M, density and COG equal the complexity module's.
    let ids = base.pooled(&rs.codes(), &inds, &x).unwrap();
    for (a, b) in [
        (&ids.rca, &base.rca),
        (&ids.m, &base.m),
        (&ids.density, &base.density),
        (&ids.cog, &base.cog),
    ] {
        let worst = a
            .as_slice()
            .iter()
            .zip(b.as_slice())
            .map(|(p, q)| (p - q).abs())
            .fold(0.0, f64::max);
        assert!(worst < 1e-12, "max difference {worst}");
    }
    // Mega-regions: pooled RCA of the capital region (11 + 23 + 31) in manufacturing C,
    // recomputed here from the raw sums: (x_cap,C / x_cap) / (x_C / x).
    let sr = SuperRegions::preset("korea-megaregions", &rs).unwrap();
    let pooled = sr.pool(&x);
    let caps = base.pooled(&sr.names, &inds, &pooled).unwrap();
    let c = inds.iter().position(|i| i == "C").unwrap();
    let rows = ["11", "23", "31"].map(|k| rs.id(k).unwrap().idx());
    let cap_c: f64 = rows.iter().map(|&r| x.get(r, c)).sum();
    let cap: f64 = rows.iter().map(|&r| x.row(r).iter().sum::<f64>()).sum();
    let nat_c: f64 = (0..17).map(|r| x.get(r, c)).sum();
    let expect = (cap_c / cap) / (nat_c / x.total());
    let cc = caps.industries.iter().position(|i| i == "C").unwrap();
    close(caps.rca.get(0, cc), expect, 1e-12);
    assert_eq!(caps.units[0], "capital");
    // Paths and the matrix run on the pooled units; peers exclude the unit itself.
    let p = growth_path(
        &caps,
        0,
        &PathOptions {
            length: 2,
            ..Default::default()
        },
    )
    .unwrap();
    for s in &p.steps {
        assert!(caps.m.get(0, s.industry) < 1.0 && s.density >= p.floor);
    }
    let t = peers(&caps, Profile::Rca, 3).unwrap();
    assert_eq!(t.n_rows(), 21);
    assert_ne!(t.require("peer").unwrap().text(0), "capital");
    // A mapping naming an unknown region fails, naming it.
    let e = SuperRegions::from_mapping(
        &[("11".into(), "a".into()), ("77".into(), "b".into())],
        &rs,
        "groups.csv",
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("77") && e.contains("groups.csv") && e.contains("row 2"),
        "{e}"
    );
}
