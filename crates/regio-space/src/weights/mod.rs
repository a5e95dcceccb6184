//! Spatial weights: contiguity (queen, rook, fuzzy, TopoJSON arcs), k
//! nearest neighbours and distance bands, transforms, higher-order
//! neighbours, islands, and GAL/GWT exchange; [`Spec`] is the one typed
//! description of which weights to build.

pub mod contiguity;
pub mod gal;
pub mod islands;
pub mod knn;
pub mod spec;
pub mod transform;

pub use spec::{Built, ParseSpecError, Spec};

use geo_types::MultiPolygon;
use regio_core::{Graph, Table};

/// Problems found in a set of polygons before building weights.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GeometryIssues {
    /// Units with an empty geometry (no vertices).
    pub empty: Vec<usize>,
    /// Pairs of units with identical vertex sets (duplicate geometries).
    pub duplicates: Vec<(usize, usize)>,
}

/// Finds empty and duplicate geometries (by hashing each unit's sorted vertex set).
pub fn geometry_issues(polys: &[MultiPolygon<f64>]) -> GeometryIssues {
    let mut out = GeometryIssues::default();
    let mut sigs: Vec<(Vec<(u64, u64)>, usize)> = Vec::new();
    for (i, mp) in polys.iter().enumerate() {
        let mut v: Vec<(u64, u64)> =
            mp.0.iter()
                .flat_map(|p| {
                    p.exterior()
                        .0
                        .iter()
                        .chain(p.interiors().iter().flat_map(|r| r.0.iter()))
                })
                .map(|c| ((c.x + 0.0).to_bits(), (c.y + 0.0).to_bits()))
                .collect();
        if v.is_empty() {
            out.empty.push(i);
            continue;
        }
        v.sort_unstable();
        v.dedup();
        sigs.push((v, i));
    }
    sigs.sort();
    for w in sigs.windows(2) {
        if w[0].0 == w[1].0 {
            out.duplicates.push((w[0].1, w[1].1));
        }
    }
    out.duplicates.sort_unstable();
    out
}

impl GeometryIssues {
    /// True when no geometry is empty or duplicated.
    pub fn is_empty(&self) -> bool {
        self.empty.is_empty() && self.duplicates.is_empty()
    }

    /// The issues as a table `geometry_issues` (region, issue, other).
    pub fn to_table(&self, codes: &[String]) -> Table {
        let mut rows: Vec<(String, String, String)> = self
            .empty
            .iter()
            .map(|&i| {
                (
                    codes[i].clone(),
                    "empty geometry".to_string(),
                    String::new(),
                )
            })
            .collect();
        rows.extend(self.duplicates.iter().map(|&(i, j)| {
            (
                codes[i].clone(),
                "duplicate geometry".to_string(),
                codes[j].clone(),
            )
        }));
        let mut t = Table::new("geometry_issues");
        t.push_str(
            "region",
            "region code",
            rows.iter().map(|r| r.0.clone()).collect(),
        )
        .push_str(
            "issue",
            "what is wrong with the geometry",
            rows.iter().map(|r| r.1.clone()).collect(),
        )
        .push_str(
            "other",
            "the region it duplicates",
            rows.iter().map(|r| r.2.clone()).collect(),
        );
        t
    }
}

/// Number of neighbours per unit as a table `neighbors` (region, n_neighbors).
pub fn neighbors_table(g: &Graph, codes: &[String]) -> Table {
    let mut t = Table::new("neighbors");
    t.push_str("region", "region code", codes.to_vec())
        .push_i64(
            "n_neighbors",
            "number of neighbours",
            (0..g.len()).map(|i| g.degree(i) as i64).collect(),
        );
    t.with_region_key("region")
}

/// Summary of a weights graph as a one-row table.
pub fn summary_table(g: &Graph, kind: &str, added_by_tolerance: Option<usize>) -> Table {
    let n = g.len();
    let degs: Vec<usize> = (0..n).map(|i| g.degree(i)).collect();
    let comps = g.components();
    let n_comp = comps.iter().max().map_or(0, |m| m + 1);
    let mut t = Table::new("weights_summary");
    t.push_str(
        "weights",
        "kind of weights (queen, rook, fuzzy:TOL, knn:K, ...)",
        vec![kind.to_string()],
    )
    .push_i64("n", "number of units", vec![n as i64])
    .push_i64(
        "links",
        "number of directed links",
        vec![g.n_links() as i64],
    )
    .push_f64(
        "mean_neighbors",
        "mean number of neighbours",
        vec![g.n_links() as f64 / n.max(1) as f64],
    )
    .push_i64(
        "min_neighbors",
        "fewest neighbours of a unit",
        vec![degs.iter().copied().min().unwrap_or(0) as i64],
    )
    .push_i64(
        "max_neighbors",
        "most neighbours of a unit",
        vec![degs.iter().copied().max().unwrap_or(0) as i64],
    )
    .push_i64(
        "islands",
        "units without neighbours",
        vec![g.islands().len() as i64],
    )
    .push_i64("components", "connected components", vec![n_comp as i64])
    .push_bool(
        "symmetric",
        "every link i→j has j→i",
        vec![g.is_symmetric()],
    )
    .push_opt_f64(
        "links_added_by_tolerance",
        "neighbour pairs fuzzy contiguity added to exact queen contiguity",
        vec![added_by_tolerance.map(|a| a as f64)],
    );
    t
}

/// Neighbour lists as a long table (focal, neighbor, weight).
pub fn edges_table(g: &Graph, codes: &[String]) -> Table {
    let (mut f, mut nb, mut w) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..g.len() {
        for (&j, &x) in g.neighbors(i).iter().zip(g.weights(i)) {
            f.push(codes[i].clone());
            nb.push(codes[j as usize].clone());
            w.push(x);
        }
    }
    let mut t = Table::new("weights");
    t.push_str("focal", "region code", f)
        .push_str("neighbor", "neighbouring region code", nb)
        .push_f64("weight", "weight of the link", w);
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::polygon;

    #[test]
    fn finds_empty_and_duplicates() {
        let a = MultiPolygon(vec![
            polygon![(x: 0., y: 0.), (x: 1., y: 0.), (x: 1., y: 1.), (x: 0., y: 0.)],
        ]);
        let polys = vec![a.clone(), MultiPolygon(vec![]), a];
        let is = geometry_issues(&polys);
        assert_eq!(is.empty, vec![1]);
        assert_eq!(is.duplicates, vec![(0, 2)]);
    }
}
