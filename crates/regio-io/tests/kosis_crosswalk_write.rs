//! KOSIS layout details (bracketed codes, `2010 년` periods, totals policy,
//! CP949), crosswalks with hand-computed sums, and the table writers.

use regio_core::{Column, Table};
use regio_io::crosswalk::read_crosswalk;
use regio_io::kosis::{kosis_to_panels, read_kosis, CodeMap, KosisPanelSpec, TotalsPolicy};
use regio_io::panels::{read_long_panel, LongPanelSpec};
use regio_io::{write_table, CsvOptions, Format, Source};
use std::path::Path;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn kosis_bracketed_codes_periods_totals_and_cp949() {
    let d = tempfile::tempdir().unwrap();
    // A KOSIS si-gun-gu export as saved from the website: CP949, bracketed
    // code headers, `2010 년` periods, a national total row, suppressed cells.
    let text = "\"[15133JYB]시군구별\",\"산업별\",\"2010 년\",\"2011 년\"\n\
                \"전국\",\"전체 산업\",\"30\",\"33\"\n\
                \"[11010]종로구\",\"제조업(10~34)\",\"10\",\"X\"\n\
                \"[11010]종로구\",\"전체 산업\",\"10\",\"11\"\n\
                \"[11020]중구\",\"제조업(10~34)\",\"-\",\"22\"\n";
    let p = write(d.path(), "kosis.csv", &encoding_rs::EUC_KR.encode(text).0);
    let t = read_kosis(&Source::file(&p), CsvOptions::default()).unwrap();
    assert_eq!(t.dims[0].code.as_deref(), Some("15133JYB"));
    assert_eq!(t.dims[0].name, "시군구별");
    assert_eq!(
        t.columns.iter().map(|c| c.0).collect::<Vec<_>>(),
        vec![2010, 2011]
    );
    let mut spec = KosisPanelSpec {
        region_dim: 0,
        industry_dim: 1,
        region_codes: CodeMap::Label,
        industry_codes: CodeMap::KsicSection,
        measure: "establishments".into(),
        ..Default::default()
    };
    let r = kosis_to_panels(&t, &spec).unwrap();
    let pnl = &r.panels["establishments"];
    assert_eq!(pnl.regions.codes(), vec!["11010", "11020"]);
    assert_eq!(pnl.regions.names(), vec!["종로구", "중구"]);
    assert_eq!(pnl.industries.codes(), vec!["C"]);
    assert_eq!(pnl.get(1, 0, 0), None); // X
    assert_eq!(pnl.get(0, 1, 0), None); // -
    assert_eq!(pnl.get(1, 1, 0), Some(22.0));
    // totals set aside: 전국 x 전체 산업 (2 years) + 종로구 x 전체 산업 (2 years)
    assert_eq!(r.totals.len(), 4);
    assert!(r.totals.iter().any(|t| t.region == "11010"
        && t.industry == "TOTAL"
        && t.year == 2011
        && t.value == Some(11.0)));
    spec.totals = TotalsPolicy::Drop;
    assert!(kosis_to_panels(&t, &spec).unwrap().totals.is_empty());
    spec.totals = TotalsPolicy::Keep;
    let k = kosis_to_panels(&t, &spec).unwrap();
    assert_eq!(k.panels["establishments"].regions.len(), 3);
    assert_eq!(
        k.panels["establishments"].industries.codes(),
        vec!["TOTAL", "C"]
    );
    // an unknown industry label names the row
    let p = write(
        d.path(),
        "bad.csv",
        "지역,산업별,2010\n서울,우주산업,1\n".as_bytes(),
    );
    let t = read_kosis(&Source::file(&p), CsvOptions::default()).unwrap();
    let e = kosis_to_panels(&t, &spec).unwrap_err().to_string();
    assert!(
        e.contains("bad.csv") && e.contains("row 2") && e.contains("우주산업"),
        "{e}"
    );
    // a value that is not a number
    let p = write(
        d.path(),
        "bad2.csv",
        "지역,산업별,2010 년\n서울,제조업(10~34),n/d\n".as_bytes(),
    );
    let e = read_kosis(&Source::file(&p), CsvOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("bad2.csv") && e.contains("row 2") && e.contains("2010"),
        "{e}"
    );
}

