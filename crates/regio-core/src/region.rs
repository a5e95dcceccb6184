//! Regions: codes as published (leading zeros kept), names, levels and
//! parents, with a dense index (`RegionId`) for the analyses.

use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Dense index of a region inside one [`RegionSet`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RegionId(pub u32);

impl RegionId {
    /// The index as `usize`.
    pub fn idx(self) -> usize {
        self.0 as usize
    }
}

/// One region as published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Region {
    /// Code as published (e.g. `"11010"`, `"31"`).
    pub code: String,
    /// Name as published (may be Korean).
    pub name: String,
    /// Administrative level (e.g. `"sido"`, `"sigungu"`), if known.
    pub level: Option<String>,
    /// Code of the parent region, if known.
    pub parent: Option<String>,
}

impl Region {
    /// A region with a code and a name only.
    pub fn new(code: impl Into<String>, name: impl Into<String>) -> Self {
        Region {
            code: code.into(),
            name: name.into(),
            level: None,
            parent: None,
        }
    }
}

/// An ordered set of regions with lookup by code.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegionSet {
    regions: Vec<Region>,
    index: HashMap<String, RegionId>,
}

impl RegionSet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Builds a set; fails on a duplicate code.
    pub fn from_regions(regions: Vec<Region>) -> Result<Self> {
        let mut set = RegionSet::new();
        for r in regions {
            set.push(r)?;
        }
        Ok(set)
    }

    /// Adds a region; fails if its code is already present.
    pub fn push(&mut self, region: Region) -> Result<RegionId> {
        if self.index.contains_key(&region.code) {
            return Err(Error::Duplicate {
                what: "region code".into(),
                key: region.code,
                context: None,
            });
        }
        let id = RegionId(self.regions.len() as u32);
        self.index.insert(region.code.clone(), id);
        self.regions.push(region);
        Ok(id)
    }

    /// Returns the id of `code`, adding a region named after the code if absent.
    pub fn get_or_insert(&mut self, code: &str, name: &str) -> RegionId {
        if let Some(&id) = self.index.get(code) {
            return id;
        }
        let id = RegionId(self.regions.len() as u32);
        self.index.insert(code.to_string(), id);
        self.regions.push(Region::new(code, name));
        id
    }

    /// Looks a code up.
    pub fn id(&self, code: &str) -> Option<RegionId> {
        self.index.get(code).copied()
    }

    /// Looks a code up, failing with [`Error::UnknownRegion`].
    pub fn require(&self, code: &str) -> Result<RegionId> {
        self.id(code).ok_or_else(|| Error::UnknownRegion {
            code: code.to_string(),
            context: None,
        })
    }

    /// The region behind an id.
    pub fn get(&self, id: RegionId) -> &Region {
        &self.regions[id.idx()]
    }

    /// Mutable access to a region (codes must not be changed through it).
    pub fn get_mut(&mut self, id: RegionId) -> &mut Region {
        &mut self.regions[id.idx()]
    }

    /// Number of regions.
    pub fn len(&self) -> usize {
        self.regions.len()
    }

    /// True when there are no regions.
    pub fn is_empty(&self) -> bool {
        self.regions.is_empty()
    }

    /// Regions in order.
    pub fn iter(&self) -> impl Iterator<Item = &Region> {
        self.regions.iter()
    }

    /// Region codes in order.
    pub fn codes(&self) -> Vec<String> {
        self.regions.iter().map(|r| r.code.clone()).collect()
    }

    /// Region names in order.
    pub fn names(&self) -> Vec<String> {
        self.regions.iter().map(|r| r.name.clone()).collect()
    }

    /// A slice of all regions.
    pub fn as_slice(&self) -> &[Region] {
        &self.regions
    }
}
