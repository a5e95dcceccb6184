//! TTWA: a hand-worked 6-unit example, an independent validity checker on
//! synthetic and real (US Midwest ACS 2009-2013) commuting, stability under
//! unit reordering, and bad input.

use rand::seq::SliceRandom;
use rand::SeedableRng;
use regio_space::functional::ttwa::{ttwa, TtwaParams};
use regio_space::functional::{synthetic_commuting, FlowMatrix};
use std::collections::{BTreeSet, HashMap};

/// Independent validity (Coombes & Bond 2008 trade-off, written out again):
/// valid iff SC ≥ the SC required at this size, where the requirement falls
/// linearly in the validity formula from tarSC at minSZ to minSC at tarSZ.
fn independent_validity(p: &TtwaParams, r: f64, w: f64, t: f64) -> f64 {
    let sc = f64::min(t / r, t / w);
    if (sc - 1.0).abs() < 1e-12 {
        return 1.0;
    }
    let y = if sc > p.target_sc {
        1.0
    } else {
        sc / p.target_sc
    };
    let mut s = (p.target_size - r) / (p.target_size - p.min_size);
    if s < 0.0 {
        s = 0.0;
    }
    y * (1.0 - (1.0 - p.min_sc / p.target_sc) * s) * (p.target_sc / p.min_sc)
}

/// Checks every area of a result against the raw triples.
fn check_all_valid(codes: &[String], triples: &[(usize, usize, f64)], p: &TtwaParams) -> usize {
    let fm = FlowMatrix::from_triples(codes.to_vec(), triples).unwrap();
    let res = ttwa(&fm, *p).unwrap();
    // Map original index → area via codes.
    let area_of: HashMap<&str, usize> = fm
        .codes
        .iter()
        .enumerate()
        .map(|(u, c)| (c.as_str(), res.partition.area[u]))
        .collect();
    let k = res.partition.len();
    let (mut r, mut w, mut t) = (vec![0.0; k], vec![0.0; k], vec![0.0; k]);
    for &(o, d, v) in triples {
        let (a, b) = (area_of[codes[o].as_str()], area_of[codes[d].as_str()]);
        r[a] += v;
        w[b] += v;
        if a == b {
            t[a] += v;
        }
    }
    let mut seen = vec![0; codes.len()];
    for m in &res.partition.members {
        for &u in m {
            seen[u] += 1;
        }
    }
    assert!(
        seen.iter().all(|&s| s == 1),
        "every unit in exactly one area"
    );
    for a in 0..k {
        let v = independent_validity(p, r[a], w[a], t[a]);
        assert!(
            v >= 1.0 - 1e-9,
            "area {a} invalid: validity {v} (R {} W {} T {})",
            r[a],
            w[a],
            t[a]
        );
        assert!((v - res.validity[a]).abs() < 1e-9 || v >= 1.0);
    }
    k
}

