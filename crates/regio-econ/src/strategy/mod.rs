//! Regional industrial strategy: super-regions with pooled capabilities
//! ([`super_regions`]), the smart-specialisation matrix of relatedness
//! density against complexity (Balland, Boschma, Crespo & Rigby 2019,
//! *Regional Studies* 53(9)) ([`smart_spec`]), diversification growth paths
//! ([`growth_path`]) and peer regions ([`peers`]).
//!
//! Complexity and relatedness (RCA, M, proximity, PCI, density, COG) come
//! from [`crate::complexity`]. [`Capabilities`] carries them per analysis
//! unit (region or super-region); for pooled super-regions and for the
//! states of a growth path, density and COG are re-evaluated on a changed M
//! with the complexity module's proximity and eigenvectors, using the same
//! formulas (py-ecomplexity 0.5.3 conventions; checked against
//! [`crate::complexity::compute`] in the tests).

pub mod growth_path;
pub mod peers;
pub mod smart_spec;
pub mod super_regions;

use crate::complexity::{self, DensityConvention, Options};
use crate::rca::{self, Comparison};
use regio_core::{Error, Matrix, Result};

/// Complexity and relatedness of a set of analysis units (regions or
/// super-regions) over the activities kept by the complexity computation.
#[derive(Debug, Clone, PartialEq)]
pub struct Capabilities {
    /// Unit labels (region codes or super-region names).
    pub units: Vec<String>,
    /// Activity codes (the kept activities).
    pub industries: Vec<String>,
    /// RCA, units x activities.
    pub rca: Matrix,
    /// Presence M (0/1), units x activities.
    pub m: Matrix,
    /// Proximity φ between activities (activities x activities).
    pub proximity: Matrix,
    /// Row sums of φ (`Σ_q φ_pq`, self-term included).
    pub prox_rowsum: Vec<f64>,
    /// True when φ is symmetric (rows can stand for columns: faster updates).
    pub symmetric: bool,
    /// Product (activity) complexity index.
    pub pci: Vec<f64>,
    /// Raw sign-adjusted activity eigenvector kp.
    pub kp: Vec<f64>,
    /// Standard deviation (ddof 0) of the region eigenvector kc.
    pub sd_kc: f64,
    /// Relatedness density (0-1 scale, self-term included), units x activities.
    pub density: Matrix,
    /// Complexity outlook gain, units x activities.
    pub cog: Matrix,
    /// Presence threshold and comparison used for M.
    pub threshold: (f64, Comparison),
    /// Notes for the user (dropped rows and columns, warnings).
    pub notes: Vec<String>,
}

/// Density `d_p = Σ_q M_q φ_pq / Σ_q φ_pq` of one unit (Hidalgo et al. 2007;
/// py-ecomplexity includes q = p).
pub fn density_row(m: &[f64], phi: &Matrix, rowsum: &[f64]) -> Vec<f64> {
    (0..phi.nrows())
        .map(|p| {
            let s: f64 = phi.row(p).iter().zip(m).map(|(f, x)| f * x).sum();
            if rowsum[p] > 0.0 {
                s / rowsum[p]
            } else {
                0.0
            }
        })
        .collect()
}

/// COG weights `w_q = (1 − M_q) kp_q / (Σ_j φ_qj · sd(kc))`.
pub fn cog_weights(m: &[f64], kp: &[f64], rowsum: &[f64], sd_kc: f64) -> Vec<f64> {
    (0..kp.len())
        .map(|q| {
            if m[q] >= 1.0 || rowsum[q] <= 0.0 {
                0.0
            } else {
                kp[q] / (rowsum[q] * sd_kc)
            }
        })
        .collect()
}

/// Complexity outlook gain of one unit, `COG_p = (1 − M_p) Σ_q (1 − M_q)
/// φ_qp / (Σ_j φ_qj) · kp_q / sd(kc)` (Hausmann et al. 2014; py-ecomplexity 0.5.3).
pub fn cog_row(m: &[f64], phi: &Matrix, rowsum: &[f64], kp: &[f64], sd_kc: f64) -> Vec<f64> {
    let w = cog_weights(m, kp, rowsum, sd_kc);
    let n = kp.len();
    let mut g = vec![0.0; n];
    for (q, wq) in w.iter().enumerate() {
        if *wq != 0.0 {
            for (gp, f) in g.iter_mut().zip(phi.row(q)) {
                *gp += wq * f;
            }
        }
    }
    for p in 0..n {
        if m[p] >= 1.0 {
            g[p] = 0.0;
        }
    }
    g
}

/// True when a square matrix equals its transpose exactly.
pub fn is_symmetric(m: &Matrix) -> bool {
    m.nrows() == m.ncols() && (0..m.nrows()).all(|i| (0..i).all(|j| m.get(i, j) == m.get(j, i)))
}

