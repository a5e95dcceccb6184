//! What the dashboard serves, computed once at start-up from a dataset and
//! its result tables: projected region geometry per boundary set, and
//! indicators (panel totals per year, attribute columns, numeric columns of
//! result tables) aligned with the regions of the boundary set they join.

use regio_core::{Column, Dataset, Table};
use regio_report::map::{Layout, ProjectedMap};
use regio_study::study::{Section, Tagged};
use serde::Serialize;
use std::collections::BTreeMap;

/// One region's drawing.
#[derive(Debug, Clone, Serialize)]
pub struct RegionGeo {
    /// Region code.
    pub code: String,
    /// Region name.
    pub name: String,
    /// SVG path data in the level's view box.
    pub d: String,
}

/// A boundary set ready to draw.
#[derive(Debug, Clone, Serialize)]
pub struct Level {
    /// Boundary set name (e.g. `sido`).
    pub name: String,
    /// SVG view box.
    pub view_box: String,
    /// Regions in order.
    pub regions: Vec<RegionGeo>,
    /// Where the geometry came from.
    pub source: String,
}

/// An indicator: values per year for the regions of one level.
#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    /// Stable id used in URLs (ASCII).
    pub id: String,
    /// Label for people.
    pub label: String,
    /// Unit (may be empty).
    pub unit: String,
    /// Documentation line.
    pub doc: String,
    /// Boundary set the values join.
    pub level: String,
    /// Years available (`0` when the indicator has no year).
    pub years: Vec<i32>,
    /// Values per year, aligned with the level's regions.
    #[serde(skip)]
    pub values: BTreeMap<i32, Vec<Option<f64>>>,
}

/// Everything the server answers from.
#[derive(Debug, Clone)]
pub struct ServerData {
    /// Dataset name.
    pub name: String,
    /// Source notes.
    pub sources: Vec<String>,
    /// Boundary sets by name.
    pub levels: BTreeMap<String, Level>,
    /// Indicators in display order.
    pub indicators: Vec<Indicator>,
    /// Result tables by name.
    pub tables: BTreeMap<String, Table>,
    /// The study section of each result table, by table name.
    pub sections: BTreeMap<String, Section>,
}

/// The canvas of the dashboard map.
pub fn layout() -> Layout {
    Layout {
        width: 600.0,
        height: 680.0,
        frame: (6.0, 6.0, 588.0, 668.0),
    }
}

