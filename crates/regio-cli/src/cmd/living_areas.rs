//! `regio living-areas`: functional regions (daily living areas) from flows —
//! travel-to-work areas (Coombes & Bond 2008) or Intramax (Masser & Brown
//! 1975) — with each area's hub, self-containment and size, the Nystuen–Dacey
//! nodal hierarchy of units, and the linkage between areas.

use crate::common::{self, CliError, Ctx};
use regio_core::{Boundaries, Dataset, Flows, Table};
use regio_space::functional::intramax::intramax;
use regio_space::functional::linkage::tables;
use regio_space::functional::ttwa::{ttwa, TtwaParams};
use regio_space::functional::{FlowMatrix, Partition};
use std::collections::HashMap;

/// Arguments of `regio living-areas`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: common::InputArgs,
    #[command(flatten)]
    pub output: common::OutputArgs,
    /// Flow set to use (demo: passenger = 159 si-gun trips, migration = si-do moves).
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
    let p = TtwaParams {
        min_size: v[0],
        min_sc: v[1],
        target_size: v[2],
        target_sc: v[3],
    };
    p.validate()?;
    Ok(p)
}

fn pick_flows<'a>(ds: &'a Dataset, want: &Option<String>) -> Result<&'a Flows, CliError> {
    let names = || ds.flows.keys().cloned().collect::<Vec<_>>().join(", ");
    match want {
        Some(n) => ds.flows.get(n).ok_or_else(|| {
            CliError::Usage(format!(
                "--flows {n:?}: no such flow set (available: {})",
                names()
            ))
        }),
        None if ds.flows.contains_key("passenger") => Ok(&ds.flows["passenger"]),
        None if ds.flows.len() == 1 => Ok(ds.flows.values().next().unwrap()),
        None if ds.flows.is_empty() => Err(CliError::Usage("the dataset has no flows".into())),
        None => Err(CliError::Usage(format!(
            "several flow sets; choose one with --flows ({})",
            names()
        ))),
    }
}

fn pick_boundaries<'a>(
    ds: &'a Dataset,
    want: &Option<String>,
    codes: &[String],
) -> Result<Option<(String, &'a Boundaries)>, CliError> {
    if let Some(n) = want {
        return ds
            .boundaries
            .get(n)
            .map(|b| Some((n.clone(), b)))
            .ok_or_else(|| {
                CliError::Usage(format!(
                    "--boundaries {n:?}: no such boundary set (available: {})",
                    ds.boundaries.keys().cloned().collect::<Vec<_>>().join(", ")
                ))
            });
    }
    Ok(ds
        .boundaries
        .iter()
        .find(|(_, b)| {
            let have: std::collections::HashSet<&str> =
                b.codes.iter().map(|c| c.as_str()).collect();
            codes.iter().all(|c| have.contains(c.as_str()))
        })
        .map(|(n, b)| (n.clone(), b)))
}

/// What `regio living-areas` computed; `regio report` draws it.
pub(crate) struct Areas<'d> {
    /// The flows' units, their matrix and totals.
    pub(crate) fm: FlowMatrix,
    /// The partition of the units into areas.
    pub(crate) partition: Partition,
    /// Area id per area (the hub's region code), as in the tables.
    pub(crate) area_ids: Vec<String>,
    /// Tables living_areas, living_area_units, living_area_linkage.
    pub(crate) tables: Vec<Table>,
    /// The boundary set covering the flow units, if any: (name, boundaries).
    pub(crate) boundaries: Option<(String, &'d Boundaries)>,
    /// How the areas were found (method and parameters), for people.
    pub(crate) method: String,
}

/// Runs `regio living-areas`.
pub fn run(args: Args, ctx: &Ctx) -> Result<(), CliError> {
    let ds = common::load_dataset(&args.input, ctx)?;
    let step = ctx.step("living areas: regionalisation");
    let a = compute(&args, &ds, ctx)?;
    drop(step);
    let (fm, partition, area_ids, ts) = (&a.fm, &a.partition, &a.area_ids, &a.tables);
    let bounds = a.boundaries.map(|(_, b)| b);
    // Area polygons: the units' boundaries dissolved by area.
    let wants_geo = args
        .output
        .format
        .iter()
        .any(|f| f.eq_ignore_ascii_case("geojson"));
    let mut plain = args.output.clone();
    plain.format.retain(|f| !f.eq_ignore_ascii_case("geojson"));
    let dissolved = bounds.map(|b| {
        let mapping: HashMap<String, String> = (0..fm.len())
            .map(|u| (fm.codes[u].clone(), area_ids[partition.area[u]].clone()))
            .collect();
        let names: HashMap<String, String> = area_ids
            .iter()
            .map(|a| (a.clone(), format!("area {a}")))
            .collect();
        let only: Boundaries = subset(b, &fm.codes);
        regio_io::geo::dissolve(&only, &mapping, &names).0
    });
    match (wants_geo, bounds) {
        (true, Some(b)) => {
            common::write_tables(&args.output, &ts[..1], dissolved.as_ref(), ctx)?;
            common::write_tables(&args.output, &ts[1..], Some(b), ctx)?;
        }
        (true, None) => {
            ctx.say(format!(
                "note: no boundary set covers the {} flow units; GeoJSON not written (tables only)",
                fm.len()
            ));
            if !plain.format.is_empty() {
                common::write_tables(&plain, ts, None, ctx)?;
            }
        }
        (false, _) => {
            common::write_tables(&args.output, ts, None, ctx)?;
        }
    }
    let isolated = ts[1]
        .column("isolated")
        .map(|c| (0..ts[1].n_rows()).filter(|&i| c.text(i) == "true").count());
    ctx.say(format!(
        "{} areas; {} isolated units (attachment < {})",
        partition.len(),
        isolated.unwrap_or(0),
        args.min_attachment
    ));
    Ok(())
}

