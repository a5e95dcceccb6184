//! Validity diagnostics for complexity on non-trade data (e.g. cities x
//! industries): how much of the structure the ECI eigenvector carries
//! (spectral share and eigengap; Mealy, Farmer & Teytelboym 2019) and how
//! nested the presence matrix is (NODF; Almeida-Neto, Guimarães, Guimarães,
//! Loyola & Ulrich 2008).

use super::bits::BitColumns;
use super::eci::EigenInfo;
use rayon::prelude::*;
use regio_core::Matrix;

/// Diagnostics reported with every complexity result.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostics {
    /// Kept regions.
    pub regions: usize,
    /// Kept activities.
    pub activities: usize,
    /// Share of cells with M = 1.
    pub fill: f64,
    /// `lambda2 / (trace(S) - 1)`: the share of the non-trivial spectrum of the
    /// similarity matrix S carried by the ECI eigenvector (1 = one dimension
    /// explains everything; small = ECI summarises little of the structure).
    pub spectral_share: Option<f64>,
    /// `lambda2 - lambda3` of S.
    pub eigengap: Option<f64>,
    /// NODF nestedness, 0-100 (rows and columns together).
    pub nodf: Option<f64>,
    /// NODF among regions.
    pub nodf_regions: Option<f64>,
    /// NODF among activities.
    pub nodf_activities: Option<f64>,
}

impl Diagnostics {
    pub(crate) fn new(
        m: &Matrix,
        cols: &BitColumns,
        kc: &[f64],
        kp: &[f64],
        eigen: Option<&EigenInfo>,
        nestedness: bool,
    ) -> Self {
        let (nr, np) = (m.nrows(), m.ncols());
        let ones: f64 = kc.iter().sum();
        // trace(S) = sum_c (1/k_c) sum_p M_cp / k_p (the same on both sides).
        let trace: f64 = (0..nr)
            .map(|c| m.row(c).iter().zip(kp).map(|(v, k)| v / k).sum::<f64>() / kc[c])
            .sum();
        let spectral_share = eigen
            .and_then(|e| e.lambda2)
            .filter(|_| trace - 1.0 > 1e-12)
            .map(|l2| l2 / (trace - 1.0));
        let (nodf, nodf_regions, nodf_activities) = if nestedness {
            let rows = BitColumns::rows_of(m);
            let (sr, pr) = paired_overlap_sum(&rows, kc);
            let (sc, pc) = paired_overlap_sum(cols, kp);
            let f = |s: f64, p: f64| (p > 0.0).then(|| s / p);
            (f(sr + sc, pr + pc), f(sr, pr), f(sc, pc))
        } else {
            (None, None, None)
        };
        Diagnostics {
            regions: nr,
            activities: np,
            fill: ones / (nr * np) as f64,
            spectral_share,
            eigengap: eigen.and_then(|e| e.eigengap),
            nodf,
            nodf_regions,
            nodf_activities,
        }
    }
}

/// Sum over unordered pairs of the NODF paired overlap
/// (`100 * overlap / k_lower` when degrees differ, else 0) and the number of pairs.
fn paired_overlap_sum(sets: &BitColumns, k: &[f64]) -> (f64, f64) {
    let n = sets.len();
    let per: Vec<f64> = (0..n)
        .into_par_iter()
        .map(|i| {
            let mut s = 0.0;
            for j in i + 1..n {
                if k[i] != k[j] && k[i].min(k[j]) > 0.0 {
                    s += 100.0 * sets.common(i, j) as f64 / k[i].min(k[j]);
                }
            }
            s
        })
        .collect();
    let pairs = (n * n.saturating_sub(1) / 2) as f64;
    (per.iter().sum(), pairs)
}

/// NODF nestedness of a binary matrix (Almeida-Neto et al. 2008), 0-100.
pub fn nodf(m: &Matrix) -> Option<f64> {
    let cols = BitColumns::from_presence(m);
    let rows = BitColumns::rows_of(m);
    let (sr, pr) = paired_overlap_sum(&rows, &m.row_sums());
    let (sc, pc) = paired_overlap_sum(&cols, &m.col_sums());
    (pr + pc > 0.0).then(|| (sr + sc) / (pr + pc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodf_by_hand() {
        // Perfectly nested: every pair's lower row (column) is contained in the upper one,
        // and degrees differ, so each paired overlap is 100 -> NODF 100.
        let nested = Matrix::from_rows(&[
            vec![1.0, 1.0, 1.0],
            vec![1.0, 1.0, 0.0],
            vec![1.0, 0.0, 0.0],
        ])
        .unwrap();
        assert_eq!(nodf(&nested), Some(100.0));
        // Rows of equal degree contribute 0 (Almeida-Neto et al.'s decreasing-fill rule).
        let diag = Matrix::from_rows(&[vec![1.0, 0.0], vec![0.0, 1.0]]).unwrap();
        assert_eq!(nodf(&diag), Some(0.0));
        // Rows (1,1,0) and (1,0,1): equal degree 2 -> 0. Columns k = (2,1,1).
        let m = Matrix::from_rows(&[vec![1.0, 1.0, 0.0], vec![1.0, 0.0, 1.0]]).unwrap();
        // Column pairs: (0,1) 100, (0,2) 100, (1,2) equal degree 0. Row pair: equal -> 0.
        // NODF = (0 + 200) / (1 + 3) = 50.
        assert_eq!(nodf(&m), Some(50.0));
    }
}
