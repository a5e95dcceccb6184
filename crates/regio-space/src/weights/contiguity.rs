//! Contiguity weights from polygons: queen (a shared vertex) and rook (a
//! shared edge), built by hashing vertices and edges rather than testing
//! geometry pairs (the construction of PySAL's `libpysal.weights.Queen` /
//! `Rook`, Rey & Anselin 2007, "PySAL: A Python Library of Spatial Analytical
//! Methods"); rook from TopoJSON shared arcs (Bostock's TopoJSON
//! specification: features that share an arc share a border); and "fuzzy"
//! contiguity for boundaries that do not share exact vertices (GeoDa's and
//! libpysal's `fuzzy_contiguity` idea: units whose borders come within a
//! tolerance are neighbours), found with an R-tree of boundary segments.

use geo_types::{Coord, MultiPolygon};
use rayon::prelude::*;
use regio_core::Graph;
use rstar::primitives::{GeomWithData, Line};
use rstar::{RTree, AABB};
use std::collections::HashSet;

/// A vertex as an exact hashable key (`-0.0` folded into `0.0`).
fn key(c: Coord<f64>) -> (u64, u64) {
    ((c.x + 0.0).to_bits(), (c.y + 0.0).to_bits())
}

/// Calls `f(key)` for every vertex of every ring of `mp`.
fn for_each_vertex(mp: &MultiPolygon<f64>, mut f: impl FnMut(Coord<f64>)) {
    for p in &mp.0 {
        for c in &p.exterior().0 {
            f(*c);
        }
        for r in p.interiors() {
            for c in &r.0 {
                f(*c);
            }
        }
    }
}

/// Calls `f(a, b)` for every boundary segment of `mp`.
fn for_each_segment(mp: &MultiPolygon<f64>, mut f: impl FnMut(Coord<f64>, Coord<f64>)) {
    for p in &mp.0 {
        for ring in std::iter::once(p.exterior()).chain(p.interiors().iter()) {
            for w in ring.0.windows(2) {
                if w[0] != w[1] {
                    f(w[0], w[1]);
                }
            }
        }
    }
}

/// Turns sorted `(key, unit)` records into symmetric neighbour lists: every
/// two units that appear under the same key become neighbours.
fn lists_from_groups<K: Ord + Copy + Send>(n: usize, recs: &mut Vec<(K, u32)>) -> Vec<Vec<u32>> {
    recs.par_sort_unstable();
    recs.dedup();
    let mut lists = vec![Vec::new(); n];
    let mut s = 0;
    while s < recs.len() {
        let mut e = s + 1;
        while e < recs.len() && recs[e].0 == recs[s].0 {
            e += 1;
        }
        for a in s..e {
            for b in s..e {
                if a != b {
                    lists[recs[a].1 as usize].push(recs[b].1);
                }
            }
        }
        s = e;
    }
    lists
}

fn graph(lists: Vec<Vec<u32>>) -> Graph {
    // from_lists only fails on out-of-range indices, which cannot occur here.
    Graph::from_lists(lists).expect("neighbour indices are in range by construction")
}

/// Queen contiguity: units sharing at least one boundary vertex (exact
/// coordinates) are neighbours; binary, symmetric weights.
pub fn queen(polys: &[MultiPolygon<f64>]) -> Graph {
    let mut recs: Vec<((u64, u64), u32)> = Vec::new();
    for (i, mp) in polys.iter().enumerate() {
        for_each_vertex(mp, |c| recs.push((key(c), i as u32)));
    }
    graph(lists_from_groups(polys.len(), &mut recs))
}

