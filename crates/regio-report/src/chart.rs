//! SVG charts for the report: stacked bars (shift-share components), a
//! scatter with quadrant lines (smart specialisation: density x
//! complexity), a rank-size plot on log-log axes with the OLS Zipf line
//! (Zipf 1949; Gabaix 1999), line charts (net-zero frontier p(r), structure
//! indicators over time) and a histogram (extinction index). Axis ticks use
//! Heckbert's "nice numbers" (Graphics Gems, 1990).

use crate::palette::QUALITATIVE_LINES;
use crate::svg::{esc, f1, human, text};
use crate::{ReportError, Result};
use std::fmt::Write;

/// Canvas width of every chart, px.
pub const WIDTH: f64 = 640.0;

/// Heckbert's nice number close to `x` (rounded or ceiling).
fn nice(x: f64, round: bool) -> f64 {
    let e = x.log10().floor();
    let f = x / 10f64.powf(e);
    let nf = if round {
        if f < 1.5 {
            1.0
        } else if f < 3.0 {
            2.0
        } else if f < 7.0 {
            5.0
        } else {
            10.0
        }
    } else if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    nf * 10f64.powf(e)
}

/// Nice axis range and ticks covering `[lo, hi]` with about `n` ticks.
pub fn nice_ticks(lo: f64, hi: f64, n: usize) -> (f64, f64, Vec<f64>) {
    let (lo, hi) = if hi > lo {
        (lo, hi)
    } else if lo == 0.0 {
        (-1.0, 1.0)
    } else {
        (lo - lo.abs() * 0.5, hi + hi.abs() * 0.5)
    };
    let range = nice(hi - lo, false);
    let step = nice(range / (n.max(2) - 1) as f64, true);
    let (a, b) = ((lo / step).floor() * step, (hi / step).ceil() * step);
    let count = ((b - a) / step).round() as usize;
    let ticks = (0..=count).map(|i| a + step * i as f64).collect();
    (a, b, ticks)
}

fn check_finite(what: &str, v: impl IntoIterator<Item = f64>) -> Result<()> {
    if v.into_iter().any(|x| !x.is_finite()) {
        return Err(ReportError::Invalid(format!(
            "chart {what:?}: values must be finite numbers"
        )));
    }
    Ok(())
}

/// Right edge of the plot area, px.
const RIGHT: f64 = WIDTH - 20.0;

/// Smallest and largest of `values` (infinite pair when empty).
fn extent(values: impl IntoIterator<Item = f64>) -> (f64, f64) {
    values
        .into_iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |a, v| {
            (a.0.min(v), a.1.max(v))
        })
}

/// Starts a chart of height `h`: the SVG element, a white background and the title.
fn open(h: f64, title: &str) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" class=\"chart\" font-family=\"{}\"><title>{}</title><rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>",
        crate::html::FONT_STACK_SVG,
        esc(title),
        w = f1(WIDTH),
        h = f1(h)
    );
    text(
        &mut s,
        10.0,
        22.0,
        "font-size=\"15\" font-weight=\"bold\" fill=\"#222\"",
        title,
    );
    s
}

/// One legend key at `lx`: a swatch of `colour`, `height` px tall, from y =
/// 32 and the series `name` on the baseline `text_y`; returns the x of the
/// next key.
fn legend_key(s: &mut String, lx: f64, colour: &str, height: f64, text_y: f64, name: &str) -> f64 {
    legend_key_at(s, lx, 0.0, colour, height, text_y, name)
}

/// Width a legend key takes (square, gap and an estimate of the text).
fn legend_width(name: &str) -> f64 {
    24.0 + 6.5 * name.chars().count() as f64
}

