//! Economic complexity and relatedness of regions and activities: ECI/PCI
//! (Hidalgo & Hausmann 2009), fitness and complexity (Tacchella et al.
//! 2012; extremality γ, Mariani et al. 2015), proximity (Hidalgo et al.
//! 2007), density, distance, COI and COG (Hausmann et al. 2014), with
//! validity diagnostics (eigengap, spectral share, NODF nestedness,
//! Almeida-Neto et al. 2008), for one year or several (computed in
//! parallel). The analysis lives in `regio_econ::complexity`; the result
//! tables are built here.

use crate::error::{Result, StudyError};
use crate::progress::{Progress, Step};
use crate::select::PanelQuery;
use regio_core::{Column, Dataset, MissingPolicy, Table};
use regio_econ::complexity::{
    self, proximity, ComplexityResult, Convention, DensityConvention, EciMethod, FitnessOptions,
    Options as ComplexityOptions, ProximityMeasure,
};
use regio_econ::rca::Comparison;

/// Most reflections (each is one pass over the presence matrix).
pub const MAX_REFLECTIONS: usize = 10_000;

/// Which years to compute.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Years {
    /// The latest year of the series (default).
    #[default]
    Latest,
    /// Every year of the series.
    All,
    /// These years.
    List(Vec<i32>),
}

/// Options of the complexity workflow; `Default` follows py-ecomplexity.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Measure (panel) to use (default: see [`PanelQuery`]).
    pub measure: Option<String>,
    /// Series (basis) of the measure when it has several.
    pub series: Option<String>,
    /// Year(s) to compute.
    pub year: Years,
    /// Missing cells (default: error).
    pub missing: MissingPolicy,
    /// ECI/PCI sign and scale (default: Growth Lab, py-ecomplexity).
    pub convention: Convention,
    /// RCA threshold for presence, M = RCA >= threshold (default 1).
    pub threshold: f64,
    /// Presence when RCA > threshold (EconGeo) instead of >=.
    pub strict: bool,
    /// ECI method: eigenvector (default) or reflections with their count
    /// (the `reflections` option, at least 2).
    pub method: EciMethod,
    /// Proximity measure (default: minimum conditional probability).
    pub proximity: ProximityMeasure,
    /// Density convention (default: Growth Lab, 0-1 with the self-term).
    pub density: DensityConvention,
    /// Add the Atlas term −(1 − d) PCI to COG (py-ecomplexity omits it).
    pub cog_atlas: bool,
    /// Fitness extremality γ (default 1 = Tacchella et al. 2012).
    pub gamma: f64,
    /// Smallest proximity written to the proximity table (default 0).
    pub min_proximity: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            measure: None,
            series: None,
            year: Years::Latest,
            missing: MissingPolicy::Error,
            convention: Convention::GrowthLab,
            threshold: 1.0,
            strict: false,
            method: EciMethod::Eigenvector,
            proximity: ProximityMeasure::MinConditional,
            density: DensityConvention::GrowthLab,
            cog_atlas: false,
            gamma: 1.0,
            min_proximity: 0.0,
        }
    }
}

impl Options {
    /// Checks the threshold, γ, the reflections and the proximity floor.
    pub fn validate(&self) -> Result<()> {
        if !self.threshold.is_finite() || self.threshold < 0.0 {
            return Err(StudyError::option(
                "threshold",
                self.threshold,
                "a non-negative number",
            ));
        }
        if !(self.gamma.is_finite() && self.gamma > 0.0) {
            return Err(StudyError::option("gamma", self.gamma, "a positive number"));
        }
        if let EciMethod::Reflections { iterations } = self.method {
            if !(2..=MAX_REFLECTIONS).contains(&iterations) {
                return Err(StudyError::option(
                    "reflections",
                    iterations,
                    format!("2 to {MAX_REFLECTIONS} (each reflection is one pass over the presence matrix)"),
                ));
            }
        }
        if !self.min_proximity.is_finite() {
            return Err(StudyError::option(
                "min_proximity",
                self.min_proximity,
                "a finite number",
            ));
        }
        Ok(())
    }

    /// The options of `regio_econ::complexity`.
    pub fn complexity(&self) -> ComplexityOptions {
        ComplexityOptions {
            threshold: self.threshold,
            comparison: if self.strict {
                Comparison::Greater
            } else {
                Comparison::GreaterOrEqual
            },
            convention: self.convention,
            method: self.method,
            proximity: self.proximity,
            density: self.density,
            cog_atlas_term: self.cog_atlas,
            fitness: Some(FitnessOptions {
                gamma: self.gamma,
                ..FitnessOptions::default()
            }),
            ..ComplexityOptions::default()
        }
    }
}

