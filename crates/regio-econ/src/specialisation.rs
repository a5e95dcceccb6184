//! Regional specialisation: how far a region's industry structure departs from
//! the national one, and how diverse it is.
//!
//! - Location quotient = RCA (Balassa 1965), computed by [`crate::rca`].
//! - Krugman specialisation index (Krugman 1991, *Geography and Trade*):
//!   `K_r = Σ_i |x_ri/X_r − X_i/X|`, in `[0, 2)`; the halved variant is the
//!   Hoover–Giarratani (1985) coefficient of specialisation, in `[0, 1)`.
//! - Herfindahl–Hirschman index of the region's industry shares (Herfindahl 1950),
//!   with the normalisation `(H − 1/N)/(1 − 1/N)` as in REAT's `herf(coefnorm = TRUE)`.
//! - Shannon entropy (Shannon 1948) of the industry shares, log base selectable.
//! - Theil indices: absolute `T = ln N − H_e` (Theil 1967) and relative
//!   `T_r = Σ_i s_ri ln(s_ri / s_i)` against the national structure
//!   (Brülhart & Traeger 2005).
//!
//! A region with zero total has no shares: its indices are undefined and
//! reported as missing (`None`), never NaN.

use crate::view::MatrixRef;
use rayon::prelude::*;
use regio_core::{Matrix, Result};

/// Scale of the Krugman specialisation index (the literature uses both).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KrugmanScale {
    /// `Σ|s_ri − s_i|` as in Krugman (1991), EconGeo's `krugman_index` and REAT's
    /// `krugman.spec`; range `[0, 2)`. The default.
    #[default]
    Full,
    /// `½ Σ|s_ri − s_i|`, range `[0, 1)` (equals the coefficient of specialisation,
    /// EconGeo's `spec_coeff`).
    Halved,
}

/// Base of the logarithm used by entropy measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogBase {
    /// Bits, as in Frenken, Van Oort & Verburg (2007) and EconGeo's `entropy`. The default.
    #[default]
    Two,
    /// Natural logarithm (nats).
    E,
    /// Decimal logarithm.
    Ten,
}

impl LogBase {
    /// `log_base(v)`.
    #[inline]
    pub fn log(self, v: f64) -> f64 {
        match self {
            LogBase::Two => v.log2(),
            LogBase::E => v.ln(),
            LogBase::Ten => v.log10(),
        }
    }

    /// Short name (`"2"`, `"e"`, `"10"`), for column documentation.
    pub fn name(self) -> &'static str {
        match self {
            LogBase::Two => "2",
            LogBase::E => "e",
            LogBase::Ten => "10",
        }
    }
}

/// Location quotients (= RCA, Balassa 1965) of every region x industry cell,
/// via [`crate::rca::rca`]: rows or columns with a zero total get 0.
pub fn location_quotients<'a>(x: impl Into<MatrixRef<'a>>) -> Result<Matrix> {
    let x = x.into();
    crate::rca::rca(&x.to_matrix())
}

/// Per-region specialisation indices; `None` where the region's total is zero.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RegionIndices {
    /// Regional total `X_r`.
    pub total: Vec<f64>,
    /// Krugman index at the requested scale.
    pub krugman: Vec<Option<f64>>,
    /// Coefficient of specialisation `½ Σ|s_ri − s_i|` (Hoover & Giarratani 1985).
    pub spec_coeff: Vec<Option<f64>>,
    /// Herfindahl–Hirschman index `Σ_i s_ri²`.
    pub hhi: Vec<Option<f64>>,
    /// Normalised HHI `(H − 1/N)/(1 − 1/N)`; `None` when N = 1.
    pub hhi_normalised: Vec<Option<f64>>,
    /// Shannon entropy `−Σ s_ri log s_ri` (0 log 0 = 0).
    pub entropy: Vec<Option<f64>>,
    /// Absolute Theil index `ln N − H_e` (natural log), 0 = all industries equal.
    pub theil_absolute: Vec<Option<f64>>,
    /// Relative Theil index `Σ s_ri ln(s_ri / s_i)` against the national shares.
    pub theil_relative: Vec<Option<f64>>,
}

