//! `regio strategy`: strategic industries for regions or super-regions —
//! the smart-specialisation matrix of relatedness density against
//! complexity (Balland et al. 2019) with ranked candidates and evidence,
//! diversification growth paths (beam search and a greedy baseline), and
//! peer regions by structural similarity.

use crate::common::{self, CliError, Ctx};
use regio_core::{Column, Dataset, RegionSet, Table};
use regio_econ::complexity::Options;
use regio_econ::strategy::growth_path::{all_paths, paths_table, Objective, PathOptions};
use regio_econ::strategy::peers::{peers, Profile};
use regio_econ::strategy::smart_spec::{smart_spec, SmartSpecOptions, Threshold};
use regio_econ::strategy::super_regions::SuperRegions;
use regio_econ::strategy::Capabilities;
use regio_io::source::CsvRows;
use regio_io::{CsvOptions, IoError, Source};
use std::path::Path;

/// Arguments of `regio strategy`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: common::InputArgs,
    #[command(flatten)]
    pub output: common::OutputArgs,
    /// Panel measure (default: employees@from2020, employees, or the only panel).
    #[arg(long)]
    pub measure: Option<String>,
    /// Year (default: the latest of the panel).
    #[arg(long)]
    pub year: Option<i32>,
    /// Super-regions: `presets:korea-megaregions`, or a CSV mapping regions to groups
    /// (columns region|region_code|code and super_region|zone|group|label), e.g. the
    /// zones or functional regions written by other commands. Omit to analyse regions.
    #[arg(long)]
    pub super_region: Option<String>,
    /// Number of industries to add in each growth path.
    #[arg(long, default_value_t = 5)]
    pub path_length: usize,
    /// Beam width of the path search (a greedy path, width 1, is always added as a baseline).
    #[arg(long, default_value_t = 5)]
    pub beam_width: usize,
    /// Path objective: complexity (sum of PCI) or cog (sum of complexity outlook gain).
    #[arg(long, default_value = "complexity")]
    pub objective: String,
    /// Relatedness-density floor (0-1) at every step (default: the unit's median candidate density).
    #[arg(long)]
    pub density_floor: Option<f64>,
    /// Quadrant threshold on density: median, mean or a number.
    #[arg(long, default_value = "median")]
    pub density_threshold: String,
    /// Quadrant threshold on complexity (PCI): median, mean or a number.
    #[arg(long, default_value = "median")]
    pub complexity_threshold: String,
    /// Peers listed per unit.
    #[arg(long, default_value_t = 5)]
    pub peers: usize,
    /// Peer similarity profile: rca or presence.
    #[arg(long, default_value = "rca")]
    pub peer_profile: String,
    /// Missing panel cells: error (default), zero or drop-regions.
    #[arg(long, default_value = "error")]
    pub missing: String,
}

fn read_mapping(path: &Path) -> Result<Vec<(String, String)>, CliError> {
    let src = Source::file(path);
    let mut r = CsvRows::open(&src, CsvOptions::default())?;
    let h = r.headers().to_vec();
    let find = |names: &[&str]| names.iter().find_map(|n| h.iter().position(|x| x == n));
    let rc = find(&["region", "region_code", "code"]).ok_or_else(|| IoError::Format {
        path: path.to_path_buf(),
        message: format!(
            "no region column (region, region_code or code) in {}",
            h.join(", ")
        ),
    })?;
    let gc = find(&[
        "super_region",
        "zone",
        "group",
        "label",
        "cluster",
        "region_group",
    ])
    .ok_or_else(|| IoError::Format {
        path: path.to_path_buf(),
        message: format!(
            "no group column (super_region, zone, group, label or cluster) in {}",
            h.join(", ")
        ),
    })?;
    let mut pairs = vec![];
    while let Some((line, rec)) = r.next_row()? {
        let (a, b) = (
            CsvRows::cell(rec, rc).to_string(),
            CsvRows::cell(rec, gc).to_string(),
        );
        if a.is_empty() || b.is_empty() {
            let col = if a.is_empty() { rc } else { gc };
            return Err(r
                .cell_err(line, col, "", "a region code and a group name")
                .into());
        }
        pairs.push((a, b));
    }
    if pairs.is_empty() {
        return Err(r.header_only().into());
    }
    Ok(pairs)
}

/// Runs `regio strategy`.
pub fn run(args: Args, ctx: &Ctx) -> Result<(), CliError> {
    let ds = common::load_dataset(&args.input, ctx)?;
    let step = ctx.step("strategy: complexity, smart specialisation, growth paths");
    let tables = tables(&args, &ds, ctx)?;
    drop(step);
    common::write_tables(&args.output, &tables, None, ctx)?;
    Ok(())
}

