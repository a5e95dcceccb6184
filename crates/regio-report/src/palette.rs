//! Colour-blind-safe palettes: ColorBrewer sequential and diverging schemes
//! (Brewer, Hatchard & Harrower 2003, "ColorBrewer in Print", Cartography and
//! Geographic Information Science 30(1); colour values from colorbrewer2.org)
//! and viridis (van der Walt & Smith 2015, matplotlib), sampled from 9 anchor
//! colours of matplotlib's table and interpolated linearly in sRGB.

use crate::{ReportError, Result};

/// A palette for `k` ordered classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Palette {
    /// ColorBrewer YlGnBu (sequential, colour-blind safe); the default.
    #[default]
    YlGnBu,
    /// ColorBrewer YlOrRd (sequential, colour-blind safe).
    YlOrRd,
    /// ColorBrewer RdBu (diverging, colour-blind safe), low = red, high = blue.
    RdBu,
    /// viridis (perceptually uniform, colour-blind safe).
    Viridis,
}

/// ColorBrewer YlGnBu for 3..=9 classes.
const YLGNBU: [&[&str]; 7] = [
    &["#edf8b1", "#7fcdbb", "#2c7fb8"],
    &["#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"],
    &["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"],
    &[
        "#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494",
    ],
    &[
        "#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84",
    ],
    &[
        "#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84",
    ],
    &[
        "#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#253494",
        "#081d58",
    ],
];

/// ColorBrewer YlOrRd for 3..=9 classes.
const YLORRD: [&[&str]; 7] = [
    &["#ffeda0", "#feb24c", "#f03b20"],
    &["#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"],
    &["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"],
    &[
        "#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026",
    ],
    &[
        "#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026",
    ],
    &[
        "#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026",
    ],
    &[
        "#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#bd0026",
        "#800026",
    ],
];

/// ColorBrewer RdBu for 3..=9 classes.
const RDBU: [&[&str]; 7] = [
    &["#ef8a62", "#f7f7f7", "#67a9cf"],
    &["#ca0020", "#f4a582", "#92c5de", "#0571b0"],
    &["#ca0020", "#f4a582", "#f7f7f7", "#92c5de", "#0571b0"],
    &[
        "#b2182b", "#ef8a62", "#fddbc7", "#d1e5f0", "#67a9cf", "#2166ac",
    ],
    &[
        "#b2182b", "#ef8a62", "#fddbc7", "#f7f7f7", "#d1e5f0", "#67a9cf", "#2166ac",
    ],
    &[
        "#b2182b", "#d6604d", "#f4a582", "#fddbc7", "#d1e5f0", "#92c5de", "#4393c3", "#2166ac",
    ],
    &[
        "#b2182b", "#d6604d", "#f4a582", "#fddbc7", "#f7f7f7", "#d1e5f0", "#92c5de", "#4393c3",
        "#2166ac",
    ],
];

/// viridis at 0, 1/8, ..., 1 (matplotlib's `_viridis_data`).
const VIRIDIS: [[u8; 3]; 9] = [
    [0x44, 0x01, 0x54],
    [0x47, 0x2d, 0x7b],
    [0x3b, 0x52, 0x8b],
    [0x2c, 0x72, 0x8e],
    [0x21, 0x91, 0x8c],
    [0x28, 0xae, 0x80],
    [0x5e, 0xc9, 0x62],
    [0xad, 0xdc, 0x30],
    [0xfd, 0xe7, 0x25],
];

/// Okabe & Ito (2008) colour-blind-safe colours, ordered for lines and bar series.
pub const QUALITATIVE_LINES: [&str; 8] = [
    "#0072b2", "#e69f00", "#009e73", "#d55e00", "#cc79a7", "#56b4e9", "#f0e442", "#000000",
];

/// Colour for missing values.
pub const MISSING: &str = "#d9d9d9";

impl Palette {
    /// Parses a palette name (`ylgnbu`, `ylorrd`, `rdbu`, `viridis`).
    pub fn parse(s: &str) -> Result<Palette> {
        match s.to_ascii_lowercase().as_str() {
            "ylgnbu" => Ok(Palette::YlGnBu),
            "ylorrd" => Ok(Palette::YlOrRd),
            "rdbu" => Ok(Palette::RdBu),
            "viridis" => Ok(Palette::Viridis),
            other => Err(ReportError::Invalid(format!(
                "unknown palette {other:?} (expected ylgnbu, ylorrd, rdbu or viridis)"
            ))),
        }
    }

    /// `k` colours (1..=9) from light/low to dark/high.
    pub fn colors(self, k: usize) -> Vec<String> {
        let k = k.clamp(1, 9);
        let brewer = |t: &[&[&str]; 7]| -> Vec<String> {
            match k {
                1 => vec![t[0][1].to_string()],
                2 => vec![t[0][0].to_string(), t[0][2].to_string()],
                _ => t[k - 3].iter().map(|s| s.to_string()).collect(),
            }
        };
        match self {
            Palette::YlGnBu => brewer(&YLGNBU),
            Palette::YlOrRd => brewer(&YLORRD),
            Palette::RdBu => brewer(&RDBU),
            Palette::Viridis => (0..k)
                .map(|i| {
                    let t = if k == 1 {
                        0.5
                    } else {
                        i as f64 / (k - 1) as f64
                    };
                    viridis(t)
                })
                .collect(),
        }
    }
}

/// viridis at `t` in [0, 1], interpolated between the anchors.
pub fn viridis(t: f64) -> String {
    let t = t.clamp(0.0, 1.0) * 8.0;
    let i = (t.floor() as usize).min(7);
    let f = t - i as f64;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    let c: Vec<u8> = (0..3)
        .map(|j| (a[j] as f64 + (b[j] as f64 - a[j] as f64) * f).round() as u8)
        .collect();
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// Relative luminance of a `#rrggbb` colour (WCAG 2.1 definition), to pick
/// readable label colours.
pub fn luminance(hex: &str) -> f64 {
    let h = hex.trim_start_matches('#');
    let ch = |i: usize| {
        let v = u8::from_str_radix(h.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0) as f64 / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * ch(0) + 0.7152 * ch(2) + 0.0722 * ch(4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palettes_have_k_colours_and_run_light_to_dark() {
        for p in [Palette::YlGnBu, Palette::YlOrRd, Palette::Viridis] {
            for k in 2..=9 {
                let c = p.colors(k);
                assert_eq!(c.len(), k);
                let (first, last) = (luminance(&c[0]), luminance(&c[k - 1]));
                if p == Palette::Viridis {
                    assert!(first < last, "{p:?} {k}");
                } else {
                    assert!(first > last, "{p:?} {k}");
                }
            }
        }
        assert_eq!(viridis(0.0), "#440154");
        assert_eq!(viridis(1.0), "#fde725");
        assert_eq!(viridis(0.5), "#21918c");
        assert!(Palette::parse("jet").is_err());
    }
}
