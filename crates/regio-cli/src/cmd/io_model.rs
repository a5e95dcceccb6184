//! `regio io`: the Leontief input-output model of one table (Leontief 1936;
//! Miller & Blair 2009): technical coefficients A, gross output x, output /
//! income / employment multipliers (type I, and type II when household
//! income and consumption are given), Rasmussen linkages and key sectors,
//! and the Leontief inverse L only when asked (`--inverse`).

use crate::common::{self, CliError, Ctx};
use regio_core::{Matrix, Table};
use regio_econ::input_output::leontief::{
    linkage_table, linkages, matrix_table, multiplier_table, multipliers, ForwardIndex, IoTable,
    Leontief,
};
use regio_io::source::{parse_value, CsvRows, ValueRules};
use regio_io::{CsvOptions, IoError, Source};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Arguments of `regio io`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub output: common::OutputArgs,
    /// Intermediate flows Z: square CSV, sector labels in the header row and the first column (same order).
    #[arg(long)]
    pub z: PathBuf,
    /// Final demand Y: CSV, sector labels in the first column, one or more final-demand columns (summed).
    #[arg(long)]
    pub y: PathBuf,
    /// Gross output x: CSV, sector labels in the first column, one value column (default: rowsum(Z) + rowsum(Y)).
    #[arg(long)]
    pub x: Option<PathBuf>,
    /// Satellite accounts: CSV with a sector column and any of value_added, income,
    /// employment, household_consumption (income + household_consumption give type II).
    #[arg(long)]
    pub satellite: Option<PathBuf>,
    /// Also write the Leontief inverse L = (I - A)^-1 (otherwise only solves are used).
    #[arg(long)]
    pub inverse: bool,
    /// Forward index deciding key sectors: rasmussen (row sums of L) or ghosh.
    #[arg(long, default_value = "rasmussen")]
    pub forward_index: String,
}

/// A labelled numeric CSV: row labels, column names, rows of values.
pub struct Labelled {
    /// The file.
    pub path: PathBuf,
    /// Column names after the label column.
    pub columns: Vec<String>,
    /// Row labels (first column).
    pub labels: Vec<String>,
    /// Values, one row per label.
    pub rows: Vec<Vec<f64>>,
    /// Line number of each row in the file (header = 1).
    pub lines: Vec<u64>,
}

/// Reads a CSV whose first column holds labels and every other column numbers.
pub fn read_labelled(path: &Path) -> Result<Labelled, CliError> {
    let src = Source::file(path);
    let mut r = CsvRows::open(&src, CsvOptions::default())?;
    let columns: Vec<String> = r.headers()[1..].to_vec();
    if columns.is_empty() {
        return Err(IoError::Format {
            path: path.to_path_buf(),
            message: "expected a label column and at least one value column".into(),
        }
        .into());
    }
    let mut labels = vec![];
    let mut rows = vec![];
    let mut lines = vec![];
    let mut seen: HashMap<String, u64> = HashMap::new();
    let rules = ValueRules { counts: false };
    while let Some((line, rec)) = r.next_row()? {
        let rec = rec.clone();
        let label = CsvRows::cell(&rec, 0).to_string();
        if label.is_empty() {
            return Err(r.cell_err(line, 0, "", "a sector label").into());
        }
        if let Some(prev) = seen.insert(label.clone(), line) {
            return Err(r
                .cell_err(
                    line,
                    0,
                    &label,
                    &format!("a label not used before (already on line {prev})"),
                )
                .into());
        }
        if rec.len() != columns.len() + 1 {
            return Err(IoError::Format {
                path: path.to_path_buf(),
                message: format!(
                    "line {line} has {} fields, the header has {}",
                    rec.len(),
                    columns.len() + 1
                ),
            }
            .into());
        }
        let mut vals = Vec::with_capacity(columns.len());
        for c in 1..=columns.len() {
            let t = CsvRows::cell(&rec, c);
            match parse_value(t, rules) {
                Ok(Some(v)) if v.is_finite() => vals.push(v),
                _ => return Err(r.cell_err(line, c, t, "a finite number").into()),
            }
        }
        labels.push(label);
        rows.push(vals);
        lines.push(line);
    }
    if labels.is_empty() {
        return Err(r.header_only().into());
    }
    Ok(Labelled {
        path: path.to_path_buf(),
        columns,
        labels,
        rows,
        lines,
    })
}

/// Values of a labelled file aligned to `sectors` (by label), summed over columns.
fn aligned_sum(f: &Labelled, sectors: &[String], what: &str) -> Result<Vec<f64>, CliError> {
    let pos: HashMap<&str, usize> = f
        .labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.as_str(), i))
        .collect();
    sectors
        .iter()
        .map(|s| {
            pos.get(s.as_str())
                .map(|&i| f.rows[i].iter().sum())
                .ok_or_else(|| {
                    CliError::from(IoError::Format {
                        path: f.path.clone(),
                        message: format!("{what}: no row for sector {s:?} of Z"),
                    })
                })
        })
        .collect()
}

