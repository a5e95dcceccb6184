//! `regio io`: the Leontief input-output model of one table (Leontief 1936;
//! Miller & Blair 2009): technical coefficients A, gross output x, output /
//! income / employment multipliers (type I, and type II when household
//! income and consumption are given), Rasmussen linkages and key sectors,
//! and the Leontief inverse L only when asked (`--inverse`). The workflow
//! lives in `regio_study::input_output`; this module parses the flags and
//! writes the tables.

use crate::common::{self, CliError, Ctx};
use regio_econ::input_output::leontief::ForwardIndex;
use regio_study::input_output::{Options, TableFiles};
use std::path::PathBuf;

/// Arguments of `regio io`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub output: common::OutputArgs,
    /// Intermediate flows Z: square CSV, sector labels in the header row and the first column (same order).
    #[arg(long)]
    pub z: PathBuf,
    /// Final demand Y: CSV, sector labels in the first column, one or more final-demand columns (summed).
    #[arg(long)]
    pub y: PathBuf,
    /// Gross output x: CSV, sector labels in the first column, one value column (default: rowsum(Z) + rowsum(Y)).
    #[arg(long)]
    pub x: Option<PathBuf>,
    /// Satellite accounts: CSV with a sector column and any of value_added, income,
    /// employment, household_consumption (income + household_consumption give type II).
    #[arg(long)]
    pub satellite: Option<PathBuf>,
    /// Also write the Leontief inverse L = (I - A)^-1 (otherwise only solves are used).
    #[arg(long)]
    pub inverse: bool,
    /// Forward index deciding key sectors: rasmussen (row sums of L) or ghosh.
    #[arg(long, default_value = "rasmussen")]
    pub forward_index: String,
}

impl TryFrom<&Args> for Options {
    type Error = CliError;

    fn try_from(a: &Args) -> Result<Options, CliError> {
        Ok(Options {
            inverse: a.inverse,
            forward_index: match a.forward_index.as_str() {
                "rasmussen" => ForwardIndex::Rasmussen,
                "ghosh" => ForwardIndex::Ghosh,
                o => {
                    return Err(CliError::Usage(format!(
                        "--forward-index {o:?}: expected rasmussen or ghosh"
                    )))
                }
            },
        })
    }
}

/// Runs `regio io`.
pub fn run(a: Args, ctx: &Ctx) -> Result<(), CliError> {
    let opts = Options::try_from(&a)?;
    let files = TableFiles {
        z: a.z.clone(),
        y: Some(a.y.clone()),
        x: a.x.clone(),
        satellite: a.satellite.clone(),
    };
    let out = regio_study::input_output::run(&files, &opts, ctx)?;
    common::write_tables(&a.output, &out.tables, None, ctx)?;
    Ok(())
}
