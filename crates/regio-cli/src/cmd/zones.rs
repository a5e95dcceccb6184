//! `regio zones`: net-zero resource-circulation zones — contiguous zones
//! whose absorption covers their reduced emission, as many as possible
//! (max-p, Duque, Anselin & Rey 2012, with a signed balance), with optional
//! extra bounds, a similarity or compactness objective and the scenario
//! frontier over the reduction rate r. The work is
//! [`regio_study::zones`]; this module parses the flags and writes the
//! tables (and `zones.geojson` always).

use crate::common::{self, CliError, Ctx};
use regio_space::zones::ConstraintSpec;
use regio_study::zones::{Contiguity, Options};

/// Arguments of `regio zones`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: common::InputArgs,
    #[command(flatten)]
    pub output: common::OutputArgs,
    /// Boundary set of the units (default: the dataset's zoning units, gyeonggi
    /// in the demo, else the only set).
    #[arg(long)]
    pub boundaries: Option<String>,
    /// Attribute set with the balance columns (default: the set the dataset
    /// pairs with the boundaries, carbon_gg for gyeonggi and carbon_sido for
    /// sido in the demo, else the set named like the boundaries or the only set).
    #[arg(long)]
    pub attributes: Option<String>,
    /// Balance per unit: columns, numbers, + - * / ( ) and optionally r. Without
    /// r, the subtracted terms are scaled by (1 - r): a - e means a - (1 - r) e.
    /// Default: forest_absorption_tco2 - emission_total_tco2 (Gyeonggi demo) or
    /// absorption_tco2 - emission_tco2 (si-do demo), whichever columns exist.
    #[arg(long)]
    pub balance: Option<String>,
    /// Emission-reduction rate r in [0, 1].
    #[arg(long, default_value_t = 0.95)]
    pub reduction: f64,
    /// Extra zone bound, repeatable: population>=200000, avg(x)<=5, min(x)>=1, count<=8.
    #[arg(long = "min", alias = "constraint")]
    pub constraints: Vec<String>,
    /// Similarity attributes (comma-separated): minimise spopt's heterogeneity
    /// (sum of pairwise L1 distances within zones).
    #[arg(long, value_delimiter = ',')]
    pub similarity: Vec<String>,
    /// Minimise the zones' moment of inertia instead (compactness).
    #[arg(long, conflicts_with = "similarity")]
    pub compact: bool,
    /// Fixed-p mode: exactly this many zones.
    #[arg(long)]
    pub fixed_p: Option<usize>,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Construction passes (0 = automatic).
    #[arg(long, default_value_t = 0)]
    pub passes: usize,
    /// Contiguity: auto (shared TopoJSON arcs, else fuzzy), queen, rook or fuzzy.
    #[arg(long, default_value = "auto")]
    pub contiguity: String,
    /// Fuzzy-contiguity tolerance in the boundary coordinates (degrees; 0.0005 ≈ 50 m).
    #[arg(long, default_value_t = 0.0005)]
    pub tolerance: f64,
    /// Leave units of components that cannot balance without a zone instead of failing.
    #[arg(long)]
    pub exclude_infeasible: bool,
    /// Also sweep r from 0 to 1 and write the frontier table.
    #[arg(long)]
    pub sweep: bool,
    /// Also run the greedy baseline (merge negative zones into the richest
    /// neighbour, best of 200 orders) and report its p.
    #[arg(long)]
    pub baseline: bool,
    /// Step of the sweep.
    #[arg(long, default_value_t = 0.05)]
    pub step: f64,
}

impl TryFrom<&Args> for Options {
    type Error = CliError;

    fn try_from(a: &Args) -> Result<Self, CliError> {
        let contiguity = match a.contiguity.as_str() {
            "auto" => Contiguity::Auto,
            "queen" => Contiguity::Queen,
            "rook" => Contiguity::Rook,
            "fuzzy" => Contiguity::Fuzzy,
            other => {
                return Err(CliError::Usage(format!(
                    "--contiguity {other:?}: expected auto, queen, rook or fuzzy"
                )))
            }
        };
        Ok(Options {
            boundaries: a.boundaries.clone(),
            attributes: a.attributes.clone(),
            balance: a.balance.clone(),
            reduction: a.reduction,
            min: a
                .constraints
                .iter()
                .map(|s| ConstraintSpec::parse(s))
                .collect::<Result<_, _>>()?,
            similarity: a.similarity.clone(),
            compact: a.compact,
            fixed_p: a.fixed_p,
            seed: a.seed,
            passes: a.passes,
            contiguity,
            tolerance: a.tolerance,
            exclude_infeasible: a.exclude_infeasible,
            sweep: a.sweep,
            baseline: a.baseline,
            step: a.step,
        })
    }
}

/// Runs `regio zones`.
pub fn run(args: Args, ctx: &Ctx) -> Result<(), CliError> {
    let opts = Options::try_from(&args)?;
    let ds = common::load_dataset(&args.input, ctx)?;
    let z = regio_study::zones::run(&ds, &opts, ctx)?;
    let b = Some(z.boundaries);
    if let Err(msg) = z.solved {
        if args.sweep {
            // Frontier written; the zoning at r itself does not exist.
            common::write_tables(&args.output, &z.tables, b, ctx)?;
        }
        return Err(CliError::Domain(regio_core::Error::invalid(msg)));
    }
    common::write_tables(&args.output, &z.tables, b, ctx)?;
    if !args
        .output
        .format
        .iter()
        .any(|f| f.eq_ignore_ascii_case("geojson"))
    {
        let geo = common::OutputArgs {
            out: args.output.out.clone(),
            format: vec!["geojson".into()],
        };
        common::write_tables(&geo, &z.tables[..1], b, ctx)?;
    }
    Ok(())
}
