//! Regionalising a national input-output table with location quotients:
//! simple LQ (SLQ), cross-industry LQ (CILQ), Flegg's FLQ (Flegg, Webber &
//! Elliott 1995; Flegg & Webber 1997) and the augmented FLQ (AFLQ; Flegg &
//! Webber 2000), following Miller & Blair (2009, §8.2–8.3).
//!
//! A regional coefficient is the national one scaled down where the region
//! cannot supply it itself: `r_ij = a_ij · min(LQ_ij, 1)`; imports fill the
//! rest. FLQ's regional-size term is `λ* = [log2(1 + E_r/E_n)]^δ` with
//! `0 ≤ δ < 1`; the default δ = 0.3 is the value Flegg & Webber (1997) and
//! later studies (e.g. Bonfiglio & Chelli 2008) found to work well.

use regio_core::{Error, Matrix, Result};

/// Which location quotient regionalises the coefficients.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LqMethod {
    /// Simple LQ of the supplying industry: `SLQ_i = (E_ir/E_r)/(E_in/E_n)`.
    Slq,
    /// Cross-industry LQ `CILQ_ij = SLQ_i / SLQ_j`, SLQ_i on the diagonal (Round 1978).
    Cilq,
    /// Flegg LQ `FLQ_ij = CILQ_ij · λ*` (diagonal `SLQ_i · λ*`), with δ.
    Flq {
        /// Sensitivity δ in `λ* = [log2(1 + E_r/E_n)]^δ`.
        delta: f64,
    },
    /// Augmented FLQ `AFLQ_ij = FLQ_ij · log2(1 + SLQ_j)` where `SLQ_j > 1` (Flegg & Webber 2000).
    Aflq {
        /// Sensitivity δ in `λ*`.
        delta: f64,
    },
}

impl LqMethod {
    /// The default: FLQ with δ = 0.3 (Flegg & Webber 1997).
    pub const DEFAULT: LqMethod = LqMethod::Flq { delta: 0.3 };

    /// Short name for tables and messages.
    pub fn name(&self) -> String {
        match self {
            LqMethod::Slq => "SLQ".into(),
            LqMethod::Cilq => "CILQ".into(),
            LqMethod::Flq { delta } => format!("FLQ(delta={delta})"),
            LqMethod::Aflq { delta } => format!("AFLQ(delta={delta})"),
        }
    }
}

/// Simple location quotients `SLQ_i = (E_ir / E_r) / (E_in / E_n)` per
/// sector, from regional and national employment (or output) by sector.
/// A sector with no national employment gets SLQ 0.
pub fn slq(regional: &[f64], national: &[f64]) -> Result<Vec<f64>> {
    check(regional, national)?;
    let er: f64 = regional.iter().sum();
    let en: f64 = national.iter().sum();
    Ok(regional
        .iter()
        .zip(national)
        .map(|(r, n)| {
            let v = (r / er) / (n / en);
            if v.is_finite() {
                v
            } else {
                0.0
            }
        })
        .collect())
}

fn check(regional: &[f64], national: &[f64]) -> Result<()> {
    if regional.len() != national.len() {
        return Err(Error::Shape(format!(
            "regional employment has {} sectors, national {}",
            regional.len(),
            national.len()
        )));
    }
    for (what, v) in [("regional", regional), ("national", national)] {
        if let Some(i) = v.iter().position(|x| !x.is_finite() || *x < 0.0) {
            return Err(Error::InvalidValue {
                value: v[i].to_string(),
                expected: format!("a finite, non-negative {what} employment"),
                context: Some(format!("sector position {i}")),
            });
        }
    }
    for (i, (r, n)) in regional.iter().zip(national).enumerate() {
        if r > n {
            return Err(Error::InvalidValue {
                value: r.to_string(),
                expected: format!("regional employment at most the national {n}"),
                context: Some(format!("sector position {i}")),
            });
        }
    }
    let er: f64 = regional.iter().sum();
    if er <= 0.0 {
        return Err(Error::invalid(
            "the region has no employment in any sector; location quotients are undefined",
        ));
    }
    Ok(())
}

/// Flegg's regional-size factor `λ* = [log2(1 + E_r/E_n)]^δ` (Flegg et al. 1995).
pub fn flq_lambda(regional_total: f64, national_total: f64, delta: f64) -> Result<f64> {
    if !(0.0..1.0).contains(&delta) {
        return Err(Error::InvalidValue {
            value: delta.to_string(),
            expected: "FLQ delta in [0, 1)".into(),
            context: None,
        });
    }
    Ok((1.0 + regional_total / national_total).log2().powf(delta))
}

/// The n x n matrix of location quotients `LQ_ij` (supplier i, buyer j) for a method.
pub fn lq_matrix(regional: &[f64], national: &[f64], method: LqMethod) -> Result<Matrix> {
    let s = slq(regional, national)?;
    let n = s.len();
    let er: f64 = regional.iter().sum();
    let en: f64 = national.iter().sum();
    let lambda = match method {
        LqMethod::Flq { delta } | LqMethod::Aflq { delta } => flq_lambda(er, en, delta)?,
        _ => 1.0,
    };
    let mut m = Matrix::zeros(n, n);
    for i in 0..n {
        for j in 0..n {
            let v = match method {
                LqMethod::Slq => s[i],
                _ => {
                    let cilq = if i == j {
                        s[i]
                    } else if s[j] == 0.0 {
                        // The buying sector is absent from the region: its
                        // coefficients never enter a regional solve; keep the
                        // national coefficient (LQ capped at 1 below).
                        f64::INFINITY
                    } else {
                        s[i] / s[j]
                    };
                    match method {
                        LqMethod::Cilq => cilq,
                        LqMethod::Flq { .. } => cilq * lambda,
                        LqMethod::Aflq { .. } => {
                            let f = cilq * lambda;
                            if s[j] > 1.0 {
                                f * (1.0 + s[j]).log2()
                            } else {
                                f
                            }
                        }
                        LqMethod::Slq => unreachable!("handled above"),
                    }
                }
            };
            m.set(i, j, v);
        }
    }
    Ok(m)
}

/// Regional technical coefficients `r_ij = a_ij · min(LQ_ij, 1)` (Miller &
/// Blair 2009, eq. 8.9): national coefficients are only ever scaled down.
pub fn regionalise(
    a: &Matrix,
    regional: &[f64],
    national: &[f64],
    method: LqMethod,
) -> Result<Matrix> {
    if a.nrows() != a.ncols() || a.nrows() != regional.len() {
        return Err(Error::Shape(format!(
            "A is {} x {} for {} sectors of employment",
            a.nrows(),
            a.ncols(),
            regional.len()
        )));
    }
    let lq = lq_matrix(regional, national, method)?;
    let mut r = a.clone();
    for (v, q) in r.as_mut_slice().iter_mut().zip(lq.as_slice()) {
        *v *= q.min(1.0);
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slq_hand() {
        // Region 10 + 30 = 40, nation 100 + 100 = 200.
        // SLQ_0 = (10/40)/(100/200) = 0.5, SLQ_1 = (30/40)/(0.5) = 1.5.
        let s = slq(&[10.0, 30.0], &[100.0, 100.0]).unwrap();
        assert!((s[0] - 0.5).abs() < 1e-15 && (s[1] - 1.5).abs() < 1e-15);
        assert!(slq(&[200.0, 0.0], &[100.0, 100.0]).is_err());
        assert!(flq_lambda(1.0, 2.0, 1.0).is_err());
    }
}
