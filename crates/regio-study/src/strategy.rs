//! Strategic industries for regions or super-regions: the
//! smart-specialisation matrix of relatedness density against complexity
//! (Balland et al. 2019, *Regional Studies* 53(9)) with ranked candidates
//! and evidence, diversification growth paths (a beam search and a greedy
//! baseline over relatedness density, Hidalgo et al. 2007, and complexity,
//! Hidalgo & Hausmann 2009, or complexity outlook gain, Hausmann et al.
//! 2014), and peer regions by structural similarity. Super-regions pool
//! their members' values before RCA and relatedness are computed. The
//! analysis lives in `regio_econ::strategy`.

use crate::error::{Result, StudyError};
use crate::progress::{Progress, Step};
use crate::select::PanelQuery;
use regio_core::{Column, Dataset, MissingPolicy, RegionSet, Table};
use regio_econ::complexity::Options as ComplexityOptions;
use regio_econ::strategy::growth_path::{
    all_paths, paths_table, GrowthPath, Objective, PathOptions,
};
use regio_econ::strategy::peers::{peers, Profile};
use regio_econ::strategy::smart_spec::{smart_spec, SmartSpecOptions, Threshold};
use regio_econ::strategy::super_regions::SuperRegions;
use regio_econ::strategy::Capabilities;
use std::path::PathBuf;

/// Panels with fewer industries than this are a coarse classification (the
/// demo's KSIC sections): relatedness and complexity are indicative only.
pub const COARSE: usize = 30;
/// Largest path length (each step scans every candidate industry of every path kept).
pub const MAX_PATH_LENGTH: usize = 1000;
/// Largest beam width (the search keeps this many partial paths per unit and step).
pub const MAX_BEAM_WIDTH: usize = 1000;
/// Most peers listed per unit (the table has one row per unit and peer).
pub const MAX_PEERS: usize = 10_000;

/// Where super-regions come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SuperRegion {
    /// A preset of regio-econ (e.g. `korea-megaregions`).
    Preset(String),
    /// A CSV mapping regions to groups (see `regio_io::io_tables::read_region_groups`).
    Mapping(PathBuf),
}

impl SuperRegion {
    /// `presets:NAME` (or `preset:NAME`) names a preset; anything else is a file.
    pub fn parse(s: &str) -> SuperRegion {
        match s
            .strip_prefix("presets:")
            .or_else(|| s.strip_prefix("preset:"))
        {
            Some(name) => SuperRegion::Preset(name.to_string()),
            None => SuperRegion::Mapping(PathBuf::from(s)),
        }
    }
}

/// Options of the strategy workflow.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Panel measure (default: see [`PanelQuery`]).
    pub measure: Option<String>,
    /// Series (basis) of the measure when it has several.
    pub series: Option<String>,
    /// Year (default: the latest of the series).
    pub year: Option<i32>,
    /// Super-regions to analyse instead of regions.
    pub super_region: Option<SuperRegion>,
    /// Number of industries to add in each growth path (default 5).
    pub path_length: usize,
    /// Beam width of the path search (default 5; a greedy path, width 1, is
    /// always added as a baseline).
    pub beam_width: usize,
    /// Path objective (default: complexity, the sum of PCI).
    pub objective: Objective,
    /// Relatedness-density floor (0-1) at every step (default: the unit's
    /// median candidate density).
    pub density_floor: Option<f64>,
    /// Quadrant threshold on density (default: median).
    pub density_threshold: Threshold,
    /// Quadrant threshold on complexity (PCI) (default: median).
    pub complexity_threshold: Threshold,
    /// Peers listed per unit (default 5).
    pub peers: usize,
    /// Peer similarity profile (default: RCA).
    pub peer_profile: Profile,
    /// Missing panel cells (default: error).
    pub missing: MissingPolicy,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            measure: None,
            series: None,
            year: None,
            super_region: None,
            path_length: 5,
            beam_width: 5,
            objective: Objective::Complexity,
            density_floor: None,
            density_threshold: Threshold::Median,
            complexity_threshold: Threshold::Median,
            peers: 5,
            peer_profile: Profile::Rca,
            missing: MissingPolicy::Error,
        }
    }
}

