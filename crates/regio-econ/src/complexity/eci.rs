//! Economic Complexity Index (ECI) and Product Complexity Index (PCI).
//!
//! Eigenvector method (Hidalgo & Hausmann 2009; Mealy, Farmer & Teytelboym
//! 2019): ECI is the eigenvector of `Mcc = Kc⁻¹ M Kp⁻¹ Mᵀ` for the second
//! largest eigenvalue, PCI that of `Mpp = Kp⁻¹ Mᵀ Kc⁻¹ M`. Both are solved in
//! the similar symmetric form `S = A Aᵀ` or `Aᵀ A` with
//! `A = Kc^-1/2 M Kp^-1/2`, on the smaller side, then transformed back; dense
//! symmetric eigen-decomposition (faer) for small sides, Lanczos with full
//! reorthogonalisation and deflation of the trivial eigenvector for large
//! ones. Method of reflections: Hidalgo & Hausmann (2009), eq. 1-2.

use super::bits::BitColumns;
use super::{corr, dense, mean, std0, Convention, Options};
use regio_core::Matrix;

/// How ECI and PCI are computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EciMethod {
    /// Eigenvector of the symmetric similarity matrix (default).
    #[default]
    Eigenvector,
    /// Method of reflections with this many iterations (Hidalgo & Hausmann
    /// 2009); ECI from `k_c,N`, PCI from `k_p,N-1`.
    Reflections {
        /// Number of reflections N (at least 2).
        iterations: usize,
    },
}

/// Eigen solver for [`EciMethod::Eigenvector`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EigenSolver {
    /// Dense when the smaller side has at most 600 entities, Lanczos above.
    #[default]
    Auto,
    /// Dense symmetric eigen-decomposition.
    Dense,
    /// Lanczos iteration (falls back to dense if it does not converge).
    Lanczos,
}

/// Which side the eigenproblem was solved on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The regions x regions matrix.
    Regions,
    /// The activities x activities matrix.
    Activities,
}

/// Details of the ECI solution, reported with the result.
#[derive(Debug, Clone, PartialEq)]
pub struct EigenInfo {
    /// Second largest eigenvalue of the similarity matrix (the largest is 1).
    pub lambda2: Option<f64>,
    /// Third largest eigenvalue.
    pub lambda3: Option<f64>,
    /// `lambda2 - lambda3`: small values mean ECI is poorly determined.
    pub eigengap: Option<f64>,
    /// Side the problem was solved on.
    pub side: Side,
    /// "dense", "lanczos" or "reflections".
    pub solver: &'static str,
    /// Lanczos steps or reflections performed (0 for dense).
    pub iterations: usize,
    /// True when ECI is uncorrelated with diversity, so the sign rule could not
    /// decide (the third central moment of kc decided instead).
    pub sign_ambiguous: bool,
}

/// Eigengap below which a warning is issued.
pub const SMALL_EIGENGAP: f64 = 0.01;

impl EigenInfo {
    /// A warning when the eigengap is small.
    pub fn warning(&self) -> Option<String> {
        if self.sign_ambiguous {
            return Some("ECI is uncorrelated with diversity, so its sign is not fixed by the convention; the sign making its third moment positive was chosen".into());
        }
        match self.eigengap {
            Some(g) if g < SMALL_EIGENGAP => Some(format!(
                "small eigengap lambda2 - lambda3 = {g:.3e} (< {SMALL_EIGENGAP}): ECI is poorly determined and may change with small changes in the data"
            )),
            _ => None,
        }
    }
}

/// The sign-adjusted (corr(diversity, kc) > 0) raw eigenvectors.
pub(crate) struct Raw {
    pub kc: Vec<f64>,
    pub kp: Vec<f64>,
    pub info: EigenInfo,
}

