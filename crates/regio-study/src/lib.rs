//! regio-study: the workflows a regio user runs, as library calls.
//!
//! Each workflow module (`diagnose`, `complexity`, `spatial`, `structure`,
//! `zones`, `living_areas`, `demography`, `strategy`, `impact`,
//! `input_output`) has a plain `Options` struct that implements `Default`
//! (the documented defaults) and a `run` function from a [`Dataset`] and
//! options to a typed result that owns its tables. Choices the options
//! leave open go through one rule ([`select`]); notes on what was chosen or
//! set aside go to a [`Progress`]. The [`study`] module runs every analysis
//! the data support, with tables tagged by the study's sections.
//!
//! The CLI, the HTML report, the dashboard and the Python package are thin
//! shells over this crate. It reads files only through regio-io, never
//! prints, and never names a command-line flag: errors speak of options by
//! their field names ([`StudyError`]).

pub mod complexity;
pub mod demography;
pub mod diagnose;
pub mod error;
pub mod export;
pub mod impact;
pub mod input_output;
pub mod living_areas;
pub mod progress;
pub mod select;
pub mod spatial;
pub mod strategy;
pub mod structure;
pub mod study;
pub mod zones;

pub use error::{Result, StudyError};
pub use progress::{Collect, Progress, Silent, Step};
pub use regio_core::Dataset;
pub use select::{PanelKey, PanelQuery};
