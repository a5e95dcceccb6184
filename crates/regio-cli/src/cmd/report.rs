//! `regio report`: runs the analyses the dataset supports and writes one
//! self-contained HTML file (`regio-report.html`) with maps, charts and
//! tables in the study's order. The drawing lives in `regio_report`; this
//! module only picks the inputs, runs the analyses and writes the file.

use crate::common::{self, CliError, Ctx};
use regio_core::{Dataset, Panel, Table};
use regio_econ::demography::extinction::extinction_table;
use regio_econ::diagnose::{self, DiagnoseOptions};
use regio_report::study::{self, StudyInput};
use regio_report::{png, AreasView, Palette, Scheme, ZonesView};
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

/// The panel of `measure` to diagnose: the series with the most years
/// (ties: the later last year), never a mix of series.
fn pick_panel<'d>(ds: &'d Dataset, measure: &str) -> Option<(&'d str, &'d Panel)> {
    ds.panels
        .iter()
        .filter(|(k, p)| {
            p.measure == measure || *k == measure || k.starts_with(&format!("{measure}@"))
        })
        .max_by(|a, b| {
            (a.1.years.len(), a.1.years.last())
                .cmp(&(b.1.years.len(), b.1.years.last()))
                .then(b.0.cmp(a.0))
        })
        .map(|(k, p)| (k.as_str(), p))
}

/// Dataset parts the analyses consumed (their raw maps are left out), and
/// what the zones and living-area sections draw.
#[derive(Default)]
pub(crate) struct Used {
    pub(crate) panels: Vec<String>,
    pub(crate) attributes: Vec<String>,
    pub(crate) zones: Option<ZonesView>,
    pub(crate) areas: Option<AreasView>,
}

/// Reduction rate of the report's net-zero zones (the study's scenario).
const ZONES_REDUCTION: f64 = 0.95;

/// Net-zero zones with the defaults of `regio zones --sweep` (Gyeonggi's
/// 42 carbon units in the demo, r = 0.95, seed 1, automatic passes).
fn zones(ds: &Dataset, notes: &mut Vec<(String, String)>, used: &mut Used) -> Vec<Table> {
    let mut args: super::zones::Args = default_args("zones");
    args.reduction = ZONES_REDUCTION;
    args.sweep = true;
    let z = match super::zones::compute(&args, ds, &Ctx { quiet: true }) {
        Ok(z) => z,
        Err(e) => {
            notes.push(("net-zero zones".into(), format!("not run: {e}")));
            return Vec::new();
        }
    };
    let (zoning, balance) = match z.solved {
        Ok(s) => s,
        Err(msg) => {
            notes.push(("net-zero zones".into(), format!("no zoning: {msg}")));
            return z.tables;
        }
    };
    let g = &z.graph;
    let neighbours = (0..g.len())
        .flat_map(|i| {
            g.neighbors(i)
                .iter()
                .map(move |&j| (i, j as usize))
                .filter(|(i, j)| i < j)
        })
        .collect();
    let settings = format!(
        "the defaults of `regio zones --reduction {} --seed {} --sweep` on boundaries {} ({} construction passes, contiguity {})",
        args.reduction, args.seed, z.boundary_set, zoning.passes, z.contiguity
    );
    notes.push(("net-zero zones".into(), settings.clone()));
    used.zones = Some(ZonesView {
        boundaries: z.boundary_set.clone(),
        codes: z.codes.clone(),
        zone: zoning.labels.iter().map(|l| l.map(|z| z + 1)).collect(),
        neighbours,
        balance,
        reduction: args.reduction,
        expression: z.expr.clone(),
        frontier: z
            .frontier
            .iter()
            .map(|p| (p.r, p.feasible.then_some(p.p)))
            .collect(),
        r_min: z.feasibility.r_min,
        settings,
    });
    z.tables
}