impl Options {
    /// Checks the counts, the floor and the thresholds.
    pub fn validate(&self) -> Result<()> {
        if !(1..=MAX_PATH_LENGTH).contains(&self.path_length) {
            return Err(StudyError::option(
                "path_length",
                self.path_length,
                format!(
                    "1 to {MAX_PATH_LENGTH} (each step scans every candidate of every path kept)"
                ),
            ));
        }
        if !(1..=MAX_BEAM_WIDTH).contains(&self.beam_width) {
            return Err(StudyError::option(
                "beam_width",
                self.beam_width,
                format!(
                    "1 to {MAX_BEAM_WIDTH} (the search keeps this many paths per unit and step)"
                ),
            ));
        }
        if self.peers > MAX_PEERS {
            return Err(StudyError::option(
                "peers",
                self.peers,
                format!("at most {MAX_PEERS} (one table row per unit and peer)"),
            ));
        }
        if let Some(f) = self.density_floor {
            if !(f.is_finite() && (0.0..=1.0).contains(&f)) {
                return Err(StudyError::option(
                    "density_floor",
                    f,
                    "a number from 0 to 1",
                ));
            }
        }
        for (name, t) in [
            ("density_threshold", self.density_threshold),
            ("complexity_threshold", self.complexity_threshold),
        ] {
            if let Threshold::Value(v) = t {
                if !v.is_finite() {
                    return Err(StudyError::option(name, v, "median, mean or a number"));
                }
            }
        }
        Ok(())
    }
}

/// The strategy's results.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// `super_regions` (with super-regions), `smart_specialisation`, `growth_paths`
    /// and, with more than one unit, `peers`, in this order.
    pub tables: Vec<Table>,
    /// The panel used.
    pub panel: String,
    /// Its year.
    pub year: i32,
    /// The super-regions, when asked for.
    pub super_regions: Option<SuperRegions>,
    /// The capabilities of the units analysed (regions or super-regions).
    pub capabilities: Capabilities,
    /// The growth paths (beam and greedy per unit).
    pub paths: Vec<GrowthPath>,
}

/// Runs the strategy workflow.
///
/// ```
/// let ds = regio_io::demo::korea()?;
/// let out = regio_study::strategy::run(&ds, &Default::default(), &regio_study::Silent)?;
/// let names: Vec<&str> = out.tables.iter().map(|t| t.name.as_str()).collect();
/// assert_eq!(names, ["smart_specialisation", "growth_paths", "peers"]);
/// assert_eq!(out.panel, "employees@from2020");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run(ds: &Dataset, opts: &Options, progress: &dyn Progress) -> Result<Outcome> {
    opts.validate()?;
    let _s = Step::new(
        progress,
        "strategy: complexity, smart specialisation, growth paths",
    );
    let spec_opts = SmartSpecOptions {
        density: opts.density_threshold,
        complexity: opts.complexity_threshold,
        related: 3,
    };
    let selected = PanelQuery {
        measure: opts.measure.clone(),
        series: opts.series.clone(),
        ..Default::default()
    }
    .select(ds, progress)?;
    let panel = selected.panel;
    let year = selected.year_or_last(opts.year)?;
    let (x, kept) = panel.matrix(year, opts.missing)?;
    let regions = RegionSet::from_regions(
        kept.iter()
            .map(|&r| panel.regions.as_slice()[r].clone())
            .collect(),
    )?;
    let inds: Vec<String> = panel.industries.codes();
    progress.say(&format!(
        "strategy on {} {year}: {} regions x {} industries",
        panel.measure,
        regions.len(),
        inds.len()
    ));
    if inds.len() < COARSE {
        progress.say(&format!(
            "note: {} industries is a coarse classification (e.g. KSIC sections), so relatedness and complexity are indicative only; use a finer panel (KSIC 2- or 3-digit) for policy work",
            inds.len()
        ));
    }
    let base = Capabilities::compute(&regions.codes(), &inds, &x, &ComplexityOptions::default())?;
    let mut tables: Vec<Table> = vec![];
    let (caps, super_regions) = match &opts.super_region {
        None => (base, None),
        Some(spec) => {
            let sr = match spec {
                SuperRegion::Preset(name) => SuperRegions::preset(name, &regions)?,
                SuperRegion::Mapping(p) => SuperRegions::from_mapping(
                    &regio_io::io_tables::read_region_groups(p)?,
                    &regions,
                    &p.display().to_string(),
                )?,
            };
            for n in &sr.notes {
                progress.say(&format!("note: {n}"));
            }
            let pooled = sr.pool(&x);
            let caps = base.pooled(&sr.names, &inds, &pooled)?;
            tables.push(pooled_vs_members(&sr, &regions, &base, &caps));
            progress.say(&format!(
                "super-regions ({}): {}",
                sr.source,
                sr.names.join(", ")
            ));
            (caps, Some(sr))
        }
    };
    for n in &caps.notes {
        progress.say(&format!("note: {n}"));
    }
    tables.push(smart_spec(&caps, &spec_opts));
    let widths: &[usize] = if opts.beam_width == 1 {
        &[1]
    } else {
        &[opts.beam_width, 1]
    };
    let paths = all_paths(
        &caps,
        widths,
        &PathOptions {
            length: opts.path_length,
            beam_width: opts.beam_width,
            density_floor: opts.density_floor,
            objective: opts.objective,
            related: 3,
        },
    )?;
    for p in paths.iter().filter(|p| p.beam_width == opts.beam_width) {
        let seq: Vec<&str> = p
            .steps
            .iter()
            .map(|s| caps.industries[s.industry].as_str())
            .collect();
        progress.say(&format!(
            "{}: path {} (total {} {:.3})",
            caps.units[p.unit],
            if seq.is_empty() {
                "(none)".to_string()
            } else {
                seq.join(" -> ")
            },
            opts.objective.name(),
            p.total()
        ));
    }
    tables.push(paths_table(&caps, &paths));
    if caps.units.len() > 1 {
        tables.push(peers(&caps, opts.peer_profile, opts.peers)?);
    }
    Ok(Outcome {
        tables,
        panel: selected.key.to_string(),
        year,
        super_regions,
        capabilities: caps,
        paths,
    })
}

