//! What every subcommand shares: the run context, the error type with exit
//! codes, input resolution (manifest, single file or embedded demo) and
//! output writing.

use clap::Args;
use regio_core::{Boundaries, Dataset, Table};
use regio_io::{Encoding, Format};
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
        if self.quiet {
            return;
        }
        // A running spinner is lifted while the line is printed.
        let active = ACTIVE.lock().ok().and_then(|a| a.clone());
        match active {
            Some(pb) => pb.suspend(|| println!("{}", msg.as_ref())),
            None => println!("{}", msg.as_ref()),
        }
    }

    /// Shows a spinner with the elapsed time on stderr while a long step
    /// runs (until the returned guard is dropped). Drawn only when stderr is
    /// a terminal and not `--quiet`, so pipes, logs and tests see nothing.
    pub fn step(&self, what: &str) -> Step {
        if self.quiet {
            return Step(None);
        }
        let pb =
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
        if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
            pb.set_style(style);
        }
        pb.set_message(what.to_string());
        pb.enable_steady_tick(std::time::Duration::from_millis(120));
        if let Ok(mut a) = ACTIVE.lock() {
            *a = Some(pb.clone());
        }
        Step(Some(pb))
    }
}

impl regio_study::Progress for Ctx {
    fn say(&self, msg: &str) {
        Ctx::say(self, msg)
    }
    fn begin(&self, what: &str) {
        std::mem::forget(self.step(what));
    }
    fn end(&self) {
        if let Ok(mut a) = ACTIVE.lock() {
            if let Some(pb) = a.take() {
                pb.finish_and_clear();
            }
        }
    }
}

/// The spinner of the step in progress, if any (see [`Ctx::say`]).
static ACTIVE: std::sync::Mutex<Option<indicatif::ProgressBar>> = std::sync::Mutex::new(None);

/// A long step in progress (see [`Ctx::step`]); clears its spinner when dropped.
pub struct Step(Option<indicatif::ProgressBar>);

impl Drop for Step {
    fn drop(&mut self) {
        if let Some(pb) = &self.0 {
            pb.finish_and_clear();
            if let Ok(mut a) = ACTIVE.lock() {
                *a = None;
            }
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
    /// The data break a domain rule; the hint names the flags that help (exit code 4).
    #[error("{source}; {hint}")]
    DomainHint {
        /// The domain error.
        source: regio_core::Error,
        /// Flags of this command that address it.
        hint: String,
    },
    /// The command line is inconsistent (exit code 2).
    #[error("{0}")]
    Usage(String),
}

/// The flag of a workflow option (options are named like their flags, with
/// `_` for `-`).
pub fn flag(option: &str) -> String {
    format!("--{}", option.replace('_', "-"))
}

impl From<regio_study::StudyError> for CliError {
    fn from(e: regio_study::StudyError) -> Self {
        use regio_study::StudyError as S;
        match e {
            S::Io(e) => CliError::Io(e),
            S::Domain(e) => CliError::Domain(e),
            S::Option {
                option,
                value,
                expected,
            } => CliError::Usage(format!("{} {value}: expected {expected}", flag(option))),
            S::Choose {
                option,
                what,
                available,
            } => CliError::Usage(format!(
                "{what}; choose with {} (available: {})",
                flag(option),
                if available.is_empty() {
                    "none".to_string()
                } else {
                    available.join(", ")
                }
            )),
        }
    }
}

/// For commands with `--missing`: a missing-cells error names the flag.
pub fn missing_hint(e: CliError) -> CliError {
    match e {
        CliError::Domain(source @ regio_core::Error::Missing { .. }) => CliError::DomainHint {
            source,
            hint: "use --missing zero or --missing drop-regions".into(),
        },
        e => e,
    }
}

impl CliError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Io(_) => 3,
            CliError::Domain(_) | CliError::DomainHint { .. } => 4,
        }
    }
}

