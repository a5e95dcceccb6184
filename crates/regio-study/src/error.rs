//! The error type of the workflows. Each variant says what went wrong in
//! the terms of the workflow's options and data; none names a command-line
//! flag (presenters add their own hints, e.g. the CLI maps an option name to
//! its flag).

/// Result alias for regio-study.
pub type Result<T, E = StudyError> = std::result::Result<T, E>;

/// Errors of a workflow.
#[derive(Debug, thiserror::Error)]
pub enum StudyError {
    /// Reading a file failed or a file is malformed.
    #[error(transparent)]
    Io(#[from] regio_io::IoError),
    /// The data break a domain rule or make the analysis undefined.
    #[error(transparent)]
    Domain(#[from] regio_core::Error),
    /// An option has a value outside its domain.
    #[error("{option} {value}: expected {expected}")]
    Option {
        /// The option's name, as the field of the workflow's `Options`
        /// (`reduction`, `step`, ...).
        option: &'static str,
        /// The value given, as text.
        value: String,
        /// What the option accepts.
        expected: String,
    },
    /// The data leave a choice open that the options did not make.
    #[error("{what}; choose the {option} (available: {})", list(.available))]
    Choose {
        /// The option that makes the choice (`series`, `boundaries`, ...).
        option: &'static str,
        /// Why a choice is needed, as a sentence without its full stop.
        what: String,
        /// The candidates (empty: none exist).
        available: Vec<String>,
    },
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}

impl StudyError {
    /// An option value outside its domain.
    pub fn option(option: &'static str, value: impl ToString, expected: impl Into<String>) -> Self {
        StudyError::Option {
            option,
            value: value.to_string(),
            expected: expected.into(),
        }
    }

    /// A domain error with a free-form message.
    pub fn invalid(msg: impl std::fmt::Display) -> Self {
        StudyError::Domain(regio_core::Error::invalid(msg))
    }
}
