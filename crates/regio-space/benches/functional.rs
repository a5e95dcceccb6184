//! Functional-region benchmarks: TTWA on a synthetic 3,000-unit,
//! 150,000-flow commuting matrix (seeded gravity generator with distance
//! decay) and on the real US Midwest county commuting flows (ACS 2009-2013);
//! Intramax on 3,409 synthetic zones. Goals: TTWA < 10 s, Intramax < 5 s.

use criterion::{criterion_group, criterion_main, Criterion};
use regio_space::functional::intramax::intramax;
use regio_space::functional::ttwa::{ttwa, TtwaParams};
use regio_space::functional::{synthetic_commuting, FlowMatrix};
use std::collections::HashMap;

fn midwest() -> FlowMatrix {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/us_commuting_midwest_acs2009_2013/county_to_county_commuting_midwest7.csv"
    );
    let text = std::fs::read_to_string(path).expect("US Midwest commuting file");
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
    FlowMatrix::from_triples(codes, &t).unwrap()
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("functional");
    g.sample_size(10);
    let syn = synthetic_commuting(3000, 50, 42);
    eprintln!("synthetic: {} units, {} links", syn.len(), syn.n_links());
    g.bench_function("ttwa_synthetic_3000_150k", |b| {
        b.iter(|| ttwa(&syn, TtwaParams::ONS_2011).unwrap())
    });
    let mw = midwest();
    g.bench_function("ttwa_us_midwest_673", |b| {
        b.iter(|| ttwa(&mw, TtwaParams::ONS_2011).unwrap())
    });
    let zones = synthetic_commuting(3409, 50, 7);
    g.bench_function("intramax_synthetic_3409", |b| {
        b.iter(|| intramax(&zones, None).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
