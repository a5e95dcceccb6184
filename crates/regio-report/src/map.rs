//! Choropleth maps in SVG from lon/lat region boundaries: transverse
//! Mercator projection (see [`crate::projection`]), classification as in
//! mapclassify (see the `classify` module), ColorBrewer / viridis palettes,
//! a legend with class bounds, counts and units, a north arrow, a scale bar
//! and a source line. Outlying small islands (Ulleung-do at si-gun-gu
//! level) are drawn at the same scale in an inset box instead of
//! stretching the frame.

use crate::classify::{classify, Classification, Scheme};
use crate::palette::{Palette, MISSING};
use crate::projection::TransverseMercator;
use crate::svg::{esc, f1, human, text};
use crate::{ReportError, Result};
use regio_core::Boundaries;
use std::fmt::Write;

/// Okabe & Ito (2008) colour-blind-safe qualitative colours, for categories.
pub const QUALITATIVE: [&str; 8] = [
    "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7", "#999999",
];

/// Layout of the drawing: canvas size and the map frame inside it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Layout {
    /// Canvas width, px.
    pub width: f64,
    /// Canvas height, px.
    pub height: f64,
    /// Map frame: left, top, width, height, px.
    pub frame: (f64, f64, f64, f64),
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            width: 640.0,
            height: 600.0,
            frame: (10.0, 40.0, 420.0, 510.0),
        }
    }
}

/// An inset box holding outlying features at the main map's scale.
#[derive(Debug, Clone, PartialEq)]
pub struct Inset {
    /// Box left, top, width, height, px.
    pub rect: (f64, f64, f64, f64),
    /// Indices of the features drawn in the box.
    pub features: Vec<usize>,
}

/// Boundaries projected into a layout's frame: one SVG path per feature.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectedMap {
    /// Region code per feature.
    pub codes: Vec<String>,
    /// Region name per feature.
    pub names: Vec<String>,
    /// SVG path data per feature, in canvas pixels.
    pub paths: Vec<String>,
    /// The layout used.
    pub layout: Layout,
    /// Metres on the ground per pixel.
    pub metres_per_px: f64,
    /// Inset for outlying features, if any.
    pub inset: Option<Inset>,
    /// Where the geometry came from.
    pub source: String,
    /// A point per feature for markers and labels, in canvas pixels: the
    /// centroid of the feature's largest ring.
    pub anchors: Vec<(f64, f64)>,
}

type BBox = (f64, f64, f64, f64);

fn bbox_union(a: BBox, b: BBox) -> BBox {
    (a.0.min(b.0), a.1.min(b.1), a.2.max(b.2), a.3.max(b.3))
}

const EMPTY: BBox = (
    f64::INFINITY,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::NEG_INFINITY,
);

