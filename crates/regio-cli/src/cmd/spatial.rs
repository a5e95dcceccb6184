//! `regio spatial weights|moran|lisa|getis`: spatial weights and spatial
//! autocorrelation (Moran 1950; Anselin 1995; Getis & Ord 1992) over one
//! boundary file or a manifest's boundaries and attributes.

use crate::common::{self, CliError, Ctx};
use regio_space::weights::{islands::IslandPolicy, transform::Transform, Spec};
use regio_study::spatial::{self as study, Action as StudyAction, Units};
use std::path::Path;

/// What to compute.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Build the weights and report them (summary, neighbour list, islands, GAL/GWT).
    Weights,
    /// Global Moran's I (and bivariate Moran with --var2).
    Moran,
    /// Local Moran (LISA) with clusters on the map.
    Lisa,
    /// Getis-Ord G (global) and Gi / Gi* (local hot spots).
    Getis,
}

/// Arguments of `regio spatial`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// weights, moran, lisa or getis.
    #[arg(value_enum)]
    pub action: Action,
    #[command(flatten)]
    pub input: common::InputArgs,
    #[command(flatten)]
    pub output: common::OutputArgs,
    /// Variable to analyse (a feature property, or an attribute column of a manifest).
    #[arg(long)]
    pub var: Option<String>,
    /// Second variable for the bivariate Moran (its spatial lag against --var).
    #[arg(long)]
    pub var2: Option<String>,
    /// Weights: queen, rook, topology (shared TopoJSON arcs), fuzzy:TOL (TOL in
    /// the coordinates' units, degrees for lon/lat), knn:K, band:DIST (km for
    /// lon/lat), auto (shared arcs, else fuzzy:0.0005), or a .gal / .gwt file.
    #[arg(long, default_value = "queen")]
    pub weights: String,
    /// Transform: r (row-standardised), b (binary), d (double), v (variance-stabilising).
    #[arg(long, default_value = "r")]
    pub transform: String,
    /// Islands: keep (no neighbours) or link:K (link each island to its K nearest mainland units).
    #[arg(long, default_value = "keep")]
    pub islands: String,
    /// Number of permutations (0: analytical inference only).
    #[arg(long, default_value_t = 999)]
    pub permutations: usize,
    /// Seed of the permutations.
    #[arg(long, default_value_t = 12345)]
    pub seed: u64,
    /// Significance level of LISA clusters and hot spots.
    #[arg(long, default_value_t = 0.05)]
    pub alpha: f64,
    /// LISA clusters at the Benjamini-Hochberg FDR cut-off instead of alpha.
    #[arg(long)]
    pub fdr: bool,
    /// Getis-Ord: Gi* (the unit itself included) instead of Gi.
    #[arg(long)]
    pub star: bool,
    /// Feature property holding the region id (single boundary file).
    #[arg(long)]
    pub id: Option<String>,
    /// Boundary set of a manifest (default: the only one).
    #[arg(long)]
    pub boundaries: Option<String>,
    /// Attribute set of a manifest holding --var (default: the one holding it).
    #[arg(long)]
    pub attributes: Option<String>,
    /// Also write the weights as GAL (binary) and GWT files.
    #[arg(long)]
    pub write_gal: bool,
}

fn is_geo_file(p: &Path) -> bool {
    matches!(
        p.extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref(),
        Some("shp" | "geojson" | "json" | "topojson")
    )
}

fn parse_transform(s: &str) -> Result<Option<Transform>, CliError> {
    Ok(Some(match s.to_ascii_lowercase().as_str() {
        "r" | "row" => Transform::Row,
        "b" | "binary" => Transform::Binary,
        "d" | "double" => Transform::Double,
        "v" | "variance" => Transform::Variance,
        "o" | "none" => return Ok(None),
        _ => {
            return Err(CliError::Usage(format!(
                "--transform {s:?}: expected r, b, d, v or none"
            )))
        }
    }))
}

fn parse_islands(s: &str) -> Result<IslandPolicy, CliError> {
    match s.to_ascii_lowercase().as_str() {
        "keep" => Ok(IslandPolicy::Keep),
        l => match l
            .strip_prefix("link:")
            .and_then(|k| k.parse::<usize>().ok())
        {
            Some(k) if k > 0 => Ok(IslandPolicy::LinkNearest(k)),
            _ => Err(CliError::Usage(format!(
                "--islands {s:?}: expected keep or link:K"
            ))),
        },
    }
}

impl TryFrom<&Args> for study::Options {
    type Error = CliError;
    fn try_from(a: &Args) -> Result<Self, CliError> {
        Ok(study::Options {
            action: match a.action {
                Action::Weights => StudyAction::Weights,
                Action::Moran => StudyAction::Moran,
                Action::Lisa => StudyAction::Lisa,
                Action::Getis => StudyAction::Getis,
            },
            var: a.var.clone(),
            var2: a.var2.clone(),
            weights: Spec::parse(&a.weights)
                .map_err(|e| CliError::Usage(format!("--weights {e}")))?,
            transform: parse_transform(&a.transform)?,
            islands: parse_islands(&a.islands)?,
            permutations: a.permutations,
            seed: a.seed,
            alpha: a.alpha,
            fdr: a.fdr,
            star: a.star,
            boundaries: a.boundaries.clone(),
            attributes: a.attributes.clone(),
        })
    }
}

/// Runs `regio spatial`.
pub fn run(a: Args, ctx: &Ctx) -> Result<(), CliError> {
    let opts = study::Options::try_from(&a)?;
    let ds;
    let units = match a.input.input.as_ref().filter(|p| is_geo_file(p)) {
        Some(path) => Units::read(path, a.id.as_deref(), ctx)?,
        None => {
            ds = common::load_dataset(&a.input, ctx)?;
            Units::from_dataset(&ds, a.boundaries.as_deref(), a.attributes.as_deref())?
        }
    };
    let out = study::run_units(&units, &opts, ctx)?;
    let mut output = a.output.clone();
    if out.map
        && !output
            .format
            .iter()
            .any(|f| f.eq_ignore_ascii_case("geojson"))
    {
        output.format.push("geojson".into());
    }
    common::write_tables(&output, &out.tables, Some(&units.boundaries), ctx)?;
    if a.write_gal {
        let src = a
            .input
            .input
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "demo".into());
        for (name, text) in out.exchange_files(&units.boundaries.codes, &src) {
            let p = output.out.join(name);
            regio_io::atomic::write_atomic(&p, text.as_bytes())?;
            ctx.say(format!("wrote {}", p.display()));
        }
    }
    Ok(())
}