/// [`legend_key`] moved down by `dy` pixels (a second legend row).
fn legend_key_at(
    s: &mut String,
    lx: f64,
    dy: f64,
    colour: &str,
    height: f64,
    text_y: f64,
    name: &str,
) -> f64 {
    let _ = write!(
        s,
        "<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"{}\" fill=\"{colour}\"/>",
        f1(lx),
        f1(32.0 + dy),
        f1(height)
    );
    text(
        s,
        lx + 16.0,
        text_y + dy,
        "font-size=\"11\" fill=\"#222\"",
        name,
    );
    lx + legend_width(name)
}

/// A value on an axis named `axis`: years as plain whole numbers (2005, not
/// 2,005), anything else as [`human`].
fn axis_label(axis: &str, v: f64) -> String {
    if axis == "year" && v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        human(v)
    }
}

/// A linear axis mapping data to pixels.
#[derive(Clone, Copy)]
struct Axis {
    d0: f64,
    d1: f64,
    p0: f64,
    p1: f64,
    log: bool,
}

impl Axis {
    /// A linear axis from data `[d0, d1]` to pixels `[p0, p1]`.
    fn linear(d0: f64, d1: f64, p0: f64, p1: f64) -> Axis {
        Axis {
            d0,
            d1,
            p0,
            p1,
            log: false,
        }
    }

    /// The same axis on a log10 scale.
    fn log(self) -> Axis {
        Axis { log: true, ..self }
    }

    fn at(&self, v: f64) -> f64 {
        let (v, a, b) = if self.log {
            (v.log10(), self.d0.log10(), self.d1.log10())
        } else {
            (v, self.d0, self.d1)
        };
        self.p0 + (v - a) / (b - a) * (self.p1 - self.p0)
    }
}

/// Draws x and y axes with ticks, grid lines and labels.
fn axes(s: &mut String, x: &Axis, y: &Axis, xt: &[f64], yt: &[f64], xl: &str, yl: &str) {
    s.push_str("<g font-size=\"10\" fill=\"#444\">");
    for &t in yt {
        let py = y.at(t);
        let _ = write!(
            s,
            "<line x1=\"{}\" x2=\"{}\" y1=\"{p}\" y2=\"{p}\" stroke=\"#e5e5e5\"/>",
            f1(x.p0),
            f1(x.p1),
            p = f1(py)
        );
        text(s, x.p0 - 5.0, py + 3.5, "text-anchor=\"end\"", &human(t));
    }
    for &t in xt {
        let px = x.at(t);
        let _ = write!(
            s,
            "<line x1=\"{p}\" x2=\"{p}\" y1=\"{}\" y2=\"{}\" stroke=\"#e5e5e5\"/>",
            f1(y.p0),
            f1(y.p1),
            p = f1(px)
        );
        text(
            s,
            px,
            y.p0 + 14.0,
            "text-anchor=\"middle\"",
            &axis_label(xl, t),
        );
    }
    let _ = write!(
        s,
        "<path d=\"M{} {}H{}M{} {}V{}\" stroke=\"#333\" fill=\"none\"/>",
        f1(x.p0),
        f1(y.p0),
        f1(x.p1),
        f1(x.p0),
        f1(y.p0),
        f1(y.p1)
    );
    text(
        s,
        (x.p0 + x.p1) / 2.0,
        y.p0 + 30.0,
        "text-anchor=\"middle\" font-size=\"11\"",
        xl,
    );
    let _ = write!(
        s,
        "<text transform=\"translate({} {}) rotate(-90)\" text-anchor=\"middle\" font-size=\"11\">{}</text>",
        f1(x.p0 - 44.0),
        f1((y.p0 + y.p1) / 2.0),
        esc(yl)
    );
    s.push_str("</g>");
}

