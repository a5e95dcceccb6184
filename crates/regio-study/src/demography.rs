//! Demography of regions: the local-extinction risk index (women aged 20-39
//! over persons aged 65+, five risk classes; Lee Sang-ho 2016, Korea
//! Employment Information Service), the population-decline composite index
//! on the eight official indicators (Ministry of the Interior and Safety
//! 2021 designation of decline areas) and a cohort-component projection
//! (Leslie 1945; Preston, Heuveline & Guillot 2001, ch. 6) of which regions
//! fall below an extinction-index threshold. The computations are in
//! `regio_econ::demography`; this module chooses the attribute set, joins
//! the columns and builds the projection table.

use crate::error::{Result, StudyError};
use crate::progress::Progress;
use crate::select;
use regio_core::{Attributes, Dataset, Table};
use regio_econ::demography::decline::{
    decline_index, DeclineOptions, Standardisation, OFFICIAL_INDICATORS,
};
use regio_econ::demography::extinction::{extinction_index, extinction_table, RiskClass};
use regio_econ::demography::projection::{
    extinction_parts, parse_age_groups, project, CohortInput,
};
use std::collections::BTreeMap;

/// Most 5-year projection steps (500 years): far beyond any horizon a
/// projection with fixed rates can speak to, and every step adds a row per
/// region.
pub const MAX_STEPS: u32 = 100;

/// Which analysis to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Analysis {
    /// Local-extinction risk index: women 20-39 / persons 65+, five classes.
    #[default]
    Extinction,
    /// Population-decline composite index, ranking and decline/watch classes.
    Decline,
    /// Cohort-component projection and the extinction index by target year.
    Project,
}

/// Options of the demography workflow.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// The analysis.
    pub analysis: Analysis,
    /// Attribute set (default: the only set with the analysis's columns).
    pub attributes: Option<String>,
    /// Boundary set to map the results with (default: the first set
    /// covering every region).
    pub boundaries: Option<String>,
    /// Extinction: column of women aged 20-39.
    pub women_col: String,
    /// Extinction: column of persons aged 65+.
    pub old_col: String,
    /// Decline: standardisation of the indicators.
    pub standardise: Standardisation,
    /// Decline: weight per indicator (unlisted indicators weigh 1).
    pub weights: BTreeMap<String, f64>,
    /// Decline: number of regions classed "decline" (2021 designation: 89).
    pub n_decline: usize,
    /// Decline: number of further regions classed "watch" (2021: 18).
    pub n_watch: usize,
    /// Decline: compute on the available indicators when some are missing.
    pub allow_missing: bool,
    /// Project: number of 5-year steps (at most [`MAX_STEPS`]).
    pub steps: u32,
    /// Project: base year (labels only).
    pub base_year: i32,
    /// Project: female 5-year survival ratios, one per age group.
    pub survival_female: Vec<f64>,
    /// Project: male 5-year survival ratios, one per age group.
    pub survival_male: Vec<f64>,
    /// Project: annual fertility rates, one per female age group.
    pub fertility: Vec<f64>,
    /// Project: share of births surviving to the first age group.
    pub birth_survival: f64,
    /// Project: sex ratio at birth (boys per girl).
    pub srb: f64,
    /// Project: extinction-index threshold to report crossings of.
    pub threshold: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            analysis: Analysis::Extinction,
            attributes: None,
            boundaries: None,
            women_col: "female_20_39".into(),
            old_col: "pop_65plus".into(),
            standardise: Standardisation::ZScore,
            weights: BTreeMap::new(),
            n_decline: 89,
            n_watch: 18,
            allow_missing: false,
            steps: 4,
            base_year: 2020,
            survival_female: vec![],
            survival_male: vec![],
            fertility: vec![],
            birth_survival: 0.995,
            srb: 1.05,
            threshold: 0.5,
        }
    }
}

impl Options {
    /// Checks the options: finite weights and rates, at most [`MAX_STEPS`]
    /// steps, a base year within ±10000. (Ranges of the rates themselves
    /// are checked by the projection, against the data's age groups.)
    pub fn validate(&self) -> Result<()> {
        if self.steps > MAX_STEPS {
            return Err(StudyError::option(
                "steps",
                self.steps,
                format!("at most {MAX_STEPS} five-year steps (500 years; fixed rates say nothing that far out)"),
            ));
        }
        if self.base_year.abs() > 10_000 {
            return Err(StudyError::option(
                "base_year",
                self.base_year,
                "a year within ±10000",
            ));
        }
        for (name, v) in [
            ("birth_survival", self.birth_survival),
            ("srb", self.srb),
            ("threshold", self.threshold),
        ] {
            if !v.is_finite() {
                return Err(StudyError::option(name, v, "a finite number"));
            }
        }
        for (name, v) in [
            ("survival_female", &self.survival_female),
            ("survival_male", &self.survival_male),
            ("fertility", &self.fertility),
        ] {
            if let Some(x) = v.iter().find(|x| !x.is_finite()) {
                return Err(StudyError::option(name, x, "finite rates"));
            }
        }
        if let Some((k, w)) = self.weights.iter().find(|(_, w)| !w.is_finite()) {
            return Err(StudyError::option(
                "weights",
                format!("{k}={w}"),
                "finite weights",
            ));
        }
        Ok(())
    }
}

