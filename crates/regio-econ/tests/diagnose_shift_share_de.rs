//! Shift-share and the diagnose tables on real data: employment of the 16 German
//! Länder in ten industry groups, 2008–2014 (data/de_regions_industries_reat,
//! GPL-packaged: read at test time only).

use regio_core::{Column, Industry, IndustrySet, MissingPolicy, Panel, Region, RegionSet};
use regio_econ::diagnose::{diagnose, DiagnoseOptions};
use regio_econ::shift_share::{dynamic_shift_share, shift_share};
use regio_econ::view::MatrixRef;
use std::collections::BTreeMap;

const CSV: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/de_regions_industries_reat/G_regions_emp.csv"
);

/// (region, industry, year) → employment, and the published national rows.
struct De {
    panel: Panel,
    /// Published `Insgesamt` (Germany) row per industry (panel order) and year.
    germany: BTreeMap<(usize, i32), f64>,
}

fn load() -> De {
    let mut rdr = csv::Reader::from_path(CSV).expect("fixture present");
    let mut cells = vec![];
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let ind = rec[0].to_string();
        if ind == "Insgesamt" || ind == "Verarbeitendes Gewerbe (C)" {
            continue; // all-industry total; C is inside B-E
        }
        let year = rec[2].parse::<f64>().unwrap() as i32;
        let emp = rec[3].parse::<f64>().unwrap();
        cells.push((rec[1].to_string(), ind, year, emp));
    }
    let mut regions: Vec<String> = cells
        .iter()
        .map(|c| c.0.clone())
        .filter(|r| r != "Insgesamt")
        .collect();
    regions.sort();
    regions.dedup();
    let mut inds: Vec<String> = cells.iter().map(|c| c.1.clone()).collect();
    inds.sort();
    inds.dedup();
    let rs = RegionSet::from_regions(
        regions
            .iter()
            .map(|r| Region::new(r.clone(), r.clone()))
            .collect(),
    )
    .unwrap();
    let is = IndustrySet::from_industries(
        inds.iter()
            .map(|i| Industry {
                code: i.clone(),
                name: i.clone(),
                parent: None,
            })
            .collect(),
    )
    .unwrap();
    let mut panel = Panel::new_missing("emp", rs, is, (2008..=2014).collect());
    let mut germany = BTreeMap::new();
    for (r, i, y, v) in cells {
        let ii = panel.industries.id(&i).unwrap();
        if r == "Insgesamt" {
            germany.insert((ii, y), v);
            continue;
        }
        let ri = panel.regions.id(&r).unwrap().idx();
        let yi = panel.year_index(y).unwrap();
        panel.set(yi, ri, ii, Some(v)).unwrap();
    }
    assert_eq!(panel.present_count(), 16 * 10 * 7);
    De { panel, germany }
}

#[test]
fn shift_share_all_laender_2008_2014() {
    let de = load();
    let p = &de.panel;
    let (b, _) = p.matrix(2008, MissingPolicy::Error).unwrap();
    let (e, _) = p.matrix(2014, MissingPolicy::Error).unwrap();
    let s = shift_share(&b, &e).unwrap();
    // National growth from the published Germany row (independent of the regional rows).
    let g0: f64 = (0..10).map(|i| de.germany[&(i, 2008)]).sum();
    let g1: f64 = (0..10).map(|i| de.germany[&(i, 2014)]).sum();
    let g = g1 / g0 - 1.0;
    let (mut sum_im, mut sum_cs) = (0.0, 0.0);
    for r in 0..16 {
        let scale = s.base_total[r].abs().max(1.0);
        // Components sum to the actual change on every row.
        let dunn = s.national_share[r] + s.industry_mix[r] + s.competitive[r];
        assert!((dunn - s.change[r]).abs() <= 1e-9 * scale, "row {r}");
        let em = s.em_competitive[r] + s.em_allocation[r] + s.new_cells[r];
        assert!((em - s.competitive[r]).abs() <= 1e-9 * scale, "row {r}");
        let arc = s.national_share[r]
            + s.industry_mix[r]
            + s.arcelus_regional_growth[r]
            + s.arcelus_regional_mix[r]
            + s.arcelus_regional_mix_allocation[r]
            + s.new_cells[r];
        assert!((arc - s.change[r]).abs() <= 1e-9 * scale, "row {r}");
        // National share against the published national growth.
        assert!((s.national_share[r] - s.base_total[r] * g).abs() <= 1e-9 * scale);
        // Industry mix against the published national industry growth rates.
        let im: f64 = (0..10)
            .map(|i| {
                let gi = de.germany[&(i, 2014)] / de.germany[&(i, 2008)] - 1.0;
                b.get(r, i) * (gi - g)
            })
            .sum();
        assert!((s.industry_mix[r] - im).abs() <= 1e-9 * scale);
        assert_eq!(s.new_cells[r], 0.0); // every cell is positive in 2008
        sum_im += s.industry_mix[r];
        sum_cs += s.competitive[r];
    }
    // Against the sum of the regions, mix and competitive shifts net out nationally.
    assert!(
        sum_im.abs() < 1e-6 && sum_cs.abs() < 1e-6,
        "{sum_im} {sum_cs}"
    );

    // Dynamic (Barff & Knight) over the seven years sums to the same change.
    let mats: Vec<_> = (2008..=2014)
        .map(|y| p.matrix(y, MissingPolicy::Error).unwrap().0)
        .collect();
    let refs: Vec<MatrixRef> = mats.iter().map(MatrixRef::from).collect();
    let d = dynamic_shift_share(&refs).unwrap();
    for r in 0..16 {
        let sum = d.national_share[r] + d.industry_mix[r] + d.competitive[r];
        assert!((sum - s.change[r]).abs() <= 1e-9 * s.base_total[r]);
    }
}