fn six_units() -> (Vec<String>, Vec<(usize, usize, f64)>) {
    let codes: Vec<String> = ["A", "B", "C", "D", "E", "F"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let t = vec![
        (0, 0, 50.0),
        (0, 1, 10.0),
        (0, 3, 2.0),
        (1, 1, 20.0),
        (1, 0, 30.0),
        (2, 2, 5.0),
        (2, 0, 10.0),
        (2, 1, 5.0),
        (3, 3, 60.0),
        (3, 4, 10.0),
        (4, 4, 20.0),
        (4, 3, 25.0),
        (5, 5, 3.0),
        (5, 3, 6.0),
        (5, 4, 1.0),
    ];
    (codes, t)
}

#[test]
fn hand_worked_six_units() {
    // Parameters minSZ 50, minSC 0.6, tarSZ 150, tarSC 0.8:
    // validity = min(SC/0.8, 1) · (1 − 0.25·s) · 4/3 with s = max((150 − R)/100, 0).
    // Residents R: A 62, B 50, C 20, D 70, E 45, F 10.
    // Jobs W:      A 90, B 35, C 5,  D 93, E 31, F 3.
    // Singletons: A SC = min(50/62, 50/90) = .5556, s = .88, V = .6944·.78·4/3 = .7222
    //             B SC = .4, s = 1, V = .5·.75·4/3 = .5
    //             C SC = min(5/20, 5/5) = .25, s = 1.3, V = .3125·.675·4/3 = .28125
    //             D SC = min(60/70, 60/93) = .6452, s = .8, V = .8065·.8·4/3 = .8602
    //             E SC = min(20/45, 20/31) = .4444, s = 1.05, V = .5556·.7375·4/3 = .5463
    //             F SC = min(3/10, 3/3) = .3, s = 1.4, V = .375·.65·4/3 = .325
    // 1. dissolve C (.28125): cohesion with A 10²/(20·90) = .0556, with B 5²/(20·35) = .0357
    //    → A. {A,C}: R 82, W 95, T 50+5+10 = 65, SC = 65/95 = .6842,
    //    V = .8553·(1 − .25·.68)·4/3 = .9465 ≥ .7222: accepted.
    // 2. dissolve F (.325): cohesion with D 6²/(10·93) = .0387, with E 1/(10·31) = .0032
    //    → D. {D,F}: R 80, W 96, T 69, SC = 69/96 = .71875, V = .8984·.825·4/3 = .9883.
    // 3. dissolve B (.5): only partner {A,C}: 30²/(50·95) + 15²/(82·35) = .2679.
    //    {A,B,C}: R 132, W 130, T 130, SC = 130/132 = .9848, V = 1·(1 − .25·.18)·4/3 = 1.2733.
    // 4. dissolve E (.5463): only partner {D,F}: 25²/(45·96) + 11²/(80·31) = .1935.
    //    {D,E,F}: R 125, W 127, T 125, SC = 125/127 = .9843, V = 1·(1 − .25·.25)·4/3 = 1.25.
    // Both areas valid: stop after 4 dissolutions.
    let (codes, t) = six_units();
    let fm = FlowMatrix::from_triples(codes, &t).unwrap();
    let p = TtwaParams {
        min_size: 50.0,
        min_sc: 0.6,
        target_size: 150.0,
        target_sc: 0.8,
    };
    let r = ttwa(&fm, p).unwrap();
    assert_eq!(r.partition.members, vec![vec![0, 1, 2], vec![3, 4, 5]]);
    assert_eq!(r.iterations, 4);
    assert_eq!(r.reserve_events, 0);
    assert_eq!(r.residents, vec![132.0, 125.0]);
    assert_eq!(r.jobs, vec![130.0, 127.0]);
    assert_eq!(r.internal, vec![130.0, 125.0]);
    assert!((r.sc[0] - 130.0 / 132.0).abs() < 1e-12);
    assert!((r.validity[0] - (1.0 - 0.25 * 0.18) * 4.0 / 3.0).abs() < 1e-12);
    assert!((r.validity[1] - (1.0 - 0.25 * 0.25) * 4.0 / 3.0).abs() < 1e-12);
    let hubs = regio_space::functional::hubs::area_hubs(&fm, &r.partition);
    assert_eq!(hubs, vec![0, 3]); // A (90 jobs), D (93 jobs)
}

#[test]
fn synthetic_areas_all_valid_and_reorder_stable() {
    let fm = synthetic_commuting(400, 20, 7);
    // Rebuild triples from the matrix.
    let mut t = Vec::new();
    for u in 0..fm.len() {
        t.push((u, u, fm.internal[u]));
        for (v, x) in fm.outflows(u) {
            t.push((u, v, x));
        }
    }
    let p = TtwaParams {
        min_size: 3500.0,
        min_sc: 0.667,
        target_size: 25000.0,
        target_sc: 0.75,
    };
    let k = check_all_valid(&fm.codes, &t, &p);
    assert!(k > 1 && k < 400, "{k} areas");

    let base = ttwa(&fm, p).unwrap();
    let sets = |fm: &FlowMatrix,
                part: &regio_space::functional::Partition|
     -> BTreeSet<BTreeSet<String>> {
        part.members
            .iter()
            .map(|m| m.iter().map(|&u| fm.codes[u].clone()).collect())
            .collect()
    };
    let want = sets(&fm, &base.partition);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
    for _ in 0..3 {
        let mut perm: Vec<usize> = (0..fm.len()).collect();
        perm.shuffle(&mut rng);
        let codes: Vec<String> = perm.iter().map(|&u| fm.codes[u].clone()).collect();
        let mut inv = vec![0; perm.len()];
        for (i, &u) in perm.iter().enumerate() {
            inv[u] = i;
        }
        let mut t2: Vec<(usize, usize, f64)> =
            t.iter().map(|&(o, d, v)| (inv[o], inv[d], v)).collect();
        t2.shuffle(&mut rng);
        let fm2 = FlowMatrix::from_triples(codes, &t2).unwrap();
        let r2 = ttwa(&fm2, p).unwrap();
        assert_eq!(sets(&fm2, &r2.partition), want);
        assert_eq!(r2.validity, base.validity);
    }
}

fn load_midwest() -> (Vec<String>, Vec<(usize, usize, f64)>) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/us_commuting_midwest_acs2009_2013/county_to_county_commuting_midwest7.csv"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let mut idx: HashMap<String, usize> = HashMap::new();
    let mut codes = Vec::new();
    let mut t = Vec::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let mut id = |c: &str| {
            *idx.entry(c.to_string()).or_insert_with(|| {
                codes.push(c.to_string());
                codes.len() - 1
            })
        };
        let (o, d) = (id(f[0]), id(f[1]));
        t.push((o, d, f[3].parse::<f64>().unwrap()));
    }
    (codes, t)
}