/// What the demography workflow computed.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The table: `extinction_index`, `decline_index` or `projection`.
    pub tables: Vec<Table>,
    /// The attribute set analysed.
    pub attributes: String,
    /// The boundary set covering the regions, if any (for maps).
    pub boundaries: Option<String>,
    /// Whether the table has one row per region (a projection has one per
    /// region and year, and is not mapped).
    pub per_region: bool,
}

/// The attribute set: the one asked for; else the only set that `fits`
/// fully, else the only one that fits partly; else an error.
fn pick_attributes<'d>(
    ds: &'d Dataset,
    want: Option<&str>,
    what: &str,
    full: impl Fn(&Attributes) -> bool,
    part: impl Fn(&Attributes) -> bool,
) -> Result<(&'d str, &'d Attributes)> {
    if want.is_some() {
        return select::attributes(ds, want, None);
    }
    let list = |f: &dyn Fn(&Attributes) -> bool| -> Vec<&str> {
        ds.attributes
            .iter()
            .filter(|(_, a)| f(a))
            .map(|(k, _)| k.as_str())
            .collect()
    };
    let mut hits = list(&full);
    if hits.is_empty() {
        hits = list(&part);
    }
    match hits.as_slice() {
        [one] => select::attributes(ds, Some(one), None),
        [] => Err(StudyError::Choose {
            option: "attributes",
            what: format!("no attribute set has the {what}"),
            available: ds.attributes.keys().cloned().collect(),
        }),
        _ => Err(StudyError::Choose {
            option: "attributes",
            what: format!("several attribute sets have the {what}"),
            available: hits.iter().map(|s| s.to_string()).collect(),
        }),
    }
}

/// The boundary set: the one asked for; else the first covering `codes`.
fn pick_boundaries(ds: &Dataset, want: Option<&str>, codes: &[String]) -> Result<Option<String>> {
    if want.is_some() {
        return Ok(Some(select::boundaries(ds, want, None)?.0.to_string()));
    }
    Ok(ds
        .boundaries
        .iter()
        .find(|(_, b)| {
            let have: std::collections::HashSet<&str> =
                b.codes.iter().map(|c| c.as_str()).collect();
            codes.iter().all(|c| have.contains(c.as_str()))
        })
        .map(|(k, _)| k.clone()))
}

/// Runs the demography workflow.
///
/// ```
/// let ds = regio_io::demo::korea()?;
/// let out = regio_study::demography::run(&ds, &Default::default(), &regio_study::Silent)?;
/// assert_eq!(out.attributes, "population_2016");
/// assert!(out.tables[0].n_rows() > 200);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run(ds: &Dataset, opts: &Options, progress: &dyn Progress) -> Result<Outcome> {
    opts.validate()?;
    match opts.analysis {
        Analysis::Extinction => {
            let need = [opts.women_col.as_str(), opts.old_col.as_str()];
            let (name, a) = pick_attributes(
                ds,
                opts.attributes.as_deref(),
                &format!("columns {}", need.join(", ")),
                |a| need.iter().all(|c| a.columns.contains_key(*c)),
                |a| need.iter().any(|c| a.columns.contains_key(*c)),
            )?;
            let codes = a.regions.codes();
            let names = a.regions.names();
            let t = extinction_table(
                &codes,
                &names,
                a.column(&opts.women_col)?,
                a.column(&opts.old_col)?,
                a.columns.get("total_pop").map(|v| v.as_slice()),
            )?;
            let risk = t
                .column("extinction_risk")
                .map(|c| (0..t.n_rows()).filter(|&i| c.text(i) == "true").count());
            progress.say(&format!(
                "extinction index on {name}: {} regions, {} below 0.5 (extinction risk)",
                t.n_rows(),
                risk.unwrap_or(0)
            ));
            Ok(Outcome {
                tables: vec![t],
                attributes: name.to_string(),
                boundaries: pick_boundaries(ds, opts.boundaries.as_deref(), &codes)?,
                per_region: true,
            })
        }
        Analysis::Decline => {
            let names: Vec<&str> = OFFICIAL_INDICATORS.iter().map(|i| i.0).collect();
            let (set, a) = pick_attributes(
                ds,
                opts.attributes.as_deref(),
                &format!("columns {}", names.join(", ")),
                |a| names.iter().all(|c| a.columns.contains_key(*c)),
                |a| names.iter().any(|c| a.columns.contains_key(*c)),
            )?;
            let d = DeclineOptions {
                standardisation: opts.standardise,
                weights: opts.weights.clone(),
                n_decline: opts.n_decline,
                n_watch: opts.n_watch,
                allow_missing: opts.allow_missing,
            };
            let cols: BTreeMap<String, Vec<Option<f64>>> = a
                .columns
                .iter()
                .filter(|(k, _)| names.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let codes = a.regions.codes();
            let t = decline_index(&codes, &cols, &d)?;
            progress.say(&format!("decline index: {} regions ranked", t.n_rows()));
            Ok(Outcome {
                tables: vec![t],
                attributes: set.to_string(),
                boundaries: pick_boundaries(ds, opts.boundaries.as_deref(), &codes)?,
                per_region: true,
            })
        }
        Analysis::Project => run_project(ds, opts, progress),
    }
}

