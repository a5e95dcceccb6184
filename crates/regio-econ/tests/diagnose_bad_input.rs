//! Bad and degenerate input for `diagnose`: each is a clear error or a
//! documented result without NaN.

use regio_core::{Column, Industry, IndustrySet, MissingPolicy, Panel, Region, RegionSet, Table};
use regio_econ::diagnose::{diagnose, DiagnoseOptions, Hierarchy};

fn panel(regions: &[&str], inds: &[(&str, Option<&str>)], years: &[i32], v: &[&[f64]]) -> Panel {
    let rs =
        RegionSet::from_regions(regions.iter().map(|r| Region::new(*r, *r)).collect()).unwrap();
    let is = IndustrySet::from_industries(
        inds.iter()
            .map(|(c, p)| Industry {
                code: c.to_string(),
                name: c.to_string(),
                parent: p.map(String::from),
            })
            .collect(),
    )
    .unwrap();
    let mut p = Panel::new_missing("employees", rs, is, years.to_vec());
    let (nr, ni) = (regions.len(), inds.len());
    for (y, vals) in v.iter().enumerate() {
        for r in 0..nr {
            for i in 0..ni {
                let x = vals[r * ni + i];
                p.set(y, r, i, (!x.is_nan()).then_some(x)).unwrap();
            }
        }
    }
    p
}

fn table<'a>(t: &'a [Table], name: &str) -> &'a Table {
    t.iter().find(|t| t.name == name).unwrap()
}

fn no_nan(tables: &[Table]) {
    for t in tables {
        for c in &t.columns {
            if let Column::F64(v) = c {
                assert!(v.iter().flatten().all(|x| x.is_finite()), "{}", t.name);
            }
        }
    }
}

const IND2: [(&str, Option<&str>); 2] = [("A", None), ("B", None)];

#[test]
fn zero_region_and_zero_industry_give_missing_not_nan() {
    // Region "z" and industry "B" are empty in both years.
    let p = panel(
        &["a", "b", "z"],
        &IND2,
        &[2000, 2001],
        &[
            &[10.0, 0.0, 5.0, 0.0, 0.0, 0.0],
            &[12.0, 0.0, 4.0, 0.0, 0.0, 0.0],
        ],
    );
    let t = diagnose(&p, &DiagnoseOptions::new(2001)).unwrap();
    no_nan(&t);
    let s = table(&t, "specialisation");
    assert_eq!(s.column("krugman").unwrap().f64(2), None);
    assert_eq!(s.column("top_industry").unwrap().text(2), "");
    let c = table(&t, "concentration");
    assert_eq!(c.column("hoover").unwrap().f64(1), None);
    assert_eq!(c.column("locational_gini").unwrap().f64(1), None);
    let lq = table(&t, "location_quotients");
    // Empty region and empty industry cells have LQ 0 (rca convention).
    assert_eq!(lq.column("lq").unwrap().f64(5), Some(0.0));
    assert_eq!(lq.column("share").unwrap().f64(5), None);
    let sc = table(&t, "structural_change");
    assert_eq!(sc.column("growth").unwrap().f64(2), None);
    // The empty region is left out of convergence: n = 2.
    let conv = table(&t, "convergence");
    assert_eq!(conv.column("value").unwrap().f64(0), Some(2.0));
}

#[test]
fn base_year_missing_for_some_regions() {
    // Region "b" has no 2000 data (e.g. created later, like Sejong before 2012).
    let nan = f64::NAN;
    let p = panel(
        &["a", "b", "c"],
        &IND2,
        &[2000, 2001],
        &[
            &[10.0, 5.0, nan, nan, 3.0, 3.0],
            &[12.0, 5.0, 4.0, 1.0, 3.0, 4.0],
        ],
    );
    let mut o = DiagnoseOptions::new(2001);
    let e = diagnose(&p, &o).unwrap_err().to_string();
    assert!(
        e.contains("missing") && e.contains("region b") && e.contains("2000"),
        "{e}"
    );
    o.missing = MissingPolicy::DropRegions;
    let t = diagnose(&p, &o).unwrap();
    assert_eq!(table(&t, "shift_share").n_rows(), 2);
    assert_eq!(
        table(&t, "shift_share").column("region").unwrap().text(1),
        "c"
    );
    o.missing = MissingPolicy::Zero;
    let t = diagnose(&p, &o).unwrap();
    let ss = table(&t, "shift_share");
    // With zeros, b's 2001 employment is all new cells: 4 + 1 = 5.
    assert_eq!(ss.column("new_cells").unwrap().f64(1), Some(5.0));
    assert_eq!(ss.column("competitive").unwrap().f64(1), Some(5.0));
    no_nan(&t);
    // Analysing 2001 alone (base = end is refused, but a later base works).
    let mut o = DiagnoseOptions::new(2001);
    o.base = Some(2001);
    assert!(diagnose(&p, &o)
        .unwrap_err()
        .to_string()
        .contains("must be before"));
}

