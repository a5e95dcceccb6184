//! The KOSIS (Korean Statistical Information Service, Statistics Korea)
//! CSV export layout: label columns (region, industry, other dimensions),
//! then value columns whose first header row holds periods (`2010`,
//! `2010 년`) and, optionally, a second header row with measure labels
//! (`사업체수 (개)`); header cells may carry a bracketed code
//! (`[15133JYB]시군구별`); total rows (`전국`, `전체 산업`, `계`) are mixed with
//! detail rows; suppressed cells are `X`, not-applicable `-`. Files are
//! UTF-8 (often with BOM) or CP949; rows are streamed.

use crate::korea;
use crate::panels::{PanelBuilder, PanelRead, TotalRow};
use crate::source::{fragment, parse_value, parse_year, Source, ValueRules};
use crate::{CsvOptions, IoError, Result};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A label column of the export (`[code]name` split when bracketed).
#[derive(Debug, Clone, PartialEq)]
pub struct Dim {
    /// Bracketed code, e.g. `15133JYB` from `[15133JYB]시군구별`.
    pub code: Option<String>,
    /// Label without the code, e.g. `시군구별`.
    pub name: String,
}

/// One data row: its labels and one value per value column.
#[derive(Debug, Clone, PartialEq)]
pub struct KosisRow {
    /// 1-based line in the file.
    pub line: u64,
    /// The label cells (one per dimension).
    pub labels: Vec<String>,
    /// Values (`None` = suppressed `X`, not applicable `-`, or empty).
    pub values: Vec<Option<f64>>,
}

/// A parsed KOSIS export.
#[derive(Debug, Clone, PartialEq)]
pub struct KosisTable {
    /// The file.
    pub path: PathBuf,
    /// The label columns.
    pub dims: Vec<Dim>,
    /// Per value column: the year and the measure label (when the export has a measure row).
    pub columns: Vec<(i32, Option<String>)>,
    /// Data rows.
    pub rows: Vec<KosisRow>,
}

/// Splits `[code]name` into (Some(code), name); other text into (None, text).
pub fn split_bracket(s: &str) -> (Option<String>, String) {
    let t = s.trim();
    if let Some(rest) = t.strip_prefix('[') {
        if let Some(end) = rest.find(']') {
            return (
                Some(rest[..end].trim().to_string()),
                rest[end + 1..].trim().to_string(),
            );
        }
    }
    (None, t.to_string())
}

