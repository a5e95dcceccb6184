//! ESRI Shapefile boundaries: `.shp` geometry (with its `.shx` index),
//! `.dbf` attributes in the encoding named by `.cpg`, and `.prj` for the
//! coordinate system; coordinates are converted to lon/lat.

use super::{fill_codes, read_dbf, FeatureKeys, Projection, PropertyTable};
use crate::{IoError, Result};
use geo::Contains;
use geo_types::{Coord, LineString, MultiPolygon, Point, Polygon};
use regio_core::Boundaries;
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// The files of one shapefile, as bytes (for embedded data and tests).
#[derive(Debug, Clone, Copy)]
pub struct ShapefileBytes<'a> {
    /// `.shp` content.
    pub shp: &'a [u8],
    /// `.shx` content.
    pub shx: &'a [u8],
    /// `.dbf` content.
    pub dbf: &'a [u8],
    /// `.prj` content, if any.
    pub prj: Option<&'a str>,
    /// `.cpg` content, if any.
    pub cpg: Option<&'a str>,
}

/// Reads `path` (the `.shp`) and its sibling `.shx`, `.dbf`, `.prj`, `.cpg`.
pub fn read_shapefile(path: &Path, keys: &FeatureKeys) -> Result<(Boundaries, PropertyTable)> {
    let sib = |ext: &str| -> PathBuf { path.with_extension(ext) };
    let read = |p: &Path, what: &str| -> Result<Vec<u8>> {
        crate::source::read_file(p).map_err(|e| {
            let source = match e {
                IoError::Io { source, .. } => source,
                other => return other,
            };
            if source.kind() == std::io::ErrorKind::NotFound && what != "shp" {
                IoError::Format {
                    path: path.to_path_buf(),
                    message: format!(
                        "incomplete shapefile: {} is missing (a shapefile needs .shp, .shx and .dbf)",
                        p.display()
                    ),
                }
            } else {
                IoError::Io {
                    path: p.to_path_buf(),
                    source,
                }
            }
        })
    };
    let shp = read(path, "shp")?;
    let shx = read(&sib("shx"), "shx")?;
    let dbf = read(&sib("dbf"), "dbf")?;
    let optional = |ext: &str| -> Result<Option<String>> {
        let p = sib(ext);
        if !p.exists() {
            return Ok(None);
        }
        let bytes = crate::source::read_file(&p)?;
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|e| IoError::Format {
                path: p.clone(),
                message: format!(
                    "not text (binary or garbled bytes at byte offset {}); expected {}",
                    e.utf8_error().valid_up_to(),
                    if ext == "prj" {
                        "WKT naming the coordinate system, or no .prj file"
                    } else {
                        "the name of the .dbf encoding"
                    }
                ),
            })
    };
    let prj = optional("prj")?;
    let cpg = optional("cpg")?;
    read_shapefile_bytes(
        ShapefileBytes {
            shp: &shp,
            shx: &shx,
            dbf: &dbf,
            prj: prj.as_deref(),
            cpg: cpg.as_deref(),
        },
        path,
        keys,
    )
}

