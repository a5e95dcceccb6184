//! `regio structure`: is the economy one centre with a hierarchy around it
//! or a multipolar network? Size distribution (primacy, rank-size after
//! Gabaix & Ibragimov 2011, capital-region share), morphological and
//! functional polycentricity (Burger & Meijers 2012), flow-network measures
//! (Green 2007; Nystuen & Dacey 1961) and a verdict per year.

use crate::common::{self, CliError, Ctx};
use regio_core::{Dataset, Flows, Panel, Table};
use regio_space::structure::{
    burger_meijers_slope, flow_network, group_share, indicators_table, overall_summary, primacy2,
    primacy4, rank_size, verdict_table, Indicator, Multipolar,
};

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

/// Resolves the capital group among `codes`: explicit codes must all exist.
fn capital_group(a: &Args, codes: &[String]) -> Result<Vec<usize>, CliError> {
    let find = |c: &str| codes.iter().position(|x| x == c);
    if !a.capital.is_empty() {
        let missing: Vec<&String> = a.capital.iter().filter(|c| find(c).is_none()).collect();
        if !missing.is_empty() {
            return Err(CliError::Domain(regio_core::Error::UnknownRegion {
                code: missing
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(","),
                context: Some(format!("--capital; regions available: {}", codes.join(" "))),
            }));
        }
        return Ok(a.capital.iter().filter_map(|c| find(c)).collect());
    }
    for set in [["11", "23", "31"], ["11", "28", "41"]] {
        if set.iter().all(|c| find(c).is_some()) {
            return Ok(set.iter().filter_map(|c| find(c)).collect());
        }
    }
    Ok(vec![])
}

fn ind(
    rows: &mut Vec<Indicator>,
    year: Option<i32>,
    name: &str,
    basis: &str,
    value: f64,
    m: Multipolar,
    doc: &str,
) {
    rows.push(Indicator {
        year,
        name: name.into(),
        basis: basis.into(),
        value,
        multipolar: m,
        doc: doc.into(),
    });
}

/// Size indicators of one panel, per year.
fn size_indicators(
    a: &Args,
    key: &str,
    p: &Panel,
    rows: &mut Vec<Indicator>,
    ctx: &Ctx,
) -> Result<(), CliError> {
    let all_codes = p.regions.codes();
    for (yi, &year) in p.years.iter().enumerate() {
        let totals = p.region_totals(yi);
        let mut codes = Vec::new();
        let mut sizes = Vec::new();
        let mut skipped = Vec::new();
        for (c, v) in all_codes.iter().zip(totals) {
            if a.exclude.contains(c) {
                continue;
            }
            match v {
                Some(v) => {
                    codes.push(c.clone());
                    sizes.push(v);
                }
                None => skipped.push(c.clone()),
            }
        }
        if !skipped.is_empty() {
            ctx.say(format!(
                "note: {key} {year}: regions {} have missing cells and are left out",
                skipped.join(", ")
            ));
        }
        if sizes.len() < 4 {
            continue;
        }
        let cap = capital_group(a, &codes)?;
        let y = Some(year);
        if !cap.is_empty() {
            ind(
                rows,
                y,
                "capital_region_share",
                key,
                group_share(&sizes, &cap)?,
                Multipolar::Lower,
                "share of the total in the capital (top) region group",
            );
        }
        let total: f64 = sizes.iter().sum();
        let top = sizes.iter().copied().fold(0.0, f64::max);
        ind(
            rows,
            y,
            "top_region_share",
            key,
            top / total,
            Multipolar::Lower,
            "share of the total in the largest region",
        );
        ind(
            rows,
            y,
            "primacy2",
            key,
            primacy2(&sizes)?,
            Multipolar::Lower,
            "two-region primacy S1/S2 (Jefferson 1939)",
        );
        ind(
            rows,
            y,
            "primacy4",
            key,
            primacy4(&sizes)?,
            Multipolar::Lower,
            "four-region primacy S1/(S2+S3+S4) (Ginsburg 1961)",
        );
        let rs = rank_size(&sizes, None)?;
        ind(
            rows,
            y,
            "rank_size_exponent",
            key,
            rs.exponent,
            Multipolar::Higher,
            "Pareto exponent b of ln(rank-1/2) = a - b ln(size), OLS (Gabaix & Ibragimov 2011)",
        );
        ind(
            rows,
            y,
            "rank_size_exponent_se",
            key,
            rs.se_gi,
            Multipolar::NotApplicable,
            "standard error b·sqrt(2/n) of the exponent (Gabaix & Ibragimov 2011)",
        );
        ind(
            rows,
            y,
            "morphological_polycentricity_slope",
            key,
            burger_meijers_slope(&sizes, a.top_k)?,
            Multipolar::TowardZero,
            "slope of ln(size) on ln(rank), top-k regions (Burger & Meijers 2012)",
        );
    }
    Ok(())
}

