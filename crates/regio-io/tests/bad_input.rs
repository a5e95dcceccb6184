//! Bad input: every case gives a clear error naming the file, the row or
//! line, the column and what was expected; nothing panics.

use regio_io::attributes::{read_attributes, AttributesSpec};
use regio_io::panels::{
    read_long_panel, read_wide_panel, LongPanelSpec, WideColumns, WidePanelSpec,
};
use regio_io::{CsvOptions, Encoding, Source};
use std::io::Write;
use std::path::{Path, PathBuf};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::File::create(&p).unwrap().write_all(bytes).unwrap();
    p
}

fn read(p: &Path) -> Result<regio_io::panels::PanelRead, String> {
    let mut spec = LongPanelSpec::new("employees");
    spec.counts = true;
    read_long_panel(&Source::file(p), &spec, CsvOptions::default()).map_err(|e| e.to_string())
}

#[test]
fn missing_file() {
    let e = read(Path::new("/nonexistent/panel.csv")).unwrap_err();
    assert!(e.contains("/nonexistent/panel.csv"), "{e}");
}

#[test]
fn empty_file_and_header_only() {
    let d = tempfile::tempdir().unwrap();
    let e = read(&write(d.path(), "empty.csv", b"")).unwrap_err();
    assert!(e.contains("empty.csv") && e.contains("empty file"), "{e}");
    let e = read(&write(
        d.path(),
        "head.csv",
        b"region,industry,year,value\n",
    ))
    .unwrap_err();
    assert!(e.contains("head.csv") && e.contains("header only"), "{e}");
}

#[test]
fn unknown_column_lists_the_columns() {
    let d = tempfile::tempdir().unwrap();
    let e = read(&write(
        d.path(),
        "p.csv",
        b"reg,industry,year,value\n11,C,2020,1\n",
    ))
    .unwrap_err();
    assert!(
        e.contains("p.csv") && e.contains("\"region\"") && e.contains("reg, industry, year, value"),
        "{e}"
    );
}

#[test]
fn duplicate_key_names_the_row() {
    let d = tempfile::tempdir().unwrap();
    let e = read(&write(
        d.path(),
        "dup.csv",
        b"region,industry,year,value\n11,C,2020,1\n11,A,2020,2\n11,C,2020,3\n",
    ))
    .unwrap_err();
    assert!(
        e.contains("dup.csv") && e.contains("row 4") && e.contains("(11, C, 2020)"),
        "{e}"
    );
}

#[test]
fn negative_non_numeric_nan_and_inf_counts() {
    let d = tempfile::tempdir().unwrap();
    for (name, cell, expect) in [
        ("neg.csv", "-5", "non-negative"),
        ("text.csv", "many", "non-negative number"),
        ("nan.csv", "NaN", "finite"),
        ("inf.csv", "inf", "finite"),
        ("inf2.csv", "-Infinity", "finite"),
    ] {
        let body = format!("region,industry,year,value\n11,C,2020,1\n11,A,2020,{cell}\n");
        let e = read(&write(d.path(), name, body.as_bytes())).unwrap_err();
        assert!(
            e.contains(name)
                && e.contains("row 3")
                && e.contains("column \"value\"")
                && e.contains(expect),
            "{name}: {e}"
        );
    }
    // suppressed markers are missing, not errors
    let r = read(&write(
        d.path(),
        "x.csv",
        b"region,industry,year,value\n11,C,2020,X\n11,A,2020,-\n21,C,2020,\n21,A,2020,4\n",
    ))
    .unwrap();
    assert_eq!(r.panels["employees"].present_count(), 1);
    // a bad year names the column
    let e = read(&write(
        d.path(),
        "y.csv",
        b"region,industry,year,value\n11,C,20x0,1\n",
    ))
    .unwrap_err();
    assert!(e.contains("row 2") && e.contains("\"year\""), "{e}");
}

