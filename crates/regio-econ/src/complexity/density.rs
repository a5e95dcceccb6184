//! Density, distance, complexity outlook index (COI) and complexity outlook
//! gain (COG): Hidalgo et al. (2007); Hausmann et al. (2014), *The Atlas of
//! Economic Complexity*, technical box; EconGeo's `relatedness_density`
//! (Boschma, Balland & Kogler 2015).
//!
//! * density `d_cp = sum_q M_cq phi_pq / sum_q phi_pq` (py-ecomplexity: q = p
//!   included) or without q = p and x100 (EconGeo);
//! * `COI_c = zscore_c( sum_p d_cp (1 - M_cp) kp_p )` with the raw,
//!   sign-adjusted eigenvector kp (py-ecomplexity 0.5.3);
//! * `COG_cp = (1 - M_cp) sum_q (1 - M_cq) phi_qp / (sum_j phi_qj) kp_q / sd(kc)`
//!   (py-ecomplexity 0.5.3); optionally with the Atlas term `-(1 - d_cp) PCI_p`.

use super::bits::BitColumns;
use super::proximity::{phi_cols, phi_rows, ProximityMeasure, RowStats};
use super::{dense, mean, std0};
use regio_core::Matrix;

/// Density convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DensityConvention {
    /// Self-term included, scale 0-1 (py-ecomplexity). Default.
    #[default]
    GrowthLab,
    /// Self-term excluded, scale 0-100 (EconGeo's `relatedness_density`).
    EconGeo,
}

impl DensityConvention {
    /// Multiplier from the 0-1 scale to this convention's scale.
    pub fn scale(self) -> f64 {
        match self {
            DensityConvention::GrowthLab => 1.0,
            DensityConvention::EconGeo => 100.0,
        }
    }
}

/// Density (and COG when weights are given) with the optional full proximity.
pub(crate) struct DensityCog {
    pub density: Matrix,
    pub cog: Option<Matrix>,
    pub proximity: Option<Matrix>,
}

/// Smallest number of proximity rows processed at a time when the full matrix is not kept.
const BLOCK: usize = 256;
/// Largest proximity matrix computed whole (8M cells = 64 MB).
const FULL_CELLS: usize = 8 << 20;
/// Proximity cells held at once (2M = 16 MB) when the matrix is processed by blocks.
const BLOCK_CELLS: usize = 2 << 20;

