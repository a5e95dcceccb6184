//! regio-core: the domain model shared by every regio crate.
//!
//! Readers (regio-io) build a [`Dataset`]; analyses (regio-econ, regio-space)
//! take its typed parts and return [`Table`]s; presenters write or draw them.
//! Nothing here reads files or prints.

pub mod dataset;
pub mod error;
pub mod flows;
pub mod geometry;
pub mod graph;
pub mod industry;
pub mod matrix;
pub mod panel;
pub mod region;
pub mod table;

pub use dataset::{Attributes, Dataset, Defaults};
pub use error::{Error, Result};
pub use flows::Flows;
pub use geometry::Boundaries;
pub use graph::Graph;
pub use industry::{Industry, IndustrySet};
pub use matrix::Matrix;
pub use panel::{MissingPolicy, Panel};
pub use region::{Region, RegionId, RegionSet};
pub use table::{Categorical, Column, ColumnSpec, Table};