/// The age-group columns of a set: (start age, label `0-4` / `85+`, column
/// suffix), sorted by start age; the `20-39` aggregate is left out.
fn age_groups(a: &Attributes) -> Vec<(u32, String, String)> {
    let mut labels = Vec::new();
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
    labels
}

fn run_project(ds: &Dataset, opts: &Options, progress: &dyn Progress) -> Result<Outcome> {
    let has_female = |a: &Attributes| a.columns.keys().any(|k| k.starts_with("female_"));
    let (name, a) = pick_attributes(
        ds,
        opts.attributes.as_deref(),
        "female_<age> and male_<age> columns",
        has_female,
        has_female,
    )?;
    let labels = age_groups(a);
    let groups = parse_age_groups(&labels.iter().map(|l| l.1.clone()).collect::<Vec<_>>())
        .map_err(|e| {
            regio_core::Error::invalid(format!("attribute set {name}: female_<age> columns: {e}"))
        })?;
    let n = groups.len();
    let group_list = labels
        .iter()
        .map(|l| l.1.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    for (what, v) in [
        ("survival_female", &opts.survival_female),
        ("survival_male", &opts.survival_male),
        ("fertility", &opts.fertility),
    ] {
        if v.len() != n {
            return Err(StudyError::option(
                what,
                format!("({} values)", v.len()),
                format!("{n} values, one per age group ({group_list})"),
            ));
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
        let col = |sex: &str, suffix: &str| -> Result<f64> {
            let c = format!("{sex}_{suffix}");
            a.column(&c)?[r].ok_or_else(|| {
                StudyError::Domain(regio_core::Error::Missing {
                    count: 1,
                    what: format!("attribute {c}"),
                    first: format!("region {code}"),
                })
            })
        };
        let female = labels
            .iter()
            .map(|l| col("female", &l.2))
            .collect::<Result<Vec<_>>>()?;
        let male = labels
            .iter()
            .map(|l| col("male", &l.2))
            .collect::<Result<Vec<_>>>()?;
        let input = CohortInput {
            female: female.clone(),
            male: male.clone(),
            survival_female: opts.survival_female.clone(),
            survival_male: opts.survival_male.clone(),
            fertility: opts.fertility.clone(),
            birth_survival: opts.birth_survival,
            sex_ratio_at_birth: opts.srb,
            migration_female: None,
            migration_male: None,
        };
        let proj = project(&input, opts.steps)
            .map_err(|e| regio_core::Error::invalid(format!("region {code}: {e}")))?;
        let mut push = |years: u32, f: &[f64], m: &[f64]| {
            let (ww, oo) = extinction_parts(&groups, f, m);
            let i = extinction_index(ww, oo);
            rc.push(code.clone());
            yr.push(opts.base_year as i64 + years as i64);
            tot.push(f.iter().sum::<f64>() + m.iter().sum::<f64>());
            w.push(ww);
            o.push(oo);
            idx.push(i);
            cls.push(if i.is_finite() {
                RiskClass::of(i).label().to_string()
            } else {
                String::new()
            });
            below.push(i < opts.threshold);
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
            &format!("extinction index below {}", opts.threshold),
            below,
        );
    progress.say(&format!(
        "projection of {} regions over {} steps: {crossing} fall below {} by {}",
        codes.len(),
        opts.steps,
        opts.threshold,
        opts.base_year + 5 * opts.steps as i32
    ));
    Ok(Outcome {
        tables: vec![t],
        attributes: name.to_string(),
        boundaries: pick_boundaries(ds, opts.boundaries.as_deref(), &codes)?,
        per_region: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Silent;

    #[test]
    fn validate_refuses_huge_and_nan() {
        let bad = [
            Options {
                steps: 1_000_000,
                ..Default::default()
            },
            Options {
                threshold: f64::NAN,
                ..Default::default()
            },
            Options {
                fertility: vec![0.1, f64::INFINITY],
                ..Default::default()
            },
        ];
        for o in bad {
            assert!(
                matches!(o.validate(), Err(StudyError::Option { .. })),
                "{o:?}"
            );
        }
        let e = Options {
            steps: 1_000_000,
            ..Default::default()
        }
        .validate()
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("steps 1000000: expected at most 100"), "{e}");
    }

    #[test]
    fn decline_on_the_demo_names_the_indicators() {
        let ds = regio_io::demo::korea().unwrap();
        let o = Options {
            analysis: Analysis::Decline,
            ..Default::default()
        };
        let e = run(&ds, &o, &Silent).unwrap_err();
        assert!(
            matches!(
                &e,
                StudyError::Choose {
                    option: "attributes",
                    ..
                }
            ),
            "{e}"
        );
        assert!(e.to_string().contains("pop_change_rate"), "{e}");
    }
}
