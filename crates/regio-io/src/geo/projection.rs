//! Projected coordinate systems to lon/lat (WGS84 / GRS80 degrees) with the
//! pure-Rust proj4rs. Reads `.prj` WKT (Transverse Mercator and Albers Equal
//! Area, as used by Korea's EPSG:5179/5186 and the US EPSG:5070) and EPSG
//! codes for the common cases.

use proj4rs::proj::Proj;

/// proj string of EPSG:5186, Korea 2000 / Central Belt 2010.
pub const PRJ_EPSG_5186: &str =
    "+proj=tmerc +lat_0=38 +lon_0=127 +k=1 +x_0=200000 +y_0=600000 +ellps=GRS80 +units=m +no_defs";
/// proj string of EPSG:5179, Korea 2000 / Unified CS.
pub const PRJ_EPSG_5179: &str = "+proj=tmerc +lat_0=38 +lon_0=127.5 +k=0.9996 +x_0=1000000 +y_0=2000000 +ellps=GRS80 +units=m +no_defs";
/// proj string of EPSG:5070, NAD83 / Conus Albers.
pub const PRJ_EPSG_5070: &str = "+proj=aea +lat_0=23 +lon_0=-96 +lat_1=29.5 +lat_2=45.5 +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs";

/// A conversion from source coordinates to lon/lat degrees.
pub type LonLatFn = Box<dyn Fn(f64, f64) -> Result<(f64, f64), String>>;

/// A source coordinate system to convert to lon/lat.
#[derive(Debug, Clone, PartialEq)]
pub enum Projection {
    /// Already geographic lon/lat degrees.
    LonLat,
    /// A projected system, as a proj string.
    Projected(String),
}

impl Projection {
    /// From an EPSG code regio knows (4326, 4737, 5179, 5186, 5070).
    pub fn from_epsg(code: u32) -> Option<Projection> {
        match code {
            4326 | 4737 | 4269 | 4258 => Some(Projection::LonLat),
            5186 => Some(Projection::Projected(PRJ_EPSG_5186.into())),
            5179 => Some(Projection::Projected(PRJ_EPSG_5179.into())),
            5070 => Some(Projection::Projected(PRJ_EPSG_5070.into())),
            _ => None,
        }
    }

    /// Interprets `.prj` WKT (ESRI or OGC flavour): GEOGCS alone is lon/lat;
    /// PROJCS with Transverse_Mercator or Albers is rebuilt as a proj string
    /// from its parameters. Returns an explanation for anything else.
    pub fn from_wkt(wkt: &str) -> Result<Projection, String> {
        let w = wkt.trim();
        if w.starts_with("GEOGCS") || w.starts_with("GEOGCRS") {
            return Ok(Projection::LonLat);
        }
        if !w.starts_with("PROJCS") {
            return Err(format!("unrecognised .prj content: {}", short(w)));
        }
        let projection = quoted_after(w, "PROJECTION[")
            .ok_or_else(|| format!("no PROJECTION in .prj: {}", short(w)))?
            .to_ascii_lowercase();
        let p = |names: &[&str]| -> Option<f64> { names.iter().find_map(|n| param(w, n)) };
        let lat0 = p(&[
            "latitude_of_origin",
            "Latitude_Of_Origin",
            "latitude_of_center",
        ])
        .unwrap_or(0.0);
        let x0 = p(&["false_easting", "False_Easting"]).unwrap_or(0.0);
        let y0 = p(&["false_northing", "False_Northing"]).unwrap_or(0.0);
        let unit = units_to_metres(w);
        let ellps = if w.contains("GRS_1980") || w.contains("GRS 1980") || w.contains("GRS80") {
            "+ellps=GRS80"
        } else if w.contains("WGS_1984") || w.contains("WGS 84") {
            "+ellps=WGS84"
        } else if w.contains("Bessel") {
            "+ellps=bessel"
        } else {
            return Err(format!("unsupported ellipsoid in .prj: {}", short(w)));
        };
        if projection.contains("transverse_mercator") {
            let lon0 = p(&["central_meridian", "Central_Meridian"]).unwrap_or(0.0);
            let k = p(&["scale_factor", "Scale_Factor"]).unwrap_or(1.0);
            Ok(Projection::Projected(format!(
                "+proj=tmerc +lat_0={lat0} +lon_0={lon0} +k={k} +x_0={x0} +y_0={y0} {ellps} +to_meter={unit} +no_defs"
            )))
        } else if projection.contains("albers") {
            let lon0 = p(&[
                "central_meridian",
                "Central_Meridian",
                "longitude_of_center",
            ])
            .unwrap_or(0.0);
            let lat1 = p(&["standard_parallel_1", "Standard_Parallel_1"]).unwrap_or(0.0);
            let lat2 = p(&["standard_parallel_2", "Standard_Parallel_2"]).unwrap_or(0.0);
            Ok(Projection::Projected(format!(
                "+proj=aea +lat_0={lat0} +lon_0={lon0} +lat_1={lat1} +lat_2={lat2} +x_0={x0} +y_0={y0} {ellps} +to_meter={unit} +no_defs"
            )))
        } else {
            Err(format!("unsupported projection {projection:?} in .prj"))
        }
    }

