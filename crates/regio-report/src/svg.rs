//! Small helpers for writing SVG text deterministically: escaping and fixed
//! number formatting (no locale, no platform-dependent float printing).

use std::fmt::Write;

/// Escapes text for XML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => o.push(c),
        }
    }
    o
}

/// A coordinate with one decimal (0.1 px is plenty on screen and keeps files small).
pub fn f1(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    let r = if r == 0.0 { 0.0 } else { r };
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// A number for people: thousands separators for large values, up to 3
/// significant decimals for small ones, no trailing zeros.
pub fn human(x: f64) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let a = x.abs();
    let s = if a >= 1000.0 {
        let r = x.round() as i64;
        let digits = r.unsigned_abs().to_string();
        let mut out = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(ch);
        }
        if r < 0 {
            format!("-{out}")
        } else {
            out
        }
    } else {
        let dec = if a >= 100.0 {
            1
        } else if a >= 1.0 {
            2
        } else if a == 0.0 {
            0
        } else {
            // three significant digits
            (3 - a.log10().floor() as i32 - 1).clamp(0, 12) as usize
        };
        let s = format!("{x:.dec$}");
        let s = if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        };
        if s == "-0" {
            "0".into()
        } else {
            s
        }
    };
    s
}

/// A text element (escaped), with optional extra attributes.
pub fn text(out: &mut String, x: f64, y: f64, attrs: &str, content: &str) {
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\"{}{}>{}</text>",
        f1(x),
        f1(y),
        if attrs.is_empty() { "" } else { " " },
        attrs,
        esc(content)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(esc("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(f1(1.04), "1");
        assert_eq!(f1(-0.04), "0");
        assert_eq!(f1(2.25), "2.3");
        assert_eq!(human(1234567.4), "1,234,567");
        assert_eq!(human(-1234.0), "-1,234");
        assert_eq!(human(12.5), "12.5");
        assert_eq!(human(0.012345), "0.0123");
        assert_eq!(human(0.0), "0");
        assert_eq!(human(150.0), "150");
    }
}
