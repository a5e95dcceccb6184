//! The spatial-structure verdict: per year, each indicator with the
//! direction that means "multipolar", and a plain reading of how each moved
//! between its first and last year (mononuclear-hierarchical vs multipolar
//! network; Burger & Meijers 2012; Green 2007).

use regio_core::Table;
use std::collections::BTreeMap;

/// Which way an indicator moves when the structure becomes more multipolar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Multipolar {
    /// A higher value means more multipolar.
    Higher,
    /// A lower value means more multipolar.
    Lower,
    /// A value closer to zero means more multipolar (e.g. rank-size slopes).
    TowardZero,
    /// A diagnostic without a direction (e.g. a standard error).
    NotApplicable,
}

impl Multipolar {
    /// Text used in tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Multipolar::Higher => "higher",
            Multipolar::Lower => "lower",
            Multipolar::TowardZero => "closer to 0",
            Multipolar::NotApplicable => "n/a (diagnostic)",
        }
    }
}

/// One indicator value.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// Year (`None` for a snapshot).
    pub year: Option<i32>,
    /// Short indicator name, e.g. `"capital_region_share"`.
    pub name: String,
    /// What it was computed on, e.g. `"employees@pre2020"`, `"migration"`.
    pub basis: String,
    /// Value.
    pub value: f64,
    /// Direction meaning "multipolar".
    pub multipolar: Multipolar,
    /// One-line description.
    pub doc: String,
}

/// The long per-year table (indicator, value, direction).
pub fn indicators_table(rows: &[Indicator]) -> Table {
    let mut t = Table::new("structure_indicators");
    t.push_opt_f64(
        "year",
        "year (empty for a snapshot)",
        rows.iter().map(|r| r.year.map(f64::from)).collect(),
    )
    .push_str(
        "indicator",
        "indicator name",
        rows.iter().map(|r| r.name.clone()).collect(),
    )
    .push_str(
        "basis",
        "data the indicator is computed on",
        rows.iter().map(|r| r.basis.clone()).collect(),
    )
    .push_f64(
        "value",
        "indicator value",
        rows.iter().map(|r| r.value).collect(),
    )
    .push_str(
        "multipolar_when",
        "direction of change that means a more multipolar structure",
        rows.iter()
            .map(|r| r.multipolar.as_str().to_string())
            .collect(),
    )
    .push_str(
        "description",
        "what the indicator measures and its source",
        rows.iter().map(|r| r.doc.clone()).collect(),
    );
    t
}

/// Reading of one series: "more multipolar", "more mononuclear", "unchanged" or "snapshot".
fn reading(dir: Multipolar, first: f64, last: f64) -> &'static str {
    if dir == Multipolar::NotApplicable {
        return "diagnostic";
    }
    let rel = (last - first).abs() / first.abs().max(last.abs()).max(1e-300);
    if rel < 0.005 {
        return "unchanged";
    }
    let toward = match dir {
        Multipolar::Higher => last > first,
        Multipolar::Lower => last < first,
        Multipolar::TowardZero => last.abs() < first.abs(),
        Multipolar::NotApplicable => unreachable!("handled above"),
    };
    if toward {
        "more multipolar"
    } else {
        "more mononuclear"
    }
}

