//! Origin-destination flows (commuting, migration, passenger trips) between
//! regions, stored as a sparse list of edges.

use crate::{Error, RegionSet, Result};

/// Flows between regions: one entry per (origin, destination[, year]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Flows {
    /// Name of the flow set, e.g. `"migration"`.
    pub name: String,
    /// The regions origins and destinations index into.
    pub regions: RegionSet,
    /// Origin index per flow.
    pub origin: Vec<u32>,
    /// Destination index per flow.
    pub destination: Vec<u32>,
    /// Year per flow (`None` for a single snapshot of unknown year).
    pub year: Vec<Option<i32>>,
    /// Flow value (persons, trips); finite and non-negative.
    pub value: Vec<f64>,
}

impl Flows {
    /// An empty flow set over `regions`.
    pub fn new(name: impl Into<String>, regions: RegionSet) -> Self {
        Flows {
            name: name.into(),
            regions,
            ..Default::default()
        }
    }

    /// Adds a flow; rejects negative or non-finite values and unknown indices.
    pub fn push(&mut self, o: u32, d: u32, year: Option<i32>, v: f64) -> Result<()> {
        if !v.is_finite() || v < 0.0 {
            return Err(Error::InvalidValue {
                value: v.to_string(),
                expected: "a finite, non-negative flow".into(),
                context: None,
            });
        }
        let n = self.regions.len() as u32;
        if o >= n || d >= n {
            return Err(Error::Shape(format!("flow ({o}, {d}) outside {n} regions")));
        }
        self.origin.push(o);
        self.destination.push(d);
        self.year.push(year);
        self.value.push(v);
        Ok(())
    }

    /// Number of flow entries.
    pub fn len(&self) -> usize {
        self.value.len()
    }

    /// True when there are no flows.
    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    /// Distinct years, ascending (`None` entries excluded).
    pub fn years(&self) -> Vec<i32> {
        let mut y: Vec<i32> = self.year.iter().flatten().copied().collect();
        y.sort_unstable();
        y.dedup();
        y
    }

    /// The flows of one year (or all flows when `year` is `None`), as
    /// (origin, destination, value) triples.
    pub fn edges(&self, year: Option<i32>) -> Vec<(u32, u32, f64)> {
        (0..self.len())
            .filter(|&k| year.is_none() || self.year[k] == year)
            .map(|k| (self.origin[k], self.destination[k], self.value[k]))
            .collect()
    }
}