#[test]
fn shift_share_bremen_saarland_hand_computed() {
    // Two Länder x two groups, the nation being their sum:
    //                   F 2008  J 2008   F 2014  J 2014
    //   Bremen          12126    8608    11745    8935    (20734 → 20680)
    //   Saarland        19119    8831    20066    8240    (27950 → 28306)
    //   nation          31245   17439    31811   17175    (48684 → 48986)
    // g = 302/48684 = 0.00620327; g_F = 566/31245 = 0.01811490; g_J = −264/17439 = −0.01513848.
    // Bremen: NS = 20734 · 302/48684 = 128.618602;
    //   IM = 12126 (g_F − g) + 8608 (g_J − g) = 144.440405 − 183.709808 = −39.269403;
    //   CS = (11745 − 12126 · 1.01811490) + (8935 − 8608 · 0.98486152)
    //      = −600.661258 + 457.312059 = −143.349199;
    //   NS + IM + CS = −54 = 20680 − 20734.
    // Saarland: NS = 27950 · 302/48684 = 173.381398; IM = +39.269403; CS = +143.349199 (= 356 − NS − IM).
    let de = load();
    let p = &de.panel;
    let rows = [
        p.regions.id("Bremen").unwrap().idx(),
        p.regions.id("Saarland").unwrap().idx(),
    ];
    let cols = [
        p.industries.id("Baugewerbe (F)").unwrap(),
        p.industries
            .id("Information und Kommunikation (J)")
            .unwrap(),
    ];
    let b = p
        .matrix(2008, MissingPolicy::Error)
        .unwrap()
        .0
        .select(&rows, &cols);
    let e = p
        .matrix(2014, MissingPolicy::Error)
        .unwrap()
        .0
        .select(&rows, &cols);
    let s = shift_share(&b, &e).unwrap();
    let close = |a: f64, b: f64| (a - b).abs() < 5e-6;
    assert!(close(s.national_share[0], 128.618602));
    assert!(close(s.industry_mix[0], -39.269403));
    assert!(close(s.competitive[0], -143.349199));
    assert!((s.change[0] + 54.0).abs() < 1e-12);
    assert!(close(s.national_share[1], 173.381398));
    assert!(close(s.industry_mix[1], 39.269403));
    assert!(close(s.competitive[1], 143.349199));
}

#[test]
fn diagnose_tables_on_german_panel() {
    let de = load();
    let mut o = DiagnoseOptions::new(2014);
    o.base = Some(2008);
    let tables = diagnose(&de.panel, &o).unwrap();
    let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "specialisation",
            "location_quotients",
            "concentration",
            "variety",
            "shift_share",
            "structural_change",
            "convergence",
            "dispersion"
        ]
    );
    for t in &tables {
        assert_eq!(t.specs.len(), t.columns.len());
        for (spec, col) in t.specs.iter().zip(&t.columns) {
            assert!(
                !spec.doc.is_empty(),
                "{}.{} undocumented",
                t.name,
                spec.name
            );
            if let Column::F64(v) = col {
                assert!(v.iter().flatten().all(|x| x.is_finite()));
            }
        }
    }
    let ss = tables.iter().find(|t| t.name == "shift_share").unwrap();
    assert_eq!(ss.n_rows(), 16);
    let f = |c: &str, r: usize| ss.column(c).unwrap().f64(r).unwrap();
    for r in 0..16 {
        let sum = f("national_share", r) + f("industry_mix", r) + f("competitive", r);
        assert!((sum - f("change", r)).abs() <= 1e-9 * f("base_total", r));
        let dynsum = f("dynamic_national_share", r)
            + f("dynamic_industry_mix", r)
            + f("dynamic_competitive", r);
        assert!((dynsum - f("change", r)).abs() <= 1e-9 * f("base_total", r));
    }
    // Without a hierarchy the variety table has entropy only.
    let v = tables.iter().find(|t| t.name == "variety").unwrap();
    assert!(v.column("entropy").unwrap().f64(0).is_some());
    assert!(v.column("related_variety").unwrap().f64(0).is_none());
    // Ten groups, every one present in every Land: LQ table is 160 rows.
    let lq = tables
        .iter()
        .find(|t| t.name == "location_quotients")
        .unwrap();
    assert_eq!(lq.n_rows(), 160);
    let conv = tables.iter().find(|t| t.name == "convergence").unwrap();
    let stat = |name: &str| {
        (0..conv.n_rows())
            .find(|&k| {
                conv.column("statistic").unwrap().text(k) == name
                    && conv.column("test").unwrap().text(k) == "beta"
            })
            .and_then(|k| conv.column("value").unwrap().f64(k))
    };
    assert_eq!(stat("n"), Some(16.0));
    assert_eq!(stat("years"), Some(6.0));
    assert!(stat("se_beta").unwrap() > 0.0);
}
