//! Golden outputs: every subcommand, run on the embedded demo and on the
//! fixtures in `data/` and `tests/golden/`, must write exactly the files
//! recorded in `tests/golden/outputs.tsv` (name, size and a 64-bit FNV-1a
//! hash of the bytes). The record pins regio's results through refactoring:
//! a change of any output byte fails here, naming the case and the file.
//! `REGIO_BLESS=1` rewrites the record after an intended change.

mod common;

use common::{arg, run_in, DATA};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const GOLDEN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden");

/// (case name, arguments; `{data}` and `{golden}` expand to the folders).
/// Each case runs in an empty folder of its own with `--out out`.
const CASES: &[(&str, &[&str])] = &[
    (
        "export",
        &["export", "--format", "csv,parquet,json,geojson"],
    ),
    ("export-trade", &["export", "--demo", "trade"]),
    ("diagnose", &["diagnose"]),
    (
        "diagnose-pre2020",
        &[
            "diagnose",
            "--series",
            "pre2020",
            "--year",
            "2019",
            "--base",
            "2012",
            "--format",
            "csv,json,geojson",
        ],
    ),
    (
        "diagnose-conventions",
        &[
            "diagnose",
            "--measure",
            "establishments",
            "--year",
            "2023",
            "--strict",
            "--krugman",
            "halved",
            "--hoover",
            "econgeo",
            "--gini",
            "reat",
            "--log-base",
            "e",
        ],
    ),
    (
        "diagnose-reat",
        &[
            "diagnose",
            "{data}/de_regions_industries_reat/G_regions_emp.csv",
            "--value-col",
            "emp",
            "--base",
            "2008",
            "--year",
            "2014",
        ],
    ),
    ("complexity", &["complexity"]),
    (
        "complexity-all",
        &[
            "complexity",
            "--year",
            "all",
            "--series",
            "pre2020",
            "--missing",
            "zero",
            "--convention",
            "econgeo",
            "--density",
            "econgeo",
            "--cog-atlas",
        ],
    ),
    ("complexity-trade", &["complexity", "--demo", "trade"]),
    (
        "spatial-lisa",
        &[
            "spatial",
            "lisa",
            "{data}/pysal_examples/columbus/columbus.json",
            "--var",
            "CRIME",
            "--id",
            "POLYID",
        ],
    ),
    (
        "spatial-moran",
        &[
            "spatial",
            "moran",
            "{data}/pysal_examples/columbus/columbus.json",
            "--var",
            "CRIME",
            "--id",
            "POLYID",
        ],
    ),
    (
        "spatial-getis",
        &[
            "spatial",
            "getis",
            "{data}/pysal_examples/columbus/columbus.json",
            "--var",
            "CRIME",
            "--id",
            "POLYID",
        ],
    ),
    (
        "spatial-weights",
        &[
            "spatial",
            "weights",
            "{data}/pysal_examples/columbus/columbus.shp",
            "--weights",
            "rook",
            "--id",
            "POLYID",
        ],
    ),
    (
        "spatial-demo",
        &[
            "spatial",
            "lisa",
            "--boundaries",
            "gyeonggi",
            "--var",
            "emission_total_tco2",
            "--weights",
            "fuzzy:0.0005",
        ],
    ),
    ("structure", &["structure"]),
    (
        "structure-migration",
        &[
            "structure",
            "--flows",
            "migration",
            "--format",
            "csv,geojson",
        ],
    ),
    ("zones", &["zones", "--seed", "1", "--sweep"]),
    (
        "zones-compact",
        &["zones", "--reduction", "0.97", "--compact", "--baseline"],
    ),
    ("living-areas", &["living-areas", "--flows", "passenger"]),
    (
        "living-areas-intramax",
        &[
            "living-areas",
            "--flows",
            "migration",
            "--method",
            "intramax",
            "--k",
            "4",
            "--format",
            "csv,geojson",
        ],
    ),
    ("extinction", &["demography", "extinction"]),
    (
        "project",
        &[
            "demography",
            "project",
            "{golden}/regio.toml",
            "--attributes",
            "pop",
            "--steps",
            "2",
            "--survival-female",
            "0.9,0.8,0.5",
            "--survival-male",
            "0.8,0.7,0.4",
            "--fertility",
            "0,0.1,0.02",
        ],
    ),
    ("strategy", &["strategy"]),
    (
        "strategy-mega",
        &[
            "strategy",
            "--super-region",
            "presets:korea-megaregions",
            "--path-length",
            "5",
        ],
    ),
    (
        "strategy-trade",
        &["strategy", "--demo", "trade", "--path-length", "3"],
    ),
    (
        "impact",
        &[
            "impact",
            "--io",
            "{golden}/Z.csv",
            "--y",
            "{golden}/Y.csv",
            "--concordance",
            "{golden}/concordance.csv",
            "--invest",
            "C@11=100",
            "--invest",
            "C@38=100",
        ],
    ),
    (
        "io",
        &[
            "io",
            "--z",
            "{golden}/Z.csv",
            "--y",
            "{golden}/Y.csv",
            "--inverse",
        ],
    ),
    ("report", &["report", "--out", "out"]),
];

