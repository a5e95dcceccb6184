//! Population-decline composite index: a hand-computed three-region case
//! (min-max, equal and user weights), missing indicators, bad weights.

use regio_econ::demography::decline::{
    decline_index, DeclineOptions, Standardisation, OFFICIAL_INDICATORS,
};
use std::collections::BTreeMap;

fn columns() -> BTreeMap<String, Vec<Option<f64>>> {
    let mut c = BTreeMap::new();
    for (name, _) in OFFICIAL_INDICATORS {
        // Lower is worse for all but ageing_ratio: A worst, C best.
        let v = match name {
            "ageing_ratio" => [30.0, 20.0, 10.0],
            "fiscal_self_reliance" => [50.0, 10.0, 30.0],
            _ => [0.0, 1.0, 2.0],
        };
        c.insert(name.to_string(), v.iter().map(|&x| Some(x)).collect());
    }
    c
}

fn f(t: &regio_core::Table, col: &str) -> Vec<f64> {
    let c = t.column(col).unwrap();
    (0..t.n_rows()).map(|i| c.f64(i).unwrap()).collect()
}

#[test]
fn hand_computed_min_max_composite() {
    // Min-max, oriented so higher = more decline:
    // seven indicators give A 1, B .5, C 0; fiscal self-reliance (lower is
    // worse, min 10, max 50) gives A 1 − 40/40 = 0, B 1 − 0 = 1, C 1 − 20/40 = .5.
    // Equal weights: A (7·1 + 0)/8 = .875, B (7·.5 + 1)/8 = .5625, C (0 + .5)/8 = .0625.
    let codes: Vec<String> = vec!["A".into(), "B".into(), "C".into()];
    let mut o = DeclineOptions {
        standardisation: Standardisation::MinMax,
        n_decline: 1,
        n_watch: 1,
        ..Default::default()
    };
    let t = decline_index(&codes, &columns(), &o).unwrap();
    assert_eq!(f(&t, "decline_index"), vec![0.875, 0.5625, 0.0625]);
    assert_eq!(f(&t, "rank"), vec![1.0, 2.0, 3.0]);
    let class = t.column("class").unwrap();
    assert_eq!(
        (0..3).map(|i| class.text(i)).collect::<Vec<_>>(),
        vec!["decline", "watch", "other"]
    );
    // Fiscal self-reliance weight 9 (others 1): A 7/16 = .4375,
    // B (3.5 + 9)/16 = .78125, C 4.5/16 = .28125 → B ranks first.
    o.weights.insert("fiscal_self_reliance".into(), 9.0);
    let t = decline_index(&codes, &columns(), &o).unwrap();
    assert_eq!(f(&t, "decline_index"), vec![0.4375, 0.78125, 0.28125]);
    assert_eq!(f(&t, "rank"), vec![2.0, 1.0, 3.0]);
}

#[test]
fn missing_indicators_are_named_and_optional() {
    let codes: Vec<String> = vec!["A".into(), "B".into(), "C".into()];
    let mut c = columns();
    c.remove("daytime_population");
    let e = decline_index(&codes, &c, &DeclineOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("daytime_population"), "{e}");
    let o = DeclineOptions {
        allow_missing: true,
        standardisation: Standardisation::MinMax,
        ..Default::default()
    };
    let t = decline_index(&codes, &c, &o).unwrap();
    assert_eq!(f(&t, "n_indicators"), vec![7.0; 3]);
    assert_eq!(
        t.column("missing_indicators").unwrap().text(0),
        "daytime_population"
    );
    // (6·1 + 0)/7 for A.
    assert!((f(&t, "decline_index")[0] - 6.0 / 7.0).abs() < 1e-15);
    // A missing value in one region.
    let mut c = columns();
    c.get_mut("youth_ratio").unwrap()[1] = None;
    let e = decline_index(&codes, &c, &DeclineOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("youth_ratio") && e.contains("region B"), "{e}");
    // Bad weight.
    let mut o = DeclineOptions::default();
    o.weights.insert("crude_birth_rate".into(), -1.0);
    assert!(decline_index(&codes, &columns(), &o)
        .unwrap_err()
        .to_string()
        .contains("non-negative weight"));
    let mut o = DeclineOptions::default();
    o.weights.insert("gdp".into(), 1.0);
    assert!(decline_index(&codes, &columns(), &o)
        .unwrap_err()
        .to_string()
        .contains("unknown indicator"));
}