/// Horizontal stacked bars, one bar per category; positive parts stack to
/// the right of zero and negative parts to the left (shift-share effects
/// can be negative). A dot marks each bar's net total.
pub fn stacked_bars(
    title: &str,
    categories: &[String],
    series: &[(String, Vec<f64>)],
    unit: &str,
) -> Result<String> {
    if categories.is_empty() || series.is_empty() {
        return Err(ReportError::Invalid(format!("chart {title:?}: no data")));
    }
    for (name, v) in series {
        if v.len() != categories.len() {
            return Err(ReportError::Invalid(format!(
                "chart {title:?}: series {name:?} has {} values for {} categories",
                v.len(),
                categories.len()
            )));
        }
        check_finite(title, v.iter().copied())?;
    }
    let n = categories.len();
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    for i in 0..n {
        let pos: f64 = series.iter().map(|s| s.1[i].max(0.0)).sum();
        let neg: f64 = series.iter().map(|s| s.1[i].min(0.0)).sum();
        lo = lo.min(neg);
        hi = hi.max(pos);
    }
    let bar = 14.0;
    let top = 60.0;
    let h = top + n as f64 * (bar + 4.0) + 50.0;
    let (a, b, ticks) = nice_ticks(lo, hi, 6);
    let x = Axis::linear(a, b, 150.0, RIGHT);
    let y = Axis::linear(0.0, 1.0, h - 40.0, top - 6.0);
    let mut s = open(h, title);
    // Series legend.
    let mut lx = 150.0;
    for (k, (name, _)) in series.iter().enumerate() {
        let colour = QUALITATIVE_LINES[k % QUALITATIVE_LINES.len()];
        lx = legend_key(&mut s, lx, colour, 10.0, 41.0, name);
    }
    axes(&mut s, &x, &y, &ticks, &[], unit, "");
    for (i, cat) in categories.iter().enumerate() {
        let py = top + i as f64 * (bar + 4.0);
        text(
            &mut s,
            144.0,
            py + 11.0,
            "font-size=\"10\" text-anchor=\"end\" fill=\"#222\"",
            cat,
        );
        let (mut pos, mut neg) = (0.0, 0.0);
        let mut net = 0.0;
        for (k, (name, v)) in series.iter().enumerate() {
            let val = v[i];
            net += val;
            let (x0, x1) = if val >= 0.0 {
                pos += val;
                (x.at(pos - val), x.at(pos))
            } else {
                neg += val;
                (x.at(neg), x.at(neg - val))
            };
            let _ = write!(
                s,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}: {} {}</title></rect>",
                f1(x0),
                f1(py),
                f1((x1 - x0).max(0.0)),
                f1(bar),
                QUALITATIVE_LINES[k % QUALITATIVE_LINES.len()],
                esc(cat),
                esc(name),
                esc(&human(val))
            );
        }
        let _ = write!(
            s,
            "<circle cx=\"{}\" cy=\"{}\" r=\"3\" fill=\"#000\"><title>{} net: {}</title></circle>",
            f1(x.at(net)),
            f1(py + bar / 2.0),
            esc(cat),
            esc(&human(net))
        );
    }
    let _ = write!(
        s,
        "<line x1=\"{p}\" x2=\"{p}\" y1=\"{}\" y2=\"{}\" stroke=\"#000\"/>",
        f1(top - 4.0),
        f1(h - 40.0),
        p = f1(x.at(0.0))
    );
    s.push_str("</svg>");
    Ok(s)
}

/// One point of a scatter.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// Label (shown as a tooltip, and next to the point when `labelled`).
    pub label: String,
    /// x value.
    pub x: f64,
    /// y value.
    pub y: f64,
    /// Draw the label next to the point.
    pub labelled: bool,
}