impl ProjectedMap {
    /// Projects `b` into `layout`'s frame. Fails on empty boundaries, on
    /// coordinates that are not lon/lat degrees, or when a feature has no ring.
    pub fn new(b: &Boundaries, layout: Layout) -> Result<ProjectedMap> {
        if b.is_empty() {
            return Err(ReportError::Invalid("boundaries have no feature".into()));
        }
        // Lon/lat extent.
        let mut ll = EMPTY;
        for (i, g) in b.geometries.iter().enumerate() {
            let mut any = false;
            for c in g.0.iter().flat_map(|p| p.exterior().0.iter()) {
                if !(c.x.is_finite()
                    && c.y.is_finite()
                    && (-180.0..=180.0).contains(&c.x)
                    && (-90.0..=90.0).contains(&c.y))
                {
                    return Err(ReportError::Invalid(format!(
                        "boundary feature {} ({}) has coordinate ({}, {}): expected lon/lat degrees",
                        i, b.codes[i], c.x, c.y
                    )));
                }
                ll = bbox_union(ll, (c.x, c.y, c.x, c.y));
                any = true;
            }
            if !any {
                return Err(ReportError::Invalid(format!(
                    "boundary feature {} ({}) has no polygon ring",
                    i, b.codes[i]
                )));
            }
        }
        let proj = TransverseMercator::new((ll.0 + ll.2) / 2.0, (ll.1 + ll.3) / 2.0);
        // Project every ring once.
        let rings: Vec<Vec<Vec<(f64, f64)>>> = b
            .geometries
            .iter()
            .map(|g| {
                g.0.iter()
                    .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors().iter()))
                    .map(|r| r.0.iter().map(|c| proj.project(c.x, c.y)).collect())
                    .collect()
            })
            .collect();
        let fb: Vec<BBox> = rings
            .iter()
            .map(|f| {
                f.iter()
                    .flatten()
                    .fold(EMPTY, |a, &(x, y)| bbox_union(a, (x, y, x, y)))
            })
            .collect();
        let all = fb.iter().fold(EMPTY, |a, &b| bbox_union(a, b));
        // An outlier: removing it shrinks the extent's width or height by
        // more than 20 % and it lies clear of the rest.
        let mut outlier: Option<(usize, f64)> = None;
        if fb.len() >= 3 {
            for i in 0..fb.len() {
                let rest = fb
                    .iter()
                    .enumerate()
                    .filter(|&(j, _)| j != i)
                    .fold(EMPTY, |a, (_, &b)| bbox_union(a, b));
                let (w, h) = (all.2 - all.0, all.3 - all.1);
                let (rw, rh) = (rest.2 - rest.0, rest.3 - rest.1);
                let shrink = (1.0 - rw / w).max(1.0 - rh / h);
                let f = fb[i];
                let clear = f.0 > rest.2 || f.2 < rest.0 || f.1 > rest.3 || f.3 < rest.1;
                if shrink > 0.2 && clear && outlier.is_none_or(|(_, s)| shrink > s) {
                    outlier = Some((i, shrink));
                }
            }
        }
        let main_features: Vec<usize> = (0..fb.len())
            .filter(|&i| outlier.is_none_or(|(o, _)| o != i))
            .collect();
        let main = main_features
            .iter()
            .fold(EMPTY, |a, &i| bbox_union(a, fb[i]));
        let (fx, fy, fw, fh) = layout.frame;
        let (mw, mh) = ((main.2 - main.0).max(1.0), (main.3 - main.1).max(1.0));
        let scale = (fw / mw).min(fh / mh);
        // Centre the main extent in the frame.
        let ox = fx + (fw - mw * scale) / 2.0;
        let oy = fy + (fh - mh * scale) / 2.0;
        let mut transforms: Vec<(f64, f64, f64, f64)> = vec![(main.0, main.3, ox, oy); fb.len()];
        let mut inset = None;
        if let Some((o, _)) = outlier {
            let f = fb[o];
            let pad = 8.0;
            let (iw, ih) = (
                (f.2 - f.0) * scale + 2.0 * pad,
                (f.3 - f.1) * scale + 2.0 * pad,
            );
            let rect = (fx + fw - iw - 2.0, fy + 2.0, iw, ih);
            transforms[o] = (f.0, f.3, rect.0 + pad, rect.1 + pad);
            inset = Some(Inset {
                rect,
                features: vec![o],
            });
        }
        let paths = rings
            .iter()
            .zip(&transforms)
            .map(|(f, &(x0, y1, px, py))| {
                path_data(f, |(x, y)| (px + (x - x0) * scale, py + (y1 - y) * scale))
            })
            .collect();
        let anchors = rings
            .iter()
            .zip(&transforms)
            .map(|(f, &(x0, y1, px, py))| {
                let (cx, cy) = largest_ring_centroid(f);
                (px + (cx - x0) * scale, py + (y1 - cy) * scale)
            })
            .collect();
        Ok(ProjectedMap {
            codes: b.codes.clone(),
            names: if b.names.len() == b.codes.len() {
                b.names.clone()
            } else {
                b.codes.clone()
            },
            paths,
            layout,
            metres_per_px: 1.0 / scale,
            inset,
            source: b.source.clone(),
            anchors,
        })
    }

    /// The SVG `viewBox` of the layout.
    pub fn view_box(&self) -> String {
        format!("0 0 {} {}", f1(self.layout.width), f1(self.layout.height))
    }
}

/// Signed shoelace area and centroid of a ring (Bourke 1988); the vertex
/// mean for degenerate rings.
fn ring_centroid(r: &[(f64, f64)]) -> (f64, f64, f64) {
    let n = r.len();
    let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for i in 0..n {
        let (x0, y0) = r[i];
        let (x1, y1) = r[(i + 1) % n];
        let c = x0 * y1 - x1 * y0;
        a += c;
        cx += (x0 + x1) * c;
        cy += (y0 + y1) * c;
    }
    a /= 2.0;
    if a.abs() < 1e-12 {
        let m = n.max(1) as f64;
        return (
            0.0,
            r.iter().map(|p| p.0).sum::<f64>() / m,
            r.iter().map(|p| p.1).sum::<f64>() / m,
        );
    }
    (a.abs(), cx / (6.0 * a), cy / (6.0 * a))
}

