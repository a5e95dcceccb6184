//! `Convention::GrowthLab` against py-ecomplexity 0.5.3 on the world trade
//! data (226 countries x 785 SITC4 products, 1998-2000): the reference output
//! in data/reference/ecomplexity_sitc4 was produced by the peer itself (see its
//! PROVENANCE.md). Everything must agree to 1e-8 relative.

use regio_core::Matrix;
use regio_econ::complexity::{self, EigenSolver, Options};
use std::collections::BTreeMap;

const TRADE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/trade_sitc4_1998_2000/world_trade_avg_1998_to_2000.csv"
);
const REF: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/reference/ecomplexity_sitc4"
);

struct Trade {
    regions: Vec<String>,
    products: Vec<String>,
    x: Matrix,
}

fn load_trade() -> Trade {
    let mut rdr = csv::Reader::from_path(TRADE).expect("trade csv");
    let mut cells = Vec::new();
    let mut rs = BTreeMap::new();
    let mut ps = BTreeMap::new();
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let v: f64 = rec[2].parse().unwrap();
        rs.insert(rec[0].to_string(), 0usize);
        ps.insert(rec[1].to_string(), 0usize);
        cells.push((rec[0].to_string(), rec[1].to_string(), v));
    }
    for (i, v) in rs.values_mut().enumerate() {
        *v = i;
    }
    for (i, v) in ps.values_mut().enumerate() {
        *v = i;
    }
    let mut x = Matrix::zeros(rs.len(), ps.len());
    for (r, p, v) in cells {
        let (i, j) = (rs[&r], ps[&p]);
        x.set(i, j, x.get(i, j) + v);
    }
    Trade {
        regions: rs.into_keys().collect(),
        products: ps.into_keys().collect(),
        x,
    }
}

fn read_ref(name: &str) -> Vec<csv::StringRecord> {
    let mut rdr = csv::Reader::from_path(format!("{REF}/{name}")).expect("reference csv");
    rdr.records().map(|r| r.unwrap()).collect()
}

#[track_caller]
fn close(ours: f64, theirs: f64, what: &str) {
    let tol = 1e-8 * theirs.abs().max(1.0);
    assert!(
        (ours - theirs).abs() <= tol,
        "{what}: regio {ours} vs py-ecomplexity {theirs}"
    );
}

fn check(res: &complexity::ComplexityResult, t: &Trade) {
    let idx = res.indices.as_ref().expect("ECI defined");
    assert_eq!(res.regions.len(), 226);
    assert_eq!(res.activities.len(), 785);
    let rpos: BTreeMap<&str, usize> = res
        .regions
        .iter()
        .enumerate()
        .map(|(k, &i)| (t.regions[i].as_str(), k))
        .collect();
    let ppos: BTreeMap<&str, usize> = res
        .activities
        .iter()
        .enumerate()
        .map(|(k, &j)| (t.products[j].as_str(), k))
        .collect();
    let regions = read_ref("regions.csv");
    assert_eq!(regions.len(), 226);
    for r in &regions {
        let k = rpos[&r[0]];
        close(res.diversity[k], r[1].parse().unwrap(), "diversity");
        close(idx.eci[k], r[2].parse().unwrap(), &format!("eci {}", &r[0]));
        close(idx.coi[k], r[3].parse().unwrap(), &format!("coi {}", &r[0]));
    }
    let products = read_ref("products.csv");
    assert_eq!(products.len(), 785);
    for p in &products {
        let k = ppos[&p[0]];
        close(res.ubiquity[k], p[1].parse().unwrap(), "ubiquity");
        close(idx.pci[k], p[2].parse().unwrap(), &format!("pci {}", &p[0]));
    }
    let cells = read_ref("cells.csv");
    assert!(cells.len() > 3000);
    for c in &cells {
        let (i, j) = (rpos[&c[0]], ppos[&c[1]]);
        let what = format!("{} {}", &c[0], &c[1]);
        close(
            res.rca.get(i, j),
            c[2].parse().unwrap(),
            &format!("rca {what}"),
        );
        close(
            res.m.get(i, j),
            c[3].parse().unwrap(),
            &format!("mcp {what}"),
        );
        close(
            res.density.get(i, j),
            c[4].parse().unwrap(),
            &format!("density {what}"),
        );
        close(
            idx.cog.get(i, j),
            c[5].parse().unwrap(),
            &format!("cog {what}"),
        );
    }
    if let Some(phi) = &res.proximity {
        let prox = read_ref("proximity.csv");
        assert!(prox.len() > 7000);
        for p in &prox {
            let (a, b) = (ppos[&p[0]], ppos[&p[1]]);
            close(phi.get(a, b), p[2].parse().unwrap(), "proximity");
        }
    }
}

#[test]
fn growth_lab_matches_py_ecomplexity_on_sitc4() {
    let t = load_trade();
    let res = complexity::compute(&t.x, &Options::default()).unwrap();
    assert_eq!(res.indices.as_ref().unwrap().eigen.solver, "dense");
    check(&res, &t);
    // The eigengap py-ecomplexity's data give (check_eci_formulas.py: 5.819e-02).
    let gap = res.diagnostics.eigengap.unwrap();
    assert!((gap - 5.819e-2).abs() < 1e-5, "{gap}");
}

#[test]
fn lanczos_and_blockwise_density_match_too() {
    let t = load_trade();
    let opts = Options {
        solver: EigenSolver::Lanczos,
        keep_proximity: false,
        fitness: None,
        nestedness: false,
        ..Options::default()
    };
    let res = complexity::compute(&t.x, &opts).unwrap();
    assert_eq!(res.indices.as_ref().unwrap().eigen.solver, "lanczos");
    assert!(res.proximity.is_none());
    check(&res, &t);
}
