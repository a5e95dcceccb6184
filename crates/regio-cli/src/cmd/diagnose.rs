//! `regio diagnose`: the first look at regional economies — specialisation,
//! concentration, related/unrelated variety, shift-share, convergence and
//! structural change of one measure, all regions at once. The analysis lives
//! in `regio_econ::diagnose`; this module only wires input and output.
//!
//! Series (bases): a measure may come in several series that are not
//! comparable (the demo's `pre2020` and `from2020` survey bases). With
//! `--series` the named one is used. Without it, a measure with one series is
//! used as is; with several, diagnose uses the one series that contains every
//! year asked for (`--year` and `--base`) and says so, and otherwise stops
//! with an error listing the series and their years. With no year given, the
//! embedded demo uses its current basis (`from2020`) and says so; other data
//! stop with the list of series. It never combines years from two series.

use crate::common::{self, CliError, Ctx};
use regio_core::{Boundaries, Dataset, Panel};
use regio_econ::concentration::{GiniConvention, HooverScale};
use regio_econ::diagnose::{self, DiagnoseOptions, Hierarchy};
use regio_econ::rca::Comparison;
use regio_econ::specialisation::{KrugmanScale, LogBase};

/// Arguments of `regio diagnose`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: common::InputArgs,
    #[command(flatten)]
    pub output: common::OutputArgs,
    /// Measure (panel) to diagnose, e.g. employees or establishments.
    /// Default: employees, or the dataset's only measure.
    #[arg(long)]
    pub measure: Option<String>,
    /// End year of the analysis (default: the latest year of the series).
    #[arg(long)]
    pub year: Option<i32>,
    /// Base year of shift-share, convergence and structural change (default: the series' first year).
    #[arg(long)]
    pub base: Option<i32>,
    /// Series (basis) of the measure when it has several, e.g. pre2020 or from2020.
    #[arg(long)]
    pub series: Option<String>,
    /// Missing cells: error, zero or drop-regions (regions with a missing cell in any year used).
    #[arg(long, default_value = "error")]
    pub missing: String,
    /// LQ threshold for "specialised".
    #[arg(long, default_value_t = 1.0)]
    pub threshold: f64,
    /// Specialised when LQ > threshold (EconGeo) instead of >=.
    #[arg(long)]
    pub strict: bool,
    /// Krugman index: full (Σ|Δs|, Krugman 1991, EconGeo, REAT) or halved (½ Σ|Δs|).
    #[arg(long, default_value = "full")]
    pub krugman: String,
    /// Hoover index scale: fraction (Hoover 1936, REAT) or econgeo (percent).
    #[arg(long, default_value = "fraction")]
    pub hoover: String,
    /// Locational Gini: krugman (Krugman 1991), econgeo (half of it) or reat (gini.conc).
    #[arg(long, default_value = "krugman")]
    pub gini: String,
    /// Logarithm base of entropies: 2, e or 10.
    #[arg(long, default_value = "2")]
    pub log_base: String,
    /// Industry hierarchy for related variety by code prefix of this length
    /// (e.g. 2 for KSIC 5-digit → 2-digit); default: the industries' parent codes.
    #[arg(long)]
    pub hierarchy_prefix: Option<usize>,
    /// Reference distribution of the Hoover index and the locational Gini, as
    /// ATTRIBUTE_SET:COLUMN (e.g. population:total); default: the regional
    /// totals of the measure. Every region of the panel needs a value.
    #[arg(long, value_name = "SET:COLUMN")]
    pub reference: Option<String>,
    /// Leave out the long location_quotients table (one row per region x
    /// industry); the other tables are unchanged.
    #[arg(long)]
    pub no_lq_table: bool,
}

fn options(a: &Args, year: i32) -> Result<DiagnoseOptions, CliError> {
    let mut o = DiagnoseOptions::new(year);
    o.base = a.base;
    o.missing = common::missing_policy(&a.missing)?;
    if !a.threshold.is_finite() || a.threshold < 0.0 {
        return Err(CliError::Usage(format!(
            "--threshold {}: expected a non-negative number",
            a.threshold
        )));
    }
    o.lq_threshold = a.threshold;
    o.comparison = if a.strict {
        Comparison::Greater
    } else {
        Comparison::GreaterOrEqual
    };
    o.krugman = match a.krugman.as_str() {
        "full" => KrugmanScale::Full,
        "halved" | "half" => KrugmanScale::Halved,
        x => {
            return Err(CliError::Usage(format!(
                "--krugman {x:?}: expected full or halved"
            )))
        }
    };
    o.hoover = match a.hoover.as_str() {
        "fraction" => HooverScale::Fraction,
        "econgeo" | "percent" => HooverScale::EconGeo,
        x => {
            return Err(CliError::Usage(format!(
                "--hoover {x:?}: expected fraction or econgeo"
            )))
        }
    };
    o.gini = match a.gini.as_str() {
        "krugman" => GiniConvention::Krugman,
        "econgeo" => GiniConvention::EconGeo,
        "reat" => GiniConvention::Reat,
        x => {
            return Err(CliError::Usage(format!(
                "--gini {x:?}: expected krugman, econgeo or reat"
            )))
        }
    };
    o.log_base = match a.log_base.as_str() {
        "2" => LogBase::Two,
        "e" => LogBase::E,
        "10" => LogBase::Ten,
        x => {
            return Err(CliError::Usage(format!(
                "--log-base {x:?}: expected 2, e or 10"
            )))
        }
    };
    o.hierarchy = match a.hierarchy_prefix {
        None => Hierarchy::Parents,
        Some(0) => return Err(CliError::Usage("--hierarchy-prefix: at least 1".into())),
        Some(n) => Hierarchy::Prefix(n),
    };
    Ok(o)
}

