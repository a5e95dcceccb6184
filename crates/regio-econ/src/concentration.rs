//! Geographic concentration of industries across regions.
//!
//! - Hoover coefficient of localisation (Hoover 1936, *RESTAT* 18(1)):
//!   `H_i = ½ Σ_r |x_ri/X_i − w_r/W|` against a reference distribution `w`
//!   (total employment by default, or population).
//! - Locational Gini (Krugman 1991, *Geography and Trade*, ch. 2): regions sorted
//!   by location quotient, the Lorenz curve of the industry's cumulative share
//!   against the cumulative share of the reference, Gini = twice the area
//!   between the curve and the diagonal.
//! - Herfindahl–Hirschman index of the industry's regional shares.
//!
//! An industry with zero national total has no regional distribution: its
//! indices are undefined and reported as missing (`None`), never NaN.

use crate::view::MatrixRef;
use rayon::prelude::*;
use regio_core::{Error, Result};

/// Scale of the Hoover index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HooverScale {
    /// A fraction in `[0, 1)`, as in Hoover (1936) and REAT's `hoover`. The default.
    #[default]
    Fraction,
    /// Percent in `[0, 100)`, as EconGeo's `hoover_index` (which also rounds to
    /// 2 decimals; regio does not round).
    EconGeo,
}

/// Which locational Gini is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GiniConvention {
    /// Krugman (1991): twice the area between the LQ-ordered Lorenz curve and the
    /// diagonal, weighted by the reference shares; range `[0, 1)`. The default.
    #[default]
    Krugman,
    /// EconGeo's `locational_gini`: the same Lorenz curve, but the area itself
    /// (half of [`GiniConvention::Krugman`], "theoretical limit 0.5").
    EconGeo,
    /// REAT's `gini.conc`: the unweighted Gini of the regions' location quotients,
    /// `2/(n² mean(LQ)) Σ_λ λ (LQ_(λ) − mean(LQ))`; regions with zero total are left out.
    Reat,
}

/// The reference distribution `w_r` (rows) used by Hoover and the locational
/// Gini: `None` = regional totals of `x` itself (total employment).
fn reference(x: &MatrixRef<'_>, w: Option<&[f64]>) -> Result<Vec<f64>> {
    match w {
        None => Ok(x.row_sums()),
        Some(w) => {
            if w.len() != x.nrows() {
                return Err(Error::Shape(format!(
                    "reference distribution has {} values for {} regions",
                    w.len(),
                    x.nrows()
                )));
            }
            if let Some(p) = w.iter().position(|v| !v.is_finite() || *v < 0.0) {
                return Err(Error::InvalidValue {
                    value: w[p].to_string(),
                    expected: "a finite, non-negative reference value".into(),
                    context: Some(format!("reference distribution, region row {p}")),
                });
            }
            Ok(w.to_vec())
        }
    }
}

/// Hoover coefficient of localisation per industry (columns of `x`) against
/// `reference` (regional totals of `x` when `None`).
pub fn hoover<'a>(
    x: impl Into<MatrixRef<'a>>,
    reference_weights: Option<&[f64]>,
    scale: HooverScale,
) -> Result<Vec<Option<f64>>> {
    let x = x.into();
    x.check_nonnegative()?;
    let w = reference(&x, reference_weights)?;
    let wt: f64 = w.iter().sum();
    let cols = x.col_sums();
    let f = match scale {
        HooverScale::Fraction => 0.5,
        HooverScale::EconGeo => 50.0,
    };
    let mut acc = vec![0.0; x.ncols()];
    if wt > 0.0 {
        for (r, &wr) in w.iter().enumerate() {
            let ws = wr / wt;
            for ((a, &v), &c) in acc.iter_mut().zip(x.row(r)).zip(&cols) {
                if c > 0.0 {
                    *a += (v / c - ws).abs();
                }
            }
        }
    }
    Ok(acc
        .into_iter()
        .zip(&cols)
        .map(|(a, &c)| (c > 0.0 && wt > 0.0).then_some(a * f))
        .collect())
}

