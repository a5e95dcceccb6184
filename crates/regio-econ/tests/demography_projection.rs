//! Cohort-component projection: a hand-computed step, tiling checks, rates.

use regio_econ::demography::projection::{
    extinction_parts, parse_age_groups, project, CohortInput,
};

fn input() -> CohortInput {
    CohortInput {
        female: vec![100.0, 80.0, 50.0],
        male: vec![110.0, 90.0, 40.0],
        survival_female: vec![0.9, 0.8, 0.5],
        survival_male: vec![0.8, 0.7, 0.4],
        fertility: vec![0.0, 0.1, 0.02],
        birth_survival: 0.95,
        sex_ratio_at_birth: 1.0,
        migration_female: None,
        migration_male: None,
    }
}

#[test]
fn hand_computed_step() {
    // Groups 0-4, 5-9, 10+.
    // Women survive: 5-9 = 100·.9 = 90; 10+ = 80·.8 + 50·.5 = 89.
    // Births = 5·[.1·(80 + 90)/2 + .02·(50 + 89)/2] = 5·(8.5 + 1.39) = 49.45;
    // SRB 1 → girls = boys = 24.725, × birth survival .95 = 23.48875.
    // Men: 5-9 = 110·.8 = 88; 10+ = 90·.7 + 40·.4 = 79.
    let p = project(&input(), 2).unwrap();
    let close = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-9);
    assert_eq!(p[0].years, 5);
    assert!(
        close(&p[0].female, &[23.48875, 90.0, 89.0]),
        "{:?}",
        p[0].female
    );
    assert!(
        close(&p[0].male, &[23.48875, 88.0, 79.0]),
        "{:?}",
        p[0].male
    );
    assert_eq!(p[1].years, 10);
    // Net migration is added after survival and births.
    let mut i = input();
    i.migration_female = Some(vec![1.0, -2.0, 0.0]);
    let p = project(&i, 1).unwrap();
    assert!(
        close(&p[0].female, &[24.48875, 88.0, 89.0]),
        "{:?}",
        p[0].female
    );
    i.migration_female = Some(vec![0.0, -200.0, 0.0]);
    assert!(project(&i, 1).unwrap_err().to_string().contains("negative"));
}

#[test]
fn rates_outside_unit_interval_are_rejected() {
    let mut i = input();
    i.survival_male[1] = 1.2;
    let e = project(&i, 1).unwrap_err().to_string();
    assert!(
        e.contains("1.2") && e.contains("male survival") && e.contains("[0, 1]"),
        "{e}"
    );
    let mut i = input();
    i.fertility[0] = -0.1;
    assert!(project(&i, 1)
        .unwrap_err()
        .to_string()
        .contains("fertility"));
    let mut i = input();
    i.female.pop();
    assert!(project(&i, 1).is_err());
}

#[test]
fn age_groups_must_tile() {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let g = parse_age_groups(&s(&["0-4", "5-9", "10-14", "15+"])).unwrap();
    assert_eq!(g[3], (15, None));
    let e = parse_age_groups(&s(&["0-4", "10-14", "15+"]))
        .unwrap_err()
        .to_string();
    assert!(e.contains("gap") && e.contains("5-9"), "{e}");
    let e = parse_age_groups(&s(&["0-4", "3-7", "8+"]))
        .unwrap_err()
        .to_string();
    assert!(e.contains("overlap"), "{e}");
    assert!(parse_age_groups(&s(&["0-4", "5-9"]))
        .unwrap_err()
        .to_string()
        .contains("open-ended"));
    assert!(parse_age_groups(&s(&["5-9", "10+"]))
        .unwrap_err()
        .to_string()
        .contains("start at 0"));
    assert!(parse_age_groups(&s(&["0-4", "5+", "10+"])).is_err());
    assert!(parse_age_groups(&s(&["0-9", "10+"]))
        .unwrap_err()
        .to_string()
        .contains("5 years"));
    assert!(parse_age_groups(&s(&["zero", "5+"])).is_err());
    // Extinction parts from groups: women 20-39 and everyone 65+.
    let labels: Vec<String> = (0..14)
        .map(|i| format!("{}-{}", 5 * i, 5 * i + 4))
        .chain(["70+".to_string()])
        .collect();
    let g = parse_age_groups(&labels).unwrap();
    let f: Vec<f64> = (0..15).map(|i| i as f64).collect();
    let m = vec![1.0; 15];
    // women 20-39: groups 4..=7 → 4+5+6+7 = 22; 65+: groups 13, 14 → (13+14) + 2 = 29.
    assert_eq!(extinction_parts(&g, &f, &m), (22.0, 29.0));
}
