//! Bad input gets a clear error: no feasible partition (why, and from which
//! reduction it becomes feasible), isolated units with a negative balance,
//! NaN balances, a balance naming a missing column, unreachable fixed p.

mod zones_util;

use regio_core::Graph;
use regio_space::zones::{
    feasibility, solve, solve_zones, Aggregate, Balance, Constraint, MaxpOptions, Objective,
    Problem,
};
use zones_util::*;

#[test]
fn infeasible_says_why_and_when() {
    // Path of three units, absorption (5, 0, 0), emission (10, 10, 10):
    // total B = 5 − 30 = −25, S = 30 → feasible from r = 25/30 = 0.8333.
    let g = grid(1, 3, |_| 0);
    let b = Balance::absorption_emission(&[5.0, 0.0, 0.0], &[10.0, 10.0, 10.0]);
    let err = solve_zones(&g, &b, 0.5, &[], &Objective::None, &MaxpOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("no feasible zoning at reduction r = 0.5"),
        "{err}"
    );
    assert!(err.contains("r = 0.8333"), "{err}");
    // At r = 0.9: balances 5 − 1 = 4, −1, −1 → one zone only (4 − 1 − 1 = 2 ≥ 0;
    // {0} alone leaves {1,2} at −2), so p = 1.
    let (z, _) = solve_zones(&g, &b, 0.9, &[], &Objective::None, &MaxpOptions::default()).unwrap();
    assert_eq!(z.p, 1);
}

#[test]
fn isolated_negative_unit() {
    // Units 0–1 linked and balanced; unit 2 has no neighbours and emits.
    let g = Graph::from_lists(vec![vec![1], vec![0], vec![]]).unwrap();
    let b = Balance::absorption_emission(&[10.0, 0.0, 0.0], &[1.0, 1.0, 2.0]);
    let codes: Vec<String> = ["41111", "41113", "41115"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let msg = feasibility(&g, &b).explain_at(0.0, &codes).unwrap();
    assert!(msg.contains("isolated unit 41115"), "{msg}");
    assert!(
        msg.contains("no reduction rate makes it balance") || msg.contains("r = 1"),
        "{msg}"
    );
    assert!(solve_zones(&g, &b, 0.2, &[], &Objective::None, &MaxpOptions::default()).is_err());
}

#[test]
fn nan_balance_is_rejected() {
    let g = grid(1, 3, |_| 0);
    let problem = Problem {
        graph: &g,
        constraints: vec![Constraint::sum_at_least(
            "balance",
            vec![1.0, f64::NAN, 2.0],
            0.0,
        )],
        objective: Objective::None,
    };
    let err = solve(&problem, &MaxpOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("finite") && err.contains("#1"), "{err}");
    let a = [Some(1.0), None, Some(3.0)];
    let codes: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
    let err = Balance::parse("x", &[("x", &a)], &codes)
        .unwrap_err()
        .to_string();
    assert!(err.contains("region b"), "{err}");
}

#[test]
fn missing_column_lists_available() {
    let a = [Some(1.0)];
    let e = [Some(2.0)];
    let codes = vec!["a".to_string()];
    let err = Balance::parse(
        "forest_absorption_tco2 - emissions",
        &[("forest_absorption_tco2", &a), ("emission_total_tco2", &e)],
        &codes,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("\"emissions\"") && err.contains("emission_total_tco2"),
        "{err}"
    );
}

#[test]
fn unreachable_fixed_p_and_ineligible_units() {
    let g = grid(2, 2, |_| 0);
    let cs = vec![Constraint::sum_at_least("count", vec![1.0; 4], 2.0)];
    let problem = Problem {
        graph: &g,
        constraints: cs.clone(),
        objective: Objective::None,
    };
    let err = solve(
        &problem,
        &MaxpOptions {
            fixed_p: Some(3),
            ..Default::default()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("fixed p = 3") && err.contains("2"), "{err}");
    let z = solve(
        &problem,
        &MaxpOptions {
            fixed_p: Some(1),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(z.p, 1);
    // MIN(income) >= 5 and unit 3 has 4: no zone may contain it.
    let problem = Problem {
        graph: &g,
        constraints: vec![Constraint::new(
            "income",
            Aggregate::Min,
            vec![6.0, 7.0, 8.0, 4.0],
            Some(5.0),
            None,
        )],
        objective: Objective::None,
    };
    let err = solve(&problem, &MaxpOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("unit #3") && err.contains("min(income) >= 5"),
        "{err}"
    );
    // Asymmetric graph.
    let g = Graph::from_lists(vec![vec![1], vec![]]).unwrap();
    let problem = Problem {
        graph: &g,
        constraints: vec![Constraint::sum_at_least("c", vec![1.0, 1.0], 1.0)],
        objective: Objective::None,
    };
    assert!(solve(&problem, &MaxpOptions::default())
        .unwrap_err()
        .to_string()
        .contains("symmetric"));
    let _ = data("x");
}
