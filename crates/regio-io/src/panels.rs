//! Panel readers: long tables `region, industry, year, value[, measure][, series][, flag]`
//! and wide tables (years or industries as columns), streamed row by row into
//! regio-core [`Panel`]s. Panel keys follow the dataset convention:
//! `measure@series` when the file has a series column, plain `measure` otherwise.
//! Total rows (e.g. the national `00` region or the `TOTAL` industry) are not
//! part of a panel; they are returned separately so they can be checked.

use crate::source::{parse_value, parse_year_strict, CsvOptions, CsvRows, Source, ValueRules};
use crate::{IoError, Result};
use regio_core::{Industry, IndustrySet, Panel, Region, RegionSet};
use std::collections::{BTreeMap, HashMap};

/// Column mapping and rules for a long panel file.
#[derive(Debug, Clone)]
pub struct LongPanelSpec {
    /// Region code column.
    pub region_col: String,
    /// Optional region name column.
    pub region_name_col: Option<String>,
    /// Industry code column.
    pub industry_col: String,
    /// Optional industry name column.
    pub industry_name_col: Option<String>,
    /// Year column.
    pub year_col: String,
    /// Value column.
    pub value_col: String,
    /// Optional measure column (several measures in one file).
    pub measure_col: Option<String>,
    /// Optional series column (e.g. survey bases that must not be mixed).
    pub series_col: Option<String>,
    /// Optional flag column (`X` suppressed, `-` not applicable, other notes).
    pub flag_col: Option<String>,
    /// Measure name when the file has no measure column.
    pub measure: String,
    /// Region codes that are totals (kept aside, not in the panel), e.g. `00`.
    pub total_regions: Vec<String>,
    /// Industry codes that are totals (kept aside), e.g. `TOTAL`.
    pub total_industries: Vec<String>,
    /// Values are counts (negative values rejected).
    pub counts: bool,
}

impl LongPanelSpec {
    /// The default mapping: `region, industry, year, value`, measure `value`.
    pub fn new(measure: &str) -> Self {
        LongPanelSpec {
            region_col: "region".into(),
            region_name_col: None,
            industry_col: "industry".into(),
            industry_name_col: None,
            year_col: "year".into(),
            value_col: "value".into(),
            measure_col: None,
            series_col: None,
            flag_col: None,
            measure: measure.into(),
            total_regions: Vec::new(),
            total_industries: Vec::new(),
            counts: false,
        }
    }
}

/// A total row kept aside from a panel (for checks such as "sections sum to the total").
#[derive(Debug, Clone, PartialEq)]
pub struct TotalRow {
    /// Panel key (`measure` or `measure@series`).
    pub key: String,
    /// Region code.
    pub region: String,
    /// Industry code.
    pub industry: String,
    /// Year.
    pub year: i32,
    /// Value (`None` when missing).
    pub value: Option<f64>,
}

/// What a panel file yields: panels by key and the total rows set aside.
#[derive(Debug, Clone, Default)]
pub struct PanelRead {
    /// Panels by key (`measure` or `measure@series`).
    pub panels: BTreeMap<String, Panel>,
    /// Total rows, in file order.
    pub totals: Vec<TotalRow>,
    /// Flag notes seen, by flag text, with their count (for summaries).
    pub flags: BTreeMap<String, usize>,
}

/// Cells of one panel key: (region index, industry index, year) → value.
type Cells = HashMap<(usize, usize, i32), Option<f64>>;

/// Accumulates cells, then builds dense panels.
#[derive(Default)]
pub(crate) struct PanelBuilder {
    regions: Vec<(String, String)>,
    region_idx: HashMap<String, usize>,
    industries: Vec<(String, String)>,
    industry_idx: HashMap<String, usize>,
    keys: BTreeMap<String, Cells>,
}

impl PanelBuilder {
    pub(crate) fn region(&mut self, code: &str, name: &str) -> usize {
        if let Some(&i) = self.region_idx.get(code) {
            return i;
        }
        self.regions.push((
            code.into(),
            if name.is_empty() { code } else { name }.into(),
        ));
        self.region_idx.insert(code.into(), self.regions.len() - 1);
        self.regions.len() - 1
    }

    pub(crate) fn industry(&mut self, code: &str, name: &str) -> usize {
        if let Some(&i) = self.industry_idx.get(code) {
            return i;
        }
        self.industries.push((
            code.into(),
            if name.is_empty() { code } else { name }.into(),
        ));
        self.industry_idx
            .insert(code.into(), self.industries.len() - 1);
        self.industries.len() - 1
    }

    /// Inserts a cell; returns false if the key was already present.
    pub(crate) fn insert(&mut self, key: &str, r: usize, i: usize, y: i32, v: Option<f64>) -> bool {
        let m = self.keys.entry(key.to_string()).or_default();
        m.insert((r, i, y), v).is_none()
    }

