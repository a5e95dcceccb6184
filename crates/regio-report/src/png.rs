//! PNG export of any map or chart through resvg (a pure-Rust SVG renderer).
//! resvg draws text only with fonts it has been given, so the font database
//! is filled explicitly: system fonts, plus every font in the directories
//! listed in `REGIO_FONT_DIR` (colon-separated). Korean-capable families are
//! preferred for the generic `sans-serif`; when no font at all is found the
//! export fails with a message instead of silently dropping every label.

use crate::{ReportError, Result};
use resvg::{tiny_skia, usvg};
use std::sync::{Arc, OnceLock};

/// Families tried, in order, for `sans-serif` (Hangul-capable first).
const PREFERRED: [&str; 6] = [
    "Noto Sans CJK KR",
    "Noto Sans KR",
    "NanumGothic",
    "Source Han Sans K",
    "DejaVu Sans",
    "Liberation Sans",
];

/// What the font database holds.
#[derive(Debug, Clone, PartialEq)]
pub struct FontInfo {
    /// Number of font faces loaded.
    pub faces: usize,
    /// Family used for `sans-serif`.
    pub sans_serif: Option<String>,
    /// Whether some loaded family is known to cover Hangul.
    pub hangul: bool,
}

fn database() -> &'static (Arc<usvg::fontdb::Database>, FontInfo) {
    static DB: OnceLock<(Arc<usvg::fontdb::Database>, FontInfo)> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_system_fonts();
        if let Ok(dirs) = std::env::var("REGIO_FONT_DIR") {
            for d in dirs.split(':').filter(|d| !d.is_empty()) {
                db.load_fonts_dir(d);
            }
        }
        let mut families: Vec<String> = db
            .faces()
            .flat_map(|f| f.families.iter().map(|(n, _)| n.clone()))
            .collect();
        families.sort();
        families.dedup();
        let sans = PREFERRED
            .iter()
            .find(|p| families.iter().any(|f| f == *p))
            .map(|s| s.to_string())
            .or_else(|| families.first().cloned());
        if let Some(f) = &sans {
            db.set_sans_serif_family(f.clone());
        }
        let hangul = families.iter().any(|f| {
            f.contains("CJK") || f.contains("KR") || f.contains("Nanum") || f.contains("Han Sans")
        });
        let info = FontInfo {
            faces: db.len(),
            sans_serif: sans,
            hangul,
        };
        (Arc::new(db), info)
    })
}

/// The fonts available to PNG export.
pub fn font_info() -> FontInfo {
    database().1.clone()
}

/// Renders an SVG document to PNG bytes at `scale` (1.0 = one pixel per
/// SVG unit).
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>> {
    if !(scale.is_finite() && scale > 0.0 && scale <= 8.0) {
        return Err(ReportError::Png(format!(
            "scale {scale} is out of range (0, 8]"
        )));
    }
    let (db, info) = database();
    if info.faces == 0 {
        return Err(ReportError::Png(
            "no font found (system fonts or REGIO_FONT_DIR): labels would vanish; install a font package (e.g. fonts-noto-cjk or fonts-dejavu-core) or set REGIO_FONT_DIR".into(),
        ));
    }
    let opt = usvg::Options {
        fontdb: db.clone(),
        font_family: info.sans_serif.clone().unwrap_or_default(),
        ..Default::default()
    };
    let tree = usvg::Tree::from_str(svg, &opt).map_err(|e| ReportError::Png(e.to_string()))?;
    let size = tree.size();
    let (w, h) = (
        (size.width() * scale).ceil() as u32,
        (size.height() * scale).ceil() as u32,
    );
    let mut pixmap = tiny_skia::Pixmap::new(w, h)
        .ok_or_else(|| ReportError::Png(format!("cannot allocate a {w} x {h} image")))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| ReportError::Png(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_a_png_with_text() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect x="0" y="0" width="10" height="10" fill="#0072b2"/><text x="12" y="30" font-family="sans-serif" font-size="24">Seoul</text></svg>"##;
        let png = svg_to_png(svg, 1.0).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        // With a font, the text adds dark pixels right of the square: the
        // same picture without text must differ.
        let blank = svg.replace("Seoul", "");
        assert_ne!(png, svg_to_png(&blank, 1.0).unwrap(), "text was not drawn");
        assert!(svg_to_png("<svg", 1.0).is_err());
        assert!(svg_to_png(svg, 0.0).is_err());
    }

    /// Korean labels are drawn with real glyphs: two different Hangul names
    /// give different pictures (missing glyphs would draw nothing or the same
    /// empty boxes for both). Needs a Hangul font (fonts-nanum, installed
    /// by .ci/run) or REGIO_FONT_DIR.
    #[test]
    fn renders_hangul_labels() {
        assert!(
            font_info().hangul,
            "no Hangul-capable font found ({:?}): install fonts-nanum or set REGIO_FONT_DIR",
            font_info()
        );
        let svg = |t: &str| {
            format!(
                r##"<svg xmlns="http://www.w3.org/2000/svg" width="160" height="40"><text x="4" y="30" font-family="sans-serif" font-size="24">{t}</text></svg>"##
            )
        };
        let seoul = svg_to_png(&svg("서울특별시"), 1.0).unwrap();
        let busan = svg_to_png(&svg("부산광역시"), 1.0).unwrap();
        assert_ne!(
            seoul,
            svg_to_png(&svg(""), 1.0).unwrap(),
            "Hangul not drawn"
        );
        assert_ne!(seoul, busan, "Hangul glyphs all look the same (boxes)");
    }
}
