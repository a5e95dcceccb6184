//! `regio zones`: net-zero resource-circulation zones — contiguous zones
//! whose absorption covers their reduced emission, as many as possible
//! (max-p, Duque, Anselin & Rey 2012, with a signed balance), with optional
//! extra bounds, a similarity or compactness objective and the scenario
//! frontier over the reduction rate r.

use crate::common::{self, CliError, Ctx};
use regio_core::{Attributes, Boundaries, Graph, Table};
use regio_space::weights::contiguity;
use regio_space::zones::{
    self, explain, feasibility, frontier, Balance, ComponentPolicy, Constraint, ConstraintSpec,
    FrontierPoint, MapFeasibility, MaxpOptions, Objective, Zoning,
};

/// Arguments of `regio zones`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: common::InputArgs,
    #[command(flatten)]
    pub output: common::OutputArgs,
    /// Boundary set of the units (default: gyeonggi in the demo, else the only set).
    #[arg(long)]
    pub boundaries: Option<String>,
    /// Attribute set with the balance columns (default: carbon_gg for gyeonggi,
    /// carbon_sido for sido, else the set named like the boundaries or the only set).
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

fn pick_boundaries<'a>(
    ds: &'a regio_core::Dataset,
    want: &Option<String>,
) -> Result<(String, &'a Boundaries), CliError> {
    if let Some(w) = want {
        return Ok((w.clone(), ds.boundary(w)?));
    }
    if let Some(b) = ds.boundaries.get("gyeonggi") {
        return Ok(("gyeonggi".into(), b));
    }
    if ds.boundaries.len() == 1 {
        let (k, b) = ds.boundaries.iter().next().expect("one set");
        return Ok((k.clone(), b));
    }
    Err(CliError::Usage(format!(
        "choose the units with --boundaries (available: {})",
        if ds.boundaries.is_empty() {
            "none: zoning needs boundaries".to_string()
        } else {
            ds.boundaries.keys().cloned().collect::<Vec<_>>().join(", ")
        }
    )))
}

fn pick_attributes<'a>(
    ds: &'a regio_core::Dataset,
    bname: &str,
    want: &Option<String>,
) -> Result<&'a Attributes, CliError> {
    if let Some(w) = want {
        return Ok(ds.attribute_set(w)?);
    }
    let guess = match bname {
        "gyeonggi" => "carbon_gg",
        "sido" => "carbon_sido",
        other => other,
    };
    if let Some(a) = ds.attributes.get(guess) {
        return Ok(a);
    }
    if ds.attributes.len() == 1 {
        return Ok(ds.attributes.values().next().expect("one set"));
    }
    Err(CliError::Usage(format!(
        "choose the attribute set with --attributes (available: {})",
        ds.attributes.keys().cloned().collect::<Vec<_>>().join(", ")
    )))
}

/// What `regio zones` computed; `regio report` draws it.
pub(crate) struct Zoned<'d> {
    /// Name of the boundary set of the units.
    pub(crate) boundary_set: String,
    /// The units' boundaries.
    pub(crate) boundaries: &'d Boundaries,
    /// Region code per unit (the boundary features' order).
    pub(crate) codes: Vec<String>,
    /// Contiguity of the units.
    pub(crate) graph: Graph,
    /// How the contiguity was built.
    pub(crate) contiguity: String,
    /// The balance expression.
    pub(crate) expr: String,
    /// Per-component feasibility.
    pub(crate) feasibility: MapFeasibility,
    /// The frontier (empty without --sweep).
    pub(crate) frontier: Vec<FrontierPoint>,
    /// The zoning and the per-unit balance at r, or why no zoning exists at
    /// r (then `tables` holds only the feasibility and frontier tables).
    pub(crate) solved: Result<(Zoning, Vec<f64>), String>,
    /// Result tables in the order they are written: zones, zone_summary,
    /// feasibility, frontier (with --sweep), zones_run.
    pub(crate) tables: Vec<Table>,
}

