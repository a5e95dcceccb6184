//! The dataset manifest `regio.toml`: names the files of a dataset and how
//! to read them (panels, attributes, flows, boundaries, crosswalks). Paths
//! are relative to the manifest's folder (absolute paths and `../` are fine);
//! a path that does not exist is an error naming the manifest entry.
//!
//! ```toml
//! name = "Korea si-do industries"
//! encoding = "cp949"            # optional default for every file; detected otherwise
//!
//! [[panel]]
//! file = "establishments.csv"   # long: region, industry, year, value[, measure][, series][, flag]
//! region_col = "region_code"
//! industry_col = "industry_code"
//! measure_col = "measure"
//! series_col = "series"
//! total_regions = ["00"]
//! total_industries = ["TOTAL"]
//! counts = true
//!
//! [[panel]]
//! file = "kosis_export.csv"
//! layout = "kosis"              # long | wide | kosis | parquet
//! region_codes = "sido"         # label | sido | ksic
//! industry_codes = "ksic"
//! measures = { "사업체수 (개)" = "establishments" }
//! series = "pre2020"
//!
//! [[attributes]]
//! name = "carbon"
//! file = "carbon.csv"
//! region_col = "region_code"
//!
//! [[flows]]
//! name = "migration"
//! file = "migration.csv"
//! origin_col = "origin"
//! destination_col = "destination"
//! year_col = "year"
//! value_col = "moved"
//!
//! [[boundaries]]
//! name = "sigungu"
//! file = "sigungu.geojson"      # GeoJSON, TopoJSON or Shapefile (.shp)
//! code_field = "code"
//!
//! [[crosswalk]]
//! name = "kostat_to_mois"
//! file = "crosswalk.csv"
//! from_col = "kostat_code_2018"
//! to_col = "mois_code_2022"
//! ```

