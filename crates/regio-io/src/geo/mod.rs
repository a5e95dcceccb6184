//! Boundary readers and writers: GeoJSON, TopoJSON (keeping shared arcs for
//! adjacency), ESRI Shapefile with DBF attributes in any encoding (CP949 via
//! `.cpg`), `.prj` projections converted to lon/lat with proj4rs, boundary
//! dissolve to the statistics' units, validity checks, and the embedded
//! Korean boundary sets of the demo.

mod dbf;
mod demo;
mod dissolve;
mod geojson_io;
mod projection;
mod shp;
mod topojson;
mod validity;

pub use dbf::{read_dbf, DbfTable};
pub use demo::{demo_boundaries, koti_sigun_code};
pub use dissolve::{dissolve, dissolve_to_units, DissolveReport};
pub use geojson_io::{geojson_string, read_geojson, read_geojson_str, write_geojson};
pub use projection::{LonLatFn, Projection, PRJ_EPSG_5070, PRJ_EPSG_5179, PRJ_EPSG_5186};
pub use shp::{read_shapefile, read_shapefile_bytes, ShapefileBytes};
pub use topojson::{read_topojson, read_topojson_str};
pub use validity::{invalid_features, InvalidFeature};

use crate::{IoError, Result};
use regio_core::Boundaries;
use std::path::Path;

/// Which feature properties hold the region code and name.
#[derive(Debug, Clone, Default)]
pub struct FeatureKeys {
    /// Property with the region code; `None` picks the first of
    /// `code`, `id`, `CODE`, `ADM_SECT_C`, `SIG_CD`, `GEOID`, `NAME`.
    pub code: Option<String>,
    /// Property with the name; `None` picks the first of `name`, `NAME`, `SGG_NM`.
    pub name: Option<String>,
}

/// Reads boundaries from a file, choosing the reader by extension
/// (`.geojson`/`.json` — TopoJSON is detected by its `"type": "Topology"` —
/// or `.shp`).
pub fn read_boundaries(path: &Path, keys: &FeatureKeys) -> Result<(Boundaries, PropertyTable)> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "shp" => read_shapefile(path, keys),
        "geojson" | "json" | "topojson" => {
            let text = crate::source::read_file_to_string(path)?;
            if looks_like_topology(&text) {
                read_topojson_str(&text, path, None, keys)
            } else {
                read_geojson_str(&text, path, keys)
            }
        }
        _ => Err(IoError::Format {
            path: path.to_path_buf(),
            message: "expected a .geojson, .json (GeoJSON or TopoJSON) or .shp file".into(),
        }),
    }
}

fn looks_like_topology(text: &str) -> bool {
    let head: String = text.chars().take(4096).collect();
    head.contains("\"Topology\"")
}

/// Non-geometry feature properties, one row per feature, as text or number.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PropertyTable {
    /// Property names in first-seen order.
    pub names: Vec<String>,
    /// Per feature, per property: `None` when absent or null.
    pub rows: Vec<Vec<Option<PropertyValue>>>,
}

/// A property value.
#[derive(Debug, Clone, PartialEq)]
pub enum PropertyValue {
    /// Text.
    Text(String),
    /// Number.
    Number(f64),
}

impl PropertyValue {
    /// The value as text (numbers without a trailing `.0` when integral).
    pub fn as_text(&self) -> String {
        match self {
            PropertyValue::Text(s) => s.clone(),
            PropertyValue::Number(x) if x.fract() == 0.0 && x.abs() < 1e15 => {
                format!("{}", *x as i64)
            }
            PropertyValue::Number(x) => format!("{x}"),
        }
    }

    /// The value as a number, parsing text if needed.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            PropertyValue::Number(x) => Some(*x),
            PropertyValue::Text(s) => s.trim().parse().ok(),
        }
    }
}

