//! `regio living-areas`: functional regions (daily living areas) from flows —
//! travel-to-work areas (Coombes & Bond 2008) or Intramax (Masser & Brown
//! 1975) — with each area's hub, self-containment and size, the Nystuen–Dacey
//! nodal hierarchy of units, and the linkage between areas. The work is
//! [`regio_study::living_areas`]; this module parses the flags and writes
//! the tables (areas as dissolved polygons in GeoJSON).

use crate::common::{self, CliError, Ctx};
use regio_space::functional::ttwa::TtwaParams;
use regio_study::living_areas::{Method, Options};

/// Arguments of `regio living-areas`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: common::InputArgs,
    #[command(flatten)]
    pub output: common::OutputArgs,
    /// Flow set to use (demo: passenger = 159 si-gun trips, migration = si-do
    /// moves; default: the dataset's living-area flows, the demo's passenger OD, else the only set).
    #[arg(long)]
    pub flows: Option<String>,
    /// Year of the flows (default: the latest; all flows when the set has no years).
    #[arg(long)]
    pub year: Option<i32>,
    /// Method: ttwa (Coombes & Bond 2008) or intramax (Masser & Brown 1975).
    #[arg(long, default_value = "ttwa")]
    pub method: String,
    /// TTWA parameters minSZ,minSC,tarSZ,tarSC (ONS 2011: 3500,0.667,25000,0.75).
    #[arg(long, default_value = "3500,0.667,25000,0.75")]
    pub params: String,
    /// Intramax: cut the hierarchy at this many areas.
    #[arg(long)]
    pub k: Option<usize>,
    /// Intramax: cut at the first level where every area has at least this
    /// self-containment (default when --k is not given: minSC of --params).
    #[arg(long)]
    pub sc: Option<f64>,
    /// Intramax: only merge contiguous areas (needs boundaries of the units).
    #[arg(long)]
    pub contiguous: bool,
    /// A unit is "isolated" when less than this share of its two-way flows
    /// stays in its own area.
    #[arg(long, default_value_t = 0.5)]
    pub min_attachment: f64,
    /// Boundary set for GeoJSON output (default: the set whose codes cover the flow units).
    #[arg(long)]
    pub boundaries: Option<String>,
}

fn parse_params(s: &str) -> Result<TtwaParams, CliError> {
    let v: Vec<f64> = s
        .split(',')
        .map(|x| x.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| {
            CliError::Usage(format!(
                "--params {s:?}: expected four numbers minSZ,minSC,tarSZ,tarSC"
            ))
        })?;
    if v.len() != 4 {
        return Err(CliError::Usage(format!(
            "--params {s:?}: expected four numbers minSZ,minSC,tarSZ,tarSC, got {}",
            v.len()
        )));
    }
    Ok(TtwaParams {
        min_size: v[0],
        min_sc: v[1],
        target_size: v[2],
        target_sc: v[3],
    })
}

impl TryFrom<&Args> for Options {
    type Error = CliError;

    fn try_from(a: &Args) -> Result<Self, CliError> {
        let method = match a.method.as_str() {
            "ttwa" => Method::Ttwa,
            "intramax" => Method::Intramax,
            m => {
                return Err(CliError::Usage(format!(
                    "--method {m:?}: expected ttwa or intramax"
                )))
            }
        };
        Ok(Options {
            flows: a.flows.clone(),
            year: a.year,
            method,
            params: parse_params(&a.params)?,
            k: a.k,
            sc: a.sc,
            contiguous: a.contiguous,
            min_attachment: a.min_attachment,
            boundaries: a.boundaries.clone(),
        })
    }
}

/// Runs `regio living-areas`.
pub fn run(args: Args, ctx: &Ctx) -> Result<(), CliError> {
    let opts = Options::try_from(&args)?;
    let ds = common::load_dataset(&args.input, ctx)?;
    let a = regio_study::living_areas::run(&ds, &opts, ctx)?;
    let ts = &a.tables;
    let wants_geo = args
        .output
        .format
        .iter()
        .any(|f| f.eq_ignore_ascii_case("geojson"));
    match (wants_geo, &a.boundaries) {
        (true, Some((_, b))) => {
            // Area polygons: the units' boundaries dissolved by area.
            common::write_tables(&args.output, &ts[..1], a.dissolved().as_ref(), ctx)?;
            common::write_tables(&args.output, &ts[1..], Some(b), ctx)?;
        }
        (true, None) => {
            ctx.say(format!(
                "note: no boundary set covers the {} flow units; GeoJSON not written (tables only)",
                a.fm.len()
            ));
            let mut plain = args.output.clone();
            plain.format.retain(|f| !f.eq_ignore_ascii_case("geojson"));
            if !plain.format.is_empty() {
                common::write_tables(&plain, ts, None, ctx)?;
            }
        }
        (false, _) => {
            common::write_tables(&args.output, ts, None, ctx)?;
        }
    }
    ctx.say(format!(
        "{} areas; {} isolated units (attachment < {})",
        a.partition.len(),
        a.isolated.len(),
        args.min_attachment
    ));
    Ok(())
}
