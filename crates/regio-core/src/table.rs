//! Result tables: every analysis returns tables with named, documented,
//! typed columns, so each can be written as CSV, Parquet, JSON or GeoJSON
//! properties without special cases.

use crate::{Error, Result};

/// A typed column; `None` is a missing / undefined value.
#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    /// Text.
    Str(Vec<Option<String>>),
    /// Text stored as indices into a list of distinct values (a categorical or
    /// dictionary column, as Arrow's dictionary arrays and R's factors): long
    /// tables repeat a few thousand region and industry codes millions of
    /// times. Reads and writes exactly like [`Column::Str`].
    Cat(Categorical),
    /// Floating point numbers.
    F64(Vec<Option<f64>>),
    /// Integers.
    I64(Vec<Option<i64>>),
    /// Booleans.
    Bool(Vec<Option<bool>>),
}

/// The storage of a [`Column::Cat`]: distinct values and one index per row.
#[derive(Debug, Clone, PartialEq)]
pub struct Categorical {
    levels: Vec<String>,
    codes: Vec<Option<u32>>,
}

impl Categorical {
    /// A categorical column; fails when an index is out of range or there are
    /// more than `u32::MAX` levels.
    pub fn new(levels: Vec<String>, codes: Vec<Option<u32>>) -> Result<Self> {
        if u32::try_from(levels.len()).is_err() {
            return Err(Error::invalid(format!(
                "{} distinct values are too many for a categorical column",
                levels.len()
            )));
        }
        if let Some(c) = codes
            .iter()
            .flatten()
            .find(|&&c| c as usize >= levels.len())
        {
            return Err(Error::invalid(format!(
                "categorical index {c} is out of range for {} values",
                levels.len()
            )));
        }
        Ok(Categorical { levels, codes })
    }

    /// The distinct values.
    pub fn levels(&self) -> &[String] {
        &self.levels
    }

    /// The value index of every row (`None` = missing).
    pub fn codes(&self) -> &[Option<u32>] {
        &self.codes
    }

    /// The text at `row`.
    pub fn get(&self, row: usize) -> Option<&str> {
        self.codes[row].map(|c| self.levels[c as usize].as_str())
    }
}

impl Column {
    /// The text at `row` of a text column (`Str` or `Cat`); `None` when the
    /// cell is missing or the column is not text.
    pub fn str_at(&self, row: usize) -> Option<&str> {
        match self {
            Column::Str(v) => v[row].as_deref(),
            Column::Cat(c) => c.get(row),
            _ => None,
        }
    }

    /// A `Cat` column converted to plain `Str`; other columns unchanged.
    pub fn into_plain(self) -> Column {
        match self {
            Column::Cat(c) => Column::Str(
                c.codes
                    .iter()
                    .map(|k| k.map(|k| c.levels[k as usize].clone()))
                    .collect(),
            ),
            other => other,
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            Column::Str(v) => v.len(),
            Column::Cat(c) => c.codes.len(),
            Column::F64(v) => v.len(),
            Column::I64(v) => v.len(),
            Column::Bool(v) => v.len(),
        }
    }

    /// True when the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The cell at `row` rendered as text (empty when missing). Floats use
    /// Rust's shortest round-trip representation, so text output is lossless.
    pub fn text(&self, row: usize) -> String {
        match self {
            Column::Str(v) => v[row].clone().unwrap_or_default(),
            Column::Cat(c) => c.get(row).unwrap_or_default().to_string(),
            Column::F64(v) => v[row].map(|x| format!("{x:?}")).unwrap_or_default(),
            Column::I64(v) => v[row].map(|x| x.to_string()).unwrap_or_default(),
            Column::Bool(v) => v[row].map(|x| x.to_string()).unwrap_or_default(),
        }
    }

    /// The cell as `f64` if numeric and present.
    pub fn f64(&self, row: usize) -> Option<f64> {
        match self {
            Column::F64(v) => v[row],
            Column::I64(v) => v[row].map(|x| x as f64),
            _ => None,
        }
    }

    /// Name of the type, for schemas and messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Column::Str(_) | Column::Cat(_) => "string",
            Column::F64(_) => "float64",
            Column::I64(_) => "int64",
            Column::Bool(_) => "bool",
        }
    }
}

