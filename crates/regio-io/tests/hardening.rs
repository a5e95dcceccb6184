//! Hardening (#14): encodings decided from the whole file, strict CSV shape,
//! duplicate headers, fractional years, duplicate KOSIS totals, overflowing
//! totals, bounded reads of special files, shapefile `.prj`, non-finite
//! coordinates, zero TopoJSON scale and short quotes of file content.

use regio_io::encoding::{decode_all, detect, Encoding};
use regio_io::geo::{read_boundaries, FeatureKeys};
use regio_io::kosis::{kosis_to_panels, read_kosis, CodeMap, KosisPanelSpec, TotalsPolicy};
use regio_io::panels::{read_long_panel, LongPanelSpec};
use regio_io::source::{CsvRows, RowShape};
use regio_io::{CsvOptions, Source};
use std::path::{Path, PathBuf};

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../data")
        .join(rel)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn long(p: &Path) -> Result<regio_io::panels::PanelRead, String> {
    read_long_panel(
        &Source::file(p),
        &LongPanelSpec::new("v"),
        CsvOptions::default(),
    )
    .map_err(|e| e.to_string())
}

fn cp949(s: &str) -> Vec<u8> {
    let (b, _, bad) = encoding_rs::EUC_KR.encode(s);
    assert!(!bad, "not encodable in CP949: {s}");
    b.into_owned()
}

/// Every si-do and si-gun-gu name of the shipped Korean data.
fn korean_names() -> Vec<String> {
    let mut names = std::collections::BTreeSet::new();
    for (file, cols) in [
        (
            "kr_boundaries_kostat_2018/regions_2018.csv",
            &["region_name", "sido_name"][..],
        ),
        (
            "kr_population_sgg_age_sex_2016/population_2016_sgg_sex_agegroup_long.csv",
            &["sido_name", "region_name"][..],
        ),
    ] {
        let src = Source::file(data(file));
        let mut rows = CsvRows::open(&src, CsvOptions::default()).unwrap();
        let idx: Vec<usize> = cols.iter().map(|c| rows.col(c).unwrap()).collect();
        while let Some((_, rec)) = rows.next_row().unwrap() {
            for &i in &idx {
                let n = CsvRows::cell(rec, i);
                if n.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)) {
                    names.insert(n.to_string());
                }
            }
        }
    }
    names.into_iter().collect()
}

#[test]
fn every_korean_region_name_is_read_in_both_encodings() {
    let names = korean_names();
    assert!(names.len() > 200, "{} names", names.len());
    for n in ["부산광역시", "울산광역시", "대구광역시"] {
        assert!(names.iter().any(|x| x == n), "{n}");
    }
    // each name alone, and each pair of consecutive names, in both encodings
    for w in names.windows(2) {
        let text = format!("code,name\n1,{}\n2,{}\n", w[0], w[1]);
        let utf8 = text.as_bytes();
        let kr = cp949(&text);
        assert_eq!(detect(utf8, true), Ok(Encoding::Utf8), "{text}");
        assert_eq!(detect(&kr, true), Ok(Encoding::Cp949), "{text}");
        assert_eq!(decode_all(&kr, None, Path::new("x")).unwrap(), text);
    }
    // all names in one file
    let mut text = String::from("code,name\n");
    for (i, n) in names.iter().enumerate() {
        text.push_str(&format!("{i},{n}\n"));
    }
    assert_eq!(
        decode_all(&cp949(&text), None, Path::new("x")).unwrap(),
        text
    );
    assert_eq!(
        decode_all(text.as_bytes(), None, Path::new("x")).unwrap(),
        text
    );
}

#[test]
fn busan_ulsan_daegu_cp949_panel_reads() {
    let d = tempfile::tempdir().unwrap();
    let text = "region,region_name,industry,year,value\n21,부산광역시,C,2010,1\n26,울산광역시,C,2010,2\n22,대구광역시,C,2010,3\n";
    let p = write(d.path(), "bud.csv", &cp949(text));
    let spec = LongPanelSpec {
        region_name_col: Some("region_name".into()),
        ..LongPanelSpec::new("v")
    };
    let r = read_long_panel(&Source::file(&p), &spec, CsvOptions::default()).unwrap();
    assert_eq!(
        r.panels["v"].regions.names(),
        vec!["부산광역시", "울산광역시", "대구광역시"]
    );
}