/// Centroid of the largest ring of a feature.
fn largest_ring_centroid(rings: &[Vec<(f64, f64)>]) -> (f64, f64) {
    rings
        .iter()
        .map(|r| ring_centroid(r))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map_or((0.0, 0.0), |c| (c.1, c.2))
}

/// Douglas-Peucker tolerance of drawn rings, in tenths of a pixel (0.3 px:
/// invisible on screen, and it halves the size of detailed boundaries).
const SIMPLIFY_TENTHS: f64 = 3.0;

/// Douglas & Peucker (1973) simplification of a closed ring (first point
/// not repeated): the ring is split at its first point and the point
/// farthest from it, and each half keeps the points farther than `eps`
/// from the chord of its span. Deterministic; keeps the first point.
fn simplify_ring(pts: &[(i64, i64)], eps: f64) -> Vec<(i64, i64)> {
    let n = pts.len();
    if n < 4 {
        return pts.to_vec();
    }
    let d2 = |a: (i64, i64), b: (i64, i64)| {
        let (dx, dy) = ((a.0 - b.0) as f64, (a.1 - b.1) as f64);
        dx * dx + dy * dy
    };
    // Distance of p from the segment a-b.
    let seg = |p: (i64, i64), a: (i64, i64), b: (i64, i64)| -> f64 {
        let l2 = d2(a, b);
        if l2 == 0.0 {
            return d2(p, a).sqrt();
        }
        let (px, py) = ((p.0 - a.0) as f64, (p.1 - a.1) as f64);
        let (bx, by) = ((b.0 - a.0) as f64, (b.1 - a.1) as f64);
        let t = ((px * bx + py * by) / l2).clamp(0.0, 1.0);
        ((px - t * bx).powi(2) + (py - t * by).powi(2)).sqrt()
    };
    let far = (1..n)
        .max_by(|&i, &j| {
            d2(pts[i], pts[0])
                .total_cmp(&d2(pts[j], pts[0]))
                .then(j.cmp(&i))
        })
        .unwrap_or(1);
    let mut keep = vec![false; n];
    keep[0] = true;
    keep[far] = true;
    // Spans as index pairs on the ring (n stands for index 0 again).
    let mut stack = vec![(0usize, far), (far, n)];
    while let Some((a, b)) = stack.pop() {
        if b - a < 2 {
            continue;
        }
        let (pa, pb) = (pts[a], pts[b % n]);
        let mut best = (0.0, 0);
        for (i, &p) in pts.iter().enumerate().take(b).skip(a + 1) {
            let d = seg(p, pa, pb);
            if d > best.0 {
                best = (d, i);
            }
        }
        if best.0 > eps {
            keep[best.1] = true;
            stack.push((a, best.1));
            stack.push((best.1, b));
        }
    }
    let out: Vec<(i64, i64)> = pts
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(p, _)| *p)
        .collect();
    // A ring thinner than the tolerance stays as it was (still drawn).
    if out.len() < 3 {
        pts.to_vec()
    } else {
        out
    }
}

