//! The first look at regional economies: specialisation (LQ, Krugman 1991,
//! HHI, Theil, entropy), concentration (Hoover 1936, locational Gini),
//! related/unrelated variety (Frenken, Van Oort & Verburg 2007),
//! shift-share (Dunn 1960, Esteban-Marquillas 1972, Arcelus 1984, Barff &
//! Knight 1988), convergence (Barro & Sala-i-Martin 1992) and structural
//! change (Lilien 1982) of one measure, all regions at once. The analysis
//! lives in `regio_econ::diagnose`.
//!
//! Series (bases): a measure may come in several series that are not
//! comparable (the demo's `pre2020` and `from2020` survey bases). The panel
//! is chosen by [`PanelQuery`] with the end year and the base year as the
//! years needed: the series asked for; else the only series; else the one
//! series holding both years; else the dataset's default series; else an
//! error listing the series. Years of two series are never combined.

use crate::error::{Result, StudyError};
use crate::progress::{Progress, Step};
use crate::select::PanelQuery;
use regio_core::{Dataset, MissingPolicy, Panel, Table};
use regio_econ::concentration::{GiniConvention, HooverScale};
use regio_econ::diagnose::{self, DiagnoseOptions, Hierarchy};
use regio_econ::rca::Comparison;
use regio_econ::specialisation::{KrugmanScale, LogBase};

/// A reference distribution: a column of an attribute set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The attribute set (e.g. `population`).
    pub set: String,
    /// The column (e.g. `total`).
    pub column: String,
}

impl Reference {
    /// Parses `SET:COLUMN`.
    pub fn parse(s: &str) -> Option<Reference> {
        let (set, column) = s.split_once(':')?;
        Some(Reference {
            set: set.to_string(),
            column: column.to_string(),
        })
    }
}

/// Options of the diagnostics; `Default` gives the textbook conventions.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Measure (panel) to diagnose (default: see [`PanelQuery`]).
    pub measure: Option<String>,
    /// End year (default: the latest year of the series).
    pub year: Option<i32>,
    /// Base year of shift-share, convergence and structural change
    /// (default: the series' first year).
    pub base: Option<i32>,
    /// Series (basis) of the measure when it has several.
    pub series: Option<String>,
    /// Missing cells (default: error).
    pub missing: MissingPolicy,
    /// LQ threshold for "specialised" (default 1).
    pub threshold: f64,
    /// Specialised when LQ > threshold (EconGeo) instead of >=.
    pub strict: bool,
    /// Krugman index scale (default: full, no ½).
    pub krugman: KrugmanScale,
    /// Hoover index scale (default: fraction).
    pub hoover: HooverScale,
    /// Locational Gini convention (default: Krugman 1991).
    pub gini: GiniConvention,
    /// Logarithm base of entropies (default: 2).
    pub log_base: LogBase,
    /// Industry hierarchy by code prefix of this length (default: the
    /// industries' parent codes).
    pub hierarchy_prefix: Option<usize>,
    /// Reference distribution of the Hoover index and the locational Gini
    /// (default: the regional totals of the measure). Every region of the
    /// panel needs a value.
    pub reference: Option<Reference>,
    /// Leave out the long `location_quotients` table.
    pub no_lq_table: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            measure: None,
            year: None,
            base: None,
            series: None,
            missing: MissingPolicy::Error,
            threshold: 1.0,
            strict: false,
            krugman: KrugmanScale::Full,
            hoover: HooverScale::Fraction,
            gini: GiniConvention::Krugman,
            log_base: LogBase::Two,
            hierarchy_prefix: None,
            reference: None,
            no_lq_table: false,
        }
    }
}

impl Options {
    /// Checks the threshold and the hierarchy prefix.
    pub fn validate(&self) -> Result<()> {
        if !self.threshold.is_finite() || self.threshold < 0.0 {
            return Err(StudyError::option(
                "threshold",
                self.threshold,
                "a non-negative number",
            ));
        }
        if self.hierarchy_prefix == Some(0) {
            return Err(StudyError::option(
                "hierarchy_prefix",
                0,
                "a code prefix length of at least 1",
            ));
        }
        Ok(())
    }
}

