//! Table writers: every result [`Table`] as CSV, JSON, Parquet, or GeoJSON
//! (region rows joined to boundaries). Files are written atomically: to a
//! temporary file in the same directory, then renamed, so a failed run never
//! leaves a half-written output.

use crate::{IoError, Result};
use regio_core::{Boundaries, Column, Table};
use std::io::Write;
use std::path::{Path, PathBuf};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Comma-separated values, UTF-8, header row, empty cell = missing.
    Csv,
    /// JSON: `{"table", "columns": [{name, type, doc}], "rows": [{...}]}`.
    Json,
    /// Apache Parquet (column docs stored as field metadata).
    Parquet,
    /// GeoJSON FeatureCollection: the table's rows joined to boundaries by region code.
    GeoJson,
}

impl Format {
    /// Parses `csv`, `json`, `parquet`, `geojson`.
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "parquet" | "pq" => Some(Format::Parquet),
            "geojson" => Some(Format::GeoJson),
            _ => None,
        }
    }

    /// File extension.
    pub fn ext(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Parquet => "parquet",
            Format::GeoJson => "geojson",
        }
    }
}

pub use crate::atomic::write_atomic_with;

fn werr(path: &Path) -> impl Fn(std::io::Error) -> IoError + '_ {
    move |source| IoError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes a table into `dir` as `<table.name>.<ext>`; returns the path written.
/// GeoJSON needs `boundaries` and a table with a region key column.
pub fn write_table(
    dir: &Path,
    table: &Table,
    format: Format,
    boundaries: Option<&Boundaries>,
) -> Result<PathBuf> {
    let path = dir.join(format!("{}.{}", table.name, format.ext()));
    match format {
        Format::Csv => write_atomic_with(&path, |w| write_csv(w, table, &path)),
        Format::Json => write_atomic_with(&path, |w| {
            let v = table_json(table);
            serde_json::to_writer_pretty(&mut *w, &v).map_err(|e| werr(&path)(e.into()))?;
            w.write_all(b"\n").map_err(werr(&path))
        }),
        Format::Parquet => write_parquet_table(&path, table),
        Format::GeoJson => {
            let b = boundaries.ok_or_else(|| IoError::Format {
                path: path.clone(),
                message: "GeoJSON output needs boundaries (give a boundary file or use the demo)"
                    .into(),
            })?;
            let key = table.region_key.as_deref().ok_or_else(|| IoError::Format {
                path: path.clone(),
                message: format!("table {} has no region column to join to boundaries; write it as csv, json or parquet", table.name),
            })?;
            let _ = key;
            crate::geo::write_geojson(&path, table, b)
        }
    }?;
    Ok(path)
}

/// Writes a table as CSV to a writer.
pub fn write_csv(w: &mut dyn Write, table: &Table, path: &Path) -> Result<()> {
    let mut cw = csv::Writer::from_writer(w);
    let e = |e: csv::Error| IoError::Format {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    cw.write_record(table.names()).map_err(e)?;
    for r in 0..table.n_rows() {
        cw.write_record(table.columns.iter().map(|c| c.text(r)))
            .map_err(e)?;
    }
    cw.flush().map_err(werr(path))
}

/// A table as a JSON value: name, column schema with docs, rows as objects.
pub fn table_json(table: &Table) -> serde_json::Value {
    use serde_json::{json, Map, Value};
    let columns: Vec<Value> = table
        .specs
        .iter()
        .zip(&table.columns)
        .map(|(s, c)| json!({"name": s.name, "type": c.type_name(), "doc": s.doc}))
        .collect();
    let rows: Vec<Value> = (0..table.n_rows())
        .map(|r| {
            let mut m = Map::new();
            for (s, c) in table.specs.iter().zip(&table.columns) {
                m.insert(s.name.clone(), cell_json(c, r));
            }
            Value::Object(m)
        })
        .collect();
    json!({"table": table.name, "region_key": table.region_key, "columns": columns, "rows": rows})
}

/// One cell as JSON (`null` when missing; non-finite floats never appear).
pub fn cell_json(c: &Column, r: usize) -> serde_json::Value {
    use serde_json::Value;
    match c {
        Column::Str(_) | Column::Cat(_) => c
            .str_at(r)
            .map_or(Value::Null, |x| Value::String(x.to_string())),
        Column::F64(v) => v[r]
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Null, Value::Number),
        Column::I64(v) => v[r].map_or(Value::Null, |x| Value::Number(x.into())),
        Column::Bool(v) => v[r].map_or(Value::Null, Value::Bool),
    }
}

#[cfg(feature = "parquet")]
fn write_parquet_table(path: &Path, table: &Table) -> Result<()> {
    use arrow_array::{ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch, StringArray};
    use arrow_schema::{DataType, Field, Schema};
    use std::collections::HashMap;
    use std::sync::Arc;
    let mut fields = Vec::new();
    let mut arrays: Vec<ArrayRef> = Vec::new();
    for (s, c) in table.specs.iter().zip(&table.columns) {
        let (dt, arr): (DataType, ArrayRef) = match c {
            Column::Str(v) => (DataType::Utf8, Arc::new(StringArray::from(v.clone()))),
            Column::Cat(c) => (
                DataType::Utf8,
                Arc::new(
                    (0..c.codes().len())
                        .map(|r| c.get(r))
                        .collect::<StringArray>(),
                ),
            ),
            Column::F64(v) => (DataType::Float64, Arc::new(Float64Array::from(v.clone()))),
            Column::I64(v) => (DataType::Int64, Arc::new(Int64Array::from(v.clone()))),
            Column::Bool(v) => (DataType::Boolean, Arc::new(BooleanArray::from(v.clone()))),
        };
        fields.push(
            Field::new(&s.name, dt, true)
                .with_metadata(HashMap::from([("doc".to_string(), s.doc.clone())])),
        );
        arrays.push(arr);
    }
    let schema = Arc::new(Schema::new(fields));
    let batch = RecordBatch::try_new(schema.clone(), arrays).map_err(|e| IoError::Format {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    crate::parquet_io::write_batch(path, schema, &batch)
}

#[cfg(not(feature = "parquet"))]
fn write_parquet_table(path: &Path, _table: &Table) -> Result<()> {
    Err(IoError::Format {
        path: path.to_path_buf(),
        message: "this build of regio has no Parquet support (feature \"parquet\" disabled)".into(),
    })
}
