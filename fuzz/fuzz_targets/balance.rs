//! Balance-expression parser on arbitrary text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use regio_space::zones::Balance;

fuzz_target!(|data: &[u8]| {
    if let Ok(expr) = std::str::from_utf8(data) {
        let a = [Some(1.0), Some(-2.5), None];
        let b = [Some(3.0), Some(0.0), Some(1e308)];
        let cols: [(&str, &[Option<f64>]); 2] = [("a", &a), ("b", &b)];
        let codes = vec!["1".to_string(), "2".to_string(), "3".to_string()];
        if let Ok(bal) = Balance::parse(expr, &cols, &codes) {
            let _ = bal.at(0.5);
        }
    }
});