/// Connected components of the bipartite region-activity network:
/// (count, regions in the first component, activities in it).
pub fn components(m: &Matrix) -> (usize, usize, usize) {
    let (nr, np) = (m.nrows(), m.ncols());
    let mut parent: Vec<usize> = (0..nr + np).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for i in 0..nr {
        for (j, &v) in m.row(i).iter().enumerate() {
            if v > 0.5 {
                let (a, b) = (find(&mut parent, i), find(&mut parent, nr + j));
                if a != b {
                    parent[a.max(b)] = a.min(b);
                }
            }
        }
    }
    let roots: Vec<usize> = (0..nr + np).map(|x| find(&mut parent, x)).collect();
    let mut distinct = roots.clone();
    distinct.sort_unstable();
    distinct.dedup();
    let r0 = roots[0];
    let a = roots[..nr].iter().filter(|&&r| r == r0).count();
    let b = roots[nr..].iter().filter(|&&r| r == r0).count();
    (distinct.len(), a, b)
}

/// Solves for the raw ECI/PCI vectors; `Err` explains why ECI is undefined.
pub(crate) fn solve(
    m: &Matrix,
    kc: &[f64],
    kp: &[f64],
    opts: &Options,
) -> std::result::Result<Raw, String> {
    let (nr, np) = (m.nrows(), m.ncols());
    if nr < 2 {
        return Err("only one region: complexity compares regions".into());
    }
    if np < 2 {
        return Err("only one activity: complexity compares activities".into());
    }
    let (ncomp, a, b) = components(m);
    if ncomp > 1 {
        return Err(format!(
            "the region-activity network is disconnected into {ncomp} components (the first has {a} region(s) and {b} activit(ies)); ECI does not compare regions across components: compute each component separately"
        ));
    }
    if kc.iter().all(|&k| k == np as f64) {
        return Err(
            "every region has every activity (M is all ones): there is nothing to rank".into(),
        );
    }
    let raw = match opts.method {
        EciMethod::Eigenvector => eigenvector(m, kc, kp, opts.solver)?,
        EciMethod::Reflections { iterations } => reflections_raw(m, kc, kp, iterations)?,
    };
    if std0(&raw.kc) <= 1e-12 * mean(&raw.kc.iter().map(|x| x.abs()).collect::<Vec<_>>()) {
        return Err("all regions have the same ECI (the second eigenvector is constant)".into());
    }
    Ok(raw)
}

/// py-ecomplexity's sign rule: multiply by sign(corr(diversity, kc)) so ECI
/// correlates positively with diversity. When that correlation vanishes
/// (|r| < 1e-9) the sign is chosen so the third central moment of kc is
/// positive, and the result says the sign was ambiguous.
fn sign_fix(mut kc: Vec<f64>, mut kp: Vec<f64>, diversity: &[f64]) -> (Vec<f64>, Vec<f64>, bool) {
    let r = corr(diversity, &kc);
    let ambiguous = r.abs() < 1e-9;
    let flip = if ambiguous {
        let mu = mean(&kc);
        kc.iter().map(|x| (x - mu).powi(3)).sum::<f64>() < 0.0
    } else {
        r < 0.0
    };
    if flip {
        kc.iter_mut().for_each(|x| *x = -*x);
        kp.iter_mut().for_each(|x| *x = -*x);
    }
    (kc, kp, ambiguous)
}

/// `Kc⁻¹ M v` (average over each region's activities).
fn region_average(m: &Matrix, kc: &[f64], v: &[f64]) -> Vec<f64> {
    (0..m.nrows())
        .map(|i| m.row(i).iter().zip(v).map(|(a, b)| a * b).sum::<f64>() / kc[i])
        .collect()
}

/// `Kp⁻¹ Mᵀ u` (average over each activity's regions).
fn activity_average(m: &Matrix, kp: &[f64], u: &[f64]) -> Vec<f64> {
    let mut out = vec![0.0; m.ncols()];
    for (i, &ui) in u.iter().enumerate() {
        for (o, &x) in out.iter_mut().zip(m.row(i)) {
            *o += x * ui;
        }
    }
    out.iter_mut().zip(kp).for_each(|(o, k)| *o /= k);
    out
}