/// Codes and names of the rows and columns of the panel.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Labels {
    /// (code, name) of every region of the panel.
    pub regions: Vec<(String, String)>,
    /// (code, name) of every activity of the panel.
    pub activities: Vec<(String, String)>,
}

/// The complexity results.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// `regions`, `activities`, `region_activity`, `proximity`, `diagnostics`.
    pub tables: Vec<Table>,
    /// One result per year; region indices point into `labels.regions`.
    pub runs: Vec<(i32, ComplexityResult)>,
    /// Codes and names of the panel's regions and activities.
    pub labels: Labels,
    /// The panel used.
    pub panel: String,
    /// The boundary set of its regions, for maps.
    pub boundaries: Option<String>,
}

/// Runs the complexity workflow.
///
/// ```
/// let ds = regio_io::demo::korea()?;
/// let out = regio_study::complexity::run(&ds, &Default::default(), &regio_study::Silent)?;
/// assert_eq!(out.tables.len(), 5);
/// assert_eq!(out.runs[0].0, 2023);
/// assert_eq!(out.tables[0].n_rows(), 17);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run(ds: &Dataset, opts: &Options, progress: &dyn Progress) -> Result<Outcome> {
    opts.validate()?;
    let copts = opts.complexity();
    let selected = PanelQuery {
        measure: opts.measure.clone(),
        series: opts.series.clone(),
        ..Default::default()
    }
    .select(ds, progress)?;
    let panel = selected.panel;
    let years: Vec<i32> = match &opts.year {
        Years::Latest => vec![selected.year_or_last(None)?],
        Years::All => panel.years.clone(),
        Years::List(v) => v.clone(),
    };
    // Region indices kept by a missing-cell policy differ per year; the
    // library reports indices into the matrix it was given.
    let mut kept_rows = Vec::new();
    for &y in &years {
        let (_, keep) = panel.matrix(y, opts.missing)?;
        kept_rows.push(keep);
    }
    let results = {
        let _s = Step::new(progress, "complexity");
        complexity::compute_years(panel, &years, opts.missing, &copts)?
    };
    let mut runs = Vec::with_capacity(results.len());
    for ((y, mut r), keep) in results.into_iter().zip(kept_rows) {
        for i in r.regions.iter_mut() {
            *i = keep[*i];
        }
        for d in r.dropped_regions.iter_mut() {
            d.0 = keep[d.0];
        }
        runs.push((y, r));
    }
    let labels = Labels {
        regions: panel
            .regions
            .as_slice()
            .iter()
            .map(|r| (r.code.clone(), r.name.clone()))
            .collect(),
        activities: panel
            .industries
            .iter()
            .map(|i| (i.code.clone(), i.name.clone()))
            .collect(),
    };
    for (y, r) in &runs {
        let when = format!("{y}: ");
        for w in &r.warnings {
            progress.say(&format!("warning: {when}{w}"));
        }
        for (i, why) in &r.dropped_regions {
            progress.say(&format!(
                "note: {when}region {} left out: {why}",
                labels.regions[*i].0
            ));
        }
        for (j, why) in &r.dropped_activities {
            progress.say(&format!(
                "note: {when}activity {} left out: {why}",
                labels.activities[*j].0
            ));
        }
        let d = &r.diagnostics;
        progress.say(&format!(
            "{when}{} regions x {} activities, M fill {:.3}, eigengap {}, spectral share {}, NODF {}",
            d.regions,
            d.activities,
            d.fill,
            fmt_opt(d.eigengap),
            fmt_opt(d.spectral_share),
            fmt_opt(d.nodf)
        ));
    }
    let tables = tables(&runs, &labels, &copts, opts.min_proximity);
    Ok(Outcome {
        tables,
        runs,
        labels,
        panel: selected.key.to_string(),
        boundaries: crate::diagnose::panel_boundaries(ds, panel),
    })
}

fn fmt_opt(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.4}")).unwrap_or_else(|| "n/a".into())
}