/// SVG path data for a feature's rings: absolute first point, then relative
/// moves rounded to 0.1 px; points closer than 0.5 px to the last kept one
/// are dropped and rings under 1 px² (islets invisible at this scale) are
/// skipped, except the largest ring of the feature, so that every feature
/// stays drawn.
fn path_data(rings: &[Vec<(f64, f64)>], tf: impl Fn((f64, f64)) -> (f64, f64)) -> String {
    let mut d = String::new();
    let mut kept: Vec<Vec<(i64, i64)>> = Vec::new();
    for ring in rings {
        let mut pts: Vec<(i64, i64)> = Vec::with_capacity(ring.len());
        for &p in ring {
            let (x, y) = tf(p);
            let q = ((x * 10.0).round() as i64, (y * 10.0).round() as i64);
            if let Some(&l) = pts.last() {
                let (dx, dy) = ((q.0 - l.0) as f64, (q.1 - l.1) as f64);
                if dx * dx + dy * dy < 25.0 {
                    continue;
                }
            }
            pts.push(q);
        }
        if pts.len() > 1 && pts.first() == pts.last() {
            pts.pop();
        }
        kept.push(simplify_ring(&pts, SIMPLIFY_TENTHS));
    }
    // Shoelace area in px² (coordinates are in tenths of a pixel).
    let area = |p: &[(i64, i64)]| -> f64 {
        let n = p.len();
        let mut a = 0i64;
        for i in 0..n {
            let (x0, y0) = p[i];
            let (x1, y1) = p[(i + 1) % n];
            a += x0 * y1 - x1 * y0;
        }
        (a as f64).abs() / 200.0
    };
    let largest = kept
        .iter()
        .enumerate()
        .filter(|(_, p)| p.len() >= 3)
        .max_by(|a, b| area(a.1).total_cmp(&area(b.1)))
        .map(|(i, _)| i);
    for (ri, pts) in kept.iter().enumerate() {
        if pts.len() < 3 || (Some(ri) != largest && area(pts) < 1.0) {
            continue;
        }
        let t = |v: i64| -> String {
            let s = if v % 10 == 0 {
                (v / 10).to_string()
            } else {
                format!(
                    "{}{}.{}",
                    if v < 0 { "-" } else { "" },
                    (v.abs() / 10),
                    v.abs() % 10
                )
            };
            s
        };
        let _ = write!(d, "M{} {}", t(pts[0].0), t(pts[0].1));
        d.push('l');
        for w in pts.windows(2) {
            let (dx, dy) = (w[1].0 - w[0].0, w[1].1 - w[0].1);
            let (sx, sy) = (t(dx), t(dy));
            // Separators only where needed: a '-' sign separates by itself.
            if !d.ends_with('l') && !sx.starts_with('-') {
                d.push(' ');
            }
            d.push_str(&sx);
            if !sy.starts_with('-') {
                d.push(' ');
            }
            d.push_str(&sy);
        }
        d.push('z');
    }
    d
}

/// What a map shows.
#[derive(Debug, Clone, PartialEq)]
pub enum MapValues {
    /// Numbers classified by a scheme and coloured by a sequential or
    /// diverging palette.
    Numeric {
        /// One value per feature (`None` = no data).
        values: Vec<Option<f64>>,
        /// Classification scheme.
        scheme: Scheme,
        /// Palette.
        palette: Palette,
    },
    /// Categories (zones, areas) coloured with a qualitative palette.
    Categorical {
        /// One label per feature (`None` = not assigned).
        values: Vec<Option<String>>,
        /// Neighbouring features (index pairs). When given, categories that
        /// touch get different colours (greedy colouring in label order);
        /// otherwise colours follow the label order.
        neighbours: Vec<(usize, usize)>,
    },
}

/// A marked feature (e.g. a hub city): a dot at its anchor and a label.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    /// Index of the feature.
    pub feature: usize,
    /// Label drawn beside the dot.
    pub label: String,
}

/// Orders labels as people read them: runs of digits by their value
/// ("zone 2" before "zone 10"), the rest character by character.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    fn parts(s: &str) -> Vec<(bool, &str)> {
        let mut v = Vec::new();
        let mut start = 0;
        let bytes = s.as_bytes();
        for i in 1..=bytes.len() {
            if i == bytes.len() || bytes[i].is_ascii_digit() != bytes[start].is_ascii_digit() {
                v.push((bytes[start].is_ascii_digit(), &s[start..i]));
                start = i;
            }
        }
        v
    }
    let (pa, pb) = (parts(a), parts(b));
    for (x, y) in pa.iter().zip(&pb) {
        let o = match (x, y) {
            ((true, x), (true, y)) => {
                let (x, y) = (x.trim_start_matches('0'), y.trim_start_matches('0'));
                x.len().cmp(&y.len()).then(x.cmp(y))
            }
            ((_, x), (_, y)) => x.cmp(y),
        };
        if o.is_ne() {
            return o;
        }
    }
    pa.len().cmp(&pb.len()).then(a.cmp(b))
}

