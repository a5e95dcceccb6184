//! CSV panel reader (long layout) and KOSIS reader on arbitrary bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use regio_io::kosis::{kosis_to_panels, read_kosis, CodeMap, KosisPanelSpec};
use regio_io::panels::{read_long_panel, LongPanelSpec};
use regio_io::{CsvOptions, Source};
use std::borrow::Cow;
use std::path::PathBuf;

fuzz_target!(|data: &[u8]| {
    let src = Source::Bytes {
        label: PathBuf::from("fuzz.csv"),
        data: Cow::Owned(data.to_vec()),
    };
    let _ = read_long_panel(&src, &LongPanelSpec::new("v"), CsvOptions::default());
    if let Ok(t) = read_kosis(&src, CsvOptions::default()) {
        let spec = KosisPanelSpec {
            region_codes: CodeMap::Sido,
            industry_codes: CodeMap::KsicSection,
            measure: "v".into(),
            industry_dim: 1.min(t.dims.len().saturating_sub(1)),
            ..Default::default()
        };
        let _ = kosis_to_panels(&t, &spec);
    }
});