/// Name and documentation of a column.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnSpec {
    /// Column name (snake_case).
    pub name: String,
    /// One line: what the column holds, units, and the formula's source.
    pub doc: String,
}

/// A named table of equal-length typed columns.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Table name, used as the output file stem (e.g. `"specialisation"`).
    pub name: String,
    /// Column specifications, aligned with `columns`.
    pub specs: Vec<ColumnSpec>,
    /// Column data.
    pub columns: Vec<Column>,
    /// Name of the column holding region codes that join to boundaries, if any.
    pub region_key: Option<String>,
}

impl Table {
    /// An empty table.
    pub fn new(name: impl Into<String>) -> Self {
        Table {
            name: name.into(),
            ..Default::default()
        }
    }

    /// Marks the column holding region codes (for GeoJSON output).
    pub fn with_region_key(mut self, col: impl Into<String>) -> Self {
        self.region_key = Some(col.into());
        self
    }

    /// Adds a column; panics on a length mismatch, which is a programming error.
    pub fn push(&mut self, name: &str, doc: &str, col: Column) -> &mut Self {
        if let Some(first) = self.columns.first() {
            assert_eq!(
                first.len(),
                col.len(),
                "column {name} of table {} has the wrong length",
                self.name
            );
        }
        assert!(
            self.column(name).is_none(),
            "duplicate column {name} in table {}",
            self.name
        );
        self.specs.push(ColumnSpec {
            name: name.into(),
            doc: doc.into(),
        });
        self.columns.push(col);
        self
    }

    /// Adds a text column.
    pub fn push_str(&mut self, name: &str, doc: &str, v: Vec<String>) -> &mut Self {
        self.push(name, doc, Column::Str(v.into_iter().map(Some).collect()))
    }

    /// Adds a text column stored as indices into `levels` (see
    /// [`Column::Cat`]); panics on an index out of range, which is a
    /// programming error.
    pub fn push_cat(
        &mut self,
        name: &str,
        doc: &str,
        levels: Vec<String>,
        codes: Vec<u32>,
    ) -> &mut Self {
        let c = Categorical::new(levels, codes.into_iter().map(Some).collect())
            .unwrap_or_else(|e| panic!("column {name} of table {}: {e}", self.name));
        self.push(name, doc, Column::Cat(c))
    }

    /// Adds a float column where every value is defined; non-finite values
    /// become missing so no NaN reaches an output.
    pub fn push_f64(&mut self, name: &str, doc: &str, v: Vec<f64>) -> &mut Self {
        self.push(
            name,
            doc,
            Column::F64(v.into_iter().map(|x| x.is_finite().then_some(x)).collect()),
        )
    }

    /// Adds a float column with explicit missing values (non-finite → missing).
    pub fn push_opt_f64(&mut self, name: &str, doc: &str, v: Vec<Option<f64>>) -> &mut Self {
        self.push(
            name,
            doc,
            Column::F64(v.into_iter().map(|x| x.filter(|x| x.is_finite())).collect()),
        )
    }

    /// Adds an integer column.
    pub fn push_i64(&mut self, name: &str, doc: &str, v: Vec<i64>) -> &mut Self {
        self.push(name, doc, Column::I64(v.into_iter().map(Some).collect()))
    }

    /// Adds a boolean column.
    pub fn push_bool(&mut self, name: &str, doc: &str, v: Vec<bool>) -> &mut Self {
        self.push(name, doc, Column::Bool(v.into_iter().map(Some).collect()))
    }

    /// Number of rows.
    pub fn n_rows(&self) -> usize {
        self.columns.first().map_or(0, |c| c.len())
    }