/// 64-bit FNV-1a of a byte string.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn files(dir: &Path, base: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, base, out);
        } else {
            out.push(p.strip_prefix(base).unwrap().to_path_buf());
        }
    }
}

/// case → file → "size hash".
fn record() -> BTreeMap<(String, String), String> {
    let mut rec = BTreeMap::new();
    for (case, args) in CASES {
        // Fixtures are copied next to the run and named by relative paths,
        // so that no output depends on where the repository is checked out.
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir(d.path().join("in")).unwrap();
        for e in std::fs::read_dir(GOLDEN).unwrap() {
            let p = e.unwrap().path();
            if p.is_file() && p.file_name().is_some_and(|n| n != "outputs.tsv") {
                std::fs::copy(&p, d.path().join("in").join(p.file_name().unwrap())).unwrap();
            }
        }
        let mut a: Vec<String> = args
            .iter()
            .map(|s| s.replace("{data}", DATA).replace("{golden}", "in"))
            .collect();
        if a[0] != "report" {
            a.extend(["--out".to_string(), "out".to_string()]);
        }
        a.push("--quiet".into());
        let refs: Vec<&str> = a.iter().map(|s| s.as_str()).collect();
        run_in(d.path(), &refs).expect_ok();
        let mut found = Vec::new();
        files(&d.path().join("out"), d.path(), &mut found);
        found.sort();
        assert!(!found.is_empty(), "{case}: no output files");
        for f in found {
            let bytes = std::fs::read(d.path().join(&f)).unwrap();
            rec.insert(
                (case.to_string(), arg(&f).replace('\\', "/")),
                format!("{}\t{:016x}", bytes.len(), fnv1a(&bytes)),
            );
        }
    }
    rec
}

#[test]
fn every_subcommand_writes_the_recorded_outputs() {
    let path = Path::new(GOLDEN).join("outputs.tsv");
    let rec = record();
    let text: String = rec
        .iter()
        .map(|((c, f), v)| format!("{c}\t{f}\t{v}\n"))
        .collect();
    if std::env::var_os("REGIO_BLESS").is_some() {
        std::fs::write(&path, text).unwrap();
        return;
    }
    let want =
        std::fs::read_to_string(&path).expect("tests/golden/outputs.tsv (REGIO_BLESS=1 writes it)");
    let want: BTreeMap<(String, String), String> = want
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.splitn(3, '\t').collect();
            ((f[0].to_string(), f[1].to_string()), f[2].to_string())
        })
        .collect();
    let mut diffs = Vec::new();
    for (k, v) in &want {
        match rec.get(k) {
            None => diffs.push(format!("{} {}: missing", k.0, k.1)),
            Some(g) if g != v => diffs.push(format!("{} {}: {g} (recorded {v})", k.0, k.1)),
            _ => {}
        }
    }
    for k in rec.keys().filter(|k| !want.contains_key(*k)) {
        diffs.push(format!("{} {}: not recorded", k.0, k.1));
    }
    assert!(
        diffs.is_empty(),
        "outputs differ from the record:\n{}",
        diffs.join("\n")
    );
}
