//! Spatial structure: is the economy one centre with a hierarchy around it
//! or a multipolar network? Size distribution of regional totals (primacy
//! after Jefferson 1939 and Ginsburg 1961, rank-size after Gabaix &
//! Ibragimov 2011, the capital-region share), morphological and functional
//! polycentricity (Burger & Meijers 2012), flow-network measures (Green
//! 2007; Nystuen & Dacey 1961; Squartini et al. 2013) and a verdict per
//! year. The indicators are computed by `regio_space::structure`; this
//! module chooses the panels and flow sets, leaves totals out and wires the
//! tables.

use crate::error::{Result, StudyError};
use crate::progress::Progress;
use crate::select;
use regio_core::{Boundaries, Dataset, Flows, Panel, Table};
use regio_space::structure::{
    flow_indicators, indicators_table, overall_summary, size_indicators, verdict_table, Indicator,
};

/// Most centres of the Burger-Meijers slopes: the slope is a statement
/// about the top of the hierarchy, and a regional system rarely has more
/// than a few hundred centres worth ranking.
pub const MAX_TOP_K: usize = 1_000;

/// The Korean capital region (Seoul, Incheon, Gyeonggi) in KOSTAT and in
/// MOIS codes: the top group when none is given and the regions carry one
/// of these code sets.
pub const CAPITAL_REGION_CODES: [[&str; 3]; 2] = [["11", "23", "31"], ["11", "28", "41"]];

/// Options of the structure workflow.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Flow sets to analyse as networks (empty: every flow set of the data).
    pub flows: Vec<String>,
    /// Panel keys whose regional totals measure size (empty: every panel
    /// whose measure starts with `employees` or `establishments`).
    pub size: Vec<String>,
    /// Region codes of the top group (empty: the Korean capital region,
    /// [`CAPITAL_REGION_CODES`], when the regions have those codes).
    pub capital: Vec<String>,
    /// Region codes that are totals, left out of every analysis.
    pub exclude: Vec<String>,
    /// Number of centres in the Burger-Meijers rank-size slopes (2 to
    /// [`MAX_TOP_K`]).
    pub top_k: usize,
    /// Rank centres in the nodal hierarchy by this panel's totals in its
    /// last year (default: by inflow).
    pub rank_by: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            flows: vec![],
            size: vec![],
            capital: vec![],
            exclude: vec!["00".into()],
            top_k: 4,
            rank_by: None,
        }
    }
}

impl Options {
    /// Checks the options: `top_k` from 2 (a slope needs two centres) to
    /// [`MAX_TOP_K`].
    pub fn validate(&self) -> Result<()> {
        if !(2..=MAX_TOP_K).contains(&self.top_k) {
            return Err(StudyError::option(
                "top_k",
                self.top_k,
                format!("a number of centres from 2 (a slope needs two) to {MAX_TOP_K}"),
            ));
        }
        Ok(())
    }
}

/// What the structure workflow computed.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The tables, in the order they are written: `structure_indicators`,
    /// `structure_verdict`, `structure_summary`, then one
    /// `flow_regions_<set>` per flow set.
    pub tables: Vec<Table>,
    /// Every indicator value.
    pub indicators: Vec<Indicator>,
    /// The overall reading of the verdict.
    pub summary: String,
    /// The size panels used.
    pub size: Vec<String>,
    /// The flow sets used.
    pub flows: Vec<String>,
}

/// The capital group among `codes`: the codes given (each must exist), else
/// the first of [`CAPITAL_REGION_CODES`] present in full, else none.
fn capital_group(opts: &Options, codes: &[String]) -> Result<Vec<usize>> {
    let find = |c: &str| codes.iter().position(|x| x == c);
    if !opts.capital.is_empty() {
        let missing: Vec<&str> = opts
            .capital
            .iter()
            .filter(|c| find(c).is_none())
            .map(|s| s.as_str())
            .collect();
        if !missing.is_empty() {
            return Err(StudyError::Domain(regio_core::Error::UnknownRegion {
                code: missing.join(","),
                context: Some(format!(
                    "capital region group; regions available: {}",
                    codes.join(" ")
                )),
            }));
        }
        return Ok(opts.capital.iter().filter_map(|c| find(c)).collect());
    }
    for set in CAPITAL_REGION_CODES {
        if set.iter().all(|c| find(c).is_some()) {
            return Ok(set.iter().filter_map(|c| find(c)).collect());
        }
    }
    Ok(vec![])
}

