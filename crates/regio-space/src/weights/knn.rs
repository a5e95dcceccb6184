//! Distance-based weights on unit centroids: k nearest neighbours and
//! distance bands (binary or inverse distance, Anselin 1988 ch. 3; as in
//! libpysal's `KNN` and `DistanceBand`), found with an R-tree. Geographic
//! (lon/lat) points are placed on a sphere of radius 6371.0088 km, where the
//! chord distance orders neighbours exactly like the great-circle distance.

use geo::Centroid;
use geo_types::MultiPolygon;
use regio_core::{Error, Graph, Result};
use rstar::primitives::GeomWithData;
use rstar::RTree;

/// Mean Earth radius (IUGG), km.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Points to measure distances between.
#[derive(Debug, Clone, PartialEq)]
pub enum Points {
    /// Planar coordinates; distances in their units.
    Planar(Vec<[f64; 2]>),
    /// Longitude/latitude in degrees; distances in km along the great circle.
    LonLat(Vec<[f64; 2]>),
}

impl Points {
    /// Number of points.
    pub fn len(&self) -> usize {
        match self {
            Points::Planar(p) | Points::LonLat(p) => p.len(),
        }
    }

    /// True when there are no points.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Distance between points `i` and `j` (planar units, or great-circle km).
    pub fn distance(&self, i: usize, j: usize) -> f64 {
        match self {
            Points::Planar(p) => ((p[i][0] - p[j][0]).powi(2) + (p[i][1] - p[j][1]).powi(2)).sqrt(),
            Points::LonLat(p) => {
                let (a, b) = (sphere(p[i]), sphere(p[j]));
                chord_to_arc(
                    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt(),
                )
            }
        }
    }
}

fn sphere(p: [f64; 2]) -> [f64; 3] {
    let (lon, lat) = (p[0].to_radians(), p[1].to_radians());
    [
        EARTH_RADIUS_KM * lat.cos() * lon.cos(),
        EARTH_RADIUS_KM * lat.cos() * lon.sin(),
        EARTH_RADIUS_KM * lat.sin(),
    ]
}

fn chord_to_arc(c: f64) -> f64 {
    2.0 * EARTH_RADIUS_KM * (c / (2.0 * EARTH_RADIUS_KM)).min(1.0).asin()
}

fn arc_to_chord(d: f64) -> f64 {
    2.0 * EARTH_RADIUS_KM
        * (d / (2.0 * EARTH_RADIUS_KM))
            .min(std::f64::consts::FRAC_PI_2)
            .sin()
}

/// Centroids of polygons (empty geometries have none: an error names them).
pub fn centroids(polys: &[MultiPolygon<f64>]) -> Result<Vec<[f64; 2]>> {
    polys
        .iter()
        .enumerate()
        .map(|(i, p)| {
            p.centroid()
                .map(|c| [c.x(), c.y()])
                .ok_or_else(|| Error::invalid(format!("geometry {i} is empty: it has no centroid")))
        })
        .collect()
}

fn check(pts: &Points) -> Result<()> {
    let p = match pts {
        Points::Planar(p) | Points::LonLat(p) => p,
    };
    if let Some(i) = p
        .iter()
        .position(|q| !q[0].is_finite() || !q[1].is_finite())
    {
        return Err(Error::InvalidValue {
            value: format!("{:?}", p[i]),
            expected: "finite coordinates".into(),
            context: Some(format!("point {i}")),
        });
    }
    Ok(())
}

/// An R-tree of the points, each carrying its unit index.
fn point_tree<const D: usize>(p: &[[f64; D]]) -> RTree<GeomWithData<[f64; D], u32>> {
    RTree::bulk_load(
        p.iter()
            .enumerate()
            .map(|(i, q)| GeomWithData::new(*q, i as u32))
            .collect(),
    )
}

fn knn_d<const D: usize>(p: &[[f64; D]], k: usize) -> Vec<Vec<u32>> {
    let tree = point_tree(p);
    use rayon::prelude::*;
    p.par_iter()
        .enumerate()
        .map(|(i, q)| {
            // Ties are broken by unit index so the result is deterministic.
            let mut c: Vec<(f64, u32)> = Vec::with_capacity(k + 8);
            for (o, d2) in tree.nearest_neighbor_iter_with_distance_2(q) {
                if o.data as usize == i {
                    continue;
                }
                if c.len() >= k && d2 > c[k - 1].0 {
                    break;
                }
                c.push((d2, o.data));
                c.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            }
            c.truncate(k);
            c.into_iter().map(|(_, j)| j).collect()
        })
        .collect()
}

