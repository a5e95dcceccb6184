//! Growth and structural change of every region between two years.
//!
//! - Growth rate `e^t/e^0 − 1` and its annualised (compound) form.
//! - Lilien index (Lilien 1982, "Sectoral shifts and cyclical unemployment",
//!   *JPE* 90(4)): `σ = sqrt(Σ_i s_i^t (Δln e_i − Δln e)²)`, the end-year-share
//!   weighted dispersion of industry growth around the region's growth. Cells
//!   that are zero in either year have no log growth and are left out.
//! - Norm of share changes: the structural change index `½ Σ_i |s_i^t − s_i^0|`
//!   (norm of absolute values, Michaely 1962; Dietrich 2012), in `[0, 1]`, and
//!   the Euclidean norm `sqrt(Σ_i (s_i^t − s_i^0)²)`.
//!
//! Regions with a zero total in either year have undefined shares: their
//! indices are missing (`None`), never NaN.

use crate::view::MatrixRef;
use rayon::prelude::*;
use regio_core::{Error, Result};

/// Growth and structural change indices of every region.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StructuralChange {
    /// Growth rate of the regional total `e^t/e^0 − 1`.
    pub growth: Vec<Option<f64>>,
    /// Annualised growth `(e^t/e^0)^(1/T) − 1`.
    pub growth_annual: Vec<Option<f64>>,
    /// Lilien index of the dispersion of industry growth.
    pub lilien: Vec<Option<f64>>,
    /// `½ Σ|Δs_i|`, share of activity that changed industry.
    pub share_change_half_l1: Vec<Option<f64>>,
    /// `sqrt(Σ Δs_i²)`.
    pub share_change_l2: Vec<Option<f64>>,
}

/// Structural change of every region (rows) from `base` to `end`, `years` apart.
pub fn structural_change<'a, 'b>(
    base: impl Into<MatrixRef<'a>>,
    end: impl Into<MatrixRef<'b>>,
    years: f64,
) -> Result<StructuralChange> {
    let (base, end) = (base.into(), end.into());
    if base.nrows() != end.nrows() || base.ncols() != end.ncols() {
        return Err(Error::Shape(
            "base and end year matrices differ in shape".into(),
        ));
    }
    if years.is_nan() || years <= 0.0 {
        return Err(Error::invalid(format!(
            "structural change needs a period of positive length, got {years} years"
        )));
    }
    base.check_nonnegative()?;
    end.check_nonnegative()?;
    let rows: Vec<Option<[f64; 5]>> = (0..base.nrows())
        .into_par_iter()
        .map(|r| {
            let (b, e) = (base.row(r), end.row(r));
            let t0: f64 = b.iter().sum();
            let t1: f64 = e.iter().sum();
            if t0 <= 0.0 || t1 <= 0.0 {
                return None;
            }
            let ratio = t1 / t0;
            let dl = ratio.ln();
            let (mut lil, mut l1, mut l2) = (0.0, 0.0, 0.0);
            for (&v0, &v1) in b.iter().zip(e) {
                let (s0, s1) = (v0 / t0, v1 / t1);
                let d = s1 - s0;
                l1 += d.abs();
                l2 += d * d;
                if v0 > 0.0 && v1 > 0.0 {
                    let x = (v1 / v0).ln() - dl;
                    lil += s1 * x * x;
                }
            }
            Some([
                ratio - 1.0,
                ratio.powf(1.0 / years) - 1.0,
                lil.sqrt(),
                0.5 * l1,
                l2.sqrt(),
            ])
        })
        .collect();
    let mut out = StructuralChange::default();
    for v in rows {
        out.growth.push(v.map(|v| v[0]));
        out.growth_annual.push(v.map(|v| v[1]));
        out.lilien.push(v.map(|v| v[2]));
        out.share_change_half_l1.push(v.map(|v| v[3]));
        out.share_change_l2.push(v.map(|v| v[4]));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use regio_core::Matrix;

    #[test]
    fn hand_computed() {
        // Region 0: base (50, 50), end (100, 50), over 2 years.
        //   growth = 150/100 − 1 = 0.5; annual = sqrt(1.5) − 1 = 0.2247449.
        //   shares (0.5, 0.5) → (2/3, 1/3): ½(1/6 + 1/6) = 1/6; L2 = sqrt(2/36) = 0.2357023.
        //   Lilien: Δln e = ln 1.5; industry 0: ln 2 − ln 1.5 = ln(4/3) = 0.2876821;
        //   industry 1: 0 − ln 1.5 = −0.4054651.
        //   σ² = (2/3)(0.0827610) + (1/3)(0.1644020) = 0.0551740 + 0.0548007 = 0.1099747;
        //   σ = 0.3316243.
        // Region 1: empty at base → undefined.
        let b = Matrix::from_rows(&[vec![50.0, 50.0], vec![0.0, 0.0]]).unwrap();
        let e = Matrix::from_rows(&[vec![100.0, 50.0], vec![1.0, 0.0]]).unwrap();
        let s = structural_change(&b, &e, 2.0).unwrap();
        assert!((s.growth[0].unwrap() - 0.5).abs() < 1e-15);
        assert!((s.growth_annual[0].unwrap() - (1.5f64.sqrt() - 1.0)).abs() < 1e-15);
        assert!((s.share_change_half_l1[0].unwrap() - 1.0 / 6.0).abs() < 1e-15);
        assert!((s.share_change_l2[0].unwrap() - (2.0f64 / 36.0).sqrt()).abs() < 1e-15);
        let l = (2.0 / 3.0 * (4.0f64 / 3.0).ln().powi(2) + 1.0 / 3.0 * 1.5f64.ln().powi(2)).sqrt();
        assert!((s.lilien[0].unwrap() - l).abs() < 1e-15);
        assert!((s.lilien[0].unwrap() - 0.3316243).abs() < 1e-6);
        assert_eq!(s.growth[1], None);
        assert!(structural_change(&b, &e, 0.0).is_err());
    }
}