/// Reads a KOSIS export. Fails when no header cell is a period, on a value
/// that is neither a number nor a missing marker, and on ragged rows.
pub fn read_kosis(src: &Source, opts: CsvOptions) -> Result<KosisTable> {
    let path = src.label().to_path_buf();
    let (text, _enc) = src.open_text(opts.encoding)?;
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(opts.delimiter.unwrap_or(b','))
        .from_reader(text);
    let fmt = |m: String| IoError::Format {
        path: path.clone(),
        message: m,
    };
    let mut rec = csv::StringRecord::new();
    let read = |rdr: &mut csv::Reader<_>, rec: &mut csv::StringRecord| -> Result<bool> {
        rdr.read_record(rec).map_err(|e| IoError::Format {
            path: path.clone(),
            message: match e.kind() {
                csv::ErrorKind::Io(io) => io.to_string(),
                _ => format!("malformed CSV: {e}"),
            },
        })
    };
    if !read(&mut rdr, &mut rec)? {
        return Err(fmt(
            "empty file: expected KOSIS header rows (labels, then periods)".into(),
        ));
    }
    let header: Vec<String> = rec.iter().map(|s| s.trim().to_string()).collect();
    let n_dims = header.iter().position(|h| parse_year(h).is_some()).ok_or_else(|| {
        fmt(format!(
            "no period column in the header ({}); expected KOSIS period headers such as 2010 or `2010 년`",
            fragment(&header.join(", "))
        ))
    })?;
    if n_dims == 0 {
        return Err(fmt(
            "the first column is a period; expected label columns (region, industry) first".into(),
        ));
    }
    let mut years = Vec::new();
    for (i, h) in header.iter().enumerate().skip(n_dims) {
        years.push(parse_year(h).ok_or_else(|| IoError::Cell {
            path: path.clone(),
            row: 1,
            column: format!("#{}", i + 1),
            found: h.clone(),
            expected: "a period such as 2010 or `2010 년`".into(),
        })?);
    }
    let dims: Vec<Dim> = header[..n_dims]
        .iter()
        .map(|h| {
            let (code, name) = split_bracket(h);
            Dim { code, name }
        })
        .collect();
    let mut columns: Vec<(i32, Option<String>)> = years.iter().map(|&y| (y, None)).collect();
    let mut rows = Vec::new();
    let mut first_data = true;
    while read(&mut rdr, &mut rec)? {
        let line = rec.position().map_or(0, |p| p.line());
        let cells: Vec<&str> = rec.iter().map(str::trim).collect();
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        if first_data {
            first_data = false;
            // a second header row repeats the label headers and names measures
            let repeats =
                cells.len() >= n_dims && cells[..n_dims].iter().zip(&header).all(|(a, b)| a == b);
            if repeats {
                for (k, c) in cells.iter().skip(n_dims).enumerate() {
                    if k < columns.len() {
                        columns[k].1 = Some(c.to_string());
                    }
                }
                continue;
            }
        }
        if cells.len() != n_dims + years.len() {
            return Err(fmt(format!(
                "line {line}: {} cells, expected {} ({} labels + {} values) as in the header",
                cells.len(),
                n_dims + years.len(),
                n_dims,
                years.len()
            )));
        }
        let mut values = Vec::with_capacity(years.len());
        for (k, c) in cells[n_dims..].iter().enumerate() {
            values.push(parse_value(c, ValueRules::default()).map_err(|e| {
                IoError::Cell {
                    path: path.clone(),
                    row: line,
                    column: format!(
                        "{} {}",
                        columns[k].0,
                        columns[k].1.clone().unwrap_or_default()
                    )
                    .trim()
                    .to_string(),
                    found: c.to_string(),
                    expected: e,
                }
            })?);
        }
        rows.push(KosisRow {
            line,
            labels: cells[..n_dims].iter().map(|s| s.to_string()).collect(),
            values,
        });
    }
    if rows.is_empty() {
        return Err(fmt("header only: no data rows".into()));
    }
    Ok(KosisTable {
        path,
        dims,
        columns,
        rows,
    })
}

/// What to do with total rows (`전국`, `전체 산업`, `계`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TotalsPolicy {
    /// Flag them and keep them aside (in [`PanelRead::totals`]), not in the panel (default).
    #[default]
    Separate,
    /// Drop them.
    Drop,
    /// Keep them as ordinary rows of the panel.
    Keep,
}

/// How label text becomes a code.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum CodeMap {
    /// A bracketed `[code]` prefix if present, else the label itself.
    #[default]
    Label,
    /// Korean si-do names → KOSTAT codes (`전국` → `00`).
    Sido,
    /// KSIC-10 section letters from the division range (`제조업(10~34)` → `C`; `전체 산업` → `TOTAL`).
    KsicSection,
}

impl CodeMap {
    fn code(&self, label: &str) -> Option<String> {
        let (bracket, name) = split_bracket(label);
        if let Some(c) = bracket {
            return Some(c);
        }
        match self {
            CodeMap::Label => Some(name),
            CodeMap::Sido => {
                if name == "전국" {
                    Some("00".into())
                } else {
                    korea::sido_code(&name).map(str::to_string)
                }
            }
            CodeMap::KsicSection => {
                if korea::TOTAL_LABELS.contains(&name.as_str()) {
                    Some("TOTAL".into())
                } else {
                    korea::ksic_section(&name).map(str::to_string)
                }
            }
        }
    }
}

/// How a KOSIS table becomes panels.
#[derive(Debug, Clone, Default)]
pub struct KosisPanelSpec {
    /// Label column with regions (default 0).
    pub region_dim: usize,
    /// Label column with industries (default 1).
    pub industry_dim: usize,
    /// Keep only rows whose label in column `.0` equals `.1` (e.g. sex = `계`).
    pub filters: Vec<(usize, String)>,
    /// Region label → code.
    pub region_codes: CodeMap,
    /// Industry label → code.
    pub industry_codes: CodeMap,
    /// Measure label (second header row) → measure name; unmapped columns are skipped.
    /// When the export has no measure row, `measure` names the single measure.
    pub measures: BTreeMap<String, String>,
    /// Measure name for exports without a measure row.
    pub measure: String,
    /// Series name appended as `measure@series`.
    pub series: Option<String>,
    /// Total rows.
    pub totals: TotalsPolicy,
}

