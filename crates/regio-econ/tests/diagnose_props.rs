//! Property tests of the regional diagnostics: identities that hold for any
//! non-negative regions x industries data.

// Matrix arithmetic written with explicit indices mirrors the formulas.
#![allow(clippy::needless_range_loop)]

use proptest::prelude::*;
use regio_core::Matrix;
use regio_econ::concentration::{hoover, locational_gini, GiniConvention, HooverScale};
use regio_econ::shift_share::shift_share;
use regio_econ::specialisation::{location_quotients, region_indices, KrugmanScale, LogBase};
use regio_econ::variety::variety;

/// A regions x industries matrix with non-negative integer-valued cells
/// (about a quarter of them zero), `r` in 1..8, `i` in 1..7.
fn matrix() -> impl Strategy<Value = Matrix> {
    (1usize..8, 1usize..7).prop_flat_map(|(r, i)| {
        proptest::collection::vec(
            prop_oneof![1 => Just(0.0), 3 => (1u32..10_000).prop_map(f64::from)],
            r * i,
        )
        .prop_map(move |v| Matrix::from_vec(r, i, v).unwrap())
    })
}

fn pair() -> impl Strategy<Value = (Matrix, Matrix)> {
    matrix().prop_flat_map(|a| {
        let (r, i) = (a.nrows(), a.ncols());
        proptest::collection::vec(
            prop_oneof![1 => Just(0.0), 3 => (1u32..10_000).prop_map(f64::from)],
            r * i,
        )
        .prop_map(move |v| (a.clone(), Matrix::from_vec(r, i, v).unwrap()))
    })
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs()))
}

