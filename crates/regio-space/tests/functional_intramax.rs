//! Intramax: the fast sparse implementation equals the brute-force O(n³)
//! procedure (every pair rescored at every step) on random matrices, with and
//! without contiguity; a hand-computed first merge; cuts; bad input.

use rand::{Rng, SeedableRng};
use regio_core::Graph;
use regio_space::functional::intramax::{intramax, intramax_dense_reference};
use regio_space::functional::FlowMatrix;

fn random_matrix(n: usize, density: f64, seed: u64) -> (Vec<String>, Vec<Vec<f64>>) {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut t = vec![vec![0.0; n]; n];
    for (i, row) in t.iter_mut().enumerate() {
        for (j, x) in row.iter_mut().enumerate() {
            if i == j || rng.random::<f64>() < density {
                *x = (rng.random::<f64>() * 1000.0).round() + 1.0;
            }
        }
    }
    // Zero-padded codes keep canonical order = index order.
    ((0..n).map(|i| format!("u{i:03}")).collect(), t)
}

fn to_fm(codes: &[String], t: &[Vec<f64>]) -> FlowMatrix {
    let mut tr = Vec::new();
    for (i, row) in t.iter().enumerate() {
        for (j, &x) in row.iter().enumerate() {
            if x > 0.0 {
                tr.push((i, j, x));
            }
        }
    }
    FlowMatrix::from_triples(codes.to_vec(), &tr).unwrap()
}

fn same(
    fast: &[regio_space::functional::intramax::Merge],
    slow: &[regio_space::functional::intramax::Merge],
) {
    assert_eq!(fast.len(), slow.len());
    for (s, (f, b)) in fast.iter().zip(slow).enumerate() {
        assert_eq!((f.a, f.b, f.n_areas), (b.a, b.b, b.n_areas), "merge {s}");
        assert!(
            (f.score - b.score).abs() <= 1e-12 * b.score.abs().max(1e-300),
            "merge {s}: {} vs {}",
            f.score,
            b.score
        );
    }
}

#[test]
fn equals_brute_force_on_random_matrices() {
    for seed in 0..12u64 {
        let n = 8 + (seed as usize * 3) % 25;
        let density = [0.15, 0.4, 0.9][seed as usize % 3];
        let (codes, t) = random_matrix(n, density, seed);
        let fm = to_fm(&codes, &t);
        let fast = intramax(&fm, None).unwrap();
        let slow = intramax_dense_reference(&t, None);
        same(&fast.merges, &slow);
    }
}

#[test]
fn equals_brute_force_with_contiguity() {
    for seed in 20..30u64 {
        let n = 16;
        let (codes, t) = random_matrix(n, 0.5, seed);
        // A 4x4 rook lattice.
        let mut lists = vec![Vec::new(); n];
        let mut adj = vec![vec![false; n]; n];
        for r in 0..4 {
            for c in 0..4 {
                let i = r * 4 + c;
                for (rr, cc) in [(r + 1, c), (r, c + 1)] {
                    if rr < 4 && cc < 4 {
                        let j = rr * 4 + cc;
                        lists[i].push(j as u32);
                        lists[j].push(i as u32);
                        adj[i][j] = true;
                        adj[j][i] = true;
                    }
                }
            }
        }
        let g = Graph::from_lists(lists).unwrap();
        let fm = to_fm(&codes, &t);
        let fast = intramax(&fm, Some(&g)).unwrap();
        let slow = intramax_dense_reference(&t, Some(&adj));
        same(&fast.merges, &slow);
        // Every cut is made of contiguous areas: check 4 areas.
        let p = fast.cut_k(4).unwrap();
        for m in &p.members {
            let set: std::collections::HashSet<usize> = m.iter().copied().collect();
            let mut seen = vec![m[0]];
            let mut stack = vec![m[0]];
            while let Some(u) = stack.pop() {
                for &v in g.neighbors(u) {
                    let v = v as usize;
                    if set.contains(&v) && !seen.contains(&v) {
                        seen.push(v);
                        stack.push(v);
                    }
                }
            }
            assert_eq!(seen.len(), m.len(), "area {m:?} not contiguous");
        }
    }
}

#[test]
fn hand_computed_first_merge_and_cuts() {
    // T (rows origins): a: [10, 6, 0], b: [4, 10, 1], c: [0, 1, 20].
    // O = (16, 15, 21), D = (14, 17, 21).
    // s(a,b) = 6/(16·17) + 4/(15·14) = .022059 + .019048 = .041106
    // s(b,c) = 1/(15·21) + 1/(21·17) = .003175 + .002801 = .005976
    // s(a,c) has no flow. First merge: a+b (id 3), then 3+c (id 4).
    let codes: Vec<String> = vec!["a".into(), "b".into(), "c".into()];
    let t = vec![
        vec![10.0, 6.0, 0.0],
        vec![4.0, 10.0, 1.0],
        vec![0.0, 1.0, 20.0],
    ];
    let fm = to_fm(&codes, &t);
    let d = intramax(&fm, None).unwrap();
    assert_eq!((d.merges[0].a, d.merges[0].b), (0, 1));
    assert!((d.merges[0].score - (6.0 / (16.0 * 17.0) + 4.0 / (15.0 * 14.0))).abs() < 1e-15);
    assert_eq!((d.merges[1].a, d.merges[1].b), (2, 3));
    // {a,b}: O 31, D 31, flows to/from c: 1 and 1: 1/(31·21) + 1/(21·31).
    assert!((d.merges[1].score - 2.0 / (31.0 * 21.0)).abs() < 1e-15);
    assert_eq!(d.cut_k(2).unwrap().members, vec![vec![0, 1], vec![2]]);
    // Self-containment: a 10/16, b 10/15, c 20/21. Level 0.9: {a,b} has T 30,
    // R 31, W 31 → .9677 and c .9524, reached after 1 merge.
    let (p, steps) = d.cut_self_containment(&fm, 0.9).unwrap();
    assert_eq!(steps, 1);
    assert_eq!(p.members.len(), 2);
    assert!(d.cut_self_containment(&fm, 1.5).is_err());
}

#[test]
fn disconnected_flows_stop_and_cut_reports() {
    let codes: Vec<String> = ["a", "b", "c", "d"].iter().map(|s| s.to_string()).collect();
    let fm = FlowMatrix::from_triples(codes, &[(0, 1, 5.0), (1, 0, 1.0), (2, 3, 2.0), (3, 2, 2.0)])
        .unwrap();
    let d = intramax(&fm, None).unwrap();
    assert_eq!(d.merges.len(), 2);
    assert_eq!(d.min_areas(), 2);
    let e = d.cut_k(1).unwrap_err().to_string();
    assert!(e.contains("merging stops at 2 areas"), "{e}");
    assert!(d.cut_k(0).is_err());
    let g = Graph::from_lists(vec![vec![]]).unwrap();
    assert!(intramax(&fm, Some(&g))
        .unwrap_err()
        .to_string()
        .contains("contiguity graph has 1 units"));
}
