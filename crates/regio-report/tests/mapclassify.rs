//! Class bounds and counts against PySAL mapclassify 2.10.0 on its own
//! example vector (California county employment density, n = 58); the
//! reference output is in data/mapclassify_calemp (see its PROVENANCE.md).

use regio_report::{classify, Scheme};

/// (scheme, k, [(upper bound, count)]) as mapclassify reports them.
type Expected = Vec<(String, usize, Vec<(f64, usize)>)>;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/mapclassify_calemp");

#[test]
fn bins_and_counts_match_mapclassify() {
    let mut rdr = csv::Reader::from_path(format!("{DIR}/calemp.csv")).unwrap();
    let y: Vec<Option<f64>> = rdr
        .records()
        .map(|r| Some(r.unwrap()[0].parse::<f64>().unwrap()))
        .collect();
    assert_eq!(y.len(), 58);
    let mut rdr = csv::Reader::from_path(format!("{DIR}/bins.csv")).unwrap();
    let mut expected: Expected = Vec::new();
    for r in rdr.records() {
        let r = r.unwrap();
        let (scheme, k) = (r[0].to_string(), r[1].parse::<usize>().unwrap());
        let (b, n) = (r[3].parse::<f64>().unwrap(), r[4].parse::<usize>().unwrap());
        match expected.last_mut() {
            Some(e) if e.0 == scheme && e.1 == k => e.2.push((b, n)),
            _ => expected.push((scheme, k, vec![(b, n)])),
        }
    }
    assert_eq!(expected.len(), 16);
    for (scheme, k, bins) in &expected {
        let s = if scheme.starts_with("breaks") {
            Scheme::parse(scheme).unwrap()
        } else {
            Scheme::parse(&format!("{scheme}:{k}")).unwrap()
        };
        let c = classify(&y, &s).unwrap();
        assert_eq!(c.bins.len(), bins.len(), "{scheme} k={k}: {:?}", c.bins);
        for (i, (b, n)) in bins.iter().enumerate() {
            assert!(
                (c.bins[i] - b).abs() <= 1e-9 * b.abs().max(1.0),
                "{scheme} k={k} class {i}: {} vs mapclassify {b}",
                c.bins[i]
            );
            assert_eq!(c.counts[i], *n, "{scheme} k={k} class {i} count");
        }
    }
}
