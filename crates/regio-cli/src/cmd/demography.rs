//! `regio demography`: the local-extinction risk index (Lee Sang-ho 2016),
//! the population-decline composite index on the eight official indicators,
//! and cohort-component projection of which regions fall below an
//! extinction-index threshold.

use crate::common::{self, CliError, Ctx};
use regio_core::{Attributes, Boundaries, Dataset, Table};
use regio_econ::demography::decline::{
    decline_index, DeclineOptions, Standardisation, OFFICIAL_INDICATORS,
};
use regio_econ::demography::extinction::{extinction_index, extinction_table, RiskClass};
use regio_econ::demography::projection::{
    extinction_parts, parse_age_groups, project, CohortInput,
};
use std::collections::BTreeMap;

/// Which analysis to run.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Analysis {
    /// Local-extinction risk index: women 20-39 / persons 65+, five classes.
    Extinction,
    /// Population-decline composite index, ranking and decline/watch classes.
    Decline,
    /// Cohort-component projection and the extinction index by target year.
    Project,
}

/// Arguments of `regio demography`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// extinction, decline or project.
    #[arg(value_enum)]
    pub analysis: Analysis,
    #[command(flatten)]
    pub input: common::InputArgs,
    #[command(flatten)]
    pub output: common::OutputArgs,
    /// Attribute set (default: population_2016 in the demo, else the only set).
    #[arg(long)]
    pub attributes: Option<String>,
    /// Boundary set for GeoJSON output (default: the set covering the regions).
    #[arg(long)]
    pub boundaries: Option<String>,
    /// extinction: column of women aged 20-39.
    #[arg(long, default_value = "female_20_39")]
    pub women_col: String,
    /// extinction: column of persons aged 65+.
    #[arg(long, default_value = "pop_65plus")]
    pub old_col: String,
    /// decline: standardisation, z (z-score), minmax or rank.
    #[arg(long, default_value = "z")]
    pub standardise: String,
    /// decline: weights as name=w pairs, comma-separated (default: equal weights).
    #[arg(long, value_delimiter = ',')]
    pub weights: Vec<String>,
    /// decline: number of regions classed "decline" (2021 designation: 89).
    #[arg(long, default_value_t = 89)]
    pub n_decline: usize,
    /// decline: number of further regions classed "watch" (2021: 18).
    #[arg(long, default_value_t = 18)]
    pub n_watch: usize,
    /// decline: compute on the available indicators when some are missing.
    #[arg(long)]
    pub allow_missing: bool,
    /// project: number of 5-year steps.
    #[arg(long, default_value_t = 4)]
    pub steps: u32,
    /// project: base year (labels only).
    #[arg(long, default_value_t = 2020)]
    pub base_year: i32,
    /// project: female 5-year survival ratios per age group, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub survival_female: Vec<f64>,
    /// project: male 5-year survival ratios per age group, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub survival_male: Vec<f64>,
    /// project: annual fertility rates per female age group, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub fertility: Vec<f64>,
    /// project: share of births surviving to the first age group.
    #[arg(long, default_value_t = 0.995)]
    pub birth_survival: f64,
    /// project: sex ratio at birth (boys per girl).
    #[arg(long, default_value_t = 1.05)]
    pub srb: f64,
    /// project: extinction-index threshold to report crossings of.
    #[arg(long, default_value_t = 0.5)]
    pub threshold: f64,
}

fn pick_attributes<'a>(
    ds: &'a Dataset,
    want: &Option<String>,
    need: &[&str],
) -> Result<(&'a str, &'a Attributes), CliError> {
    let list = || ds.attributes.keys().cloned().collect::<Vec<_>>().join(", ");
    if let Some(n) = want {
        return ds
            .attributes
            .get_key_value(n)
            .map(|(k, v)| (k.as_str(), v))
            .ok_or_else(|| {
                CliError::Usage(format!(
                    "--attributes {n:?}: no such set (available: {})",
                    list()
                ))
            });
    }
    if let Some((k, v)) = ds.attributes.get_key_value("population_2016") {
        if need.iter().all(|c| v.columns.contains_key(*c)) {
            return Ok((k.as_str(), v));
        }
    }
    let hits: Vec<_> = ds
        .attributes
        .iter()
        .filter(|(_, v)| need.iter().any(|c| v.columns.contains_key(*c)))
        .collect();
    match hits.as_slice() {
        [(k, v)] => Ok((k.as_str(), v)),
        [] => Err(CliError::Usage(format!(
            "no attribute set has the columns {} (sets: {}); pass --attributes",
            need.join(", "),
            list()
        ))),
        _ => Err(CliError::Usage(format!(
            "several attribute sets fit; choose one with --attributes ({})",
            list()
        ))),
    }
}

