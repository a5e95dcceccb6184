//! Dense linear algebra for the complexity module, through faer. The
//! parallelism is a fixed split (not the pool size), so results are identical
//! for any number of threads.

use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::matmul::matmul;
use faer::{Accum, Mat, MatRef, Par};
use regio_core::Matrix;
use std::num::NonZeroUsize;

/// Fixed parallel split: work is partitioned the same way whatever the
/// size of the thread pool, which executes the parts.
fn par() -> Par {
    Par::Rayon(NonZeroUsize::new(4).expect("non-zero"))
}

fn view(m: &Matrix) -> MatRef<'_, f64> {
    MatRef::from_row_major_slice(m.as_slice(), m.nrows(), m.ncols())
}

/// Copies an owned faer matrix into `dst[:, col0 ..]`.
fn copy_into(src: &Mat<f64>, dst: &mut Matrix, col0: usize) {
    for i in 0..src.nrows() {
        let row = &mut dst.row_mut(i)[col0..col0 + src.ncols()];
        for (j, v) in row.iter_mut().enumerate() {
            *v = src[(i, j)];
        }
    }
}

/// `A Aᵀ` for a row-major `A`.
pub(crate) fn gram_rows(a: &Matrix) -> Matrix {
    let n = a.nrows();
    let mut tmp = Mat::<f64>::zeros(n, n);
    let v = view(a);
    matmul(tmp.as_mut(), Accum::Replace, v, v.transpose(), 1.0, par());
    let mut out = Matrix::zeros(n, n);
    copy_into(&tmp, &mut out, 0);
    symmetrise(&mut out);
    out
}

/// `Aᵀ A` for a row-major `A`.
pub(crate) fn gram_cols(a: &Matrix) -> Matrix {
    let n = a.ncols();
    let mut tmp = Mat::<f64>::zeros(n, n);
    let v = view(a);
    matmul(tmp.as_mut(), Accum::Replace, v.transpose(), v, 1.0, par());
    let mut out = Matrix::zeros(n, n);
    copy_into(&tmp, &mut out, 0);
    symmetrise(&mut out);
    out
}

/// Makes a computed symmetric product exactly symmetric (mean of both halves).
fn symmetrise(s: &mut Matrix) {
    let n = s.nrows();
    for i in 0..n {
        for j in 0..i {
            let v = 0.5 * (s.get(i, j) + s.get(j, i));
            s.set(i, j, v);
            s.set(j, i, v);
        }
    }
}

/// `dst[:, col0 .. col0 + b] = lhs · blockᵀ`, where `block` holds `b` rows of
/// length `lhs.ncols()` (row-major).
pub(crate) fn mul_block_t(lhs: &Matrix, block: &[f64], b: usize, dst: &mut Matrix, col0: usize) {
    let (nr, k, nc) = (lhs.nrows(), lhs.ncols(), dst.ncols());
    if nr == 0 || b == 0 {
        return;
    }
    debug_assert!(col0 + b <= nc && block.len() == b * k);
    let rhs = MatRef::from_row_major_slice(block, b, k);
    let mut tmp = Mat::<f64>::zeros(nr, b);
    matmul(
        tmp.as_mut(),
        Accum::Replace,
        view(lhs),
        rhs.transpose(),
        1.0,
        par(),
    );
    copy_into(&tmp, dst, col0);
}

/// Eigen-decomposition of a symmetric matrix: eigenvalues ascending and the
/// eigenvectors as columns of a row-major n x n matrix. `None` if the
/// iteration fails to converge.
pub(crate) fn sym_eigen(s: &Matrix) -> Option<(Vec<f64>, Matrix)> {
    let n = s.nrows();
    let a = view(s);
    let mut u = faer::Mat::<f64>::zeros(n, n);
    let mut d = faer::diag::Diag::<f64>::zeros(n);
    let p = par();
    let req = faer::linalg::evd::self_adjoint_evd_scratch::<f64>(
        n,
        faer::linalg::evd::ComputeEigenvectors::Yes,
        p,
        Default::default(),
    );
    let mut buf = MemBuffer::new(req);
    faer::linalg::evd::self_adjoint_evd(
        a,
        d.as_mut(),
        Some(u.as_mut()),
        p,
        MemStack::new(&mut buf),
        Default::default(),
    )
    .ok()?;
    let vals: Vec<f64> = (0..n).map(|i| d[i]).collect();
    let mut vecs = Matrix::zeros(n, n);
    for i in 0..n {
        for j in 0..n {
            vecs.set(i, j, u[(i, j)]);
        }
    }
    Some((vals, vecs))
}
