//! Industries (or products, activities) with a code hierarchy such as KSIC,
//! NAICS, NACE or HS. A parent comes from an explicit mapping or from a code
//! prefix.

use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One industry, product or activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Industry {
    /// Code as published (e.g. `"C"`, `"26"`, `"7764"`).
    pub code: String,
    /// Name as published.
    pub name: String,
    /// Code of the parent in the classification, if any.
    pub parent: Option<String>,
}

/// An ordered set of industries with lookup by code.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IndustrySet {
    items: Vec<Industry>,
    index: HashMap<String, usize>,
}

impl IndustrySet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Builds a set; fails on a duplicate code.
    pub fn from_industries(items: Vec<Industry>) -> Result<Self> {
        let mut s = IndustrySet::new();
        for i in items {
            if s.index.contains_key(&i.code) {
                return Err(Error::Duplicate {
                    what: "industry code".into(),
                    key: i.code,
                    context: None,
                });
            }
            s.index.insert(i.code.clone(), s.items.len());
            s.items.push(i);
        }
        Ok(s)
    }

    /// Returns the index of `code`, adding it (named after its code) if absent.
    pub fn get_or_insert(&mut self, code: &str, name: &str) -> usize {
        if let Some(&i) = self.index.get(code) {
            return i;
        }
        self.index.insert(code.to_string(), self.items.len());
        self.items.push(Industry {
            code: code.to_string(),
            name: name.to_string(),
            parent: None,
        });
        self.items.len() - 1
    }

    /// Index of a code.
    pub fn id(&self, code: &str) -> Option<usize> {
        self.index.get(code).copied()
    }

    /// Index of a code, failing with [`Error::UnknownIndustry`].
    pub fn require(&self, code: &str) -> Result<usize> {
        self.id(code).ok_or_else(|| Error::UnknownIndustry {
            code: code.to_string(),
            context: None,
        })
    }

    /// The industry at an index.
    pub fn get(&self, i: usize) -> &Industry {
        &self.items[i]
    }

    /// Number of industries.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Industries in order.
    pub fn iter(&self) -> impl Iterator<Item = &Industry> {
        self.items.iter()
    }

    /// Codes in order.
    pub fn codes(&self) -> Vec<String> {
        self.items.iter().map(|i| i.code.clone()).collect()
    }

    /// Sets each industry's parent to the first `len` characters of its code
    /// (e.g. KSIC 5-digit `26110` → 2-digit `26` with `len = 2`).
    pub fn set_parents_by_prefix(&mut self, len: usize) {
        for i in &mut self.items {
            if i.code.chars().count() > len {
                i.parent = Some(i.code.chars().take(len).collect());
            }
        }
    }

    /// Sets parents from an explicit child → parent mapping; codes the mapping
    /// does not name are reported as an error.
    pub fn set_parents(&mut self, mapping: &HashMap<String, String>) -> Result<()> {
        for i in &mut self.items {
            match mapping.get(&i.code) {
                Some(p) => i.parent = Some(p.clone()),
                None => {
                    return Err(Error::UnknownIndustry {
                        code: i.code.clone(),
                        context: Some("not in the industry hierarchy mapping".into()),
                    })
                }
            }
        }
        Ok(())
    }

    /// For each industry, the index of its group in `groups` (sorted distinct
    /// parent codes); fails when an industry has no parent.
    pub fn groups(&self) -> Result<(Vec<String>, Vec<usize>)> {
        let mut parents: Vec<String> = Vec::new();
        for i in &self.items {
            let p = i.parent.clone().ok_or_else(|| Error::UnknownIndustry {
                code: i.code.clone(),
                context: Some("industry has no parent in the hierarchy".into()),
            })?;
            parents.push(p);
        }
        let mut groups = parents.clone();
        groups.sort();
        groups.dedup();
        let idx = parents
            .iter()
            .map(|p| groups.binary_search(p).expect("present"))
            .collect();
        Ok((groups, idx))
    }
}