/// Computes [`RegionIndices`] for every region (rows of `x`).
///
/// Fails on negative or non-finite values. `N` is the number of industries
/// (columns), zero cells included.
pub fn region_indices<'a>(
    x: impl Into<MatrixRef<'a>>,
    krugman: KrugmanScale,
    base: LogBase,
) -> Result<RegionIndices> {
    let x = x.into();
    x.check_nonnegative()?;
    let cols = x.col_sums();
    let total: f64 = cols.iter().sum();
    let nat: Vec<f64> = cols
        .iter()
        .map(|&c| if total > 0.0 { c / total } else { 0.0 })
        .collect();
    let ln_nat: Vec<f64> = nat.iter().map(|v| v.ln()).collect();
    let n = x.ncols() as f64;
    let rows: Vec<_> = (0..x.nrows())
        .into_par_iter()
        .map(|r| {
            let row = x.row(r);
            let xr: f64 = row.iter().sum();
            if xr <= 0.0 || total <= 0.0 {
                return (xr, None);
            }
            let (mut k, mut h, mut ent_ln, mut trel) = (0.0, 0.0, 0.0, 0.0);
            for ((&v, &s_i), &ln_si) in row.iter().zip(&nat).zip(&ln_nat) {
                let s = v / xr;
                k += (s - s_i).abs();
                h += s * s;
                if s > 0.0 {
                    let l = s.ln();
                    ent_ln -= s * l;
                    // s > 0 implies s_i > 0, so ln s_i is finite.
                    trel += s * (l - ln_si);
                }
            }
            (xr, Some((k, h, ent_ln, trel)))
        })
        .collect();
    let mut out = RegionIndices::default();
    let scale = match krugman {
        KrugmanScale::Full => 1.0,
        KrugmanScale::Halved => 0.5,
    };
    let to_base = match base {
        LogBase::E => 1.0,
        LogBase::Two => std::f64::consts::LOG2_E,
        LogBase::Ten => std::f64::consts::LOG10_E,
    };
    for (xr, v) in rows {
        out.total.push(xr);
        match v {
            None => {
                for c in [
                    &mut out.krugman,
                    &mut out.spec_coeff,
                    &mut out.hhi,
                    &mut out.hhi_normalised,
                    &mut out.entropy,
                    &mut out.theil_absolute,
                    &mut out.theil_relative,
                ] {
                    c.push(None);
                }
            }
            Some((k, h, ent_ln, trel)) => {
                out.krugman.push(Some(k * scale));
                out.spec_coeff.push(Some(k * 0.5));
                out.hhi.push(Some(h));
                out.hhi_normalised
                    .push((n > 1.0).then(|| (h - 1.0 / n) / (1.0 - 1.0 / n)));
                out.entropy.push(Some(if base == LogBase::E {
                    ent_ln
                } else {
                    ent_ln * to_base
                }));
                out.theil_absolute.push(Some(n.ln() - ent_ln));
                out.theil_relative.push(Some(trel));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(rows: &[Vec<f64>]) -> Matrix {
        Matrix::from_rows(rows).unwrap()
    }

    #[test]
    fn hand_computed_indices() {
        // x = [[10, 30], [20, 40]], X = 100, national shares s_i = (0.3, 0.7).
        // Region 0: s = (0.25, 0.75).
        //   Krugman = |0.25-0.3| + |0.75-0.7| = 0.1; halved / spec coeff = 0.05.
        //   HHI = 0.0625 + 0.5625 = 0.625; normalised = (0.625-0.5)/(1-0.5) = 0.25.
        //   H_2 = -(0.25 log2 0.25 + 0.75 log2 0.75) = 0.5 + 0.75*0.4150374992788438
        //       = 0.8112781244591328.
        //   Theil abs = ln 2 - H_e; H_e = H_2 * ln 2.
        //   Theil rel = 0.25 ln(0.25/0.3) + 0.75 ln(0.75/0.7).
        // Region 1: s = (1/3, 2/3): Krugman = |1/3-0.3| + |2/3-0.7| = 1/15 = 0.0666..
        let x = m(&[vec![10.0, 30.0], vec![20.0, 40.0]]);
        let r = region_indices(&x, KrugmanScale::Full, LogBase::Two).unwrap();
        assert!((r.krugman[0].unwrap() - 0.1).abs() < 1e-15);
        assert!((r.spec_coeff[0].unwrap() - 0.05).abs() < 1e-15);
        assert!((r.krugman[1].unwrap() - 1.0 / 15.0).abs() < 1e-15);
        assert!((r.hhi[0].unwrap() - 0.625).abs() < 1e-15);
        assert!((r.hhi_normalised[0].unwrap() - 0.25).abs() < 1e-15);
        assert!((r.entropy[0].unwrap() - 0.8112781244591328).abs() < 1e-15);
        let he = 0.8112781244591328 * std::f64::consts::LN_2;
        assert!((r.theil_absolute[0].unwrap() - (std::f64::consts::LN_2 - he)).abs() < 1e-15);
        let trel = 0.25 * (0.25f64 / 0.3).ln() + 0.75 * (0.75f64 / 0.7).ln();
        assert!((r.theil_relative[0].unwrap() - trel).abs() < 1e-15);
        assert_eq!(r.total, vec![40.0, 60.0]);
        let h = region_indices(&x, KrugmanScale::Halved, LogBase::E).unwrap();
        assert!((h.krugman[0].unwrap() - 0.05).abs() < 1e-15);
        assert!((h.entropy[0].unwrap() - he).abs() < 1e-15);
        let t = region_indices(&x, KrugmanScale::Full, LogBase::Ten).unwrap();
        assert!((t.entropy[0].unwrap() - he / std::f64::consts::LN_10).abs() < 1e-15);
    }

    #[test]
    fn econgeo_krugman_example_shape() {
        // EconGeo's krugman_index is Σ|share − national share| without ½ and
        // spec_coeff is that halved: for a region equal to the nation both are 0,
        // for a region fully in an industry with national share 0.25:
        // |1 − 0.25| + |0 − 0.75| = 1.5.
        let x = m(&[vec![10.0, 0.0], vec![0.0, 30.0]]);
        let r = region_indices(&x, KrugmanScale::Full, LogBase::Two).unwrap();
        assert!((r.krugman[0].unwrap() - 1.5).abs() < 1e-15);
        assert!((r.spec_coeff[0].unwrap() - 0.75).abs() < 1e-15);
        // A fully specialised region: HHI 1, entropy 0, Theil abs = ln 2.
        assert_eq!(r.hhi[0], Some(1.0));
        assert_eq!(r.entropy[0], Some(0.0));
        assert!((r.theil_absolute[0].unwrap() - std::f64::consts::LN_2).abs() < 1e-15);
    }

    #[test]
    fn zero_region_and_single_industry() {
        // Row 1 is empty: every index is undefined (None), no NaN.
        let x = m(&[vec![1.0, 3.0], vec![0.0, 0.0]]);
        let r = region_indices(&x, KrugmanScale::Full, LogBase::Two).unwrap();
        assert_eq!(r.krugman[1], None);
        assert_eq!(r.entropy[1], None);
        assert_eq!(r.theil_relative[1], None);
        // One industry: HHI 1, normalised undefined, entropy 0, Krugman 0.
        let one = m(&[vec![5.0], vec![7.0]]);
        let r = region_indices(&one, KrugmanScale::Full, LogBase::Two).unwrap();
        assert_eq!(r.hhi, vec![Some(1.0), Some(1.0)]);
        assert_eq!(r.hhi_normalised, vec![None, None]);
        assert_eq!(r.krugman, vec![Some(0.0), Some(0.0)]);
        assert_eq!(r.entropy, vec![Some(0.0), Some(0.0)]);
        // Negative input is an error naming the cell.
        let bad = m(&[vec![1.0, -1.0]]);
        let e = region_indices(&bad, KrugmanScale::Full, LogBase::Two)
            .unwrap_err()
            .to_string();
        assert!(e.contains("row 0, column 1"), "{e}");
    }

    #[test]
    fn lq_reuses_rca() {
        let x = m(&[vec![10.0, 30.0], vec![20.0, 40.0]]);
        let lq = location_quotients(&x).unwrap();
        assert!((lq.get(0, 0) - 0.25 / 0.3).abs() < 1e-15);
    }
}