#[test]
fn cp949_is_detected_and_mixed_encodings_are_refused() {
    let d = tempfile::tempdir().unwrap();
    let text = "region,name,industry,year,value\n11,서울,C,2020,5\n21,부산,C,2020,7\n";
    let (cp, _, bad) = encoding_rs::EUC_KR.encode(text);
    assert!(!bad);
    let p = write(d.path(), "cp949.csv", &cp);
    let mut spec = LongPanelSpec::new("v");
    spec.region_name_col = Some("name".into());
    let r = read_long_panel(&Source::file(&p), &spec, CsvOptions::default()).unwrap();
    assert_eq!(r.panels["v"].regions.names(), vec!["서울", "부산"]);
    // a BOM is skipped
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(text.as_bytes());
    let r = read_long_panel(
        &Source::file(write(d.path(), "bom.csv", &bom)),
        &spec,
        CsvOptions::default(),
    )
    .unwrap();
    assert_eq!(r.panels["v"].regions.codes(), vec!["11", "21"]);
    // UTF-8 lines followed by a CP949 line
    let mut mixed = "region,name,industry,year,value\n11,서울,C,2020,5\n"
        .as_bytes()
        .to_vec();
    mixed.extend_from_slice(&encoding_rs::EUC_KR.encode("21,부산,C,2020,7\n").0);
    let e = read_long_panel(
        &Source::file(write(d.path(), "mixed.csv", &mixed)),
        &spec,
        CsvOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("mixed.csv") && e.contains("mixed") && e.contains("line 3"),
        "{e}"
    );
    // forcing the wrong encoding is refused too, with the line
    let e = read_long_panel(
        &Source::file(&p),
        &spec,
        CsvOptions {
            encoding: Some(Encoding::Utf8),
            delimiter: None,
        },
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("cp949.csv") && e.contains("line 2") && e.contains("utf-8"),
        "{e}"
    );
}

#[test]
fn encoding_is_decided_from_the_whole_file_not_a_sample() {
    let d = tempfile::tempdir().unwrap();
    let mut body = String::from("region,industry,year,value\n");
    for i in 0..20_000 {
        body.push_str(&format!("r{i},C,2020,{i}\n"));
    }
    let lines = body.lines().count();
    let mut bytes = body.clone().into_bytes();
    assert!(bytes.len() > 64 * 1024);
    // ASCII then, past 64 KiB, a CP949 name: the whole file is valid CP949
    bytes.extend_from_slice(&encoding_rs::EUC_KR.encode("서울,A,2020,1\n").0);
    let p = write(d.path(), "late.csv", &bytes);
    let r = read_long_panel(
        &Source::file(&p),
        &LongPanelSpec::new("employees"),
        CsvOptions::default(),
    )
    .unwrap();
    assert!(r.panels["employees"]
        .regions
        .iter()
        .any(|x| x.code == "서울"));
    // a UTF-8 name early and a CP949 name late: neither encoding throughout
    let mut mixed = body.replacen("r0,C", "서울,C", 1).into_bytes();
    mixed.extend_from_slice(&encoding_rs::EUC_KR.encode("부산,A,2020,1\n").0);
    let e = read(&write(d.path(), "late.csv", &mixed)).unwrap_err();
    assert!(
        e.contains("late.csv")
            && e.contains(&format!("not UTF-8 at line {}", lines + 1))
            && e.contains("not CP949 at line 2")
            && e.contains("set the file's encoding (utf-8 or cp949)"),
        "{e}"
    );
}

#[test]
fn a_large_file_is_streamed() {
    // 400,000 rows (~8 MB): read row by row through csv::Reader over a buffered decoder.
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("big.csv");
    let mut w = std::io::BufWriter::new(std::fs::File::create(&p).unwrap());
    writeln!(w, "region,industry,year,value").unwrap();
    let mut expected = 0.0;
    for r in 0..250 {
        for i in 0..100 {
            for y in 2000..2016 {
                let v = (r * 7 + i * 3 + y) % 101;
                expected += v as f64;
                writeln!(w, "R{r:04},I{i:03},{y},{v}").unwrap();
            }
        }
    }
    drop(w);
    assert!(std::fs::metadata(&p).unwrap().len() > 7_000_000);
    let r = read(&p).unwrap();
    let pnl = &r.panels["employees"];
    assert_eq!(
        (pnl.regions.len(), pnl.industries.len(), pnl.years.len()),
        (250, 100, 16)
    );
    assert_eq!(pnl.raw_values().iter().sum::<f64>(), expected);
}