/// Pooled capabilities against the members' own: per (super-region,
/// industry) the pooled RCA and specialisation and how many members
/// specialise (the `super_regions` table).
pub fn pooled_vs_members(
    sr: &SuperRegions,
    regions: &RegionSet,
    base: &Capabilities,
    caps: &Capabilities,
) -> Table {
    let codes = sr.member_codes(regions);
    let (mut g, mut mem, mut ind, mut rca, mut spec, mut cnt, mut who) =
        (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
    for (s, members) in sr.members.iter().enumerate() {
        for (p, code) in caps.industries.iter().enumerate() {
            let bp = base.industries.iter().position(|c| c == code);
            let mut holders = vec![];
            for &r in members {
                let rc = &regions.as_slice()[r].code;
                if let (Some(bu), Some(bp)) = (base.units.iter().position(|u| u == rc), bp) {
                    if base.m.get(bu, bp) >= 1.0 {
                        holders.push(rc.clone());
                    }
                }
            }
            g.push(sr.names[s].clone());
            mem.push(codes[s].clone());
            ind.push(code.clone());
            rca.push(caps.rca.get(s, p));
            spec.push(caps.m.get(s, p) >= 1.0);
            cnt.push(Some(holders.len() as i64));
            who.push(holders.join("+"));
        }
    }
    let mut t = Table::new("super_regions");
    t.push_str("super_region", "super-region name", g)
        .push_str("members", "member region codes", mem)
        .push_str("industry", "activity code", ind)
        .push_f64(
            "pooled_rca",
            "RCA of the pooled (summed) super-region values",
            rca,
        )
        .push_bool(
            "pooled_specialised",
            "pooled RCA passes the presence threshold",
            spec,
        )
        .push(
            "members_specialised",
            "members whose own RCA passes the threshold",
            Column::I64(cnt),
        )
        .push_str("specialised_members", "codes of those members", who);
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_checked_before_any_work() {
        let e = Options {
            beam_width: 0,
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert!(
            matches!(
                e,
                StudyError::Option {
                    option: "beam_width",
                    ..
                }
            ),
            "{e}"
        );
        let e = Options {
            path_length: usize::MAX,
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert!(e.to_string().contains("path_length"), "{e}");
        assert_eq!(
            SuperRegion::parse("presets:korea-megaregions"),
            SuperRegion::Preset("korea-megaregions".into())
        );
    }

    #[test]
    fn megaregions_pool_their_members() {
        let ds = regio_io::demo::korea().unwrap();
        let opts = Options {
            super_region: Some(SuperRegion::parse("presets:korea-megaregions")),
            ..Default::default()
        };
        let out = run(&ds, &opts, &crate::Silent).unwrap();
        assert_eq!(out.tables[0].name, "super_regions");
        assert!(out.super_regions.is_some());
    }
}