fn pick_boundaries<'a>(
    ds: &'a Dataset,
    want: &Option<String>,
    codes: &[String],
) -> Result<Option<&'a Boundaries>, CliError> {
    if let Some(n) = want {
        return ds
            .boundaries
            .get(n)
            .map(Some)
            .ok_or_else(|| CliError::Usage(format!("--boundaries {n:?}: no such boundary set")));
    }
    Ok(ds.boundaries.values().find(|b| {
        let have: std::collections::HashSet<&str> = b.codes.iter().map(|c| c.as_str()).collect();
        codes.iter().all(|c| have.contains(c.as_str()))
    }))
}

/// Whether `--format` asks for GeoJSON.
fn wants_geojson(args: &Args) -> bool {
    args.output
        .format
        .iter()
        .any(|f| f.eq_ignore_ascii_case("geojson"))
}

fn write(args: &Args, ts: &[Table], b: Option<&Boundaries>, ctx: &Ctx) -> Result<(), CliError> {
    if wants_geojson(args) && b.is_none() {
        return Err(CliError::Usage(
            "--format geojson: no boundary set covers these regions (--boundaries)".into(),
        ));
    }
    common::write_tables(&args.output, ts, b, ctx)?;
    Ok(())
}

/// Runs `regio demography`.
pub fn run(args: Args, ctx: &Ctx) -> Result<(), CliError> {
    let ds = common::load_dataset(&args.input, ctx)?;
    match args.analysis {
        Analysis::Extinction => {
            let (name, a) =
                pick_attributes(&ds, &args.attributes, &[&args.women_col, &args.old_col])?;
            let codes = a.regions.codes();
            let names = a.regions.names();
            let t = extinction_table(
                &codes,
                &names,
                a.column(&args.women_col)?,
                a.column(&args.old_col)?,
                a.columns.get("total_pop").map(|v| v.as_slice()),
            )?;
            let risk = t
                .column("extinction_risk")
                .map(|c| (0..t.n_rows()).filter(|&i| c.text(i) == "true").count());
            ctx.say(format!(
                "extinction index on {name}: {} regions, {} below 0.5 (extinction risk)",
                t.n_rows(),
                risk.unwrap_or(0)
            ));
            let b = pick_boundaries(&ds, &args.boundaries, &codes)?;
            write(&args, &[t], b, ctx)
        }
        Analysis::Decline => {
            let names: Vec<&str> = OFFICIAL_INDICATORS.iter().map(|i| i.0).collect();
            let (_, a) = pick_attributes(&ds, &args.attributes, &names)?;
            let standardisation = match args.standardise.as_str() {
                "z" | "zscore" | "z-score" => Standardisation::ZScore,
                "minmax" | "min-max" => Standardisation::MinMax,
                "rank" => Standardisation::Rank,
                s => {
                    return Err(CliError::Usage(format!(
                        "--standardise {s:?}: expected z, minmax or rank"
                    )))
                }
            };
            let mut weights = BTreeMap::new();
            for w in &args.weights {
                let (k, v) = w
                    .split_once('=')
                    .and_then(|(k, v)| {
                        v.trim()
                            .parse::<f64>()
                            .ok()
                            .map(|v| (k.trim().to_string(), v))
                    })
                    .ok_or_else(|| {
                        CliError::Usage(format!("--weights {w:?}: expected name=number"))
                    })?;
                weights.insert(k, v);
            }
            let opts = DeclineOptions {
                standardisation,
                weights,
                n_decline: args.n_decline,
                n_watch: args.n_watch,
                allow_missing: args.allow_missing,
            };
            let cols: BTreeMap<String, Vec<Option<f64>>> = a
                .columns
                .iter()
                .filter(|(k, _)| names.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let codes = a.regions.codes();
            let t = decline_index(&codes, &cols, &opts)?;
            ctx.say(format!("decline index: {} regions ranked", t.n_rows()));
            let b = pick_boundaries(&ds, &args.boundaries, &codes)?;
            write(&args, &[t], b, ctx)
        }
        Analysis::Project => run_project(&args, &ds, ctx),
    }
}

fn run_project(args: &Args, ds: &Dataset, ctx: &Ctx) -> Result<(), CliError> {
    let (name, a) = pick_attributes(ds, &args.attributes, &[])?;
    // Age-group columns female_<a>_<b> / female_<a>plus and the same for male.
    let mut labels: Vec<(u32, String, String)> = Vec::new();
    for k in a.columns.keys() {
        if let Some(rest) = k.strip_prefix("female_") {
            let label = if let Some(s) = rest.strip_suffix("plus") {
                format!("{s}+")
            } else {
                rest.replace('_', "-")
            };
            if label == "20-39" {
                continue;
            }
            let start = label
                .trim_end_matches('+')
                .split('-')
                .next()
                .and_then(|s| s.parse::<u32>().ok());
            if let Some(start) = start {
                labels.push((start, label, rest.to_string()));
            }
        }
    }
    labels.sort();
    let groups = parse_age_groups(&labels.iter().map(|l| l.1.clone()).collect::<Vec<_>>())
        .map_err(|e| {
            regio_core::Error::invalid(format!("attribute set {name}: female_<age> columns: {e}"))
        })?;
    let n = groups.len();
    for (what, v) in [
        ("--survival-female", &args.survival_female),
        ("--survival-male", &args.survival_male),
        ("--fertility", &args.fertility),
    ] {
        if v.len() != n {
            return Err(CliError::Usage(format!(
                "{what}: {} values given, {n} age groups ({})",
                v.len(),
                labels
                    .iter()
                    .map(|l| l.1.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    }
    let codes = a.regions.codes();
    let (mut rc, mut yr, mut tot, mut w, mut o, mut idx, mut cls, mut below) = (
        vec![],
        vec![],
        vec![],
        vec![],
        vec![],
        vec![],
        vec![],
        vec![],
    );
    for (r, code) in codes.iter().enumerate() {
        let col = |sex: &str, suffix: &str| -> Result<f64, CliError> {
            let c = format!("{sex}_{suffix}");
            a.column(&c)?[r].ok_or_else(|| {
                CliError::Domain(regio_core::Error::Missing {
                    count: 1,
                    what: format!("attribute {c}"),
                    first: format!("region {code}"),
                })
            })
        };
        let female = labels
            .iter()
            .map(|l| col("female", &l.2))
            .collect::<Result<Vec<_>, _>>()?;
        let male = labels
            .iter()
            .map(|l| col("male", &l.2))
            .collect::<Result<Vec<_>, _>>()?;
        let input = CohortInput {
            female: female.clone(),
            male: male.clone(),
            survival_female: args.survival_female.clone(),
            survival_male: args.survival_male.clone(),
            fertility: args.fertility.clone(),
            birth_survival: args.birth_survival,
            sex_ratio_at_birth: args.srb,
            migration_female: None,
            migration_male: None,
        };
        let proj = project(&input, args.steps)
            .map_err(|e| regio_core::Error::invalid(format!("region {code}: {e}")))?;
        let mut push = |years: u32, f: &[f64], m: &[f64]| {
            let (ww, oo) = extinction_parts(&groups, f, m);
            let i = extinction_index(ww, oo);
            rc.push(code.clone());
            yr.push(args.base_year as i64 + years as i64);
            tot.push(f.iter().sum::<f64>() + m.iter().sum::<f64>());
            w.push(ww);
            o.push(oo);
            idx.push(i);
            cls.push(if i.is_finite() {
                RiskClass::of(i).label().to_string()
            } else {
                String::new()
            });
            below.push(i < args.threshold);
        };
        push(0, &female, &male);
        for p in &proj {
            push(p.years, &p.female, &p.male);
        }
    }
    let crossing = rc
        .iter()
        .zip(&below)
        .filter(|(_, b)| **b)
        .map(|x| x.0)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let mut t = Table::new("projection").with_region_key("region");
    t.push_str("region", "region code", rc)
        .push_i64("year", "base year + 5-year steps", yr)
        .push_f64("total_pop", "projected population (cohort-component)", tot)
        .push_f64("female_20_39", "projected women aged 20-39", w)
        .push_f64("pop_65plus", "projected persons aged 65+", o)
        .push_f64(
            "extinction_index",
            "women 20-39 / persons 65+ (Lee Sang-ho 2016)",
            idx,
        )
        .push_str("risk_label", "risk class of the index", cls)
        .push_bool(
            "below_threshold",
            &format!("extinction index below {}", args.threshold),
            below,
        );
    ctx.say(format!(
        "projection of {} regions over {} steps: {crossing} fall below {} by {}",
        codes.len(),
        args.steps,
        args.threshold,
        args.base_year + 5 * args.steps as i32
    ));
    let b = pick_boundaries(ds, &args.boundaries, &codes)?;
    if wants_geojson(args) {
        return Err(CliError::Usage(
            "the projection table has one row per region and year; write csv, json or parquet"
                .into(),
        ));
    }
    write(args, &[t], b, ctx)
}