    pub(crate) fn build(self) -> Result<BTreeMap<String, Panel>, regio_core::Error> {
        let regions = RegionSet::from_regions(
            self.regions
                .iter()
                .map(|(c, n)| Region::new(c.clone(), n.clone()))
                .collect(),
        )?;
        let industries = IndustrySet::from_industries(
            self.industries
                .iter()
                .map(|(c, n)| Industry {
                    code: c.clone(),
                    name: n.clone(),
                    parent: None,
                })
                .collect(),
        )?;
        let mut out = BTreeMap::new();
        for (key, cells) in self.keys {
            let measure = key.split('@').next().unwrap_or(&key).to_string();
            let mut years: Vec<i32> = cells.keys().map(|k| k.2).collect();
            years.sort_unstable();
            years.dedup();
            let mut p = Panel::new_missing(measure, regions.clone(), industries.clone(), years);
            for ((r, i, y), v) in cells {
                let yi = p.year_index(y)?;
                p.set(yi, r, i, v)?;
            }
            p.check_totals_finite()?;
            out.insert(key, p);
        }
        Ok(out)
    }
}

/// Reads a long panel file.
pub fn read_long_panel(src: &Source, spec: &LongPanelSpec, opts: CsvOptions) -> Result<PanelRead> {
    let mut rows = CsvRows::open(src, opts)?;
    let c_reg = rows.col(&spec.region_col)?;
    let c_regn = rows.opt_col(spec.region_name_col.as_deref())?;
    let c_ind = rows.col(&spec.industry_col)?;
    let c_indn = rows.opt_col(spec.industry_name_col.as_deref())?;
    let c_year = rows.col(&spec.year_col)?;
    let c_val = rows.col(&spec.value_col)?;
    let c_meas = rows.opt_col(spec.measure_col.as_deref())?;
    let c_ser = rows.opt_col(spec.series_col.as_deref())?;
    let c_flag = rows.opt_col(spec.flag_col.as_deref())?;
    let rules = ValueRules {
        counts: spec.counts,
    };
    let mut b = PanelBuilder::default();
    let mut out = PanelRead::default();
    let mut total_seen: HashMap<(String, String, String, i32), u64> = HashMap::new();
    let path = rows.path().to_path_buf();
    while let Some((line, rec)) = rows.next_row()? {
        let rec = rec.clone();
        let cell = |i: usize| CsvRows::cell(&rec, i);
        let region = cell(c_reg);
        let industry = cell(c_ind);
        if region.is_empty() {
            return Err(rows.cell_err(line, c_reg, "", "a region code"));
        }
        if industry.is_empty() {
            return Err(rows.cell_err(line, c_ind, "", "an industry code"));
        }
        let ytext = cell(c_year);
        let year = parse_year_strict(ytext).ok_or_else(|| {
            rows.cell_err(line, c_year, ytext, "a year such as 2020 or `2020 년`")
        })?;
        let measure = match c_meas {
            Some(c) => {
                let m = cell(c);
                if m.is_empty() {
                    return Err(rows.cell_err(line, c, "", "a measure name"));
                }
                m.to_string()
            }
            None => spec.measure.clone(),
        };
        let key = match c_ser {
            Some(c) if !cell(c).is_empty() => format!("{measure}@{}", cell(c)),
            Some(c) => return Err(rows.cell_err(line, c, "", "a series name")),
            None => measure,
        };
        let vtext = cell(c_val);
        let mut value =
            parse_value(vtext, rules).map_err(|exp| rows.cell_err(line, c_val, vtext, &exp))?;
        if let Some(c) = c_flag {
            let f = cell(c);
            if !f.is_empty() {
                *out.flags.entry(f.to_string()).or_default() += 1;
                if f == "X" || f == "-" || f == "x" {
                    value = None;
                }
            }
        }
        let is_total = spec.total_regions.iter().any(|t| t == region)
            || spec.total_industries.iter().any(|t| t == industry);
        if is_total {
            let k = (key.clone(), region.to_string(), industry.to_string(), year);
            if let Some(first) = total_seen.insert(k, line) {
                return Err(duplicate(&path, line, first, &key, region, industry, year));
            }
            out.totals.push(TotalRow {
                key,
                region: region.into(),
                industry: industry.into(),
                year,
                value,
            });
            continue;
        }
        let r = b.region(region, c_regn.map_or("", cell));
        let i = b.industry(industry, c_indn.map_or("", cell));
        if !b.insert(&key, r, i, year, value) {
            return Err(duplicate(&path, line, 0, &key, region, industry, year));
        }
    }
    if rows.rows_read() == 0 {
        return Err(rows.header_only());
    }
    out.panels = b
        .build()
        .map_err(|source| IoError::Domain { path, source })?;
    Ok(out)
}

