//! Unit geometry checks for zoning: every unit needs a polygon with a
//! positive area (a zero-area polygon has no border, so its contiguity and
//! compactness are undefined), and its centroid is used by the compactness
//! objective (area-weighted polygon centroid, geo's `Centroid`).

use geo::{Area, Centroid};
use geo_types::MultiPolygon;
use regio_core::{Error, Result};

/// Centroids (x, y) of the units' polygons; fails naming the first unit
/// (by `codes`) whose polygon is empty or has zero area.
pub fn centroids(polys: &[MultiPolygon<f64>], codes: &[String]) -> Result<(Vec<f64>, Vec<f64>)> {
    let mut xs = Vec::with_capacity(polys.len());
    let mut ys = Vec::with_capacity(polys.len());
    let bad: Vec<usize> = (0..polys.len())
        .filter(|&i| {
            polys[i].unsigned_area().partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater)
        })
        .collect();
    if let Some(&i) = bad.first() {
        return Err(Error::InvalidValue {
            value: format!("area {}", polys[i].unsigned_area()),
            expected:
                "a polygon with a positive area for every unit (contiguity is undefined otherwise)"
                    .into(),
            context: Some(format!(
                "region {} ({} unit(s) with zero-area or empty polygons)",
                codes.get(i).map(String::as_str).unwrap_or("?"),
                bad.len()
            )),
        });
    }
    for p in polys {
        let c = p
            .centroid()
            .ok_or_else(|| Error::invalid("polygon without a centroid"))?;
        xs.push(c.x());
        ys.push(c.y());
    }
    Ok((xs, ys))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::{polygon, MultiPolygon};

    #[test]
    fn zero_area_is_named() {
        let sq = MultiPolygon(vec![
            polygon![(x: 0.0, y: 0.0), (x: 2.0, y: 0.0), (x: 2.0, y: 2.0), (x: 0.0, y: 2.0)],
        ]);
        let flat = MultiPolygon(vec![
            polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 2.0, y: 0.0)],
        ]);
        let (x, y) = centroids(std::slice::from_ref(&sq), &["a".into()]).unwrap();
        assert_eq!((x[0], y[0]), (1.0, 1.0));
        let err = centroids(&[sq, flat], &["a".into(), "b".into()])
            .unwrap_err()
            .to_string();
        assert!(err.contains("region b"), "{err}");
    }
}