/// Living areas (TTWA with the ONS 2011 parameters) of the passenger
/// flows; skipped with a note when the dataset has none (the demo's 159
/// si-gun OD is read from data/ at run time).
fn living_areas(ds: &Dataset, notes: &mut Vec<(String, String)>, used: &mut Used) -> Vec<Table> {
    const FLOWS: &str = "passenger";
    if !ds.flows.contains_key(FLOWS) {
        notes.push((
            "living areas".into(),
            format!("skipped: no {FLOWS:?} flows in the dataset (the demo reads the 159 si-gun passenger OD from data/ at run time; set REGIO_DATA_DIR); run `regio living-areas --flows NAME` on other flows"),
        ));
        return Vec::new();
    }
    let mut args: super::living_areas::Args = default_args("living-areas");
    args.flows = Some(FLOWS.into());
    let a = match super::living_areas::compute(&args, ds, &Ctx { quiet: true }) {
        Ok(a) => a,
        Err(e) => {
            notes.push(("living areas".into(), format!("not run: {e}")));
            return Vec::new();
        }
    };
    let setting = format!(
        "{} on flows {FLOWS:?}; the defaults of `regio living-areas --flows {FLOWS}`",
        a.method
    );
    let Some((bname, _)) = &a.boundaries else {
        notes.push((
            "living areas".into(),
            format!("{setting}; no boundary set covers the flow units, tables only"),
        ));
        return a.tables;
    };
    notes.push(("living areas".into(), setting));
    let (fm, p) = (&a.fm, &a.partition);
    let col = |t: &Table, name: &str| -> Vec<String> {
        t.column(name)
            .map(|c| (0..c.len()).map(|r| c.text(r)).collect())
            .unwrap_or_default()
    };
    let (areas, units) = (&a.tables[0], &a.tables[1]);
    let sc = areas.column("self_containment");
    let self_containment = col(areas, "area")
        .into_iter()
        .enumerate()
        .filter_map(|(r, id)| Some((id, sc?.f64(r)?)))
        .collect();
    let iso: std::collections::BTreeSet<String> = col(units, "code")
        .into_iter()
        .zip(col(units, "isolated"))
        .filter(|(_, i)| i == "true")
        .map(|(c, _)| c)
        .collect();
    used.areas = Some(AreasView {
        boundaries: bname.clone(),
        codes: fm.codes.clone(),
        area: p.area.iter().map(|&k| a.area_ids[k].clone()).collect(),
        self_containment,
        isolated: (0..fm.len())
            .filter(|&u| iso.contains(&fm.codes[u]))
            .collect(),
        min_attachment: args.min_attachment,
        linkage: regio_space::functional::linkage::area_flows(fm, p)
            .into_iter()
            .map(|(x, y, f)| (a.area_ids[x].clone(), a.area_ids[y].clone(), f))
            .collect(),
        flows: format!(
            "flow set {FLOWS:?} ({} units, {} links)",
            fm.len(),
            regio_report::svg::human(fm.n_links() as f64)
        ),
        method: a.method.clone(),
    });
    a.tables
}

