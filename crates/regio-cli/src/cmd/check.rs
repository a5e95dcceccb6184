//! `regio check [MANIFEST]`: loads a dataset (manifest, single file or the
//! embedded demo), validates it and prints a summary: counts per year,
//! coverage and missing cells, codes that do not join between data and
//! boundaries, duplicate codes and invalid polygons. Problems with the data
//! are reported, not fatal; unreadable input is an error.

use crate::common::{self, CliError, Ctx};

/// Arguments of `regio check`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: common::InputArgs,
    /// Also check every boundary polygon's validity (self-intersections; slow on large sets).
    #[arg(long)]
    pub geometry: bool,
}

/// Runs the check.
pub fn run(args: Args, ctx: &Ctx) -> Result<(), CliError> {
    let ds = common::load_dataset(&args.input, ctx)?;
    for line in regio_io::validate::summary(&ds, args.geometry) {
        ctx.say(line);
    }
    Ok(())
}