/// Reads an input-output table: Z (square, labels in the header and first
/// column), Y (summed over its columns) or x, and optional satellites.
pub fn read_table(
    z: &Path,
    y: Option<&Path>,
    x: Option<&Path>,
    satellite: Option<&Path>,
) -> Result<IoTable, CliError> {
    let zf = read_labelled(z)?;
    if zf.columns != zf.labels {
        let n = zf.columns.len().min(zf.labels.len());
        let first = (0..n).find(|&i| zf.columns[i] != zf.labels[i]).unwrap_or(n);
        return Err(IoError::Format {
            path: zf.path.clone(),
            message: format!(
                "Z must be square with the same sector labels in the header and the first column, in the same order: \
                 {} columns, {} rows; first difference at position {}: column {:?}, row {:?}",
                zf.columns.len(),
                zf.labels.len(),
                first + 1,
                zf.columns.get(first).map(String::as_str).unwrap_or("(none)"),
                zf.labels.get(first).map(String::as_str).unwrap_or("(none)")
            ),
        }
        .into());
    }
    let sectors = zf.labels.clone();
    for (i, row) in zf.rows.iter().enumerate() {
        if let Some(j) = row.iter().position(|v| *v < 0.0) {
            return Err(IoError::Cell {
                path: zf.path.clone(),
                row: zf.lines[i],
                column: sectors[j].clone(),
                found: row[j].to_string(),
                expected: format!(
                    "a non-negative intermediate flow (seller {:?}, buyer {:?})",
                    sectors[i], sectors[j]
                ),
            }
            .into());
        }
    }
    let zm = Matrix::from_rows(&zf.rows)?;
    let fd = match y {
        Some(y) => aligned_sum(&read_labelled(y)?, &sectors, "final demand")?,
        None => vec![0.0; sectors.len()],
    };
    let xv = match x {
        Some(x) => {
            let xf = read_labelled(x)?;
            if xf.columns.len() != 1 {
                return Err(IoError::Format {
                    path: xf.path.clone(),
                    message: format!("x must have one value column, found {}", xf.columns.len()),
                }
                .into());
            }
            Some(aligned_sum(&xf, &sectors, "gross output")?)
        }
        None => None,
    };
    if y.is_none() && xv.is_none() {
        return Err(CliError::Usage(
            "give final demand (--y) or gross output (--x)".into(),
        ));
    }
    let mut t = IoTable::new(sectors.clone(), zm, fd, xv)?;
    if let Some(s) = satellite {
        let sf = read_labelled(s)?;
        let known = [
            "value_added",
            "income",
            "employment",
            "household_consumption",
        ];
        if let Some(bad) = sf.columns.iter().find(|c| !known.contains(&c.as_str())) {
            return Err(IoError::Format {
                path: sf.path.clone(),
                message: format!(
                    "unknown satellite column {bad:?}; expected any of {}",
                    known.join(", ")
                ),
            }
            .into());
        }
        for (ci, c) in sf.columns.iter().enumerate() {
            let one = Labelled {
                path: sf.path.clone(),
                columns: vec![c.clone()],
                labels: sf.labels.clone(),
                rows: sf.rows.iter().map(|r| vec![r[ci]]).collect(),
                lines: sf.lines.clone(),
            };
            let v = aligned_sum(&one, &sectors, c)?;
            t = match c.as_str() {
                "value_added" => t.with_value_added(v)?,
                "income" => t.with_income(v)?,
                "employment" => t.with_employment(v)?,
                _ => t.with_household_consumption(v)?,
            };
        }
    }
    Ok(t)
}

/// A per-sector vector table.
fn vector_table(name: &str, col: &str, doc: &str, sectors: &[String], v: Vec<f64>) -> Table {
    let mut t = Table::new(name);
    t.push_str("sector", "sector code", sectors.to_vec())
        .push_f64(col, doc, v);
    t
}

/// Runs `regio io`.
pub fn run(args: Args, ctx: &Ctx) -> Result<(), CliError> {
    let fwd = match args.forward_index.as_str() {
        "rasmussen" => ForwardIndex::Rasmussen,
        "ghosh" => ForwardIndex::Ghosh,
        o => {
            return Err(CliError::Usage(format!(
                "--forward-index {o:?}: expected rasmussen or ghosh"
            )))
        }
    };
    let t = read_table(
        &args.z,
        Some(&args.y),
        args.x.as_deref(),
        args.satellite.as_deref(),
    )?;
    ctx.say(format!(
        "input-output table: {} sectors from {}",
        t.n(),
        args.z.display()
    ));
    let model = Leontief::from_table(&t)?;
    let mut tables = vec![
        vector_table(
            "x",
            "indout",
            "gross output x = rowsum(Z) + rowsum(Y) (or as given)",
            &t.sectors,
            t.output.clone(),
        ),
        matrix_table(
            "A",
            "technical coefficient a_ij = z_ij / x_j (zero output: zero column)",
            &t.sectors,
            &model.a,
        ),
    ];
    if args.inverse {
        tables.push(matrix_table(
            "L",
            "Leontief inverse (I - A)^-1",
            &t.sectors,
            &model.inverse(),
        ));
    }
    let m = multipliers(&t)?;
    tables.push(multiplier_table(&m));
    tables.push(linkage_table(&linkages(&t)?, fwd));
    common::write_tables(&args.output, &tables, None, ctx)?;
    let (lo, hi) = m
        .output
        .simple
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(*v), b.max(*v))
        });
    ctx.say(format!(
        "output multipliers from {lo:.6} to {hi:.6}{}",
        if m.output.type_ii.is_some() {
            "; type II from the household-closed model"
        } else {
            ""
        }
    ));
    Ok(())
}