#[test]
fn negative_values_are_refused_with_location() {
    let p = panel(
        &["a", "b"],
        &IND2,
        &[2000, 2001],
        &[&[1.0, 2.0, 3.0, 4.0], &[1.0, 2.0, -3.0, 4.0]],
    );
    let e = diagnose(&p, &DiagnoseOptions::new(2001))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("-3")
            && e.contains("2001")
            && e.contains("region b")
            && e.contains("industry A"),
        "{e}"
    );
}

#[test]
fn hierarchy_variety_and_orphans() {
    // Two groups: {A1, A2} under A and {B1} under B.
    // Region a: (1, 1, 2) → p = (.25, .25, .5): E = 1.5 bits, UV = 1, RV = 0.5.
    let inds = [("A1", Some("A")), ("A2", Some("A")), ("B1", Some("B"))];
    let p = panel(&["a"], &inds, &[2000], &[&[1.0, 1.0, 2.0]]);
    let t = diagnose(&p, &DiagnoseOptions::new(2000)).unwrap();
    let v = table(&t, "variety");
    assert_eq!(v.column("entropy").unwrap().f64(0), Some(1.5));
    assert_eq!(v.column("unrelated_variety").unwrap().f64(0), Some(1.0));
    assert_eq!(v.column("related_variety").unwrap().f64(0), Some(0.5));
    assert_eq!(v.column("n_groups").unwrap().f64(0), Some(2.0));
    // A single year: only the cross-sectional tables.
    assert_eq!(t.len(), 4);
    // One industry outside the hierarchy: a clear error naming it.
    let inds = [("A1", Some("A")), ("A2", Some("A")), ("X9", None)];
    let p = panel(&["a"], &inds, &[2000], &[&[1.0, 1.0, 2.0]]);
    let e = diagnose(&p, &DiagnoseOptions::new(2000))
        .unwrap_err()
        .to_string();
    assert!(e.contains("X9") && e.contains("hierarchy"), "{e}");
    // Prefix hierarchy: codes no longer than the prefix have no parent.
    let mut o = DiagnoseOptions::new(2000);
    o.hierarchy = Hierarchy::Prefix(2);
    let e = diagnose(&p, &o).unwrap_err().to_string();
    assert!(e.contains("A1") && e.contains("parent"), "{e}");
    o.hierarchy = Hierarchy::Prefix(1);
    let t = diagnose(&p, &o).unwrap();
    assert_eq!(
        table(&t, "variety").column("n_groups").unwrap().f64(0),
        Some(2.0)
    );
}

#[test]
fn single_region_and_single_industry() {
    // One region: it is the nation. LQ 1, Krugman 0, Hoover 0, CS 0,
    // convergence undefined (missing, n = 1).
    let p = panel(
        &["a"],
        &IND2,
        &[2000, 2001],
        &[&[10.0, 30.0], &[20.0, 30.0]],
    );
    let t = diagnose(&p, &DiagnoseOptions::new(2001)).unwrap();
    no_nan(&t);
    assert_eq!(
        table(&t, "location_quotients").column("lq").unwrap().f64(0),
        Some(1.0)
    );
    assert_eq!(
        table(&t, "specialisation")
            .column("krugman")
            .unwrap()
            .f64(0),
        Some(0.0)
    );
    assert_eq!(
        table(&t, "concentration").column("hoover").unwrap().f64(0),
        Some(0.0)
    );
    assert_eq!(
        table(&t, "shift_share")
            .column("competitive")
            .unwrap()
            .f64(0),
        Some(0.0)
    );
    let conv = table(&t, "convergence");
    assert_eq!(conv.column("value").unwrap().f64(0), Some(1.0));
    assert_eq!(conv.column("value").unwrap().f64(3), None); // beta
                                                            // One industry: HHI 1, entropy 0, industry mix 0.
    let p = panel(
        &["a", "b"],
        &[("A", None)],
        &[2000, 2001],
        &[&[10.0, 30.0], &[20.0, 30.0]],
    );
    let t = diagnose(&p, &DiagnoseOptions::new(2001)).unwrap();
    no_nan(&t);
    assert_eq!(
        table(&t, "specialisation").column("hhi").unwrap().f64(0),
        Some(1.0)
    );
    assert_eq!(
        table(&t, "specialisation")
            .column("entropy")
            .unwrap()
            .f64(0),
        Some(0.0)
    );
    assert_eq!(
        table(&t, "shift_share")
            .column("industry_mix")
            .unwrap()
            .f64(1),
        Some(0.0)
    );
}

#[test]
fn unknown_years() {
    let p = panel(&["a"], &IND2, &[2000, 2001], &[&[1.0, 1.0], &[1.0, 1.0]]);
    let e = diagnose(&p, &DiagnoseOptions::new(2005))
        .unwrap_err()
        .to_string();
    assert!(e.contains("2005") && e.contains("2000"), "{e}");
    let mut o = DiagnoseOptions::new(2001);
    o.base = Some(1990);
    assert!(diagnose(&p, &o).unwrap_err().to_string().contains("1990"));
}