/// Computes the living areas of a loaded dataset without writing anything;
/// also used by `regio report`.
pub(crate) fn compute<'d>(args: &Args, ds: &'d Dataset, ctx: &Ctx) -> Result<Areas<'d>, CliError> {
    let flows = pick_flows(ds, &args.flows)?;
    let years = flows.years();
    let year = match (args.year, years.last()) {
        (Some(y), _) if !years.contains(&y) => {
            return Err(CliError::Usage(format!(
                "--year {y}: flows {:?} cover {}",
                flows.name,
                years
                    .iter()
                    .map(|y| y.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )))
        }
        (Some(y), _) => Some(y),
        (None, Some(&y)) => Some(y),
        (None, None) => None,
    };
    let fm = FlowMatrix::from_flows(flows, year)?;
    ctx.say(format!(
        "flows {:?}{}: {} units, {} links, total {:.0}",
        flows.name,
        year.map(|y| format!(" {y}")).unwrap_or_default(),
        fm.len(),
        fm.n_links(),
        fm.total()
    ));
    let params = parse_params(&args.params)?;
    if !(0.0..=1.0).contains(&args.min_attachment) {
        return Err(CliError::Usage(format!(
            "--min-attachment {}: expected a share in [0, 1]",
            args.min_attachment
        )));
    }
    let bounds = pick_boundaries(ds, &args.boundaries, &fm.codes)?;
    let (partition, validity, method): (Partition, Option<Vec<f64>>, String) =
        match args.method.as_str() {
            "ttwa" => {
                let r = ttwa(&fm, params)?;
                ctx.say(format!(
                    "TTWA {}: {} areas after {} dissolutions ({} reserve-list moves)",
                    args.params,
                    r.partition.len(),
                    r.iterations,
                    r.reserve_events
                ));
                let method = format!(
                    "TTWA (Coombes & Bond 2008), minSZ,minSC,tarSZ,tarSC = {}",
                    args.params
                );
                (r.partition, Some(r.validity), method)
            }
            "intramax" => {
                let graph = if args.contiguous {
                    let (_, b) = bounds.as_ref().ok_or_else(|| {
                        CliError::Usage(
                            "--contiguous needs boundaries covering every flow unit (--boundaries)"
                                .into(),
                        )
                    })?;
                    let pos: HashMap<&str, usize> = b
                        .codes
                        .iter()
                        .enumerate()
                        .map(|(i, c)| (c.as_str(), i))
                        .collect();
                    let g = match &b.arcs {
                        Some(arcs) => regio_space::weights::contiguity::from_topology(arcs),
                        None => regio_space::weights::contiguity::fuzzy(&b.geometries, 0.0005).0,
                    };
                    // Re-index to the flows' region order.
                    let codes = flows.regions.codes();
                    let back: HashMap<usize, usize> = codes
                        .iter()
                        .enumerate()
                        .map(|(i, c)| (pos[c.as_str()], i))
                        .collect();
                    let lists = codes
                        .iter()
                        .map(|c| {
                            g.neighbors(pos[c.as_str()])
                                .iter()
                                .filter_map(|&j| back.get(&(j as usize)).map(|&k| k as u32))
                                .collect()
                        })
                        .collect();
                    Some(regio_core::Graph::from_lists(lists)?)
                } else {
                    None
                };
                let d = intramax(&fm, graph.as_ref())?;
                let (p, how) = match args.k {
                    Some(k) => (d.cut_k(k)?, format!("{k} areas")),
                    None => {
                        let level = args.sc.unwrap_or(params.min_sc);
                        let (p, steps) = d.cut_self_containment(&fm, level)?;
                        (p, format!("self-containment {level} after {steps} merges"))
                    }
                };
                ctx.say(format!(
                    "Intramax: {} merges in the dendrogram; cut at {how}: {} areas",
                    d.merges.len(),
                    p.len()
                ));
                let method = format!(
                    "Intramax (Masser & Brown 1975){}, cut at {how}",
                    if args.contiguous { ", contiguous" } else { "" }
                );
                (p, None, method)
            }
            m => {
                return Err(CliError::Usage(format!(
                    "--method {m:?}: expected ttwa or intramax"
                )))
            }
        };
    let mut ts = tables(&fm, &partition, validity.as_deref(), args.min_attachment);
    ts[0].name = "living_areas".into();
    ts[1].name = "living_area_units".into();
    ts[2].name = "living_area_linkage".into();
    let area_ids = regio_space::functional::linkage::area_ids(&fm, &partition);
    Ok(Areas {
        fm,
        partition,
        area_ids,
        tables: ts,
        boundaries: bounds,
        method,
    })
}

/// The features of `b` whose codes are in `codes`.
fn subset(b: &Boundaries, codes: &[String]) -> Boundaries {
    let want: std::collections::HashSet<&str> = codes.iter().map(|c| c.as_str()).collect();
    let mut out = Boundaries {
        source: b.source.clone(),
        ..Default::default()
    };
    for i in 0..b.len() {
        if want.contains(b.codes[i].as_str()) {
            out.codes.push(b.codes[i].clone());
            out.names.push(b.names.get(i).cloned().unwrap_or_default());
            out.geometries.push(b.geometries[i].clone());
        }
    }
    out
}