/// (panel key, region code, industry code, year) of a total row.
type TotalKey = (String, String, String, i32);

/// Turns a KOSIS table into panels; region and industry labels that the code
/// maps cannot translate are errors naming the row.
pub fn kosis_to_panels(t: &KosisTable, spec: &KosisPanelSpec) -> Result<PanelRead> {
    let n = t.dims.len();
    for d in [spec.region_dim, spec.industry_dim]
        .iter()
        .chain(spec.filters.iter().map(|f| &f.0))
    {
        if *d >= n {
            return Err(IoError::Format {
                path: t.path.clone(),
                message: format!("label column {d} does not exist ({n} label columns)"),
            });
        }
    }
    let col_measure: Vec<Option<String>> = t
        .columns
        .iter()
        .map(|(_, m)| match m {
            Some(label) => spec.measures.get(label).cloned(),
            None => Some(spec.measure.clone()),
        })
        .collect();
    if col_measure.iter().all(|m| m.is_none()) {
        return Err(IoError::Format {
            path: t.path.clone(),
            message: format!(
                "no measure selected: measure labels in the file are {}",
                t.columns
                    .iter()
                    .filter_map(|c| c.1.clone())
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    }
    let mut b = PanelBuilder::default();
    let mut out = PanelRead::default();
    // total rows kept aside: (key, region, industry, year) -> (line, value)
    let mut totals_seen: BTreeMap<TotalKey, (u64, Option<f64>)> = BTreeMap::new();
    for row in &t.rows {
        if spec.filters.iter().any(|(d, v)| row.labels[*d] != *v) {
            continue;
        }
        let rl = &row.labels[spec.region_dim];
        let il = &row.labels[spec.industry_dim];
        let rcode = spec.region_codes.code(rl).ok_or_else(|| IoError::Cell {
            path: t.path.clone(),
            row: row.line,
            column: t.dims[spec.region_dim].name.clone(),
            found: rl.clone(),
            expected: "a region name the code mapping knows (e.g. a si-do name)".into(),
        })?;
        let icode = spec.industry_codes.code(il).ok_or_else(|| IoError::Cell {
            path: t.path.clone(),
            row: row.line,
            column: t.dims[spec.industry_dim].name.clone(),
            found: il.clone(),
            expected: "an industry label with a KSIC division range such as 제조업(10~34)".into(),
        })?;
        let is_total = korea::TOTAL_LABELS.contains(&split_bracket(rl).1.as_str())
            || korea::TOTAL_LABELS.contains(&split_bracket(il).1.as_str());
        for (k, &(year, _)) in t.columns.iter().enumerate() {
            let Some(measure) = &col_measure[k] else {
                continue;
            };
            let key = match &spec.series {
                Some(s) => format!("{measure}@{s}"),
                None => measure.clone(),
            };
            let v = row.values[k];
            if is_total && spec.totals != TotalsPolicy::Keep {
                if spec.totals == TotalsPolicy::Separate {
                    let k = (key.clone(), rcode.clone(), icode.clone(), year);
                    if let Some((first, fv)) = totals_seen.get(&k) {
                        return Err(IoError::Format {
                            path: t.path.clone(),
                            message: format!(
                                "lines {first} and {}: two total rows ({} / {}) for ({rcode}, {icode}, {year}) in {key}{}; expected one total row per key",
                                row.line,
                                fragment(rl),
                                fragment(il),
                                if *fv == v { "" } else { " with different values" }
                            ),
                        });
                    }
                    totals_seen.insert(k, (row.line, v));
                    out.totals.push(TotalRow {
                        key,
                        region: rcode.clone(),
                        industry: icode.clone(),
                        year,
                        value: v,
                    });
                }
                continue;
            }
            let r = b.region(&rcode, &split_bracket(rl).1);
            let i = b.industry(&icode, &split_bracket(il).1);
            if !b.insert(&key, r, i, year, v) {
                return Err(IoError::Format {
                    path: t.path.clone(),
                    message: format!("line {}: duplicate (region, industry, year) key ({rcode}, {icode}, {year}) in {key}", row.line),
                });
            }
        }
    }
    out.panels = b.build().map_err(|source| IoError::Domain {
        path: t.path.clone(),
        source,
    })?;
    Ok(out)
}
