//! GeoJSON boundary reader on arbitrary text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use regio_io::geo::{read_geojson_str, FeatureKeys};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = read_geojson_str(text, std::path::Path::new("fuzz.geojson"), &FeatureKeys::default());
    }
});