fn check_args(args: &Args) -> Result<(), CliError> {
    if !(0.0..=1.0).contains(&args.reduction) {
        return Err(CliError::Usage(format!(
            "--reduction {}: expected a rate between 0 and 1",
            args.reduction
        )));
    }
    if args.sweep && !(args.step > 0.0 && args.step <= 1.0) {
        return Err(CliError::Usage(format!(
            "--step {}: expected a step in (0, 1]",
            args.step
        )));
    }
    Ok(())
}

/// Runs `regio zones`.
pub fn run(args: Args, ctx: &Ctx) -> Result<(), CliError> {
    check_args(&args)?;
    let ds = common::load_dataset(&args.input, ctx)?;
    let step = ctx.step("zones: max-p search");
    let z = compute(&args, &ds, ctx)?;
    drop(step);
    let b = z.boundaries;
    if let Err(msg) = z.solved {
        if args.sweep {
            // Frontier written; the zoning at r itself does not exist.
            common::write_tables(&args.output, &z.tables, Some(b), ctx)?;
        }
        return Err(CliError::Domain(regio_core::Error::invalid(msg)));
    }
    common::write_tables(&args.output, &z.tables, Some(b), ctx)?;
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
        common::write_tables(&geo, &z.tables[..1], Some(b), ctx)?;
    }
    Ok(())
}