#[test]
fn midwest_commuting_areas_all_valid() {
    let (codes, t) = load_midwest();
    assert_eq!(t.len(), 19_825);
    let k = check_all_valid(&codes, &t, &TtwaParams::ONS_2011);
    // 673 residence counties; areas must be far fewer than counties.
    assert!(k > 20 && k < 673, "{k} areas");
}

#[test]
fn bad_input_is_rejected() {
    let codes: Vec<String> = vec!["a".into(), "b".into(), "c".into()];
    // Negative flow.
    let e = FlowMatrix::from_triples(codes.clone(), &[(0, 1, -2.0)])
        .unwrap_err()
        .to_string();
    assert!(e.contains("-2") && e.contains("a -> b"), "{e}");
    // Unknown code.
    let rows = vec![("a".to_string(), "zz".to_string(), 1.0)];
    let e = FlowMatrix::from_coded(codes.clone(), &rows)
        .unwrap_err()
        .to_string();
    assert!(e.contains("zz") && e.contains("row 1"), "{e}");
    // Unit c has no residents and no jobs.
    let fm = FlowMatrix::from_triples(codes.clone(), &[(0, 1, 5.0), (1, 0, 4.0)]).unwrap();
    let e = ttwa(&fm, TtwaParams::ONS_2011).unwrap_err().to_string();
    assert!(e.contains("c (residents 0, jobs 0)"), "{e}");
    // Bad parameters.
    let fm =
        FlowMatrix::from_triples(codes.clone(), &[(0, 1, 5.0), (1, 0, 4.0), (2, 2, 1.0)]).unwrap();
    let bad = TtwaParams {
        min_sc: 0.9,
        ..TtwaParams::ONS_2011
    };
    assert!(ttwa(&fm, bad).unwrap_err().to_string().contains("minSC"));
}

#[test]
fn disconnected_components_become_separate_closed_areas() {
    // {a,b} and {c,d} never interact; each pair closes into one area (SC 1).
    let codes: Vec<String> = ["a", "b", "c", "d"].iter().map(|s| s.to_string()).collect();
    let t = [
        (0, 1, 5.0),
        (1, 0, 4.0),
        (2, 3, 3.0),
        (3, 2, 3.0),
        (0, 0, 1.0),
        (2, 2, 1.0),
        (1, 1, 1.0),
        (3, 3, 1.0),
    ];
    let fm = FlowMatrix::from_triples(codes, &t).unwrap();
    let r = ttwa(&fm, TtwaParams::ONS_2011).unwrap();
    assert_eq!(r.partition.members, vec![vec![0, 1], vec![2, 3]]);
    assert_eq!(r.sc, vec![1.0, 1.0]);
    assert_eq!(fm.components(), vec![0, 0, 1, 1]);
}
