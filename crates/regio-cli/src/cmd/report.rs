//! `regio report`: runs the analyses the dataset supports and writes one
//! self-contained HTML file (`regio-report.html`) with maps, charts and
//! tables in the study's order. The drawing lives in `regio_report`; this
//! module only picks the inputs, runs the analyses and writes the file.

use crate::common::{self, CliError, Ctx};
use regio_report::study::{report, ReportOptions};
use regio_report::{png, Palette, Scheme};
use std::path::{Path, PathBuf};

/// File name of the report.
pub const REPORT_FILE: &str = "regio-report.html";

/// Arguments of `regio report`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  regio report                      # embedded Korean demo → ./regio-report.html
  regio report regio.toml --out site --scheme quantiles:5 --palette viridis
  regio report --png                # also one PNG per map and chart in ./regio-report-png/")]
pub struct Args {
    #[command(flatten)]
    pub input: common::InputArgs,
    /// Directory for regio-report.html (created if missing).
    #[arg(long, default_value = ".")]
    pub out: PathBuf,
    /// Map classification: quantiles:K, equal:K, jenks:K (Fisher-Jenks) or breaks:B1,B2,...
    #[arg(long, default_value = "jenks:5")]
    pub scheme: String,
    /// Palette of numeric maps: ylgnbu, ylorrd, rdbu or viridis.
    #[arg(long, default_value = "ylgnbu")]
    pub palette: String,
    /// Measure (panel) of the regional diagnostics (default: employees, or
    /// the dataset's only measure).
    #[arg(long)]
    pub measure: Option<String>,
    /// At most this many maps per result table.
    #[arg(long, default_value_t = 3)]
    pub max_maps: usize,
    /// Also export every map and chart as PNG (2x) into DIR/regio-report-png/.
    #[arg(long)]
    pub png: bool,
}

fn mkdir(dir: &Path) -> Result<(), CliError> {
    std::fs::create_dir_all(dir).map_err(|e| {
        CliError::Io(regio_io::IoError::Io {
            path: dir.to_path_buf(),
            source: e,
        })
    })
}

/// Runs `regio report`.
pub fn run(a: Args, ctx: &Ctx) -> Result<(), CliError> {
    let scheme = Scheme::parse(&a.scheme).map_err(|e| CliError::Usage(format!("--scheme: {e}")))?;
    let palette =
        Palette::parse(&a.palette).map_err(|e| CliError::Usage(format!("--palette: {e}")))?;
    let ds = common::load_dataset(&a.input, ctx)?;
    let opts = regio_study::study::Options {
        measure: a.measure.clone(),
        ..Default::default()
    };
    let study = regio_study::study::run(&ds, &opts, ctx);
    let mut ro = ReportOptions::new(format!("regio {}", env!("CARGO_PKG_VERSION")));
    ro.scheme = scheme;
    ro.palette = palette;
    ro.max_maps_per_table = a.max_maps;
    let report = report(&study, &ro).map_err(|e| CliError::Usage(format!("report: {e}")))?;
    mkdir(&a.out)?;
    let path = a.out.join(REPORT_FILE);
    let html = report.to_html();
    regio_io::atomic::write_atomic(&path, html.as_bytes())?;
    ctx.say(format!(
        "report: {} ({} sections, {} figures, {:.1} MB)",
        path.display(),
        report.sections.len(),
        report.figures().count(),
        html.len() as f64 / 1e6
    ));
    if a.png {
        let dir = a.out.join("regio-report-png");
        mkdir(&dir)?;
        let info = png::font_info();
        if !info.hangul {
            ctx.say("png: no Hangul-capable font found; Korean labels may be missing (install fonts-noto-cjk or set REGIO_FONT_DIR)");
        }
        let mut n = 0;
        for f in report.figures() {
            let bytes = png::svg_to_png(&f.svg, 2.0)
                .map_err(|e| CliError::Usage(format!("{}: {e}", f.id)))?;
            regio_io::atomic::write_atomic(&dir.join(format!("{}.png", f.id)), &bytes)?;
            n += 1;
        }
        ctx.say(format!("png: {n} images in {}", dir.display()));
    }
    Ok(())
}
