//! `regio diagnose`: the first look at regional economies — specialisation,
//! concentration, related/unrelated variety, shift-share, convergence and
//! structural change of one measure, all regions at once. The workflow lives
//! in `regio_study::diagnose` (its docs give the series rule); this module
//! parses the flags and writes the tables.

use crate::common::{self, CliError, Ctx};
use regio_econ::concentration::{GiniConvention, HooverScale};
use regio_econ::specialisation::{KrugmanScale, LogBase};
use regio_study::diagnose::{Options, Reference};

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

impl TryFrom<&Args> for Options {
    type Error = CliError;

    fn try_from(a: &Args) -> Result<Options, CliError> {
        Ok(Options {
            measure: a.measure.clone(),
            year: a.year,
            base: a.base,
            series: a.series.clone(),
            missing: common::missing_policy(&a.missing)?,
            threshold: a.threshold,
            strict: a.strict,
            krugman: match a.krugman.as_str() {
                "full" => KrugmanScale::Full,
                "halved" | "half" => KrugmanScale::Halved,
                x => {
                    return Err(CliError::Usage(format!(
                        "--krugman {x:?}: expected full or halved"
                    )))
                }
            },
            hoover: match a.hoover.as_str() {
                "fraction" => HooverScale::Fraction,
                "econgeo" | "percent" => HooverScale::EconGeo,
                x => {
                    return Err(CliError::Usage(format!(
                        "--hoover {x:?}: expected fraction or econgeo"
                    )))
                }
            },
            gini: match a.gini.as_str() {
                "krugman" => GiniConvention::Krugman,
                "econgeo" => GiniConvention::EconGeo,
                "reat" => GiniConvention::Reat,
                x => {
                    return Err(CliError::Usage(format!(
                        "--gini {x:?}: expected krugman, econgeo or reat"
                    )))
                }
            },
            log_base: match a.log_base.as_str() {
                "2" => LogBase::Two,
                "e" => LogBase::E,
                "10" => LogBase::Ten,
                x => {
                    return Err(CliError::Usage(format!(
                        "--log-base {x:?}: expected 2, e or 10"
                    )))
                }
            },
            hierarchy_prefix: a.hierarchy_prefix,
            reference: match &a.reference {
                None => None,
                Some(spec) => Some(Reference::parse(spec).ok_or_else(|| {
                    CliError::Usage(format!(
                        "--reference {spec:?}: expected ATTRIBUTE_SET:COLUMN, e.g. population:total"
                    ))
                })?),
            },
            no_lq_table: a.no_lq_table,
        })
    }
}

/// Runs `regio diagnose`.
pub fn run(a: Args, ctx: &Ctx) -> Result<(), CliError> {
    let opts = Options::try_from(&a)?;
    let ds = common::load_dataset(&a.input, ctx)?;
    let out =
        regio_study::diagnose::run(&ds, &opts, ctx).map_err(|e| common::missing_hint(e.into()))?;
    let boundaries = out.boundaries.as_ref().and_then(|b| ds.boundaries.get(b));
    common::write_tables(&a.output, &out.tables, boundaries, ctx)?;
    Ok(())
}