fn slug(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '@' {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    s.trim_matches('_').to_string()
}

impl ServerData {
    /// Builds the served data. Fails when a boundary set cannot be projected.
    pub fn build(ds: &Dataset, tagged: &[Tagged]) -> Result<ServerData, regio_report::ReportError> {
        let tables: Vec<&Table> = tagged.iter().map(|t| &t.table).collect();
        let mut levels = BTreeMap::new();
        for (name, b) in &ds.boundaries {
            let m = ProjectedMap::new(b, layout())?;
            levels.insert(
                name.clone(),
                Level {
                    name: name.clone(),
                    view_box: m.view_box(),
                    regions: (0..m.codes.len())
                        .map(|i| RegionGeo {
                            code: m.codes[i].clone(),
                            name: m.names[i].clone(),
                            d: m.paths[i].clone(),
                        })
                        .collect(),
                    source: b.source.clone(),
                },
            );
        }
        let mut data = ServerData {
            name: ds.name.clone(),
            sources: ds.sources.clone(),
            levels,
            indicators: Vec::new(),
            tables: tables
                .iter()
                .map(|t| (t.name.clone(), (*t).clone()))
                .collect(),
            sections: tagged
                .iter()
                .map(|t| (t.table.name.clone(), t.section))
                .collect(),
        };
        for (key, p) in &ds.panels {
            let codes = p.regions.codes();
            let Some(level) = data.best_level(&codes) else {
                continue;
            };
            let values = (0..p.years.len())
                .map(|yi| {
                    (
                        p.years[yi],
                        data.align(&level, &codes, &p.region_totals(yi)),
                    )
                })
                .collect();
            data.push(Indicator {
                id: format!("panel_{}", slug(key)),
                label: format!("{} ({}), all industries", p.measure, key),
                unit: p.measure.clone(),
                doc: format!(
                    "Sum over the {} industries of panel {key}.",
                    p.industries.len()
                ),
                level,
                years: p.years.clone(),
                values,
            });
        }
        for (set, a) in &ds.attributes {
            let codes = a.regions.codes();
            let Some(level) = data.best_level(&codes) else {
                continue;
            };
            for (col, v) in &a.columns {
                let values = BTreeMap::from([(0, data.align(&level, &codes, v))]);
                data.push(Indicator {
                    id: format!("attr_{}_{}", slug(set), slug(col)),
                    label: format!("{col} ({set})"),
                    unit: String::new(),
                    doc: a.source.clone(),
                    level: level.clone(),
                    years: vec![0],
                    values,
                });
            }
        }
        for t in tables {
            let Some(key) = t.region_key.as_deref().and_then(|k| t.column(k)) else {
                continue;
            };
            let codes: Vec<String> = (0..key.len()).map(|r| key.text(r)).collect();
            let years: Option<Vec<i32>> = t.column("year").map(|c| {
                (0..c.len())
                    .map(|r| c.f64(r).unwrap_or(0.0) as i32)
                    .collect()
            });
            for (s, c) in t.specs.iter().zip(&t.columns) {
                if !matches!(c, Column::F64(_) | Column::I64(_))
                    || Some(s.name.as_str()) == t.region_key.as_deref()
                    || s.name == "year"
                {
                    continue;
                }
                // Group rows by year (one map per year).
                let mut by_year: BTreeMap<i32, (Vec<String>, Vec<Option<f64>>)> = BTreeMap::new();
                for r in 0..c.len() {
                    let y = years.as_ref().map_or(0, |v| v[r]);
                    let e = by_year.entry(y).or_default();
                    e.0.push(codes[r].clone());
                    e.1.push(c.f64(r));
                }
                let all: Vec<String> = by_year.values().flat_map(|v| v.0.clone()).collect();
                let Some(level) = data.best_level(&all) else {
                    continue;
                };
                // Skip tables with several rows per region and year (e.g. region x industry).
                if by_year.values().any(|(c, _)| {
                    let mut u = c.clone();
                    u.sort();
                    u.dedup();
                    u.len() != c.len()
                }) {
                    break;
                }
                let values: BTreeMap<i32, Vec<Option<f64>>> = by_year
                    .iter()
                    .map(|(y, (c, v))| (*y, data.align(&level, c, v)))
                    .collect();
                data.push(Indicator {
                    id: format!("table_{}_{}", slug(&t.name), slug(&s.name)),
                    label: format!("{} — {}", t.name, s.name),
                    unit: String::new(),
                    doc: s.doc.clone(),
                    level,
                    years: values.keys().copied().collect(),
                    values,
                });
            }
        }
        Ok(data)
    }

    fn push(&mut self, mut ind: Indicator) {
        if ind.values.values().all(|v| v.iter().all(|x| x.is_none())) {
            return;
        }
        while self.indicators.iter().any(|i| i.id == ind.id) {
            ind.id.push('_');
        }
        self.indicators.push(ind);
    }

    /// The level whose codes the given codes join best (at least half).
    fn best_level(&self, codes: &[String]) -> Option<String> {
        let mut best: Option<(usize, usize, &str)> = None;
        for (name, l) in &self.levels {
            let set: std::collections::HashSet<&str> =
                l.regions.iter().map(|r| r.code.as_str()).collect();
            let mut u: Vec<&str> = codes.iter().map(|c| c.as_str()).collect();
            u.sort();
            u.dedup();
            let hit = u.iter().filter(|c| set.contains(**c)).count();
            if hit == 0 || hit * 2 < u.len() {
                continue;
            }
            let cand = (hit, usize::MAX - l.regions.len(), name.as_str());
            if best.is_none_or(|b| (cand.0, cand.1) > (b.0, b.1)) {
                best = Some(cand);
            }
        }
        best.map(|b| b.2.to_string())
    }

    fn align(&self, level: &str, codes: &[String], vals: &[Option<f64>]) -> Vec<Option<f64>> {
        let lookup: BTreeMap<&str, Option<f64>> = codes
            .iter()
            .map(|c| c.as_str())
            .zip(vals.iter().copied())
            .collect();
        self.levels[level]
            .regions
            .iter()
            .map(|r| {
                lookup
                    .get(r.code.as_str())
                    .copied()
                    .flatten()
                    .filter(|x| x.is_finite())
            })
            .collect()
    }

    /// An indicator by id.
    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }
}
