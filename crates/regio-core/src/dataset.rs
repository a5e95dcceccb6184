//! The dataset: everything a manifest names, loaded and validated.

use crate::{Boundaries, Error, Flows, Panel, RegionSet, Result};
use std::collections::BTreeMap;

/// Named numeric columns per region (population, emissions, absorption, ...).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Attributes {
    /// The regions the rows belong to.
    pub regions: RegionSet,
    /// Column name → one value per region (`None` = missing).
    pub columns: BTreeMap<String, Vec<Option<f64>>>,
    /// Where the attributes came from (file names), for reports.
    pub source: String,
}

impl Attributes {
    /// Empty attributes over `regions`.
    pub fn new(regions: RegionSet) -> Self {
        Attributes {
            regions,
            ..Default::default()
        }
    }

    /// A column by name, or an error listing the columns available.
    pub fn column(&self, name: &str) -> Result<&[Option<f64>]> {
        self.columns.get(name).map(|v| v.as_slice()).ok_or_else(|| {
            Error::invalid(format!(
                "no attribute column {name:?} (available: {})",
                self.columns.keys().cloned().collect::<Vec<_>>().join(", ")
            ))
        })
    }

    /// A complete column: fails naming the first region whose value is missing.
    pub fn complete(&self, name: &str) -> Result<Vec<f64>> {
        let col = self.column(name)?;
        col.iter()
            .enumerate()
            .map(|(i, v)| {
                v.ok_or_else(|| Error::Missing {
                    count: col.iter().filter(|v| v.is_none()).count(),
                    what: format!("attribute {name}"),
                    first: format!("region {}", self.regions.as_slice()[i].code),
                })
            })
            .collect()
    }

    /// Column `name` in the order of `regions` (e.g. a panel's regions): fails
    /// naming the first region that has no row or a missing value.
    pub fn values_for(&self, name: &str, regions: &RegionSet) -> Result<Vec<f64>> {
        let col = self.column(name)?;
        regions
            .iter()
            .map(|r| {
                let k = self
                    .regions
                    .id(&r.code)
                    .ok_or_else(|| Error::UnknownRegion {
                        code: r.code.clone(),
                        context: Some(format!("no row in the attribute set with column {name}")),
                    })?;
                col[k.idx()].ok_or_else(|| Error::Missing {
                    count: 1,
                    what: format!("attribute {name}"),
                    first: format!("region {}", r.code),
                })
            })
            .collect()
    }

    /// Adds or replaces a column; fails on a length mismatch.
    pub fn insert(&mut self, name: impl Into<String>, values: Vec<Option<f64>>) -> Result<()> {
        if values.len() != self.regions.len() {
            return Err(Error::Shape(format!(
                "{} values for {} regions",
                values.len(),
                self.regions.len()
            )));
        }
        self.columns.insert(name.into(), values);
        Ok(())
    }
}

/// Choices a dataset makes for analyses that are not told otherwise: which
/// series of a measure is current, which boundary set holds the zoning
/// units, which attribute set belongs to a boundary set. The embedded demo
/// sets them (its current survey basis, Gyeonggi's carbon units); a
/// dataset read from files has none, so every choice the data leave open is
/// asked of the user.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Defaults {
    /// Series used when a measure has several and none is asked for.
    pub series: Option<String>,
    /// Boundary set of net-zero zoning units.
    pub zone_units: Option<String>,
    /// Flow set of living areas (daily commuting or trips).
    pub flows: Option<String>,
    /// Attribute set to use with a boundary set (boundary set → attribute set).
    pub attributes_for: BTreeMap<String, String>,
}