fn eigenvector(
    m: &Matrix,
    kc: &[f64],
    kp: &[f64],
    solver: EigenSolver,
) -> std::result::Result<Raw, String> {
    let (nr, np) = (m.nrows(), m.ncols());
    let sc: Vec<f64> = kc.iter().map(|k| 1.0 / k.sqrt()).collect();
    let sp: Vec<f64> = kp.iter().map(|k| 1.0 / k.sqrt()).collect();
    let side = if np <= nr {
        Side::Activities
    } else {
        Side::Regions
    };
    let k = match side {
        Side::Activities => kp,
        Side::Regions => kc,
    };
    let n = k.len();
    let use_lanczos = match solver {
        EigenSolver::Auto => n > 600,
        EigenSolver::Dense => false,
        EigenSolver::Lanczos => true,
    } && n > 3;
    // The trivial eigenvector of S (eigenvalue 1) is sqrt(k) normalised.
    let norm = k.iter().sum::<f64>().sqrt();
    let u1: Vec<f64> = k.iter().map(|x| x.sqrt() / norm).collect();
    let mut found = None;
    if use_lanczos {
        // S applied without forming it: S_p v = Kp^-1/2 Mᵀ Kc^-1 M Kp^-1/2 v (or the
        // region-side analogue), with M as bitsets (exact sums over present cells).
        let rows = BitColumns::rows_of(m);
        let cols = BitColumns::from_presence(m);
        let apply = |v: &[f64]| -> Vec<f64> {
            match side {
                Side::Activities => {
                    let a: Vec<f64> = v.iter().zip(&sp).map(|(x, s)| x * s).collect();
                    let mut b = rows.sum_over(&a);
                    b.iter_mut().zip(kc).for_each(|(x, k)| *x /= k);
                    let c = cols.sum_over(&b);
                    c.iter().zip(&sp).map(|(x, s)| x * s).collect()
                }
                Side::Regions => {
                    let a: Vec<f64> = v.iter().zip(&sc).map(|(x, s)| x * s).collect();
                    let mut b = cols.sum_over(&a);
                    b.iter_mut().zip(kp).for_each(|(x, k)| *x /= k);
                    let c = rows.sum_over(&b);
                    c.iter().zip(&sc).map(|(x, s)| x * s).collect()
                }
            }
        };
        found = lanczos_top2(n, apply, &u1).map(|(l2, l3, w, it)| (l2, Some(l3), w, "lanczos", it));
    }
    let (l2, l3, w, solver_name, iterations) = match found {
        Some(f) => f,
        None => {
            // S = A Aᵀ or Aᵀ A with A = Kc^-1/2 M Kp^-1/2 (Mealy et al. 2019's symmetric form).
            let mut a = Matrix::zeros(nr, np);
            for (i, &si) in sc.iter().enumerate() {
                let (src, dst) = (m.row(i), a.row_mut(i));
                for ((d, &v), &pj) in dst.iter_mut().zip(src).zip(&sp) {
                    *d = v * si * pj;
                }
            }
            let s = match side {
                Side::Activities => dense::gram_cols(&a),
                Side::Regions => dense::gram_rows(&a),
            };
            drop(a);
            let (vals, vecs) =
                dense::sym_eigen(&s).ok_or("the eigen-decomposition did not converge")?;
            let l2 = vals[n - 2];
            let l3 = (n >= 3).then(|| vals[n - 3]);
            let w: Vec<f64> = (0..n).map(|i| vecs.get(i, n - 2)).collect();
            (l2, l3, w, "dense", 0)
        }
    };
    if l2 <= 1e-12 {
        return Err(format!(
            "the second eigenvalue is {l2:.3e}: the regions' activity mixes carry no ranking"
        ));
    }
    if 1.0 - l2 <= 1e-10 {
        return Err("the second eigenvalue equals the first: the network is disconnected".into());
    }
    if let Some(l3) = l3 {
        if l2 - l3 <= 1e-9 * l2 {
            return Err(format!(
                "the second eigenvalue {l2:.6} is repeated (lambda3 = {l3:.6}): the ECI eigenvector is not unique"
            ));
        }
    }
    let (kc_raw, kp_raw) = match side {
        Side::Activities => {
            // v = Kp^-1/2 w is the eigenvector of Mpp (py-ecomplexity's kp); kc = Kc^-1 M v.
            let v: Vec<f64> = w.iter().zip(&sp).map(|(x, s)| x * s).collect();
            (region_average(m, kc, &v), v)
        }
        Side::Regions => {
            // kc = Kc^-1/2 w is the eigenvector of Mcc; the matching kp = Kp^-1 Mᵀ kc / lambda2.
            let u: Vec<f64> = w.iter().zip(&sc).map(|(x, s)| x * s).collect();
            let mut v = activity_average(m, kp, &u);
            v.iter_mut().for_each(|x| *x /= l2);
            (u, v)
        }
    };
    let (kc_raw, kp_raw, sign_ambiguous) = sign_fix(kc_raw, kp_raw, kc);
    Ok(Raw {
        kc: kc_raw,
        kp: kp_raw,
        info: EigenInfo {
            sign_ambiguous,
            lambda2: Some(l2),
            lambda3: l3,
            eigengap: l3.map(|l3| l2 - l3),
            side,
            solver: solver_name,
            iterations,
        },
    })
}