/// Locational Gini per industry (columns of `x`) under `convention`, against
/// `reference` (regional totals of `x` when `None`).
pub fn locational_gini<'a>(
    x: impl Into<MatrixRef<'a>>,
    reference_weights: Option<&[f64]>,
    convention: GiniConvention,
) -> Result<Vec<Option<f64>>> {
    let x = x.into();
    x.check_nonnegative()?;
    let w = reference(&x, reference_weights)?;
    let wt: f64 = w.iter().sum();
    let cols = x.col_sums();
    let nr = x.nrows();
    // Industries as rows, so each industry's regional values are contiguous.
    let xt = x.to_matrix().transpose();
    Ok((0..x.ncols())
        .into_par_iter()
        .map(|i| {
            let c = cols[i];
            if c <= 0.0 || wt <= 0.0 {
                return None;
            }
            // Regions with a positive reference weight, keyed by LQ. For the
            // Lorenz conventions, regions where the industry is absent come
            // first (LQ 0) and add nothing under the curve: they are skipped.
            let lorenz = convention != GiniConvention::Reat;
            let mut lq: Vec<(f64, usize)> = (0..nr)
                .filter(|&r| w[r] > 0.0 && !(lorenz && xt.get(i, r) == 0.0))
                .map(|r| ((xt.get(i, r) / c) / (w[r] / wt), r))
                .collect();
            // Ties broken by region index, so the unstable sort is deterministic.
            lq.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            match convention {
                GiniConvention::Reat => {
                    let n = lq.len() as f64;
                    let mean = lq.iter().map(|v| v.0).sum::<f64>() / n;
                    let s: f64 = lq
                        .iter()
                        .enumerate()
                        .map(|(k, v)| (k as f64 + 1.0) * (v.0 - mean))
                        .sum();
                    Some(2.0 / (n * n * mean) * s)
                }
                GiniConvention::Krugman | GiniConvention::EconGeo => {
                    // Gini = 1 − Σ_k (A_k − A_{k−1})(B_k + B_{k−1}) (trapezoids under
                    // the Lorenz curve; A = reference share, B = industry share).
                    let (mut b_prev, mut under) = (0.0, 0.0);
                    for &(_, r) in &lq {
                        let a = w[r] / wt;
                        let b = b_prev + xt.get(i, r) / c;
                        under += a * (b + b_prev);
                        b_prev = b;
                    }
                    let g = 1.0 - under;
                    Some(if convention == GiniConvention::EconGeo {
                        g / 2.0
                    } else {
                        g
                    })
                }
            }
        })
        .collect())
}

