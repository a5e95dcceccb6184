//! `regio complexity`: economic complexity and relatedness of regions and
//! activities: ECI/PCI, fitness, proximity, density, distance, COI and COG,
//! with validity diagnostics. The workflow lives in
//! `regio_study::complexity`; this module parses the flags and writes the
//! tables.

use crate::common::{self, CliError, Ctx};
use regio_econ::complexity::{Convention, DensityConvention, EciMethod, ProximityMeasure};
use regio_study::complexity::{Options, Years};

/// Arguments of `regio complexity`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: common::InputArgs,
    #[command(flatten)]
    pub output: common::OutputArgs,
    /// Measure (panel) to use, e.g. employees or establishments.
    /// Default: employees, or the dataset's only measure.
    #[arg(long)]
    pub measure: Option<String>,
    /// Series (basis) of the measure when it has several, e.g. from2020.
    #[arg(long)]
    pub series: Option<String>,
    /// Year(s), comma-separated, or `all` (computed in parallel). Default: the latest year.
    #[arg(long, value_delimiter = ',')]
    pub year: Vec<String>,
    /// Missing cells: error, zero or drop-regions.
    #[arg(long, default_value = "error")]
    pub missing: String,
    /// ECI/PCI sign and scale: growth-lab (py-ecomplexity), zscore (Datawheel) or econgeo.
    #[arg(long, default_value = "growth-lab")]
    pub convention: String,
    /// RCA threshold for presence (M = RCA >= threshold).
    #[arg(long, default_value_t = 1.0)]
    pub threshold: f64,
    /// Presence when RCA > threshold (EconGeo) instead of >= (py-ecomplexity).
    #[arg(long)]
    pub strict: bool,
    /// ECI method: eigenvector or reflections.
    #[arg(long, default_value = "eigenvector")]
    pub method: String,
    /// Number of reflections for --method reflections.
    #[arg(long, default_value_t = 18)]
    pub reflections: usize,
    /// Proximity: min-conditional, asymmetric, probability, association, cosine or jaccard.
    #[arg(long, default_value = "min-conditional")]
    pub proximity: String,
    /// Density: growth-lab (self-term included, 0-1) or econgeo (self-term excluded, 0-100).
    #[arg(long, default_value = "growth-lab")]
    pub density: String,
    /// Add the Atlas term -(1 - d) PCI to COG (py-ecomplexity omits it).
    #[arg(long)]
    pub cog_atlas: bool,
    /// Fitness extremality gamma (Mariani et al. 2015; 1 = Tacchella et al. 2012).
    #[arg(long, default_value_t = 1.0)]
    pub gamma: f64,
    /// Smallest proximity written to the proximity table.
    #[arg(long, default_value_t = 0.0)]
    pub min_proximity: f64,
}

impl TryFrom<&Args> for Options {
    type Error = CliError;

    fn try_from(a: &Args) -> Result<Options, CliError> {
        let convention = match a.convention.as_str() {
            "growth-lab" | "growthlab" => Convention::GrowthLab,
            "zscore" => Convention::ZScore,
            "econgeo" => Convention::EconGeo,
            o => {
                return Err(CliError::Usage(format!(
                    "--convention {o:?}: expected growth-lab, zscore or econgeo"
                )))
            }
        };
        let method = match a.method.as_str() {
            "eigenvector" => EciMethod::Eigenvector,
            "reflections" => EciMethod::Reflections {
                iterations: a.reflections,
            },
            o => {
                return Err(CliError::Usage(format!(
                    "--method {o:?}: expected eigenvector or reflections"
                )))
            }
        };
        let proximity = match a.proximity.as_str() {
            "min-conditional" => ProximityMeasure::MinConditional,
            "asymmetric" => ProximityMeasure::Asymmetric,
            "probability" | "prob" => ProximityMeasure::Probability,
            "association" => ProximityMeasure::Association,
            "cosine" => ProximityMeasure::Cosine,
            "jaccard" => ProximityMeasure::Jaccard,
            o => return Err(CliError::Usage(format!(
                "--proximity {o:?}: expected min-conditional, asymmetric, probability, association, cosine or jaccard"
            ))),
        };
        let density = match a.density.as_str() {
            "growth-lab" | "growthlab" => DensityConvention::GrowthLab,
            "econgeo" => DensityConvention::EconGeo,
            o => {
                return Err(CliError::Usage(format!(
                    "--density {o:?}: expected growth-lab or econgeo"
                )))
            }
        };
        let year = match a.year.as_slice() {
            [] => Years::Latest,
            [all] if all == "all" => Years::All,
            list => Years::List(
                list.iter()
                    .map(|y| {
                        y.trim().parse::<i32>().map_err(|_| {
                            CliError::Usage(format!("--year {y:?}: expected a year or all"))
                        })
                    })
                    .collect::<Result<_, _>>()?,
            ),
        };
        Ok(Options {
            measure: a.measure.clone(),
            series: a.series.clone(),
            year,
            missing: common::missing_policy(&a.missing)?,
            convention,
            threshold: a.threshold,
            strict: a.strict,
            method,
            proximity,
            density,
            cog_atlas: a.cog_atlas,
            gamma: a.gamma,
            min_proximity: a.min_proximity,
        })
    }
}

/// Runs `regio complexity`.
pub fn run(a: Args, ctx: &Ctx) -> Result<(), CliError> {
    let opts = Options::try_from(&a)?;
    let ds = common::load_dataset(&a.input, ctx)?;
    let out = regio_study::complexity::run(&ds, &opts, ctx)
        .map_err(|e| common::missing_hint(e.into()))?;
    let boundaries = out.boundaries.as_ref().and_then(|b| ds.boundaries.get(b));
    common::write_tables(&a.output, &out.tables, boundaries, ctx)?;
    Ok(())
}
