//! The smart-specialisation matrix (Balland, Boschma, Crespo & Rigby 2019,
//! "Smart specialization policy in the European Union: relatedness,
//! knowledge complexity and regional diversification", *Regional Studies*
//! 53(9)): each activity of a region placed by relatedness density (x, risk)
//! and complexity (y, return) into four quadrants, and the activities the
//! region does not yet specialise in ranked as candidates, with evidence.

use super::Capabilities;
use rayon::prelude::*;
use regio_core::{Error, Result, Table};

/// How a quadrant threshold is set.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Threshold {
    /// The median (default).
    #[default]
    Median,
    /// The mean.
    Mean,
    /// A fixed value.
    Value(f64),
}

impl Threshold {
    /// Parses `median`, `mean` or a number.
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "median" => Ok(Threshold::Median),
            "mean" => Ok(Threshold::Mean),
            _ => s
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .map(Threshold::Value)
                .ok_or_else(|| Error::InvalidValue {
                    value: s.into(),
                    expected: "median, mean or a number".into(),
                    context: Some("quadrant threshold".into()),
                }),
        }
    }

    /// The threshold over `v` (empty → 0).
    pub fn of(&self, v: &[f64]) -> f64 {
        match self {
            Threshold::Value(x) => *x,
            Threshold::Mean if !v.is_empty() => v.iter().sum::<f64>() / v.len() as f64,
            Threshold::Median if !v.is_empty() => {
                let mut s = v.to_vec();
                s.sort_by(|a, b| a.total_cmp(b));
                let n = s.len();
                if n % 2 == 1 {
                    s[n / 2]
                } else {
                    (s[n / 2 - 1] + s[n / 2]) / 2.0
                }
            }
            _ => 0.0,
        }
    }

    /// Label for tables.
    pub fn label(&self) -> String {
        match self {
            Threshold::Median => "median".into(),
            Threshold::Mean => "mean".into(),
            Threshold::Value(v) => format!("{v}"),
        }
    }
}

/// Options of the smart-specialisation matrix.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SmartSpecOptions {
    /// Density threshold, over the unit's candidate (M = 0) activities.
    pub density: Threshold,
    /// Complexity threshold, over all activities' PCI.
    pub complexity: Threshold,
    /// How many related held activities to list as evidence.
    pub related: usize,
}

impl Default for SmartSpecOptions {
    fn default() -> Self {
        SmartSpecOptions {
            density: Threshold::Median,
            complexity: Threshold::Median,
            related: 3,
        }
    }
}

/// Quadrant of Balland et al. (2019, fig. 1): density above its threshold
/// is low risk, complexity above its threshold is high return.
pub fn quadrant(density: f64, pci: f64, td: f64, tc: f64) -> &'static str {
    QUADRANTS[match (density > td, pci > tc) {
        (true, true) => 0,
        (false, true) => 1,
        (true, false) => 2,
        (false, false) => 3,
    }]
}

/// The quadrant labels in order of attractiveness (Balland et al. 2019).
pub const QUADRANTS: [&str; 4] = [
    "low-risk/high-return",
    "high-risk/high-return",
    "low-risk/low-return",
    "least attractive",
];

fn quadrant_order(q: &str) -> usize {
    QUADRANTS
        .iter()
        .position(|x| *x == q)
        .unwrap_or(QUADRANTS.len())
}

fn zs(v: f64, mean: f64, sd: f64) -> f64 {
    if sd > 0.0 {
        (v - mean) / sd
    } else {
        0.0
    }
}

fn mean_sd(v: &[f64]) -> (f64, f64) {
    if v.is_empty() {
        return (0.0, 0.0);
    }
    let n = v.len() as f64;
    let m = v.iter().sum::<f64>() / n;
    (
        m,
        (v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / n).sqrt(),
    )
}

