//! The study: every analysis the data support, run with the documented
//! defaults, its tables tagged with the section of the study they answer
//! (1 regional diagnostics, 2 net-zero zones, 3 living areas and decline,
//! 4 strategic industries). The HTML report and the dashboard present a
//! [`Study`]; neither runs an analysis itself.

use regio_core::Table;

/// The sections of the study, in order (the report adds a fifth, data and methods).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// 1 Regional diagnostics: specialisation, shift-share, spatial structure.
    Diagnostics,
    /// 2 Net-zero resource-circulation zones.
    Zones,
    /// 3 Living areas, hub cities and population decline.
    Areas,
    /// 4 Strategic industries and growth paths.
    Strategy,
}

impl Section {
    /// Every section in study order.
    pub const ALL: [Section; 4] = [
        Section::Diagnostics,
        Section::Zones,
        Section::Areas,
        Section::Strategy,
    ];

    /// Position in the study (0-based).
    pub fn index(self) -> usize {
        self as usize
    }

    /// A short ASCII id (`diagnostics`, `zones`, `areas`, `strategy`).
    pub fn id(self) -> &'static str {
        match self {
            Section::Diagnostics => "diagnostics",
            Section::Zones => "zones",
            Section::Areas => "areas",
            Section::Strategy => "strategy",
        }
    }

    /// The section of a dataset's attribute set (or one of its columns)
    /// that no analysis consumed, told by its name: carbon and zoning data
    /// go with the zones; demography, living areas and flows with section 3;
    /// complexity and strategy with section 4; anything else with the
    /// diagnostics. Result tables never go through this: each workflow tags
    /// its own tables.
    pub fn of_data_name(name: &str) -> Section {
        let n = name.to_ascii_lowercase();
        let has = |k: &[&str]| k.iter().any(|w| n.contains(w));
        if has(&[
            "zone", "netzero", "net_zero", "frontier", "feasib", "carbon",
        ]) {
            Section::Zones
        } else if has(&[
            "living",
            "area",
            "functional",
            "ttwa",
            "intramax",
            "extinction",
            "decline",
            "demograph",
            "migration",
            "commut",
        ]) {
            Section::Areas
        } else if has(&[
            "strateg",
            "complexity",
            "eci",
            "pci",
            "relatedness",
            "density",
            "growth_path",
            "candidate",
            "smart",
        ]) {
            Section::Strategy
        } else {
            Section::Diagnostics
        }
    }
}

/// A result table and the section of the study it answers.
#[derive(Debug, Clone)]
pub struct Tagged {
    /// The section.
    pub section: Section,
    /// The table.
    pub table: Table,
}

impl Tagged {
    /// Tags every table of `tables` with `section`.
    pub fn all(section: Section, tables: Vec<Table>) -> Vec<Tagged> {
        tables
            .into_iter()
            .map(|table| Tagged { section, table })
            .collect()
    }
}

use crate::error::StudyError;
use crate::progress::{Progress, Silent};
use crate::select::PanelQuery;
use regio_core::Dataset;

/// What the study runs beyond each workflow's own defaults.
#[derive(Debug, Clone)]
pub struct Options {
    /// Measure of the regional diagnostics (default: the dataset's only
    /// measure, else `employees`); its longest series is used.
    pub measure: Option<String>,
    /// The net-zero zones (default: r = 0.95 with the frontier swept).
    pub zones: crate::zones::Options,
    /// The living areas (default: TTWA on the flow set `passenger`).
    pub living_areas: crate::living_areas::Options,
}

/// Reduction rate of the study's net-zero zones (the study's scenario).
pub const ZONES_REDUCTION: f64 = 0.95;

/// Flow set of the study's living areas.
pub const AREAS_FLOWS: &str = "passenger";

impl Default for Options {
    fn default() -> Self {
        Options {
            measure: None,
            zones: crate::zones::Options {
                reduction: ZONES_REDUCTION,
                sweep: true,
                ..Default::default()
            },
            living_areas: crate::living_areas::Options {
                flows: Some(AREAS_FLOWS.into()),
                ..Default::default()
            },
        }
    }
}

/// Every analysis the data support, each with the settings it ran with or
/// the reason it did not run.
pub struct Study<'d> {
    /// The dataset.
    pub dataset: &'d Dataset,
    /// Result tables, tagged by section, in study order.
    pub tables: Vec<Tagged>,
    /// (analysis, settings it ran with, or why it did not run).
    pub notes: Vec<(String, String)>,
    /// Dataset keys of the panels the diagnostics consumed.
    pub panels: Vec<String>,
    /// Attribute sets an analysis consumed and presents itself.
    pub attributes_used: Vec<String>,
    /// The net-zero zoning, when the data have zoning units and a zoning exists.
    pub zones: Option<crate::zones::Outcome<'d>>,
    /// The living areas, when the data have the flows.
    pub areas: Option<crate::living_areas::Outcome<'d>>,
}