/// Colour index per category (sorted with [`natural_cmp`]): with
/// neighbours, the smallest index no touching category has yet (Welsh &
/// Powell 1967 greedy colouring, in label order); without, the rank.
fn category_colours(
    cats: &[&String],
    values: &[Option<String>],
    neighbours: &[(usize, usize)],
) -> Vec<usize> {
    if neighbours.is_empty() {
        return (0..cats.len()).map(|i| i % QUALITATIVE.len()).collect();
    }
    let index = |v: &Option<String>| {
        v.as_ref()
            .and_then(|c| cats.binary_search_by(|x| natural_cmp(x, c)).ok())
    };
    let mut touch = vec![std::collections::BTreeSet::new(); cats.len()];
    for &(a, b) in neighbours {
        if let (Some(Some(x)), Some(Some(y))) = (values.get(a).map(index), values.get(b).map(index))
        {
            if x != y {
                touch[x].insert(y);
                touch[y].insert(x);
            }
        }
    }
    let mut colour: Vec<Option<usize>> = vec![None; cats.len()];
    for c in 0..cats.len() {
        let used: std::collections::BTreeSet<usize> =
            touch[c].iter().filter_map(|&o| colour[o]).collect();
        colour[c] = Some(
            (0..QUALITATIVE.len())
                .find(|k| !used.contains(k))
                .unwrap_or(c % QUALITATIVE.len()),
        );
    }
    colour.into_iter().map(|c| c.unwrap_or(0)).collect()
}

/// A choropleth: what to show and how to label it.
#[derive(Debug, Clone, PartialEq)]
pub struct Choropleth {
    /// Title drawn above the map.
    pub title: String,
    /// Unit shown in the legend and tooltips.
    pub unit: String,
    /// The values, aligned with the map's features.
    pub values: MapValues,
    /// Source line drawn under the map.
    pub source: String,
    /// Marked features (drawn over the fills).
    pub markers: Vec<Marker>,
}

