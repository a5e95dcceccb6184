//! Population-decline composite index on the eight indicators of Korea's
//! population-decline-area designation (Ministry of the Interior and Safety,
//! 2021, under the Balanced National Development Act): annual population
//! change rate, population density, youth net-migration rate, daytime
//! population, ageing ratio, youth ratio, crude birth rate and fiscal
//! self-reliance.
//!
//! Each indicator is standardised (z-score, min-max or percentile rank) and
//! oriented so that a higher value means more decline, then combined as a
//! weighted mean. The official weights were never published: the default is
//! equal weights, and users may pass their own. Regions are ranked by the
//! composite (1 = most declining); the top `n_decline` are classed
//! "decline" (the 2021 designation named 89), the next `n_watch` "watch"
//! (18 "areas of interest" in 2021), the rest "other".

use regio_core::{Error, Result, Table};
use std::collections::BTreeMap;

/// Which direction of an indicator signals decline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Higher values mean more decline (e.g. ageing ratio).
    HigherIsWorse,
    /// Lower values mean more decline (e.g. birth rate).
    LowerIsWorse,
}

/// The eight official indicators (column names) and their direction.
pub const OFFICIAL_INDICATORS: [(&str, Direction); 8] = [
    ("pop_change_rate", Direction::LowerIsWorse),
    ("pop_density", Direction::LowerIsWorse),
    ("youth_net_migration_rate", Direction::LowerIsWorse),
    ("daytime_population", Direction::LowerIsWorse),
    ("ageing_ratio", Direction::HigherIsWorse),
    ("youth_ratio", Direction::LowerIsWorse),
    ("crude_birth_rate", Direction::LowerIsWorse),
    ("fiscal_self_reliance", Direction::LowerIsWorse),
];

/// Standardisation of indicators before weighting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standardisation {
    /// (x − mean) / standard deviation (population sd).
    ZScore,
    /// (x − min) / (max − min), in [0, 1].
    MinMax,
    /// Percentile rank (rank − 1)/(n − 1) with average ranks for ties, in [0, 1].
    Rank,
}

/// Options of [`decline_index`].
#[derive(Debug, Clone, PartialEq)]
pub struct DeclineOptions {
    /// Standardisation method (default z-score).
    pub standardisation: Standardisation,
    /// Weight per indicator name; indicators not listed get weight 1
    /// (default: equal weights, as the official weights were not published).
    pub weights: BTreeMap<String, f64>,
    /// Number of regions classed "decline" (2021 designation: 89).
    pub n_decline: usize,
    /// Number of further regions classed "watch" (2021: 18).
    pub n_watch: usize,
    /// Compute on the available indicators when some are missing, instead of failing.
    pub allow_missing: bool,
}

impl Default for DeclineOptions {
    fn default() -> Self {
        DeclineOptions {
            standardisation: Standardisation::ZScore,
            weights: BTreeMap::new(),
            n_decline: 89,
            n_watch: 18,
            allow_missing: false,
        }
    }
}

/// Standardised, decline-oriented scores of one indicator (None where missing).
pub fn standardise(x: &[Option<f64>], dir: Direction, method: Standardisation) -> Vec<Option<f64>> {
    let vals: Vec<f64> = x.iter().flatten().copied().collect();
    let n = vals.len() as f64;
    let sign = if dir == Direction::HigherIsWorse {
        1.0
    } else {
        -1.0
    };
    match method {
        Standardisation::ZScore => {
            let mean = vals.iter().sum::<f64>() / n;
            let sd = (vals.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n).sqrt();
            x.iter()
                .map(|v| {
                    v.map(|v| {
                        if sd > 0.0 {
                            sign * (v - mean) / sd
                        } else {
                            0.0
                        }
                    })
                })
                .collect()
        }
        Standardisation::MinMax => {
            let lo = vals.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = vals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            x.iter()
                .map(|v| {
                    v.map(|v| {
                        if hi > lo {
                            let s = (v - lo) / (hi - lo);
                            if sign > 0.0 {
                                s
                            } else {
                                1.0 - s
                            }
                        } else {
                            0.0
                        }
                    })
                })
                .collect()
        }
        Standardisation::Rank => {
            let mut sorted: Vec<f64> = vals.iter().map(|v| sign * v).collect();
            sorted.sort_by(f64::total_cmp);
            let m = sorted.len();
            x.iter()
                .map(|v| {
                    v.map(|v| {
                        let key = sign * v;
                        // Average rank (1-based) among ties.
                        let lo = sorted.partition_point(|s| *s < key);
                        let hi = sorted.partition_point(|s| *s <= key);
                        let rank = (lo + 1 + hi) as f64 / 2.0;
                        if m > 1 {
                            (rank - 1.0) / (m as f64 - 1.0)
                        } else {
                            0.0
                        }
                    })
                })
                .collect()
        }
    }
}

