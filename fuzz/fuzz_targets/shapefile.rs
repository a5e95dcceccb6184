//! Shapefile (.shp + .shx + .dbf + .prj) and DBF readers on arbitrary bytes.
//! Input layout: three little-endian u32 lengths (shp, shx, dbf), then the
//! three files, then the rest as the .prj (see fuzz/pack_shapefile.py).
#![no_main]
use libfuzzer_sys::fuzz_target;
use regio_io::geo::{read_dbf, read_shapefile_bytes, FeatureKeys, ShapefileBytes};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let _ = read_dbf(data, None, Path::new("fuzz.dbf"));
    if data.len() < 12 {
        return;
    }
    let len = |i: usize| u32::from_le_bytes(data[i..i + 4].try_into().unwrap()) as usize;
    let (a, b, c) = (len(0), len(4), len(8));
    let rest = &data[12..];
    let Some(total) = a.checked_add(b).and_then(|x| x.checked_add(c)) else {
        return;
    };
    if total > rest.len() {
        return;
    }
    let prj = std::str::from_utf8(&rest[total..]).ok();
    let files = ShapefileBytes {
        shp: &rest[..a],
        shx: &rest[a..a + b],
        dbf: &rest[a + b..total],
        prj,
        cpg: None,
    };
    let _ = read_shapefile_bytes(files, Path::new("fuzz.shp"), &FeatureKeys::default());
});
