//! Proximity (relatedness) between activities from co-occurrence in regions.
//!
//! * Minimum conditional probability (Hidalgo, Klinger, Barabási & Hausmann
//!   2007): `phi_pq = C_pq / max(k_p, k_q)` with `C = Mᵀ M`; the diagonal is
//!   1, as in py-ecomplexity. The asymmetric variant is `C_pq / k_p`.
//! * EconGeo's normalisations of the co-occurrence matrix (van Eck & Waltman
//!   2009; Steijn 2017), computed on `C` with its diagonal set to 0,
//!   `s_i = sum_j C_ij`, `t = sum_i s_i`: probability index
//!   `C_ij / (((s_i/t) s_j/(t - s_i) + (s_j/t) s_i/(t - s_j)) t/2)`, association
//!   strength `(C_ij/t) / ((s_i/t)(s_j/t))`, cosine `C_ij / sqrt(s_i s_j)`,
//!   Jaccard `C_ij / (s_i + s_j - C_ij)`; undefined ratios are 0 and the
//!   diagonal is 0 (EconGeo's `relatedness()`).

use super::bits::BitColumns;
use rayon::prelude::*;
use regio_core::Matrix;

/// Proximity measure between activities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProximityMeasure {
    /// `C_pq / max(k_p, k_q)` (Hidalgo et al. 2007; py-ecomplexity). Default.
    #[default]
    MinConditional,
    /// `C_pq / k_p`: probability of q given p (py-ecomplexity `asymmetric=True`).
    Asymmetric,
    /// EconGeo's probability index (Steijn 2017).
    Probability,
    /// EconGeo's association strength (van Eck & Waltman 2009).
    Association,
    /// EconGeo's cosine.
    Cosine,
    /// EconGeo's Jaccard index.
    Jaccard,
}

impl ProximityMeasure {
    /// True when `phi_pq = phi_qp`.
    pub fn is_symmetric(self) -> bool {
        !matches!(self, ProximityMeasure::Asymmetric)
    }
}

/// Per-activity quantities the measure needs besides the co-occurrence counts.
pub(crate) struct RowStats {
    measure: ProximityMeasure,
    /// Ubiquity k_p.
    k: Vec<f64>,
    /// Off-diagonal co-occurrence sums s_i (EconGeo measures).
    s: Vec<f64>,
    /// Total t = sum_i s_i.
    t: f64,
}

impl RowStats {
    /// Ubiquities and, for EconGeo measures, `s_i = sum_c M_ci (k_c - 1)`
    /// (the off-diagonal column sum of `Mᵀ M`) and their total.
    pub fn new(m: &Matrix, kp: &[f64], measure: ProximityMeasure) -> Self {
        let kc = m.row_sums();
        let mut s = vec![0.0; m.ncols()];
        for (i, &k) in kc.iter().enumerate() {
            for (sj, &v) in s.iter_mut().zip(m.row(i)) {
                *sj += v * (k - 1.0);
            }
        }
        let t = s.iter().sum();
        RowStats {
            measure,
            k: kp.to_vec(),
            s,
            t,
        }
    }

    /// Proximity from the co-occurrence count `c` of activities `p` and `q`.
    #[inline]
    pub fn value(&self, p: usize, q: usize, c: f64) -> f64 {
        let (kp, kq) = (self.k[p], self.k[q]);
        let v = match self.measure {
            ProximityMeasure::MinConditional => return c / kp.max(kq),
            ProximityMeasure::Asymmetric => return c / kp,
            _ if p == q => return 0.0,
            ProximityMeasure::Probability => {
                let (si, sj, t) = (self.s[p], self.s[q], self.t);
                c / (((si / t) * (sj / (t - si)) + (sj / t) * (si / (t - sj))) * (t / 2.0))
            }
            ProximityMeasure::Association => {
                let (si, sj, t) = (self.s[p], self.s[q], self.t);
                (c / t) / ((si / t) * (sj / t))
            }
            ProximityMeasure::Cosine => c / (self.s[p] * self.s[q]).sqrt(),
            ProximityMeasure::Jaccard => c / (self.s[p] + self.s[q] - c),
        };
        if v.is_finite() {
            v
        } else {
            0.0
        }
    }
}

/// Rows `rows` of the proximity matrix, row-major (`rows.len() x P`),
/// computed in parallel (each row independently: deterministic).
pub(crate) fn phi_rows(
    bits: &BitColumns,
    stats: &RowStats,
    rows: std::ops::Range<usize>,
) -> Vec<f64> {
    let np = bits.len();
    let mut out = vec![0.0; rows.len() * np];
    out.par_chunks_mut(np.max(1))
        .zip(rows.into_par_iter())
        .for_each(|(row, p)| {
            let mut c = vec![0u32; np];
            bits.common_row(p, &mut c);
            for (q, v) in row.iter_mut().enumerate() {
                *v = stats.value(p, q, c[q] as f64);
            }
        });
    out
}

