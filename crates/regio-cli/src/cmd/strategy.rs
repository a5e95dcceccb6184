//! `regio strategy`: strategic industries for regions or super-regions —
//! the smart-specialisation matrix of relatedness density against
//! complexity (Balland et al. 2019) with ranked candidates and evidence,
//! diversification growth paths (beam search and a greedy baseline), and
//! peer regions by structural similarity. The workflow lives in
//! `regio_study::strategy`; this module parses the flags and writes the
//! tables.

use crate::common::{self, CliError, Ctx};
use regio_econ::strategy::growth_path::Objective;
use regio_econ::strategy::peers::Profile;
use regio_econ::strategy::smart_spec::Threshold;
use regio_study::strategy::{Options, SuperRegion};

/// Arguments of `regio strategy`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: common::InputArgs,
    #[command(flatten)]
    pub output: common::OutputArgs,
    /// Panel measure (default: employees, or the dataset's only measure).
    #[arg(long)]
    pub measure: Option<String>,
    /// Series (basis) of the measure when it has several, e.g. from2020
    /// (default: the only series, else the dataset's current basis).
    #[arg(long)]
    pub series: Option<String>,
    /// Year (default: the latest of the panel).
    #[arg(long)]
    pub year: Option<i32>,
    /// Super-regions: `presets:korea-megaregions`, or a CSV mapping regions to groups
    /// (columns region|region_code|code and super_region|zone|group|label), e.g. the
    /// zones or functional regions written by other commands. Omit to analyse regions.
    #[arg(long)]
    pub super_region: Option<String>,
    /// Number of industries to add in each growth path.
    #[arg(long, default_value_t = 5)]
    pub path_length: usize,
    /// Beam width of the path search (a greedy path, width 1, is always added as a baseline).
    #[arg(long, default_value_t = 5)]
    pub beam_width: usize,
    /// Path objective: complexity (sum of PCI) or cog (sum of complexity outlook gain).
    #[arg(long, default_value = "complexity")]
    pub objective: String,
    /// Relatedness-density floor (0-1) at every step (default: the unit's median candidate density).
    #[arg(long)]
    pub density_floor: Option<f64>,
    /// Quadrant threshold on density: median, mean or a number.
    #[arg(long, default_value = "median")]
    pub density_threshold: String,
    /// Quadrant threshold on complexity (PCI): median, mean or a number.
    #[arg(long, default_value = "median")]
    pub complexity_threshold: String,
    /// Peers listed per unit.
    #[arg(long, default_value_t = 5)]
    pub peers: usize,
    /// Peer similarity profile: rca or presence.
    #[arg(long, default_value = "rca")]
    pub peer_profile: String,
    /// Missing panel cells: error (default), zero or drop-regions.
    #[arg(long, default_value = "error")]
    pub missing: String,
}

impl TryFrom<&Args> for Options {
    type Error = CliError;

    fn try_from(a: &Args) -> Result<Options, CliError> {
        Ok(Options {
            measure: a.measure.clone(),
            series: a.series.clone(),
            year: a.year,
            super_region: a.super_region.as_deref().map(SuperRegion::parse),
            path_length: a.path_length,
            beam_width: a.beam_width,
            objective: match a.objective.as_str() {
                "complexity" => Objective::Complexity,
                "cog" => Objective::Cog,
                o => {
                    return Err(CliError::Usage(format!(
                        "--objective {o:?}: expected complexity or cog"
                    )))
                }
            },
            density_floor: a.density_floor,
            density_threshold: Threshold::parse(&a.density_threshold)?,
            complexity_threshold: Threshold::parse(&a.complexity_threshold)?,
            peers: a.peers,
            peer_profile: match a.peer_profile.as_str() {
                "rca" => Profile::Rca,
                "presence" => Profile::Presence,
                o => {
                    return Err(CliError::Usage(format!(
                        "--peer-profile {o:?}: expected rca or presence"
                    )))
                }
            },
            missing: common::missing_policy(&a.missing)?,
        })
    }
}

/// Runs `regio strategy`.
pub fn run(a: Args, ctx: &Ctx) -> Result<(), CliError> {
    let opts = Options::try_from(&a)?;
    let ds = common::load_dataset(&a.input, ctx)?;
    let out =
        regio_study::strategy::run(&ds, &opts, ctx).map_err(|e| common::missing_hint(e.into()))?;
    common::write_tables(&a.output, &out.tables, None, ctx)?;
    Ok(())
}
