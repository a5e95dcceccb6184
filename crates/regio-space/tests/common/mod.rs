//! Reference loading shared by the esda comparison tests: the libpysal
//! example shapefiles under data/pysal_examples and the esda output stored
//! under data/reference (see the PROVENANCE.md beside each).

use geo_types::{Coord, LineString, MultiPolygon, Polygon};
use std::collections::HashMap;

/// The repository's `data/` folder.
pub const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data");

/// The polygons of data/pysal_examples/<rel>, one multipolygon per record
/// (an inner ring joins the outer ring before it).
pub fn read_polys(rel: &str) -> Vec<MultiPolygon<f64>> {
    let path = format!("{DATA}/pysal_examples/{rel}");
    let shapes = shapefile::read_shapes_as::<_, shapefile::Polygon>(&path).expect("read shapefile");
    shapes
        .into_iter()
        .map(|p| {
            let mut polys: Vec<Polygon<f64>> = Vec::new();
            for ring in p.into_inner() {
                let outer = matches!(ring, shapefile::PolygonRing::Outer(_));
                let ls = LineString(
                    ring.into_inner()
                        .iter()
                        .map(|pt| Coord { x: pt.x, y: pt.y })
                        .collect(),
                );
                if outer || polys.is_empty() {
                    polys.push(Polygon::new(ls, vec![]));
                } else {
                    polys.last_mut().unwrap().interiors_push(ls);
                }
            }
            MultiPolygon(polys)
        })
        .collect()
}

/// The `key,value` statistics of data/reference/<set>/<dir>/global.csv.
pub fn read_global(set: &str, dir: &str) -> HashMap<String, f64> {
    let path = format!("{DATA}/reference/{set}/{dir}/global.csv");
    let mut r = csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    r.records()
        .map(|rec| {
            let rec = rec.unwrap_or_else(|e| panic!("{path}: {e}"));
            (rec[0].to_string(), rec[1].parse::<f64>().unwrap())
        })
        .collect()
}

/// The columns of data/reference/<set>/<dir>/local.csv by header name.
pub fn read_local(set: &str, dir: &str) -> HashMap<String, Vec<f64>> {
    let path = format!("{DATA}/reference/{set}/{dir}/local.csv");
    let mut r = csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let head: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let mut cols: HashMap<String, Vec<f64>> = head.iter().map(|h| (h.clone(), vec![])).collect();
    for rec in r.records() {
        let rec = rec.unwrap_or_else(|e| panic!("{path}: {e}"));
        for (h, v) in head.iter().zip(rec.iter()) {
            cols.get_mut(h).unwrap().push(v.parse::<f64>().unwrap());
        }
    }
    cols
}

/// `f` run inside a rayon pool of `threads` threads.
pub fn with_threads<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}

/// Agreement band of two independent Monte Carlo p-value estimates with 999
/// draws each: 3.5 SE of their difference, SE = √(2 p (1 − p) / 999), + 0.002.
pub fn p_band(p: f64) -> f64 {
    3.5 * (2.0 * p.max(0.001) * (1.0 - p) / 999.0).sqrt() + 0.002
}

/// Asserts that local pseudo p-values agree with esda's within `p_band` for
/// all but a few units: beyond 3.5 SE happens for ~0.05 % of units by chance;
/// more than one unit (or 2 %) disagreeing would signal a different test.
pub fn assert_local_p_agree(ours: &[f64], esda: &[f64], what: &str) {
    let n = esda.len();
    assert_eq!(ours.len(), n, "{what}: number of local p-values");
    let diff_big = ours
        .iter()
        .zip(esda)
        .filter(|(a, b)| (*a - *b).abs() > p_band(**b))
        .count();
    assert!(
        diff_big * 100 <= 2 * n + 100,
        "{what}: {diff_big} of {n} local p-values differ beyond 3.5 SE"
    );
}