#[test]
fn kosis_originals_read_the_same_in_cp949() {
    let d = tempfile::tempdir().unwrap();
    let dir = data("kr_establishments_sido_ksic_2006_2023/original");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().and_then(|x| x.to_str()) != Some("csv") {
            continue;
        }
        let bytes = std::fs::read(&p).unwrap();
        let text = decode_all(&bytes, None, &p).unwrap();
        let q = write(d.path(), &format!("cp949-{n}.csv"), &cp949(&text));
        let a = read_kosis(&Source::file(&p), CsvOptions::default()).unwrap();
        let b = read_kosis(&Source::file(&q), CsvOptions::default())
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        assert_eq!(a.rows, b.rows, "{}", p.display());
        assert_eq!(a.columns, b.columns);
        n += 1;
    }
    assert!(n >= 4, "{n} KOSIS files");
}

#[test]
fn long_and_short_rows_are_refused() {
    let d = tempfile::tempdir().unwrap();
    let p = write(
        d.path(),
        "long.csv",
        b"region,industry,year,value\n11,A,2010,1,234\n",
    );
    let e = long(&p).unwrap_err();
    assert!(
        e.contains("long.csv") && e.contains("row 2: 5 field(s), expected 4"),
        "{e}"
    );
    let p = write(
        d.path(),
        "short.csv",
        b"region,industry,year,value\n11,A,2010,1\n11,B,2010\n",
    );
    let e = long(&p).unwrap_err();
    assert!(
        e.contains("short.csv") && e.contains("row 3: 3 field(s), expected 4"),
        "{e}"
    );
    // opting in to ragged rows reads the short row's missing cell as empty
    let src = Source::file(&p);
    let mut rows = CsvRows::open(&src, CsvOptions::default())
        .unwrap()
        .with_shape(RowShape::Ragged);
    let mut n = 0;
    while let Some((_, rec)) = rows.next_row().unwrap() {
        n += 1;
        let _ = CsvRows::cell(rec, 3);
    }
    assert_eq!(n, 2);
}

#[test]
fn duplicate_header_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let p = write(
        d.path(),
        "dup.csv",
        b"region,industry,year,value,value\n11,A,2010,1,2\n",
    );
    let e = long(&p).unwrap_err();
    assert!(
        e.contains("duplicate column \"value\"") && e.contains("positions 4 and 5"),
        "{e}"
    );
}

#[test]
fn fractional_year_is_refused_whole_decimal_accepted() {
    let d = tempfile::tempdir().unwrap();
    let p = write(
        d.path(),
        "y.csv",
        b"region,industry,year,value\n11,A,2010.5,1\n",
    );
    let e = long(&p).unwrap_err();
    assert!(e.contains("\"2010.5\"") && e.contains("year"), "{e}");
    let p = write(
        d.path(),
        "y0.csv",
        b"region,industry,year,value\n11,A,2010.0,1\n",
    );
    assert_eq!(long(&p).unwrap().panels["v"].years, vec![2010]);
}

#[test]
fn second_different_kosis_total_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let text = "\"시도별\",\"산업별\",\"2010 년\"\n\
                \"전국\",\"전체 산업\",\"30\"\n\
                \"서울특별시\",\"제조업(10~34)\",\"10\"\n\
                \"전국\",\"전체 산업\",\"31\"\n";
    let p = write(d.path(), "k.csv", text.as_bytes());
    let t = read_kosis(&Source::file(&p), CsvOptions::default()).unwrap();
    let spec = KosisPanelSpec {
        region_codes: CodeMap::Sido,
        industry_codes: CodeMap::KsicSection,
        measure: "establishments".into(),
        region_dim: 0,
        industry_dim: 1,
        totals: TotalsPolicy::Separate,
        ..Default::default()
    };
    let e = kosis_to_panels(&t, &spec).unwrap_err().to_string();
    assert!(
        e.contains("lines 2 and 4") && e.contains("전국 / 전체 산업") && e.contains("different"),
        "{e}"
    );
}

#[test]
fn overflowing_totals_are_refused_naming_the_region() {
    let d = tempfile::tempdir().unwrap();
    let p = write(
        d.path(),
        "big.csv",
        b"region,industry,year,value\n11,A,2010,1e308\n11,B,2010,1e308\n21,A,2010,1\n",
    );
    let e = long(&p).unwrap_err();
    assert!(
        e.contains("big.csv") && e.contains("region 11 in 2010"),
        "{e}"
    );
}