/// The smart-specialisation table: one row per (unit, activity) with RCA,
/// specialisation, density, PCI, COG, quadrant, the candidate rank (for
/// activities not yet specialised: by quadrant, then by the score
/// `z(density) + z(PCI)` within the unit's candidates) and the related
/// activities already held.
pub fn smart_spec(c: &Capabilities, opts: &SmartSpecOptions) -> Table {
    let np = c.industries.len();
    let tc = opts.complexity.of(&c.pci);
    let (pm, psd) = mean_sd(&c.pci);
    let mut unit = vec![];
    let mut ind = vec![];
    let mut rca = vec![];
    let mut spec = vec![];
    let mut dens = vec![];
    let mut pci = vec![];
    let mut cog = vec![];
    let mut quad = vec![];
    let mut tds = vec![];
    let mut rank: Vec<Option<i64>> = vec![];
    let mut score: Vec<Option<f64>> = vec![];
    let mut related = vec![];
    // The evidence strings are the costly part: built in parallel per unit, in order.
    let near = super::Nearest::new(&c.proximity, 64);
    let evidence: Vec<Vec<String>> = (0..c.units.len())
        .into_par_iter()
        .map(|u| {
            let m = c.m.row(u);
            let held: Vec<usize> = (0..np).filter(|&q| m[q] >= 1.0).collect();
            (0..np)
                .map(|p| c.format_related(&near.related(&c.proximity, m, &held, p, opts.related)))
                .collect()
        })
        .collect();
    for (u, ev) in evidence.into_iter().enumerate() {
        let m = c.m.row(u);
        let d = c.density.row(u);
        let cand: Vec<usize> = (0..np).filter(|&p| m[p] < 1.0).collect();
        let cd: Vec<f64> = cand.iter().map(|&p| d[p]).collect();
        let td = opts.density.of(&cd);
        let (dm, dsd) = mean_sd(&cd);
        let q: Vec<&'static str> = (0..np).map(|p| quadrant(d[p], c.pci[p], td, tc)).collect();
        let sc: Vec<f64> = (0..np)
            .map(|p| zs(d[p], dm, dsd) + zs(c.pci[p], pm, psd))
            .collect();
        let mut order = cand.clone();
        order.sort_by(|&a, &b| {
            quadrant_order(q[a])
                .cmp(&quadrant_order(q[b]))
                .then(sc[b].total_cmp(&sc[a]))
                .then(a.cmp(&b))
        });
        let mut rk = vec![None; np];
        for (r, &p) in order.iter().enumerate() {
            rk[p] = Some(r as i64 + 1);
        }
        for p in 0..np {
            unit.push(u as u32);
            ind.push(p as u32);
            rca.push(c.rca.get(u, p));
            spec.push(m[p] >= 1.0);
            dens.push(d[p]);
            pci.push(c.pci[p]);
            cog.push(c.cog.get(u, p));
            quad.push(quadrant_order(q[p]) as u32);
            tds.push(td);
            rank.push(rk[p]);
            score.push(rk[p].map(|_| sc[p]));
        }
        related.extend(ev);
    }
    let n = unit.len();
    let mut t = Table::new("smart_specialisation");
    t.push_cat("unit", "region or super-region", c.units.clone(), unit)
        .push_cat("industry", "activity code", c.industries.clone(), ind)
        .push_f64("rca", "revealed comparative advantage / location quotient (Balassa 1965)", rca)
        .push_bool("specialised", "M = 1: RCA passes the presence threshold", spec)
        .push_f64("density", "relatedness density (0-1): share of related activities held, weighted by proximity (Hidalgo et al. 2007)", dens)
        .push_f64("pci", "product (activity) complexity index (Hidalgo & Hausmann 2009)", pci)
        .push_f64("cog", "complexity outlook gain (Hausmann et al. 2014), 0 where specialised", cog)
        .push_cat("quadrant", "Balland et al. (2019): density above threshold = low risk, PCI above threshold = high return", QUADRANTS.iter().map(|q| q.to_string()).collect(), quad)
        .push_f64("density_threshold", &format!("density threshold ({} over the unit's candidates)", opts.density.label()), tds)
        .push_f64("complexity_threshold", &format!("PCI threshold ({} over all activities)", opts.complexity.label()), vec![tc; n]);
    t.push(
        "candidate_rank",
        "rank among activities not yet specialised: quadrant order (low-risk/high-return first), then score",
        regio_core::Column::I64(rank),
    )
    .push_opt_f64("score", "z(density among the unit's candidates) + z(PCI): higher is more attractive", score)
    .push_str("related_held", "activities held (M = 1) closest in proximity, with phi", related);
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_and_quadrants() {
        assert_eq!(Threshold::Median.of(&[3.0, 1.0, 2.0, 10.0]), 2.5);
        assert_eq!(Threshold::Mean.of(&[3.0, 1.0, 2.0, 10.0]), 4.0);
        assert_eq!(Threshold::parse("0.4").unwrap(), Threshold::Value(0.4));
        assert!(Threshold::parse("big").is_err());
        assert_eq!(quadrant(0.5, 1.0, 0.3, 0.0), "low-risk/high-return");
        assert_eq!(quadrant(0.1, 1.0, 0.3, 0.0), "high-risk/high-return");
        assert_eq!(quadrant(0.5, -1.0, 0.3, 0.0), "low-risk/low-return");
        assert_eq!(quadrant(0.1, -1.0, 0.3, 0.0), "least attractive");
    }
}