    /// Column by name.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.specs
            .iter()
            .position(|s| s.name == name)
            .map(|i| &self.columns[i])
    }

    /// Column by name, or an error naming the table and the columns it has.
    pub fn require(&self, name: &str) -> Result<&Column> {
        self.column(name).ok_or_else(|| {
            Error::invalid(format!(
                "table {} has no column {name:?} (columns: {})",
                self.name,
                self.specs
                    .iter()
                    .map(|s| s.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })
    }

    /// Column names in order.
    pub fn names(&self) -> Vec<&str> {
        self.specs.iter().map(|s| s.name.as_str()).collect()
    }

    /// Stacks tables with the same columns (names and types) row-wise, under
    /// the first table's name, docs and region key; `None` for no tables.
    /// Categorical columns become plain text. Fails naming the first table
    /// and column that do not match.
    pub fn stack(tables: Vec<Table>) -> Result<Option<Table>> {
        let mut it = tables.into_iter();
        let Some(mut first) = it.next() else {
            return Ok(None);
        };
        for t in it {
            if t.names() != first.names() {
                return Err(Error::invalid(format!(
                    "cannot stack table {} (columns {}) onto {} (columns {})",
                    t.name,
                    t.names().join(", "),
                    first.name,
                    first.names().join(", ")
                )));
            }
            for (k, b) in t.columns.into_iter().enumerate() {
                let a = &mut first.columns[k];
                let plain = std::mem::replace(a, Column::Bool(Vec::new())).into_plain();
                *a = match (plain, b.into_plain()) {
                    (Column::Str(mut x), Column::Str(y)) => {
                        x.extend(y);
                        Column::Str(x)
                    }
                    (Column::F64(mut x), Column::F64(y)) => {
                        x.extend(y);
                        Column::F64(x)
                    }
                    (Column::I64(mut x), Column::I64(y)) => {
                        x.extend(y);
                        Column::I64(x)
                    }
                    (Column::Bool(mut x), Column::Bool(y)) => {
                        x.extend(y);
                        Column::Bool(x)
                    }
                    (x, y) => {
                        return Err(Error::invalid(format!(
                            "cannot stack column {} of table {}: {} onto {}",
                            first.specs[k].name,
                            t.name,
                            y.type_name(),
                            x.type_name()
                        )))
                    }
                };
            }
        }
        Ok(Some(first))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nan_never_reaches_output() {
        let mut t = Table::new("t");
        t.push_str("region", "code", vec!["a".into(), "b".into()])
            .push_f64("x", "value", vec![1.5, f64::NAN]);
        assert_eq!(t.column("x").unwrap().text(1), "");
        assert_eq!(t.column("x").unwrap().text(0), "1.5");
        assert!(t
            .require("y")
            .unwrap_err()
            .to_string()
            .contains("region, x"));
    }

    #[test]
    fn categorical_reads_like_text() {
        let mut t = Table::new("t");
        t.push_cat(
            "region",
            "code",
            vec!["a".into(), "b".into()],
            vec![1, 0, 1],
        );
        let c = t.column("region").unwrap();
        assert_eq!(c.type_name(), "string");
        assert_eq!(
            (0..3).map(|r| c.text(r)).collect::<Vec<_>>(),
            ["b", "a", "b"]
        );
        assert_eq!(c.str_at(2), Some("b"));
        assert_eq!(
            c.clone().into_plain(),
            Column::Str(vec![Some("b".into()), Some("a".into()), Some("b".into())])
        );
        assert!(Categorical::new(vec!["a".into()], vec![Some(1)]).is_err());
    }

    #[test]
    fn stack_appends_rows_and_refuses_other_columns() {
        let mut a = Table::new("a");
        a.push_cat("r", "code", vec!["x".into(), "y".into()], vec![1, 0])
            .push_f64("v", "value", vec![1.0, 2.0]);
        let mut b = Table::new("b");
        b.push_str("r", "code", vec!["z".into()])
            .push_f64("v", "value", vec![3.0]);
        let t = Table::stack(vec![a.clone(), b]).unwrap().unwrap();
        assert_eq!(t.name, "a");
        let r = t.column("r").unwrap();
        assert_eq!(
            (0..3).map(|i| r.text(i)).collect::<Vec<_>>(),
            ["y", "x", "z"]
        );
        assert_eq!(t.column("v").unwrap().f64(2), Some(3.0));
        let mut c = Table::new("c");
        c.push_str("r", "code", vec!["z".into()])
            .push_str("v", "value", vec!["3".into()]);
        assert!(Table::stack(vec![a.clone(), c]).is_err());
        let mut d = Table::new("d");
        d.push_str("q", "code", vec!["z".into()]);
        assert!(Table::stack(vec![a, d]).is_err());
        assert!(Table::stack(Vec::new()).unwrap().is_none());
    }
}
