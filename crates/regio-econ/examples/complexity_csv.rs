//! Side-by-side timing helper: reads a long CSV `region,product,value` (as the
//! peer harness writes it), runs `complexity::compute` with the py-ecomplexity
//! convention `--repeat` times, prints the median compute time and the peak
//! resident memory, and writes `regions.csv` and `products.csv` (ECI, PCI,
//! COI) for a numeric comparison with the peer.
//!
//! `cargo run --release -p regio-econ --example complexity_csv -- IN.csv OUT_DIR [REPEAT] [--full]`

use regio_core::Matrix;
use regio_econ::complexity::{self, Options};
use std::collections::HashMap;
use std::io::Write;
use std::time::Instant;

fn peak_rss_mb() -> f64 {
    status_mb("VmHWM:")
}

/// A memory figure of /proc/self/status in MB (`VmHWM:` peak, `VmRSS:` now).
fn status_mb(key: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
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
    // Codes are interned on first sight (no string per row), cells kept as
    // indices, so reading leaves little heap behind before the computation.
    let mut rdr = csv::Reader::from_path(&args[1])?;
    let mut rec = csv::ByteRecord::new();
    let mut rid: HashMap<Vec<u8>, u32> = HashMap::new();
    let mut pid: HashMap<Vec<u8>, u32> = HashMap::new();
    let mut cells: Vec<(u32, u32, f64)> = Vec::new();
    let mut n = 1;
    while rdr.read_byte_record(&mut rec)? {
        n += 1;
        let v: f64 = std::str::from_utf8(&rec[2])
            .ok()
            .and_then(|t| t.parse().ok())
            .ok_or_else(|| format!("row {n}: value {:?}", String::from_utf8_lossy(&rec[2])))?;
        let intern = |m: &mut HashMap<Vec<u8>, u32>, k: &[u8]| match m.get(k) {
            Some(&i) => i,
            None => {
                let i = m.len() as u32;
                m.insert(k.to_vec(), i);
                i
            }
        };
        let (r, p) = (intern(&mut rid, &rec[0]), intern(&mut pid, &rec[1]));
        cells.push((r, p, v));
    }
    // Sorted codes: position in the sorted order of each first-seen index.
    let sorted = |m: &HashMap<Vec<u8>, u32>| {
        let mut v: Vec<(String, u32)> = m
            .iter()
            .map(|(k, &i)| (String::from_utf8_lossy(k).into_owned(), i))
            .collect();
        v.sort();
        let mut pos = vec![0usize; v.len()];
        for (k, (_, i)) in v.iter().enumerate() {
            pos[*i as usize] = k;
        }
        (v.into_iter().map(|(c, _)| c).collect::<Vec<String>>(), pos)
    };
    let (names_r, pos_r) = sorted(&rid);
    let (names_p, pos_p) = sorted(&pid);
    drop((rid, pid));
    let mut x = Matrix::zeros(names_r.len(), names_p.len());
    for (r, p, v) in cells.drain(..) {
        let (i, j) = (pos_r[r as usize], pos_p[p as usize]);
        x.set(i, j, x.get(i, j) + v);
    }
    drop(cells);
    let read_s = t0.elapsed().as_secs_f64();
    // Reset the peak-RSS counter so it measures the computation, not the CSV reading.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let base_rss = status_mb("VmRSS:");
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
        "regio complexity_csv: {}x{} read_s={read_s:.3} compute_median_s={median:.4} runs={:?} solver={} eigengap={:.4} peak_rss_mb={:.0} rss_before_compute_mb={base_rss:.0} threads={}",
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