/// A loaded dataset: panels, attributes, flows and boundaries, each optional.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// Short name shown in summaries and reports.
    pub name: String,
    /// Panels by measure name.
    pub panels: BTreeMap<String, Panel>,
    /// Region attributes by name of the attribute set (e.g. `"carbon"`).
    pub attributes: BTreeMap<String, Attributes>,
    /// Flow sets by name (e.g. `"migration"`).
    pub flows: BTreeMap<String, Flows>,
    /// Boundary sets by name (e.g. `"sido"`, `"sigungu"`).
    pub boundaries: BTreeMap<String, Boundaries>,
    /// Source notes (provenance lines) for reports.
    pub sources: Vec<String>,
    /// The dataset's own defaults for open choices.
    pub defaults: Defaults,
}

impl Dataset {
    /// A panel by measure, or an error listing the measures available.
    pub fn panel(&self, measure: &str) -> Result<&Panel> {
        self.panels.get(measure).ok_or_else(|| {
            Error::invalid(format!(
                "no panel with measure {measure:?} (available: {})",
                list(self.panels.keys())
            ))
        })
    }

    /// A panel by measure and optional series. Panel keys are `measure@series`
    /// when the source has a series column (e.g. `employees@pre2020`), plain
    /// `measure` otherwise. With `series = None` the plain key is used, or the
    /// only series of that measure; when several series exist (e.g. survey
    /// bases that must not be spliced) it is an error naming them.
    pub fn panel_series(&self, measure: &str, series: Option<&str>) -> Result<&Panel> {
        if let Some(s) = series {
            return self.panel(&format!("{measure}@{s}"));
        }
        if let Some(p) = self.panels.get(measure) {
            return Ok(p);
        }
        let prefix = format!("{measure}@");
        let found: Vec<&String> = self
            .panels
            .keys()
            .filter(|k| k.starts_with(&prefix))
            .collect();
        match found.as_slice() {
            [one] => Ok(&self.panels[*one]),
            [] => self.panel(measure),
            many => Err(Error::invalid(format!(
                "measure {measure:?} has {} series ({}) on different bases; choose one series instead of mixing them",
                many.len(),
                many.iter().map(|k| &k[prefix.len()..]).collect::<Vec<_>>().join(", "),
            ))),
        }
    }

    /// A flow set by name, or an error listing those available.
    pub fn flow(&self, name: &str) -> Result<&Flows> {
        self.flows.get(name).ok_or_else(|| {
            Error::invalid(format!(
                "no flows named {name:?} (available: {})",
                list(self.flows.keys())
            ))
        })
    }

    /// An attribute set by name, or an error listing those available.
    pub fn attribute_set(&self, name: &str) -> Result<&Attributes> {
        self.attributes.get(name).ok_or_else(|| {
            Error::invalid(format!(
                "no attribute set named {name:?} (available: {})",
                list(self.attributes.keys())
            ))
        })
    }

    /// A boundary set by name, or an error listing those available.
    pub fn boundary(&self, name: &str) -> Result<&Boundaries> {
        self.boundaries.get(name).ok_or_else(|| {
            Error::invalid(format!(
                "no boundaries named {name:?} (available: {})",
                list(self.boundaries.keys())
            ))
        })
    }
}

fn list<'a>(keys: impl Iterator<Item = &'a String>) -> String {
    let v: Vec<&str> = keys.map(|s| s.as_str()).collect();
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{IndustrySet, RegionSet};

    #[test]
    fn panel_series_refuses_to_mix_bases() {
        let p = Panel::new_missing(
            "employees",
            RegionSet::new(),
            IndustrySet::new(),
            vec![2020],
        );
        let mut ds = Dataset::default();
        ds.panels.insert("employees@pre2020".into(), p.clone());
        ds.panels.insert("employees@from2020".into(), p.clone());
        ds.panels.insert("sales".into(), p);
        let e = ds.panel_series("employees", None).unwrap_err().to_string();
        assert!(e.contains("from2020, pre2020"), "{e}");
        assert!(ds.panel_series("employees", Some("pre2020")).is_ok());
        assert!(ds.panel_series("sales", None).is_ok());
        assert!(ds.panel_series("employees", Some("x")).is_err());
        ds.panels.remove("employees@pre2020");
        assert!(ds.panel_series("employees", None).is_ok());
    }
}