/// The diagnostics of one panel.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// `specialisation`, `location_quotients` (unless left out),
    /// `concentration`, `variety`, and with two or more years
    /// `shift_share`, `structural_change`, `convergence`, `dispersion`.
    pub tables: Vec<Table>,
    /// The panel diagnosed.
    pub panel: String,
    /// The end year.
    pub year: i32,
    /// The base year of the temporal families (none: one year only).
    pub base: Option<i32>,
    /// The boundary set of the panel's regions, for maps (see [`panel_boundaries`]).
    pub boundaries: Option<String>,
}

/// The boundary set of a panel's regions: the set named by the regions'
/// level, else the dataset's only boundary set.
pub fn panel_boundaries(ds: &Dataset, panel: &Panel) -> Option<String> {
    let level = panel
        .regions
        .as_slice()
        .first()
        .and_then(|r| r.level.clone());
    level
        .filter(|l| ds.boundaries.contains_key(l))
        .or_else(|| (ds.boundaries.len() == 1).then(|| ds.boundaries.keys().next().cloned())?)
}

/// Runs the diagnostics.
///
/// ```
/// let ds = regio_io::demo::korea()?;
/// let out = regio_study::diagnose::run(&ds, &Default::default(), &regio_study::Silent)?;
/// assert_eq!(out.panel, "employees@from2020");
/// assert_eq!((out.base, out.year), (Some(2020), 2023));
/// assert!(out.tables.iter().any(|t| t.name == "shift_share"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run(ds: &Dataset, opts: &Options, progress: &dyn Progress) -> Result<Outcome> {
    opts.validate()?;
    let selected = PanelQuery {
        measure: opts.measure.clone(),
        series: opts.series.clone(),
        years: opts.year.iter().chain(opts.base.iter()).copied().collect(),
        prefer_longest: false,
    }
    .select(ds, progress)?;
    let panel = selected.panel;
    let year = selected.year_or_last(opts.year)?;
    let mut o = DiagnoseOptions::new(year);
    o.base = opts.base;
    o.missing = opts.missing;
    o.lq_threshold = opts.threshold;
    o.comparison = if opts.strict {
        Comparison::Greater
    } else {
        Comparison::GreaterOrEqual
    };
    o.krugman = opts.krugman;
    o.hoover = opts.hoover;
    o.gini = opts.gini;
    o.log_base = opts.log_base;
    o.hierarchy = match opts.hierarchy_prefix {
        None => Hierarchy::Parents,
        Some(n) => Hierarchy::Prefix(n),
    };
    if let Some(r) = &opts.reference {
        o.reference = Some(
            ds.attribute_set(&r.set)?
                .values_for(&r.column, &panel.regions)?,
        );
        o.reference_name = Some(format!("{} ({})", r.column, r.set));
    }
    o.lq_table = !opts.no_lq_table;
    let tables = {
        let _s = Step::new(progress, "diagnose");
        diagnose::diagnose(panel, &o)?
    };
    let base = match (
        tables.iter().any(|t| t.name == "shift_share"),
        o.base.or(panel.years.first().copied()),
    ) {
        (true, Some(b)) => Some(b),
        _ => None,
    };
    progress.say(&format!(
        "diagnose: {} regions x {} industries, {} {}{}",
        panel.regions.len(),
        panel.industries.len(),
        panel.measure,
        year,
        match base {
            Some(b) => format!(" (base {b})"),
            None => " (one year: no shift-share, convergence or structural change)".into(),
        }
    ));
    Ok(Outcome {
        tables,
        panel: selected.key.to_string(),
        year,
        base,
        boundaries: panel_boundaries(ds, panel),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_pick_the_series() {
        let ds = regio_io::demo::korea().unwrap();
        let opts = Options {
            year: Some(2019),
            base: Some(2013),
            ..Default::default()
        };
        let c = crate::Collect::default();
        let out = run(&ds, &opts, &c).unwrap();
        assert_eq!(out.panel, "employees@pre2020");
        assert!(c.notes()[0].starts_with("series: pre2020"));
        let e = run(
            &ds,
            &Options {
                year: Some(2020),
                ..Default::default()
            },
            &crate::Silent,
        )
        .unwrap_err();
        assert!(
            matches!(
                e,
                StudyError::Choose {
                    option: "series",
                    ..
                }
            ),
            "{e}"
        );
        assert_eq!(Reference::parse("population"), None);
    }
}
