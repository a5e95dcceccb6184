//! The embedded demo against independent figures: the KOSIS total rows
//! (전국, 전체 산업) published in the same exports, the untouched KOSIS
//! export files themselves, and the derived local-extinction file.

use regio_core::Panel;
use regio_io::demo;
use regio_io::kosis::{kosis_to_panels, read_kosis, CodeMap, KosisPanelSpec, TotalsPolicy};
use regio_io::panels::TotalRow;
use regio_io::{CsvOptions, Source};
use std::collections::{BTreeMap, HashMap};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data");

fn totals_map(t: &[TotalRow]) -> HashMap<(String, String, String, i32), Option<f64>> {
    t.iter()
        .map(|r| {
            (
                (r.key.clone(), r.region.clone(), r.industry.clone(), r.year),
                r.value,
            )
        })
        .collect()
}

/// Checks, for every year: per region, the sum of sections equals the region's
/// all-industry total row; per section, the sum of regions equals the national
/// row; returns how many equalities were checked.
fn check_totals(
    key: &str,
    p: &Panel,
    totals: &HashMap<(String, String, String, i32), Option<f64>>,
) -> usize {
    let mut checked = 0;
    for (yi, &y) in p.years.iter().enumerate() {
        for (r, reg) in p.regions.iter().enumerate() {
            let Some(sum) = (0..p.industries.len())
                .map(|i| p.get(yi, r, i))
                .sum::<Option<f64>>()
            else {
                continue;
            };
            let t = totals[&(key.to_string(), reg.code.clone(), "TOTAL".to_string(), y)];
            assert_eq!(
                Some(sum),
                t,
                "{key} {y} region {}: sum of sections vs 전체 산업",
                reg.code
            );
            checked += 1;
        }
        for (i, ind) in p.industries.iter().enumerate() {
            let Some(sum) = (0..p.regions.len())
                .map(|r| p.get(yi, r, i))
                .sum::<Option<f64>>()
            else {
                continue;
            };
            let t = totals[&(key.to_string(), "00".to_string(), ind.code.clone(), y)];
            assert_eq!(
                Some(sum),
                t,
                "{key} {y} industry {}: sum of si-do vs 전국",
                ind.code
            );
            checked += 1;
        }
    }
    checked
}

#[test]
fn demo_has_the_documented_shape() {
    let ds = demo::korea().unwrap();
    let keys: Vec<&str> = ds.panels.keys().map(|s| s.as_str()).collect();
    assert_eq!(
        keys,
        [
            "employees@from2020",
            "employees@pre2020",
            "establishments@from2020",
            "establishments@pre2020"
        ]
    );
    for (k, p) in &ds.panels {
        assert_eq!(p.regions.len(), 17, "{k}");
        assert_eq!(p.industries.len(), 19, "{k}");
        assert!(p.regions.id("00").is_none() && p.industries.id("TOTAL").is_none());
        assert_eq!(p.industries.codes().concat(), "ABCDEFGHIJKLMNOPQRS");
        let want: Vec<i32> = if k.ends_with("pre2020") {
            (2006..=2020).collect()
        } else {
            (2020..=2023).collect()
        };
        assert_eq!(p.years, want, "{k}");
    }
    // Sejong (29) is "-" (not applicable) before 2012: missing, not zero.
    let p = &ds.panels["establishments@pre2020"];
    let sejong = p.regions.id("29").unwrap().idx();
    assert_eq!(p.get(p.year_index(2011).unwrap(), sejong, 2), None);
    assert!(p.get(p.year_index(2012).unwrap(), sejong, 2).is_some());
    // Daejeon (25) mining (B) employees 2008 are suppressed (X).
    let e = &ds.panels["employees@pre2020"];
    assert_eq!(
        e.get(
            e.year_index(2008).unwrap(),
            e.regions.id("25").unwrap().idx(),
            1
        ),
        None
    );

    assert_eq!(ds.attributes["carbon_gg"].regions.len(), 42);
    assert_eq!(ds.attributes["carbon_gg"].columns.len(), 7);
    let sido = &ds.attributes["carbon_sido"];
    assert_eq!(sido.regions.len(), 17);
    // 경기도 row of sido_carbon_2022.csv: emission 106,010,527
    let gg = sido.regions.id("31").unwrap().idx();
    assert_eq!(sido.columns["emission_tco2"][gg], Some(106_010_527.0));
    assert_eq!(ds.attributes["population_2016"].regions.len(), 250);
    let mig = &ds.flows["migration"];
    assert_eq!(mig.regions.len(), 17);
    assert_eq!(mig.years(), (2000..=2024).collect::<Vec<_>>());
    // 17 x 17 x 25 cells, minus Sejong's 33 cells per year 2000-2011 (12 years)
    assert_eq!(mig.len(), 17 * 17 * 25 - 33 * 12);
    // 2020 Seoul -> Busan = 13,209 (PROVENANCE example)
    let (s, b) = (
        mig.regions.id("11").unwrap().0,
        mig.regions.id("21").unwrap().0,
    );
    let v: Vec<f64> = (0..mig.len())
        .filter(|&k| mig.origin[k] == s && mig.destination[k] == b && mig.year[k] == Some(2020))
        .map(|k| mig.value[k])
        .collect();
    assert_eq!(v, vec![13209.0]);
    assert!(ds.sources.iter().any(|s| s.contains("Passenger")));
    if let Some(p) = ds.flows.get("passenger") {
        assert_eq!(p.regions.len(), 159);
        assert_eq!(p.len(), 159 * 159);
    }
}