/// A scatter with optional quadrant lines at (`qx`, `qy`) (smart
/// specialisation: relatedness density x complexity, quadrants split at
/// the means or medians chosen by the analysis).
pub fn scatter(
    title: &str,
    points: &[Point],
    x_label: &str,
    y_label: &str,
    quadrants: Option<(f64, f64)>,
) -> Result<String> {
    if points.is_empty() {
        return Err(ReportError::Invalid(format!("chart {title:?}: no points")));
    }
    check_finite(title, points.iter().flat_map(|p| [p.x, p.y]))?;
    let h = 440.0;
    let ext = |f: &dyn Fn(&Point) -> f64, q: Option<f64>| {
        let (lo, hi) = extent(points.iter().map(f).chain(q));
        nice_ticks(lo, hi, 6)
    };
    let (xa, xb, xt) = ext(&|p| p.x, quadrants.map(|q| q.0));
    let (ya, yb, yt) = ext(&|p| p.y, quadrants.map(|q| q.1));
    let x = Axis::linear(xa, xb, 70.0, RIGHT);
    let y = Axis::linear(ya, yb, h - 50.0, 40.0);
    let mut s = open(h, title);
    axes(&mut s, &x, &y, &xt, &yt, x_label, y_label);
    if let Some((qx, qy)) = quadrants {
        let _ = write!(
            s,
            "<path d=\"M{} {}V{}M{} {}H{}\" stroke=\"#d55e00\" stroke-dasharray=\"5 3\" fill=\"none\"/>",
            f1(x.at(qx)),
            f1(y.p0),
            f1(y.p1),
            f1(x.p0),
            f1(y.at(qy)),
            f1(x.p1)
        );
    }
    for p in points {
        let (px, py) = (x.at(p.x), y.at(p.y));
        let _ = write!(
            s,
            "<circle cx=\"{}\" cy=\"{}\" r=\"3.5\" fill=\"#0072b2\" fill-opacity=\"0.75\"><title>{}: ({}, {})</title></circle>",
            f1(px),
            f1(py),
            esc(&p.label),
            esc(&human(p.x)),
            esc(&human(p.y))
        );
        if p.labelled {
            text(
                &mut s,
                px + 5.0,
                py - 4.0,
                "font-size=\"9\" fill=\"#333\"",
                &p.label,
            );
        }
    }
    s.push_str("</svg>");
    Ok(s)
}

/// Rank-size plot on log-log axes with the OLS line of ln(size) on
/// ln(rank) (Zipf exponent = minus the slope; Gabaix & Ioannides 2004
/// discuss the estimator). Non-positive sizes are rejected.
pub fn rank_size(title: &str, sizes: &[(String, f64)], size_label: &str) -> Result<String> {
    if sizes.len() < 2 {
        return Err(ReportError::Invalid(format!(
            "chart {title:?}: a rank-size plot needs at least two positive sizes"
        )));
    }
    check_finite(title, sizes.iter().map(|s| s.1))?;
    if let Some((l, v)) = sizes.iter().find(|s| s.1 <= 0.0) {
        return Err(ReportError::Invalid(format!(
            "chart {title:?}: size of {l:?} is {v}; a log axis needs positive sizes"
        )));
    }
    let mut v: Vec<(String, f64)> = sizes.to_vec();
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let n = v.len() as f64;
    // OLS of ln size on ln rank.
    let xs: Vec<f64> = (1..=v.len()).map(|r| (r as f64).ln()).collect();
    let ys: Vec<f64> = v.iter().map(|s| s.1.ln()).collect();
    let (mx, my) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
    let sxy: f64 = xs.iter().zip(&ys).map(|(a, b)| (a - mx) * (b - my)).sum();
    let sxx: f64 = xs.iter().map(|a| (a - mx).powi(2)).sum();
    let slope = sxy / sxx;
    let icpt = my - slope * mx;
    let decades = |lo: f64, hi: f64| {
        let (a, b) = (lo.log10().floor() as i32, hi.log10().ceil() as i32);
        let b = if b == a { a + 1 } else { b };
        (
            10f64.powi(a),
            10f64.powi(b),
            (a..=b).map(|e| 10f64.powi(e)).collect::<Vec<_>>(),
        )
    };
    let (ya, yb, yt) = decades(v[v.len() - 1].1, v[0].1);
    let (xa, xb, xt) = decades(1.0, n);
    let h = 420.0;
    let x = Axis::linear(xa, xb, 80.0, RIGHT).log();
    let y = Axis::linear(ya, yb, h - 50.0, 40.0).log();
    let mut s = open(h, title);
    axes(
        &mut s,
        &x,
        &y,
        &xt,
        &yt,
        "rank (log scale)",
        &format!("{size_label} (log scale)"),
    );
    let fit = |r: f64| (icpt + slope * r.ln()).exp();
    let _ = write!(
        s,
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#d55e00\" stroke-dasharray=\"5 3\"/>",
        f1(x.at(1.0)),
        f1(y.at(fit(1.0).clamp(ya, yb))),
        f1(x.at(n)),
        f1(y.at(fit(n).clamp(ya, yb)))
    );
    for (r, (l, val)) in v.iter().enumerate() {
        let _ = write!(
            s,
            "<circle cx=\"{}\" cy=\"{}\" r=\"3\" fill=\"#0072b2\"><title>{} (rank {}): {}</title></circle>",
            f1(x.at((r + 1) as f64)),
            f1(y.at(*val)),
            esc(l),
            r + 1,
            esc(&human(*val))
        );
    }
    text(
        &mut s,
        x.p1 - 4.0,
        54.0,
        "font-size=\"11\" text-anchor=\"end\" fill=\"#d55e00\"",
        &format!(
            "OLS: ln size = {} {} {} ln rank",
            human(icpt),
            if slope < 0.0 { "−" } else { "+" },
            human(slope.abs())
        ),
    );
    s.push_str("</svg>");
    Ok(s)
}

