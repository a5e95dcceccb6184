//! Readers of the small CSV files of the input-output and strategy
//! workflows: labelled numeric tables (an input-output table's Z, Y, x and
//! satellite accounts), the industry → input-output sector concordance, and
//! region → group mappings (super-regions, zones, functional regions).
//! Every error names the file and, where it applies, the row and column.

use crate::error::{IoError, Result};
use crate::source::{parse_value, CsvRows, ValueRules};
use crate::{CsvOptions, Source};
use regio_core::Matrix;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A labelled numeric CSV: row labels, column names, rows of values.
#[derive(Debug, Clone, PartialEq)]
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

impl Labelled {
    /// Values aligned to `sectors` (by label), summed over the columns; a
    /// sector without a row is an error naming `what` and the sector.
    pub fn aligned_sum(&self, sectors: &[String], what: &str) -> Result<Vec<f64>> {
        self.aligned(sectors, what, |r| r.iter().sum())
    }

    fn aligned(
        &self,
        sectors: &[String],
        what: &str,
        pick: impl Fn(&[f64]) -> f64,
    ) -> Result<Vec<f64>> {
        let pos: HashMap<&str, usize> = self
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| (l.as_str(), i))
            .collect();
        sectors
            .iter()
            .map(|s| {
                pos.get(s.as_str())
                    .map(|&i| pick(&self.rows[i]))
                    .ok_or_else(|| IoError::Format {
                        path: self.path.clone(),
                        message: format!("{what}: no row for sector {s:?} of Z"),
                    })
            })
            .collect()
    }
}

/// Reads a CSV whose first column holds labels and every other column
/// finite numbers; labels are non-empty and unique.
pub fn read_labelled(path: &Path) -> Result<Labelled> {
    let src = Source::file(path);
    let mut r = CsvRows::open(&src, CsvOptions::default())?;
    let columns: Vec<String> = r.headers()[1..].to_vec();
    if columns.is_empty() {
        return Err(IoError::Format {
            path: path.to_path_buf(),
            message: "expected a label column and at least one value column".into(),
        });
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
            return Err(r.cell_err(line, 0, "", "a sector label"));
        }
        if let Some(prev) = seen.insert(label.clone(), line) {
            return Err(r.cell_err(
                line,
                0,
                &label,
                &format!("a label not used before (already on line {prev})"),
            ));
        }
        if rec.len() != columns.len() + 1 {
            return Err(IoError::Format {
                path: path.to_path_buf(),
                message: format!(
                    "line {line} has {} fields, the header has {}",
                    rec.len(),
                    columns.len() + 1
                ),
            });
        }
        let mut vals = Vec::with_capacity(columns.len());
        for c in 1..=columns.len() {
            let t = CsvRows::cell(&rec, c);
            match parse_value(t, rules) {
                Ok(Some(v)) if v.is_finite() => vals.push(v),
                _ => return Err(r.cell_err(line, c, t, "a finite number")),
            }
        }
        labels.push(label);
        rows.push(vals);
        lines.push(line);
    }
    if labels.is_empty() {
        return Err(r.header_only());
    }
    Ok(Labelled {
        path: path.to_path_buf(),
        columns,
        labels,
        rows,
        lines,
    })
}

/// The satellite accounts a satellite file may hold, in any order.
pub const SATELLITES: [&str; 4] = [
    "value_added",
    "income",
    "employment",
    "household_consumption",
];

/// The files of an input-output table, read and aligned to Z's sectors.
#[derive(Debug, Clone, PartialEq)]
pub struct IoFiles {
    /// Sector labels of Z (header and first column).
    pub sectors: Vec<String>,
    /// Intermediate flows Z (seller rows, buyer columns), non-negative.
    pub z: Matrix,
    /// Final demand per sector, summed over Y's columns, when given.
    pub final_demand: Option<Vec<f64>>,
    /// Gross output per sector, when given.
    pub output: Option<Vec<f64>>,
    /// Satellite accounts (names of [`SATELLITES`]) in the file's column order.
    pub satellites: Vec<(String, Vec<f64>)>,
}