/// Size indicators of one panel, per year with at least four regions.
fn size_rows(
    opts: &Options,
    key: &str,
    p: &Panel,
    rows: &mut Vec<Indicator>,
    progress: &dyn Progress,
) -> Result<()> {
    let all_codes = p.regions.codes();
    for (yi, &year) in p.years.iter().enumerate() {
        let totals = p.region_totals(yi);
        let mut codes = Vec::new();
        let mut sizes = Vec::new();
        let mut skipped = Vec::new();
        for (c, v) in all_codes.iter().zip(totals) {
            if opts.exclude.contains(c) {
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
            progress.say(&format!(
                "note: {key} {year}: regions {} have missing cells and are left out",
                skipped.join(", ")
            ));
        }
        if sizes.len() < 4 {
            continue;
        }
        let cap = capital_group(opts, &codes)?;
        rows.extend(size_indicators(Some(year), key, &sizes, &cap, opts.top_k)?);
    }
    Ok(())
}

/// Flow-network indicators of one flow set, per year (or as a snapshot);
/// returns the per-region table of each year.
fn flow_rows(
    opts: &Options,
    ds: &Dataset,
    name: &str,
    f: &Flows,
    rows: &mut Vec<Indicator>,
) -> Result<Vec<Table>> {
    let all = f.regions.codes();
    // Keep regions that are not totals; re-index the flows to them.
    let keep: Vec<usize> = (0..all.len())
        .filter(|&i| !opts.exclude.contains(&all[i]))
        .collect();
    let mut new_idx = vec![u32::MAX; all.len()];
    for (k, &i) in keep.iter().enumerate() {
        new_idx[i] = k as u32;
    }
    let codes: Vec<String> = keep.iter().map(|&i| all[i].clone()).collect();
    let rank = match &opts.rank_by {
        None => None,
        Some(p) => {
            let panel = ds.panel(p)?;
            let yi = panel.years.len() - 1;
            let totals = panel.region_totals(yi);
            let pc = panel.regions.codes();
            let missing: Vec<&str> = codes
                .iter()
                .filter(|c| !pc.contains(c))
                .map(|s| s.as_str())
                .collect();
            if !missing.is_empty() {
                return Err(StudyError::invalid(format!(
                    "flows {name:?}: OD regions {} are missing from the region list of panel {p:?} ({})",
                    missing.join(", "),
                    pc.join(" ")
                )));
            }
            Some(
                codes
                    .iter()
                    .map(|c| totals[pc.iter().position(|x| x == c).unwrap_or(0)].unwrap_or(0.0))
                    .collect::<Vec<f64>>(),
            )
        }
    };
    let cap = capital_group(opts, &codes)?;
    let years: Vec<Option<i32>> = if f.years().is_empty() {
        vec![None]
    } else {
        f.years().into_iter().map(Some).collect()
    };
    let mut regions = Vec::new();
    for year in years {
        let edges: Vec<(u32, u32, f64)> = f
            .edges(year)
            .into_iter()
            .filter(|&(o, d, _)| new_idx[o as usize] != u32::MAX && new_idx[d as usize] != u32::MAX)
            .map(|(o, d, v)| (new_idx[o as usize], new_idx[d as usize], v))
            .collect();
        let (ind, net) = flow_indicators(
            year,
            name,
            codes.len(),
            &edges,
            rank.as_deref(),
            &cap,
            opts.top_k,
        )
        .map_err(|e| {
            StudyError::invalid(format!(
                "flows {name:?}{}: {e}",
                year.map(|y| format!(" {y}")).unwrap_or_default()
            ))
        })?;
        rows.extend(ind);
        regions.push(net.regions_table(
            &format!("flow_regions_{name}"),
            &codes,
            year,
            rank.as_deref(),
        ));
    }
    Ok(regions)
}

/// Warns when an OD set names regions missing from a size panel's region
/// list, or the reverse, when most OD codes are in the panel (same level and
/// code system); totals (`exclude`) are left out.
fn warn_region_mismatch(
    opts: &Options,
    name: &str,
    f: &Flows,
    ds: &Dataset,
    size_keys: &[String],
    progress: &dyn Progress,
) -> Result<()> {
    let od: Vec<String> = f
        .regions
        .codes()
        .into_iter()
        .filter(|c| !opts.exclude.contains(c))
        .collect();
    for p in size_keys {
        let pc: Vec<String> = ds
            .panel(p)?
            .regions
            .codes()
            .into_iter()
            .filter(|c| !opts.exclude.contains(c))
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
            progress.say(&format!(
                "warning: flows {name:?}: OD regions {} are missing from the region list of panel {p:?}",
                list(&not_in_panel)
            ));
        }
        if !not_in_od.is_empty() {
            progress.say(&format!(
                "warning: flows {name:?}: regions {} of panel {p:?} have no flows",
                list(&not_in_od)
            ));
        }
    }
    Ok(())
}