/// Top two eigenpairs of the symmetric operator `apply` (dimension `n`) orthogonal to `u1`, by Lanczos with
/// full reorthogonalisation: (lambda2, lambda3, eigenvector of lambda2, steps).
fn lanczos_top2(
    n: usize,
    apply: impl Fn(&[f64]) -> Vec<f64>,
    u1: &[f64],
) -> Option<(f64, f64, Vec<f64>, usize)> {
    let max_steps = (n - 1).min(1000);
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
    let orth = |w: &mut Vec<f64>, basis: &[Vec<f64>]| {
        for _ in 0..2 {
            let c = dot(w, u1);
            w.iter_mut().zip(u1).for_each(|(x, u)| *x -= c * u);
            for q in basis {
                let c = dot(w, q);
                w.iter_mut().zip(q).for_each(|(x, u)| *x -= c * u);
            }
        }
    };
    // Deterministic start vector (no randomness needed: any vector with a
    // component along the wanted eigenvector works).
    let mut q: Vec<f64> = (0..n)
        .map(|i| 1.0 + ((i as u64).wrapping_mul(2_654_435_761) % 1000) as f64 / 1000.0)
        .collect();
    orth(&mut q, &[]);
    let nq = dot(&q, &q).sqrt();
    if nq == 0.0 {
        return None;
    }
    q.iter_mut().for_each(|x| *x /= nq);
    let mut basis: Vec<Vec<f64>> = vec![q];
    let mut alpha: Vec<f64> = Vec::new();
    let mut beta: Vec<f64> = Vec::new();
    for step in 0..max_steps {
        let qj = &basis[step];
        let mut w = apply(qj);
        let a = dot(&w, qj);
        alpha.push(a);
        orth(&mut w, &basis);
        let b = dot(&w, &w).sqrt();
        let k = alpha.len();
        let check = k >= 4 && (k.is_multiple_of(8) || b < 1e-13 || step + 1 == max_steps);
        if check {
            let mut t = Matrix::zeros(k, k);
            for i in 0..k {
                t.set(i, i, alpha[i]);
                if i + 1 < k {
                    t.set(i, i + 1, beta[i]);
                    t.set(i + 1, i, beta[i]);
                }
            }
            let (vals, vecs) = dense::sym_eigen(&t)?;
            let (t1, t2) = (vals[k - 1], vals[k - 2]);
            let r1 = b * vecs.get(k - 1, k - 1).abs();
            let r2 = b * vecs.get(k - 1, k - 2).abs();
            if r1 <= 1e-13 && r2 <= 1e-11 {
                let mut v = vec![0.0; n];
                for (i, qi) in basis.iter().enumerate() {
                    let c = vecs.get(i, k - 1);
                    v.iter_mut().zip(qi).for_each(|(x, y)| *x += c * y);
                }
                let nv = dot(&v, &v).sqrt();
                v.iter_mut().for_each(|x| *x /= nv);
                return Some((t1, t2, v, k));
            }
            if b < 1e-13 {
                return None;
            }
        }
        if b < 1e-300 {
            return None;
        }
        beta.push(b);
        w.iter_mut().for_each(|x| *x /= b);
        basis.push(w);
    }
    None
}