/// Runs the analyses the dataset supports; an analysis that cannot run is
/// reported in the notes instead of stopping the report.
pub(crate) fn analyses(
    ds: &Dataset,
    measure: &str,
    notes: &mut Vec<(String, String)>,
    used: &mut Used,
) -> Vec<Table> {
    let mut tables = Vec::new();
    match pick_panel(ds, measure) {
        Some((key, p)) if !p.years.is_empty() => {
            used.panels.push(key.to_string());
            let year = p.years[p.years.len() - 1];
            // Base year: the first year from which every later year is
            // complete (e.g. after a region was created), so that no cell
            // has to be invented.
            let base = (0..p.years.len())
                .find(|&b| (b..p.years.len()).all(|y| p.missing_in_year(y) == 0))
                .map(|b| p.years[b]);
            let mut opts = DiagnoseOptions::new(year);
            // A base equal to the end year (one year of data): cross-section only.
            let base = base.filter(|&b| b < year || p.years.len() == 1);
            match base {
                Some(b) if b < year => opts.base = base,
                Some(_) => {}
                None => opts.missing = regio_core::MissingPolicy::DropRegions,
            }
            match diagnose::diagnose(p, &opts) {
                Ok(t) => {
                    notes.push((
                        "diagnostics".into(),
                        match base {
                            Some(b) if b == year => format!("panel {key}, {year} (one year: cross-sectional families only), textbook defaults of `regio diagnose`"),
                            Some(b) => format!("panel {key}, base {b}, end {year} (first base year with complete data), textbook defaults of `regio diagnose`"),
                            None => format!("panel {key}, end {year}; regions with missing cells dropped"),
                        },
                    ));
                    tables.extend(t);
                }
                Err(e) => notes.push(("diagnostics".into(), format!("not run: {e}"))),
            }
        }
        _ => notes.push((
            "diagnostics".into(),
            format!("not run: no panel of measure {:?}", measure),
        )),
    }
    // Spatial structure (verdict) and strategic industries, with the
    // defaults of `regio structure` and `regio strategy`.
    let quiet = Ctx { quiet: true };
    match super::structure::tables(&default_args("structure"), ds, &quiet) {
        Ok(t) => {
            notes.push((
                "spatial structure".into(),
                "defaults of `regio structure` (size from the panels, flows from every flow set)"
                    .into(),
            ));
            tables.extend(t);
        }
        Err(e) => notes.push(("spatial structure".into(), format!("not run: {e}"))),
    }
    match regio_study::strategy::run(ds, &Default::default(), &regio_study::Silent) {
        Ok(regio_study::strategy::Outcome { tables: t, .. }) => {
            notes.push((
                "strategic industries".into(),
                "defaults of `regio strategy` (regions, latest complete year)".into(),
            ));
            tables.extend(t);
        }
        Err(e) => notes.push(("strategic industries".into(), format!("not run: {e}"))),
    }
    tables.extend(zones(ds, notes, used));
    tables.extend(living_areas(ds, notes, used));
    let ext = ds.attributes.iter().find(|(_, s)| {
        s.columns.contains_key("female_20_39") && s.columns.contains_key("pop_65plus")
    });
    if let Some((name, s)) = ext {
        let r = (|| -> Result<Table, CliError> {
            Ok(extinction_table(
                &s.regions.codes(),
                &s.regions.names(),
                s.column("female_20_39")?,
                s.column("pop_65plus")?,
                s.columns.get("total_pop").map(|v| v.as_slice()),
            )?)
        })();
        match r {
            Ok(t) => {
                used.attributes.push(name.clone());
                notes.push((
                    "extinction index".into(),
                    format!("attributes {name} (women 20-39 / persons 65+)"),
                ));
                tables.push(t);
            }
            Err(e) => notes.push(("extinction index".into(), format!("not run: {e}"))),
        }
    }
    tables
}

/// A subcommand's arguments with every default, as `regio NAME` alone would
/// parse them.
fn default_args<A: clap::Args + clap::FromArgMatches>(name: &'static str) -> A {
    let cmd = A::augment_args(clap::Command::new(name));
    let m = cmd
        .try_get_matches_from([name])
        .expect("a subcommand's defaults parse");
    A::from_arg_matches(&m).expect("a subcommand's defaults parse")
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
    let mut notes = Vec::new();
    let mut used = Used::default();
    let step = ctx.step("report: running the analyses");
    let tables = analyses(
        &ds,
        &common::measure_name(&ds, a.measure.as_deref()),
        &mut notes,
        &mut used,
    );
    drop(step);
    let mut input = StudyInput::new(&ds, &tables, format!("regio {}", env!("CARGO_PKG_VERSION")));
    input.scheme = scheme;
    input.palette = palette;
    input.max_maps_per_table = a.max_maps;
    input.parameters = notes;
    if !used.panels.is_empty() {
        input.panels = Some(used.panels);
    }
    input.skip_attributes = used.attributes;
    input.zones = used.zones;
    input.areas = used.areas;
    let report = study::build(&input).map_err(|e| CliError::Usage(format!("report: {e}")))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn living_areas_are_skipped_with_a_note_without_the_passenger_od() {
        let mut ds = regio_io::demo::korea().unwrap();
        ds.flows.remove("passenger");
        let mut notes = Vec::new();
        let mut used = Used::default();
        let tables = analyses(&ds, "employees", &mut notes, &mut used);
        assert!(used.areas.is_none() && used.zones.is_some());
        assert!(!tables.iter().any(|t| t.name.starts_with("living_area")));
        assert!(
            notes
                .iter()
                .any(|(k, v)| k == "living areas"
                    && v.starts_with("skipped: no \"passenger\" flows")),
            "{notes:?}"
        );
        // The report still builds: section 3 keeps the extinction content,
        // without the living-area map; the note is listed in section 5.
        let mut input = StudyInput::new(&ds, &tables, "regio test");
        input.parameters = notes;
        input.zones = used.zones;
        let html = study::build(&input).unwrap().to_html();
        assert!(html.contains("<section id=\"areas\">"));
        assert!(!html.contains("-living-areas\""));
        assert!(html.contains("-net-zero-zones\""));
        assert!(html.contains("<td>living areas</td><td>skipped: no &quot;passenger&quot; flows"));
    }
}