#[test]
fn crosswalks_merge_and_split_with_weights() {
    let d = tempfile::tempdir().unwrap();
    let panel = write(d.path(), "p.csv", b"region,industry,year,value\na,C,2020,10\nb,C,2020,20\nc,C,2020,30\na,A,2020,1\nb,A,2020,\nc,A,2020,3\n");
    // a and b merge into AB; c splits 0.25 / 0.75 into C1 / C2
    let cw = write(
        d.path(),
        "cw.csv",
        b"from,to,w\na,AB,1\nb,AB,1\nc,C1,0.25\nc,C2,0.75\n",
    );
    let cw = read_crosswalk(
        &Source::file(&cw),
        "from",
        "to",
        Some("w"),
        None,
        CsvOptions::default(),
    )
    .unwrap();
    let p = &read_long_panel(
        &Source::file(&panel),
        &LongPanelSpec::new("v"),
        CsvOptions::default(),
    )
    .unwrap()
    .panels["v"];
    let m = cw.apply_panel(p).unwrap();
    assert_eq!(m.regions.codes(), vec!["AB", "C1", "C2"]);
    let c = m.industries.id("C").unwrap();
    let a = m.industries.id("A").unwrap();
    assert_eq!(m.get(0, 0, c), Some(30.0)); // 10 + 20
    assert_eq!(m.get(0, 1, c), Some(7.5)); // 0.25 * 30
    assert_eq!(m.get(0, 2, c), Some(22.5)); // 0.75 * 30
    assert_eq!(m.get(0, 0, a), None); // b's A is missing, so AB's A is missing
    assert_eq!(m.get(0, 2, a), Some(2.25)); // 0.75 * 3
                                            // weights that do not sum to 1 and unknown codes are errors
    let bad = write(d.path(), "cw2.csv", b"from,to,w\nc,C1,0.5\nc,C2,0.6\n");
    let e = read_crosswalk(
        &Source::file(&bad),
        "from",
        "to",
        Some("w"),
        None,
        CsvOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("cw2.csv") && e.contains("sum to 1.1"), "{e}");
    let partial = write(d.path(), "cw3.csv", b"from,to\na,AB\n");
    let cw = read_crosswalk(
        &Source::file(&partial),
        "from",
        "to",
        None,
        None,
        CsvOptions::default(),
    )
    .unwrap();
    let e = cw.apply_panel(p).unwrap_err().to_string();
    assert!(e.contains("2 region code(s)") && e.contains("b, c"), "{e}");
}

#[test]
fn kostat_to_mois_crosswalk_keeps_the_2016_population_total() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data");
    let cw = read_crosswalk(
        &Source::file(format!(
            "{data}/kr_region_code_crosswalk/sigungu_kostat2018_mois2022.csv"
        )),
        "kostat_code_2018",
        "mois_code_2022",
        None,
        Some("name_mois"),
        CsvOptions::default(),
    )
    .unwrap();
    let ds = regio_io::demo::korea().unwrap();
    let pop = &ds.attributes["population_2016"];
    let m = cw.apply_attributes(pop).unwrap();
    assert_eq!(m.regions.len(), 250);
    let total: f64 = m.columns["total_pop"].iter().map(|v| v.unwrap()).sum();
    // national 2016 resident-registration total (PROVENANCE): 51,696,216
    assert_eq!(total, 51_696_216.0);
    // Jongno-gu: KOSTAT 11010 = MOIS 11110
    assert_eq!(
        m.columns["total_pop"][m.regions.id("11110").unwrap().idx()],
        pop.columns["total_pop"][pop.regions.id("11010").unwrap().idx()]
    );
}

#[test]
fn writers_csv_json_parquet_are_atomic_and_lossless() {
    let d = tempfile::tempdir().unwrap();
    let mut t = Table::new("result").with_region_key("region");
    t.push_str("region", "code", vec!["11".into(), "21".into()])
        .push_opt_f64("x", "a value", vec![Some(0.1 + 0.2), None])
        .push_i64("n", "a count", vec![3, -4])
        .push("ok", "a flag", Column::Bool(vec![Some(true), None]));
    let p = write_table(d.path(), &t, Format::Csv, None).unwrap();
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        "region,x,n,ok\n11,0.30000000000000004,3,true\n21,,-4,\n"
    );
    let p = write_table(d.path(), &t, Format::Json, None).unwrap();
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    assert_eq!(v["rows"][1]["x"], serde_json::Value::Null);
    assert_eq!(v["rows"][0]["x"], serde_json::json!(0.30000000000000004));
    assert_eq!(v["columns"][2]["doc"], "a count");
    let p = write_table(d.path(), &t, Format::Parquet, None).unwrap();
    assert!(std::fs::metadata(&p).unwrap().len() > 0);
    // GeoJSON without boundaries is a clear error and leaves no file
    let e = write_table(d.path(), &t, Format::GeoJson, None)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("result.geojson") && e.contains("boundaries"),
        "{e}"
    );
    let names: Vec<String> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
    // writing into a path that is a file fails without leaving anything behind
    let blocker = write(d.path(), "blocker", b"");
    assert!(write_table(&blocker, &t, Format::Csv, None).is_err());
}
