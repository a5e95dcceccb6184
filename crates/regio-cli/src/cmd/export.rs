//! `regio export`: writes the loaded dataset's panels, attributes and flows
//! as long tables (CSV, Parquet, JSON, GeoJSON), e.g. to turn a KOSIS export
//! or the embedded demo into tidy files.

use crate::common::{self, CliError, Ctx};

/// Arguments of `regio export`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: common::InputArgs,
    #[command(flatten)]
    pub output: common::OutputArgs,
    /// Boundary set used for GeoJSON output (default: the one sharing most codes with each table).
    #[arg(long)]
    pub boundaries: Option<String>,
}

/// Runs export.
pub fn run(args: Args, ctx: &Ctx) -> Result<(), CliError> {
    let ds = common::load_dataset(&args.input, ctx)?;
    let opts = regio_study::export::Options {
        boundaries: args.boundaries.clone(),
    };
    let tables = regio_study::export::run(&ds, &opts)?;
    let wants_geo = args
        .output
        .format
        .iter()
        .any(|f| f.eq_ignore_ascii_case("geojson"));
    for e in &tables {
        let t = std::slice::from_ref(&e.table);
        let b = e.boundaries.as_ref().map(|b| &ds.boundaries[b]);
        if wants_geo && b.is_none() {
            ctx.say(format!(
                "note: table {} is not written as GeoJSON ({})",
                e.table.name,
                e.no_geometry.unwrap_or_default()
            ));
            let mut o = args.output.clone();
            o.format.retain(|f| !f.eq_ignore_ascii_case("geojson"));
            if !o.format.is_empty() {
                common::write_tables(&o, t, None, ctx)?;
            }
            continue;
        }
        common::write_tables(&args.output, t, b.filter(|_| wants_geo), ctx)?;
    }
    Ok(())
}