/// A line chart of one or more series of (x, y) points.
pub fn line_chart(
    title: &str,
    series: &[(String, Vec<(f64, f64)>)],
    x_label: &str,
    y_label: &str,
) -> Result<String> {
    line_chart_marked(title, series, x_label, y_label, &[])
}

/// A line chart with dashed vertical reference lines at the given x values
/// (e.g. the chosen reduction rate and the lowest feasible one on the
/// net-zero frontier p(r)).
pub fn line_chart_marked(
    title: &str,
    series: &[(String, Vec<(f64, f64)>)],
    x_label: &str,
    y_label: &str,
    references: &[(f64, &str)],
) -> Result<String> {
    check_finite(title, references.iter().map(|r| r.0))?;
    if series.iter().all(|s| s.1.is_empty()) {
        return Err(ReportError::Invalid(format!("chart {title:?}: no data")));
    }
    check_finite(
        title,
        series
            .iter()
            .flat_map(|s| s.1.iter().flat_map(|p| [p.0, p.1])),
    )?;
    let pts = || series.iter().flat_map(|s| s.1.iter());
    let (xlo, xhi) = extent(pts().map(|p| p.0).chain(references.iter().map(|r| r.0)));
    let (ylo, yhi) = extent(pts().map(|p| p.1));
    let (xa, xb, mut xt) = nice_ticks(xlo, xhi, 7);
    if x_label == "year" {
        // Years are whole numbers: no tick between two years.
        xt.retain(|t| t.fract() == 0.0);
    }
    let (ya, yb, yt) = nice_ticks(ylo, yhi, 6);
    // Legend keys left to right, wrapping to further rows; the plot starts
    // below the last row.
    let mut rows = Vec::with_capacity(series.len());
    let (mut lx, mut row) = (70.0, 0.0);
    for (name, _) in series {
        if lx > 70.0 && lx + legend_width(name) > RIGHT {
            (lx, row) = (70.0, row + 1.0);
        }
        rows.push((lx, row));
        lx += legend_width(name);
    }
    let legend_rows = if series.len() > 1 { row } else { 0.0 };
    let h = 380.0 + 14.0 * legend_rows;
    let x = Axis::linear(xa, xb, 70.0, RIGHT);
    let y = Axis::linear(ya, yb, h - 50.0, 50.0 + 14.0 * legend_rows);
    let mut s = open(h, title);
    axes(&mut s, &x, &y, &xt, &yt, x_label, y_label);
    for (k, (name, p)) in series.iter().enumerate() {
        let c = QUALITATIVE_LINES[k % QUALITATIVE_LINES.len()];
        if series.len() > 1 {
            legend_key_at(&mut s, rows[k].0, 14.0 * rows[k].1, c, 4.0, 38.0, name);
        }
        if p.is_empty() {
            continue;
        }
        let mut d = String::new();
        for (i, &(a, b)) in p.iter().enumerate() {
            let _ = write!(
                d,
                "{}{} {}",
                if i == 0 { "M" } else { "L" },
                f1(x.at(a)),
                f1(y.at(b))
            );
        }
        let _ = write!(
            s,
            "<path d=\"{d}\" fill=\"none\" stroke=\"{c}\" stroke-width=\"2\"/>"
        );
        for &(a, b) in p {
            let _ = write!(
                s,
                "<circle cx=\"{}\" cy=\"{}\" r=\"2.5\" fill=\"{c}\"><title>{}: {} = {}</title></circle>",
                f1(x.at(a)),
                f1(y.at(b)),
                esc(name),
                esc(&axis_label(x_label, a)),
                esc(&human(b))
            );
        }
    }
    let left_px = references
        .iter()
        .map(|r| x.at(r.0))
        .fold(f64::INFINITY, f64::min);
    for (row, (at, label)) in references.iter().enumerate() {
        reference_line(&mut s, &x, &y, *at, label, row, left_px);
    }
    s.push_str("</svg>");
    Ok(s)
}