/// Per activity p, the activities q ≠ p with φ_pq > 0 in the order
/// (φ_pq descending, q ascending), truncated to the first `keep` (0 = all):
/// the "related held" evidence walks this list instead of the whole row.
pub struct Nearest {
    lists: Vec<Vec<u32>>,
    keep: usize,
}

impl Nearest {
    /// The ordered neighbour lists of every activity of `phi`.
    pub fn new(phi: &Matrix, keep: usize) -> Self {
        let n = phi.nrows();
        let lists = (0..n)
            .map(|p| {
                let row = phi.row(p);
                let order =
                    |a: &u32, b: &u32| row[*b as usize].total_cmp(&row[*a as usize]).then(a.cmp(b));
                let mut l: Vec<u32> = (0..n as u32)
                    .filter(|&q| q as usize != p && row[q as usize] > 0.0)
                    .collect();
                if keep > 0 && l.len() > keep {
                    l.select_nth_unstable_by(keep - 1, order);
                    l.truncate(keep);
                }
                l.sort_unstable_by(order);
                l
            })
            .collect();
        Nearest { lists, keep }
    }

    /// The top `k` activities held (`m[q] >= 1`, listed ascending in `held`)
    /// by proximity to `p`, with φ_pq; equal to [`top_related`]. Few held
    /// activities are scanned directly; many are found early in p's list.
    pub fn related(
        &self,
        phi: &Matrix,
        m: &[f64],
        held: &[usize],
        p: usize,
        k: usize,
    ) -> Vec<(usize, f64)> {
        let row = phi.row(p);
        if self.keep == 0 || held.len() > self.keep {
            let list = &self.lists[p];
            let top: Vec<(usize, f64)> = list
                .iter()
                .map(|&q| q as usize)
                .filter(|&q| m[q] >= 1.0)
                .take(k)
                .map(|q| (q, row[q]))
                .collect();
            if top.len() == k || self.keep == 0 || list.len() < self.keep {
                return top;
            }
        }
        top_among(row, held.iter().copied(), p, k)
    }
}

/// The top `k` activities q ≠ p held (`m[q] >= 1`) with φ_pq > 0 by
/// (φ_pq descending, q ascending), in one pass over the row `phi_p`.
pub fn top_related(phi_p: &[f64], m: &[f64], p: usize, k: usize) -> Vec<(usize, f64)> {
    top_among(phi_p, (0..phi_p.len()).filter(|&q| m[q] >= 1.0), p, k)
}

/// The top `k` of the ascending `candidates` q ≠ p with φ_pq > 0 by
/// (φ_pq descending, q ascending): one pass keeping a sorted short list.
fn top_among(
    phi_p: &[f64],
    candidates: impl Iterator<Item = usize>,
    p: usize,
    k: usize,
) -> Vec<(usize, f64)> {
    let mut top: Vec<(usize, f64)> = Vec::with_capacity(k + 1);
    for q in candidates {
        let f = phi_p[q];
        if q == p || f <= 0.0 || (top.len() == k && top.last().is_none_or(|l| l.1 >= f)) {
            continue;
        }
        let pos = top.iter().position(|t| t.1 < f).unwrap_or(top.len());
        top.insert(pos, (q, f));
        top.truncate(k);
    }
    top
}

fn std0(v: &[f64]) -> f64 {
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    (v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n).sqrt()
}

impl Capabilities {
    /// Runs the complexity computation on a units x activities matrix of
    /// values and keeps what strategy needs. Fails when ECI is undefined.
    pub fn compute(
        units: &[String],
        industries: &[String],
        x: &Matrix,
        opts: &Options,
    ) -> Result<Self> {
        if units.len() != x.nrows() || industries.len() != x.ncols() {
            return Err(Error::Shape(format!(
                "{} x {} values for {} units and {} industries",
                x.nrows(),
                x.ncols(),
                units.len(),
                industries.len()
            )));
        }
        let mut o = opts.clone();
        o.keep_proximity = true;
        o.density = DensityConvention::GrowthLab;
        o.cog_atlas_term = false;
        o.fitness = None;
        o.nestedness = false;
        let r = complexity::compute(x, &o)?;
        let idx = r.indices.as_ref().ok_or_else(|| {
            Error::invalid(format!(
                "economic complexity is undefined for these data: {}",
                r.eci_undefined.clone().unwrap_or_default()
            ))
        })?;
        let proximity = r
            .proximity
            .clone()
            .ok_or_else(|| Error::invalid("the complexity computation returned no proximity"))?;
        let prox_rowsum = proximity.row_sums();
        let symmetric = is_symmetric(&proximity);
        let mut notes = r.warnings.clone();
        for (i, why) in &r.dropped_regions {
            notes.push(format!("unit {} left out: {why}", units[*i]));
        }
        for (i, why) in &r.dropped_activities {
            notes.push(format!("industry {} left out: {why}", industries[*i]));
        }
        Ok(Capabilities {
            units: r.regions.iter().map(|&i| units[i].clone()).collect(),
            industries: r
                .activities
                .iter()
                .map(|&i| industries[i].clone())
                .collect(),
            rca: r.rca.clone(),
            m: r.m.clone(),
            proximity,
            prox_rowsum,
            symmetric,
            pci: idx.pci.clone(),
            kp: idx.kp.clone(),
            sd_kc: std0(&idx.kc),
            density: r.density.clone(),
            cog: idx.cog.clone(),
            threshold: (o.threshold, o.comparison),
            notes,
        })
    }