/// Flow-network indicators of one flow set, per year (or as a snapshot).
fn flow_indicators(
    a: &Args,
    ds: &Dataset,
    name: &str,
    f: &Flows,
    rows: &mut Vec<Indicator>,
    regions: &mut Vec<Table>,
) -> Result<(), CliError> {
    let all = f.regions.codes();
    // Keep regions that are not totals; re-index the flows to them.
    let keep: Vec<usize> = (0..all.len())
        .filter(|&i| !a.exclude.contains(&all[i]))
        .collect();
    let mut new_idx = vec![u32::MAX; all.len()];
    for (k, &i) in keep.iter().enumerate() {
        new_idx[i] = k as u32;
    }
    let codes: Vec<String> = keep.iter().map(|&i| all[i].clone()).collect();
    let rank = match &a.rank_by {
        None => None,
        Some(p) => {
            let panel = ds.panel(p)?;
            let yi = panel.years.len() - 1;
            let totals = panel.region_totals(yi);
            let pc = panel.regions.codes();
            let missing: Vec<&String> = codes.iter().filter(|c| !pc.contains(c)).collect();
            if !missing.is_empty() {
                return Err(CliError::Domain(regio_core::Error::invalid(format!(
                    "flows {name:?}: OD regions {} are missing from the region list of panel {p:?} ({})",
                    missing.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "),
                    pc.join(" ")
                ))));
            }
            Some(
                codes
                    .iter()
                    .map(|c| totals[pc.iter().position(|x| x == c).unwrap_or(0)].unwrap_or(0.0))
                    .collect::<Vec<f64>>(),
            )
        }
    };
    let cap = capital_group(a, &codes)?;
    let years: Vec<Option<i32>> = if f.years().is_empty() {
        vec![None]
    } else {
        f.years().into_iter().map(Some).collect()
    };
    for year in years {
        let edges: Vec<(u32, u32, f64)> = f
            .edges(year)
            .into_iter()
            .filter(|&(o, d, _)| new_idx[o as usize] != u32::MAX && new_idx[d as usize] != u32::MAX)
            .map(|(o, d, v)| (new_idx[o as usize], new_idx[d as usize], v))
            .collect();
        let net = flow_network(codes.len(), &edges, rank.as_deref(), a.top_k).map_err(|e| {
            CliError::Domain(regio_core::Error::invalid(format!(
                "flows {name:?}{}: {e}",
                year.map(|y| format!(" {y}")).unwrap_or_default()
            )))
        })?;
        let b = name;
        ind(rows, year, "top_centre_flow_share", b, net.top_share, Multipolar::Lower, "share of inter-regional flow with the top centre (largest inflow) as origin or destination");
        ind(
            rows,
            year,
            "green_functional_polycentricity",
            b,
            net.green_fp,
            Multipolar::Higher,
            "(1 - sd(inflow)/sd_max)·density (Green 2007)",
        );
        ind(
            rows,
            year,
            "hierarchy_share",
            b,
            net.hierarchy_share,
            Multipolar::Lower,
            "share of regions whose largest outflow goes to a larger centre (Nystuen & Dacey 1961)",
        );
        ind(
            rows,
            year,
            "top_centre_dominance",
            b,
            net.top_dominance,
            Multipolar::Lower,
            "share of regions whose largest outflow goes to the top centre",
        );
        ind(
            rows,
            year,
            "density",
            b,
            net.density,
            Multipolar::Higher,
            "links with positive flow / n(n-1)",
        );
        ind(
            rows,
            year,
            "weighted_reciprocity",
            b,
            net.weighted_reciprocity,
            Multipolar::Higher,
            "sum min(f_ij, f_ji) / sum f_ij (Squartini et al. 2013)",
        );
        if let Some(s) = net.bm_functional {
            ind(
                rows,
                year,
                "functional_polycentricity_slope",
                b,
                s,
                Multipolar::TowardZero,
                "slope of ln(inflow) on ln(rank), top-k regions (Burger & Meijers 2012)",
            );
        }
        if !cap.is_empty() {
            let inside = |i: u32| cap.contains(&(i as usize));
            let inflow: f64 = edges
                .iter()
                .filter(|e| e.0 != e.1 && !inside(e.0) && inside(e.1))
                .map(|e| e.2)
                .sum();
            let outflow: f64 = edges
                .iter()
                .filter(|e| e.0 != e.1 && inside(e.0) && !inside(e.1))
                .map(|e| e.2)
                .sum();
            ind(
                rows,
                year,
                "capital_region_net_inflow_share",
                b,
                (inflow - outflow) / net.total,
                Multipolar::Lower,
                "net flow into the capital region group / total inter-regional flow",
            );
        }
        regions.push(net.regions_table(
            &format!("flow_regions_{name}"),
            &codes,
            year,
            rank.as_deref(),
        ));
    }
    Ok(())
}

