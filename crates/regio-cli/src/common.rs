//! What every subcommand shares: the run context, the error type with exit
//! codes, input resolution (manifest, single file or embedded demo) and
//! output writing.

use clap::Args;
use regio_core::{Boundaries, Dataset, Table};
use std::path::PathBuf;

/// Run-wide settings from global flags.
#[derive(Debug, Clone, Copy)]
pub struct Ctx {
    /// `--quiet`: print nothing but errors.
    pub quiet: bool,
}

impl Ctx {
    /// Prints a progress or summary line unless `--quiet`.
    pub fn say(&self, msg: impl AsRef<str>) {
        if !self.quiet {
            println!("{}", msg.as_ref());
        }
    }
}

/// Errors a command can end with; each maps to a documented exit code.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Reading or writing files failed (exit code 3).
    #[error(transparent)]
    Io(#[from] regio_io::IoError),
    /// The data break a domain rule or make the analysis undefined (exit code 4).
    #[error(transparent)]
    Domain(#[from] regio_core::Error),
    /// The command line is inconsistent (exit code 2).
    #[error("{0}")]
    Usage(String),
}

impl CliError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Io(_) => 3,
            CliError::Domain(_) => 4,
        }
    }
}

/// Where the data come from: a manifest, a single file, or the embedded demo.
#[derive(Args, Debug, Clone, Default)]
pub struct InputArgs {
    /// A regio.toml manifest or a single data file (CSV, Parquet, GeoJSON,
    /// TopoJSON, Shapefile). Omit it to use the embedded Korean demo.
    pub input: Option<PathBuf>,
}

/// Where and how results are written.
#[derive(Args, Debug, Clone)]
pub struct OutputArgs {
    /// Output directory (created if missing).
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
}

/// Loads the dataset named by the input arguments.
pub fn load_dataset(_input: &InputArgs, _ctx: &Ctx) -> Result<Dataset, CliError> {
    Err(CliError::Usage("input loading is being wired".into()))
}

/// Writes tables to the output directory in the requested formats.
pub fn write_tables(
    _out: &OutputArgs,
    _tables: &[Table],
    _boundaries: Option<&Boundaries>,
    _ctx: &Ctx,
) -> Result<Vec<PathBuf>, CliError> {
    Err(CliError::Usage("output writing is being wired".into()))
}