/// Reads an input-output table: Z (square, the same sector labels in the
/// header and the first column, in the same order, non-negative), final
/// demand Y (summed over its columns), gross output x (one value column) and
/// satellite accounts, each aligned to Z's sectors by label.
pub fn read_io_table(
    z: &Path,
    y: Option<&Path>,
    x: Option<&Path>,
    satellite: Option<&Path>,
) -> Result<IoFiles> {
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
        });
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
            });
        }
    }
    let zm = Matrix::from_rows(&zf.rows).map_err(|source| IoError::Domain {
        path: zf.path.clone(),
        source,
    })?;
    let final_demand = match y {
        Some(y) => Some(read_labelled(y)?.aligned_sum(&sectors, "final demand")?),
        None => None,
    };
    let output = match x {
        Some(x) => {
            let xf = read_labelled(x)?;
            if xf.columns.len() != 1 {
                return Err(IoError::Format {
                    path: xf.path.clone(),
                    message: format!("x must have one value column, found {}", xf.columns.len()),
                });
            }
            Some(xf.aligned_sum(&sectors, "gross output")?)
        }
        None => None,
    };
    let mut satellites = vec![];
    if let Some(s) = satellite {
        let sf = read_labelled(s)?;
        if let Some(bad) = sf
            .columns
            .iter()
            .find(|c| !SATELLITES.contains(&c.as_str()))
        {
            return Err(IoError::Format {
                path: sf.path.clone(),
                message: format!(
                    "unknown satellite column {bad:?}; expected any of {}",
                    SATELLITES.join(", ")
                ),
            });
        }
        for (ci, c) in sf.columns.iter().enumerate() {
            satellites.push((c.clone(), sf.aligned(&sectors, c, |r| r[ci])?));
        }
    }
    Ok(IoFiles {
        sectors,
        z: zm,
        final_demand,
        output,
        satellites,
    })
}

/// Reads a concordance (columns `industry` and `io_sector`) as (industry,
/// sector) pairs in file order; an industry listed twice with two different
/// sectors is an error naming both rows.
pub fn read_concordance(path: &Path) -> Result<Vec<(String, String)>> {
    let src = Source::file(path);
    let mut r = CsvRows::open(&src, CsvOptions::default())?;
    let ic = r.col("industry")?;
    let sc = r.col("io_sector")?;
    let mut pairs = vec![];
    let mut seen: HashMap<String, (String, u64)> = HashMap::new();
    while let Some((line, rec)) = r.next_row()? {
        let (i, s) = (
            CsvRows::cell(rec, ic).to_string(),
            CsvRows::cell(rec, sc).to_string(),
        );
        if i.is_empty() || s.is_empty() {
            let col = if i.is_empty() { ic } else { sc };
            return Err(r.cell_err(line, col, "", "an industry code and a table sector"));
        }
        match seen.get(&i) {
            Some((prev, at)) if *prev != s => {
                return Err(r.cell_err(
                    line,
                    sc,
                    &s,
                    &format!("one sector per industry ({i} is mapped to {prev} on line {at})"),
                ))
            }
            Some(_) => {}
            None => {
                seen.insert(i.clone(), (s.clone(), line));
            }
        }
        pairs.push((i, s));
    }
    if pairs.is_empty() {
        return Err(r.header_only());
    }
    Ok(pairs)
}