impl Study<'_> {
    /// The tables of one section.
    pub fn section(&self, s: Section) -> impl Iterator<Item = &Table> {
        self.tables
            .iter()
            .filter(move |t| t.section == s)
            .map(|t| &t.table)
    }
}

/// Runs every analysis the dataset supports; one that cannot run is noted
/// with its reason instead of stopping the study.
///
/// ```
/// use regio_study::study::{self, Section};
/// let ds = regio_io::demo::korea()?;
/// let s = study::run(&ds, &Default::default(), &regio_study::Silent);
/// assert!(s.section(Section::Diagnostics).any(|t| t.name == "shift_share"));
/// assert!(s.zones.is_some());
/// assert!(s.notes.iter().any(|(k, _)| k == "net-zero zones"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run<'d>(ds: &'d Dataset, opts: &Options, progress: &dyn Progress) -> Study<'d> {
    let mut s = Study {
        dataset: ds,
        tables: Vec::new(),
        notes: Vec::new(),
        panels: Vec::new(),
        attributes_used: Vec::new(),
        zones: None,
        areas: None,
    };
    let _step = crate::progress::Step::new(progress, "study: running the analyses");
    diagnostics(&mut s, opts.measure.as_deref());
    let note = |s: &mut Study<'d>, k: &str, v: String| s.notes.push((k.into(), v));
    match crate::structure::run(ds, &Default::default(), &Silent) {
        Ok(o) => {
            note(
                &mut s,
                "spatial structure",
                "defaults of `regio structure` (size from the panels, flows from every flow set)"
                    .into(),
            );
            s.tables.extend(Tagged::all(Section::Diagnostics, o.tables));
        }
        Err(e) => note(&mut s, "spatial structure", format!("not run: {e}")),
    }
    match crate::strategy::run(ds, &Default::default(), &Silent) {
        Ok(o) => {
            note(
                &mut s,
                "strategic industries",
                "defaults of `regio strategy` (regions, latest complete year)".into(),
            );
            s.tables.extend(Tagged::all(Section::Strategy, o.tables));
        }
        Err(e) => note(&mut s, "strategic industries", format!("not run: {e}")),
    }
    zones(&mut s, &opts.zones);
    living_areas(&mut s, &opts.living_areas);
    extinction(&mut s);
    s
}

/// Regional diagnostics of the measure's longest series, from the first
/// base year with complete data to the last year.
fn diagnostics(s: &mut Study<'_>, measure: Option<&str>) {
    use regio_econ::diagnose::{self, DiagnoseOptions};
    let ds = s.dataset;
    let q = PanelQuery {
        prefer_longest: true,
        ..PanelQuery::measure(measure)
    };
    let sel = match q.select(ds, &Silent) {
        Ok(sel) if !sel.panel.years.is_empty() => sel,
        _ => {
            s.notes.push((
                "diagnostics".into(),
                format!(
                    "not run: no panel of measure {:?}",
                    crate::select::measure_name(ds, measure)
                ),
            ));
            return;
        }
    };
    let (key, p) = (sel.key, sel.panel);
    s.panels.push(key.to_string());
    let year = p.years[p.years.len() - 1];
    // Base year: the first year from which every later year is complete
    // (e.g. after a region was created), so that no cell is invented.
    let base = (0..p.years.len())
        .find(|&b| (b..p.years.len()).all(|y| p.missing_in_year(y) == 0))
        .map(|b| p.years[b]);
    let mut o = DiagnoseOptions::new(year);
    // A base equal to the end year (one year of data): cross-section only.
    let base = base.filter(|&b| b < year || p.years.len() == 1);
    match base {
        Some(b) if b < year => o.base = base,
        Some(_) => {}
        None => o.missing = regio_core::MissingPolicy::DropRegions,
    }
    match diagnose::diagnose(p, &o) {
        Ok(t) => {
            s.notes.push((
                "diagnostics".into(),
                match base {
                    Some(b) if b == year => format!("panel {key}, {year} (one year: cross-sectional families only), textbook defaults of `regio diagnose`"),
                    Some(b) => format!("panel {key}, base {b}, end {year} (first base year with complete data), textbook defaults of `regio diagnose`"),
                    None => format!("panel {key}, end {year}; regions with missing cells dropped"),
                },
            ));
            s.tables.extend(Tagged::all(Section::Diagnostics, t));
        }
        Err(e) => s
            .notes
            .push(("diagnostics".into(), format!("not run: {e}"))),
    }
}