/// The result tables of complexity runs: `regions`, `activities`,
/// `region_activity`, `proximity` (pairs with proximity at least
/// `min_prox`) and `diagnostics`, one block of rows per year.
pub fn tables(
    runs: &[(i32, ComplexityResult)],
    labels: &Labels,
    opts: &ComplexityOptions,
    min_prox: f64,
) -> Vec<Table> {
    let mut reg = Cols::default();
    let mut act = Cols::default();
    let mut cell = Cols::default();
    let mut prox = Cols::default();
    let mut diag = Cols::default();
    for (y, r) in runs {
        let y = Some(*y);
        let idx = r.indices.as_ref();
        let fit = r.fitness.as_ref();
        for (k, &i) in r.regions.iter().enumerate() {
            reg.s("region", &labels.regions[i].0);
            reg.s("region_name", &labels.regions[i].1);
            reg.y(y);
            reg.f("diversity", Some(r.diversity[k]));
            reg.f("eci", idx.map(|x| x.eci[k]));
            reg.f("fitness", fit.map(|f| f.fitness[k]));
            reg.f("coi", idx.map(|x| x.coi[k]));
        }
        for (k, &j) in r.activities.iter().enumerate() {
            act.s("activity", &labels.activities[j].0);
            act.s("activity_name", &labels.activities[j].1);
            act.y(y);
            act.f("ubiquity", Some(r.ubiquity[k]));
            act.f("pci", idx.map(|x| x.pci[k]));
            act.f("complexity", fit.map(|f| f.complexity[k]));
        }
        let dist = r.distance(opts.density);
        for (a, &i) in r.regions.iter().enumerate() {
            for (b, &j) in r.activities.iter().enumerate() {
                cell.s("region", &labels.regions[i].0);
                cell.s("activity", &labels.activities[j].0);
                cell.y(y);
                cell.f("rca", Some(r.rca.get(a, b)));
                cell.i("m", r.m.get(a, b) as i64);
                cell.f("density", Some(r.density.get(a, b)));
                cell.f("distance", Some(dist.get(a, b)));
                cell.f("cog", idx.map(|x| x.cog.get(a, b)));
            }
        }
        if let Some(phi) = &r.proximity {
            for (p, q, v) in proximity::long_list(phi, opts.proximity.is_symmetric(), min_prox) {
                prox.s("activity_1", &labels.activities[r.activities[p]].0);
                prox.s("activity_2", &labels.activities[r.activities[q]].0);
                prox.y(y);
                prox.f("proximity", Some(v));
            }
        }
        let d = &r.diagnostics;
        let e = idx.map(|x| &x.eigen);
        diag.y(y);
        diag.i("regions", d.regions as i64);
        diag.i("activities", d.activities as i64);
        diag.i("dropped_regions", r.dropped_regions.len() as i64);
        diag.i("dropped_activities", r.dropped_activities.len() as i64);
        diag.f("fill", Some(d.fill));
        diag.f("lambda2", e.and_then(|e| e.lambda2));
        diag.f("lambda3", e.and_then(|e| e.lambda3));
        diag.f("eigengap", d.eigengap);
        diag.f("spectral_share", d.spectral_share);
        diag.f("nodf", d.nodf);
        diag.f("nodf_regions", d.nodf_regions);
        diag.f("nodf_activities", d.nodf_activities);
        diag.s("solver", e.map(|e| e.solver).unwrap_or(""));
        diag.i("solver_iterations", e.map_or(0, |e| e.iterations as i64));
        diag.i("fitness_iterations", fit.map_or(0, |f| f.iterations as i64));
        diag.s(
            "eci_undefined",
            r.eci_undefined.as_deref().unwrap_or_default(),
        );
    }
    vec![
        reg.table("regions", DOCS).with_region_key("region"),
        act.table("activities", DOCS),
        cell.table("region_activity", DOCS)
            .with_region_key("region"),
        prox.table("proximity", DOCS),
        diag.table("diagnostics", DOCS),
    ]
}

