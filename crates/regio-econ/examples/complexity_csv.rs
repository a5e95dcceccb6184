//! Side-by-side timing helper: reads a long CSV `region,product,value` (as the
//! peer harness writes it), runs `complexity::compute` with the py-ecomplexity
//! convention `--repeat` times, prints the median compute time and the peak
//! resident memory, and writes `regions.csv` and `products.csv` (ECI, PCI,
//! COI) for a numeric comparison with the peer.
//!
//! `cargo run --release -p regio-econ --example complexity_csv -- IN.csv OUT_DIR [REPEAT] [--full]`

use regio_core::Matrix;
use regio_econ::complexity::{self, Options};
use std::collections::BTreeMap;
use std::io::Write;
use std::time::Instant;

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        return Err("usage: complexity_csv IN.csv OUT_DIR [REPEAT] [--full]".into());
    }
    let repeat: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(3);
    let full = args.iter().any(|a| a == "--full");
    let t0 = Instant::now();
    let mut rdr = csv::Reader::from_path(&args[1])?;
    let mut cells = Vec::new();
    let mut rs: BTreeMap<String, usize> = BTreeMap::new();
    let mut ps: BTreeMap<String, usize> = BTreeMap::new();
    for (n, rec) in rdr.records().enumerate() {
        let rec = rec?;
        let v: f64 = rec[2]
            .parse()
            .map_err(|_| format!("row {}: value {:?}", n + 2, &rec[2]))?;
        rs.insert(rec[0].to_string(), 0);
        ps.insert(rec[1].to_string(), 0);
        cells.push((rec[0].to_string(), rec[1].to_string(), v));
    }
    for (i, v) in rs.values_mut().enumerate() {
        *v = i;
    }
    for (i, v) in ps.values_mut().enumerate() {
        *v = i;
    }
    let mut x = Matrix::zeros(rs.len(), ps.len());
    for (r, p, v) in cells.drain(..) {
        let (i, j) = (rs[&r], ps[&p]);
        x.set(i, j, x.get(i, j) + v);
    }
    drop(cells);
    let read_s = t0.elapsed().as_secs_f64();
    // Reset the peak-RSS counter so it measures the computation, not the CSV reading.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let opts = if full {
        Options::default()
    } else {
        Options {
            fitness: None,
            nestedness: false,
            keep_proximity: false,
            ..Options::default()
        }
    };
    let mut times = Vec::new();
    let mut res = None;
    for _ in 0..repeat.max(1) {
        drop(res.take()); // free the previous result before the next run
        let t = Instant::now();
        res = Some(complexity::compute(&x, &opts)?);
        times.push(t.elapsed().as_secs_f64());
    }
    let res = res.expect("at least one run");
    let mut sorted = times.clone();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() / 2];
    let idx = res.indices.as_ref().ok_or("ECI undefined")?;
    std::fs::create_dir_all(&args[2])?;
    let names_r: Vec<&String> = rs.keys().collect();
    let names_p: Vec<&String> = ps.keys().collect();
    let mut f = std::fs::File::create(format!("{}/regions.csv", args[2]))?;
    writeln!(f, "region,diversity,eci,coi")?;
    for (k, &i) in res.regions.iter().enumerate() {
        writeln!(
            f,
            "{},{:?},{:?},{:?}",
            names_r[i], res.diversity[k], idx.eci[k], idx.coi[k]
        )?;
    }
    let mut f = std::fs::File::create(format!("{}/products.csv", args[2]))?;
    writeln!(f, "product,ubiquity,pci")?;
    for (k, &j) in res.activities.iter().enumerate() {
        writeln!(f, "{},{:?},{:?}", names_p[j], res.ubiquity[k], idx.pci[k])?;
    }
    println!(
        "regio complexity_csv: {}x{} read_s={read_s:.3} compute_median_s={median:.4} runs={:?} solver={} eigengap={:.4} peak_rss_mb={:.0} threads={}",
        x.nrows(),
        x.ncols(),
        times.iter().map(|t| format!("{t:.4}")).collect::<Vec<_>>(),
        idx.eigen.solver,
        idx.eigen.eigengap.unwrap_or(f64::NAN),
        peak_rss_mb(),
        rayon::current_num_threads()
    );
    Ok(())
}
