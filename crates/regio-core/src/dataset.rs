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
