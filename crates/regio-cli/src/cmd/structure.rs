//! `regio structure`: is the economy one centre with a hierarchy around it
//! or a multipolar network? Size distribution (primacy, rank-size after
//! Gabaix & Ibragimov 2011, capital-region share), morphological and
//! functional polycentricity (Burger & Meijers 2012), flow-network measures
//! (Green 2007; Nystuen & Dacey 1961) and a verdict per year.

use crate::common::{self, CliError, Ctx};
use regio_study::structure as study;

/// Arguments of `regio structure`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: common::InputArgs,
    #[command(flatten)]
    pub output: common::OutputArgs,
    /// Flow sets to analyse as networks (default: every flow set of the data).
    #[arg(long, value_delimiter = ',')]
    pub flows: Vec<String>,
    /// Panels whose regional totals measure size (default: every panel whose
    /// measure starts with employees or establishments).
    #[arg(long, value_delimiter = ',')]
    pub size: Vec<String>,
    /// Region codes of the top group (default: the Korean capital region,
    /// Seoul 11, Incheon 23, Gyeonggi 31 in KOSTAT codes, or 11, 28, 41 in MOIS codes).
    #[arg(long, value_delimiter = ',')]
    pub capital: Vec<String>,
    /// Region codes that are totals, left out of every analysis.
    #[arg(long, value_delimiter = ',', default_value = "00")]
    pub exclude: Vec<String>,
    /// Number of centres in the Burger-Meijers rank-size slopes.
    #[arg(long, default_value_t = 4)]
    pub top_k: usize,
    /// Rank centres in the nodal hierarchy by this panel's totals (default: by inflow).
    #[arg(long)]
    pub rank_by: Option<String>,
}

impl TryFrom<&Args> for study::Options {
    type Error = CliError;
    fn try_from(a: &Args) -> Result<Self, CliError> {
        Ok(study::Options {
            flows: a.flows.clone(),
            size: a.size.clone(),
            capital: a.capital.clone(),
            exclude: a.exclude.clone(),
            top_k: a.top_k,
            rank_by: a.rank_by.clone(),
        })
    }
}

/// Runs `regio structure`.
pub fn run(a: Args, ctx: &Ctx) -> Result<(), CliError> {
    let ds = common::load_dataset(&a.input, ctx)?;
    let tables = study::run(&ds, &study::Options::try_from(&a)?, ctx)?.tables;
    let is_geo = |f: &String| regio_io::Format::parse(f) == Some(regio_io::Format::GeoJson);
    if !a.output.format.iter().any(is_geo) || ds.boundaries.is_empty() {
        // Without boundaries write_tables explains that GeoJSON needs them.
        common::write_tables(&a.output, &tables, ds.boundaries.values().next(), ctx)?;
        return Ok(());
    }
    // GeoJSON: each per-region table is joined to the boundary set that
    // shares most of its region codes (flow sets may be at different levels).
    let plain = common::OutputArgs {
        out: a.output.out.clone(),
        format: a
            .output
            .format
            .iter()
            .filter(|f| !is_geo(f))
            .cloned()
            .collect(),
    };
    for t in &tables {
        match study::boundaries_for(t, &ds) {
            Some((_, b)) => common::write_tables(&a.output, std::slice::from_ref(t), Some(b), ctx)?,
            None => {
                ctx.say(format!(
                    "note: table {} shares no region code with the boundaries ({}); not written as GeoJSON",
                    t.name,
                    ds.boundaries.keys().cloned().collect::<Vec<_>>().join(", ")
                ));
                if !plain.format.is_empty() {
                    common::write_tables(&plain, std::slice::from_ref(t), None, ctx)?
                } else {
                    Vec::new()
                }
            }
        };
    }
    Ok(())
}
