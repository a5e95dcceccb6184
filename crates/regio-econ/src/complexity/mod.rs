//! Economic complexity and relatedness: the Economic Complexity Index of
//! regions and the Product Complexity Index of activities (Hidalgo & Hausmann
//! 2009; eigenvector form after Mealy, Farmer & Teytelboym 2019), fitness and
//! complexity (Tacchella et al. 2012; Mariani et al. 2015), the product space
//! proximity (Hidalgo et al. 2007) and the co-occurrence normalisations of
//! EconGeo (van Eck & Waltman 2009; Steijn 2017), density, distance, the
//! complexity outlook index and complexity outlook gain (Hausmann et al. 2014,
//! *The Atlas of Economic Complexity*), and validity diagnostics (spectral
//! share, eigengap, NODF nestedness after Almeida-Neto et al. 2008).
//!
//! Entry point: [`compute`] takes a regions x activities matrix of values
//! (exports, employees, establishments) and [`Options`], and returns a
//! [`ComplexityResult`]. [`compute_years`] runs it for several years of a
//! panel in parallel. The default [`Convention::GrowthLab`] reproduces
//! py-ecomplexity 0.5.3 (Harvard Growth Lab).

pub mod density;
pub mod diagnostics;
pub mod eci;
pub mod fitness;
pub mod proximity;

mod bits;
mod dense;

use crate::rca::{self, Comparison};
use rayon::prelude::*;
use regio_core::{Error, Matrix, MissingPolicy, Panel, Result};

pub use density::DensityConvention;
pub use eci::{EciMethod, EigenInfo, EigenSolver};
pub use fitness::{FitnessOptions, FitnessResult};
pub use proximity::ProximityMeasure;

/// Sign and normalisation convention of ECI and PCI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Convention {
    /// py-ecomplexity 0.5.3 (Harvard Growth Lab): sign so that ECI correlates
    /// positively with diversity; `ECI = (kc - mean kc) / sd kc` (ddof 0);
    /// `PCI = (kp - mean kc) / sd kc` (ECI's mean and sd, so PCI is not
    /// standardised and ECI_c is the mean PCI of the activities present). Default.
    #[default]
    GrowthLab,
    /// Each index standardised by its own mean and sd (ddof 0), sign as
    /// GrowthLab (Datawheel's economic-complexity).
    ZScore,
    /// EconGeo's scale: the eigenvector divided by its sum (`v / sum v`), with
    /// the sign chosen so that ECI correlates positively with the method of
    /// reflections (`MORc`, 20 steps) and PCI with `MORp`.
    EconGeo,
}

/// How the binary presence matrix M is obtained.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Presence {
    /// `M = RCA >= threshold` (or `>` with [`Comparison::Greater`]); Balassa 1965.
    #[default]
    Rca,
    /// Presence by population: `RPOP_ca = (x_ca / pop_c) / (X_a / POP) >= threshold`
    /// (py-ecomplexity's `presence_test="rpop"`); one population per input row.
    Rpop(Vec<f64>),
    /// The input already is M: a cell is present when its value is `>= threshold`
    /// (`>` with [`Comparison::Greater`]); RCA is reported as the input value.
    Given,
}

/// Options of [`compute`]. `Options::default()` is py-ecomplexity's setup.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Presence threshold (RCA, RPOP or given values), default 1.
    pub threshold: f64,
    /// `>=` (default, py-ecomplexity) or `>` (EconGeo).
    pub comparison: Comparison,
    /// How presence is decided.
    pub presence: Presence,
    /// Sign and scale of ECI / PCI.
    pub convention: Convention,
    /// Eigenvector (default) or method of reflections.
    pub method: EciMethod,
    /// Eigen solver for the eigenvector method.
    pub solver: EigenSolver,
    /// Proximity between activities used for density and COG.
    pub proximity: ProximityMeasure,
    /// Density with the self-term (py-ecomplexity) or without and x100 (EconGeo).
    pub density: DensityConvention,
    /// Adds the Atlas term `-(1 - d_cp) PCI_p` to COG (py-ecomplexity omits it).
    pub cog_atlas_term: bool,
    /// Fitness and complexity (Tacchella et al. 2012); `None` skips it.
    pub fitness: Option<FitnessOptions>,
    /// Computes NODF nestedness (quadratic in the number of regions and activities).
    pub nestedness: bool,
    /// Keeps the activities x activities proximity matrix in the result.
    /// Without it, density and COG are computed block by block and the
    /// result holds no proximity (less memory on large inputs).
    pub keep_proximity: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            threshold: 1.0,
            comparison: Comparison::GreaterOrEqual,
            presence: Presence::Rca,
            convention: Convention::GrowthLab,
            method: EciMethod::Eigenvector,
            solver: EigenSolver::Auto,
            proximity: ProximityMeasure::MinConditional,
            density: DensityConvention::GrowthLab,
            cog_atlas_term: false,
            fitness: Some(FitnessOptions::default()),
            nestedness: true,
            keep_proximity: true,
        }
    }
}