/// Runs the structure workflow: size indicators of the size panels, network
/// indicators of the flow sets, the verdict per year and overall.
///
/// ```
/// let ds = regio_io::demo::korea()?;
/// let opts = regio_study::structure::Options {
///     flows: vec!["migration".into()],
///     ..Default::default()
/// };
/// let out = regio_study::structure::run(&ds, &opts, &regio_study::Silent)?;
/// assert_eq!(out.tables[0].name, "structure_indicators");
/// assert!(!out.summary.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run(ds: &Dataset, opts: &Options, progress: &dyn Progress) -> Result<Outcome> {
    opts.validate()?;
    let mut rows = Vec::new();
    let size_keys: Vec<String> = if opts.size.is_empty() {
        ds.panels
            .keys()
            .filter(|k| k.starts_with("employees") || k.starts_with("establishments"))
            .cloned()
            .collect()
    } else {
        opts.size.clone()
    };
    for k in &size_keys {
        size_rows(opts, k, ds.panel(k)?, &mut rows, progress)?;
    }
    let flow_keys: Vec<String> = if opts.flows.is_empty() {
        ds.flows.keys().cloned().collect()
    } else {
        opts.flows.clone()
    };
    for k in &flow_keys {
        let (_, f) = select::flows(ds, Some(k), None)?;
        warn_region_mismatch(opts, k, f, ds, &size_keys, progress)?;
    }
    let mut region_tables = Vec::new();
    for k in &flow_keys {
        let (_, f) = select::flows(ds, Some(k), None)?;
        let regions = flow_rows(opts, ds, k, f, &mut rows)?;
        if let Some(t) = Table::stack(regions)? {
            region_tables.push(t);
        }
    }
    if rows.is_empty() {
        return Err(StudyError::Choose {
            option: "size",
            what: format!(
                "nothing to analyse: no size panels ({}) and no flows ({}); name the size panels or the flow sets",
                ds.panels.keys().cloned().collect::<Vec<_>>().join(", "),
                ds.flows.keys().cloned().collect::<Vec<_>>().join(", ")
            ),
            available: ds.panels.keys().cloned().collect(),
        });
    }
    let verdict = verdict_table(&rows);
    if let Some(c) = verdict.column("summary") {
        for i in 0..verdict.n_rows() {
            progress.say(&c.text(i));
        }
    }
    let overall = overall_summary(&rows);
    progress.say(&format!("verdict: {overall}"));
    let mut o = Table::new("structure_summary");
    o.push_str(
        "summary",
        "overall reading of the verdict table",
        vec![overall.clone()],
    );
    let mut tables = vec![indicators_table(&rows), verdict, o];
    tables.extend(region_tables);
    Ok(Outcome {
        tables,
        indicators: rows,
        summary: overall,
        size: size_keys,
        flows: flow_keys,
    })
}

/// The boundary set a table is mapped with: for a per-region table, the
/// set covering most of its region codes (none if no code matches; flow
/// sets may be at another level than the panels); otherwise the dataset's
/// first set.
pub fn boundaries_for<'d>(t: &Table, ds: &'d Dataset) -> Option<(&'d str, &'d Boundaries)> {
    let Some(key) = &t.region_key else {
        return ds.boundaries.iter().next().map(|(k, b)| (k.as_str(), b));
    };
    let col = t.column(key)?;
    let codes: std::collections::BTreeSet<String> = (0..t.n_rows()).map(|r| col.text(r)).collect();
    ds.boundaries
        .iter()
        .map(|(k, b)| (b.codes.iter().filter(|c| codes.contains(*c)).count(), k, b))
        .filter(|&(n, _, _)| n > 0)
        .max_by_key(|&(n, _, _)| n)
        .map(|(_, k, b)| (k.as_str(), b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validate_bounds_top_k() {
        for k in [0, 1, 1_000_000] {
            let o = Options {
                top_k: k,
                ..Default::default()
            };
            assert!(matches!(
                o.validate(),
                Err(StudyError::Option {
                    option: "top_k",
                    ..
                })
            ));
        }
        assert!(Options::default().validate().is_ok());
    }
}
