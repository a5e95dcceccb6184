//! Catalogue of bad inputs (#14): each case runs the `regio` binary on a bad
//! input from tests/bad_inputs/ (or one made on the spot) and checks the exit
//! code (0 ok, 2 usage, 3 file/read errors, 4 data errors) and a phrase of
//! the message. Every run has a time limit, so a hang is a failure.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_inputs")
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `regio ARGS` in `cwd`, killing it after 60 s.
fn regio(cwd: &Path, args: &[&str]) -> Out {
    let mut child = Command::new(env!("CARGO_BIN_EXE_regio"))
        .args(args)
        .current_dir(cwd)
        .env("REGIO_DATA_DIR", repo().join("data"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("regio {args:?} did not finish in 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let o = child.wait_with_output().unwrap();
    Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into(),
        stderr: String::from_utf8_lossy(&o.stderr).into(),
    }
}

fn expect(cwd: &Path, args: &[&str], code: i32, phrase: &str) -> Out {
    let o = regio(cwd, args);
    assert_eq!(
        o.code, code,
        "regio {args:?}: exit {} (expected {code})\nstdout:\n{}\nstderr:\n{}",
        o.code, o.stdout, o.stderr
    );
    let all = format!("{}{}", o.stdout, o.stderr);
    assert!(
        all.contains(phrase),
        "regio {args:?}: {phrase:?} not in\nstdout:\n{}\nstderr:\n{}",
        o.stdout,
        o.stderr
    );
    o
}

#[test]
fn cp949_busan_ulsan_daegu_file_is_checked() {
    expect(
        &dir(),
        &["check", "busan_ulsan_daegu_cp949.csv"],
        0,
        "3 regions",
    );
}

#[test]
fn mixed_encoding_names_both_offsets_and_how_to_choose() {
    let o = expect(
        &dir(),
        &["check", "mixed_encoding.csv"],
        3,
        "not UTF-8 at line",
    );
    assert!(o.stderr.contains("not CP949 at line"), "{}", o.stderr);
    assert!(o.stderr.contains("set the file's encoding"), "{}", o.stderr);
}

#[test]
fn long_row_is_refused() {
    expect(
        &dir(),
        &["check", "long_row.csv"],
        3,
        "row 2: 5 field(s), expected 4",
    );
}

#[test]
fn short_row_is_refused() {
    expect(
        &dir(),
        &["check", "short_row.csv"],
        3,
        "row 3: 3 field(s), expected 4",
    );
}

#[test]
fn duplicate_header_is_refused() {
    expect(
        &dir(),
        &["check", "duplicate_header.csv"],
        3,
        "positions 4 and 5",
    );
}

#[test]
fn fractional_year_is_refused() {
    expect(&dir(), &["check", "fractional_year.csv"], 3, "\"2010.5\"");
}

#[test]
fn overflowing_totals_are_refused() {
    let o = regio(&dir(), &["check", "overflow.csv"]);
    assert!(o.code == 3 || o.code == 4, "exit {}: {}", o.code, o.stderr);
    assert!(o.stderr.contains("region 11 in 2010"), "{}", o.stderr);
}

#[test]
fn second_kosis_total_row_is_refused() {
    let o = regio(&dir(), &["check", "kosis_two_totals.toml"]);
    assert!(o.code == 3 || o.code == 4, "exit {}: {}", o.code, o.stderr);
    assert!(o.stderr.contains("lines 2 and 4"), "{}", o.stderr);
}

#[test]
fn dev_zero_in_a_manifest_is_not_read() {
    expect(&dir(), &["check", "dev_zero.toml"], 3, "not a regular file");
}

#[test]
fn a_fifo_is_not_opened() {
    let d = tempfile::tempdir().unwrap();
    let fifo = d.path().join("pipe.csv");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("mkfifo unavailable: case skipped");
        return;
    }
    expect(d.path(), &["check", "pipe.csv"], 3, "FIFO");
}

#[test]
fn a_system_file_is_quoted_short() {
    let o = regio(&dir(), &["check", "system_file_as_panel.csv"]);
    assert_eq!(o.code, 3, "{}", o.stderr);
    assert!(!o.stderr.contains(&"a".repeat(61)), "{}", o.stderr);
    assert!(!o.stderr.contains('\u{1b}'), "{}", o.stderr);
}

#[test]
fn empty_prj_shapefile_loads() {
    expect(
        &repo(),
        &["check", "data/pysal_examples/mexico/mexicojoin.shp"],
        0,
        "32",
    );
}

#[test]
fn binary_prj_is_an_error() {
    let d = tempfile::tempdir().unwrap();
    let src = repo().join("data/pysal_examples/mexico/mexicojoin");
    for ext in ["shp", "shx", "dbf"] {
        std::fs::copy(src.with_extension(ext), d.path().join(format!("m.{ext}"))).unwrap();
    }
    std::fs::write(d.path().join("m.prj"), b"\x00\x01\xff garbage").unwrap();
    let o = regio(d.path(), &["check", "m.shp"]);
    assert!(o.code == 3 || o.code == 4, "exit {}: {}", o.code, o.stderr);
    assert!(o.stderr.contains("binary or garbled"), "{}", o.stderr);
}

#[test]
fn zero_topojson_scale_is_named() {
    let o = regio(&dir(), &["check", "zero_scale.topojson"]);
    assert!(o.code == 3 || o.code == 4, "exit {}: {}", o.code, o.stderr);
    assert!(o.stderr.contains("transform.scale"), "{}", o.stderr);
}

#[test]
fn overflowing_coordinates_are_named() {
    let o = regio(&dir(), &["check", "overflow_coords.topojson"]);
    assert!(o.code == 3 || o.code == 4, "exit {}: {}", o.code, o.stderr);
    assert!(o.stderr.contains("overflowed"), "{}", o.stderr);
}

#[test]
fn deep_balance_parentheses_do_not_abort() {
    let d = tempfile::tempdir().unwrap();
    let expr = format!("{}a{}", "(".repeat(10_000), ")".repeat(10_000));
    let o = regio(d.path(), &["zones", "--balance", &expr]);
    assert!(o.code == 4 || o.code == 2, "exit {}: {}", o.code, o.stderr);
    assert!(o.stderr.contains("nested more than 64"), "{}", o.stderr);
    assert!(o.stderr.len() < 2000, "{}", o.stderr);
}