#[test]
fn special_files_are_not_read() {
    let e = long(Path::new("/dev/zero")).unwrap_err();
    assert!(
        e.contains("not a regular file") && e.contains("character device"),
        "{e}"
    );
    let e = regio_io::manifest::parse_manifest(Path::new("/dev/zero"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("not a regular file"), "{e}");
    let d = tempfile::tempdir().unwrap();
    let fifo = d.path().join("pipe.csv");
    let ok = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if ok {
        // opening a FIFO for reading would block until a writer came
        let e = long(&fifo).unwrap_err();
        assert!(e.contains("FIFO"), "{e}");
    }
    let m = write(d.path(), "m.toml", b"[[panel]]\nfile = \"/dev/zero\"\n");
    let e = regio_io::manifest::load_manifest(&m)
        .unwrap_err()
        .to_string();
    assert!(e.contains("/dev/zero"), "{e}");
}

#[test]
fn messages_quote_only_a_short_fragment_of_the_file() {
    let d = tempfile::tempdir().unwrap();
    let line = format!("root:x:0:0:{}:/root:/bin/bash\u{1b}[31m", "a".repeat(200));
    let p = write(d.path(), "passwd", format!("{line}\nx\n").as_bytes());
    let e = long(&p).unwrap_err();
    assert!(!e.contains(&"a".repeat(61)), "{e}");
    assert!(!e.contains('\u{1b}'), "{e}");
    assert!(e.contains('…'), "{e}");
}

fn shp_copy(dir: &Path, prj: Option<&[u8]>) -> PathBuf {
    let src = data("pysal_examples/mexico/mexicojoin");
    for ext in ["shp", "shx", "dbf"] {
        std::fs::copy(src.with_extension(ext), dir.join(format!("m.{ext}"))).unwrap();
    }
    if let Some(p) = prj {
        std::fs::write(dir.join("m.prj"), p).unwrap();
    }
    dir.join("m.shp")
}

#[test]
fn empty_prj_is_absent_and_binary_prj_is_an_error() {
    let keys = FeatureKeys::default();
    let (b, _) = read_boundaries(&data("pysal_examples/mexico/mexicojoin.shp"), &keys)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(b.geometries.len(), 32);
    assert!(b.source.contains("empty .prj"), "{}", b.source);
    let d = tempfile::tempdir().unwrap();
    let p = shp_copy(d.path(), Some(b"\x00\x01\xff\xfe garbage"));
    let e = read_boundaries(&p, &keys).unwrap_err().to_string();
    assert!(
        e.contains("m.prj") && e.contains("binary or garbled"),
        "{e}"
    );
    let d = tempfile::tempdir().unwrap();
    let p = shp_copy(d.path(), Some(b"\x01\x02\x03"));
    let e = read_boundaries(&p, &keys).unwrap_err().to_string();
    assert!(e.contains("binary or garbled"), "{e}");
}

#[test]
fn zero_topojson_scale_and_overflowing_coordinates_are_named() {
    let d = tempfile::tempdir().unwrap();
    let topo = r#"{"type":"Topology","transform":{"scale":[0,0],"translate":[0,0]},
        "objects":{"a":{"type":"GeometryCollection","geometries":[{"type":"Polygon","arcs":[[0]],"properties":{"code":"1"}}]}},
        "arcs":[[[0,0],[1,0],[0,1],[-1,0],[0,-1]]]}"#;
    let p = write(d.path(), "z.json", topo.as_bytes());
    let e = read_boundaries(&p, &FeatureKeys::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("transform.scale") && e.contains("zero"), "{e}");
    let topo = r#"{"type":"Topology","transform":{"scale":[1,1],"translate":[0,0]},
        "objects":{"a":{"type":"GeometryCollection","geometries":[{"type":"Polygon","arcs":[[0]],"properties":{"code":"1"}}]}},
        "arcs":[[[0,0],[1e308,0],[1e308,1],[-1,0],[0,-1]]]}"#;
    let p = write(d.path(), "o.json", topo.as_bytes());
    let e = read_boundaries(&p, &FeatureKeys::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("feature 1") && e.contains("overflowed"), "{e}");
}
