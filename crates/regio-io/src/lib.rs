//! regio-io: readers and writers that turn the files users have into a
//! regio-core `Dataset`, and results back into files.
//!
//! Panel keys in a [`regio_core::Dataset`] follow one convention: `measure@series`
//! when the source has a series column (e.g. `employees@pre2020`), plain
//! `measure` otherwise; use `Dataset::panel_series` to pick one without mixing bases.

pub mod atomic;
pub mod attributes;
pub mod crosswalk;
pub mod demo;
pub mod encoding;
pub mod error;
pub mod flows;
pub mod geo;
pub mod io_tables;
pub mod korea;
pub mod kosis;
pub mod manifest;
pub mod open;
pub mod panels;
#[cfg(feature = "parquet")]
pub mod parquet_io;
pub mod sniff;
pub mod source;
pub mod validate;
pub mod write;

pub use encoding::Encoding;
pub use error::{IoError, Result};
pub use source::{CsvOptions, Source};
pub use write::{write_table, Format};
