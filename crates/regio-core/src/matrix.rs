//! A plain dense row-major matrix of `f64`: the hand-over format between the
//! domain model and the numerical analyses.

use crate::{Error, Result};

/// Dense row-major matrix (rows usually regions, columns industries).
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    nrows: usize,
    ncols: usize,
    data: Vec<f64>,
}

impl Matrix {
    /// A matrix of zeros.
    pub fn zeros(nrows: usize, ncols: usize) -> Self {
        Matrix {
            nrows,
            ncols,
            data: vec![0.0; nrows * ncols],
        }
    }

    /// Wraps row-major data; fails if the length does not match.
    pub fn from_vec(nrows: usize, ncols: usize, data: Vec<f64>) -> Result<Self> {
        if data.len() != nrows * ncols {
            return Err(Error::Shape(format!(
                "{} values for a {nrows} x {ncols} matrix",
                data.len()
            )));
        }
        Ok(Matrix { nrows, ncols, data })
    }

    /// Builds from rows; fails on ragged rows.
    pub fn from_rows(rows: &[Vec<f64>]) -> Result<Self> {
        let nrows = rows.len();
        let ncols = rows.first().map_or(0, |r| r.len());
        let mut data = Vec::with_capacity(nrows * ncols);
        for (i, r) in rows.iter().enumerate() {
            if r.len() != ncols {
                return Err(Error::Shape(format!(
                    "row {i} has {} values, expected {ncols}",
                    r.len()
                )));
            }
            data.extend_from_slice(r);
        }
        Ok(Matrix { nrows, ncols, data })
    }

    /// Number of rows.
    pub fn nrows(&self) -> usize {
        self.nrows
    }

    /// Number of columns.
    pub fn ncols(&self) -> usize {
        self.ncols
    }

    /// Value at (i, j).
    #[inline]
    pub fn get(&self, i: usize, j: usize) -> f64 {
        self.data[i * self.ncols + j]
    }

    /// Sets (i, j).
    #[inline]
    pub fn set(&mut self, i: usize, j: usize, v: f64) {
        self.data[i * self.ncols + j] = v;
    }

    /// Row i as a slice.
    #[inline]
    pub fn row(&self, i: usize) -> &[f64] {
        &self.data[i * self.ncols..(i + 1) * self.ncols]
    }

    /// Row i as a mutable slice.
    #[inline]
    pub fn row_mut(&mut self, i: usize) -> &mut [f64] {
        &mut self.data[i * self.ncols..(i + 1) * self.ncols]
    }

    /// The row-major data.
    pub fn as_slice(&self) -> &[f64] {
        &self.data
    }

    /// The row-major data, mutable.
    pub fn as_mut_slice(&mut self) -> &mut [f64] {
        &mut self.data
    }

    /// Consumes into row-major data.
    pub fn into_vec(self) -> Vec<f64> {
        self.data
    }

    /// Row sums.
    pub fn row_sums(&self) -> Vec<f64> {
        (0..self.nrows).map(|i| self.row(i).iter().sum()).collect()
    }

    /// Column sums.
    pub fn col_sums(&self) -> Vec<f64> {
        let mut s = vec![0.0; self.ncols];
        for i in 0..self.nrows {
            for (a, b) in s.iter_mut().zip(self.row(i)) {
                *a += b;
            }
        }
        s
    }

    /// Grand total.
    pub fn total(&self) -> f64 {
        self.data.iter().sum()
    }

    /// The transpose.
    pub fn transpose(&self) -> Matrix {
        let mut t = Matrix::zeros(self.ncols, self.nrows);
        for i in 0..self.nrows {
            for j in 0..self.ncols {
                t.data[j * self.nrows + i] = self.data[i * self.ncols + j];
            }
        }
        t
    }

    /// Keeps the listed rows and columns, in the given order.
    pub fn select(&self, rows: &[usize], cols: &[usize]) -> Matrix {
        let mut m = Matrix::zeros(rows.len(), cols.len());
        for (a, &i) in rows.iter().enumerate() {
            for (b, &j) in cols.iter().enumerate() {
                m.data[a * cols.len() + b] = self.get(i, j);
            }
        }
        m
    }
}
