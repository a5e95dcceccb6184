//! A borrowed, read-only regions x industries matrix (row-major), so the
//! diagnostics can run on a year of a [`regio_core::Panel`] without copying it.

use regio_core::{Error, Matrix, Result};

/// A borrowed regions x industries matrix (rows = regions, columns = industries).
#[derive(Debug, Clone, Copy)]
pub struct MatrixRef<'a> {
    data: &'a [f64],
    nrows: usize,
    ncols: usize,
}

impl<'a> MatrixRef<'a> {
    /// Wraps row-major data; fails if the length does not match.
    pub fn new(data: &'a [f64], nrows: usize, ncols: usize) -> Result<Self> {
        if data.len() != nrows * ncols {
            return Err(Error::Shape(format!(
                "{} values for a {nrows} x {ncols} matrix",
                data.len()
            )));
        }
        Ok(MatrixRef { data, nrows, ncols })
    }

    /// Number of rows (regions).
    pub fn nrows(&self) -> usize {
        self.nrows
    }

    /// Number of columns (industries).
    pub fn ncols(&self) -> usize {
        self.ncols
    }

    /// Row `r` as a slice.
    #[inline]
    pub fn row(&self, r: usize) -> &'a [f64] {
        &self.data[r * self.ncols..(r + 1) * self.ncols]
    }

    /// Value at (r, i).
    #[inline]
    pub fn get(&self, r: usize, i: usize) -> f64 {
        self.data[r * self.ncols + i]
    }

    /// The row-major data.
    pub fn as_slice(&self) -> &'a [f64] {
        self.data
    }

    /// Row sums (regional totals), each summed left to right.
    pub fn row_sums(&self) -> Vec<f64> {
        (0..self.nrows).map(|r| self.row(r).iter().sum()).collect()
    }

    /// Column sums (industry totals), summed top to bottom.
    pub fn col_sums(&self) -> Vec<f64> {
        let mut s = vec![0.0; self.ncols];
        for r in 0..self.nrows {
            for (a, b) in s.iter_mut().zip(self.row(r)) {
                *a += b;
            }
        }
        s
    }

    /// Fails with the first negative or non-finite cell, naming its row and column.
    pub fn check_nonnegative(&self) -> Result<()> {
        if let Some(pos) = self.data.iter().position(|v| !v.is_finite() || *v < 0.0) {
            return Err(Error::InvalidValue {
                value: self.data[pos].to_string(),
                expected: "a finite, non-negative value".into(),
                context: Some(format!(
                    "row {}, column {}",
                    pos / self.ncols.max(1),
                    pos % self.ncols.max(1)
                )),
            });
        }
        Ok(())
    }

    /// Copies into an owned [`Matrix`].
    pub fn to_matrix(&self) -> Matrix {
        Matrix::from_vec(self.nrows, self.ncols, self.data.to_vec()).expect("same shape")
    }
}

impl<'a> From<&'a Matrix> for MatrixRef<'a> {
    fn from(m: &'a Matrix) -> Self {
        MatrixRef {
            data: m.as_slice(),
            nrows: m.nrows(),
            ncols: m.ncols(),
        }
    }
}
