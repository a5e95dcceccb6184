//! Hub cities of functional regions: the dominant destination of each area,
//! and the nodal hierarchy of Nystuen & Dacey (1961), "A graph theory
//! interpretation of nodal regions", Papers of the Regional Science
//! Association 7.
//!
//! Size of a unit = its total inflow (jobs / attracted trips). In the nodal
//! hierarchy each unit points to the destination of its largest outflow when
//! that destination is larger than itself; units whose largest outflow goes
//! to a smaller unit are dominant centres (roots).

use super::{FlowMatrix, Partition};

/// "Larger than": more inflow, ties broken towards the smaller code index.
fn larger(fm: &FlowMatrix, v: usize, u: usize) -> bool {
    fm.jobs[v] > fm.jobs[u] || (fm.jobs[v] == fm.jobs[u] && v < u)
}

/// The hub of each area: the member with the largest inflow (jobs), ties to
/// the higher jobs/residents ratio, then to the smaller code.
pub fn area_hubs(fm: &FlowMatrix, partition: &Partition) -> Vec<usize> {
    partition
        .members
        .iter()
        .map(|m| {
            let mut best = m[0];
            for &u in &m[1..] {
                let (ju, jb) = (fm.jobs[u], fm.jobs[best]);
                let ratio = |x: usize| fm.jobs[x] / fm.residents[x].max(f64::MIN_POSITIVE);
                if ju > jb || (ju == jb && ratio(u) > ratio(best)) {
                    best = u;
                }
            }
            best
        })
        .collect()
}

/// The Nystuen–Dacey nodal hierarchy.
#[derive(Debug, Clone, PartialEq)]
pub struct NodalHierarchy {
    /// Destination of the unit's largest outflow.
    pub largest_flow_to: Vec<Option<usize>>,
    /// Parent in the hierarchy: the largest-flow destination when it is larger.
    pub parent: Vec<Option<usize>>,
    /// The dominant centre at the top of the unit's chain (itself for roots).
    pub root: Vec<usize>,
    /// Steps from the unit up to its dominant centre (0 for dominant centres).
    pub depth: Vec<usize>,
    /// Number of units below the unit (direct and indirect subordinates).
    pub subordinates: Vec<usize>,
    /// Hub level: height of the unit's subtree (0 for units nobody points to).
    pub level: Vec<usize>,
}

/// Builds the nodal hierarchy from the off-diagonal flows.
pub fn nodal_hierarchy(fm: &FlowMatrix) -> NodalHierarchy {
    let n = fm.len();
    let mut largest_flow_to = vec![None; n];
    let mut parent = vec![None; n];
    for u in 0..n {
        let mut best: Option<(usize, f64)> = None;
        for (v, x) in fm.outflows(u) {
            if best.is_none_or(|b| x > b.1) {
                best = Some((v, x));
            }
        }
        if let Some((v, _)) = best {
            largest_flow_to[u] = Some(v);
            if larger(fm, v, u) {
                parent[u] = Some(v);
            }
        }
    }
    // Parents are strictly larger, so chains end; process units from the
    // largest down to compute roots and depths.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| fm.jobs[b].total_cmp(&fm.jobs[a]).then(a.cmp(&b)));
    let mut root: Vec<usize> = (0..n).collect();
    let mut depth = vec![0; n];
    for &u in &order {
        if let Some(p) = parent[u] {
            root[u] = root[p];
            depth[u] = depth[p] + 1;
        }
    }
    let mut subordinates = vec![0; n];
    let mut level = vec![0; n];
    for &u in order.iter().rev() {
        if let Some(p) = parent[u] {
            subordinates[p] += subordinates[u] + 1;
            level[p] = level[p].max(level[u] + 1);
        }
    }
    NodalHierarchy {
        largest_flow_to,
        parent,
        root,
        depth,
        subordinates,
        level,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_and_roots() {
        // a→b 5, b→c 7, c→b 2, d→c 1 ; internal flows make sizes:
        // jobs: a 1, b 1+5+2 = 8, c 10+7+1 = 18, d 1.
        let codes = vec!["a".into(), "b".into(), "c".into(), "d".into()];
        let t = [
            (0, 0, 1.0),
            (0, 1, 5.0),
            (1, 1, 1.0),
            (1, 2, 7.0),
            (2, 2, 10.0),
            (2, 1, 2.0),
            (3, 3, 1.0),
            (3, 2, 1.0),
        ];
        let fm = FlowMatrix::from_triples(codes, &t).unwrap();
        let h = nodal_hierarchy(&fm);
        assert_eq!(h.parent, vec![Some(1), Some(2), None, Some(2)]);
        assert_eq!(h.root, vec![2, 2, 2, 2]);
        assert_eq!(h.depth, vec![2, 1, 0, 1]);
        assert_eq!(h.subordinates, vec![0, 1, 3, 0]);
        assert_eq!(h.level, vec![0, 1, 2, 0]);
        let p = Partition::from_labels(&[0, 0, 1, 1]);
        // area {a,b}: b has 8 jobs; area {c,d}: c has 18.
        assert_eq!(area_hubs(&fm, &p), vec![1, 2]);
    }
}
