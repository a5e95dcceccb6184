//! Region attribute readers: one row per region, a code column and numeric
//! columns (population, emissions, absorption, ...).

use crate::source::{parse_value, CsvOptions, CsvRows, Source, ValueRules};
use crate::{IoError, Result};
use regio_core::{Attributes, Region, RegionSet};
use std::collections::HashMap;

/// Column mapping for an attributes file.
#[derive(Debug, Clone, Default)]
pub struct AttributesSpec {
    /// Region code column.
    pub region_col: String,
    /// Optional region name column.
    pub name_col: Option<String>,
    /// Numeric columns to read; `None` = every column except the id columns and `ignore`.
    pub columns: Option<Vec<String>>,
    /// Columns to skip when `columns` is `None`.
    pub ignore: Vec<String>,
    /// Region codes to leave out (e.g. a national total row).
    pub drop_regions: Vec<String>,
}

/// Reads an attributes file; fails on a duplicate region or a non-numeric cell.
pub fn read_attributes(
    src: &Source,
    spec: &AttributesSpec,
    opts: CsvOptions,
) -> Result<Attributes> {
    let mut rows = CsvRows::open(src, opts)?;
    let path = rows.path().to_path_buf();
    let c_reg = rows.col(&spec.region_col)?;
    let c_name = rows.opt_col(spec.name_col.as_deref())?;
    let cols: Vec<(usize, String)> = match &spec.columns {
        Some(list) => list
            .iter()
            .map(|n| rows.col(n).map(|i| (i, n.clone())))
            .collect::<Result<_>>()?,
        None => rows
            .headers()
            .iter()
            .enumerate()
            .filter(|(i, h)| {
                *i != c_reg && Some(*i) != c_name && !spec.ignore.iter().any(|x| x == *h)
            })
            .map(|(i, h)| (i, h.clone()))
            .collect(),
    };
    if cols.is_empty() {
        return Err(IoError::Format {
            path,
            message: "no numeric attribute columns besides the region columns".into(),
        });
    }
    let mut regions = RegionSet::new();
    let mut data: Vec<Vec<Option<f64>>> = vec![Vec::new(); cols.len()];
    let mut seen: HashMap<String, u64> = HashMap::new();
    while let Some((line, rec)) = rows.next_row()? {
        let rec = rec.clone();
        let code = CsvRows::cell(&rec, c_reg);
        if code.is_empty() {
            return Err(rows.cell_err(line, c_reg, "", "a region code"));
        }
        if spec.drop_regions.iter().any(|d| d == code) {
            continue;
        }
        if let Some(first) = seen.insert(code.to_string(), line) {
            return Err(IoError::Format {
                path,
                message: format!("row {line}: duplicate region {code:?} (first at row {first}); expected one row per region"),
            });
        }
        let name = c_name.map_or(code, |c| CsvRows::cell(&rec, c));
        regions.get_or_insert(code, name);
        for (k, (c, _)) in cols.iter().enumerate() {
            let t = CsvRows::cell(&rec, *c);
            let v = parse_value(t, ValueRules::default())
                .map_err(|e| rows.cell_err(line, *c, t, &e))?;
            data[k].push(v);
        }
    }
    if rows.rows_read() == 0 {
        return Err(rows.header_only());
    }
    let mut a = Attributes::new(regions);
    a.source = path.display().to_string();
    for ((_, name), col) in cols.into_iter().zip(data) {
        a.insert(name, col).map_err(|source| IoError::Domain {
            path: path.clone(),
            source,
        })?;
    }
    Ok(a)
}

/// Restricts or reorders attributes to `regions` by code (codes absent from
/// the attributes get missing values), e.g. to align with a panel.
pub fn align_attributes(a: &Attributes, regions: &RegionSet) -> Attributes {
    let mut out = Attributes::new(regions.clone());
    out.source = a.source.clone();
    for (name, col) in &a.columns {
        let v = regions
            .iter()
            .map(|r| a.regions.id(&r.code).and_then(|id| col[id.idx()]))
            .collect();
        out.columns.insert(name.clone(), v);
    }
    out
}

/// Builds a region set from (code, name) pairs (helper for name-keyed files).
pub fn region_set(pairs: &[(&str, &str)]) -> RegionSet {
    let mut s = RegionSet::new();
    for (c, n) in pairs {
        let _ = s.push(Region::new(*c, *n));
    }
    s
}