/// Method of reflections (Hidalgo & Hausmann 2009, eq. 1-2):
/// `k_c,n = (1/k_c,0) sum_p M_cp k_p,n-1`, `k_p,n = (1/k_p,0) sum_c M_cp k_c,n-1`.
/// Returns `(k_c,n, k_p,n)` for n = 0..=iterations.
pub fn reflections(m: &Matrix, iterations: usize) -> Vec<(Vec<f64>, Vec<f64>)> {
    let kc = m.row_sums();
    let kp = m.col_sums();
    let mut out = vec![(kc.clone(), kp.clone())];
    for n in 1..=iterations {
        let (pc, pp) = &out[n - 1];
        let c = region_average(m, &kc, pp);
        let p = activity_average(m, &kp, pc);
        out.push((c, p));
    }
    out
}

fn reflections_raw(
    m: &Matrix,
    kc: &[f64],
    kp: &[f64],
    iterations: usize,
) -> std::result::Result<Raw, String> {
    if iterations < 2 {
        return Err("the method of reflections needs at least 2 iterations".into());
    }
    let _ = kp;
    let r = reflections(m, iterations);
    // (k_c,N, k_p,N-1) satisfy k_c,N = Kc^-1 M k_p,N-1, the same relation as
    // the eigenvector pair, so every convention applies unchanged.
    let kc_n = r[iterations].0.clone();
    let kp_n1 = r[iterations - 1].1.clone();
    let (kc_raw, kp_raw, sign_ambiguous) = sign_fix(kc_n, kp_n1, kc);
    Ok(Raw {
        kc: kc_raw,
        kp: kp_raw,
        info: EigenInfo {
            sign_ambiguous,
            lambda2: None,
            lambda3: None,
            eigengap: None,
            side: Side::Regions,
            solver: "reflections",
            iterations,
        },
    })
}

/// Applies a [`Convention`] to the raw vectors: `(ECI, PCI)`.
pub(crate) fn normalise(
    convention: Convention,
    kc: &[f64],
    kp: &[f64],
    diversity: &[f64],
    m: &Matrix,
) -> (Vec<f64>, Vec<f64>) {
    let _ = diversity;
    match convention {
        Convention::GrowthLab => {
            // py-ecomplexity: ECI = (kc - mean kc)/sd kc; PCI = (kp - mean kc)/sd kc (ddof 0).
            let (mu, sd) = (mean(kc), std0(kc));
            (
                kc.iter().map(|x| (x - mu) / sd).collect(),
                kp.iter().map(|x| (x - mu) / sd).collect(),
            )
        }
        Convention::ZScore => (zscore(kc), zscore(kp)),
        Convention::EconGeo => {
            let morc = reflections(m, 20).pop().expect("21 steps").0;
            let mut e: Vec<f64> = scale_by_sum(kc);
            if corr(&e, &morc) < 0.0 {
                e.iter_mut().for_each(|x| *x = -*x);
            }
            let mut p: Vec<f64> = scale_by_sum(kp);
            let avg_eci = activity_average(m, &m.col_sums(), &e);
            if corr(&p, &avg_eci) < 0.0 {
                p.iter_mut().for_each(|x| *x = -*x);
            }
            (e, p)
        }
    }
}

/// `v / sum v`; when the sum vanishes (the vector is centred), `v / sum |v|`.
fn scale_by_sum(v: &[f64]) -> Vec<f64> {
    let s: f64 = v.iter().sum();
    let sa: f64 = v.iter().map(|x| x.abs()).sum();
    let d = if s.abs() > 1e-9 * sa { s } else { sa };
    v.iter().map(|x| x / d).collect()
}

/// `(v - mean v) / sd v` with ddof 0.
pub fn zscore(v: &[f64]) -> Vec<f64> {
    let (mu, sd) = (mean(v), std0(v));
    v.iter().map(|x| (x - mu) / sd).collect()
}
