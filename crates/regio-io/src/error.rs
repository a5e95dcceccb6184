//! Errors of readers and writers, with file, row, column and expectation.

use std::path::PathBuf;

/// Result alias for regio-io.
pub type Result<T, E = IoError> = std::result::Result<T, E>;

/// An input or output problem, always naming the file and, where it applies,
/// the row (1-based, counting the header as row 1), the column and what was expected.
#[derive(Debug, thiserror::Error)]
pub enum IoError {
    /// The file could not be opened, read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// A value in the file is not what was expected.
    #[error("{path}: row {row}, column {column:?}: found {found:?}, expected {expected}")]
    Cell {
        /// The file.
        path: PathBuf,
        /// 1-based row number in the file (the header is row 1).
        row: u64,
        /// Column name (or number).
        column: String,
        /// The offending text.
        found: String,
        /// What was expected.
        expected: String,
    },
    /// The file as a whole is not what was expected (empty, no header, wrong layout...).
    #[error("{path}: {message}")]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong and what was expected.
        message: String,
    },
    /// A domain rule was broken while building the dataset.
    #[error("{path}: {source}")]
    Domain {
        /// The file.
        path: PathBuf,
        /// The domain error.
        source: regio_core::Error,
    },
}