/// Rook contiguity: units sharing at least one boundary edge (the same two
/// consecutive vertices, in either direction) are neighbours.
pub fn rook(polys: &[MultiPolygon<f64>]) -> Graph {
    type EdgeKey = ((u64, u64), (u64, u64));
    let mut recs: Vec<(EdgeKey, u32)> = Vec::new();
    for (i, mp) in polys.iter().enumerate() {
        for_each_segment(mp, |a, b| {
            let (ka, kb) = (key(a), key(b));
            let k = if ka <= kb { (ka, kb) } else { (kb, ka) };
            recs.push((k, i as u32));
        });
    }
    graph(lists_from_groups(polys.len(), &mut recs))
}

/// Rook contiguity from TopoJSON topology: `arcs[i]` lists the (non-negative)
/// arc indices feature `i` uses; features sharing an arc are neighbours.
pub fn from_topology(arcs: &[Vec<u32>]) -> Graph {
    let mut recs: Vec<(u32, u32)> = Vec::new();
    for (i, a) in arcs.iter().enumerate() {
        recs.extend(a.iter().map(|&arc| (arc, i as u32)));
    }
    graph(lists_from_groups(arcs.len(), &mut recs))
}

fn dist2_point_seg(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let l2 = dx * dx + dy * dy;
    let t = if l2 > 0.0 {
        (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (qx, qy) = (a[0] + t * dx - p[0], a[1] + t * dy - p[1]);
    qx * qx + qy * qy
}

fn orient(a: [f64; 2], b: [f64; 2], c: [f64; 2]) -> f64 {
    (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
}

/// Squared distance between segments `ab` and `cd` (zero when they cross).
pub(crate) fn dist2_seg_seg(a: [f64; 2], b: [f64; 2], c: [f64; 2], d: [f64; 2]) -> f64 {
    let (o1, o2, o3, o4) = (
        orient(a, b, c),
        orient(a, b, d),
        orient(c, d, a),
        orient(c, d, b),
    );
    if ((o1 > 0.0 && o2 < 0.0) || (o1 < 0.0 && o2 > 0.0))
        && ((o3 > 0.0 && o4 < 0.0) || (o3 < 0.0 && o4 > 0.0))
    {
        return 0.0;
    }
    dist2_point_seg(a, c, d)
        .min(dist2_point_seg(b, c, d))
        .min(dist2_point_seg(c, a, b))
        .min(dist2_point_seg(d, a, b))
}

type Seg = GeomWithData<Line<[f64; 2]>, u32>;

/// Fuzzy contiguity: units whose boundaries come within `tolerance` (in the
/// coordinates' units) of each other are neighbours, in addition to the
/// exact queen neighbours. Returns the graph and the number of neighbour
/// pairs (undirected) the tolerance added to queen contiguity.
///
/// Candidate segment pairs come from an R-tree of boundary segments; each is
/// confirmed with the exact segment-to-segment distance.
pub fn fuzzy(polys: &[MultiPolygon<f64>], tolerance: f64) -> (Graph, usize) {
    let q = queen(polys);
    let tol = if tolerance.is_finite() && tolerance > 0.0 {
        tolerance
    } else {
        0.0
    };
    let mut segs: Vec<Seg> = Vec::new();
    for (i, mp) in polys.iter().enumerate() {
        for_each_segment(mp, |a, b| {
            segs.push(GeomWithData::new(
                Line::new([a.x, a.y], [b.x, b.y]),
                i as u32,
            ));
        });
    }
    let tree = RTree::bulk_load(segs.clone());
    let t2 = tol * tol;
    // Per unit, in parallel: the set of other units within the tolerance.
    let mut by_unit: Vec<Vec<&Seg>> = vec![Vec::new(); polys.len()];
    for s in &segs {
        by_unit[s.data as usize].push(s);
    }
    let found: Vec<Vec<u32>> = by_unit
        .par_iter()
        .enumerate()
        .map(|(i, my)| {
            let mut hit: HashSet<u32> = q.neighbors(i).iter().copied().collect();
            let mut out = Vec::new();
            for s in my {
                let (a, b) = (s.geom().from, s.geom().to);
                let env = AABB::from_corners(
                    [a[0].min(b[0]) - tol, a[1].min(b[1]) - tol],
                    [a[0].max(b[0]) + tol, a[1].max(b[1]) + tol],
                );
                for o in tree.locate_in_envelope_intersecting(&env) {
                    let j = o.data;
                    if j as usize == i || hit.contains(&j) {
                        continue;
                    }
                    if dist2_seg_seg(a, b, o.geom().from, o.geom().to) <= t2 {
                        hit.insert(j);
                        out.push(j);
                    }
                }
            }
            out
        })
        .collect();
    let mut lists: Vec<Vec<u32>> = (0..polys.len()).map(|i| q.neighbors(i).to_vec()).collect();
    let mut added = 0;
    for (i, f) in found.iter().enumerate() {
        for &j in f {
            // Symmetric by construction (segment distance is symmetric); count each pair once.
            if (i as u32) < j {
                added += 1;
            }
            lists[i].push(j);
            lists[j as usize].push(i as u32);
        }
    }
    (graph(lists), added)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::{polygon, MultiPolygon};

    fn sq(x: f64, y: f64) -> MultiPolygon<f64> {
        MultiPolygon(vec![
            polygon![(x: x, y: y), (x: x + 1.0, y: y), (x: x + 1.0, y: y + 1.0),
            (x: x, y: y + 1.0), (x: x, y: y)],
        ])
    }

    #[test]
    fn grid_queen_rook() {
        // 3x3 grid of unit squares, row-major ids 0..9: the centre (4) has
        // 8 queen and 4 rook neighbours; corner 0 has 3 queen, 2 rook.
        let polys: Vec<_> = (0..9).map(|k| sq((k % 3) as f64, (k / 3) as f64)).collect();
        let q = queen(&polys);
        let r = rook(&polys);
        assert_eq!(q.neighbors(4), &[0, 1, 2, 3, 5, 6, 7, 8]);
        assert_eq!(r.neighbors(4), &[1, 3, 5, 7]);
        assert_eq!(q.neighbors(0), &[1, 3, 4]);
        assert_eq!(r.neighbors(0), &[1, 3]);
        // Links: rook 2*(3*2*2)=24 directed; queen adds 2 diagonals per 2x2 block (4 blocks) → 24+16.
        assert_eq!(r.n_links(), 24);
        assert_eq!(q.n_links(), 40);
        assert!(q.is_symmetric() && r.is_symmetric());
    }

    #[test]
    fn fuzzy_closes_gaps() {
        // Two squares separated by a 0.01 gap: no exact neighbours; fuzzy at
        // 0.02 links them (1 pair added), fuzzy at 0.005 does not.
        let polys = vec![sq(0.0, 0.0), sq(1.01, 0.0), sq(5.0, 5.0)];
        assert_eq!(queen(&polys).n_links(), 0);
        let (g, added) = fuzzy(&polys, 0.02);
        assert_eq!(added, 1);
        assert_eq!(g.neighbors(0), &[1]);
        assert_eq!(g.islands(), vec![2]);
        let (g, added) = fuzzy(&polys, 0.005);
        assert_eq!((g.n_links(), added), (0, 0));
    }

    #[test]
    fn topology_arcs() {
        // Features 0 and 1 share arc 7, 1 and 2 share arc 3, 3 shares none.
        let g = from_topology(&[vec![1, 7], vec![7, 3], vec![3, 9], vec![4]]);
        assert_eq!(g.neighbors(1), &[0, 2]);
        assert_eq!(g.islands(), vec![3]);
    }

    #[test]
    fn segment_distance() {
        // Crossing diagonals: 0. Parallel unit segments 2 apart: 4 (squared).
        assert_eq!(dist2_seg_seg([0., 0.], [1., 1.], [0., 1.], [1., 0.]), 0.0);
        assert_eq!(dist2_seg_seg([0., 0.], [1., 0.], [0., 2.], [1., 2.]), 4.0);
    }
}
