//! Origin-destination flow readers: long (`origin, destination[, year], value`)
//! or matrix (one row per origin, one column per destination code).

use crate::source::{parse_value, parse_year_strict, CsvOptions, CsvRows, Source, ValueRules};
use crate::{IoError, Result};
use regio_core::{Flows, RegionSet};
use std::collections::HashMap;

/// Column mapping for a long flows file.
#[derive(Debug, Clone)]
pub struct FlowsSpec {
    /// Name of the flow set.
    pub name: String,
    /// Origin code column.
    pub origin_col: String,
    /// Destination code column.
    pub destination_col: String,
    /// Optional origin name column.
    pub origin_name_col: Option<String>,
    /// Optional destination name column.
    pub destination_name_col: Option<String>,
    /// Optional year column.
    pub year_col: Option<String>,
    /// Value column.
    pub value_col: String,
    /// Region codes that are totals and are left out (e.g. `00`).
    pub drop_regions: Vec<String>,
    /// Keep flows with a missing value out silently (`true`) or fail (`false`).
    pub skip_missing: bool,
}

impl FlowsSpec {
    /// The default mapping `origin, destination, value`.
    pub fn new(name: &str) -> Self {
        FlowsSpec {
            name: name.into(),
            origin_col: "origin".into(),
            destination_col: "destination".into(),
            origin_name_col: None,
            destination_name_col: None,
            year_col: None,
            value_col: "value".into(),
            drop_regions: Vec::new(),
            skip_missing: true,
        }
    }
}

/// Reads long flows. Regions are taken in order of first appearance; duplicate
/// (origin, destination, year) keys and negative values are errors; missing
/// values (`-`, `X`, empty) are left out and counted.
pub fn read_flows(src: &Source, spec: &FlowsSpec, opts: CsvOptions) -> Result<(Flows, usize)> {
    let mut rows = CsvRows::open(src, opts)?;
    let path = rows.path().to_path_buf();
    let c_o = rows.col(&spec.origin_col)?;
    let c_d = rows.col(&spec.destination_col)?;
    let c_on = rows.opt_col(spec.origin_name_col.as_deref())?;
    let c_dn = rows.opt_col(spec.destination_name_col.as_deref())?;
    let c_y = rows.opt_col(spec.year_col.as_deref())?;
    let c_v = rows.col(&spec.value_col)?;
    let mut regions = RegionSet::new();
    let mut edges: Vec<(u32, u32, Option<i32>, f64)> = Vec::new();
    let mut seen: HashMap<(u32, u32, Option<i32>), u64> = HashMap::new();
    let mut missing = 0usize;
    while let Some((line, rec)) = rows.next_row()? {
        let rec = rec.clone();
        let cell = |i: usize| CsvRows::cell(&rec, i);
        let (o, d) = (cell(c_o), cell(c_d));
        if o.is_empty() {
            return Err(rows.cell_err(line, c_o, "", "an origin code"));
        }
        if d.is_empty() {
            return Err(rows.cell_err(line, c_d, "", "a destination code"));
        }
        if spec.drop_regions.iter().any(|x| x == o || x == d) {
            continue;
        }
        let year = match c_y {
            Some(c) => Some(
                parse_year_strict(cell(c))
                    .ok_or_else(|| rows.cell_err(line, c, cell(c), "a year"))?,
            ),
            None => None,
        };
        let oi = regions.get_or_insert(o, c_on.map_or(o, cell)).0;
        let di = regions.get_or_insert(d, c_dn.map_or(d, cell)).0;
        if let Some(first) = seen.insert((oi, di, year), line) {
            return Err(IoError::Format {
                path,
                message: format!(
                    "row {line}: duplicate flow ({o}, {d}{}) (first at row {first}); expected each origin-destination{} once",
                    year.map(|y| format!(", {y}")).unwrap_or_default(),
                    if year.is_some() { "-year" } else { "" }
                ),
            });
        }
        let t = cell(c_v);
        let v = parse_value(t, ValueRules { counts: true })
            .map_err(|e| rows.cell_err(line, c_v, t, &e))?;
        match v {
            Some(v) => edges.push((oi, di, year, v)),
            None if spec.skip_missing => missing += 1,
            None => return Err(rows.cell_err(line, c_v, t, "a flow value")),
        }
    }
    if rows.rows_read() == 0 {
        return Err(rows.header_only());
    }
    let mut f = Flows::new(spec.name.clone(), regions);
    for (o, d, y, v) in edges {
        f.push(o, d, y, v).map_err(|source| IoError::Domain {
            path: path.clone(),
            source,
        })?;
    }
    Ok((f, missing))
}

/// Reads a flow matrix: the first column (or `origin_col`) holds origin codes,
/// every other column whose header is not in `ignore` is a destination code.
pub fn read_flow_matrix(
    src: &Source,
    name: &str,
    origin_col: &str,
    ignore: &[String],
    year: Option<i32>,
    opts: CsvOptions,
) -> Result<Flows> {
    let mut rows = CsvRows::open(src, opts)?;
    let path = rows.path().to_path_buf();
    let c_o = rows.col(origin_col)?;
    let dests: Vec<(usize, String)> = rows
        .headers()
        .iter()
        .enumerate()
        .filter(|(i, h)| *i != c_o && !ignore.iter().any(|x| x == *h))
        .map(|(i, h)| (i, h.clone()))
        .collect();
    let mut regions = RegionSet::new();
    let dest_ids: Vec<u32> = dests
        .iter()
        .map(|(_, h)| regions.get_or_insert(h, h).0)
        .collect();
    let mut edges = Vec::new();
    let mut seen_origin: HashMap<String, u64> = HashMap::new();
    while let Some((line, rec)) = rows.next_row()? {
        let rec = rec.clone();
        let o = CsvRows::cell(&rec, c_o).to_string();
        if o.is_empty() {
            return Err(rows.cell_err(line, c_o, "", "an origin code"));
        }
        if let Some(first) = seen_origin.insert(o.clone(), line) {
            return Err(IoError::Format {
                path,
                message: format!("row {line}: origin {o:?} appears twice (first at row {first})"),
            });
        }
        let oi = regions.get_or_insert(&o, &o).0;
        for ((c, _), &di) in dests.iter().zip(&dest_ids) {
            let t = CsvRows::cell(&rec, *c);
            if let Some(v) = parse_value(t, ValueRules { counts: true })
                .map_err(|e| rows.cell_err(line, *c, t, &e))?
            {
                edges.push((oi, di, v));
            }
        }
    }
    if rows.rows_read() == 0 {
        return Err(rows.header_only());
    }
    let mut f = Flows::new(name, regions);
    for (o, d, v) in edges {
        f.push(o, d, year, v).map_err(|source| IoError::Domain {
            path: path.clone(),
            source,
        })?;
    }
    Ok(f)
}