/// Computes the zoning of a loaded dataset without writing anything; also
/// used by `regio report`. Fails on bad arguments or data; a reduction at
/// which no zoning exists is not a failure here (see [`Zoned::solved`]).
pub(crate) fn compute<'d>(
    args: &Args,
    ds: &'d regio_core::Dataset,
    ctx: &Ctx,
) -> Result<Zoned<'d>, CliError> {
    check_args(args)?;
    let (bname, b) = pick_boundaries(ds, &args.boundaries)?;
    let attrs = pick_attributes(ds, &bname, &args.attributes)?;
    // Units: the boundary features, each joined to its attribute row by code.
    let codes = b.codes.clone();
    let mut rows = Vec::with_capacity(codes.len());
    let mut missing = Vec::new();
    for c in &codes {
        match attrs.regions.id(c) {
            Some(id) => rows.push(id.idx()),
            None => missing.push(c.clone()),
        }
    }
    if !missing.is_empty() {
        return Err(CliError::Domain(regio_core::Error::invalid(format!(
            "{} of {} units of boundaries {bname:?} have no row in the attributes ({}), e.g. {} (check the code system and boundary vintage)",
            missing.len(),
            codes.len(),
            attrs.source,
            missing.iter().take(5).cloned().collect::<Vec<_>>().join(", ")
        ))));
    }
    let names: Vec<String> = (0..codes.len())
        .map(|i| {
            let n = &b.names[i.min(b.names.len().saturating_sub(1))];
            if b.names.len() == codes.len() && !n.is_empty() {
                n.clone()
            } else {
                attrs.regions.as_slice()[rows[i]].name.clone()
            }
        })
        .collect();
    let column = |name: &str| -> Option<Vec<Option<f64>>> {
        attrs
            .columns
            .get(name)
            .map(|v| rows.iter().map(|&r| v[r]).collect())
    };
    let cols: Vec<(String, Vec<Option<f64>>)> = attrs
        .columns
        .keys()
        .map(|k| (k.clone(), column(k).expect("key exists")))
        .collect();
    let col_refs: Vec<(&str, &[Option<f64>])> = cols
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_slice()))
        .collect();
    let expr = match &args.balance {
        Some(e) => e.clone(),
        None => [
            ("forest_absorption_tco2", "emission_total_tco2"),
            ("absorption_tco2", "emission_tco2"),
        ]
        .iter()
        .find(|(a, e)| attrs.columns.contains_key(*a) && attrs.columns.contains_key(*e))
        .map(|(a, e)| format!("{a} - {e}"))
        .ok_or_else(|| {
            CliError::Usage(format!(
                "give the balance with --balance, e.g. \"absorption - emission\" (columns: {})",
                attrs.columns.keys().cloned().collect::<Vec<_>>().join(", ")
            ))
        })?,
    };
    let balance = Balance::parse(&expr, &col_refs, &codes)?;
    let complete = |name: &str, what: &str| -> Result<Vec<f64>, CliError> {
        let v = column(name).ok_or_else(|| {
            CliError::Domain(regio_core::Error::invalid(format!(
                "{what}: no attribute column {name:?} (available: {})",
                attrs.columns.keys().cloned().collect::<Vec<_>>().join(", ")
            )))
        })?;
        v.iter()
            .enumerate()
            .map(|(i, x)| {
                x.filter(|x| x.is_finite()).ok_or_else(|| {
                    CliError::Domain(regio_core::Error::Missing {
                        count: v.iter().filter(|x| x.is_none()).count(),
                        what: format!("{what} column {name}"),
                        first: format!("region {}", codes[i]),
                    })
                })
            })
            .collect()
    };
    let mut extra: Vec<Constraint> = Vec::new();
    for s in &args.constraints {
        let spec = ConstraintSpec::parse(s)?;
        let values = if spec.aggregate == zones::Aggregate::Count {
            vec![1.0; codes.len()]
        } else {
            complete(&spec.column, &format!("--min {s}"))?
        };
        extra.push(spec.build(values));
    }
    // Geometry: positive areas (zero-area polygons are rejected), centroids.
    let (cx, cy) = zones::units::centroids(&b.geometries, &codes)?;
    let objective = if !args.similarity.is_empty() {
        let vals: Vec<Vec<f64>> = args
            .similarity
            .iter()
            .map(|a| complete(a, "--similarity"))
            .collect::<Result<_, _>>()?;
        Objective::heterogeneity(args.similarity.clone(), &vals)
    } else if args.compact {
        Objective::Compactness { x: cx, y: cy }
    } else {
        Objective::None
    };
    // Contiguity.
    let (graph, how): (Graph, String) = match args.contiguity.as_str() {
        "auto" => match &b.arcs {
            Some(arcs) => (
                contiguity::from_topology(arcs),
                "shared TopoJSON arcs".into(),
            ),
            None => fuzzy(b, args.tolerance, ctx),
        },
        "queen" => (contiguity::queen(&b.geometries), "queen".into()),
        "rook" => (contiguity::rook(&b.geometries), "rook".into()),
        "fuzzy" => fuzzy(b, args.tolerance, ctx),
        other => {
            return Err(CliError::Usage(format!(
                "--contiguity {other:?}: expected auto, queen, rook or fuzzy"
            )))
        }
    };
    let islands = graph.islands();
    ctx.say(format!(
        "units: {} ({bname}), contiguity: {how}, {} links{}",
        codes.len(),
        graph.n_links() / 2,
        if islands.is_empty() {
            String::new()
        } else {
            format!(
                ", islands: {}",
                islands
                    .iter()
                    .map(|&i| codes[i].as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    ));
    let feas = feasibility(&graph, &balance);
    match feas.r_min {
        Some(m) => ctx.say(format!("feasibility: every component balances from r = {m:.4} (the whole map as one: r = {:.4})", feas.r_min_whole.unwrap_or(f64::NAN))),
        None => ctx.say("feasibility: some component never balances for r in [0, 1] (use --exclude-infeasible)"),
    }
    let options = MaxpOptions {
        seed: args.seed,
        passes: args.passes,
        fixed_p: args.fixed_p,
        components: if args.exclude_infeasible {
            ComponentPolicy::Exclude
        } else {
            ComponentPolicy::Error
        },
        ..Default::default()
    };
    let mut tables: Vec<Table> = vec![feas.table(&codes, args.reduction)];
    let mut points = Vec::new();
    if args.sweep {
        let rs = frontier::grid(args.step, feas.r_min);
        let pts = zones::sweep(&graph, &balance, &extra, &objective, &options, &rs)?;
        for p in &pts {
            if p.feasible {
                ctx.say(format!("  r = {:.4}: p = {}", p.r, p.p));
            }
        }
        let first = pts.iter().find(|p| p.feasible);
        ctx.say(match first {
            Some(f) => format!(
                "frontier: no zoning below r = {:.4}; {} of {} reduction rates feasible",
                f.r,
                pts.iter().filter(|p| p.feasible).count(),
                pts.len()
            ),
            None => "frontier: no reduction rate in [0, 1] allows a zoning".into(),
        });
        tables.push(zones::frontier_table(&pts));
        points = pts;
    }
    let mut zoned = Zoned {
        boundary_set: bname,
        boundaries: b,
        codes,
        graph,
        contiguity: how,
        expr,
        feasibility: feas,
        frontier: points,
        solved: Err(String::new()),
        tables,
    };
    let (codes, graph, feas) = (&zoned.codes, &zoned.graph, &zoned.feasibility);
    if !args.exclude_infeasible {
        if let Some(msg) = feas.explain_at(args.reduction, codes) {
            zoned.solved = Err(msg);
            return Ok(zoned);
        }
    }
    let (z, bal) = zones::solve_zones(
        graph,
        &balance,
        args.reduction,
        &extra,
        &objective,
        &options,
    )?;
    ctx.say(format!(
        "zones at r = {}: p = {} (construction {}, best of {} passes{}); checker: ok (contiguity, {} constraint(s), each unit once)",
        args.reduction,
        z.p,
        z.construction_p,
        z.passes,
        if objective.is_none() { String::new() } else { format!(", objective {:.6e}", z.objective) },
        1 + extra.len()
    ));
    if !z.excluded.is_empty() {
        ctx.say(format!(
            "excluded (component cannot balance): {}",
            z.excluded
                .iter()
                .map(|&i| codes[i].as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let baseline_p = if args.baseline {
        let bp = zones::greedy_baseline(graph, &bal, 200, args.seed).map(|b| b.1);
        ctx.say(format!(
            "greedy baseline (best of 200 orders): p = {}",
            bp.map(|p| p.to_string()).unwrap_or_else(|| "none".into())
        ));
        bp
    } else {
        None
    };
    let mut all_constraints = vec![Constraint::sum_at_least(zones::BALANCE, bal.clone(), 0.0)];
    all_constraints.extend(extra.iter().cloned());
    let units = explain::unit_table(&z, &bal, codes, &names);
    let summary = explain::zone_summary(&z, &bal, codes, &names, &all_constraints, &objective);
    let mut run = Table::new("zones_run");
    let kv: Vec<(String, String)> = vec![
        ("balance".into(), zoned.expr.clone()),
        (
            "baseline_p".into(),
            baseline_p.map(|p| p.to_string()).unwrap_or_default(),
        ),
        ("reduction".into(), args.reduction.to_string()),
        ("p".into(), z.p.to_string()),
        ("construction_p".into(), z.construction_p.to_string()),
        (
            "objective".into(),
            if objective.is_none() {
                String::new()
            } else {
                z.objective.to_string()
            },
        ),
        ("seed".into(), args.seed.to_string()),
        ("passes".into(), z.passes.to_string()),
        ("contiguity".into(), zoned.contiguity.clone()),
        (
            "r_min".into(),
            feas.r_min.map(|m| m.to_string()).unwrap_or_default(),
        ),
        ("excluded".into(), z.excluded.len().to_string()),
        ("checker".into(), "ok".into()),
    ];
    run.push_str(
        "key",
        "setting or result",
        kv.iter().map(|k| k.0.clone()).collect(),
    )
    .push_str(
        "value",
        "its value",
        kv.iter().map(|k| k.1.clone()).collect(),
    );
    zoned.tables.insert(0, units);
    zoned.tables.insert(1, summary);
    zoned.tables.push(run);
    zoned.solved = Ok((z, bal));
    Ok(zoned)
}

fn fuzzy(b: &Boundaries, tol: f64, ctx: &Ctx) -> (Graph, String) {
    let (g, added) = contiguity::fuzzy(&b.geometries, tol);
    ctx.say(format!(
        "fuzzy contiguity: tolerance {tol} added {added} neighbour pair(s) to exact queen"
    ));
    (
        g,
        format!("fuzzy (tolerance {tol}, {added} links added to queen)"),
    )
}
