//! Selection, once: which panel, boundary set, attribute set and flow set a
//! workflow uses when its options leave the choice open. Every workflow goes
//! through these rules, so the same options pick the same data everywhere
//! (CLI, report, dashboard, Python).
//!
//! Panels are keyed `measure@series` when the source has a series column
//! (survey bases that must never be spliced, such as the demo's `pre2020`
//! and `from2020`), plain `measure` otherwise; [`PanelKey`] is that key as a
//! type.

use crate::error::{Result, StudyError};
use crate::progress::Progress;
use regio_core::{Attributes, Boundaries, Dataset, Flows, Panel};
use std::fmt;

/// The key of a panel: a measure and, when the source has several bases,
/// its series.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PanelKey {
    /// The measure (e.g. `employees`).
    pub measure: String,
    /// The series or basis (e.g. `from2020`), if the source has one.
    pub series: Option<String>,
}

impl PanelKey {
    /// Parses a dataset key (`measure` or `measure@series`).
    pub fn parse(key: &str) -> Self {
        match key.split_once('@') {
            Some((m, s)) => PanelKey {
                measure: m.to_string(),
                series: Some(s.to_string()),
            },
            None => PanelKey {
                measure: key.to_string(),
                series: None,
            },
        }
    }
}

impl fmt::Display for PanelKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.series {
            Some(s) => write!(f, "{}@{s}", self.measure),
            None => f.write_str(&self.measure),
        }
    }
}

/// The measures of a dataset's panels, sorted, each once.
pub fn measures(ds: &Dataset) -> Vec<String> {
    let mut m: Vec<String> = ds
        .panels
        .keys()
        .map(|k| PanelKey::parse(k).measure)
        .collect();
    m.sort();
    m.dedup();
    m
}

/// The measure to analyse: the one asked for; else the dataset's only
/// measure; else `employees`.
pub fn measure_name(ds: &Dataset, requested: Option<&str>) -> String {
    if let Some(m) = requested {
        return m.to_string();
    }
    match measures(ds).as_slice() {
        [only] => only.clone(),
        _ => "employees".into(),
    }
}

/// Which panel to use. With nothing set, the rule is: the dataset's only
/// measure (else `employees`); the series asked for; else the measure's
/// only series; else the one series holding every year in `years`; else
/// (with `prefer_longest`) the series with the most years; else the
/// dataset's default series; else an error listing the series. Series are
/// never mixed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PanelQuery {
    /// The measure (default: see [`measure_name`]).
    pub measure: Option<String>,
    /// The series (basis) of the measure.
    pub series: Option<String>,
    /// Years the analysis needs; they pick the series that holds them all.
    pub years: Vec<i32>,
    /// Without series or years: the series with the most years (ties: the
    /// later last year, then the first key), e.g. for long-run diagnostics.
    pub prefer_longest: bool,
}

/// A selected panel and its key.
#[derive(Debug, Clone, Copy)]
pub struct Selected<'d> {
    /// The dataset key of the panel.
    pub key: &'d str,
    /// The panel.
    pub panel: &'d Panel,
}

impl<'d> Selected<'d> {
    /// The key as a [`PanelKey`].
    pub fn panel_key(&self) -> PanelKey {
        PanelKey::parse(self.key)
    }

    /// The year asked for, else the panel's latest year.
    pub fn year_or_last(&self, year: Option<i32>) -> Result<i32> {
        match year {
            Some(y) => Ok(y),
            None => self
                .panel
                .years
                .last()
                .copied()
                .ok_or_else(|| StudyError::invalid(format!("panel {} has no years", self.key))),
        }
    }
}

impl PanelQuery {
    /// The query for a measure (`None`: the default measure).
    pub fn measure(measure: Option<&str>) -> Self {
        PanelQuery {
            measure: measure.map(str::to_string),
            ..Default::default()
        }
    }

