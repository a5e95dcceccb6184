//! End-to-end tests of `regio io` and `regio impact`: pymrio 0.7.0's test
//! MRIO against the stored reference (1e-10), a hand-computed two-sector
//! table (Miller & Blair 2009 §2.3) with households, FLQ impacts through a
//! small panel file, the demo with a concordance, and bad input.

mod common;

use common::{arg, num, read_rows, run_out, write_file};
use std::path::Path;

const MRIO: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/io_pymrio_test_mrio"
);
const REF: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/reference/pymrio");

/// (header after the label column, labels, rows) of a CSV with a label column.
fn read(path: &Path) -> (Vec<String>, Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let h = r
        .headers()
        .unwrap()
        .iter()
        .skip(1)
        .map(String::from)
        .collect();
    let (mut l, mut rows) = (vec![], vec![]);
    for rec in r.records() {
        let rec = rec.unwrap();
        l.push(rec[0].to_string());
        rows.push(rec.iter().skip(1).map(String::from).collect());
    }
    (h, l, rows)
}

fn nums(rows: &[Vec<String>]) -> Vec<Vec<f64>> {
    rows.iter()
        .map(|r| r.iter().map(|v| v.parse().unwrap()).collect())
        .collect()
}

/// Converts pymrio's tab-separated test files into the CSV layout `regio io` reads.
fn write_mrio_csv(dir: &Path) {
    // Z: header row region|sector labels, rows region|sector then the values.
    let text = std::fs::read_to_string(format!("{MRIO}/trade_flows_Z.txt")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let regs: Vec<&str> = lines[0].split('\t').skip(3).collect();
    let secs: Vec<&str> = lines[1].split('\t').skip(3).collect();
    let mut s = String::from("sector");
    for (r, c) in regs.iter().zip(&secs) {
        s.push_str(&format!(",{r}|{c}"));
    }
    std::fs::write(dir.join("Z.csv"), with_rows(s, &lines[2..])).unwrap();
    // Y: 42 final-demand columns with a generic header.
    let text = std::fs::read_to_string(format!("{MRIO}/finald_demand_Y.txt")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let ncols = lines[2].split('\t').count() - 3;
    let mut s = String::from("sector");
    for k in 0..ncols {
        s.push_str(&format!(",fd{k}"));
    }
    std::fs::write(dir.join("Y.csv"), with_rows(s, &lines[2..])).unwrap();
}

/// A CSV of `header` then one row per pymrio data line: `region|sector`, then the values.
fn with_rows(mut s: String, lines: &[&str]) -> String {
    s.push('\n');
    for l in lines {
        let f: Vec<&str> = l.split('\t').collect();
        s.push_str(&format!("{}|{}", f[0], f[1]));
        for v in &f[3..] {
            s.push_str(&format!(",{v}"));
        }
        s.push('\n');
    }
    s
}

#[test]
fn io_matches_pymrio_on_its_test_mrio() {
    let d = tempfile::tempdir().unwrap();
    write_mrio_csv(d.path());
    let (z, y) = (d.path().join("Z.csv"), d.path().join("Y.csv"));
    let (z, y) = (arg(&z), arg(&y));
    let out = d.path().join("out");
    run_out(&out, &["io", "--z", z, "--y", y, "--inverse"]).expect_ok();
    for (file, rel) in [("A.csv", false), ("L.csv", false), ("x.csv", true)] {
        let (h, l, r) = read(&out.join(file));
        let (rh, rl, rr) = read(&Path::new(REF).join(file));
        assert_eq!(l, rl, "{file} row labels");
        if file != "x.csv" {
            assert_eq!(h, rh, "{file} columns");
        }
        let (a, b) = (nums(&r), nums(&rr));
        let mut worst: f64 = 0.0;
        for (x, y) in a.iter().flatten().zip(b.iter().flatten()) {
            let d = if rel {
                (x - y).abs() / y.abs().max(1.0)
            } else {
                (x - y).abs()
            };
            worst = worst.max(d);
        }
        assert!(worst <= 1e-10, "{file}: max difference {worst}");
    }
    let (h, l, r) = read(&out.join("multipliers.csv"));
    assert_eq!(h[0], "output_multiplier");
    let (_, rl, rr) = read(&Path::new(REF).join("output_multipliers.csv"));
    assert_eq!(l, rl);
    for (a, b) in nums(&r).iter().zip(nums(&rr)) {
        assert!((a[0] - b[0]).abs() <= 1e-10, "{} vs {}", a[0], b[0]);
    }
    // Without --inverse no L is written.
    let out2 = d.path().join("out2");
    run_out(&out2, &["io", "--z", z, "--y", y, "--quiet"]).expect_ok();
    assert!(out2.join("A.csv").exists() && !out2.join("L.csv").exists());
}

#[test]
fn io_two_sectors_with_households_and_bad_tables() {
    let d = tempfile::tempdir().unwrap();
    // Miller & Blair (2009) §2.3: Z = [[150, 500], [200, 100]], y = [350, 1700].
    let z = write_file(d.path(), "Z.csv", "sector,s1,s2\ns1,150,500\ns2,200,100\n");
    let y = write_file(
        d.path(),
        "Y.csv",
        "sector,households,exports\ns1,300,50\ns2,1000,700\n",
    );
    let sat = write_file(
        d.path(),
        "sat.csv",
        "sector,income,household_consumption,employment\ns1,300,90,10\ns2,500,50,40\n",
    );
    let out = d.path().join("o");
    run_out(&out, &["io", "--z", &z, "--y", &y, "--satellite", &sat]).expect_ok();
    let (h, _, r) = read(&out.join("multipliers.csv"));
    let col = |n: &str| h.iter().position(|c| c == n).unwrap();
    let r = nums(&r);
    // Output multiplier col 1 = (0.95 + 0.2)/0.7575 = 1.518152 (det(I - A) = 0.7575).
    assert!((r[0][col("output_multiplier")] - 1.15 / 0.7575).abs() < 1e-12);
    // Type II with h = [0.3, 0.25], c = [90, 50]/800 (see regio-econ's io_hand.rs for the
    // cofactor arithmetic): 1.3313148 + 0.3116791 = 1.6429939.
    assert!((r[0][col("output_multiplier_type_ii")] - 1.6429938999955473).abs() < 1e-12);
    assert!((r[1][col("income_multiplier_type_ii")] - 1.6385413420009796).abs() < 1e-12);
    let (lh, _, lr) = read(&out.join("linkages.csv"));
    assert_eq!(
        lr[0][lh.iter().position(|c| c == "key_sector").unwrap()],
        "key"
    );
    // Negative flow: file, row and column named, exit 3.
    let bad = write_file(
        d.path(),
        "Zneg.csv",
        "sector,s1,s2\ns1,150,-5\ns2,200,100\n",
    );
    let se = run_out(&out, &["io", "--z", &bad, "--y", &y])
        .expect_code(3)
        .stderr;
    assert!(
        se.contains("Zneg.csv") && se.contains("row 2") && se.contains("s2") && se.contains("-5"),
        "{se}"
    );
    // Labels out of order: not square in the regio sense.
    let bad = write_file(d.path(), "Zord.csv", "sector,s2,s1\ns1,150,5\ns2,200,100\n");
    let se = run_out(&out, &["io", "--z", &bad, "--y", &y])
        .expect_code(3)
        .stderr;
    assert!(se.contains("same order"), "{se}");
    // Non-productive: x given smaller than the inputs of s2 (column sum (500 + 100)/550 > 1).
    let x = write_file(d.path(), "x.csv", "sector,x\ns1,1000\ns2,550\n");
    let se = run_out(&out, &["io", "--z", &z, "--y", &y, "--x", &x])
        .expect_code(4)
        .stderr;
    assert!(
        se.contains("not productive") && se.contains("s2 (column sum"),
        "{se}"
    );
    assert!(!se.contains("s1 (column sum"), "{se}");
    // A text cell.
    let bad = write_file(
        d.path(),
        "Ztxt.csv",
        "sector,s1,s2\ns1,150,abc\ns2,200,100\n",
    );
    let se = run_out(&out, &["io", "--z", &bad, "--y", &y])
        .expect_code(3)
        .stderr;
    assert!(se.contains("abc"), "{se}");
}

#[test]
fn impact_through_a_panel_file_by_hand() {
    let d = tempfile::tempdir().unwrap();
    let z = write_file(d.path(), "Z.csv", "sector,s1,s2\ns1,150,500\ns2,200,100\n");
    let y = write_file(d.path(), "Y.csv", "sector,fd\ns1,350\ns2,1700\n");
    // Region r holds [10, 30] of the national [100, 100] employees.
    let panel = write_file(
        d.path(),
        "emp.csv",
        "region,industry,year,value\nr,s1,2020,10\nr,s2,2020,30\nq,s1,2020,90\nq,s2,2020,70\n",
    );
    let out = d.path().join("o");
    let so = run_out(
        &out,
        &[
            "impact", &panel, "--io", &z, "--y", &y, "--invest", "s2@r=100", "--sweep", "0.1,0.3",
        ],
    )
    .expect_ok()
    .stdout;
    assert!(
        so.contains("input-output table used") && so.contains("Z.csv"),
        "{so}"
    );
    let rows = read_rows(&out.join("impact.csv"));
    // FLQ, delta 0.3: E_r/E_n = 40/200, lambda = log2(1.2)^0.3 = 0.6698904212;
    // SLQ = [0.5, 1.5]; R = [[0.15*0.5*lambda, 0.25*lambda/3], [0.2, 0.05]].
    // x = (I - R)^-1 [0, 100]: det = (1 - 0.075 lambda) 0.95 - (0.25 lambda/3) 0.2;
    // x1 = 100 (0.25 lambda / 3) / det, x2 = 100 (1 - 0.075 lambda) / det.
    let lam: f64 = 0.6698904212072138;
    let det = (1.0 - 0.075 * lam) * 0.95 - (0.25 * lam / 3.0) * 0.2;
    let x1 = num(&rows[0], "output_change");
    let x2 = num(&rows[1], "output_change");
    assert!(
        (x1 - 100.0 * (0.25 * lam / 3.0) / det).abs() < 1e-10,
        "{x1}"
    );
    assert!(
        (x2 - 100.0 * (1.0 - 0.075 * lam) / det).abs() < 1e-10,
        "{x2}"
    );
    // National comparison: L [0, 100] = [25/0.7575, 85/0.7575].
    let n1 = num(&rows[0], "output_change_national");
    assert!((n1 - 25.0 / 0.7575).abs() < 1e-9, "{n1}");
    // Value added per unit output [0.65, 0.7]; employment per unit output [100/1000, 100/2000].
    let va2 = num(&rows[1], "value_added_change");
    assert!((va2 - 0.7 * x2).abs() < 1e-10);
    let e1 = num(&rows[0], "employment_change");
    assert!((e1 - 0.1 * x1).abs() < 1e-10);
    assert_eq!(rows[0]["io_table"], z);
    assert!(out.join("delta_sweep.csv").exists() && out.join("regional_model.csv").exists());
    // Unknown region; an industry outside the table without a concordance;
    // a malformed investment.
    let invest = |spec: &str| {
        let o = out.to_str().unwrap();
        run_out(
            o,
            &["impact", &panel, "--io", &z, "--y", &y, "--invest", spec],
        )
    };
    let se = invest("s2@zz=1").expect_code(4).stderr;
    assert!(se.contains("zz"), "{se}");
    let se = invest("C26@r=1").expect_code(4).stderr;
    assert!(se.contains("C26") && se.contains("concordance"), "{se}");
    invest("s2-r-1").expect_code(2);
}

#[test]
fn impact_on_the_demo_with_a_concordance() {
    let d = tempfile::tempdir().unwrap();
    // A hand-made three-sector national table (illustrative, not statistics).
    let z = write_file(
        d.path(),
        "Z.csv",
        "sector,primary,industry,services\nprimary,20,120,10\nindustry,30,400,150\nservices,10,200,300\n",
    );
    let y = write_file(
        d.path(),
        "Y.csv",
        "sector,fd\nprimary,50\nindustry,620\nservices,890\n",
    );
    // Without a concordance the KSIC sections are not table sectors.
    let out = d.path().join("o");
    let se = run_out(
        &out,
        &["impact", "--io", &z, "--y", &y, "--invest", "C@11=100"],
    )
    .expect_code(4)
    .stderr;
    assert!(
        se.contains("missing from the input-output classification") && se.contains("concordance"),
        "{se}"
    );
    let mut conc = String::from("industry,io_sector\nA,primary\nB,primary\nC,industry\nD,industry\nE,industry\nF,industry\n");
    for s in [
        "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S",
    ] {
        conc.push_str(&format!("{s},services\n"));
    }
    let conc = write_file(d.path(), "conc.csv", &conc);
    let so = run_out(
        &out,
        &[
            "impact",
            "--io",
            &z,
            "--y",
            &y,
            "--concordance",
            &conc,
            "--invest",
            "C@11=100",
            "--invest",
            "C@38=100",
        ],
    )
    .expect_ok()
    .stdout;
    assert!(so.contains("coarse"), "{so}");
    let recs = read_rows(&out.join("impact.csv"));
    assert_eq!(recs.len(), 6);
    for r in &recs {
        let (a, b) = (num(r, "output_change"), num(r, "output_change_national"));
        // Regional coefficients are national ones scaled down: impacts never exceed the national ones.
        assert!(a <= b + 1e-9 && a >= 0.0, "{a} vs {b}");
    }
    // The invested sector's output rises at least by the investment.
    assert!(num(&recs[1], "output_change") >= 100.0);
}