/// Density and COG in one pass over the proximity matrix, block by block
/// (or all at once when the proximity matrix is kept).
#[allow(clippy::too_many_arguments)]
pub(crate) fn density_and_cog(
    m: &Matrix,
    bits: &BitColumns,
    kp: &[f64],
    stats: &RowStats,
    measure: ProximityMeasure,
    conv: DensityConvention,
    cog_weights: Option<&[f64]>,
    keep_proximity: bool,
) -> DensityCog {
    let _ = kp;
    let (nr, np) = (m.nrows(), m.ncols());
    // The whole matrix at once when kept or small (<= 64 MB); else blocks of rows.
    let small = np * np <= FULL_CELLS;
    let full = (keep_proximity || small).then(|| phi_rows(bits, stats, 0..np));
    let block = (BLOCK_CELLS / np.max(1)).max(BLOCK);
    // Row sums of phi (and diagonal) for every activity.
    let (rowsum, diag): (Vec<f64>, Vec<f64>) = match &full {
        Some(f) => (0..np)
            .map(|p| (f[p * np..(p + 1) * np].iter().sum::<f64>(), f[p * np + p]))
            .unzip(),
        None => {
            let mut rs = Vec::with_capacity(np);
            let mut dg = Vec::with_capacity(np);
            for start in (0..np).step_by(block) {
                let end = (start + block).min(np);
                let blk = phi_rows(bits, stats, start..end);
                for (i, row) in blk.chunks(np).enumerate() {
                    rs.push(row.iter().sum::<f64>());
                    dg.push(row[start + i]);
                }
            }
            (rs, dg)
        }
    };
    // COG by blocks of activities p without an nr x np left factor:
    // Σ_q (1 − M_cq) a_qp = Σ_q a_qp − Σ_q M_cq a_qp, a_qp = φ_qp w_q / rowsum_q.
    let colscale: Option<Vec<f64>> = cog_weights.map(|w| {
        (0..np)
            .map(|q| {
                if rowsum[q] > 0.0 {
                    w[q] / rowsum[q]
                } else {
                    0.0
                }
            })
            .collect()
    });
    let mut num = Matrix::zeros(nr, np);
    let mut cog = colscale.as_ref().map(|_| Matrix::zeros(nr, np));
    for start in (0..np).step_by(block) {
        let end = (start + block).min(np);
        let b = end - start;
        let rows_owned;
        let rows: &[f64] = match &full {
            Some(f) => &f[start * np..end * np],
            None => {
                rows_owned = phi_rows(bits, stats, start..end);
                &rows_owned
            }
        };
        // numerator_cp = sum_q M_cq phi_pq for p in the block.
        dense::mul_block_t(m, rows, b, &mut num, start);
        if let (Some(cs), Some(g)) = (&colscale, cog.as_mut()) {
            // a_qp for p in the block, stored as b rows of length np:
            // column p of phi (= row p when phi is symmetric), scaled by q.
            let mut a = if measure.is_symmetric() {
                rows.to_vec()
            } else {
                phi_cols(bits, stats, start..end)
            };
            let mut total = vec![0.0; b];
            for (row, t) in a.chunks_mut(np).zip(total.iter_mut()) {
                for (v, c) in row.iter_mut().zip(cs) {
                    *v *= c;
                }
                *t = row.iter().sum::<f64>();
            }
            dense::mul_block_t(m, &a, b, g, start);
            for c in 0..nr {
                for (v, t) in g.row_mut(c)[start..end].iter_mut().zip(&total) {
                    *v = t - *v;
                }
            }
        }
    }
    // Normalise density; drop the self-term for EconGeo.
    let scale = conv.scale();
    for c in 0..nr {
        let mrow = m.row(c).to_vec();
        let row = num.row_mut(c);
        for p in 0..np {
            let (mut nu, mut de) = (row[p], rowsum[p]);
            if conv == DensityConvention::EconGeo {
                nu -= mrow[p] * diag[p];
                de -= diag[p];
            }
            row[p] = if de > 0.0 { scale * nu / de } else { 0.0 };
        }
    }
    if let Some(g) = cog.as_mut() {
        for c in 0..nr {
            let mrow = m.row(c).to_vec();
            for (v, mv) in g.row_mut(c).iter_mut().zip(mrow) {
                *v *= 1.0 - mv;
            }
        }
    }
    DensityCog {
        density: num,
        cog,
        proximity: full
            .filter(|_| keep_proximity)
            .map(|f| Matrix::from_vec(np, np, f).expect("P x P")),
    }
}

/// Complexity outlook index (py-ecomplexity 0.5.3):
/// `COI_c = zscore( sum_p d_cp (1 - M_cp) kp_p )` with density on the 0-1
/// scale (`density / scale`) and the raw sign-adjusted eigenvector `kp`.
/// All zeros when every region has the same raw value.
pub fn coi(density: &Matrix, scale: f64, m: &Matrix, kp: &[f64]) -> Vec<f64> {
    let raw: Vec<f64> = (0..m.nrows())
        .map(|c| {
            density
                .row(c)
                .iter()
                .zip(m.row(c))
                .zip(kp)
                .map(|((d, mv), k)| d / scale * (1.0 - mv) * k)
                .sum()
        })
        .collect();
    let (mu, sd) = (mean(&raw), std0(&raw));
    if sd > 0.0 {
        raw.iter().map(|x| (x - mu) / sd).collect()
    } else {
        vec![0.0; raw.len()]
    }
}

/// Adds the Atlas term `-(1 - d_cp) PCI_p` to COG where `M_cp = 0`
/// (Hausmann et al. 2014); `density` on the convention's scale.
pub(crate) fn add_atlas_term(
    cog: &mut Matrix,
    density: &Matrix,
    m: &Matrix,
    conv: DensityConvention,
    pci: &[f64],
) {
    let s = conv.scale();
    for c in 0..cog.nrows() {
        let d = density.row(c).to_vec();
        let mrow = m.row(c).to_vec();
        for (p, v) in cog.row_mut(c).iter_mut().enumerate() {
            if mrow[p] == 0.0 {
                *v -= (1.0 - d[p] / s) * pci[p];
            }
        }
    }
}