/// Reads a shapefile from bytes; `path` is used in messages.
pub fn read_shapefile_bytes(
    files: ShapefileBytes<'_>,
    path: &Path,
    keys: &FeatureKeys,
) -> Result<(Boundaries, PropertyTable)> {
    let fmt = |message: String| IoError::Format {
        path: path.to_path_buf(),
        message,
    };
    let mut reader =
        shapefile::ShapeReader::with_shx(Cursor::new(files.shp), Cursor::new(files.shx))
            .map_err(|e| fmt(format!("not a readable shapefile: {e}")))?;
    let mut shapes = Vec::new();
    for (i, s) in reader.iter_shapes().enumerate() {
        let s = s.map_err(|e| {
            fmt(format!(
                "shape {}: {e} (is the .shx consistent with the .shp?)",
                i + 1
            ))
        })?;
        shapes.push(s);
    }
    let table = read_dbf(files.dbf, files.cpg, &path.with_extension("dbf"))?;
    if table.records.len() != shapes.len() {
        return Err(fmt(format!(
            "{} shapes but {} attribute records in the .dbf",
            shapes.len(),
            table.records.len()
        )));
    }
    // an empty .prj says nothing: coordinates are taken as given (lon/lat), as without one
    let prj = files.prj.filter(|w| !w.trim().is_empty());
    let empty_prj = files.prj.is_some() && prj.is_none();
    if let Some(w) = prj {
        if w.chars().any(|c| c.is_control() && !c.is_whitespace()) {
            return Err(fmt(format!(
                ".prj: binary or garbled content ({}); expected WKT naming the coordinate system",
                crate::source::fragment(w)
            )));
        }
    }
    let projection = match prj {
        Some(w) => Projection::from_wkt(w).map_err(|e| fmt(format!(".prj: {e}")))?,
        None => Projection::LonLat,
    };
    let convert = projection.to_lonlat().map_err(fmt)?;
    let mut b = Boundaries {
        source: format!(
            "{} (Shapefile, {}, DBF {}) converted to lon/lat",
            path.display(),
            match &projection {
                Projection::LonLat if empty_prj => {
                    "empty .prj: coordinates taken as given (lon/lat)".to_string()
                }
                Projection::LonLat => "lon/lat".to_string(),
                Projection::Projected(s) => s.clone(),
            },
            table.encoding
        ),
        ..Default::default()
    };
    for (i, s) in shapes.into_iter().enumerate() {
        let rings: Vec<(bool, Vec<(f64, f64)>)> = match s {
            shapefile::Shape::Polygon(p) => ring_points(p.into_inner(), |q| (q.x, q.y)),
            shapefile::Shape::PolygonM(p) => ring_points(p.into_inner(), |q| (q.x, q.y)),
            shapefile::Shape::PolygonZ(p) => ring_points(p.into_inner(), |q| (q.x, q.y)),
            shapefile::Shape::NullShape => {
                return Err(fmt(format!("shape {} has an empty (null) geometry", i + 1)))
            }
            other => {
                return Err(fmt(format!(
                    "shape {}: expected polygons, found {}",
                    i + 1,
                    other.shapetype()
                )))
            }
        };
        let mut outers: Vec<Polygon<f64>> = Vec::new();
        let mut inners: Vec<LineString<f64>> = Vec::new();
        for (outer, pts) in rings {
            let mut cs = Vec::with_capacity(pts.len());
            for (x, y) in pts {
                if !x.is_finite() || !y.is_finite() {
                    return Err(fmt(format!(
                        "shape {}: coordinate ({x}, {y}) overflowed (not a finite number)",
                        i + 1
                    )));
                }
                let (lon, lat) = convert(x, y).map_err(|e| fmt(format!("shape {}: {e}", i + 1)))?;
                if !lon.is_finite() || !lat.is_finite() || lat.abs() > 90.0 || lon.abs() > 360.0 {
                    return Err(fmt(format!(
                        "shape {}: coordinate ({x}, {y}) is not a longitude/latitude; is a .prj missing?",
                        i + 1
                    )));
                }
                cs.push(Coord { x: lon, y: lat });
            }
            if cs.len() < 4 {
                continue;
            }
            if outer {
                outers.push(Polygon::new(LineString(cs), vec![]));
            } else {
                inners.push(LineString(cs));
            }
        }
        for hole in inners {
            let probe = Point(hole.0[0]);
            let owner = outers
                .iter()
                .position(|o| o.contains(&probe))
                .or(if outers.is_empty() {
                    None
                } else {
                    Some(outers.len() - 1)
                })
                .ok_or_else(|| fmt(format!("shape {}: a hole without an outer ring", i + 1)))?;
            outers[owner].interiors_push(hole);
        }
        if outers.is_empty() {
            return Err(fmt(format!("shape {} has an empty geometry", i + 1)));
        }
        b.geometries.push(MultiPolygon(outers));
    }
    let mut props = PropertyTable::default();
    for rec in table.records {
        props.push_row(table.fields.iter().cloned().zip(rec).collect());
    }
    fill_codes(&mut b, &props, keys, path)?;
    Ok((b, props))
}

fn ring_points<P>(
    rings: Vec<shapefile::PolygonRing<P>>,
    xy: impl Fn(&P) -> (f64, f64),
) -> Vec<(bool, Vec<(f64, f64)>)> {
    rings
        .into_iter()
        .map(|r| match r {
            shapefile::PolygonRing::Outer(v) => (true, v.iter().map(&xy).collect()),
            shapefile::PolygonRing::Inner(v) => (false, v.iter().map(&xy).collect()),
        })
        .collect()
}
