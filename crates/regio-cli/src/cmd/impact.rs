//! `regio impact`: the output, value-added and employment impacts of an
//! investment in one industry of one region, through a national input-output
//! table regionalised by location quotients (FLQ by default, Flegg & Webber
//! 1997; Miller & Blair 2009, ch. 8), with regional employment from a panel.
//! The workflow lives in `regio_study::impact`; this module parses the flags
//! and writes the tables.

use crate::common::{self, CliError, Ctx};
use regio_econ::input_output::regionalise::LqMethod;
use regio_study::impact::{Investment, National, Options};
use regio_study::input_output::TableFiles;
use std::path::PathBuf;

/// Arguments of `regio impact`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: common::InputArgs,
    #[command(flatten)]
    pub output: common::OutputArgs,
    /// National intermediate flows Z (square CSV, sector labels in the header and first column).
    #[arg(long = "io")]
    pub io: PathBuf,
    /// National final demand Y (sector labels in the first column; columns summed).
    #[arg(long)]
    pub y: Option<PathBuf>,
    /// National gross output x (sector labels, one value column).
    #[arg(long)]
    pub x: Option<PathBuf>,
    /// Satellite accounts (sector, value_added, income, employment, household_consumption).
    #[arg(long)]
    pub satellite: Option<PathBuf>,
    /// Concordance CSV with columns industry,io_sector mapping the panel's industries to table sectors.
    #[arg(long)]
    pub concordance: Option<PathBuf>,
    /// Panel measure for regional employment (default: employees, or the dataset's only measure).
    #[arg(long)]
    pub measure: Option<String>,
    /// Series (basis) of the measure when it has several, e.g. from2020
    /// (default: the only series, else the dataset's current basis).
    #[arg(long)]
    pub series: Option<String>,
    /// Year of the panel (default: the latest).
    #[arg(long)]
    pub year: Option<i32>,
    /// Regionalisation: flq (default), aflq, cilq or slq.
    #[arg(long, default_value = "flq")]
    pub method: String,
    /// FLQ / AFLQ sensitivity delta in lambda* = [log2(1 + E_r/E_n)]^delta.
    #[arg(long, default_value_t = 0.3)]
    pub delta: f64,
    /// Also sweep delta over these values (comma-separated) for the invested regions.
    #[arg(long, value_delimiter = ',')]
    pub sweep: Vec<f64>,
    /// Investment, repeatable: INDUSTRY@REGION=AMOUNT, e.g. C26@11=1e11 (industry in the
    /// panel's or the table's classification).
    #[arg(long, required = true)]
    pub invest: Vec<String>,
    /// Missing panel cells: error (default), zero or drop-regions.
    #[arg(long, default_value = "error")]
    pub missing: String,
}

impl TryFrom<&Args> for Options {
    type Error = CliError;

    fn try_from(a: &Args) -> Result<Options, CliError> {
        let method = match a.method.as_str() {
            "flq" => LqMethod::Flq { delta: a.delta },
            "aflq" => LqMethod::Aflq { delta: a.delta },
            "cilq" => LqMethod::Cilq,
            "slq" => LqMethod::Slq,
            o => {
                return Err(CliError::Usage(format!(
                    "--method {o:?}: expected flq, aflq, cilq or slq"
                )))
            }
        };
        let invest = a
            .invest
            .iter()
            .map(|s| {
                Investment::parse(s).map(|i| (s.clone(), i)).ok_or_else(|| {
                    CliError::Usage(format!(
                        "--invest {s:?}: expected INDUSTRY@REGION=AMOUNT, e.g. C26@11=1e11"
                    ))
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Options {
            measure: a.measure.clone(),
            series: a.series.clone(),
            year: a.year,
            method,
            sweep: a.sweep.clone(),
            invest,
            missing: common::missing_policy(&a.missing)?,
        })
    }
}

/// Runs `regio impact`.
pub fn run(a: Args, ctx: &Ctx) -> Result<(), CliError> {
    let opts = Options::try_from(&a)?;
    let ds = common::load_dataset(&a.input, ctx)?;
    let files = TableFiles {
        z: a.io.clone(),
        y: a.y.clone(),
        x: a.x.clone(),
        satellite: a.satellite.clone(),
    };
    let national = National::read(&files, a.concordance.as_deref())?;
    let out = regio_study::impact::run(&ds, &national, &opts, ctx)
        .map_err(|e| common::missing_hint(e.into()))?;
    common::write_tables(&a.output, &out.tables, None, ctx)?;
    Ok(())
}
