//! Parquet long panels (Apache Parquet via the arrow/parquet crates): write
//! panels as a long table `region, region_name, industry, industry_name, year,
//! measure, series, value` (missing cells as nulls) and read them back,
//! batch by batch, losslessly (same keys, regions, industries, years, values).

use crate::panels::{PanelBuilder, PanelRead};
use crate::{IoError, Result};
use arrow_array::{Array, ArrayRef, Float64Array, Int32Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use regio_core::Panel;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

fn fmt_err(path: &Path, e: impl std::fmt::Display) -> IoError {
    IoError::Format {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// Writes one record batch to a Parquet file atomically (snappy compression).
pub fn write_batch(path: &Path, schema: SchemaRef, batch: &RecordBatch) -> Result<()> {
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    let mut buf: Vec<u8> = Vec::new();
    let mut writer =
        ArrowWriter::try_new(&mut buf, schema, Some(props)).map_err(|e| fmt_err(path, e))?;
    writer.write(batch).map_err(|e| fmt_err(path, e))?;
    writer.close().map_err(|e| fmt_err(path, e))?;
    crate::atomic::write_atomic(path, &buf)
}

/// The long-panel Parquet schema.
pub fn panel_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("region", DataType::Utf8, false),
        Field::new("region_name", DataType::Utf8, true),
        Field::new("industry", DataType::Utf8, false),
        Field::new("industry_name", DataType::Utf8, true),
        Field::new("year", DataType::Int32, false),
        Field::new("measure", DataType::Utf8, false),
        Field::new("series", DataType::Utf8, true),
        Field::new("value", DataType::Float64, true),
    ]))
}

/// Writes panels (keyed `measure` or `measure@series`) as one long Parquet file.
pub fn write_panels_parquet(path: &Path, panels: &BTreeMap<String, Panel>) -> Result<()> {
    let mut region = Vec::new();
    let mut region_name = Vec::new();
    let mut industry = Vec::new();
    let mut industry_name = Vec::new();
    let mut year = Vec::new();
    let mut measure = Vec::new();
    let mut series: Vec<Option<String>> = Vec::new();
    let mut value = Vec::new();
    for (key, p) in panels {
        let (m, s) = match key.split_once('@') {
            Some((m, s)) => (m.to_string(), Some(s.to_string())),
            None => (key.clone(), None),
        };
        for (yi, &y) in p.years.iter().enumerate() {
            for (ri, r) in p.regions.iter().enumerate() {
                for (ii, ind) in p.industries.iter().enumerate() {
                    region.push(r.code.clone());
                    region_name.push(Some(r.name.clone()));
                    industry.push(ind.code.clone());
                    industry_name.push(Some(ind.name.clone()));
                    year.push(y);
                    measure.push(m.clone());
                    series.push(s.clone());
                    value.push(p.get(yi, ri, ii));
                }
            }
        }
    }
    let schema = panel_schema();
    let cols: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from(region)),
        Arc::new(StringArray::from(region_name)),
        Arc::new(StringArray::from(industry)),
        Arc::new(StringArray::from(industry_name)),
        Arc::new(Int32Array::from(year)),
        Arc::new(StringArray::from(measure)),
        Arc::new(StringArray::from(series)),
        Arc::new(Float64Array::from(value)),
    ];
    let batch = RecordBatch::try_new(schema.clone(), cols).map_err(|e| fmt_err(path, e))?;
    write_batch(path, schema, &batch)
}

fn str_col<'a>(b: &'a RecordBatch, name: &str, path: &Path) -> Result<&'a StringArray> {
    b.column_by_name(name)
        .and_then(|c| c.as_any().downcast_ref::<StringArray>())
        .ok_or_else(|| fmt_err(path, format!("expected a string column {name:?} (long panel schema: region, industry, year, value[, measure, series])")))
}

