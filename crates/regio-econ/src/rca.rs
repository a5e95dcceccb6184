//! Revealed comparative advantage (Balassa 1965), also known as the location
//! quotient (LQ) in regional science, and the binary presence matrix M used by
//! economic-complexity methods (Hidalgo & Hausmann 2009).

use regio_core::{Error, Matrix, Result};

/// How a cell's RCA is compared with the presence threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Comparison {
    /// `RCA >= threshold` (py-ecomplexity, the default).
    #[default]
    GreaterOrEqual,
    /// `RCA > threshold` (EconGeo's `RCA(binary = TRUE)`).
    Greater,
}

/// RCA / location quotient: `RCA_ri = (x_ri / X_r) / (X_i / X)` (Balassa 1965).
///
/// Evaluated in that order, as py-ecomplexity does, so results agree to the
/// last bit. Cells of a row or column whose total is zero get RCA 0 (the
/// ratio is undefined there; py-ecomplexity maps NaN to 0 too). Fails on
/// negative or non-finite values, naming the first offending cell.
pub fn rca(x: &Matrix) -> Result<Matrix> {
    check_nonnegative(x)?;
    let rows = x.row_sums();
    let cols = x.col_sums();
    let total: f64 = rows.iter().sum();
    let mut out = Matrix::zeros(x.nrows(), x.ncols());
    for (r, &row_total) in rows.iter().enumerate() {
        let src = x.row(r);
        let dst = out.row_mut(r);
        for i in 0..src.len() {
            let v = (src[i] / row_total) / (cols[i] / total);
            dst[i] = if v.is_finite() { v } else { 0.0 };
        }
    }
    Ok(out)
}

/// Binary presence matrix `M_ri = 1` when `RCA_ri` passes `threshold` under `cmp`.
pub fn presence(rca: &Matrix, threshold: f64, cmp: Comparison) -> Matrix {
    let data = rca
        .as_slice()
        .iter()
        .map(|&v| {
            let pass = match cmp {
                Comparison::GreaterOrEqual => v >= threshold,
                Comparison::Greater => v > threshold,
            };
            if pass {
                1.0
            } else {
                0.0
            }
        })
        .collect();
    Matrix::from_vec(rca.nrows(), rca.ncols(), data).expect("same shape")
}

/// Presence by population, RPOP: `RPOP_ri = (x_ri / pop_r) / (X_i / POP)`
/// (py-ecomplexity's `presence_test="rpop"`). Fails on negative or non-finite
/// values and on a population that is not positive; cells of an industry with
/// a zero total get 0.
pub fn rpop(x: &Matrix, pop: &[f64]) -> Result<Matrix> {
    check_nonnegative(x)?;
    if pop.len() != x.nrows() {
        return Err(Error::Shape(format!(
            "{} population values for {} regions",
            pop.len(),
            x.nrows()
        )));
    }
    if let Some(r) = pop.iter().position(|p| !p.is_finite() || *p <= 0.0) {
        return Err(Error::InvalidValue {
            value: pop[r].to_string(),
            expected: "a positive population".into(),
            context: Some(format!("row {r}")),
        });
    }
    let cols = x.col_sums();
    let total_pop: f64 = pop.iter().sum();
    let mut out = Matrix::zeros(x.nrows(), x.ncols());
    for (r, &p) in pop.iter().enumerate() {
        let src = x.row(r);
        let dst = out.row_mut(r);
        for i in 0..src.len() {
            let v = (src[i] / p) / (cols[i] / total_pop);
            dst[i] = if v.is_finite() { v } else { 0.0 };
        }
    }
    Ok(out)
}

/// Fails with the first negative or non-finite cell of `x`.
pub fn check_nonnegative(x: &Matrix) -> Result<()> {
    if let Some(pos) = x.as_slice().iter().position(|v| !v.is_finite() || *v < 0.0) {
        return Err(Error::InvalidValue {
            value: x.as_slice()[pos].to_string(),
            expected: "a finite, non-negative value".into(),
            context: Some(format!(
                "row {}, column {}",
                pos / x.ncols().max(1),
                pos % x.ncols().max(1)
            )),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_rca() {
        // x = [[10, 30], [20, 40]]; X = 100; X_r = 40, 60; X_i = 30, 70.
        // RCA_00 = (10/40)/(30/100) = 0.25/0.3 = 0.8333..; RCA_01 = (30/40)/(70/100) = 1.0714..
        // RCA_10 = (20/60)/(0.3) = 1.1111..;              RCA_11 = (40/60)/(0.7) = 0.9523..
        let x = Matrix::from_rows(&[vec![10.0, 30.0], vec![20.0, 40.0]]).unwrap();
        let r = rca(&x).unwrap();
        assert!((r.get(0, 0) - 0.25 / 0.3).abs() < 1e-15);
        assert!((r.get(0, 1) - 0.75 / 0.7).abs() < 1e-15);
        assert!((r.get(1, 0) - (1.0 / 3.0) / 0.3).abs() < 1e-15);
        assert!((r.get(1, 1) - (2.0 / 3.0) / 0.7).abs() < 1e-15);
        let m = presence(&r, 1.0, Comparison::GreaterOrEqual);
        assert_eq!(m.as_slice(), &[0.0, 1.0, 1.0, 0.0]);
    }

    #[test]
    fn hand_computed_rpop() {
        // x = [[10, 30], [20, 40]], pop = (100, 300), POP = 400; X_i = 30, 70.
        // RPOP_00 = (10/100)/(30/400) = 0.1/0.075 = 1.333..; RPOP_11 = (40/300)/(70/400).
        let x = Matrix::from_rows(&[vec![10.0, 30.0], vec![20.0, 40.0]]).unwrap();
        let r = rpop(&x, &[100.0, 300.0]).unwrap();
        assert!((r.get(0, 0) - 0.1 / 0.075).abs() < 1e-15);
        assert!((r.get(1, 1) - (40.0 / 300.0) / (70.0 / 400.0)).abs() < 1e-15);
        assert!(rpop(&x, &[100.0, 0.0]).is_err());
        assert!(rpop(&x, &[100.0]).is_err());
    }

    #[test]
    fn zero_rows_and_bad_values() {
        let x = Matrix::from_rows(&[vec![0.0, 0.0], vec![1.0, 0.0]]).unwrap();
        let r = rca(&x).unwrap();
        assert_eq!(r.as_slice(), &[0.0, 0.0, 1.0, 0.0]);
        let bad = Matrix::from_rows(&[vec![1.0, -2.0]]).unwrap();
        let e = rca(&bad).unwrap_err().to_string();
        assert!(e.contains("-2") && e.contains("column 1"), "{e}");
        // At exactly 1: >= counts it, > does not.
        let one = Matrix::from_rows(&[vec![1.0]]).unwrap();
        assert_eq!(presence(&one, 1.0, Comparison::Greater).get(0, 0), 0.0);
        assert_eq!(
            presence(&one, 1.0, Comparison::GreaterOrEqual).get(0, 0),
            1.0
        );
    }
}