/// Herfindahl–Hirschman index of each industry's regional shares `Σ_r (x_ri/X_i)²`.
pub fn hhi_across_regions<'a>(x: impl Into<MatrixRef<'a>>) -> Result<Vec<Option<f64>>> {
    let x = x.into();
    x.check_nonnegative()?;
    let cols = x.col_sums();
    let mut acc = vec![0.0; x.ncols()];
    for r in 0..x.nrows() {
        for ((a, &v), &c) in acc.iter_mut().zip(x.row(r)).zip(&cols) {
            if c > 0.0 {
                let s = v / c;
                *a += s * s;
            }
        }
    }
    Ok(acc
        .into_iter()
        .zip(&cols)
        .map(|(a, &c)| (c > 0.0).then_some(a))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use regio_core::Matrix;

    #[test]
    fn hoover_econgeo_documented_cases() {
        // EconGeo's hoover_index documentation: pop = (10,15,20,25,30) (total 100)
        // and industries I2 = pop ("perfectly proportional": 0), I3 = (0,0,0,0,1)
        // ("30% of the pop. produces 100% of the output": ½(0.1+0.15+0.2+0.25+0.7)
        // = 0.7 → 70), I4 = (0,0,0,1,1): ½(0.1+0.15+0.2+|0.5−0.25|+|0.5−0.3|) = 0.45 → 45.
        // Vector example ind = (0,10,10,30,50): shares (0,.1,.1,.3,.5):
        // ½(0.1+0.05+0.1+0.05+0.2) = 0.25 → 25.
        let x = Matrix::from_rows(&[
            vec![0.0, 10.0, 0.0, 0.0, 0.0],
            vec![0.0, 15.0, 0.0, 0.0, 10.0],
            vec![0.0, 20.0, 0.0, 0.0, 10.0],
            vec![0.0, 25.0, 0.0, 1.0, 30.0],
            vec![0.0, 30.0, 1.0, 1.0, 50.0],
        ])
        .unwrap();
        let pop = [10.0, 15.0, 20.0, 25.0, 30.0];
        let h = hoover(&x, Some(&pop), HooverScale::EconGeo).unwrap();
        assert_eq!(h[0], None); // I1 is empty: undefined, not NaN.
        assert!(h[1].unwrap().abs() < 1e-12);
        assert!((h[2].unwrap() - 70.0).abs() < 1e-12);
        assert!((h[3].unwrap() - 45.0).abs() < 1e-12);
        assert!((h[4].unwrap() - 25.0).abs() < 1e-12);
        let f = hoover(&x, Some(&pop), HooverScale::Fraction).unwrap();
        assert!((f[2].unwrap() - 0.7).abs() < 1e-15);
        assert!(hoover(&x, Some(&pop[..3]), HooverScale::Fraction).is_err());
        assert!(hoover(&x, Some(&[1.0, -1.0, 1.0, 1.0, 1.0]), HooverScale::Fraction).is_err());
    }

    #[test]
    fn locational_gini_hand_computed() {
        // Two regions, reference = totals. x = [[10, 30], [20, 40]] (X = 100).
        // Industry 0 (X_0 = 30): LQ_0 = (10/30)/(40/100) = 0.8333, LQ_1 = (20/30)/0.6 = 1.111.
        // Sorted: region 0 (A = 0.4, b = 1/3), region 1 (A = 0.6, b = 2/3).
        // Σ A_k (B_k + B_{k-1}) = 0.4 (1/3 + 0) + 0.6 (1 + 1/3) = 0.13333 + 0.8 = 0.93333.
        // Gini = 1 − 0.93333 = 0.066667 = 1/15; EconGeo = 1/30.
        // REAT gini.conc: LQ sorted (0.8333, 1.1111), mean 0.97222,
        // Σ λ (LQ − mean) = 1(−0.138889) + 2(0.138889) = 0.138889;
        // G = 2/(4 · 0.97222) · 0.138889 = 0.0714286 (= 1/14).
        let x = Matrix::from_rows(&[vec![10.0, 30.0], vec![20.0, 40.0]]).unwrap();
        let g = locational_gini(&x, None, GiniConvention::Krugman).unwrap();
        assert!((g[0].unwrap() - 1.0 / 15.0).abs() < 1e-15);
        let e = locational_gini(&x, None, GiniConvention::EconGeo).unwrap();
        assert!((e[0].unwrap() - 1.0 / 30.0).abs() < 1e-15);
        let r = locational_gini(&x, None, GiniConvention::Reat).unwrap();
        assert!((r[0].unwrap() - 1.0 / 14.0).abs() < 1e-14);
        // Industry fully in one of two equal regions: curve (0.5, 0), (1, 1):
        // Σ = 0.5·0 + 0.5·1 = 0.5 → Gini 0.5.
        let y = Matrix::from_rows(&[vec![0.0, 10.0], vec![10.0, 0.0]]).unwrap();
        let g = locational_gini(&y, None, GiniConvention::Krugman).unwrap();
        assert!((g[0].unwrap() - 0.5).abs() < 1e-15);
    }

    #[test]
    fn hhi_regions_and_degenerate_cases() {
        // Industry 0 shares (1/3, 2/3): HHI = 1/9 + 4/9 = 5/9.
        let x = Matrix::from_rows(&[vec![10.0, 0.0], vec![20.0, 0.0]]).unwrap();
        let h = hhi_across_regions(&x).unwrap();
        assert!((h[0].unwrap() - 5.0 / 9.0).abs() < 1e-15);
        assert_eq!(h[1], None);
        // Single region: everything is where the reference is: Hoover 0, Gini 0.
        let one = Matrix::from_rows(&[vec![3.0, 4.0]]).unwrap();
        assert_eq!(
            hoover(&one, None, HooverScale::Fraction).unwrap()[0],
            Some(0.0)
        );
        assert_eq!(
            locational_gini(&one, None, GiniConvention::Krugman).unwrap()[0],
            Some(0.0)
        );
    }
}