/// Reads a long Parquet panel: required columns `region, industry, year, value`
/// (year Int32 or Int64, value Float64 or Int64), optional `region_name`,
/// `industry_name`, `measure` (default `measure_default`), `series`.
pub fn read_panels_parquet(path: &Path, measure_default: &str, counts: bool) -> Result<PanelRead> {
    crate::source::check_file(path)?;
    let f = std::fs::File::open(path).map_err(|source| IoError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(f)
        .map_err(|e| fmt_err(path, e))?
        .build()
        .map_err(|e| fmt_err(path, e))?;
    let mut b = PanelBuilder::default();
    let mut row_base = 0u64;
    let mut any = false;
    for batch in reader {
        let batch = batch.map_err(|e| fmt_err(path, e))?;
        let reg = str_col(&batch, "region", path)?;
        let ind = str_col(&batch, "industry", path)?;
        let regn = batch
            .column_by_name("region_name")
            .and_then(|c| c.as_any().downcast_ref::<StringArray>());
        let indn = batch
            .column_by_name("industry_name")
            .and_then(|c| c.as_any().downcast_ref::<StringArray>());
        let meas = batch
            .column_by_name("measure")
            .and_then(|c| c.as_any().downcast_ref::<StringArray>());
        let ser = batch
            .column_by_name("series")
            .and_then(|c| c.as_any().downcast_ref::<StringArray>());
        let ycol = batch
            .column_by_name("year")
            .ok_or_else(|| fmt_err(path, "no column \"year\""))?;
        let years: Vec<Option<i64>> = if let Some(a) = ycol.as_any().downcast_ref::<Int32Array>() {
            a.iter().map(|v| v.map(i64::from)).collect()
        } else if let Some(a) = ycol.as_any().downcast_ref::<arrow_array::Int64Array>() {
            a.iter().collect()
        } else {
            return Err(fmt_err(path, "column \"year\": expected integers"));
        };
        let vcol = batch
            .column_by_name("value")
            .ok_or_else(|| fmt_err(path, "no column \"value\""))?;
        let values: Vec<Option<f64>> = if let Some(a) = vcol.as_any().downcast_ref::<Float64Array>()
        {
            a.iter().collect()
        } else if let Some(a) = vcol.as_any().downcast_ref::<arrow_array::Int64Array>() {
            a.iter().map(|v| v.map(|x| x as f64)).collect()
        } else {
            return Err(fmt_err(path, "column \"value\": expected float64 or int64"));
        };
        for k in 0..batch.num_rows() {
            any = true;
            let row = row_base + k as u64 + 1;
            let cell_err = |column: &str, found: String, expected: &str| IoError::Cell {
                path: path.to_path_buf(),
                row,
                column: column.into(),
                found,
                expected: expected.into(),
            };
            if reg.is_null(k) || ind.is_null(k) {
                return Err(cell_err("region/industry", "null".into(), "a code"));
            }
            let y = years[k].ok_or_else(|| cell_err("year", "null".into(), "a year"))?;
            let y = i32::try_from(y).map_err(|_| cell_err("year", y.to_string(), "a year"))?;
            let v = values[k];
            if let Some(x) = v {
                if !x.is_finite() {
                    return Err(cell_err(
                        "value",
                        x.to_string(),
                        "a finite number (null for missing)",
                    ));
                }
                if counts && x < 0.0 {
                    return Err(cell_err("value", x.to_string(), "a non-negative count"));
                }
            }
            let m = meas
                .filter(|a| !a.is_null(k))
                .map_or(measure_default, |a| a.value(k));
            let key = match ser.filter(|a| !a.is_null(k)) {
                Some(a) => format!("{m}@{}", a.value(k)),
                None => m.to_string(),
            };
            let r = b.region(
                reg.value(k),
                regn.filter(|a| !a.is_null(k)).map_or("", |a| a.value(k)),
            );
            let i = b.industry(
                ind.value(k),
                indn.filter(|a| !a.is_null(k)).map_or("", |a| a.value(k)),
            );
            if !b.insert(&key, r, i, y, v) {
                return Err(fmt_err(
                    path,
                    format!(
                        "row {row}: duplicate (region, industry, year) key ({}, {}, {y}) in {key}",
                        reg.value(k),
                        ind.value(k)
                    ),
                ));
            }
        }
        row_base += batch.num_rows() as u64;
    }
    if !any {
        return Err(fmt_err(path, "no rows: expected a long panel"));
    }
    let panels = b.build().map_err(|source| IoError::Domain {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(PanelRead {
        panels,
        ..Default::default()
    })
}
