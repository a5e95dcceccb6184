//! Local-extinction index recomputed from the 2016 resident-registration
//! population by si-gun-gu, sex and age group (KOSIS via the long file in
//! data/kr_population_sgg_age_sex_2016). Published figures (PROVENANCE.md
//! there, after Lee Sang-ho 2016's method): 83 of the 250 si-gun-gu below
//! 0.5, 5 below 0.2, Uiseong-gun (의성군) lowest at 0.167.

use regio_econ::demography::extinction::{extinction_table, RiskClass};
use std::collections::BTreeMap;

#[test]
fn extinction_2016_counts_from_the_long_population_file() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/kr_population_sgg_age_sex_2016/population_2016_sgg_sex_agegroup_long.csv"
    );
    let mut rdr = csv::Reader::from_path(path).unwrap();
    let h = rdr.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let (c_code, c_name, c_level, c_sex, c_age, c_pop) = (
        col("region_code_kostat2018"),
        col("region_name"),
        col("level"),
        col("sex"),
        col("age_group"),
        col("population"),
    );
    // code → (name, women 20-39, persons 65+)
    let mut acc: BTreeMap<String, (String, f64, f64)> = BTreeMap::new();
    for r in rdr.records() {
        let r = r.unwrap();
        if &r[c_level] != "sigungu" {
            continue;
        }
        let e = acc
            .entry(r[c_code].to_string())
            .or_insert((r[c_name].to_string(), 0.0, 0.0));
        let v: f64 = r[c_pop].parse().unwrap();
        let age = &r[c_age];
        if &r[c_sex] == "female" && ["20-24", "25-29", "30-34", "35-39"].contains(&age) {
            e.1 += v;
        }
        let start: Option<u32> = age
            .trim_end_matches('+')
            .split('-')
            .next()
            .and_then(|s| s.parse().ok());
        if &r[c_sex] == "total" && age != "total" && start.is_some_and(|s| s >= 65) {
            e.2 += v;
        }
    }
    assert_eq!(acc.len(), 250);
    let codes: Vec<String> = acc.keys().cloned().collect();
    let names: Vec<String> = acc.values().map(|v| v.0.clone()).collect();
    let w: Vec<Option<f64>> = acc.values().map(|v| Some(v.1)).collect();
    let o: Vec<Option<f64>> = acc.values().map(|v| Some(v.2)).collect();
    let t = extinction_table(&codes, &names, &w, &o, None).unwrap();
    let idx = t.column("extinction_index").unwrap();
    let vals: Vec<f64> = (0..250).map(|i| idx.f64(i).unwrap()).collect();
    assert_eq!(vals.iter().filter(|&&x| x < 0.5).count(), 83);
    assert_eq!(vals.iter().filter(|&&x| x < 0.2).count(), 5);
    let risk = t.column("extinction_risk").unwrap();
    assert_eq!((0..250).filter(|&i| risk.text(i) == "true").count(), 83);
    let (imin, vmin) =
        vals.iter()
            .enumerate()
            .fold((0, f64::MAX), |b, (i, &v)| if v < b.1 { (i, v) } else { b });
    assert_eq!(names[imin], "의성군");
    assert_eq!((vmin * 1000.0).round() / 1000.0, 0.167);
    assert_eq!(RiskClass::of(vmin), RiskClass::HighRisk);
}

#[test]
fn extinction_bad_input() {
    let codes = vec!["a".to_string(), "b".to_string()];
    let names = codes.clone();
    let e = extinction_table(
        &codes,
        &names,
        &[Some(1.0), None],
        &[Some(2.0), Some(2.0)],
        None,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("female_20_39") && e.contains("region b"), "{e}");
    let e = extinction_table(
        &codes,
        &names,
        &[Some(1.0), Some(1.0)],
        &[Some(2.0), Some(0.0)],
        None,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("region b has no residents aged 65+"), "{e}");
    let e = extinction_table(
        &codes,
        &names,
        &[Some(-1.0), Some(1.0)],
        &[Some(2.0), Some(1.0)],
        None,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("-1") && e.contains("region a"), "{e}");
}
