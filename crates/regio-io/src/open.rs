//! Opening what a user points at: a `regio.toml` manifest, a single data
//! file (long CSV panel, flow CSV, attribute CSV, Parquet panel, boundary
//! file), or one of the embedded demos. The kind of a single CSV is told by
//! its columns: origin and destination make flows, an industry column makes
//! a long panel, anything else region attributes.

use crate::panels::LongPanelSpec;
use crate::source::CsvRows;
use crate::{CsvOptions, Encoding, IoError, Result, Source};
use regio_core::Dataset;
use std::path::{Path, PathBuf};

/// The embedded demos by name.
pub const DEMOS: [&str; 2] = ["korea", "trade"];

/// Column names of a single CSV input; `None` takes the usual names
/// (`region`/`region_code`/`code`, `industry`/`industry_code`/`sector`,
/// `year`, `value`, `measure`, `series`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    /// Region codes.
    pub region: Option<String>,
    /// Industry codes.
    pub industry: Option<String>,
    /// Years.
    pub year: Option<String>,
    /// Values (for Parquet: the measure's name).
    pub value: Option<String>,
    /// The measure of each row.
    pub measure: Option<String>,
    /// The series (basis) of each row.
    pub series: Option<String>,
}

/// An embedded demo by name ([`DEMOS`]).
pub fn demo(name: &str) -> Result<Dataset> {
    match name {
        "korea" => crate::demo::korea(),
        "trade" => crate::demo::trade(),
        other => Err(IoError::Format {
            path: PathBuf::from(format!("demo:{other}")),
            message: format!("no embedded demo {other:?}; expected korea or trade"),
        }),
    }
}

/// Opens a manifest or a single data file, told by its extension.
pub fn open(path: &Path, columns: &Columns, encoding: Option<Encoding>) -> Result<Dataset> {
    if !path.exists() {
        return Err(IoError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "file not found"),
        });
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    let opts = CsvOptions {
        encoding,
        delimiter: None,
    };
    let one = |ds: Dataset| Dataset {
        name: stem(path),
        sources: vec![path.display().to_string()],
        ..ds
    };
    match ext.as_str() {
        "toml" => crate::manifest::load_manifest(path),
        "csv" | "tsv" | "txt" => single_csv(path, columns, opts).map(one),
        #[cfg(feature = "parquet")]
        "parquet" | "pq" => {
            let measure = columns.value.clone().unwrap_or_else(|| "value".into());
            let read = crate::parquet_io::read_panels_parquet(path, &measure, false)?;
            Ok(one(Dataset {
                panels: read.panels,
                ..Default::default()
            }))
        }
        "geojson" | "json" | "topojson" | "shp" => {
            let (b, _props) =
                crate::geo::read_boundaries(path, &crate::geo::FeatureKeys::default())?;
            let mut ds = one(Dataset::default());
            ds.boundaries.insert(stem(path), b);
            Ok(ds)
        }
        _ => Err(IoError::Format {
            path: path.to_path_buf(),
            message: "unknown input type; expected regio.toml, .csv, .parquet, .geojson, .json, .topojson or .shp".into(),
        }),
    }
}

/// The file name without its extension (the name of a single file's part).
pub fn stem(p: &Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "data".into())
}

fn pick(headers: &[String], given: &Option<String>, defaults: &[&str]) -> Option<String> {
    if let Some(g) = given {
        return Some(g.clone());
    }
    defaults
        .iter()
        .find(|d| headers.iter().any(|h| h == *d))
        .map(|s| s.to_string())
}

/// A single CSV: a long panel when it has an industry column, flows when it
/// has origin and destination columns, region attributes otherwise.
fn single_csv(path: &Path, c: &Columns, opts: CsvOptions) -> Result<Dataset> {
    let src = Source::file(path);
    let headers = CsvRows::open(&src, opts)?.headers().to_vec();
    let mut ds = Dataset::default();
    let region = pick(&headers, &c.region, &["region", "region_code", "code"]);
    let industry = pick(
        &headers,
        &c.industry,
        &["industry", "industry_code", "sector"],
    );
    let has_od =
        headers.iter().any(|h| h == "origin") && headers.iter().any(|h| h == "destination");
    if has_od && c.industry.is_none() {
        let mut spec = crate::flows::FlowsSpec::new(&stem(path));
        spec.year_col = pick(&headers, &c.year, &["year"]);
        spec.value_col = pick(&headers, &c.value, &["value", "flow", "moved", "count"])
            .unwrap_or_else(|| "value".into());
        let (f, _) = crate::flows::read_flows(&src, &spec, opts)?;
        ds.flows.insert(stem(path), f);
        return Ok(ds);
    }
    let region = region.ok_or_else(|| IoError::Format {
        path: path.to_path_buf(),
        message: format!(
            "no region column found (columns: {}); name the region column",
            crate::source::fragment(&headers.join(", "))
        ),
    })?;
    match industry {
        Some(industry) => {
            let value = pick(&headers, &c.value, &["value"]).unwrap_or_else(|| "value".into());
            let mut spec = LongPanelSpec::new(&value);
            spec.region_col = region;
            spec.industry_col = industry;
            spec.year_col = pick(&headers, &c.year, &["year"]).unwrap_or_else(|| "year".into());
            spec.value_col = value;
            spec.measure_col = pick(&headers, &c.measure, &["measure"]);
            spec.series_col = pick(&headers, &c.series, &["series"]);
            spec.flag_col = pick(&headers, &None, &["flag"]);
            spec.region_name_col = pick(&headers, &None, &["region_name"]);
            spec.industry_name_col = pick(&headers, &None, &["industry_name"]);
            ds.panels = crate::panels::read_long_panel(&src, &spec, opts)?.panels;
        }
        None => {
            let spec = crate::attributes::AttributesSpec {
                region_col: region,
                name_col: pick(&headers, &None, &["region_name", "name"]),
                ..Default::default()
            };
            let attrs = crate::attributes::read_attributes(&src, &spec, opts)?;
            ds.attributes.insert(stem(path), attrs);
        }
    }
    Ok(ds)
}