/// k-nearest-neighbour weights (binary, asymmetric in general; ties broken by index).
pub fn knn(pts: &Points, k: usize) -> Result<Graph> {
    check(pts)?;
    if k == 0 || k >= pts.len() {
        return Err(Error::invalid(format!(
            "k nearest neighbours needs 0 < k < number of units ({}), got k = {k}",
            pts.len()
        )));
    }
    let lists = match pts {
        Points::Planar(p) => knn_d(p, k),
        Points::LonLat(p) => knn_d(&p.iter().map(|&q| sphere(q)).collect::<Vec<_>>(), k),
    };
    Graph::from_lists(lists)
}

fn band_d<const D: usize>(p: &[[f64; D]], r: f64) -> Vec<Vec<u32>> {
    use rayon::prelude::*;
    let tree = point_tree(p);
    p.par_iter()
        .enumerate()
        .map(|(i, q)| {
            tree.locate_within_distance(*q, r * r)
                .map(|o| o.data)
                .filter(|&j| j as usize != i)
                .collect()
        })
        .collect()
}

/// Distance-band weights: units within `threshold` (inclusive) are
/// neighbours; `alpha = None` gives binary weights, `Some(a)` inverse-distance
/// weights `d^a` (e.g. `a = −1`).
pub fn distance_band(pts: &Points, threshold: f64, alpha: Option<f64>) -> Result<Graph> {
    check(pts)?;
    if !threshold.is_finite() || threshold <= 0.0 {
        return Err(Error::InvalidValue {
            value: threshold.to_string(),
            expected: "a positive distance threshold".into(),
            context: None,
        });
    }
    let lists = match pts {
        Points::Planar(p) => band_d(p, threshold),
        Points::LonLat(p) => band_d(
            &p.iter().map(|&q| sphere(q)).collect::<Vec<_>>(),
            arc_to_chord(threshold) * (1.0 + 1e-12),
        ),
    };
    match alpha {
        None => Graph::from_lists(lists),
        Some(a) => {
            let mut wl = Vec::with_capacity(lists.len());
            for (i, l) in lists.into_iter().enumerate() {
                let mut row = Vec::with_capacity(l.len());
                for j in l {
                    let d = pts.distance(i, j as usize);
                    if d == 0.0 {
                        return Err(Error::invalid(format!(
                            "units {i} and {j} have the same centroid: inverse-distance weight is infinite (duplicate geometry?)"
                        )));
                    }
                    row.push((j, d.powf(a)));
                }
                wl.push(row);
            }
            Graph::from_weighted_lists(wl)
        }
    }
}

/// The smallest threshold that gives every unit at least one neighbour
/// (libpysal's `min_threshold_distance`): the largest nearest-neighbour distance.
pub fn min_threshold(pts: &Points) -> Result<f64> {
    let g = knn(pts, 1)?;
    Ok((0..g.len())
        .map(|i| pts.distance(i, g.neighbors(i)[0] as usize))
        .fold(0.0, f64::max))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knn_and_band_on_a_line() {
        // Points at x = 0, 1, 3, 7: nearest of 0 is 1, of 3 is 1 (d 2), of 7 is 3 (d 4).
        let p = Points::Planar(vec![[0.0, 0.0], [1.0, 0.0], [3.0, 0.0], [7.0, 0.0]]);
        let g = knn(&p, 1).unwrap();
        assert_eq!(
            (g.neighbors(0), g.neighbors(2), g.neighbors(3)),
            (&[1u32][..], &[1u32][..], &[2u32][..])
        );
        let g2 = knn(&p, 2).unwrap();
        assert_eq!(g2.neighbors(1), &[0, 2]);
        assert_eq!(min_threshold(&p).unwrap(), 4.0);
        let b = distance_band(&p, 2.0, None).unwrap();
        assert_eq!(b.neighbors(1), &[0, 2]);
        assert!(b.neighbors(3).is_empty());
        // Inverse distance d^-1: 1→2 at distance 2 weighs 0.5.
        let b = distance_band(&p, 2.0, Some(-1.0)).unwrap();
        assert_eq!(b.weights(1), &[1.0, 0.5]);
        assert!(knn(&p, 4).is_err());
    }

    #[test]
    fn lonlat_great_circle() {
        // One degree of longitude on the equator = 2πR/360 = 6371.0088·π/180 = 111.19508 km.
        let p = Points::LonLat(vec![[0.0, 0.0], [1.0, 0.0], [0.0, 3.0]]);
        assert!((p.distance(0, 1) - 111.1950802335329).abs() < 1e-6);
        assert_eq!(knn(&p, 1).unwrap().neighbors(2), &[0]);
        assert_eq!(distance_band(&p, 111.2, None).unwrap().neighbors(0), &[1]);
        assert!(distance_band(&p, 111.19, None)
            .unwrap()
            .neighbors(0)
            .is_empty());
    }
}