fn zones<'d>(s: &mut Study<'d>, opts: &crate::zones::Options) {
    let z = match crate::zones::run(s.dataset, opts, &Silent) {
        Ok(z) => z,
        Err(e) => {
            s.notes
                .push(("net-zero zones".into(), format!("not run: {e}")));
            return;
        }
    };
    let tables = z.tables.clone();
    match &z.solved {
        Err(msg) => s
            .notes
            .push(("net-zero zones".into(), format!("no zoning: {msg}"))),
        Ok(solved) => {
            s.notes.push((
                "net-zero zones".into(),
                format!(
                    "the defaults of `regio zones --reduction {} --seed {}{}` on boundaries {} ({} construction passes, contiguity {})",
                    z.reduction,
                    z.seed,
                    if opts.sweep { " --sweep" } else { "" },
                    z.boundary_set,
                    solved.zoning.passes,
                    z.contiguity
                ),
            ));
            s.zones = Some(z);
        }
    }
    s.tables.extend(Tagged::all(Section::Zones, tables));
}

fn living_areas<'d>(s: &mut Study<'d>, opts: &crate::living_areas::Options) {
    let ds = s.dataset;
    let flows = opts.flows.clone().unwrap_or_default();
    if !ds.flows.contains_key(&flows) {
        s.notes.push((
            "living areas".into(),
            format!("skipped: no {flows:?} flows in the dataset (the demo reads the 159 si-gun passenger OD from data/ at run time; set REGIO_DATA_DIR); run `regio living-areas --flows NAME` on other flows"),
        ));
        return;
    }
    let a = match crate::living_areas::run(ds, opts, &Silent) {
        Ok(a) => a,
        Err(e) => {
            s.notes
                .push(("living areas".into(), format!("not run: {e}")));
            return;
        }
    };
    let setting = format!(
        "{} on flows {flows:?}; the defaults of `regio living-areas --flows {flows}`",
        a.method
    );
    let tables = a.tables.clone();
    if a.boundaries.is_none() {
        s.notes.push((
            "living areas".into(),
            format!("{setting}; no boundary set covers the flow units, tables only"),
        ));
    } else {
        s.notes.push(("living areas".into(), setting));
        s.areas = Some(a);
    }
    s.tables.extend(Tagged::all(Section::Areas, tables));
}

/// The local-extinction index of the first attribute set with women aged
/// 20-39 and persons aged 65 and over.
fn extinction(s: &mut Study<'_>) {
    let ds = s.dataset;
    let ext = ds.attributes.iter().find(|(_, a)| {
        a.columns.contains_key("female_20_39") && a.columns.contains_key("pop_65plus")
    });
    let Some((name, a)) = ext else {
        return;
    };
    let r = (|| -> Result<Table, StudyError> {
        Ok(regio_econ::demography::extinction::extinction_table(
            &a.regions.codes(),
            &a.regions.names(),
            a.column("female_20_39")?,
            a.column("pop_65plus")?,
            a.columns.get("total_pop").map(|v| v.as_slice()),
        )?)
    })();
    match r {
        Ok(t) => {
            s.attributes_used.push(name.clone());
            s.notes.push((
                "extinction index".into(),
                format!("attributes {name} (women 20-39 / persons 65+)"),
            ));
            s.tables.push(Tagged {
                section: Section::Areas,
                table: t,
            });
        }
        Err(e) => s
            .notes
            .push(("extinction index".into(), format!("not run: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn living_areas_are_skipped_with_a_note_without_the_passenger_od() {
        let mut ds = regio_io::demo::korea().unwrap();
        ds.flows.remove("passenger");
        let s = run(&ds, &Options::default(), &Silent);
        assert!(s.areas.is_none() && s.zones.is_some());
        assert_eq!(s.section(Section::Areas).count(), 1, "extinction only");
        assert!(
            s.notes
                .iter()
                .any(|(k, v)| k == "living areas"
                    && v.starts_with("skipped: no \"passenger\" flows")),
            "{:?}",
            s.notes
        );
    }

    #[test]
    fn tables_carry_the_section_of_the_workflow_that_made_them() {
        let ds = regio_io::demo::korea().unwrap();
        let s = run(&ds, &Options::default(), &Silent);
        let names = |sec| s.section(sec).map(|t| t.name.clone()).collect::<Vec<_>>();
        assert!(names(Section::Zones).contains(&"zones".to_string()));
        assert!(names(Section::Zones).contains(&"frontier".to_string()));
        assert!(
            names(Section::Areas).contains(&"extinction".to_string())
                || names(Section::Areas)
                    .iter()
                    .any(|n| n.contains("extinction"))
        );
        assert!(names(Section::Diagnostics).contains(&"shift_share".to_string()));
        assert!(!names(Section::Strategy).is_empty());
    }
}
