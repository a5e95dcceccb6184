//! A sparse neighbour graph (spatial weights) in compressed-row form.

use crate::{Error, Result};

/// Sparse weighted neighbour lists: row `i` lists the neighbours of unit `i`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Graph {
    offsets: Vec<usize>,
    neighbors: Vec<u32>,
    weights: Vec<f64>,
}

impl Graph {
    /// Builds from neighbour lists with unit weights; neighbours are sorted and
    /// deduplicated, self-links dropped.
    pub fn from_lists(lists: Vec<Vec<u32>>) -> Result<Self> {
        let n = lists.len();
        let mut offsets = Vec::with_capacity(n + 1);
        let mut neighbors = Vec::new();
        offsets.push(0);
        for (i, mut l) in lists.into_iter().enumerate() {
            l.sort_unstable();
            l.dedup();
            for &j in &l {
                if j as usize >= n {
                    return Err(Error::Shape(format!(
                        "neighbour {j} of {i} outside {n} units"
                    )));
                }
            }
            neighbors.extend(l.into_iter().filter(|&j| j as usize != i));
            offsets.push(neighbors.len());
        }
        let weights = vec![1.0; neighbors.len()];
        Ok(Graph {
            offsets,
            neighbors,
            weights,
        })
    }

    /// Builds from weighted neighbour lists (sorted by neighbour, duplicates summed).
    pub fn from_weighted_lists(lists: Vec<Vec<(u32, f64)>>) -> Result<Self> {
        let n = lists.len();
        let mut offsets = vec![0];
        let mut neighbors = Vec::new();
        let mut weights = Vec::new();
        for (i, mut l) in lists.into_iter().enumerate() {
            l.sort_by_key(|a| a.0);
            let start = neighbors.len();
            for (j, w) in l {
                if j as usize >= n {
                    return Err(Error::Shape(format!(
                        "neighbour {j} of {i} outside {n} units"
                    )));
                }
                if !w.is_finite() {
                    return Err(Error::InvalidValue {
                        value: w.to_string(),
                        expected: "a finite weight".into(),
                        context: Some(format!("link {i} -> {j}")),
                    });
                }
                if neighbors.len() > start && *neighbors.last().unwrap() == j {
                    *weights.last_mut().unwrap() += w;
                } else {
                    neighbors.push(j);
                    weights.push(w);
                }
            }
            offsets.push(neighbors.len());
        }
        Ok(Graph {
            offsets,
            neighbors,
            weights,
        })
    }

    /// Number of units.
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// True when the graph has no units.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Neighbours of unit `i`.
    pub fn neighbors(&self, i: usize) -> &[u32] {
        &self.neighbors[self.offsets[i]..self.offsets[i + 1]]
    }

    /// Weights of the links of unit `i`, aligned with [`Graph::neighbors`].
    pub fn weights(&self, i: usize) -> &[f64] {
        &self.weights[self.offsets[i]..self.offsets[i + 1]]
    }

    /// Number of neighbours of `i`.
    pub fn degree(&self, i: usize) -> usize {
        self.offsets[i + 1] - self.offsets[i]
    }

    /// Total number of directed links.
    pub fn n_links(&self) -> usize {
        self.neighbors.len()
    }

    /// Units without neighbours.
    pub fn islands(&self) -> Vec<usize> {
        (0..self.len()).filter(|&i| self.degree(i) == 0).collect()
    }

    /// True when every link i→j has a matching j→i.
    pub fn is_symmetric(&self) -> bool {
        (0..self.len()).all(|i| {
            self.neighbors(i).iter().all(|&j| {
                self.neighbors(j as usize)
                    .binary_search(&(i as u32))
                    .is_ok()
            })
        })
    }

    /// Row-standardised copy: each row's weights sum to one (islands stay empty).
    pub fn row_standardized(&self) -> Graph {
        let mut g = self.clone();
        for i in 0..g.len() {
            let (a, b) = (g.offsets[i], g.offsets[i + 1]);
            let s: f64 = g.weights[a..b].iter().sum();
            if s != 0.0 {
                for w in &mut g.weights[a..b] {
                    *w /= s;
                }
            }
        }
        g
    }

    /// Connected components (treating links as undirected when symmetric):
    /// a component label per unit, labels numbered by first appearance.
    pub fn components(&self) -> Vec<usize> {
        let n = self.len();
        let mut label = vec![usize::MAX; n];
        let mut next = 0;
        let mut stack = Vec::new();
        for s in 0..n {
            if label[s] != usize::MAX {
                continue;
            }
            label[s] = next;
            stack.push(s);
            while let Some(u) = stack.pop() {
                for &v in self.neighbors(u) {
                    let v = v as usize;
                    if label[v] == usize::MAX {
                        label[v] = next;
                        stack.push(v);
                    }
                }
            }
            next += 1;
        }
        label
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_components_islands() {
        let g = Graph::from_lists(vec![vec![1], vec![0, 0, 1], vec![]]).unwrap();
        assert_eq!(g.neighbors(1), &[0]);
        assert_eq!(g.islands(), vec![2]);
        assert_eq!(g.components(), vec![0, 0, 1]);
        assert!(g.is_symmetric());
        assert!(Graph::from_lists(vec![vec![5]]).is_err());
        let w = Graph::from_weighted_lists(vec![vec![(1, 2.0), (2, 6.0)], vec![], vec![]])
            .unwrap()
            .row_standardized();
        assert_eq!(w.weights(0), &[0.25, 0.75]);
    }
}