    /// Selects the panel; the choices the data left open are told to `progress`.
    pub fn select<'d>(&self, ds: &'d Dataset, progress: &dyn Progress) -> Result<Selected<'d>> {
        let m = measure_name(ds, self.measure.as_deref());
        let entry = |k: &str| -> Result<Selected<'d>> {
            let (key, panel) = ds
                .panels
                .get_key_value(k)
                .ok_or_else(|| StudyError::Domain(missing_panel(ds, k)))?;
            Ok(Selected { key, panel })
        };
        if let Some(s) = &self.series {
            return entry(&format!("{m}@{s}"));
        }
        if ds.panels.contains_key(&m) {
            return entry(&m);
        }
        let prefix = format!("{m}@");
        let series: Vec<(&'d str, &'d Panel)> = ds
            .panels
            .iter()
            .filter(|(k, _)| k.starts_with(&prefix))
            .map(|(k, p)| (k.as_str(), p))
            .collect();
        let name = |k: &str| k[prefix.len()..].to_string();
        match series.as_slice() {
            [] => return entry(&m),
            [(key, panel)] => return Ok(Selected { key, panel }),
            _ => {}
        }
        let describe = || -> Vec<String> {
            series
                .iter()
                .map(|(k, p)| {
                    format!(
                        "{} ({})",
                        name(k),
                        regio_core::panel::format_years(&p.years)
                    )
                })
                .collect()
        };
        let years = || {
            self.years
                .iter()
                .map(|y| y.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        if !self.years.is_empty() {
            let fits: Vec<&(&'d str, &'d Panel)> = series
                .iter()
                .filter(|(_, p)| self.years.iter().all(|y| p.years.contains(y)))
                .collect();
            return match fits.as_slice() {
                [(key, panel)] => {
                    progress.say(&format!(
                        "series: {} (the only series of {m} containing year(s) {})",
                        name(key),
                        years()
                    ));
                    Ok(Selected { key, panel })
                }
                [] => Err(StudyError::Choose {
                    option: "series",
                    what: format!(
                        "year(s) {} of measure {m:?} do not lie in one series; the series are on different bases and are not mixed",
                        years()
                    ),
                    available: describe(),
                }),
                _ => Err(StudyError::Choose {
                    option: "series",
                    what: format!("year(s) {} of measure {m:?} are in several series", years()),
                    available: describe(),
                }),
            };
        }
        if self.prefer_longest {
            let (key, panel) = series
                .iter()
                .copied()
                .max_by(|a, b| {
                    (a.1.years.len(), a.1.years.last())
                        .cmp(&(b.1.years.len(), b.1.years.last()))
                        .then(b.0.cmp(a.0))
                })
                .expect("several series");
            return Ok(Selected { key, panel });
        }
        if let Some(d) = &ds.defaults.series {
            if let Some((key, panel)) = series.iter().find(|(k, _)| name(k) == *d) {
                progress.say(&format!("series: {d} (the dataset's current basis)"));
                return Ok(Selected { key, panel });
            }
        }
        Err(StudyError::Choose {
            option: "series",
            what: format!(
                "measure {m:?} has {} series on different bases, which are not mixed",
                series.len()
            ),
            available: describe(),
        })
    }
}

fn missing_panel(ds: &Dataset, key: &str) -> regio_core::Error {
    regio_core::Error::invalid(format!(
        "no panel {key:?} (available: {})",
        if ds.panels.is_empty() {
            "none".to_string()
        } else {
            ds.panels.keys().cloned().collect::<Vec<_>>().join(", ")
        }
    ))
}

/// A boundary set: the one asked for; else `default` when the dataset has
/// it; else the only set; else an error listing the sets.
pub fn boundaries<'d>(
    ds: &'d Dataset,
    want: Option<&str>,
    default: Option<&str>,
) -> Result<(&'d str, &'d Boundaries)> {
    pick(
        &ds.boundaries,
        want,
        default,
        "boundaries",
        "no boundary set given",
    )
    .map_err(|e| match e {
        Picked::Missing(w) => StudyError::Domain(
            ds.boundary(&w)
                .err()
                .unwrap_or_else(|| regio_core::Error::invalid(w)),
        ),
        Picked::Open(e) => e,
    })
}

/// An attribute set: the one asked for; else `default` when the dataset has
/// it; else the only set; else an error listing the sets.
pub fn attributes<'d>(
    ds: &'d Dataset,
    want: Option<&str>,
    default: Option<&str>,
) -> Result<(&'d str, &'d Attributes)> {
    pick(
        &ds.attributes,
        want,
        default,
        "attributes",
        "no attribute set given",
    )
    .map_err(|e| match e {
        Picked::Missing(w) => StudyError::Domain(
            ds.attribute_set(&w)
                .err()
                .unwrap_or_else(|| regio_core::Error::invalid(w)),
        ),
        Picked::Open(e) => e,
    })
}