/// The verdict: one row per (indicator, basis) series with its first and
/// last values, the reading, and a plain summary line.
pub fn verdict_table(rows: &[Indicator]) -> Table {
    let mut series: BTreeMap<(String, String), Vec<&Indicator>> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.value.is_finite()) {
        series
            .entry((r.basis.clone(), r.name.clone()))
            .or_default()
            .push(r);
    }
    let mut t = Table::new("structure_verdict");
    let (mut ind, mut basis, mut fy, mut ly, mut fv, mut lv, mut dir, mut read, mut line) = (
        vec![],
        vec![],
        vec![],
        vec![],
        vec![],
        vec![],
        vec![],
        vec![],
        vec![],
    );
    for ((b, name), mut v) in series {
        v.sort_by_key(|r| r.year);
        let (f, l) = (v[0], v[v.len() - 1]);
        let (rd, text) = match (f.year, l.year) {
            (Some(y0), Some(y1)) if y1 > y0 => {
                let rd = reading(f.multipolar, f.value, l.value);
                let verb = if l.value > f.value {
                    "rose"
                } else if l.value < f.value {
                    "fell"
                } else {
                    "held"
                };
                (
                    rd,
                    format!(
                        "{name} ({b}) {verb} {y0}→{y1} ({:.4} → {:.4}): {rd}",
                        f.value, l.value
                    ),
                )
            }
            _ => (
                "snapshot",
                format!(
                    "{name} ({b}): {:.4} (multipolar when {})",
                    l.value,
                    l.multipolar.as_str()
                ),
            ),
        };
        ind.push(name.clone());
        basis.push(b.clone());
        fy.push(f.year.map(f64::from));
        ly.push(l.year.map(f64::from));
        fv.push(f.value);
        lv.push(l.value);
        dir.push(f.multipolar.as_str().to_string());
        read.push(rd.to_string());
        line.push(text);
    }
    t.push_str("indicator", "indicator name", ind)
        .push_str("basis", "data the indicator is computed on", basis)
        .push_opt_f64(
            "first_year",
            "first year of the series (empty for a snapshot)",
            fy,
        )
        .push_opt_f64("last_year", "last year of the series", ly)
        .push_f64("first_value", "value in the first year", fv)
        .push_f64("last_value", "value in the last year", lv)
        .push_str(
            "multipolar_when",
            "direction of change that means a more multipolar structure",
            dir,
        )
        .push_str(
            "reading",
            "more multipolar / more mononuclear / unchanged (<0.5 % relative change) / snapshot / diagnostic",
            read,
        )
        .push_str("summary", "plain summary line", line);
    t
}

/// One overall sentence: how many series moved each way.
pub fn overall_summary(rows: &[Indicator]) -> String {
    let t = verdict_table(rows);
    let col = t.column("reading").expect("reading column");
    let (mut multi, mut mono, mut same) = (0, 0, 0);
    for i in 0..t.n_rows() {
        match col.text(i).as_str() {
            "more multipolar" => multi += 1,
            "more mononuclear" => mono += 1,
            "unchanged" => same += 1,
            _ => {}
        }
    }
    let lean = if mono > multi {
        "the structure became more mononuclear-hierarchical"
    } else if multi > mono {
        "the structure became more multipolar"
    } else {
        "no clear shift between mononuclear and multipolar"
    };
    format!("{mono} indicator series moved toward a mononuclear structure, {multi} toward a multipolar one, {same} unchanged: {lean}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ind(year: i32, name: &str, value: f64, m: Multipolar) -> Indicator {
        Indicator {
            year: Some(year),
            name: name.into(),
            basis: "x".into(),
            value,
            multipolar: m,
            doc: String::new(),
        }
    }

    #[test]
    fn readings() {
        let rows = vec![
            ind(2006, "capital_share", 0.47, Multipolar::Lower),
            ind(2023, "capital_share", 0.50, Multipolar::Lower),
            ind(2006, "green_fp", 0.30, Multipolar::Higher),
            ind(2023, "green_fp", 0.25, Multipolar::Higher),
            ind(2006, "bm", -1.0, Multipolar::TowardZero),
            ind(2023, "bm", -0.5, Multipolar::TowardZero),
        ];
        let t = verdict_table(&rows);
        let r = t.column("reading").unwrap();
        // BTreeMap order: bm, capital_share, green_fp.
        assert_eq!(
            (r.text(0), r.text(1), r.text(2)),
            (
                "more multipolar".into(),
                "more mononuclear".into(),
                "more mononuclear".into()
            )
        );
        assert!(t
            .column("summary")
            .unwrap()
            .text(1)
            .contains("rose 2006→2023 (0.4700 → 0.5000): more mononuclear"));
        assert!(overall_summary(&rows).starts_with("2 indicator series moved toward a mononuclear"));
    }
}