/// Column documentation (name, doc). The docs are written with the tables
/// (JSON, Parquet) and keep their wording, flag names included, so that
/// outputs stay byte-identical.
const DOCS: &[(&str, &str)] = &[
    ("region", "region code as published"),
    ("region_name", "region name"),
    ("year", "year of the data"),
    ("diversity", "number of activities with M = 1 (k_c,0; Hidalgo & Hausmann 2009)"),
    ("eci", "Economic Complexity Index (eigenvector of Mcc, second eigenvalue; sign and scale per --convention)"),
    ("fitness", "fitness of the region, mean 1 (Tacchella et al. 2012; extremality gamma, Mariani et al. 2015)"),
    ("coi", "complexity outlook index: z-score of sum_p density (1 - M) kp (py-ecomplexity 0.5.3; Hausmann et al. 2014)"),
    ("activity", "activity (industry, product) code as published"),
    ("activity_name", "activity name"),
    ("ubiquity", "number of regions with M = 1 (k_p,0; Hidalgo & Hausmann 2009)"),
    ("pci", "Product (activity) Complexity Index (sign and scale per --convention)"),
    ("complexity", "complexity of the activity, mean 1 (Tacchella et al. 2012)"),
    ("rca", "revealed comparative advantage / location quotient (x_ca / X_c) / (X_a / X) (Balassa 1965)"),
    ("m", "presence: 1 when RCA >= threshold (> with --strict), else 0"),
    ("density", "density: sum_q M_cq phi_pq / sum_q phi_pq (Hidalgo et al. 2007; scale per --density)"),
    ("distance", "1 - density on the 0-1 scale (Hausmann et al. 2014)"),
    ("cog", "complexity outlook gain: (1 - M_cp) sum_q (1 - M_cq) phi_qp / sum_j phi_qj kp_q / sd(kc) (py-ecomplexity 0.5.3)"),
    ("activity_1", "first activity of the pair"),
    ("activity_2", "second activity of the pair"),
    ("proximity", "proximity phi between the two activities (per --proximity; min-conditional: Hidalgo et al. 2007)"),
    ("regions", "regions kept"),
    ("activities", "activities kept"),
    ("dropped_regions", "regions left out (zero total or no presence)"),
    ("dropped_activities", "activities left out (zero total or no presence)"),
    ("fill", "share of region-activity cells with M = 1"),
    ("lambda2", "second largest eigenvalue of the symmetric similarity matrix (the largest is 1)"),
    ("lambda3", "third largest eigenvalue"),
    ("eigengap", "lambda2 - lambda3: below 0.01 ECI is poorly determined"),
    ("spectral_share", "lambda2 / (trace(S) - 1): share of the non-trivial spectrum carried by ECI"),
    ("nodf", "NODF nestedness 0-100 (Almeida-Neto et al. 2008)"),
    ("nodf_regions", "NODF among regions"),
    ("nodf_activities", "NODF among activities"),
    ("solver", "eigen solver used: dense, lanczos or reflections"),
    ("solver_iterations", "Lanczos steps or reflections (0 for dense)"),
    ("fitness_iterations", "fitness-complexity iterations until the rankings were stable"),
    ("eci_undefined", "why ECI is undefined, empty when it is defined"),
];

/// Columns collected row by row, in first-use order.
#[derive(Default)]
struct Cols {
    order: Vec<String>,
    cols: std::collections::HashMap<String, Column>,
}

impl Cols {
    fn col(&mut self, name: &str, make: fn() -> Column) -> &mut Column {
        if !self.cols.contains_key(name) {
            self.order.push(name.to_string());
            self.cols.insert(name.to_string(), make());
        }
        self.cols.get_mut(name).expect("inserted")
    }
    fn s(&mut self, name: &str, v: &str) {
        if let Column::Str(c) = self.col(name, || Column::Str(Vec::new())) {
            c.push(Some(v.to_string()));
        }
    }
    fn f(&mut self, name: &str, v: Option<f64>) {
        if let Column::F64(c) = self.col(name, || Column::F64(Vec::new())) {
            c.push(v.filter(|x| x.is_finite()));
        }
    }
    fn i(&mut self, name: &str, v: i64) {
        if let Column::I64(c) = self.col(name, || Column::I64(Vec::new())) {
            c.push(Some(v));
        }
    }
    fn y(&mut self, y: Option<i32>) {
        if let Some(y) = y {
            self.i("year", y as i64);
        }
    }
    fn table(mut self, name: &str, docs: &[(&str, &str)]) -> Table {
        let mut t = Table::new(name);
        for n in &self.order {
            let doc = docs
                .iter()
                .find(|(k, _)| k == n)
                .map(|(_, d)| *d)
                .unwrap_or("");
            let c = self.cols.remove(n).expect("column");
            t.push(n, doc, c);
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_checked() {
        let bad = Options {
            method: EciMethod::Reflections { iterations: 1 },
            ..Default::default()
        };
        assert!(matches!(
            bad.validate(),
            Err(StudyError::Option {
                option: "reflections",
                ..
            })
        ));
        let bad = Options {
            gamma: 0.0,
            ..Default::default()
        };
        assert!(bad.validate().unwrap_err().to_string().contains("gamma"));
    }

    #[test]
    fn every_year_of_a_series() {
        let ds = regio_io::demo::korea().unwrap();
        let opts = Options {
            year: Years::All,
            ..Default::default()
        };
        let out = run(&ds, &opts, &crate::Silent).unwrap();
        let years: Vec<i32> = out.runs.iter().map(|r| r.0).collect();
        assert_eq!(years, [2020, 2021, 2022, 2023]);
    }
}
