//! TopoJSON boundary reader on arbitrary text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use regio_io::geo::{read_topojson_str, FeatureKeys};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = read_topojson_str(
            text,
            std::path::Path::new("fuzz.json"),
            None,
            &FeatureKeys::default(),
        );
    }
});
