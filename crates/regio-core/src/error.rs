//! The error type of the domain model: every variant carries enough context
//! (what, where, what was expected) to be shown to a user as is.

use std::fmt;

/// Result alias for regio-core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Errors raised when building or querying the domain model.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A region code was looked up that the region set does not contain.
    #[error("unknown region code {code:?}{}", ctx(.context))]
    UnknownRegion {
        /// The code as given.
        code: String,
        /// Where it came from (file, row), if known.
        context: Option<String>,
    },
    /// An industry code was looked up that the industry set does not contain.
    #[error("unknown industry code {code:?}{}", ctx(.context))]
    UnknownIndustry {
        /// The code as given.
        code: String,
        /// Where it came from (file, row), if known.
        context: Option<String>,
    },
    /// A year the panel does not cover.
    #[error("year {year} is not in the panel {measure:?} (years available: {available})")]
    UnknownYear {
        /// The requested year.
        year: i32,
        /// The panel's measure.
        measure: String,
        /// The years the panel has, as text.
        available: String,
    },
    /// The same key appeared twice where keys must be unique.
    #[error("duplicate {what} {key}{}", ctx(.context))]
    Duplicate {
        /// What kind of key (e.g. "(region, industry, year)").
        what: String,
        /// The key as text.
        key: String,
        /// Where the second occurrence was found.
        context: Option<String>,
    },
    /// A value is invalid (NaN, infinite, negative where counts are expected, ...).
    #[error("invalid value {value}: expected {expected}{}", ctx(.context))]
    InvalidValue {
        /// The offending value as text.
        value: String,
        /// What was expected instead.
        expected: String,
        /// Where it was found.
        context: Option<String>,
    },
    /// Cells are missing where the analysis needs complete data.
    #[error("{count} missing cell(s) in {what}, first at {first}; choose how to treat missing cells (zero or drop the regions)")]
    Missing {
        /// How many cells are missing.
        count: usize,
        /// What is incomplete.
        what: String,
        /// The first missing cell, described.
        first: String,
    },
    /// Shapes that do not fit together (lengths, dimensions).
    #[error("shape mismatch: {0}")]
    Shape(String),
    /// Anything else about the input that makes an analysis undefined.
    #[error("{0}")]
    Invalid(String),
}

fn ctx(c: &Option<String>) -> String {
    match c {
        Some(c) => format!(" ({c})"),
        None => String::new(),
    }
}

impl Error {
    /// Shorthand for [`Error::Invalid`].
    pub fn invalid(msg: impl fmt::Display) -> Self {
        Error::Invalid(msg.to_string())
    }
}
