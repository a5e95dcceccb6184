//! Helpers shared by the end-to-end tests of the `regio` binary: running it,
//! reading the CSV tables it writes and writing small input files.
//!
//! Each test file compiles this module on its own (`mod common;`), so items a
//! file does not use are allowed to be dead there.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::Command;

/// The repository's `data/` folder.
pub const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data");

/// One row of a CSV table: column name → cell text.
pub type Row = HashMap<String, String>;

/// The outcome of one run of the binary.
#[derive(Debug)]
pub struct Run {
    /// The arguments the binary was given.
    pub args: Vec<String>,
    /// Exit code, −1 when the process was ended by a signal.
    pub code: i32,
    /// Standard output, lossily decoded.
    pub stdout: String,
    /// Standard error, lossily decoded.
    pub stderr: String,
}

impl Run {
    /// Standard output followed by standard error.
    pub fn text(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    /// Panics, naming the arguments and printing the output, unless the exit code is 0.
    pub fn expect_ok(self) -> Run {
        self.expect_code(0)
    }

    /// Panics, naming the arguments and printing the output, unless the exit code is `code`.
    pub fn expect_code(self, code: i32) -> Run {
        assert_eq!(self.code, code, "regio {:?}: {}", self.args, self.text());
        self
    }

    /// Panics, naming the arguments and printing the output, if the exit code is 0.
    pub fn expect_fail(self) -> Run {
        assert_ne!(self.code, 0, "regio {:?}: {}", self.args, self.text());
        self
    }
}

/// Runs `regio` with these arguments and waits for it.
pub fn run(args: &[&str]) -> Run {
    finish(Command::new(env!("CARGO_BIN_EXE_regio")).args(args))
}

/// Runs `regio` with these arguments followed by `--out <out>`.
pub fn run_out(out: impl AsRef<Path>, args: &[&str]) -> Run {
    let out = out.as_ref();
    let mut a = args.to_vec();
    a.extend(["--out", arg(out)]);
    run(&a)
}

/// Runs `regio` in the folder `cwd`, with `REGIO_DATA_DIR` set to the
/// repository's data folder (for data read at run time, not embedded).
pub fn run_in(cwd: &Path, args: &[&str]) -> Run {
    finish(
        Command::new(env!("CARGO_BIN_EXE_regio"))
            .args(args)
            .current_dir(cwd)
            .env("REGIO_DATA_DIR", DATA),
    )
}

fn finish(cmd: &mut Command) -> Run {
    let o = cmd.output().expect("run regio");
    Run {
        args: cmd
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect(),
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

/// A path as the `&str` argument the binary receives.
pub fn arg(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// A CSV file's header and its rows keyed by column name.
pub fn read_csv(path: &Path) -> (Vec<String>, Vec<Row>) {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let h: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| {
            let rec = rec.unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            h.iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect();
    (h, rows)
}

/// A CSV file's rows keyed by column name.
pub fn read_rows(path: &Path) -> Vec<Row> {
    read_csv(path).1
}

/// A two-column `key,value` CSV table (such as a run summary) as a map.
pub fn key_values(path: &Path) -> BTreeMap<String, String> {
    read_rows(path)
        .into_iter()
        .map(|r| (r["key"].clone(), r["value"].clone()))
        .collect()
}

/// The number in column `col` of a row; panics naming the column and cell.
pub fn num(row: &Row, col: &str) -> f64 {
    let v = row
        .get(col)
        .unwrap_or_else(|| panic!("no column {col:?} in {row:?}"));
    v.parse()
        .unwrap_or_else(|_| panic!("{col} = {v:?} is not a number"))
}

/// Writes `text` to `dir/name` and returns the path as an argument.
pub fn write_file(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    arg(&p).to_string()
}

/// A JSON file parsed.
pub fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The number of features of a GeoJSON file.
pub fn geojson_features(path: &Path) -> usize {
    read_json(path)["features"]
        .as_array()
        .unwrap_or_else(|| panic!("{}: no features array", path.display()))
        .len()
}

/// Numbers as the report and dashboard print them (`regio_report::svg::human`).
pub fn human(x: f64) -> String {
    regio_report::svg::human(x)
}