/// Computes the composite decline index, ranks and classes.
///
/// `columns` maps indicator names (see [`OFFICIAL_INDICATORS`]) to one value
/// per region. An indicator absent from `columns`, or a region with missing
/// values, is an error naming them unless `allow_missing` is set; then the
/// composite uses the available indicators with weights renormalised.
/// Returns the table `decline` (region key `region`).
pub fn decline_index(
    codes: &[String],
    columns: &BTreeMap<String, Vec<Option<f64>>>,
    opts: &DeclineOptions,
) -> Result<Table> {
    let n = codes.len();
    if n == 0 {
        return Err(Error::invalid("no regions to rank"));
    }
    for (name, w) in &opts.weights {
        if !OFFICIAL_INDICATORS.iter().any(|i| i.0 == name) {
            return Err(Error::invalid(format!(
                "weight for unknown indicator {name:?}; indicators: {}",
                OFFICIAL_INDICATORS.map(|i| i.0).join(", ")
            )));
        }
        if !w.is_finite() || *w < 0.0 {
            return Err(Error::InvalidValue {
                value: w.to_string(),
                expected: "a finite, non-negative weight".into(),
                context: Some(format!("indicator {name}")),
            });
        }
    }
    let absent: Vec<&str> = OFFICIAL_INDICATORS
        .iter()
        .map(|i| i.0)
        .filter(|name| !columns.contains_key(*name))
        .collect();
    if !absent.is_empty() && !opts.allow_missing {
        return Err(Error::invalid(format!(
            "missing indicator(s): {} (of the eight: {}); supply them or allow computing on the rest",
            absent.join(", "),
            OFFICIAL_INDICATORS.map(|i| i.0).join(", ")
        )));
    }
    let mut used = Vec::new();
    let mut std_cols = Vec::new();
    for (name, dir) in OFFICIAL_INDICATORS {
        let Some(col) = columns.get(name) else {
            continue;
        };
        if col.len() != n {
            return Err(Error::Shape(format!(
                "indicator {name}: {} values for {n} regions",
                col.len()
            )));
        }
        for (i, v) in col.iter().enumerate() {
            match v {
                Some(x) if !x.is_finite() => {
                    return Err(Error::InvalidValue {
                        value: x.to_string(),
                        expected: "a finite indicator value".into(),
                        context: Some(format!("indicator {name}, region {}", codes[i])),
                    })
                }
                None if !opts.allow_missing => {
                    return Err(Error::Missing {
                        count: col.iter().filter(|v| v.is_none()).count(),
                        what: format!("indicator {name}"),
                        first: format!("region {}", codes[i]),
                    })
                }
                _ => {}
            }
        }
        if col.iter().all(|v| v.is_none()) {
            continue;
        }
        let w = opts.weights.get(name).copied().unwrap_or(1.0);
        used.push((name, w));
        std_cols.push(standardise(col, dir, opts.standardisation));
    }
    if used.iter().all(|u| u.1 == 0.0) {
        return Err(Error::invalid(
            "no indicator with a positive weight is available",
        ));
    }
    let mut score = vec![None; n];
    let mut n_used = vec![0i64; n];
    for i in 0..n {
        let (mut s, mut wsum) = (0.0, 0.0);
        for (k, &(_, w)) in used.iter().enumerate() {
            if let Some(z) = std_cols[k][i] {
                s += w * z;
                wsum += w;
                n_used[i] += 1;
            }
        }
        if wsum > 0.0 {
            score[i] = Some(s / wsum);
        }
    }
    // Rank: highest composite first; ties by code; regions without a score last.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| match (score[a], score[b]) {
        (Some(x), Some(y)) => y.total_cmp(&x).then(codes[a].cmp(&codes[b])),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => codes[a].cmp(&codes[b]),
    });
    let mut rank = vec![None; n];
    let mut class = vec!["other".to_string(); n];
    for (r, &i) in order.iter().enumerate() {
        if score[i].is_none() {
            class[i] = "unscored".into();
            continue;
        }
        rank[i] = Some(r as i64 + 1);
        if r < opts.n_decline {
            class[i] = "decline".into();
        } else if r < opts.n_decline + opts.n_watch {
            class[i] = "watch".into();
        }
    }
    let method = match opts.standardisation {
        Standardisation::ZScore => "z-score",
        Standardisation::MinMax => "min-max",
        Standardisation::Rank => "percentile rank",
    };
    let mut t = Table::new("decline").with_region_key("region");
    t.push_str("region", "region code", codes.to_vec());
    for (k, (name, w)) in used.iter().enumerate() {
        t.push_opt_f64(
            &format!("std_{name}"),
            &format!(
                "{name}, {method} standardised, oriented so higher = more decline (weight {w})"
            ),
            std_cols[k].clone(),
        );
    }
    t.push_opt_f64(
        "decline_index",
        "weighted mean of the standardised indicators (default equal weights)",
        score,
    )
    .push(
        "rank",
        "rank by decline_index, 1 = most declining",
        regio_core::Column::I64(rank),
    )
    .push_str(
        "class",
        &format!(
            "decline: top {}, watch: next {}, other (2021 designation: 89 decline, 18 watch)",
            opts.n_decline, opts.n_watch
        ),
        class,
    )
    .push_i64(
        "n_indicators",
        "indicators available for the region",
        n_used,
    )
    .push_str(
        "missing_indicators",
        "indicators absent from the input (computed on the rest)",
        vec![absent.join(" "); n],
    );
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standardisations() {
        let x = [Some(1.0), Some(2.0), Some(3.0), None];
        // mean 2, population sd sqrt(2/3); lower is worse → sign −1.
        let z = standardise(&x, Direction::LowerIsWorse, Standardisation::ZScore);
        let sd = (2.0f64 / 3.0).sqrt();
        assert!((z[0].unwrap() - 1.0 / sd).abs() < 1e-12);
        assert_eq!(z[3], None);
        let m = standardise(&x, Direction::HigherIsWorse, Standardisation::MinMax);
        assert_eq!(m, vec![Some(0.0), Some(0.5), Some(1.0), None]);
        let r = standardise(
            &[Some(5.0), Some(5.0), Some(1.0)],
            Direction::HigherIsWorse,
            Standardisation::Rank,
        );
        // ranks: 1.0 → 1; the two 5.0 → (2+3)/2 = 2.5 → (2.5−1)/2 = .75
        assert_eq!(r, vec![Some(0.75), Some(0.75), Some(0.0)]);
    }
}