/// Renders a choropleth as a standalone SVG document. `id` prefixes element
/// ids so several maps can live in one HTML page.
pub fn render_choropleth(map: &ProjectedMap, spec: &Choropleth, id: &str) -> Result<String> {
    let n = map.codes.len();
    let lay = map.layout;
    let (fills, labels, legend): (Vec<String>, Vec<String>, Vec<(String, String)>) =
        match &spec.values {
            MapValues::Numeric {
                values,
                scheme,
                palette,
            } => {
                if values.len() != n {
                    return Err(ReportError::Invalid(format!(
                        "map {:?}: {} values for {} regions",
                        spec.title,
                        values.len(),
                        n
                    )));
                }
                let c = classify(values, scheme)?;
                let colors = palette.colors(c.k());
                let fills = c
                    .classes
                    .iter()
                    .map(|k| k.map_or(MISSING.to_string(), |k| colors[k].clone()))
                    .collect();
                let labels = values
                    .iter()
                    .map(|v| v.filter(|x| x.is_finite()).map_or("no data".into(), human))
                    .collect();
                (fills, labels, numeric_legend(&c, &colors, values))
            }
            MapValues::Categorical { values, neighbours } => {
                if values.len() != n {
                    return Err(ReportError::Invalid(format!(
                        "map {:?}: {} values for {} regions",
                        spec.title,
                        values.len(),
                        n
                    )));
                }
                if let Some(&(a, b)) = neighbours.iter().find(|&&(a, b)| a.max(b) >= n) {
                    return Err(ReportError::Invalid(format!(
                        "map {:?}: neighbour pair ({a}, {b}) outside the {n} regions",
                        spec.title
                    )));
                }
                let mut cats: Vec<&String> = values.iter().flatten().collect();
                cats.sort_by(|a, b| natural_cmp(a, b));
                cats.dedup();
                let colours = category_colours(&cats, values, neighbours);
                let color_of = |c: &String| -> String {
                    let i = cats.binary_search_by(|x| natural_cmp(x, c)).unwrap_or(0);
                    QUALITATIVE[colours[i]].to_string()
                };
                let fills = values
                    .iter()
                    .map(|v| v.as_ref().map_or(MISSING.to_string(), color_of))
                    .collect();
                let labels = values
                    .iter()
                    .map(|v| v.clone().unwrap_or_else(|| "not assigned".into()))
                    .collect();
                let mut legend: Vec<(String, String)> = cats
                    .iter()
                    .take(16)
                    .map(|c| {
                        let cnt = values.iter().filter(|v| v.as_ref() == Some(*c)).count();
                        (color_of(c), format!("{c} ({cnt})"))
                    })
                    .collect();
                if cats.len() > 16 {
                    legend.push((
                        "none".into(),
                        format!("… {} more (colours repeat)", cats.len() - 16),
                    ));
                }
                let miss = values.iter().filter(|v| v.is_none()).count();
                if miss > 0 {
                    legend.push((MISSING.into(), format!("not assigned ({miss})")));
                }
                (fills, labels, legend)
            }
        };
    let mut s = String::with_capacity(64 * 1024);
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{}\" width=\"{}\" height=\"{}\" role=\"img\" aria-labelledby=\"{id}-t\" class=\"map\" font-family=\"{}\">",
        map.view_box(),
        f1(lay.width),
        f1(lay.height),
        crate::html::FONT_STACK_SVG,
    );
    let _ = write!(s, "<title id=\"{id}-t\">{}</title>", esc(&spec.title));
    s.push_str("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
    text(
        &mut s,
        10.0,
        24.0,
        "font-size=\"16\" font-weight=\"bold\" fill=\"#222\"",
        &spec.title,
    );
    if let Some(ins) = &map.inset {
        let (x, y, w, h) = ins.rect;
        let _ = write!(
            s,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#888\" stroke-width=\"0.8\"/>",
            f1(x),
            f1(y),
            f1(w),
            f1(h)
        );
    }
    let _ = write!(
        s,
        "<g stroke=\"#ffffff\" stroke-width=\"0.4\" stroke-linejoin=\"round\">"
    );
    for i in 0..n {
        let _ = write!(
            s,
            "<path d=\"{}\" fill=\"{}\" data-code=\"{}\"><title>{} ({}): {}{}</title></path>",
            map.paths[i],
            fills[i],
            esc(&map.codes[i]),
            esc(&map.names[i]),
            esc(&map.codes[i]),
            esc(&labels[i]),
            if spec.unit.is_empty() || labels[i] == "no data" {
                String::new()
            } else {
                format!(" {}", esc(&spec.unit))
            }
        );
    }
    s.push_str("</g>");
    if !spec.markers.is_empty() {
        s.push_str("<g class=\"markers\">");
        for m in &spec.markers {
            let Some(&(x, y)) = map.anchors.get(m.feature) else {
                return Err(ReportError::Invalid(format!(
                    "map {:?}: marker on feature {} of {n}",
                    spec.title, m.feature
                )));
            };
            let _ = write!(
                s,
                "<circle cx=\"{}\" cy=\"{}\" r=\"3.5\" fill=\"#222\" stroke=\"#fff\" stroke-width=\"1.2\"><title>{}</title></circle>",
                f1(x),
                f1(y),
                esc(&m.label)
            );
            text(
                &mut s,
                x + 5.0,
                y - 4.0,
                "font-size=\"10\" fill=\"#111\" stroke=\"#fff\" stroke-width=\"2.5\" paint-order=\"stroke\"",
                &m.label,
            );
        }
        s.push_str("</g>");
    }
    if let Some(ins) = &map.inset {
        let (x, y, _, h) = ins.rect;
        let names: Vec<&str> = ins
            .features
            .iter()
            .map(|&i| map.names[i].as_str())
            .collect();
        text(
            &mut s,
            x + 3.0,
            y + h + 11.0,
            "font-size=\"9\" fill=\"#555\"",
            &format!("{} (inset, same scale)", names.join(", ")),
        );
    }
    north_arrow(&mut s, lay.frame.0 + 18.0, lay.frame.1 + 10.0);
    scale_bar(
        &mut s,
        map,
        lay.frame.0 + 8.0,
        lay.frame.1 + lay.frame.3 - 8.0,
    );
    // Legend.
    let lx = lay.frame.0 + lay.frame.2 + 16.0;
    let mut ly = lay.frame.1 + 10.0;
    let head = if spec.unit.is_empty() {
        "Legend".to_string()
    } else {
        spec.unit.clone()
    };
    text(
        &mut s,
        lx,
        ly,
        "font-size=\"12\" font-weight=\"bold\" fill=\"#222\"",
        &head,
    );
    ly += 10.0;
    for (color, label) in &legend {
        if color != "none" {
            let _ = write!(
                s,
                "<rect x=\"{}\" y=\"{}\" width=\"18\" height=\"14\" fill=\"{}\" stroke=\"#777\" stroke-width=\"0.5\"/>",
                f1(lx),
                f1(ly),
                color
            );
        }
        text(
            &mut s,
            lx + 24.0,
            ly + 11.0,
            "font-size=\"11\" fill=\"#222\"",
            label,
        );
        ly += 19.0;
    }
    if let MapValues::Numeric { scheme, .. } = &spec.values {
        text(
            &mut s,
            lx,
            ly + 8.0,
            "font-size=\"10\" fill=\"#555\"",
            &scheme.label(),
        );
    }
    let src = if spec.source.is_empty() {
        map.source.clone()
    } else {
        spec.source.clone()
    };
    // A long source line is set smaller so it fits the width (about half
    // an em per character), never below 6.5 px.
    let line = format!("Source: {src}");
    let fit = (lay.width - 20.0) / (0.5 * line.chars().count() as f64);
    let size = fit.clamp(6.5, 9.5);
    text(
        &mut s,
        10.0,
        lay.height - 10.0,
        &format!("font-size=\"{}\" fill=\"#555\"", f1(size)),
        &line,
    );
    s.push_str("</svg>");
    Ok(s)
}