/// Why an input row or column was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DropReason {
    /// Its total value is zero.
    ZeroTotal,
    /// It has no present cell (diversity or ubiquity 0) after the presence test.
    NoPresence,
}

impl std::fmt::Display for DropReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DropReason::ZeroTotal => "total value is zero",
            DropReason::NoPresence => "no cell passes the presence test",
        })
    }
}

/// ECI, PCI and the measures that depend on them; absent when ECI is undefined.
#[derive(Debug, Clone, PartialEq)]
pub struct Indices {
    /// Economic Complexity Index per kept region.
    pub eci: Vec<f64>,
    /// Product (activity) Complexity Index per kept activity.
    pub pci: Vec<f64>,
    /// The sign-adjusted eigenvector on the region side (`kc`, before normalisation).
    pub kc: Vec<f64>,
    /// The sign-adjusted eigenvector on the activity side (`kp`, before normalisation).
    pub kp: Vec<f64>,
    /// Complexity outlook index per kept region (py-ecomplexity's definition).
    pub coi: Vec<f64>,
    /// Complexity outlook gain, kept regions x kept activities.
    pub cog: Matrix,
    /// Eigen solution details (eigenvalues, gap, solver, iterations).
    pub eigen: EigenInfo,
}

/// Everything [`compute`] returns. Vectors and matrices cover the kept
/// regions (rows) and kept activities (columns), in input order.
#[derive(Debug, Clone, PartialEq)]
pub struct ComplexityResult {
    /// Input row index of each kept region.
    pub regions: Vec<usize>,
    /// Input column index of each kept activity.
    pub activities: Vec<usize>,
    /// Input rows left out, with the reason.
    pub dropped_regions: Vec<(usize, DropReason)>,
    /// Input columns left out, with the reason.
    pub dropped_activities: Vec<(usize, DropReason)>,
    /// RCA (or RPOP, or the given values), kept regions x kept activities.
    pub rca: Matrix,
    /// Binary presence matrix M.
    pub m: Matrix,
    /// Diversity `k_c,0 = sum_a M_ca`.
    pub diversity: Vec<f64>,
    /// Ubiquity `k_a,0 = sum_c M_ca`.
    pub ubiquity: Vec<f64>,
    /// ECI, PCI, COI, COG; `None` when ECI is undefined (see `eci_undefined`).
    pub indices: Option<Indices>,
    /// Why ECI is undefined, when it is.
    pub eci_undefined: Option<String>,
    /// Proximity between kept activities (`None` unless `keep_proximity`).
    pub proximity: Option<Matrix>,
    /// Density of each region around each activity (scale per [`DensityConvention`]).
    pub density: Matrix,
    /// Fitness and complexity, when requested.
    pub fitness: Option<FitnessResult>,
    /// Validity diagnostics.
    pub diagnostics: diagnostics::Diagnostics,
    /// Warnings for the user (small eigengap, dropped rows, ...).
    pub warnings: Vec<String>,
}

impl ComplexityResult {
    /// Distance `1 - density` on the 0-1 scale (Hausmann et al. 2014).
    pub fn distance(&self, density_convention: DensityConvention) -> Matrix {
        let scale = match density_convention {
            DensityConvention::GrowthLab => 1.0,
            DensityConvention::EconGeo => 100.0,
        };
        let data = self
            .density
            .as_slice()
            .iter()
            .map(|d| 1.0 - d / scale)
            .collect();
        Matrix::from_vec(self.density.nrows(), self.density.ncols(), data).expect("same shape")
    }
}

/// Presence matrix and bookkeeping after dropping empty rows and columns.
pub struct Prepared {
    /// Kept input rows.
    pub regions: Vec<usize>,
    /// Kept input columns.
    pub activities: Vec<usize>,
    /// Dropped input rows.
    pub dropped_regions: Vec<(usize, DropReason)>,
    /// Dropped input columns.
    pub dropped_activities: Vec<(usize, DropReason)>,
    /// RCA (RPOP / given values) on the kept cells.
    pub rca: Matrix,
    /// Presence matrix on the kept cells.
    pub m: Matrix,
}