    /// A converter from this system to lon/lat degrees.
    pub fn to_lonlat(&self) -> Result<LonLatFn, String> {
        match self {
            Projection::LonLat => Ok(Box::new(|x, y| Ok((x, y)))),
            Projection::Projected(s) => {
                let src = Proj::from_proj_string(s).map_err(|e| format!("{s}: {e:?}"))?;
                let dst = Proj::from_proj_string("+proj=longlat +ellps=GRS80 +no_defs")
                    .map_err(|e| format!("{e:?}"))?;
                Ok(Box::new(move |x, y| {
                    let mut p = (x, y, 0.0);
                    proj4rs::transform::transform(&src, &dst, &mut p)
                        .map_err(|e| format!("cannot project ({x}, {y}): {e:?}"))?;
                    Ok((p.0.to_degrees(), p.1.to_degrees()))
                }))
            }
        }
    }
}

fn short(s: &str) -> String {
    crate::source::fragment(s)
}

fn quoted_after<'a>(w: &'a str, key: &str) -> Option<&'a str> {
    let i = w.find(key)? + key.len();
    let rest = &w[i..];
    let a = rest.find('"')? + 1;
    let b = rest[a..].find('"')? + a;
    Some(&rest[a..b])
}

fn param(w: &str, name: &str) -> Option<f64> {
    let key = format!("PARAMETER[\"{name}\"");
    let i = w.find(&key)? + key.len();
    let rest = &w[i..];
    let rest = rest.trim_start_matches([',', ' ']);
    let end = rest.find(']')?;
    rest[..end].trim().parse().ok()
}

fn units_to_metres(w: &str) -> f64 {
    // The last UNIT[...] of a PROJCS is the linear unit.
    match w.rfind("UNIT[") {
        Some(i) => {
            let rest = &w[i..];
            rest.split(',')
                .nth(1)
                .and_then(|v| v.trim_end_matches(']').trim().parse().ok())
                .unwrap_or(1.0)
        }
        None => 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epsg5186_false_origin_is_127e_38n() {
        // The false origin (200000, 600000) of EPSG:5186 is (127°E, 38°N) by definition.
        let f = Projection::from_epsg(5186).unwrap().to_lonlat().unwrap();
        let (lon, lat) = f(200_000.0, 600_000.0).unwrap();
        assert!(
            (lon - 127.0).abs() < 1e-9 && (lat - 38.0).abs() < 1e-9,
            "{lon} {lat}"
        );
        // 5179's origin (1000000, 2000000) is (127.5°E, 38°N).
        let g = Projection::from_epsg(5179).unwrap().to_lonlat().unwrap();
        let (lon, lat) = g(1_000_000.0, 2_000_000.0).unwrap();
        assert!((lon - 127.5).abs() < 1e-9 && (lat - 38.0).abs() < 1e-9);
    }

    #[test]
    fn wkt_of_the_gyeonggi_prj_matches_epsg5186() {
        let wkt = include_str!(
            "../../../../data/kr_carbon_2022/original/LARD_ADM_SECT_SGG_41_202405.prj"
        );
        let p = Projection::from_wkt(wkt).unwrap();
        let a = p.to_lonlat().unwrap();
        let b = Projection::from_epsg(5186).unwrap().to_lonlat().unwrap();
        for (x, y) in [(180_000.0, 520_000.0), (250_000.0, 600_000.0)] {
            let (p1, p2) = (a(x, y).unwrap(), b(x, y).unwrap());
            assert!((p1.0 - p2.0).abs() < 1e-12 && (p1.1 - p2.1).abs() < 1e-12);
        }
        assert!(
            Projection::from_wkt("PROJCS[\"x\",PROJECTION[\"Lambert_Conformal_Conic\"]]").is_err()
        );
    }
}