/// Computes the strategy tables (super-regions, smart-specialisation matrix,
/// growth paths, peers) of a loaded dataset; also used by `regio report`.
pub(crate) fn tables(args: &Args, ds: &Dataset, ctx: &Ctx) -> Result<Vec<Table>, CliError> {
    let objective = match args.objective.as_str() {
        "complexity" => Objective::Complexity,
        "cog" => Objective::Cog,
        o => {
            return Err(CliError::Usage(format!(
                "--objective {o:?}: expected complexity or cog"
            )))
        }
    };
    let profile = match args.peer_profile.as_str() {
        "rca" => Profile::Rca,
        "presence" => Profile::Presence,
        o => {
            return Err(CliError::Usage(format!(
                "--peer-profile {o:?}: expected rca or presence"
            )))
        }
    };
    if args.beam_width == 0 || args.path_length == 0 {
        return Err(CliError::Usage(
            "--beam-width and --path-length must be at least 1".into(),
        ));
    }
    let spec_opts = SmartSpecOptions {
        density: Threshold::parse(&args.density_threshold)?,
        complexity: Threshold::parse(&args.complexity_threshold)?,
        related: 3,
    };
    let policy = common::missing_policy(&args.missing)?;
    let panel = common::pick_panel(ds, args.measure.as_deref())?;
    let year = match args.year {
        Some(y) => y,
        None => *panel
            .years
            .last()
            .ok_or_else(|| CliError::Usage("the panel has no years".into()))?,
    };
    let (x, kept) = panel.matrix(year, policy)?;
    let regions = RegionSet::from_regions(
        kept.iter()
            .map(|&r| panel.regions.as_slice()[r].clone())
            .collect(),
    )?;
    let inds: Vec<String> = (0..panel.industries.len())
        .map(|i| panel.industries.get(i).code.clone())
        .collect();
    ctx.say(format!(
        "strategy on {} {year}: {} regions x {} industries",
        panel.measure,
        regions.len(),
        inds.len()
    ));
    if args.input.input.is_none() {
        ctx.say("note: the embedded demo is Korean si-do x KSIC sections: a coarse classification (about 20 sections), so relatedness and complexity are indicative only; use a finer panel (KSIC 2- or 3-digit) for policy work");
    }
    let base = Capabilities::compute(&regions.codes(), &inds, &x, &Options::default())?;
    let mut tables: Vec<Table> = vec![];
    let caps = match &args.super_region {
        None => base.clone(),
        Some(spec) => {
            let sr = match spec
                .strip_prefix("presets:")
                .or_else(|| spec.strip_prefix("preset:"))
            {
                Some(name) => SuperRegions::preset(name, &regions)?,
                None => {
                    let p = Path::new(spec);
                    SuperRegions::from_mapping(
                        &read_mapping(p)?,
                        &regions,
                        &p.display().to_string(),
                    )?
                }
            };
            for n in &sr.notes {
                ctx.say(format!("note: {n}"));
            }
            let pooled = sr.pool(&x);
            let caps = base.pooled(&sr.names, &inds, &pooled)?;
            tables.push(pooled_vs_members(&sr, &regions, &base, &caps));
            ctx.say(format!(
                "super-regions ({}): {}",
                sr.source,
                sr.names.join(", ")
            ));
            caps
        }
    };
    for n in &caps.notes {
        ctx.say(format!("note: {n}"));
    }
    tables.push(smart_spec(&caps, &spec_opts));
    let widths: &[usize] = if args.beam_width == 1 {
        &[1]
    } else {
        &[args.beam_width, 1]
    };
    let paths = all_paths(
        &caps,
        widths,
        &PathOptions {
            length: args.path_length,
            beam_width: args.beam_width,
            density_floor: args.density_floor,
            objective,
            related: 3,
        },
    )?;
    for p in paths.iter().filter(|p| p.beam_width == args.beam_width) {
        let seq: Vec<&str> = p
            .steps
            .iter()
            .map(|s| caps.industries[s.industry].as_str())
            .collect();
        ctx.say(format!(
            "{}: path {} (total {} {:.3})",
            caps.units[p.unit],
            if seq.is_empty() {
                "(none)".to_string()
            } else {
                seq.join(" -> ")
            },
            objective.name(),
            p.total()
        ));
    }
    tables.push(paths_table(&caps, &paths));
    if caps.units.len() > 1 {
        tables.push(peers(&caps, profile, args.peers)?);
    }
    Ok(tables)
}

/// Pooled capabilities against the members' own: per (super-region, industry)
/// the pooled RCA and specialisation and how many members specialise.
fn pooled_vs_members(
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