/// RCA and the presence matrix M (Balassa 1965; Hidalgo & Hausmann 2009):
/// rejects negative and non-finite values, drops rows and columns with a zero
/// total (as py-ecomplexity does), then rows and columns with no presence.
pub fn prepare(x: &Matrix, opts: &Options) -> Result<Prepared> {
    rca::check_nonnegative(x)?;
    if !opts.threshold.is_finite() {
        return Err(Error::InvalidValue {
            value: opts.threshold.to_string(),
            expected: "a finite presence threshold".into(),
            context: None,
        });
    }
    if let Presence::Rpop(pop) = &opts.presence {
        if pop.len() != x.nrows() {
            return Err(Error::Shape(format!(
                "{} population values for {} regions",
                pop.len(),
                x.nrows()
            )));
        }
        if let Some(i) = pop.iter().position(|p| !p.is_finite() || *p <= 0.0) {
            return Err(Error::InvalidValue {
                value: pop[i].to_string(),
                expected: "a positive population".into(),
                context: Some(format!("region row {i}")),
            });
        }
    }
    let rs = x.row_sums();
    let cs = x.col_sums();
    let mut dropped_regions = Vec::new();
    let mut dropped_activities = Vec::new();
    let mut rows: Vec<usize> = Vec::new();
    for (i, &s) in rs.iter().enumerate() {
        if s > 0.0 {
            rows.push(i);
        } else {
            dropped_regions.push((i, DropReason::ZeroTotal));
        }
    }
    let mut cols: Vec<usize> = Vec::new();
    for (j, &s) in cs.iter().enumerate() {
        if s > 0.0 {
            cols.push(j);
        } else {
            dropped_activities.push((j, DropReason::ZeroTotal));
        }
    }
    if rows.is_empty() || cols.is_empty() {
        return Err(Error::invalid(
            "every region or every activity has a zero total: nothing to compute",
        ));
    }
    // Copy the input only when rows or columns are dropped.
    let xs = if rows.len() == x.nrows() && cols.len() == x.ncols() {
        std::borrow::Cow::Borrowed(x)
    } else {
        std::borrow::Cow::Owned(x.select(&rows, &cols))
    };
    let r = match &opts.presence {
        Presence::Rca => rca::rca(&xs)?,
        Presence::Rpop(pop) => {
            let p: Vec<f64> = rows.iter().map(|&i| pop[i]).collect();
            rca::rpop(&xs, &p)?
        }
        Presence::Given => xs.into_owned(),
    };
    let m = rca::presence(&r, opts.threshold, opts.comparison);
    let kc = m.row_sums();
    let kp = m.col_sums();
    let keep_r: Vec<usize> = (0..kc.len()).filter(|&i| kc[i] > 0.0).collect();
    let keep_p: Vec<usize> = (0..kp.len()).filter(|&j| kp[j] > 0.0).collect();
    if keep_r.is_empty() || keep_p.is_empty() {
        return Err(Error::invalid(format!(
            "no cell passes the presence test (threshold {}): M is all zeros",
            opts.threshold
        )));
    }
    let (r, m) = if keep_r.len() == kc.len() && keep_p.len() == kp.len() {
        (r, m)
    } else {
        for (i, &row) in rows.iter().enumerate() {
            if kc[i] == 0.0 {
                dropped_regions.push((row, DropReason::NoPresence));
            }
        }
        for (j, &col) in cols.iter().enumerate() {
            if kp[j] == 0.0 {
                dropped_activities.push((col, DropReason::NoPresence));
            }
        }
        (r.select(&keep_r, &keep_p), m.select(&keep_r, &keep_p))
    };
    dropped_regions.sort_by_key(|d| d.0);
    dropped_activities.sort_by_key(|d| d.0);
    let regions = keep_r.iter().map(|&i| rows[i]).collect();
    let activities = keep_p.iter().map(|&j| cols[j]).collect();
    Ok(Prepared {
        regions,
        activities,
        dropped_regions,
        dropped_activities,
        rca: r,
        m,
    })
}