/// The panel to diagnose: see the module documentation for the series rule.
fn choose_panel<'d>(
    ds: &'d Dataset,
    a: &Args,
    measure: &str,
    ctx: &Ctx,
) -> Result<&'d Panel, CliError> {
    if a.series.is_some() || ds.panels.contains_key(measure) {
        return Ok(ds.panel_series(measure, a.series.as_deref())?);
    }
    let prefix = format!("{measure}@");
    let series: Vec<(&str, &Panel)> = ds
        .panels
        .iter()
        .filter_map(|(k, p)| k.strip_prefix(&prefix).map(|s| (s, p)))
        .collect();
    if series.len() <= 1 {
        return Ok(ds.panel_series(measure, None)?);
    }
    let wanted: Vec<i32> = a.year.iter().chain(a.base.iter()).copied().collect();
    let describe = || {
        series
            .iter()
            .map(|(s, p)| format!("{s} ({})", regio_core::panel::format_years(&p.years)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if wanted.is_empty() && a.input.input.is_none() {
        if let Some((s, p)) = series.iter().find(|(s, _)| *s == "from2020") {
            ctx.say(format!(
                "series: {s} (the demo's current basis; choose with --series)"
            ));
            return Ok(p);
        }
    }
    if wanted.is_empty() {
        return Err(CliError::Usage(format!(
            "measure {:?} has {} series on different bases: {}; choose one with --series (or give --year)",
            measure,
            series.len(),
            describe()
        )));
    }
    let fits: Vec<&(&str, &Panel)> = series
        .iter()
        .filter(|(_, p)| wanted.iter().all(|y| p.years.contains(y)))
        .collect();
    match fits.as_slice() {
        [(s, p)] => {
            ctx.say(format!(
                "series: {s} (the only series of {} containing year(s) {}; choose with --series)",
                measure,
                wanted.iter().map(|y| y.to_string()).collect::<Vec<_>>().join(", ")
            ));
            Ok(p)
        }
        [] => Err(CliError::Usage(format!(
            "year(s) {} of measure {:?} do not lie in one series: {}; the series are on different bases and are not mixed: choose --series and years within it",
            wanted.iter().map(|y| y.to_string()).collect::<Vec<_>>().join(", "),
            measure,
            describe()
        ))),
        _ => Err(CliError::Usage(format!(
            "year(s) {} of measure {:?} are in several series: {}; choose one with --series",
            wanted.iter().map(|y| y.to_string()).collect::<Vec<_>>().join(", "),
            measure,
            describe()
        ))),
    }
}

/// Runs `regio diagnose`.
pub fn run(a: Args, ctx: &Ctx) -> Result<(), CliError> {
    let ds = common::load_dataset(&a.input, ctx)?;
    let measure = common::measure_name(&ds, a.measure.as_deref());
    let panel = choose_panel(&ds, &a, &measure, ctx)?;
    let year = match a.year {
        Some(y) => y,
        None => *panel
            .years
            .last()
            .ok_or_else(|| CliError::Usage(format!("panel {} has no years", panel.measure)))?,
    };
    let mut opts = options(&a, year)?;
    if let Some(spec) = &a.reference {
        let (set, col) = spec.split_once(':').ok_or_else(|| {
            CliError::Usage(format!(
                "--reference {spec:?}: expected ATTRIBUTE_SET:COLUMN, e.g. population:total"
            ))
        })?;
        opts.reference = Some(ds.attribute_set(set)?.values_for(col, &panel.regions)?);
        opts.reference_name = Some(format!("{col} ({set})"));
    }
    opts.lq_table = !a.no_lq_table;
    let step = ctx.step("diagnose");
    let tables = diagnose::diagnose(panel, &opts)?;
    drop(step);
    ctx.say(format!(
        "diagnose: {} regions x {} industries, {} {}{}",
        panel.regions.len(),
        panel.industries.len(),
        panel.measure,
        year,
        match (
            tables.iter().any(|t| t.name == "shift_share"),
            opts.base.or(panel.years.first().copied())
        ) {
            (true, Some(b)) => format!(" (base {b})"),
            _ => " (one year: no shift-share, convergence or structural change)".into(),
        }
    ));
    let level = panel
        .regions
        .as_slice()
        .first()
        .and_then(|r| r.level.clone());
    let boundaries: Option<&Boundaries> = level
        .and_then(|l| ds.boundaries.get(&l))
        .or_else(|| (ds.boundaries.len() == 1).then(|| ds.boundaries.values().next())?);
    common::write_tables(&a.output, &tables, boundaries, ctx)?;
    Ok(())
}
