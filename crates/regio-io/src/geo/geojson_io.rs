//! GeoJSON (RFC 7946) boundaries in, result tables joined to geometry out.

use super::{fill_codes, FeatureKeys, PropertyTable, PropertyValue};
use crate::{IoError, Result};
use geo_types::{Geometry, MultiPolygon};
use regio_core::{Boundaries, Column, Table};
use std::fmt::Write as _;
use std::path::Path;

/// Reads a GeoJSON FeatureCollection of (multi)polygons.
pub fn read_geojson(path: &Path, keys: &FeatureKeys) -> Result<(Boundaries, PropertyTable)> {
    let text = crate::source::read_file_to_string(path)?;
    read_geojson_str(&text, path, keys)
}

/// Reads GeoJSON text; `path` is used in error messages.
pub fn read_geojson_str(
    text: &str,
    path: &Path,
    keys: &FeatureKeys,
) -> Result<(Boundaries, PropertyTable)> {
    let fmt = |message: String| IoError::Format {
        path: path.to_path_buf(),
        message,
    };
    if text.trim().is_empty() {
        return Err(fmt(
            "the file is empty; expected a GeoJSON FeatureCollection".into(),
        ));
    }
    let gj: geojson::GeoJson = text
        .parse()
        .map_err(|e| fmt(format!("not valid GeoJSON: {e}")))?;
    let fc = match gj {
        geojson::GeoJson::FeatureCollection(fc) => fc,
        _ => return Err(fmt("expected a GeoJSON FeatureCollection".into())),
    };
    if fc.features.is_empty() {
        return Err(fmt("the FeatureCollection has no features".into()));
    }
    let mut props = PropertyTable::default();
    let mut b = Boundaries {
        source: format!("{} (GeoJSON, lon/lat)", path.display()),
        ..Default::default()
    };
    for (i, f) in fc.features.iter().enumerate() {
        let geom = f
            .geometry
            .as_ref()
            .ok_or_else(|| fmt(format!("feature {} has no geometry (null)", i + 1)))?;
        let g: Geometry<f64> = Geometry::try_from(geom.clone())
            .map_err(|e| fmt(format!("feature {}: unreadable geometry: {e}", i + 1)))?;
        let mp = match g {
            Geometry::Polygon(p) => MultiPolygon(vec![p]),
            Geometry::MultiPolygon(mp) => mp,
            other => {
                return Err(fmt(format!(
                    "feature {}: expected Polygon or MultiPolygon, found {}",
                    i + 1,
                    geometry_name(&other)
                )))
            }
        };
        let bad = mp.0.iter().find_map(|p| {
            std::iter::once(p.exterior())
                .chain(p.interiors())
                .flat_map(|r| r.0.iter())
                .position(|c| !c.x.is_finite() || !c.y.is_finite())
        });
        if let Some(j) = bad {
            return Err(fmt(format!(
                "feature {}: coordinate overflowed (not a finite number) at position {j}",
                i + 1
            )));
        }
        if mp.0.is_empty() || mp.0.iter().all(|p| p.exterior().0.is_empty()) {
            return Err(fmt(format!("feature {} has an empty geometry", i + 1)));
        }
        b.geometries.push(mp);
        let mut row = Vec::new();
        if let Some(p) = &f.properties {
            for (k, v) in p {
                row.push((k.clone(), json_value(v)));
            }
        }
        if let Some(id) = &f.id {
            let v = match id {
                geojson::feature::Id::String(s) => PropertyValue::Text(s.clone()),
                geojson::feature::Id::Number(n) => {
                    PropertyValue::Number(n.as_f64().unwrap_or(f64::NAN))
                }
            };
            if !row.iter().any(|(k, _)| k == "id") {
                row.push(("id".into(), Some(v)));
            }
        }
        props.push_row(row);
    }
    fill_codes(&mut b, &props, keys, path)?;
    Ok((b, props))
}

pub(crate) fn json_value(v: &serde_json::Value) -> Option<PropertyValue> {
    match v {
        serde_json::Value::Null => None,
        serde_json::Value::Number(n) => n.as_f64().map(PropertyValue::Number),
        serde_json::Value::String(s) => Some(PropertyValue::Text(s.clone())),
        serde_json::Value::Bool(b) => Some(PropertyValue::Text(b.to_string())),
        other => Some(PropertyValue::Text(other.to_string())),
    }
}