#[test]
fn establishment_sections_sum_to_the_kosis_total_rows() {
    let ds = demo::korea().unwrap();
    let totals = totals_map(&demo::kosis_totals().unwrap());
    // Checks per key: pre2020 has 15 years x 17 regions, minus Sejong's 6 missing
    // years (2006-2011) = 249 region sums, plus 19 national section sums in the 9 years
    // without missing si-do (2012-2020) = 171: 420. from2020: 4 x (17 + 19) = 144.
    // employees@pre2020 also lacks Daejeon mining in 2008 and 2011 (X): 420 - 2 = 418.
    for (key, want) in [
        ("establishments@pre2020", 420),
        ("establishments@from2020", 144),
        ("employees@pre2020", 418),
        ("employees@from2020", 144),
    ] {
        assert_eq!(check_totals(key, &ds.panels[key], &totals), want, "{key}");
    }
}

fn kosis_spec(series: &str) -> KosisPanelSpec {
    KosisPanelSpec {
        region_dim: 0,
        industry_dim: 1,
        filters: vec![],
        region_codes: CodeMap::Sido,
        industry_codes: CodeMap::KsicSection,
        measures: BTreeMap::from([
            ("사업체수 (개)".to_string(), "establishments".to_string()),
            ("종사자수 (명)".to_string(), "employees".to_string()),
        ]),
        measure: String::new(),
        series: Some(series.into()),
        totals: TotalsPolicy::Separate,
    }
}

fn same_cells(a: &Panel, b: &Panel) {
    assert_eq!(a.years, b.years);
    assert_eq!(a.regions.len(), b.regions.len());
    assert_eq!(a.industries.len(), b.industries.len());
    for (yi, _) in a.years.iter().enumerate() {
        for reg in a.regions.iter() {
            for ind in a.industries.iter() {
                let (ra, rb) = (
                    a.regions.id(&reg.code).unwrap().idx(),
                    b.regions.id(&reg.code).unwrap().idx(),
                );
                let (ia, ib) = (
                    a.industries.id(&ind.code).unwrap(),
                    b.industries.id(&ind.code).unwrap(),
                );
                assert_eq!(
                    a.get(yi, ra, ia),
                    b.get(yi, rb, ib),
                    "{} {} {}",
                    a.years[yi],
                    reg.code,
                    ind.code
                );
            }
        }
    }
}

fn identical(a: &Panel, b: &Panel) {
    assert_eq!(a.measure, b.measure);
    assert_eq!(a.regions, b.regions);
    assert_eq!(a.industries, b.industries);
    assert_eq!(a.years, b.years);
    let bits = |p: &Panel| {
        p.raw_values()
            .iter()
            .map(|v| v.to_bits())
            .collect::<Vec<_>>()
    };
    assert_eq!(bits(a), bits(b));
}