use crate::attributes::{read_attributes, AttributesSpec};
use crate::crosswalk::{read_crosswalk, Crosswalk};
use crate::flows::{read_flow_matrix, read_flows, FlowsSpec};
use crate::kosis::{kosis_to_panels, read_kosis, CodeMap, KosisPanelSpec, TotalsPolicy};
use crate::panels::{read_long_panel, read_wide_panel, LongPanelSpec, WideColumns, WidePanelSpec};
use crate::{CsvOptions, Encoding, IoError, Result, Source};
use regio_core::Dataset;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The manifest as written in `regio.toml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Dataset name.
    #[serde(default)]
    pub name: Option<String>,
    /// Default encoding of every file (`utf-8` or `cp949`); detected when absent.
    #[serde(default)]
    pub encoding: Option<String>,
    /// Panel files.
    #[serde(default, rename = "panel")]
    pub panels: Vec<PanelEntry>,
    /// Attribute files.
    #[serde(default)]
    pub attributes: Vec<AttributesEntry>,
    /// Flow files.
    #[serde(default)]
    pub flows: Vec<FlowsEntry>,
    /// Boundary files.
    #[serde(default)]
    pub boundaries: Vec<BoundariesEntry>,
    /// Code crosswalks.
    #[serde(default, rename = "crosswalk")]
    pub crosswalks: Vec<CrosswalkEntry>,
    /// Provenance lines.
    #[serde(default)]
    pub sources: Vec<String>,
}

/// A `[[panel]]` entry.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PanelEntry {
    /// The file.
    pub file: PathBuf,
    /// `long` (default), `wide`, `kosis` or `parquet`.
    #[serde(default)]
    pub layout: Option<String>,
    /// Measure name when the file has no measure column (default: the value column's name).
    #[serde(default)]
    pub measure: Option<String>,
    /// Region code column (long/wide; default `region`).
    #[serde(default)]
    pub region_col: Option<String>,
    /// Region name column.
    #[serde(default)]
    pub region_name_col: Option<String>,
    /// Industry code column (default `industry`).
    #[serde(default)]
    pub industry_col: Option<String>,
    /// Industry name column.
    #[serde(default)]
    pub industry_name_col: Option<String>,
    /// Year column (default `year`).
    #[serde(default)]
    pub year_col: Option<String>,
    /// Value column (default `value`).
    #[serde(default)]
    pub value_col: Option<String>,
    /// Measure column.
    #[serde(default)]
    pub measure_col: Option<String>,
    /// Series column (long) or series name (kosis).
    #[serde(default)]
    pub series_col: Option<String>,
    /// Series name for a KOSIS export.
    #[serde(default)]
    pub series: Option<String>,
    /// Flag column.
    #[serde(default)]
    pub flag_col: Option<String>,
    /// Region codes that are totals (kept aside).
    #[serde(default)]
    pub total_regions: Vec<String>,
    /// Industry codes that are totals (kept aside).
    #[serde(default)]
    pub total_industries: Vec<String>,
    /// Values are counts (negatives rejected).
    #[serde(default)]
    pub counts: bool,
    /// Encoding of this file.
    #[serde(default)]
    pub encoding: Option<String>,
    /// Wide layout: `years` or `industries` as columns.
    #[serde(default)]
    pub columns: Option<String>,
    /// Wide layout with industries as columns: the year of all rows.
    #[serde(default)]
    pub year: Option<i32>,
    /// Columns to ignore (wide layout).
    #[serde(default)]
    pub ignore: Vec<String>,
    /// KOSIS: `label`, `sido` or `ksic` code mapping for regions.
    #[serde(default)]
    pub region_codes: Option<String>,
    /// KOSIS: code mapping for industries.
    #[serde(default)]
    pub industry_codes: Option<String>,
    /// KOSIS: measure label → measure name.
    #[serde(default)]
    pub measures: BTreeMap<String, String>,
    /// KOSIS: keep only rows where a label column equals a value, e.g. `{ 2 = "계" }`.
    #[serde(default)]
    pub filters: BTreeMap<String, String>,
    /// KOSIS: `separate` (default), `drop` or `keep` total rows.
    #[serde(default)]
    pub totals: Option<String>,
    /// Name of a `[[crosswalk]]` to map region codes through.
    #[serde(default)]
    pub crosswalk: Option<String>,
}

/// An `[[attributes]]` entry.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributesEntry {
    /// Name of the attribute set.
    pub name: String,
    /// The file.
    pub file: PathBuf,
    /// Region code column (default `region`).
    #[serde(default)]
    pub region_col: Option<String>,
    /// Region name column.
    #[serde(default)]
    pub name_col: Option<String>,
    /// Numeric columns (default: all other columns).
    #[serde(default)]
    pub columns: Option<Vec<String>>,
    /// Columns to ignore.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Region codes to drop (totals).
    #[serde(default)]
    pub drop_regions: Vec<String>,
    /// Encoding.
    #[serde(default)]
    pub encoding: Option<String>,
    /// Name of a `[[crosswalk]]` to map region codes through.
    #[serde(default)]
    pub crosswalk: Option<String>,
}

/// A `[[flows]]` entry.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlowsEntry {
    /// Name of the flow set.
    pub name: String,
    /// The file.
    pub file: PathBuf,
    /// `long` (default) or `matrix`.
    #[serde(default)]
    pub layout: Option<String>,
    /// Origin column (default `origin`).
    #[serde(default)]
    pub origin_col: Option<String>,
    /// Destination column (default `destination`).
    #[serde(default)]
    pub destination_col: Option<String>,
    /// Year column.
    #[serde(default)]
    pub year_col: Option<String>,
    /// Value column (default `value`).
    #[serde(default)]
    pub value_col: Option<String>,
    /// Matrix layout: the year of all flows.
    #[serde(default)]
    pub year: Option<i32>,
    /// Matrix layout: non-destination columns to ignore.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Codes to drop (totals).
    #[serde(default)]
    pub drop_regions: Vec<String>,
    /// Encoding.
    #[serde(default)]
    pub encoding: Option<String>,
}

/// A `[[boundaries]]` entry.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoundariesEntry {
    /// Name of the boundary set.
    pub name: String,
    /// GeoJSON, TopoJSON or Shapefile.
    pub file: PathBuf,
    /// Property with the region code.
    #[serde(default)]
    pub code_field: Option<String>,
    /// Property with the region name.
    #[serde(default)]
    pub name_field: Option<String>,
}

/// A `[[crosswalk]]` entry.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrosswalkEntry {
    /// Name used by `crosswalk = "..."` in other entries.
    pub name: String,
    /// The file.
    pub file: PathBuf,
    /// Source code column.
    pub from_col: String,
    /// Target code column.
    pub to_col: String,
    /// Weight column (one-to-many splits).
    #[serde(default)]
    pub weight_col: Option<String>,
    /// Target name column.
    #[serde(default)]
    pub to_name_col: Option<String>,
}

/// Parses a manifest file (without loading the files it names).
pub fn parse_manifest(path: &Path) -> Result<Manifest> {
    let text = crate::source::read_file_to_string(path)?;
    parse_manifest_str(&text, path)
}

/// Parses manifest text; `path` names it in messages.
pub fn parse_manifest_str(text: &str, path: &Path) -> Result<Manifest> {
    toml::from_str(text).map_err(|e| IoError::Format {
        path: path.to_path_buf(),
        message: format!("invalid manifest: {e}"),
    })
}

fn resolve(manifest: &Path, what: &str, file: &Path) -> Result<PathBuf> {
    let dir = manifest.parent().unwrap_or(Path::new("."));
    let p = if file.is_absolute() {
        file.to_path_buf()
    } else {
        dir.join(file)
    };
    if !p.exists() {
        return Err(IoError::Format {
            path: manifest.to_path_buf(),
            message: format!(
                "{what}: file {} does not exist (resolved to {})",
                file.display(),
                p.display()
            ),
        });
    }
    Ok(p)
}

fn enc(manifest: &Path, e: Option<&String>) -> Result<Option<Encoding>> {
    match e {
        None => Ok(None),
        Some(s) => Encoding::parse(s).map(Some).ok_or_else(|| IoError::Format {
            path: manifest.to_path_buf(),
            message: format!("encoding {s:?}: expected utf-8 or cp949"),
        }),
    }
}

fn code_map(manifest: &Path, s: Option<&String>) -> Result<CodeMap> {
    match s.map(|s| s.as_str()) {
        None | Some("label") => Ok(CodeMap::Label),
        Some("sido") => Ok(CodeMap::Sido),
        Some("ksic") | Some("ksic_section") => Ok(CodeMap::KsicSection),
        Some(o) => Err(IoError::Format {
            path: manifest.to_path_buf(),
            message: format!("code mapping {o:?}: expected label, sido or ksic"),
        }),
    }
}

/// Loads everything a manifest names into a dataset.
pub fn load_manifest(path: &Path) -> Result<Dataset> {
    let m = parse_manifest(path)?;
    let default_enc = enc(path, m.encoding.as_ref())?;
    let mut ds = Dataset {
        name: m.name.clone().unwrap_or_else(|| {
            path.parent()
                .and_then(|p| p.file_name())
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_else(|| "dataset".into())
        }),
        sources: m.sources.clone(),
        ..Default::default()
    };
    let mut crosswalks: BTreeMap<String, Crosswalk> = BTreeMap::new();
    for (k, c) in m.crosswalks.iter().enumerate() {
        let p = resolve(path, &format!("crosswalk #{} ({})", k + 1, c.name), &c.file)?;
        let cw = read_crosswalk(
            &Source::File(p),
            &c.from_col,
            &c.to_col,
            c.weight_col.as_deref(),
            c.to_name_col.as_deref(),
            CsvOptions {
                encoding: default_enc,
                delimiter: None,
            },
        )?;
        crosswalks.insert(c.name.clone(), cw);
    }
    let get_cw = |name: &Option<String>| -> Result<Option<&Crosswalk>> {
        match name {
            None => Ok(None),
            Some(n) => crosswalks.get(n).map(Some).ok_or_else(|| IoError::Format {
                path: path.to_path_buf(),
                message: format!(
                    "crosswalk {n:?} is not defined (defined: {})",
                    crosswalks.keys().cloned().collect::<Vec<_>>().join(", ")
                ),
            }),
        }
    };
    for (k, e) in m.panels.iter().enumerate() {
        let what = format!("panel #{}", k + 1);
        let p = resolve(path, &what, &e.file)?;
        let opts = CsvOptions {
            encoding: enc(path, e.encoding.as_ref())?.or(default_enc),
            delimiter: None,
        };
        let src = Source::File(p.clone());
        let value_col = e.value_col.clone().unwrap_or_else(|| "value".into());
        let measure = e.measure.clone().unwrap_or_else(|| value_col.clone());
        let read = match e.layout.as_deref().unwrap_or("long") {
            "long" => read_long_panel(
                &src,
                &LongPanelSpec {
                    region_col: e.region_col.clone().unwrap_or_else(|| "region".into()),
                    region_name_col: e.region_name_col.clone(),
                    industry_col: e.industry_col.clone().unwrap_or_else(|| "industry".into()),
                    industry_name_col: e.industry_name_col.clone(),
                    year_col: e.year_col.clone().unwrap_or_else(|| "year".into()),
                    value_col,
                    measure_col: e.measure_col.clone(),
                    series_col: e.series_col.clone(),
                    flag_col: e.flag_col.clone(),
                    measure,
                    total_regions: e.total_regions.clone(),
                    total_industries: e.total_industries.clone(),
                    counts: e.counts,
                },
                opts,
            )?,
            "wide" => {
                let columns = match e.columns.as_deref() {
                    Some("years") | None => WideColumns::Years,
                    Some("industries") => WideColumns::Industries,
                    Some(o) => {
                        return Err(IoError::Format {
                            path: path.to_path_buf(),
                            message: format!(
                                "{what}: columns = {o:?}: expected \"years\" or \"industries\""
                            ),
                        })
                    }
                };
                read_wide_panel(
                    &src,
                    &WidePanelSpec {
                        region_col: e.region_col.clone().unwrap_or_else(|| "region".into()),
                        region_name_col: e.region_name_col.clone(),
                        industry_col: e
                            .industry_col
                            .clone()
                            .or_else(|| (columns == WideColumns::Years).then(|| "industry".into())),
                        year_col: e.year_col.clone(),
                        year: e.year,
                        columns,
                        measure: e.measure.clone().unwrap_or_else(|| "value".into()),
                        ignore: e.ignore.clone(),
                        counts: e.counts,
                    },
                    opts,
                )?
            }
            "kosis" => {
                let t = read_kosis(&src, opts)?;
                let mut filters = Vec::new();
                for (d, v) in &e.filters {
                    let di: usize = d
                        .parse()
                        .ok()
                        .or_else(|| t.dims.iter().position(|x| &x.name == d))
                        .ok_or_else(|| IoError::Format {
                            path: path.to_path_buf(),
                            message: format!(
                                "{what}: filter on {d:?}: not a label column of {} (labels: {})",
                                p.display(),
                                t.dims
                                    .iter()
                                    .map(|x| x.name.clone())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        })?;
                    filters.push((di, v.clone()));
                }
                kosis_to_panels(
                    &t,
                    &KosisPanelSpec {
                        region_dim: 0,
                        industry_dim: 1,
                        filters,
                        region_codes: code_map(path, e.region_codes.as_ref())?,
                        industry_codes: code_map(path, e.industry_codes.as_ref())?,
                        measures: e.measures.clone(),
                        measure: e.measure.clone().unwrap_or_else(|| "value".into()),
                        series: e.series.clone(),
                        totals: match e.totals.as_deref() {
                            None | Some("separate") | Some("flag") => TotalsPolicy::Separate,
                            Some("drop") => TotalsPolicy::Drop,
                            Some("keep") => TotalsPolicy::Keep,
                            Some(o) => {
                                return Err(IoError::Format {
                                    path: path.to_path_buf(),
                                    message: format!(
                                        "{what}: totals = {o:?}: expected separate, drop or keep"
                                    ),
                                })
                            }
                        },
                    },
                )?
            }
            #[cfg(feature = "parquet")]
            "parquet" => crate::parquet_io::read_panels_parquet(&p, &measure, e.counts)?,
            o => {
                return Err(IoError::Format {
                    path: path.to_path_buf(),
                    message: format!(
                        "{what}: layout = {o:?}: expected long, wide, kosis or parquet"
                    ),
                })
            }
        };
        let cw = get_cw(&e.crosswalk)?;
        for (key, panel) in read.panels {
            let panel = match cw {
                Some(c) => c.apply_panel(&panel).map_err(|source| IoError::Domain {
                    path: p.clone(),
                    source,
                })?,
                None => panel,
            };
            if ds.panels.insert(key.clone(), panel).is_some() {
                return Err(IoError::Format {
                    path: path.to_path_buf(),
                    message: format!("{what}: panel {key:?} is defined twice"),
                });
            }
        }
        ds.sources.push(p.display().to_string());
    }
    for (k, e) in m.attributes.iter().enumerate() {
        let p = resolve(
            path,
            &format!("attributes #{} ({})", k + 1, e.name),
            &e.file,
        )?;
        let a = read_attributes(
            &Source::File(p.clone()),
            &AttributesSpec {
                region_col: e.region_col.clone().unwrap_or_else(|| "region".into()),
                name_col: e.name_col.clone(),
                columns: e.columns.clone(),
                ignore: e.ignore.clone(),
                drop_regions: e.drop_regions.clone(),
            },
            CsvOptions {
                encoding: enc(path, e.encoding.as_ref())?.or(default_enc),
                delimiter: None,
            },
        )?;
        let a = match get_cw(&e.crosswalk)? {
            Some(c) => c.apply_attributes(&a).map_err(|source| IoError::Domain {
                path: p.clone(),
                source,
            })?,
            None => a,
        };
        ds.attributes.insert(e.name.clone(), a);
        ds.sources.push(p.display().to_string());
    }
    for (k, e) in m.flows.iter().enumerate() {
        let p = resolve(path, &format!("flows #{} ({})", k + 1, e.name), &e.file)?;
        let opts = CsvOptions {
            encoding: enc(path, e.encoding.as_ref())?.or(default_enc),
            delimiter: None,
        };
        let src = Source::File(p.clone());
        let f = match e.layout.as_deref().unwrap_or("long") {
            "long" => {
                let mut spec = FlowsSpec::new(&e.name);
                if let Some(c) = &e.origin_col {
                    spec.origin_col = c.clone();
                }
                if let Some(c) = &e.destination_col {
                    spec.destination_col = c.clone();
                }
                if let Some(c) = &e.value_col {
                    spec.value_col = c.clone();
                }
                spec.year_col = e.year_col.clone();
                spec.drop_regions = e.drop_regions.clone();
                read_flows(&src, &spec, opts)?.0
            }
            "matrix" => read_flow_matrix(
                &src,
                &e.name,
                e.origin_col.as_deref().unwrap_or("origin"),
                &e.ignore,
                e.year,
                opts,
            )?,
            o => {
                return Err(IoError::Format {
                    path: path.to_path_buf(),
                    message: format!("flows {}: layout = {o:?}: expected long or matrix", e.name),
                })
            }
        };
        ds.flows.insert(e.name.clone(), f);
        ds.sources.push(p.display().to_string());
    }
    for (k, e) in m.boundaries.iter().enumerate() {
        let p = resolve(
            path,
            &format!("boundaries #{} ({})", k + 1, e.name),
            &e.file,
        )?;
        let (b, _) = crate::geo::read_boundaries(
            &p,
            &crate::geo::FeatureKeys {
                code: e.code_field.clone(),
                name: e.name_field.clone(),
            },
        )?;
        ds.boundaries.insert(e.name.clone(), b);
        ds.sources.push(p.display().to_string());
    }
    Ok(ds)
}