fn geometry_name(g: &Geometry<f64>) -> &'static str {
    match g {
        Geometry::Point(_) => "Point",
        Geometry::Line(_) => "Line",
        Geometry::LineString(_) => "LineString",
        Geometry::Polygon(_) => "Polygon",
        Geometry::MultiPoint(_) => "MultiPoint",
        Geometry::MultiLineString(_) => "MultiLineString",
        Geometry::MultiPolygon(_) => "MultiPolygon",
        Geometry::GeometryCollection(_) => "GeometryCollection",
        Geometry::Rect(_) => "Rect",
        Geometry::Triangle(_) => "Triangle",
    }
}

/// Renders a table as a GeoJSON FeatureCollection: one feature per row, with
/// the geometry of the boundary whose code equals the row's region key
/// (`null` geometry when the code has no boundary), all columns as
/// properties. Coordinates are written with 6 decimals (about 0.1 m).
pub fn geojson_string(
    table: &Table,
    boundaries: &Boundaries,
) -> std::result::Result<String, String> {
    let key = table.region_key.as_deref().ok_or_else(|| {
        format!(
            "table {} has no region column to join to boundaries",
            table.name
        )
    })?;
    let keycol = table.column(key).ok_or_else(|| {
        format!(
            "table {} has no column {key:?} to join to boundaries",
            table.name
        )
    })?;
    let index: std::collections::HashMap<&str, usize> = boundaries
        .codes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    let mut s = String::with_capacity(1 << 16);
    s.push_str("{\"type\":\"FeatureCollection\",\"features\":[\n");
    for row in 0..table.n_rows() {
        if row > 0 {
            s.push_str(",\n");
        }
        s.push_str("{\"type\":\"Feature\",\"properties\":{");
        for (c, (spec, col)) in table.specs.iter().zip(&table.columns).enumerate() {
            if c > 0 {
                s.push(',');
            }
            s.push_str(&serde_json::to_string(&spec.name).expect("string"));
            s.push(':');
            s.push_str(&json_cell(col, row));
        }
        s.push_str("},\"geometry\":");
        match index.get(keycol.text(row).as_str()) {
            Some(&g) => write_multipolygon(&mut s, &boundaries.geometries[g]),
            None => s.push_str("null"),
        }
        s.push('}');
    }
    s.push_str("\n]}\n");
    Ok(s)
}

/// Writes [`geojson_string`] to `path` atomically (temp file + rename).
pub fn write_geojson(path: &Path, table: &Table, boundaries: &Boundaries) -> Result<()> {
    let text = geojson_string(table, boundaries).map_err(|message| IoError::Format {
        path: path.to_path_buf(),
        message,
    })?;
    crate::atomic::write_atomic(path, text.as_bytes())
}

fn json_cell(col: &Column, row: usize) -> String {
    match col {
        Column::Str(_) | Column::Cat(_) => match col.str_at(row) {
            Some(x) => serde_json::to_string(x).expect("string"),
            None => "null".into(),
        },
        Column::F64(v) => match v[row] {
            Some(x) if x.is_finite() => format!("{x:?}"),
            _ => "null".into(),
        },
        Column::I64(v) => v[row].map_or("null".into(), |x| x.to_string()),
        Column::Bool(v) => v[row].map_or("null".into(), |x| x.to_string()),
    }
}

fn write_multipolygon(s: &mut String, mp: &MultiPolygon<f64>) {
    s.push_str("{\"type\":\"MultiPolygon\",\"coordinates\":[");
    for (pi, p) in mp.0.iter().enumerate() {
        if pi > 0 {
            s.push(',');
        }
        s.push('[');
        let rings = std::iter::once(p.exterior()).chain(p.interiors());
        for (ri, r) in rings.enumerate() {
            if ri > 0 {
                s.push(',');
            }
            s.push('[');
            for (ci, c) in r.0.iter().enumerate() {
                if ci > 0 {
                    s.push(',');
                }
                let _ = write!(s, "[{},{}]", round6(c.x), round6(c.y));
            }
            s.push(']');
        }
        s.push(']');
    }
    s.push_str("]}");
}

fn round6(x: f64) -> String {
    let r = (x * 1e6).round() / 1e6;
    let t = format!("{r:.6}");
    let t = t.trim_end_matches('0').trim_end_matches('.');
    if t == "-0" {
        "0".into()
    } else {
        t.to_string()
    }
}