/// Reads a region → group mapping (a region column `region`, `region_code`
/// or `code`, and a group column `super_region`, `zone`, `group`, `label`,
/// `cluster` or `region_group`) as (region, group) pairs in file order, e.g.
/// the zones or functional regions written by other workflows.
pub fn read_region_groups(path: &Path) -> Result<Vec<(String, String)>> {
    let src = Source::file(path);
    let mut r = CsvRows::open(&src, CsvOptions::default())?;
    let h = r.headers().to_vec();
    let find = |names: &[&str]| names.iter().find_map(|n| h.iter().position(|x| x == n));
    let rc = find(&["region", "region_code", "code"]).ok_or_else(|| IoError::Format {
        path: path.to_path_buf(),
        message: format!(
            "no region column (region, region_code or code) in {}",
            h.join(", ")
        ),
    })?;
    let gc = find(&[
        "super_region",
        "zone",
        "group",
        "label",
        "cluster",
        "region_group",
    ])
    .ok_or_else(|| IoError::Format {
        path: path.to_path_buf(),
        message: format!(
            "no group column (super_region, zone, group, label or cluster) in {}",
            h.join(", ")
        ),
    })?;
    let mut pairs = vec![];
    while let Some((line, rec)) = r.next_row()? {
        let (a, b) = (
            CsvRows::cell(rec, rc).to_string(),
            CsvRows::cell(rec, gc).to_string(),
        );
        if a.is_empty() || b.is_empty() {
            let col = if a.is_empty() { rc } else { gc };
            return Err(r.cell_err(line, col, "", "a region code and a group name"));
        }
        pairs.push((a, b));
    }
    if pairs.is_empty() {
        return Err(r.header_only());
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn io_table_and_its_errors() {
        let d = tempfile::tempdir().unwrap();
        let z = file(d.path(), "Z.csv", "sector,s1,s2\ns1,150,500\ns2,200,100\n");
        let y = file(d.path(), "Y.csv", "sector,a,b\ns2,1000,700\ns1,300,50\n");
        let s = file(
            d.path(),
            "s.csv",
            "sector,income,employment\ns1,3,1\ns2,5,4\n",
        );
        let t = read_io_table(&z, Some(&y), None, Some(&s)).unwrap();
        assert_eq!(t.sectors, ["s1", "s2"]);
        assert_eq!(t.final_demand, Some(vec![350.0, 1700.0]));
        assert_eq!(t.satellites[1], ("employment".into(), vec![1.0, 4.0]));
        let bad = file(d.path(), "N.csv", "sector,s1,s2\ns1,1,-5\ns2,2,1\n");
        let e = read_io_table(&bad, None, None, None).unwrap_err();
        assert!(
            matches!(e, IoError::Cell { row: 2, ref column, .. } if column == "s2"),
            "{e}"
        );
        let e = read_labelled(&file(d.path(), "T.csv", "sector,v\ns1,abc\n")).unwrap_err();
        assert!(
            e.to_string().contains("abc") && e.to_string().contains("row 2"),
            "{e}"
        );
        let e = read_io_table(&z, None, None, Some(&y)).unwrap_err();
        assert!(e.to_string().contains("unknown satellite column"), "{e}");
    }

    #[test]
    fn concordance_and_groups() {
        let d = tempfile::tempdir().unwrap();
        let c = file(d.path(), "c.csv", "industry,io_sector\nA,p\nB,p\nA,p\n");
        assert_eq!(read_concordance(&c).unwrap().len(), 3);
        let c = file(d.path(), "c2.csv", "industry,io_sector\nA,p\nB,p\nA,q\n");
        let e = read_concordance(&c).unwrap_err();
        assert!(matches!(e, IoError::Cell { row: 4, .. }), "{e}");
        assert!(e.to_string().contains("line 2"), "{e}");
        let g = file(d.path(), "g.csv", "code,zone\n11,a\n26,b\n");
        assert_eq!(
            read_region_groups(&g).unwrap()[1],
            ("26".into(), "b".into())
        );
        let g = file(d.path(), "g2.csv", "code,zone\n11,\n");
        let e = read_region_groups(&g).unwrap_err();
        assert!(
            matches!(e, IoError::Cell { row: 2, ref column, .. } if column == "zone"),
            "{e}"
        );
        let g = file(d.path(), "g3.csv", "name,zone\n11,a\n");
        assert!(read_region_groups(&g).is_err());
    }
}