/// A histogram of `values` with `bins` equal-width bins between the
/// minimum and the maximum, optionally with a reference line (e.g. the
/// extinction-risk threshold 0.5).
pub fn histogram(
    title: &str,
    values: &[f64],
    bins: usize,
    x_label: &str,
    reference: Option<(f64, &str)>,
) -> Result<String> {
    if values.is_empty() || bins == 0 {
        return Err(ReportError::Invalid(format!("chart {title:?}: no data")));
    }
    check_finite(title, values.iter().copied())?;
    let (lo, hi) = extent(values.iter().copied().chain(reference.map(|r| r.0)));
    let (a, b, xt) = nice_ticks(lo, hi, 7);
    let w = (b - a) / bins as f64;
    let mut counts = vec![0usize; bins];
    for &v in values {
        let i = (((v - a) / w).floor() as usize).min(bins - 1);
        counts[i] += 1;
    }
    let cmax = *counts.iter().max().unwrap_or(&1) as f64;
    let (ya, yb, yt) = nice_ticks(0.0, cmax, 5);
    let h = 360.0;
    let x = Axis::linear(a, b, 70.0, RIGHT);
    let y = Axis::linear(ya, yb, h - 50.0, 40.0);
    let mut s = open(h, title);
    axes(&mut s, &x, &y, &xt, &yt, x_label, "regions");
    for (i, &c) in counts.iter().enumerate() {
        let (x0, x1) = (x.at(a + w * i as f64), x.at(a + w * (i + 1) as f64));
        let _ = write!(
            s,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#56b4e9\" stroke=\"#fff\"><title>{} – {}: {}</title></rect>",
            f1(x0),
            f1(y.at(c as f64)),
            f1(x1 - x0),
            f1(y.p0 - y.at(c as f64)),
            esc(&human(a + w * i as f64)),
            esc(&human(a + w * (i + 1) as f64)),
            c
        );
    }
    if let Some((r, label)) = reference {
        reference_line(&mut s, &x, &y, r, label, 0, x.at(r));
    }
    s.push_str("</svg>");
    Ok(s)
}