fn duplicate(
    path: &std::path::Path,
    line: u64,
    first: u64,
    key: &str,
    region: &str,
    industry: &str,
    year: i32,
) -> IoError {
    IoError::Format {
        path: path.to_path_buf(),
        message: format!(
            "row {line}: duplicate (region, industry, year) key ({region}, {industry}, {year}) in {key}{}; expected each key once",
            if first > 0 { format!(" (first at row {first})") } else { String::new() }
        ),
    }
}

/// What the value columns of a wide file are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WideColumns {
    /// One column per year (headers like `2010` or `2010 년`); rows are region x industry.
    Years,
    /// One column per industry code; rows are region (x year).
    Industries,
}

/// Column mapping for a wide panel file.
#[derive(Debug, Clone)]
pub struct WidePanelSpec {
    /// Region code column.
    pub region_col: String,
    /// Optional region name column.
    pub region_name_col: Option<String>,
    /// Industry column (required when columns are years).
    pub industry_col: Option<String>,
    /// Year column (when columns are industries; else `year` must be set).
    pub year_col: Option<String>,
    /// The year of every row when columns are industries and there is no year column.
    pub year: Option<i32>,
    /// What the value columns are.
    pub columns: WideColumns,
    /// Measure name.
    pub measure: String,
    /// Columns to ignore besides the id columns.
    pub ignore: Vec<String>,
    /// Values are counts.
    pub counts: bool,
}

/// Reads a wide panel file: every column that is not an id column holds values.
pub fn read_wide_panel(src: &Source, spec: &WidePanelSpec, opts: CsvOptions) -> Result<PanelRead> {
    let mut rows = CsvRows::open(src, opts)?;
    let path = rows.path().to_path_buf();
    let c_reg = rows.col(&spec.region_col)?;
    let c_regn = rows.opt_col(spec.region_name_col.as_deref())?;
    let c_ind = rows.opt_col(spec.industry_col.as_deref())?;
    let c_year = rows.opt_col(spec.year_col.as_deref())?;
    let id_cols: Vec<usize> = [Some(c_reg), c_regn, c_ind, c_year]
        .into_iter()
        .flatten()
        .collect();
    let mut value_cols: Vec<(usize, String, Option<i32>)> = Vec::new();
    for (i, h) in rows.headers().iter().enumerate() {
        if id_cols.contains(&i) || spec.ignore.iter().any(|x| x == h) {
            continue;
        }
        match spec.columns {
            WideColumns::Years => {
                let y = parse_year_strict(h).ok_or_else(|| IoError::Format {
                    path: path.clone(),
                    message: format!("column {h:?}: expected a year header such as 2010 or `2010 년` (or list the column under `ignore`)"),
                })?;
                value_cols.push((i, h.clone(), Some(y)));
            }
            WideColumns::Industries => value_cols.push((i, h.clone(), None)),
        }
    }
    if value_cols.is_empty() {
        return Err(IoError::Format {
            path,
            message: "no value columns besides the id columns".into(),
        });
    }
    if spec.columns == WideColumns::Years && c_ind.is_none() {
        return Err(IoError::Format {
            path,
            message: "a wide file with years as columns needs an industry column (industry_col)"
                .into(),
        });
    }
    if spec.columns == WideColumns::Industries && c_year.is_none() && spec.year.is_none() {
        return Err(IoError::Format {
            path,
            message: "a wide file with industries as columns needs a year column (year_col) or a fixed year".into(),
        });
    }
    let rules = ValueRules {
        counts: spec.counts,
    };
    let mut b = PanelBuilder::default();
    while let Some((line, rec)) = rows.next_row()? {
        let rec = rec.clone();
        let cell = |i: usize| CsvRows::cell(&rec, i);
        let region = cell(c_reg);
        if region.is_empty() {
            return Err(rows.cell_err(line, c_reg, "", "a region code"));
        }
        let r = b.region(region, c_regn.map_or("", cell));
        let row_year = match c_year {
            Some(c) => Some(
                parse_year_strict(cell(c))
                    .ok_or_else(|| rows.cell_err(line, c, cell(c), "a year"))?,
            ),
            None => spec.year,
        };
        for (c, h, y) in &value_cols {
            let t = cell(*c);
            let v = parse_value(t, rules).map_err(|e| rows.cell_err(line, *c, t, &e))?;
            let (ind, year) = match spec.columns {
                WideColumns::Years => (cell(c_ind.unwrap_or(0)).to_string(), y.unwrap_or(0)),
                WideColumns::Industries => (h.clone(), row_year.unwrap_or(0)),
            };
            let i = b.industry(&ind, "");
            if !b.insert(&spec.measure, r, i, year, v) {
                return Err(duplicate(&path, line, 0, &spec.measure, region, &ind, year));
            }
        }
    }
    if rows.rows_read() == 0 {
        return Err(rows.header_only());
    }
    let panels = b
        .build()
        .map_err(|source| IoError::Domain { path, source })?;
    Ok(PanelRead {
        panels,
        ..Default::default()
    })
}
