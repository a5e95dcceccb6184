//! regio-io: readers and writers that turn the files users have into a
//! regio-core `Dataset`, and results back into files.

pub mod error;
pub use error::{IoError, Result};