/// A dashed vertical reference line at `at` with its label near the top;
/// `row` staggers the labels of several lines, and a label that must go
/// left of its line ends before `left_px` (the leftmost line) so that it
/// crosses no other line.
fn reference_line(
    s: &mut String,
    x: &Axis,
    y: &Axis,
    at: f64,
    label: &str,
    row: usize,
    left_px: f64,
) {
    let _ = write!(
        s,
        "<line x1=\"{p}\" x2=\"{p}\" y1=\"{}\" y2=\"{}\" stroke=\"#d55e00\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>",
        f1(y.p0),
        f1(y.p1),
        p = f1(x.at(at))
    );
    // Labels right of the line, or left of it near the right edge.
    let (lx, anchor) = if x.at(at) > x.p1 - 120.0 {
        (x.at(at).min(left_px) - 4.0, " text-anchor=\"end\"")
    } else {
        (x.at(at) + 4.0, "")
    };
    text(
        s,
        lx,
        y.p1 + 10.0 + 13.0 * row as f64,
        // A white halo keeps the label readable over other lines.
        &format!("font-size=\"10\" fill=\"#d55e00\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\"{anchor}"),
        label,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ticks_cover_the_range() {
        // Heckbert: range 0..97 with 6 ticks → nice range 100, step 20.
        let (a, b, t) = nice_ticks(0.0, 97.0, 6);
        assert_eq!((a, b), (0.0, 100.0));
        assert_eq!(t, vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        let (a, b, _) = nice_ticks(-3.2, 7.9, 6);
        assert!(a <= -3.2 && b >= 7.9);
    }

    #[test]
    fn reference_lines_widen_the_axis_and_reject_nan() {
        let pts = vec![("p".to_string(), vec![(0.5, 1.0), (1.0, 4.0)])];
        let svg = line_chart_marked("f", &pts, "r", "p", &[(0.2, "from 0.2")]).unwrap();
        assert_eq!(svg.matches("stroke-dasharray").count(), 1);
        assert!(svg.contains(">from 0.2</text>"));
        assert!(line_chart_marked("f", &pts, "r", "p", &[(f64::NAN, "x")]).is_err());
    }

    #[test]
    fn charts_render_and_reject_bad_input() {
        let cats = vec!["Seoul".to_string(), "Busan".to_string()];
        let s = stacked_bars(
            "Shift-share",
            &cats,
            &[
                ("national".into(), vec![10.0, 5.0]),
                ("mix".into(), vec![-3.0, 2.0]),
            ],
            "employees",
        )
        .unwrap();
        assert_eq!(s.matches("<rect x=").count(), 2 + 4);
        assert!(stacked_bars("x", &cats, &[("a".into(), vec![1.0])], "").is_err());
        assert!(stacked_bars("x", &cats, &[("a".into(), vec![1.0, f64::NAN])], "").is_err());
        let pts = vec![
            Point {
                label: "a".into(),
                x: 0.1,
                y: 1.0,
                labelled: true,
            },
            Point {
                label: "b".into(),
                x: 0.3,
                y: -1.0,
                labelled: false,
            },
        ];
        let sc = scatter("S", &pts, "density", "complexity", Some((0.2, 0.0))).unwrap();
        assert_eq!(sc.matches("<circle").count(), 2);
        assert!(sc.contains("stroke-dasharray"));
        let rs = rank_size(
            "R",
            &[("a".into(), 100.0), ("b".into(), 50.0), ("c".into(), 33.3)],
            "pop",
        )
        .unwrap();
        // Sizes 100, 50, 33.3 at ranks 1, 2, 3 are (almost) exactly Zipf: slope ≈ −1.
        assert!(rs.contains("− 1 ln rank") || rs.contains("− 1.00"), "{rs}");
        assert!(rank_size("R", &[("a".into(), 1.0), ("b".into(), 0.0)], "pop").is_err());
        let lc = line_chart(
            "L",
            &[("p(r)".into(), vec![(1.0, 0.2), (2.0, 0.5)])],
            "r",
            "p",
        )
        .unwrap();
        assert!(lc.contains("<path d=\"M"));
        let hi = histogram("H", &[0.1, 0.2, 0.7, 1.4], 5, "index", Some((0.5, "risk"))).unwrap();
        assert!(hi.contains("risk"));
        assert!(histogram("H", &[], 5, "i", None).is_err());
    }
}