#[test]
fn wide_files_and_attributes() {
    let d = tempfile::tempdir().unwrap();
    // years as columns, KOSIS-style period headers
    let p = write(
        d.path(),
        "wide.csv",
        "region,industry,2019 년,2020 년\n11,C,1,2\n11,A,X,4\n".as_bytes(),
    );
    let spec = WidePanelSpec {
        region_col: "region".into(),
        region_name_col: None,
        industry_col: Some("industry".into()),
        year_col: None,
        year: None,
        columns: WideColumns::Years,
        measure: "m".into(),
        ignore: vec![],
        counts: true,
    };
    let r = read_wide_panel(&Source::file(&p), &spec, CsvOptions::default()).unwrap();
    let m = &r.panels["m"];
    assert_eq!(m.years, vec![2019, 2020]);
    assert_eq!(m.get(0, 0, 1), None);
    assert_eq!(m.get(1, 0, 1), Some(4.0));
    let p = write(
        d.path(),
        "wide_bad.csv",
        b"region,industry,2019,total\n11,C,1,2\n",
    );
    let e = read_wide_panel(&Source::file(&p), &spec, CsvOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("wide_bad.csv") && e.contains("\"total\""), "{e}");
    // attributes: duplicate region and a non-numeric cell
    let spec = AttributesSpec {
        region_col: "code".into(),
        ..Default::default()
    };
    let p = write(d.path(), "a.csv", b"code,pop\n1,10\n1,11\n");
    let e = read_attributes(&Source::file(&p), &spec, CsvOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("row 3") && e.contains("duplicate region"), "{e}");
    let p = write(d.path(), "b.csv", b"code;pop\n1;10\n2;ten\n");
    let e = read_attributes(&Source::file(&p), &spec, CsvOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("b.csv") && e.contains("row 3") && e.contains("\"pop\""),
        "{e}"
    );
}

#[test]
fn manifest_paths_and_columns() {
    let d = tempfile::tempdir().unwrap();
    let sub = d.path().join("project");
    std::fs::create_dir(&sub).unwrap();
    write(
        d.path(),
        "outside.csv",
        b"region,industry,year,value\n11,C,2020,3\n",
    );
    // a path outside the manifest's folder is fine
    let m = write(
        &sub,
        "regio.toml",
        b"[[panel]]\nfile = \"../outside.csv\"\nmeasure = \"jobs\"\n",
    );
    let ds = regio_io::manifest::load_manifest(&m).unwrap();
    assert_eq!(ds.panels["jobs"].present_count(), 1);
    // a missing path names the entry and the file
    let m = write(
        &sub,
        "missing.toml",
        b"[[attributes]]\nname = \"pop\"\nfile = \"nowhere.csv\"\n",
    );
    let e = regio_io::manifest::load_manifest(&m)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("missing.toml")
            && e.contains("attributes #1 (pop)")
            && e.contains("nowhere.csv"),
        "{e}"
    );
    // a column the file does not have
    let m = write(
        &sub,
        "col.toml",
        b"[[panel]]\nfile = \"../outside.csv\"\nregion_col = \"sido\"\n",
    );
    let e = regio_io::manifest::load_manifest(&m)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("outside.csv")
            && e.contains("\"sido\"")
            && e.contains("region, industry, year, value"),
        "{e}"
    );
    // a misspelled key
    let m = write(
        &sub,
        "key.toml",
        b"[[panel]]\nfile = \"../outside.csv\"\nregoin_col = \"x\"\n",
    );
    let e = regio_io::manifest::load_manifest(&m)
        .unwrap_err()
        .to_string();
    assert!(e.contains("key.toml") && e.contains("regoin_col"), "{e}");
}
