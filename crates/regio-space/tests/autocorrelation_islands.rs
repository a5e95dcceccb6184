//! Units without neighbours (islands) in the local statistics: defined values
//! where the formula gives one, no permutation p-value, never a significant
//! cluster or hot spot; and a constant variable is refused with a reason.

use regio_core::Graph;
use regio_space::autocorrelation::{fdr, getis_ord_local, local_moran, moran};

/// Path 0-1-2-3-4 and the island 5 (esda's G_Local docstring values of y).
fn path_with_island() -> (Vec<f64>, Graph) {
    let y = vec![2.0, 3.0, 3.2, 5.0, 8.0, 7.0];
    let w = Graph::from_lists(vec![
        vec![1],
        vec![0, 2],
        vec![1, 3],
        vec![2, 4],
        vec![3],
        vec![],
    ])
    .unwrap();
    (y, w)
}

fn codes(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("r{i}")).collect()
}

#[test]
fn getis_gi_star_island_keeps_its_self_weight() {
    let (y, w) = path_with_island();
    // Island 5 under Gi*: only the self weight 1 (after either transform, 1/1 = 1).
    // Σy = 28.2 → G*_5 = 7/28.2. N = n = 6, W_5 = 1 → E = 1/6.
    // ȳ = 4.7, mean(y²) = (4 + 9 + 10.24 + 25 + 64 + 49)/6 = 161.24/6 → s² = 26.873̅ − 22.09 = 4.78̅3̅
    // V = 1·(6 − 1)/((6 − 1)·36) · s²/ȳ² = (1/36)·4.78333/22.09 = 0.0060149556...
    // z = (7/28.2 − 1/6)/√V = 1.05162890...; esda 2.9 G_Local(transform="B", star=True)
    // gives the same Gs/EGs/VGs/Zs for this unit (0.24822695035460993, 1/6,
    // 0.006014955652800828, 1.0516289007761892).
    let s2: f64 = 161.24 / 6.0 - 4.7 * 4.7;
    let v = s2 / (36.0 * 4.7 * 4.7);
    let g = 7.0 / 28.2;
    let z = (g - 1.0 / 6.0) / v.sqrt();
    assert!((v - 0.006014955652800828).abs() < 1e-15);
    for row in [true, false] {
        let lg = getis_ord_local(&y, &w, true, row, 99, 1).unwrap();
        assert!((lg.gs[5] - g).abs() < 1e-14, "row {row}: {}", lg.gs[5]);
        assert!((lg.egs[5] - 1.0 / 6.0).abs() < 1e-14);
        assert!((lg.vgs[5] - v).abs() < 1e-15);
        assert!((lg.zs[5] - z).abs() < 1e-12);
        assert!((lg.zs[5] - 1.0516289007761892).abs() < 1e-10);
        // One-point permutation distribution: no pseudo p-value.
        assert!(lg.p_sim[5].is_nan());
        assert!(lg.p_sim[..5].iter().all(|p| p.is_finite()));
        let t = lg.to_table(&codes(6), 0.05);
        assert_eq!(t.column("p_sim").unwrap().text(5), "");
        assert_eq!(t.column("hotspot").unwrap().text(5), "ns");
    }
}

#[test]
fn getis_gi_island_has_no_z() {
    let (y, w) = path_with_island();
    // Gi without self: the island's sum is empty, G = 0, E = 0, V = 0 → z = 0/0,
    // reported as missing (esda: nan), and the unit is not a hot or cold spot.
    let lg = getis_ord_local(&y, &w, false, true, 99, 1).unwrap();
    assert_eq!((lg.gs[5], lg.egs[5], lg.vgs[5]), (0.0, 0.0, 0.0));
    assert!(lg.zs[5].is_nan() && lg.p_sim[5].is_nan());
    let t = lg.to_table(&codes(6), 0.05);
    assert_eq!(t.column("Z").unwrap().text(5), "");
    assert_eq!(t.column("hotspot").unwrap().text(5), "ns");
}

#[test]
fn lisa_island_is_never_a_cluster() {
    let (y, w) = path_with_island();
    let w = w.row_standardized();
    let lm = local_moran(&y, &w, 999, 3).unwrap();
    // Island: lag 0, Is = 0; every conditional draw also gives 0, so esda's
    // folded p would be 1/(m+1) = 0.001 ("significant"); regio reports none.
    assert_eq!(lm.is[5], 0.0);
    assert!(lm.p_sim[5].is_nan());
    let t = lm.to_table(&codes(6), 0.05, false);
    assert_eq!(t.column("cluster").unwrap().text(5), "ns");
    assert_eq!(t.column("p_sim").unwrap().text(5), "");
    // The FDR cut-off counts only real tests: with p = (0.01, 0.04, NaN),
    // n = 2, α = 0.05 → k·α/n = 0.025, 0.05; p_(2) = 0.04 < 0.05 → cut 0.05.
    assert!((fdr(&[0.01, 0.04, f64::NAN], 0.05) - 0.05).abs() < 1e-15);
}

#[test]
fn constant_variable_is_refused() {
    let (_, w) = path_with_island();
    let y = vec![5.0; 6];
    let e = moran(&y, &w.row_standardized(), 0, 1)
        .unwrap_err()
        .to_string();
    assert!(e.contains("constant"), "{e}");
    let e = local_moran(&y, &w.row_standardized(), 0, 1)
        .unwrap_err()
        .to_string();
    assert!(e.contains("undefined for a constant variable"), "{e}");
    // Getis-Ord: a constant (or all-zero) variable has zero variance, every
    // G_i equals its expectation and z is 0/0: refused, as are negative values.
    for v in [0.0, 5.0] {
        let e = getis_ord_local(&[v; 6], &w, true, true, 99, 1)
            .unwrap_err()
            .to_string();
        assert!(e.contains("undefined for a constant variable"), "{e}");
        let e = regio_space::autocorrelation::getis_ord_global(&[v; 6], &w, 99, 1)
            .unwrap_err()
            .to_string();
        assert!(e.contains("undefined for a constant variable"), "{e}");
    }
    let e =
        regio_space::autocorrelation::getis_ord_global(&[1.0, -2.0, 3.0, 4.0, 5.0, 6.0], &w, 0, 1)
            .unwrap_err()
            .to_string();
    assert!(e.contains("non-negative"), "{e}");
}
