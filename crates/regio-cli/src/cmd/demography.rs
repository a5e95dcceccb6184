//! `regio demography`: the local-extinction risk index (Lee Sang-ho 2016),
//! the population-decline composite index on the eight official indicators,
//! and cohort-component projection of which regions fall below an
//! extinction-index threshold.

use crate::common::{self, CliError, Ctx};
use regio_econ::demography::decline::Standardisation;
use regio_study::demography as study;
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
    /// Attribute set (default: the only set with the analysis's columns).
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

impl TryFrom<&Args> for study::Options {
    type Error = CliError;
    fn try_from(a: &Args) -> Result<Self, CliError> {
        let standardise = match a.standardise.as_str() {
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
        for w in &a.weights {
            let (k, v) = w
                .split_once('=')
                .and_then(|(k, v)| {
                    v.trim()
                        .parse::<f64>()
                        .ok()
                        .map(|v| (k.trim().to_string(), v))
                })
                .ok_or_else(|| CliError::Usage(format!("--weights {w:?}: expected name=number")))?;
            weights.insert(k, v);
        }
        Ok(study::Options {
            analysis: match a.analysis {
                Analysis::Extinction => study::Analysis::Extinction,
                Analysis::Decline => study::Analysis::Decline,
                Analysis::Project => study::Analysis::Project,
            },
            attributes: a.attributes.clone(),
            boundaries: a.boundaries.clone(),
            women_col: a.women_col.clone(),
            old_col: a.old_col.clone(),
            standardise,
            weights,
            n_decline: a.n_decline,
            n_watch: a.n_watch,
            allow_missing: a.allow_missing,
            steps: a.steps,
            base_year: a.base_year,
            survival_female: a.survival_female.clone(),
            survival_male: a.survival_male.clone(),
            fertility: a.fertility.clone(),
            birth_survival: a.birth_survival,
            srb: a.srb,
            threshold: a.threshold,
        })
    }
}

/// Runs `regio demography`.
pub fn run(args: Args, ctx: &Ctx) -> Result<(), CliError> {
    let opts = study::Options::try_from(&args)?;
    let ds = common::load_dataset(&args.input, ctx)?;
    let out = study::run(&ds, &opts, ctx)?;
    let geojson = args
        .output
        .format
        .iter()
        .any(|f| f.eq_ignore_ascii_case("geojson"));
    if geojson && !out.per_region {
        return Err(CliError::Usage(
            "the projection table has one row per region and year; write csv, json or parquet"
                .into(),
        ));
    }
    let b = out.boundaries.as_ref().and_then(|n| ds.boundaries.get(n));
    if geojson && b.is_none() {
        return Err(CliError::Usage(
            "--format geojson: no boundary set covers these regions (--boundaries)".into(),
        ));
    }
    common::write_tables(&args.output, &out.tables, b, ctx)?;
    Ok(())
}