fn opt_close(a: Option<f64>, b: Option<f64>, tol: f64) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => close(a, b, tol),
        (None, None) => true,
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Σ_r (X_r/X) LQ_ri = Σ_r x_ri/X_i = 1 for every non-empty industry.
    #[test]
    fn lq_weighted_mean_is_one(x in matrix()) {
        let lq = location_quotients(&x).unwrap();
        let rows = x.row_sums();
        let cols = x.col_sums();
        let total: f64 = rows.iter().sum();
        for i in 0..x.ncols() {
            if cols[i] == 0.0 { continue; }
            let m: f64 = (0..x.nrows()).map(|r| rows[r] / total * lq.get(r, i)).sum();
            prop_assert!(close(m, 1.0, 1e-12), "industry {i}: {m}");
        }
    }

    /// Every shift-share decomposition sums to the actual change on every row.
    #[test]
    fn shift_share_sums((a, b) in pair()) {
        prop_assume!(a.total() > 0.0);
        let s = shift_share(&a, &b).unwrap();
        for r in 0..a.nrows() {
            let tol = 1e-12 * (1.0 + s.base_total[r] + s.end_total[r]);
            let dunn = s.national_share[r] + s.industry_mix[r] + s.competitive[r];
            prop_assert!((dunn - s.change[r]).abs() <= tol);
            let em = s.em_competitive[r] + s.em_allocation[r] + s.new_cells[r];
            prop_assert!((em - s.competitive[r]).abs() <= tol);
            let arc = s.national_share[r] + s.industry_mix[r] + s.arcelus_regional_growth[r]
                + s.arcelus_regional_mix[r] + s.arcelus_regional_mix_allocation[r] + s.new_cells[r];
            prop_assert!((arc - s.change[r]).abs() <= tol, "row {r}: {arc} vs {}", s.change[r]);
        }
    }

    /// Entropy = unrelated + related variety to 1e-12 for any grouping.
    #[test]
    fn entropy_decomposition(x in matrix(), seed in 0usize..1000) {
        let ni = x.ncols();
        let ng = 1 + seed % ni;
        let group: Vec<usize> = (0..ni).map(|i| (i * 7 + seed) % ng).collect();
        for base in [LogBase::Two, LogBase::E, LogBase::Ten] {
            let v = variety(&x, &group, ng, base).unwrap();
            for r in 0..x.nrows() {
                match (v.entropy[r], v.unrelated[r], v.related[r]) {
                    (Some(e), Some(u), Some(rv)) => prop_assert!((e - u - rv).abs() <= 1e-12, "{e} {u} {rv}"),
                    (None, None, None) => prop_assert_eq!(x.row_sums()[r], 0.0),
                    other => prop_assert!(false, "inconsistent {other:?}"),
                }
            }
        }
    }

    /// Reversing the region order permutes per-region results and leaves
    /// per-industry results unchanged; scaling every value by c leaves
    /// share-based indices unchanged and scales shift-share components by c.
    #[test]
    fn invariance_to_region_order_and_scale((a, b) in pair(), c in 1u32..1000) {
        prop_assume!(a.total() > 0.0 && b.total() > 0.0);
        let nr = a.nrows();
        let rev: Vec<usize> = (0..nr).rev().collect();
        let all: Vec<usize> = (0..a.ncols()).collect();
        let ar = a.select(&rev, &all);
        let br = b.select(&rev, &all);
        let c = f64::from(c) / 7.0;
        let scale = |m: &Matrix| Matrix::from_vec(m.nrows(), m.ncols(), m.as_slice().iter().map(|v| v * c).collect()).unwrap();
        let (as_, bs) = (scale(&a), scale(&b));

        let i0 = region_indices(&b, KrugmanScale::Full, LogBase::Two).unwrap();
        let ir = region_indices(&br, KrugmanScale::Full, LogBase::Two).unwrap();
        let is = region_indices(&bs, KrugmanScale::Full, LogBase::Two).unwrap();
        for r in 0..nr {
            for (x, y, z) in [
                (&i0.krugman, &ir.krugman, &is.krugman),
                (&i0.hhi, &ir.hhi, &is.hhi),
                (&i0.entropy, &ir.entropy, &is.entropy),
                (&i0.theil_relative, &ir.theil_relative, &is.theil_relative),
            ] {
                prop_assert!(opt_close(x[r], y[nr - 1 - r], 1e-12));
                prop_assert!(opt_close(x[r], z[r], 1e-12));
            }
        }
        for conv in [GiniConvention::Krugman, GiniConvention::Reat] {
            let g0 = locational_gini(&b, None, conv).unwrap();
            let gr = locational_gini(&br, None, conv).unwrap();
            let gs = locational_gini(&bs, None, conv).unwrap();
            for i in 0..g0.len() {
                prop_assert!(opt_close(g0[i], gr[i], 1e-12));
                prop_assert!(opt_close(g0[i], gs[i], 1e-12));
            }
        }
        let h0 = hoover(&b, None, HooverScale::Fraction).unwrap();
        let hr = hoover(&br, None, HooverScale::Fraction).unwrap();
        for i in 0..h0.len() {
            prop_assert!(opt_close(h0[i], hr[i], 1e-12));
        }

        let s0 = shift_share(&a, &b).unwrap();
        let sr = shift_share(&ar, &br).unwrap();
        let ss = shift_share(&as_, &bs).unwrap();
        for r in 0..nr {
            for (x, y, z) in [
                (&s0.national_share, &sr.national_share, &ss.national_share),
                (&s0.industry_mix, &sr.industry_mix, &ss.industry_mix),
                (&s0.competitive, &sr.competitive, &ss.competitive),
                (&s0.em_allocation, &sr.em_allocation, &ss.em_allocation),
                (&s0.arcelus_regional_mix, &sr.arcelus_regional_mix, &ss.arcelus_regional_mix),
            ] {
                let tol = 1e-9 * (1.0 + s0.base_total[r] + s0.end_total[r]);
                prop_assert!((x[r] - y[nr - 1 - r]).abs() <= tol);
                prop_assert!((x[r] * c - z[r]).abs() <= tol * c);
            }
        }
    }

    /// The locational Gini lies in [0, 1), EconGeo's is exactly half of it,
    /// and no index is NaN.
    #[test]
    fn gini_bounds(x in matrix()) {
        let k = locational_gini(&x, None, GiniConvention::Krugman).unwrap();
        let e = locational_gini(&x, None, GiniConvention::EconGeo).unwrap();
        for i in 0..k.len() {
            if let (Some(k), Some(e)) = (k[i], e[i]) {
                prop_assert!(k > -1e-12 && k < 1.0, "{k}");
                prop_assert!((k / 2.0 - e).abs() < 1e-15);
            } else {
                prop_assert_eq!(x.col_sums()[i], 0.0);
            }
        }
    }
}