/// A flow set: the one asked for; else `default` when the dataset has it;
/// else the only set; else an error listing the sets.
pub fn flows<'d>(
    ds: &'d Dataset,
    want: Option<&str>,
    default: Option<&str>,
) -> Result<(&'d str, &'d Flows)> {
    pick(&ds.flows, want, default, "flows", "no flow set given").map_err(|e| match e {
        Picked::Missing(w) => StudyError::Domain(
            ds.flow(&w)
                .err()
                .unwrap_or_else(|| regio_core::Error::invalid(w)),
        ),
        Picked::Open(e) => e,
    })
}

enum Picked {
    Missing(String),
    Open(StudyError),
}

fn pick<'d, T>(
    map: &'d std::collections::BTreeMap<String, T>,
    want: Option<&str>,
    default: Option<&str>,
    option: &'static str,
    what: &str,
) -> std::result::Result<(&'d str, &'d T), Picked> {
    if let Some(w) = want {
        return map
            .get_key_value(w)
            .map(|(k, v)| (k.as_str(), v))
            .ok_or_else(|| Picked::Missing(w.to_string()));
    }
    if let Some((k, v)) = default.and_then(|d| map.get_key_value(d)) {
        return Ok((k.as_str(), v));
    }
    if map.len() == 1 {
        let (k, v) = map.iter().next().expect("one entry");
        return Ok((k.as_str(), v));
    }
    Err(Picked::Open(StudyError::Choose {
        option,
        what: what.to_string(),
        available: map.keys().cloned().collect(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::{Collect, Silent};

    fn demo() -> Dataset {
        regio_io::demo::korea().unwrap()
    }

    #[test]
    fn panel_keys_round_trip() {
        let k = PanelKey::parse("employees@from2020");
        assert_eq!(k.measure, "employees");
        assert_eq!(k.series.as_deref(), Some("from2020"));
        assert_eq!(k.to_string(), "employees@from2020");
        assert_eq!(PanelKey::parse("gdp").to_string(), "gdp");
    }

    #[test]
    fn the_demo_rules() {
        let ds = demo();
        // Default series, said.
        let c = Collect::default();
        let s = PanelQuery::default().select(&ds, &c).unwrap();
        assert_eq!(s.key, "employees@from2020");
        assert!(c.notes()[0].contains("current basis"));
        // Years pick the series that holds them; 2020 is in both.
        let q = PanelQuery {
            years: vec![2019, 2013],
            ..Default::default()
        };
        assert_eq!(q.select(&ds, &Silent).unwrap().key, "employees@pre2020");
        let q = PanelQuery {
            years: vec![2020],
            ..Default::default()
        };
        let e = q.select(&ds, &Silent).unwrap_err().to_string();
        assert!(e.contains("several series"), "{e}");
        // The longest series (2006-2020) for long-run diagnostics.
        let q = PanelQuery {
            prefer_longest: true,
            ..PanelQuery::measure(Some("establishments"))
        };
        assert_eq!(
            q.select(&ds, &Silent).unwrap().key,
            "establishments@pre2020"
        );
        // Without the dataset's default: an error listing the series.
        let mut ds = ds;
        ds.defaults.series = None;
        let e = PanelQuery::default().select(&ds, &Silent).unwrap_err();
        assert!(
            matches!(&e, StudyError::Choose { option: "series", available, .. } if available.len() == 2),
            "{e}"
        );
    }

    #[test]
    fn boundary_sets() {
        let ds = demo();
        assert_eq!(
            boundaries(&ds, None, Some("gyeonggi")).unwrap().0,
            "gyeonggi"
        );
        assert_eq!(boundaries(&ds, Some("sido"), None).unwrap().0, "sido");
        assert!(boundaries(&ds, Some("nowhere"), None)
            .unwrap_err()
            .to_string()
            .contains("nowhere"));
        let e = boundaries(&ds, None, None).unwrap_err();
        assert!(matches!(
            e,
            StudyError::Choose {
                option: "boundaries",
                ..
            }
        ));
    }
}