/// Columns `cols` of the proximity matrix as rows (`phi_qp` for q = 0..P).
pub(crate) fn phi_cols(
    bits: &BitColumns,
    stats: &RowStats,
    cols: std::ops::Range<usize>,
) -> Vec<f64> {
    let np = bits.len();
    let mut out = vec![0.0; cols.len() * np];
    out.par_chunks_mut(np.max(1))
        .zip(cols.into_par_iter())
        .for_each(|(row, p)| {
            // C is symmetric: C_qp = C_pq.
            let mut c = vec![0u32; np];
            bits.common_row(p, &mut c);
            for (q, v) in row.iter_mut().enumerate() {
                *v = stats.value(q, p, c[q] as f64);
            }
        });
    out
}

/// The full activities x activities proximity matrix for a presence matrix `m`.
pub fn proximity(m: &Matrix, measure: ProximityMeasure) -> Matrix {
    let bits = BitColumns::from_presence(m);
    let kp = m.col_sums();
    let stats = RowStats::new(m, &kp, measure);
    let np = m.ncols();
    Matrix::from_vec(np, np, phi_rows(&bits, &stats, 0..np)).expect("P x P")
}

/// Co-occurrence counts `C = Mᵀ M` (activities x activities).
pub fn cooccurrence(m: &Matrix) -> Matrix {
    let bits = BitColumns::from_presence(m);
    let np = m.ncols();
    let mut c = Matrix::zeros(np, np);
    for p in 0..np {
        for q in 0..np {
            c.set(p, q, bits.common(p, q) as f64);
        }
    }
    c
}

/// Sparse long list of proximities `(p, q, phi_pq)` with `phi_pq >= min` and
/// `phi_pq > 0`, without the diagonal; for symmetric matrices only `p < q`.
pub fn long_list(phi: &Matrix, symmetric: bool, min: f64) -> Vec<(usize, usize, f64)> {
    let n = phi.nrows();
    let mut out = Vec::new();
    for p in 0..n {
        let start = if symmetric { p + 1 } else { 0 };
        for q in start..n {
            let v = phi.get(p, q);
            if q != p && v > 0.0 && v >= min {
                out.push((p, q, v));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn min_conditional_and_econgeo_by_hand() {
        // Regions x activities:
        //      a b c
        // r0 [ 1 1 0 ]
        // r1 [ 1 1 1 ]
        // r2 [ 0 0 1 ]
        // k = (2, 2, 2); C = MᵀM = [[2,2,1],[2,2,1],[1,1,2]].
        let m = Matrix::from_rows(&[
            vec![1.0, 1.0, 0.0],
            vec![1.0, 1.0, 1.0],
            vec![0.0, 0.0, 1.0],
        ])
        .unwrap();
        let c = cooccurrence(&m);
        assert_eq!(c.row(0), &[2.0, 2.0, 1.0]);
        let phi = proximity(&m, ProximityMeasure::MinConditional);
        // phi_ab = 2 / max(2,2) = 1; phi_ac = 1/2; diagonal C_pp / k_p = 1.
        assert_eq!(phi.row(0), &[1.0, 1.0, 0.5]);
        assert_eq!(phi.row(2), &[0.5, 0.5, 1.0]);
        // Off-diagonal sums: s = (2+1, 2+1, 1+1) = (3, 3, 2); t = 8.
        // cosine_ab = 2 / sqrt(3*3) = 2/3; cosine_ac = 1 / sqrt(3*2).
        let cos = proximity(&m, ProximityMeasure::Cosine);
        assert!((cos.get(0, 1) - 2.0 / 3.0).abs() < 1e-15);
        assert!((cos.get(0, 2) - 1.0 / 6f64.sqrt()).abs() < 1e-15);
        assert_eq!(cos.get(1, 1), 0.0);
        // jaccard_ab = 2 / (3 + 3 - 2) = 0.5.
        let jac = proximity(&m, ProximityMeasure::Jaccard);
        assert!((jac.get(0, 1) - 0.5).abs() < 1e-15);
        // association_ab = (2/8) / ((3/8)(3/8)) = 0.25 / 0.140625 = 1.7777..
        let ass = proximity(&m, ProximityMeasure::Association);
        assert!((ass.get(0, 1) - 0.25 / 0.140625).abs() < 1e-12);
        // probability_ab = 2 / (((3/8)(3/5) + (3/8)(3/5)) * 4) = 2 / (0.45 * 4) = 1.1111..
        let pr = proximity(&m, ProximityMeasure::Probability);
        assert!((pr.get(0, 1) - 2.0 / 1.8).abs() < 1e-12);
        // asymmetric: C_ac / k_a = 1/2.
        let asy = proximity(&m, ProximityMeasure::Asymmetric);
        assert_eq!(asy.get(0, 2), 0.5);
        let l = long_list(&phi, true, 0.6);
        assert_eq!(l, vec![(0, 1, 1.0)]);
    }
}
