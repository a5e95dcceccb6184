//! TopoJSON decoder (format 1.0, Bostock): quantised, delta-encoded arcs
//! shared between neighbouring features. regio keeps, per feature, the arcs it
//! uses, so contiguity can be read off shared arcs exactly.

use super::geojson_io::json_value;
use super::{fill_codes, FeatureKeys, PropertyTable};
use crate::{IoError, Result};
use geo_types::{Coord, LineString, MultiPolygon, Polygon};
use regio_core::Boundaries;
use serde_json::Value;
use std::path::Path;

/// Reads a TopoJSON file; `object` names the object to read (default: the
/// first one).
pub fn read_topojson(
    path: &Path,
    object: Option<&str>,
    keys: &FeatureKeys,
) -> Result<(Boundaries, PropertyTable)> {
    let text = crate::source::read_file_to_string(path)?;
    read_topojson_str(&text, path, object, keys)
}

/// Reads TopoJSON text; `path` is used in error messages.
pub fn read_topojson_str(
    text: &str,
    path: &Path,
    object: Option<&str>,
    keys: &FeatureKeys,
) -> Result<(Boundaries, PropertyTable)> {
    let fmt = |message: String| IoError::Format {
        path: path.to_path_buf(),
        message,
    };
    if text.trim().is_empty() {
        return Err(fmt("the file is empty; expected a TopoJSON Topology".into()));
    }
    let v: Value = serde_json::from_str(text).map_err(|e| fmt(format!("not valid JSON: {e}")))?;
    if v.get("type").and_then(Value::as_str) != Some("Topology") {
        return Err(fmt(
            "expected a TopoJSON object with \"type\": \"Topology\"".into(),
        ));
    }
    let (scale, translate) = match v.get("transform") {
        Some(t) => (
            pair(t.get("scale")).ok_or_else(|| fmt("transform.scale is not [x, y]".into()))?,
            pair(t.get("translate"))
                .ok_or_else(|| fmt("transform.translate is not [x, y]".into()))?,
        ),
        None => ((1.0, 1.0), (0.0, 0.0)),
    };
    if scale.0 == 0.0 || scale.1 == 0.0 || !scale.0.is_finite() || !scale.1.is_finite() {
        return Err(fmt(format!(
            "transform.scale is [{}, {}]: a zero or non-finite scale collapses every position; expected non-zero finite scale factors",
            scale.0, scale.1
        )));
    }
    if !translate.0.is_finite() || !translate.1.is_finite() {
        return Err(fmt("transform.translate is not finite".into()));
    }
    let quantised = v.get("transform").is_some();
    let raw_arcs = v
        .get("arcs")
        .and_then(Value::as_array)
        .ok_or_else(|| fmt("missing \"arcs\" array".into()))?;
    let mut arcs: Vec<Vec<Coord<f64>>> = Vec::with_capacity(raw_arcs.len());
    // per arc, the first position whose coordinate overflowed (not finite)
    let mut overflowed: Vec<Option<usize>> = Vec::with_capacity(raw_arcs.len());
    for (ai, a) in raw_arcs.iter().enumerate() {
        let pts = a
            .as_array()
            .ok_or_else(|| fmt(format!("arc {ai} is not an array of positions")))?;
        let (mut x, mut y) = (0.0, 0.0);
        let mut out = Vec::with_capacity(pts.len());
        for p in pts {
            let (dx, dy) =
                pair(Some(p)).ok_or_else(|| fmt(format!("arc {ai} has a bad position {p}")))?;
            if quantised {
                x += dx;
                y += dy;
                out.push(Coord {
                    x: x * scale.0 + translate.0,
                    y: y * scale.1 + translate.1,
                });
            } else {
                out.push(Coord { x: dx, y: dy });
            }
        }
        overflowed.push(
            out.iter()
                .position(|c| !c.x.is_finite() || !c.y.is_finite()),
        );
        arcs.push(out);
    }
    let objects = v
        .get("objects")
        .and_then(Value::as_object)
        .ok_or_else(|| fmt("missing \"objects\"".into()))?;
    let (oname, obj) = match object {
        Some(name) => (
            name.to_string(),
            objects.get(name).ok_or_else(|| {
                fmt(format!(
                    "no object {name:?} (objects: {})",
                    objects.keys().cloned().collect::<Vec<_>>().join(", ")
                ))
            })?,
        ),
        None => objects
            .iter()
            .next()
            .map(|(k, v)| (k.clone(), v))
            .ok_or_else(|| fmt("the topology has no objects".into()))?,
    };
    let geoms: Vec<&Value> = match obj.get("type").and_then(Value::as_str) {
        Some("GeometryCollection") => obj
            .get("geometries")
            .and_then(Value::as_array)
            .map(|g| g.iter().collect())
            .ok_or_else(|| fmt(format!("object {oname:?} has no geometries")))?,
        _ => vec![obj],
    };
    let mut b = Boundaries {
        source: format!("{} (TopoJSON object {oname}, lon/lat)", path.display()),
        arcs: Some(Vec::new()),
        ..Default::default()
    };
    let mut props = PropertyTable::default();
    for (fi, g) in geoms.iter().enumerate() {
        let typ = g.get("type").and_then(Value::as_str).unwrap_or("null");
        let polys: Vec<&Value> = match typ {
            "Polygon" => vec![g.get("arcs").unwrap_or(&Value::Null)],
            "MultiPolygon" => g
                .get("arcs")
                .and_then(Value::as_array)
                .map(|a| a.iter().collect())
                .unwrap_or_default(),
            other => {
                return Err(fmt(format!(
                    "feature {}: expected Polygon or MultiPolygon, found {other}",
                    fi + 1
                )))
            }
        };
        let mut used = Vec::new();
        let mut mp = Vec::new();
        for p in polys {
            let rings = p
                .as_array()
                .ok_or_else(|| fmt(format!("feature {}: bad polygon arcs", fi + 1)))?;
            let mut lines = Vec::new();
            let mut exterior_degenerate = false;
            for (ri, r) in rings.iter().enumerate() {
                let idx = r
                    .as_array()
                    .ok_or_else(|| fmt(format!("feature {}: bad ring arcs", fi + 1)))?;
                let mut ring: Vec<Coord<f64>> = Vec::new();
                for a in idx {
                    let k = a
                        .as_i64()
                        .ok_or_else(|| fmt(format!("feature {}: bad arc index {a}", fi + 1)))?;
                    let (id, rev) = if k < 0 {
                        ((!k) as usize, true)
                    } else {
                        (k as usize, false)
                    };
                    let arc = arcs.get(id).ok_or_else(|| {
                        fmt(format!("feature {}: arc index {k} out of range", fi + 1))
                    })?;
                    if let Some(j) = overflowed[id] {
                        return Err(fmt(format!(
                            "feature {}: coordinate overflowed (not a finite number) at arc {id}, position {j}",
                            fi + 1
                        )));
                    }
                    used.push(id as u32);
                    let pts: Box<dyn Iterator<Item = &Coord<f64>>> = if rev {
                        Box::new(arc.iter().rev())
                    } else {
                        Box::new(arc.iter())
                    };
                    for (j, c) in pts.enumerate() {
                        if j == 0 && !ring.is_empty() {
                            continue;
                        }
                        ring.push(*c);
                    }
                }
                // Rings with fewer than 4 positions or 3 distinct ones (simplification
                // artefacts, e.g. one short arc repeated)
                // are dropped; a polygon whose exterior is dropped is dropped whole.
                if ring.len() >= 4 && distinct(&ring) >= 3 {
                    lines.push(LineString(ring));
                } else if ri == 0 {
                    exterior_degenerate = true;
                }
            }
            if !lines.is_empty() && !exterior_degenerate {
                let ext = lines.remove(0);
                mp.push(Polygon::new(ext, lines));
            }
        }
        if mp.is_empty() {
            return Err(fmt(format!("feature {} has an empty geometry", fi + 1)));
        }
        used.sort_unstable();
        used.dedup();
        b.arcs.as_mut().expect("set").push(used);
        b.geometries.push(MultiPolygon(mp));
        let mut row = Vec::new();
        if let Some(p) = g.get("properties").and_then(Value::as_object) {
            for (k, v) in p {
                row.push((k.clone(), json_value(v)));
            }
        }
        if let Some(id) = g.get("id") {
            if !row.iter().any(|(k, _)| k == "id") {
                row.push(("id".into(), json_value(id)));
            }
        }
        props.push_row(row);
    }
    fill_codes(&mut b, &props, keys, path)?;
    Ok((b, props))
}

fn distinct(ring: &[Coord<f64>]) -> usize {
    let mut v: Vec<(u64, u64)> = ring
        .iter()
        .map(|c| (c.x.to_bits(), c.y.to_bits()))
        .collect();
    v.sort_unstable();
    v.dedup();
    v.len()
}

fn pair(v: Option<&Value>) -> Option<(f64, f64)> {
    let a = v?.as_array()?;
    Some((a.first()?.as_f64()?, a.get(1)?.as_f64()?))
}
