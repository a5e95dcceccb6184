//! `docs/tables.md` lists every output table of the main commands with its
//! columns, types and definitions, as the binary writes them (`--format
//! json` carries each column's documentation). This test rebuilds the page
//! from the binary's output on the embedded demo and fails when the
//! committed page differs; `REGIO_BLESS=1` rewrites it.

mod common;

use common::{arg, read_json, run};
use std::path::Path;

/// (heading, arguments after the subcommand's output flags).
const COMMANDS: &[(&str, &[&str])] = &[
    (
        "regio diagnose --series pre2020 --year 2019 --base 2012",
        &[
            "diagnose", "--series", "pre2020", "--year", "2019", "--base", "2012",
        ],
    ),
    ("regio complexity", &["complexity"]),
    (
        "regio structure --flows migration",
        &["structure", "--flows", "migration"],
    ),
    (
        "regio zones --seed 1 --sweep",
        &["zones", "--seed", "1", "--sweep"],
    ),
    (
        "regio living-areas --flows passenger",
        &["living-areas", "--flows", "passenger"],
    ),
    ("regio demography extinction", &["demography", "extinction"]),
    (
        "regio strategy --super-region presets:korea-megaregions",
        &["strategy", "--super-region", "presets:korea-megaregions"],
    ),
];

fn page() -> String {
    let mut md = String::from(
        "# Output tables\n\nEvery table regio writes, with its columns as `--format json` documents them \
         (generated from the binary's output on the embedded demo by `crates/regio-cli/tests/tables_doc.rs`; \
         run it with `REGIO_BLESS=1` to refresh). CSV, Parquet and GeoJSON outputs have the same columns.\n",
    );
    for (title, args) in COMMANDS {
        let dir = tempfile::tempdir().unwrap();
        let mut a = args.to_vec();
        a.extend(["--quiet", "--format", "json", "--out", arg(dir.path())]);
        run(&a).expect_ok();
        let mut files: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        md.push_str(&format!("\n## `{title}`\n"));
        for f in files {
            let v = read_json(&f);
            let Some(cols) = v["columns"].as_array() else {
                continue;
            };
            md.push_str(&format!(
                "\n### `{}`\n\n| column | type | definition |\n|---|---|---|\n",
                v["table"].as_str().unwrap_or_default()
            ));
            for c in cols {
                md.push_str(&format!(
                    "| `{}` | {} | {} |\n",
                    c["name"].as_str().unwrap_or_default(),
                    c["type"].as_str().unwrap_or_default(),
                    c["doc"].as_str().unwrap_or_default().replace('|', "\\|")
                ));
            }
        }
    }
    md
}

#[test]
fn docs_tables_page_matches_the_binary() {
    let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/tables.md"));
    let now = page();
    if std::env::var_os("REGIO_BLESS").is_some() {
        std::fs::write(path, &now).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == now,
        "docs/tables.md is out of date with the binary's column documentation: \
         run `REGIO_BLESS=1 cargo test -p regio-cli --test tables_doc` and commit the page"
    );
}