/// Computes every complexity and relatedness measure for one regions x
/// activities matrix of values. Errors on invalid input (negative or
/// non-finite values, nothing present); an undefined ECI (disconnected
/// network, identical regions) is reported in `eci_undefined`, not as an error.
pub fn compute(x: &Matrix, opts: &Options) -> Result<ComplexityResult> {
    let prep = prepare(x, opts)?;
    let m = &prep.m;
    let kc = m.row_sums();
    let kp = m.col_sums();
    let mut warnings = Vec::new();
    if !prep.dropped_regions.is_empty() || !prep.dropped_activities.is_empty() {
        warnings.push(format!(
            "left out {} region(s) and {} activit(ies) with a zero total or no presence",
            prep.dropped_regions.len(),
            prep.dropped_activities.len()
        ));
    }

    let bits = bits::BitColumns::from_presence(m);
    let prox_stats = proximity::RowStats::new(m, &kp, opts.proximity);

    // ECI / PCI.
    let eig = eci::solve(m, &kc, &kp, opts);
    let (raw, eci_undefined) = match eig {
        Ok(raw) => (Some(raw), None),
        Err(reason) => (None, Some(reason)),
    };
    if let Some(reason) = &eci_undefined {
        warnings.push(format!("ECI undefined: {reason}"));
    }
    if let Some(raw) = &raw {
        if let Some(w) = raw.info.warning() {
            warnings.push(w);
        }
    }

    // Density and COG share one pass over the proximity matrix.
    let cog_weights = raw.as_ref().map(|r| {
        let sd = std0(&r.kc);
        r.kp.iter().map(|v| v / sd).collect::<Vec<f64>>()
    });
    let dc = density::density_and_cog(
        m,
        &bits,
        &kp,
        &prox_stats,
        opts.proximity,
        opts.density,
        cog_weights.as_deref(),
        opts.keep_proximity,
    );

    let indices = match raw {
        Some(raw) => {
            let (eci_v, pci_v) = eci::normalise(opts.convention, &raw.kc, &raw.kp, &kc, m);
            let coi = density::coi(&dc.density, opts.density.scale(), m, &raw.kp);
            let mut cog = dc.cog.expect("weights given");
            if opts.cog_atlas_term {
                density::add_atlas_term(&mut cog, &dc.density, m, opts.density, &pci_v);
            }
            Some(Indices {
                eci: eci_v,
                pci: pci_v,
                kc: raw.kc,
                kp: raw.kp,
                coi,
                cog,
                eigen: raw.info,
            })
        }
        None => None,
    };

    let fitness = match &opts.fitness {
        Some(fo) => Some(fitness::fitness(m, fo)?),
        None => None,
    };
    if let Some(f) = &fitness {
        if !f.converged {
            warnings.push(format!(
                "fitness: rankings still changing after {} iterations",
                f.iterations
            ));
        }
    }
    let diagnostics = diagnostics::Diagnostics::new(
        m,
        &bits,
        &kc,
        &kp,
        indices.as_ref().map(|i| &i.eigen),
        opts.nestedness,
    );

    Ok(ComplexityResult {
        regions: prep.regions,
        activities: prep.activities,
        dropped_regions: prep.dropped_regions,
        dropped_activities: prep.dropped_activities,
        rca: prep.rca,
        m: prep.m,
        diversity: kc,
        ubiquity: kp,
        indices,
        eci_undefined,
        proximity: dc.proximity,
        density: dc.density,
        fitness,
        diagnostics,
        warnings,
    })
}

/// Runs [`compute`] for several years of a panel in parallel (one task per
/// year, each deterministic, results in the order of `years`). Missing cells
/// are treated by `missing`.
pub fn compute_years(
    panel: &Panel,
    years: &[i32],
    missing: MissingPolicy,
    opts: &Options,
) -> Result<Vec<(i32, ComplexityResult)>> {
    if matches!(opts.presence, Presence::Rpop(_)) && missing == MissingPolicy::DropRegions {
        return Err(Error::invalid(
            "population presence (RPOP) cannot be combined with dropping regions that have missing cells",
        ));
    }
    years
        .par_iter()
        .map(|&y| {
            let (x, _) = panel.matrix(y, missing)?;
            compute(&x, opts)
                .map(|r| (y, r))
                .map_err(|e| Error::invalid(format!("{} {y}: {e}", panel.measure)))
        })
        .collect()
}

/// Mean.
pub(crate) fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

/// Population standard deviation (ddof 0), as numpy's `std()`.
pub(crate) fn std0(v: &[f64]) -> f64 {
    let m = mean(v);
    (v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / v.len() as f64).sqrt()
}

/// Pearson correlation (0 when either side is constant).
pub(crate) fn corr(a: &[f64], b: &[f64]) -> f64 {
    let (ma, mb) = (mean(a), mean(b));
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        sab += (x - ma) * (y - mb);
        saa += (x - ma) * (x - ma);
        sbb += (y - mb) * (y - mb);
    }
    if saa == 0.0 || sbb == 0.0 {
        0.0
    } else {
        sab / (saa * sbb).sqrt()
    }
}