    /// Capabilities of pooled units (e.g. super-regions) on the activities of
    /// `self`: RCA of the pooled values `pooled` (columns = `all_industries`),
    /// presence with the same threshold, density and COG re-evaluated with
    /// this proximity and these eigenvectors.
    pub fn pooled(
        &self,
        units: &[String],
        all_industries: &[String],
        pooled: &Matrix,
    ) -> Result<Self> {
        if units.len() != pooled.nrows() || all_industries.len() != pooled.ncols() {
            return Err(Error::Shape(format!(
                "pooled matrix {} x {} for {} units and {} industries",
                pooled.nrows(),
                pooled.ncols(),
                units.len(),
                all_industries.len()
            )));
        }
        let full = rca::rca(pooled)?;
        let cols: Vec<usize> =
            self.industries
                .iter()
                .map(|c| {
                    all_industries.iter().position(|a| a == c).ok_or_else(|| {
                        Error::UnknownIndustry {
                            code: c.clone(),
                            context: Some("pooled matrix".into()),
                        }
                    })
                })
                .collect::<Result<_>>()?;
        let rows: Vec<usize> = (0..units.len()).collect();
        let rca_m = full.select(&rows, &cols);
        let m = rca::presence(&rca_m, self.threshold.0, self.threshold.1);
        let n = cols.len();
        let mut density = Matrix::zeros(units.len(), n);
        let mut cog = Matrix::zeros(units.len(), n);
        for u in 0..units.len() {
            let mr = m.row(u);
            density.row_mut(u).copy_from_slice(&density_row(
                mr,
                &self.proximity,
                &self.prox_rowsum,
            ));
            cog.row_mut(u).copy_from_slice(&cog_row(
                mr,
                &self.proximity,
                &self.prox_rowsum,
                &self.kp,
                self.sd_kc,
            ));
        }
        let mut notes = self.notes.clone();
        notes.push(
            "pooled units: RCA and presence from the pooled values; proximity, PCI and kp from the member regions"
                .into(),
        );
        Ok(Capabilities {
            units: units.to_vec(),
            industries: self.industries.clone(),
            rca: rca_m,
            m,
            proximity: self.proximity.clone(),
            prox_rowsum: self.prox_rowsum.clone(),
            symmetric: self.symmetric,
            pci: self.pci.clone(),
            kp: self.kp.clone(),
            sd_kc: self.sd_kc,
            density,
            cog,
            threshold: self.threshold,
            notes,
        })
    }

    /// Position of a unit by label.
    pub fn unit(&self, label: &str) -> Result<usize> {
        self.units.iter().position(|u| u == label).ok_or_else(|| {
            Error::invalid(format!(
                "unknown unit {label:?} (available: {})",
                self.units.join(", ")
            ))
        })
    }

    /// The related activities a unit already holds for activity p: held
    /// activities (M = 1, q ≠ p, φ_pq > 0) ordered by proximity φ_pq
    /// (descending, then activity order), the top `k`.
    pub fn related_held(&self, unit: usize, p: usize, k: usize) -> Vec<(usize, f64)> {
        top_related(self.proximity.row(p), self.m.row(unit), p, k)
    }

    /// Formats related activities as `code (φ); code (φ)`.
    pub fn format_related(&self, rel: &[(usize, f64)]) -> String {
        rel.iter()
            .map(|(q, f)| format!("{} ({f:.3})", self.industries[*q]))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The neighbour-list walk returns exactly the full-row scan, for
        /// lists kept whole, cut short, or cut to less than k.
        #[test]
        fn nearest_equals_full_scan(
            phi in proptest::collection::vec(0u8..4, 64),
            held in proptest::collection::vec(0u8..3, 8),
            keep in 0usize..6,
            k in 1usize..4,
        ) {
            // 8 x 8 proximity with ties (values 0..3), symmetric or not.
            let mut m = Matrix::zeros(8, 8);
            for (i, v) in phi.iter().enumerate() {
                m.set(i / 8, i % 8, *v as f64 / 3.0);
            }
            let mrow: Vec<f64> = held.iter().map(|&h| if h == 0 { 0.0 } else { 1.0 }).collect();
            let list: Vec<usize> = (0..8).filter(|&q| mrow[q] >= 1.0).collect();
            let near = Nearest::new(&m, keep);
            for p in 0..8 {
                prop_assert_eq!(
                    near.related(&m, &mrow, &list, p, k),
                    top_related(m.row(p), &mrow, p, k)
                );
            }
        }
    }
}