/// Warns when an OD set names regions missing from a size panel's region
/// list, or the reverse, when most OD codes are in the panel (same level and
/// code system); totals (`--exclude`) are left out.
fn warn_region_mismatch(
    a: &Args,
    name: &str,
    f: &Flows,
    ds: &Dataset,
    size_keys: &[String],
    ctx: &Ctx,
) -> Result<(), CliError> {
    let od: Vec<String> = f
        .regions
        .codes()
        .into_iter()
        .filter(|c| !a.exclude.contains(c))
        .collect();
    for p in size_keys {
        let pc: Vec<String> = ds
            .panel(p)?
            .regions
            .codes()
            .into_iter()
            .filter(|c| !a.exclude.contains(c))
            .collect();
        let not_in_panel: Vec<&str> = od
            .iter()
            .filter(|c| !pc.contains(c))
            .map(|c| c.as_str())
            .collect();
        let not_in_od: Vec<&str> = pc
            .iter()
            .filter(|c| !od.contains(c))
            .map(|c| c.as_str())
            .collect();
        if 2 * not_in_panel.len() > od.len() {
            // Most codes differ: another level or code system, analysed on its own.
            continue;
        }
        let list = |v: &[&str]| {
            if v.len() > 12 {
                format!("{} and {} more", v[..12].join(", "), v.len() - 12)
            } else {
                v.join(", ")
            }
        };
        if !not_in_panel.is_empty() {
            ctx.say(format!(
                "warning: flows {name:?}: OD regions {} are missing from the region list of panel {p:?}",
                list(&not_in_panel)
            ));
        }
        if !not_in_od.is_empty() {
            ctx.say(format!(
                "warning: flows {name:?}: regions {} of panel {p:?} have no flows",
                list(&not_in_od)
            ));
        }
    }
    Ok(())
}

/// Runs `regio structure`.
pub fn run(a: Args, ctx: &Ctx) -> Result<(), CliError> {
    let ds = common::load_dataset(&a.input, ctx)?;
    let tables = tables(&a, &ds, ctx)?;
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
        let b = match &t.region_key {
            None => ds.boundaries.values().next(),
            Some(key) => boundaries_for(t, key, &ds),
        };
        match b {
            Some(b) => common::write_tables(&a.output, std::slice::from_ref(t), Some(b), ctx)?,
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

/// The boundary set covering most of a table's region codes (none if no code matches).
fn boundaries_for<'a>(t: &Table, key: &str, ds: &'a Dataset) -> Option<&'a regio_core::Boundaries> {
    let col = t.column(key)?;
    let codes: std::collections::BTreeSet<String> = (0..t.n_rows()).map(|r| col.text(r)).collect();
    ds.boundaries
        .values()
        .map(|b| (b.codes.iter().filter(|c| codes.contains(*c)).count(), b))
        .filter(|&(k, _)| k > 0)
        .max_by_key(|&(k, _)| k)
        .map(|(_, b)| b)
}

/// Computes the structure tables (indicators, verdict, summary, per-region
/// tables) of a loaded dataset; also used by `regio report`.
pub(crate) fn tables(a: &Args, ds: &Dataset, ctx: &Ctx) -> Result<Vec<Table>, CliError> {
    let mut rows = Vec::new();
    let size_keys: Vec<String> = if a.size.is_empty() {
        ds.panels
            .keys()
            .filter(|k| k.starts_with("employees") || k.starts_with("establishments"))
            .cloned()
            .collect()
    } else {
        a.size.clone()
    };
    for k in &size_keys {
        size_indicators(a, k, ds.panel(k)?, &mut rows, ctx)?;
    }
    let flow_keys: Vec<String> = if a.flows.is_empty() {
        ds.flows.keys().cloned().collect()
    } else {
        a.flows.clone()
    };
    for k in &flow_keys {
        warn_region_mismatch(a, k, ds.flow(k)?, ds, &size_keys, ctx)?;
    }
    let mut regions = Vec::new();
    let mut region_tables = Vec::new();
    for k in &flow_keys {
        flow_indicators(a, ds, k, ds.flow(k)?, &mut rows, &mut regions)?;
        if let Some(t) = Table::stack(std::mem::take(&mut regions))? {
            region_tables.push(t);
        }
    }
    if rows.is_empty() {
        return Err(CliError::Usage(format!(
            "nothing to analyse: no size panels ({}) and no flows ({}); name them with --size / --flows",
            ds.panels.keys().cloned().collect::<Vec<_>>().join(", "),
            ds.flows.keys().cloned().collect::<Vec<_>>().join(", ")
        )));
    }
    let verdict = verdict_table(&rows);
    if let Some(c) = verdict.column("summary") {
        for i in 0..verdict.n_rows() {
            ctx.say(c.text(i));
        }
    }
    let overall = overall_summary(&rows);
    ctx.say(format!("verdict: {overall}"));
    let mut o = Table::new("structure_summary");
    o.push_str(
        "summary",
        "overall reading of the verdict table",
        vec![overall],
    );
    let mut tables = vec![indicators_table(&rows), verdict, o];
    tables.extend(region_tables);
    Ok(tables)
}