/// Where the data come from: a manifest, a single file, or the embedded demo.
#[derive(Args, Debug, Clone)]
pub struct InputArgs {
    /// A regio.toml manifest or a single data file (CSV, Parquet, GeoJSON,
    /// TopoJSON, Shapefile). Omit it to use the embedded Korean demo.
    pub input: Option<PathBuf>,
    /// Single CSV input: column with region codes (default: region, region_code or code).
    #[arg(long)]
    pub region_col: Option<String>,
    /// Single CSV input: column with industry codes (default: industry or industry_code).
    #[arg(long)]
    pub industry_col: Option<String>,
    /// Single CSV input: column with years (default: year).
    #[arg(long)]
    pub year_col: Option<String>,
    /// Single CSV input: column with values (default: value).
    #[arg(long)]
    pub value_col: Option<String>,
    /// Single CSV input: column naming the measure of each row (default: measure, if present).
    #[arg(long)]
    pub measure_col: Option<String>,
    /// Single CSV input: column naming the series/basis of each row (default: series, if present).
    #[arg(long)]
    pub series_col: Option<String>,
    /// Single CSV input: text encoding, utf-8 or cp949 (default: detected).
    #[arg(long)]
    pub encoding: Option<String>,
    /// Embedded demo used when no input is given: korea (si-do x KSIC
    /// sections, carbon, population, migration, passenger flows) or trade
    /// (226 countries x 785 SITC4 products, exports averaged 1998-2000).
    #[arg(long, default_value = "korea")]
    pub demo: String,
}

/// Where and how results are written.
#[derive(Args, Debug, Clone)]
pub struct OutputArgs {
    /// Output directory (created if missing).
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// Output formats, comma-separated: csv, parquet, json, geojson.
    #[arg(long, value_delimiter = ',', default_value = "csv")]
    pub format: Vec<String>,
}

/// Parses `--missing`: error, zero or drop-regions (regions with a missing
/// cell in any year used; `drop` is accepted too).
pub fn missing_policy(s: &str) -> Result<regio_core::MissingPolicy, CliError> {
    use regio_core::MissingPolicy;
    match s {
        "error" => Ok(MissingPolicy::Error),
        "zero" => Ok(MissingPolicy::Zero),
        "drop-regions" | "drop" => Ok(MissingPolicy::DropRegions),
        o => Err(CliError::Usage(format!(
            "--missing {o:?}: expected error, zero or drop-regions"
        ))),
    }
}

/// Loads the dataset named by the input arguments.
pub fn load_dataset(input: &InputArgs, ctx: &Ctx) -> Result<Dataset, CliError> {
    let step = ctx.step("reading the data");
    let Some(path) = &input.input else {
        if !regio_io::open::DEMOS.contains(&input.demo.as_str()) {
            return Err(CliError::Usage(format!(
                "--demo {:?}: expected korea or trade",
                input.demo
            )));
        }
        let ds = regio_io::open::demo(&input.demo)?;
        drop(step);
        ctx.say(format!("input: embedded demo ({})", ds.name));
        return Ok(ds);
    };
    let encoding = match &input.encoding {
        Some(e) => Some(Encoding::parse(e).ok_or_else(|| {
            CliError::Usage(format!("--encoding {e:?}: expected utf-8 or cp949"))
        })?),
        None => None,
    };
    let columns = regio_io::open::Columns {
        region: input.region_col.clone(),
        industry: input.industry_col.clone(),
        year: input.year_col.clone(),
        value: input.value_col.clone(),
        measure: input.measure_col.clone(),
        series: input.series_col.clone(),
    };
    let ds = regio_io::open::open(path, &columns, encoding)?;
    drop(step);
    ctx.say(format!("input: {}", path.display()));
    Ok(ds)
}

/// Writes tables to the output directory in the requested formats; tables
/// without a region column are skipped for GeoJSON (with a note).
pub fn write_tables(
    out: &OutputArgs,
    tables: &[Table],
    boundaries: Option<&Boundaries>,
    ctx: &Ctx,
) -> Result<Vec<PathBuf>, CliError> {
    let mut formats = Vec::new();
    for f in &out.format {
        let fmt = Format::parse(f).ok_or_else(|| {
            CliError::Usage(format!(
                "--format {f:?}: expected csv, parquet, json or geojson"
            ))
        })?;
        if !formats.contains(&fmt) {
            formats.push(fmt);
        }
    }
    if formats.contains(&Format::GeoJson) && boundaries.is_none() {
        return Err(CliError::Usage(
            "--format geojson needs boundaries: give a manifest with boundaries, a boundary file, or use the demo".into(),
        ));
    }
    let mut written = Vec::new();
    for t in tables {
        for &fmt in &formats {
            if fmt == Format::GeoJson && t.region_key.is_none() {
                ctx.say(format!(
                    "note: table {} has no region column; not written as GeoJSON",
                    t.name
                ));
                continue;
            }
            let p = regio_io::write_table(&out.out, t, fmt, boundaries)?;
            ctx.say(format!("wrote {}", p.display()));
            written.push(p);
        }
    }
    Ok(written)
}
