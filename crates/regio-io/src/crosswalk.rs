//! Code crosswalks between region classifications (e.g. KOSTAT 2018 census
//! codes ↔ MOIS 2022 administrative codes): many-to-one (merge units) and
//! one-to-many with weights (split a unit's value by shares), applied to
//! panels and attributes. Values of a target are the weighted sum of its
//! sources; a target with any missing source value is missing.

use crate::source::{parse_value, CsvOptions, CsvRows, Source, ValueRules};
use crate::{IoError, Result};
use regio_core::{Attributes, Error, Panel, RegionSet};
use std::collections::BTreeMap;

/// A crosswalk: source code → (target code, weight) pairs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Crosswalk {
    /// Name (for messages).
    pub name: String,
    /// Source code → targets with weights, in file order.
    pub map: BTreeMap<String, Vec<(String, f64)>>,
    /// Target codes in order of first appearance, with names when given.
    pub targets: Vec<(String, String)>,
}

/// Reads a crosswalk CSV (`from_col`, `to_col`, optional `weight_col`,
/// optional `to_name_col`). Without weights every pair has weight 1. With
/// weights, each source's weights must sum to 1 (±1e-6) so totals are kept.
pub fn read_crosswalk(
    src: &Source,
    from_col: &str,
    to_col: &str,
    weight_col: Option<&str>,
    to_name_col: Option<&str>,
    opts: CsvOptions,
) -> Result<Crosswalk> {
    let mut rows = CsvRows::open(src, opts)?;
    let path = rows.path().to_path_buf();
    let cf = rows.col(from_col)?;
    let ct = rows.col(to_col)?;
    let cw = rows.opt_col(weight_col)?;
    let cn = rows.opt_col(to_name_col)?;
    let mut cw_out = Crosswalk {
        name: path.display().to_string(),
        ..Default::default()
    };
    let mut seen_targets = std::collections::HashSet::new();
    while let Some((line, rec)) = rows.next_row()? {
        let rec = rec.clone();
        let from = CsvRows::cell(&rec, cf);
        let to = CsvRows::cell(&rec, ct);
        if from.is_empty() {
            return Err(rows.cell_err(line, cf, "", "a source code"));
        }
        if to.is_empty() {
            return Err(rows.cell_err(line, ct, "", "a target code"));
        }
        let w = match cw {
            Some(c) => {
                let t = CsvRows::cell(&rec, c);
                parse_value(t, ValueRules { counts: true })
                    .map_err(|e| rows.cell_err(line, c, t, &e))?
                    .ok_or_else(|| rows.cell_err(line, c, t, "a weight between 0 and 1"))?
            }
            None => 1.0,
        };
        let e = cw_out.map.entry(from.to_string()).or_default();
        if e.iter().any(|(t, _)| t == to) {
            return Err(IoError::Format {
                path,
                message: format!("row {line}: pair ({from}, {to}) appears twice"),
            });
        }
        e.push((to.to_string(), w));
        if seen_targets.insert(to.to_string()) {
            let name = cn.map_or(to, |c| CsvRows::cell(&rec, c));
            cw_out.targets.push((to.to_string(), name.to_string()));
        }
    }
    if rows.rows_read() == 0 {
        return Err(rows.header_only());
    }
    for (from, ts) in &cw_out.map {
        let s: f64 = ts.iter().map(|t| t.1).sum();
        if cw.is_some() && (s - 1.0).abs() > 1e-6 {
            return Err(IoError::Format {
                path,
                message: format!("weights of source code {from} sum to {s}, expected 1 (so that totals are kept)"),
            });
        }
        if cw.is_none() && ts.len() > 1 {
            return Err(IoError::Format {
                path,
                message: format!("source code {from} maps to {} targets but the crosswalk has no weight column; one-to-many needs weights", ts.len()),
            });
        }
    }
    Ok(cw_out)
}

impl Crosswalk {
    fn target_set(&self) -> RegionSet {
        let mut s = RegionSet::new();
        for (c, n) in &self.targets {
            s.get_or_insert(c, n);
        }
        s
    }

    fn check_sources(&self, codes: &[String]) -> Result<(), Error> {
        let unknown: Vec<&String> = codes
            .iter()
            .filter(|c| !self.map.contains_key(*c))
            .collect();
        if unknown.is_empty() {
            Ok(())
        } else {
            Err(Error::invalid(format!(
                "{} region code(s) not in crosswalk {}: {}",
                unknown.len(),
                self.name,
                unknown
                    .iter()
                    .take(10)
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )))
        }
    }

    /// Maps a panel to the target codes (weighted sums; missing propagates).
    pub fn apply_panel(&self, p: &Panel) -> Result<Panel, Error> {
        self.check_sources(&p.regions.codes())?;
        let targets = self.target_set();
        let mut out = Panel::new_missing(
            p.measure.clone(),
            targets.clone(),
            p.industries.clone(),
            p.years.clone(),
        );
        let nt = targets.len();
        for y in 0..p.years.len() {
            for i in 0..p.industries.len() {
                let mut acc = vec![Some(0.0); nt];
                let mut touched = vec![false; nt];
                for (r, reg) in p.regions.iter().enumerate() {
                    for (t, w) in &self.map[&reg.code] {
                        let ti = targets.require(t)?.idx();
                        touched[ti] = true;
                        acc[ti] = match (acc[ti], p.get(y, r, i)) {
                            (Some(a), Some(v)) => Some(a + w * v),
                            _ => None,
                        };
                    }
                }
                for ti in 0..nt {
                    out.set(y, ti, i, if touched[ti] { acc[ti] } else { None })?;
                }
            }
        }
        Ok(out)
    }

    /// Maps attributes to the target codes (weighted sums; missing propagates).
    /// Suitable for extensive quantities (counts, totals), not for rates.
    pub fn apply_attributes(&self, a: &Attributes) -> Result<Attributes, Error> {
        self.check_sources(&a.regions.codes())?;
        let targets = self.target_set();
        let mut out = Attributes::new(targets.clone());
        out.source = a.source.clone();
        for (name, col) in &a.columns {
            let mut acc = vec![Some(0.0); targets.len()];
            let mut touched = vec![false; targets.len()];
            for (r, reg) in a.regions.iter().enumerate() {
                for (t, w) in &self.map[&reg.code] {
                    let ti = targets.require(t)?.idx();
                    touched[ti] = true;
                    acc[ti] = match (acc[ti], col[r]) {
                        (Some(x), Some(v)) => Some(x + w * v),
                        _ => None,
                    };
                }
            }
            let v = acc
                .into_iter()
                .zip(touched)
                .map(|(a, t)| if t { a } else { None })
                .collect();
            out.insert(name.clone(), v)?;
        }
        Ok(out)
    }
}