#[test]
fn kosis_exports_match_the_tidy_file_and_their_own_totals_and_survive_parquet() {
    let ds = demo::korea().unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (file, series) in [
        ("시도 · 산업별 사업체수, 종사자수(’06~ ).csv", "pre2020"),
        (
            "시도 · 산업별 사업체수, 종사자수 및 매출액(’20~ ).csv",
            "from2020",
        ),
    ] {
        let path = format!("{DATA}/kr_establishments_sido_ksic_2006_2023/original/{file}");
        let t = read_kosis(&Source::file(&path), CsvOptions::default()).unwrap();
        assert_eq!(t.dims.len(), 2);
        let read = kosis_to_panels(&t, &kosis_spec(series)).unwrap();
        let key = format!("establishments@{series}");
        let est = &read.panels[&key];
        assert_eq!((est.regions.len(), est.industries.len()), (17, 19));
        // the tidy long file (built independently from the same export) agrees cell by cell
        same_cells(est, &ds.panels[&key]);
        // the export's own total rows: sections sum to 전체 산업, si-do sum to 전국
        let totals = totals_map(&read.totals);
        // same counts as for the tidy file: 420 (pre2020) and 144 (from2020)
        let want = if series == "pre2020" { 420 } else { 144 };
        assert_eq!(check_totals(&key, est, &totals), want);
        // KOSIS layout -> Panel -> Parquet -> Panel is lossless
        let pq = dir.path().join(format!("{series}.parquet"));
        regio_io::parquet_io::write_panels_parquet(&pq, &read.panels).unwrap();
        let back = regio_io::parquet_io::read_panels_parquet(&pq, "value", true).unwrap();
        assert_eq!(
            back.panels.keys().collect::<Vec<_>>(),
            read.panels.keys().collect::<Vec<_>>()
        );
        for (k, p) in &read.panels {
            identical(p, &back.panels[k]);
        }
    }
}

#[test]
fn population_sums_match_the_published_extinction_inputs() {
    let ds = demo::korea().unwrap();
    let pop = &ds.attributes["population_2016"];
    let src = Source::file(format!(
        "{DATA}/kr_population_sgg_age_sex_2016/local_extinction_index_2016.csv"
    ));
    let mut rows = regio_io::source::CsvRows::open(&src, CsvOptions::default()).unwrap();
    let (c_code, c_level) = (
        rows.col("region_code_kostat2018").unwrap(),
        rows.col("level").unwrap(),
    );
    let cols = ["total_pop", "female_20_39", "pop_65plus"].map(|c| rows.col(c).unwrap());
    let mut n = 0;
    while let Some((_, rec)) = rows.next_row().unwrap() {
        if &rec[c_level] != "sigungu" {
            continue;
        }
        let r = pop.regions.id(&rec[c_code]).unwrap().idx();
        for (name, c) in ["total_pop", "female_20_39", "pop_65plus"].iter().zip(cols) {
            assert_eq!(
                pop.columns[*name][r],
                Some(rec[c].parse::<f64>().unwrap()),
                "{name} {}",
                &rec[c_code]
            );
        }
        n += 1;
    }
    assert_eq!(n, 250);
    assert!(pop.columns.contains_key("female_20_24") && pop.columns.contains_key("male_100plus"));
}

#[test]
fn trade_demo_has_every_listed_pair() {
    // Independent read of the raw file: every listed pair and the grand total.
    let raw = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/trade_sitc4_1998_2000/world_trade_avg_1998_to_2000.csv"
    ))
    .unwrap();
    let rows: Vec<(String, String, f64)> = raw
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0].to_string(), f[1].to_string(), f[2].parse().unwrap())
        })
        .collect();
    let ds = demo::trade().unwrap();
    let p = &ds.panels["exports"];
    assert_eq!((p.regions.len(), p.industries.len()), (226, 785));
    assert_eq!(p.years, vec![demo::TRADE_YEAR]);
    let (m, _) = p
        .matrix(demo::TRADE_YEAR, regio_core::MissingPolicy::Error)
        .unwrap();
    let total: f64 = rows.iter().map(|r| r.2).sum();
    assert!((m.as_slice().iter().sum::<f64>() - total).abs() <= 1e-9 * total);
    let codes = p.regions.codes();
    let r = codes.iter().position(|c| c == &rows[0].0).unwrap();
    let i = (0..p.industries.len())
        .find(|&i| p.industries.get(i).code == rows[0].1)
        .unwrap();
    assert_eq!(m.get(r, i), rows[0].2);
    assert_eq!(ds.attributes["gdp"].regions.len(), 240);
}