/// Legend rows (colour, "lo – hi (n)") for a numeric classification, with a
/// "no data" row when values are missing.
fn numeric_legend(
    c: &Classification,
    colors: &[String],
    values: &[Option<f64>],
) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = (0..c.k())
        .map(|i| {
            let (lo, hi) = c.bounds(i);
            let open = if i == 0 { "[" } else { "(" };
            (
                colors[i].clone(),
                format!("{open}{} – {}] ({})", human(lo), human(hi), c.counts[i]),
            )
        })
        .collect();
    let miss = values
        .iter()
        .filter(|v| v.is_none_or(|x| !x.is_finite()))
        .count();
    if miss > 0 {
        rows.push((MISSING.into(), format!("no data ({miss})")));
    }
    rows
}

fn north_arrow(s: &mut String, x: f64, y: f64) {
    let _ = write!(
        s,
        "<g class=\"north\"><path d=\"M{} {}l-7 20l7 -5l7 5z\" fill=\"#333\"/>",
        f1(x),
        f1(y + 12.0)
    );
    text(
        s,
        x,
        y + 8.0,
        "font-size=\"11\" text-anchor=\"middle\" font-weight=\"bold\" fill=\"#333\"",
        "N",
    );
    s.push_str("</g>");
}

/// A scale bar of a round length close to a quarter of the frame width.
fn scale_bar(s: &mut String, map: &ProjectedMap, x: f64, y: f64) {
    let target_m = map.layout.frame.2 / 4.0 * map.metres_per_px;
    let nice = [
        1.0, 2.0, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0, 200.0, 250.0, 500.0, 1000.0, 2000.0, 5000.0,
    ];
    let km = nice
        .iter()
        .copied()
        .rfind(|k| k * 1000.0 <= target_m)
        .unwrap_or(1.0);
    let px = km * 1000.0 / map.metres_per_px;
    let _ = write!(
        s,
        "<g class=\"scale\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"4\" fill=\"#333\"/><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"4\" fill=\"#fff\" stroke=\"#333\" stroke-width=\"0.6\"/>",
        f1(x),
        f1(y - 4.0),
        f1(px / 2.0),
        f1(x + px / 2.0),
        f1(y - 4.0),
        f1(px / 2.0)
    );
    text(s, x, y - 8.0, "font-size=\"10\" fill=\"#333\"", "0");
    text(
        s,
        x + px,
        y - 8.0,
        "font-size=\"10\" text-anchor=\"middle\" fill=\"#333\"",
        &format!("{} km", human(km)),
    );
    s.push_str("</g>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::{polygon, MultiPolygon};

    fn squares() -> Boundaries {
        // Three 1°x1° squares side by side and one far to the east.
        let sq = |x: f64, y: f64| {
            MultiPolygon(vec![
                polygon![(x: x, y: y), (x: x + 1.0, y: y), (x: x + 1.0, y: y + 1.0), (x: x, y: y + 1.0), (x: x, y: y)],
            ])
        };
        Boundaries {
            codes: vec!["a".into(), "b".into(), "c".into(), "d".into()],
            names: vec!["A".into(), "B".into(), "C".into(), "D".into()],
            geometries: vec![
                sq(126.0, 35.0),
                sq(127.0, 35.0),
                sq(126.0, 36.0),
                sq(131.0, 37.0),
            ],
            arcs: None,
            source: "test squares".into(),
        }
    }

    #[test]
    fn outlier_goes_to_inset_and_every_feature_gets_a_path() {
        let m = ProjectedMap::new(&squares(), Layout::default()).unwrap();
        assert_eq!(m.inset.as_ref().unwrap().features, vec![3]);
        assert!(m
            .paths
            .iter()
            .all(|p| p.starts_with('M') && p.ends_with('z')));
        let spec = Choropleth {
            title: "Test <map>".into(),
            unit: "persons".into(),
            values: MapValues::Numeric {
                values: vec![Some(1.0), Some(2.0), None, Some(4.0)],
                scheme: Scheme::Quantiles(3),
                palette: Palette::YlGnBu,
            },
            source: String::new(),
            markers: Vec::new(),
        };
        let svg = render_choropleth(&m, &spec, "m1").unwrap();
        assert_eq!(svg.matches("data-code=").count(), 4);
        assert!(svg.contains("Test &lt;map&gt;"));
        assert!(svg.contains("no data (1)"));
        assert!(svg.contains(MISSING));
        assert!(svg.contains("Source: test squares"));
        // Same input, same bytes.
        assert_eq!(svg, render_choropleth(&m, &spec, "m1").unwrap());
    }

    #[test]
    fn natural_order_and_markers() {
        let mut v = vec!["zone 10", "zone 2", "zone 1", "b", "a2", "a10"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(v, vec!["a2", "a10", "b", "zone 1", "zone 2", "zone 10"]);
        let m = ProjectedMap::new(&squares(), Layout::default()).unwrap();
        // One anchor per feature; the squares' centres are all distinct.
        assert_eq!(m.anchors.len(), 4);
        assert!(m.anchors.windows(2).all(|w| w[0] != w[1]));
        let spec = Choropleth {
            title: "t".into(),
            unit: String::new(),
            values: MapValues::Categorical {
                values: vec![Some("x".into()), Some("y".into()), None, Some("x".into())],
                neighbours: vec![(0, 1)],
            },
            source: String::new(),
            markers: vec![Marker {
                feature: 1,
                label: "Hub <B>".into(),
            }],
        };
        let svg = render_choropleth(&m, &spec, "m").unwrap();
        assert!(svg.contains("<title>Hub &lt;B&gt;</title></circle>"));
        let mut bad = spec.clone();
        bad.values = MapValues::Categorical {
            values: vec![None; 4],
            neighbours: vec![(0, 4)],
        };
        assert!(render_choropleth(&m, &bad, "m")
            .unwrap_err()
            .to_string()
            .contains("outside the 4 regions"));
        let mut bad = spec;
        bad.markers[0].feature = 9;
        assert!(render_choropleth(&m, &bad, "m")
            .unwrap_err()
            .to_string()
            .contains("marker on feature 9"));
    }

    #[test]
    fn simplification_keeps_corners_and_drops_near_collinear_points() {
        // A 100 x 50 rectangle (tenths of a pixel) with extra points on its
        // edges: one exactly on the bottom edge, one 2 tenths off the right
        // edge (under the 3-tenth tolerance) and one 5 tenths off the top
        // edge (over it). Douglas-Peucker keeps the four corners and the
        // point 5 tenths off.
        let ring = vec![
            (0, 0),
            (50, 0),
            (100, 0),
            (102, 25),
            (100, 50),
            (50, 55),
            (0, 50),
        ];
        assert_eq!(
            simplify_ring(&ring, 3.0),
            vec![(0, 0), (100, 0), (100, 50), (50, 55), (0, 50)]
        );
        // A ring thinner than the tolerance is kept whole.
        let thin = vec![(0, 0), (10, 1), (20, 0), (10, -1)];
        assert_eq!(simplify_ring(&thin, 3.0), thin);
    }

    #[test]
    fn bad_inputs_are_errors() {
        let mut b = squares();
        b.geometries[1] = MultiPolygon(vec![
            polygon![(x: 500000.0, y: 4000000.0), (x: 500100.0, y: 4000000.0), (x: 500100.0, y: 4000100.0)],
        ]);
        let e = ProjectedMap::new(&b, Layout::default())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("expected lon/lat degrees") && e.contains("(b)"),
            "{e}"
        );
        let m = ProjectedMap::new(&squares(), Layout::default()).unwrap();
        let spec = Choropleth {
            title: "t".into(),
            unit: String::new(),
            values: MapValues::Numeric {
                values: vec![Some(1.0)],
                scheme: Scheme::Quantiles(3),
                palette: Palette::YlGnBu,
            },
            source: String::new(),
            markers: Vec::new(),
        };
        assert!(render_choropleth(&m, &spec, "x")
            .unwrap_err()
            .to_string()
            .contains("1 values for 4 regions"));
    }
}