impl PropertyTable {
    /// Index of a property.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// A numeric column (`None` where absent or not a number).
    pub fn numeric(&self, name: &str) -> Option<Vec<Option<f64>>> {
        let i = self.index(name)?;
        Some(
            self.rows
                .iter()
                .map(|r| r.get(i).cloned().flatten().and_then(|v| v.as_f64()))
                .collect(),
        )
    }

    /// A text column.
    pub fn text(&self, name: &str) -> Option<Vec<Option<String>>> {
        let i = self.index(name)?;
        Some(
            self.rows
                .iter()
                .map(|r| r.get(i).cloned().flatten().map(|v| v.as_text()))
                .collect(),
        )
    }

    pub(crate) fn push_row(&mut self, props: Vec<(String, Option<PropertyValue>)>) {
        let mut row = vec![None; self.names.len()];
        for (k, v) in props {
            let i = match self.index(&k) {
                Some(i) => i,
                None => {
                    self.names.push(k);
                    for r in &mut self.rows {
                        r.push(None);
                    }
                    row.push(None);
                    self.names.len() - 1
                }
            };
            row[i] = v;
        }
        self.rows.push(row);
    }
}

/// Picks the code/name property names from `keys` or the defaults, failing
/// with the properties available when no code property is found.
pub(crate) fn resolve_keys(
    props: &PropertyTable,
    keys: &FeatureKeys,
    path: &Path,
) -> Result<(usize, Option<usize>)> {
    const CODE: [&str; 7] = [
        "code",
        "id",
        "CODE",
        "ADM_SECT_C",
        "SIG_CD",
        "GEOID",
        "NAME",
    ];
    const NAME: [&str; 3] = ["name", "NAME", "SGG_NM"];
    let code = match &keys.code {
        Some(c) => props.index(c).ok_or_else(|| IoError::Format {
            path: path.to_path_buf(),
            message: format!(
                "no feature property {c:?} for the region code (properties: {})",
                props.names.join(", ")
            ),
        })?,
        None => CODE
            .iter()
            .find_map(|c| props.index(c))
            .ok_or_else(|| IoError::Format {
                path: path.to_path_buf(),
                message: format!(
                    "no region-code property found (looked for {}; properties: {}); name it explicitly",
                    CODE.join(", "),
                    props.names.join(", ")
                ),
            })?,
    };
    let name = match &keys.name {
        Some(n) => Some(props.index(n).ok_or_else(|| IoError::Format {
            path: path.to_path_buf(),
            message: format!(
                "no feature property {n:?} for the region name (properties: {})",
                props.names.join(", ")
            ),
        })?),
        None => NAME.iter().find_map(|n| props.index(n)),
    };
    Ok((code, name))
}

/// Fills `codes`/`names` of boundaries from the property table, rejecting
/// features without a code and duplicate codes.
pub(crate) fn fill_codes(
    b: &mut Boundaries,
    props: &PropertyTable,
    keys: &FeatureKeys,
    path: &Path,
) -> Result<()> {
    let (ci, ni) = resolve_keys(props, keys, path)?;
    let mut seen = std::collections::HashMap::new();
    for (f, row) in props.rows.iter().enumerate() {
        let code = row[ci]
            .as_ref()
            .map(|v| v.as_text())
            .filter(|c| !c.trim().is_empty())
            .ok_or_else(|| IoError::Format {
                path: path.to_path_buf(),
                message: format!("feature {} has no value for {:?}", f + 1, props.names[ci]),
            })?;
        if let Some(prev) = seen.insert(code.clone(), f) {
            return Err(IoError::Format {
                path: path.to_path_buf(),
                message: format!(
                    "duplicate region code {code:?} in features {} and {}",
                    prev + 1,
                    f + 1
                ),
            });
        }
        let name = ni
            .and_then(|i| row[i].as_ref().map(|v| v.as_text()))
            .unwrap_or_default();
        b.codes.push(code);
        b.names.push(name);
    }
    Ok(())
}
