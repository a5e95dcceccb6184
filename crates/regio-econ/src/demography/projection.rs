//! Cohort-component population projection with 5-year age groups and
//! 5-year steps (Leslie 1945; Preston, Heuveline & Guillot 2001,
//! "Demography", ch. 6), two sexes, optional net migration.
//!
//! For a step t → t+5: survivors P_{x+5}(t+5) = S_x · P_x(t); the open
//! group keeps S_A · P_A(t) + S_{A−5} · P_{A−5}(t); births
//! B = 5 · Σ_x F_x · (W_x(t) + W_x(t+5)) / 2 over women W, split by the sex
//! ratio at birth into girls B/(1+SRB) and boys B·SRB/(1+SRB); the first
//! group is births × birth survival; net migrants (per step) are added last.

use regio_core::{Error, Result};

/// An age group: start age and end age (inclusive), `None` for the open group.
pub type AgeGroup = (u32, Option<u32>);

/// Parses labels such as `0-4`, `5-9`, …, `85+` and checks that they tile
/// the ages from 0 in 5-year groups ending in one open group: gaps and
/// overlaps are rejected with the offending labels.
pub fn parse_age_groups(labels: &[String]) -> Result<Vec<AgeGroup>> {
    let mut groups = Vec::with_capacity(labels.len());
    for l in labels {
        let t = l.trim();
        let g = if let Some(s) = t.strip_suffix('+') {
            s.trim().parse::<u32>().ok().map(|a| (a, None))
        } else if let Some((a, b)) = t.split_once('-') {
            match (a.trim().parse::<u32>(), b.trim().parse::<u32>()) {
                (Ok(a), Ok(b)) if b >= a => Some((a, Some(b))),
                _ => None,
            }
        } else {
            None
        };
        groups.push(g.ok_or_else(|| Error::InvalidValue {
            value: format!("{l:?}"),
            expected: "an age group like \"0-4\" or \"85+\"".into(),
            context: None,
        })?);
    }
    check_tiling(&groups)?;
    Ok(groups)
}

fn show(g: AgeGroup) -> String {
    match g.1 {
        Some(b) => format!("{}-{}", g.0, b),
        None => format!("{}+", g.0),
    }
}

/// Checks that groups sorted by start age tile [0, ∞) in 5-year groups with
/// the last one open.
pub fn check_tiling(groups: &[AgeGroup]) -> Result<()> {
    if groups.len() < 2 {
        return Err(Error::invalid(
            "a projection needs at least two age groups (e.g. 0-4 and 5+)",
        ));
    }
    let mut g = groups.to_vec();
    g.sort();
    if g[0].0 != 0 {
        return Err(Error::invalid(format!(
            "age groups must start at 0; the first is {}",
            show(g[0])
        )));
    }
    for w in g.windows(2) {
        let Some(end) = w[0].1 else {
            return Err(Error::invalid(format!(
                "open age group {} is followed by {}: only the last group may be open",
                show(w[0]),
                show(w[1])
            )));
        };
        if w[1].0 > end + 1 {
            return Err(Error::invalid(format!(
                "gap between age groups {} and {}: ages {}-{} are not covered",
                show(w[0]),
                show(w[1]),
                end + 1,
                w[1].0 - 1
            )));
        }
        if w[1].0 <= end {
            return Err(Error::invalid(format!(
                "age groups {} and {} overlap",
                show(w[0]),
                show(w[1])
            )));
        }
    }
    for &x in &g[..g.len() - 1] {
        if x.1 != Some(x.0 + 4) {
            return Err(Error::invalid(format!(
                "age group {} is not 5 years wide: the projection steps 5 years",
                show(x)
            )));
        }
    }
    if g[g.len() - 1].1.is_some() {
        return Err(Error::invalid(format!(
            "the last age group {} must be open-ended (e.g. {}+)",
            show(g[g.len() - 1]),
            g[g.len() - 1].0
        )));
    }
    Ok(())
}

/// Inputs of one region's projection, all vectors aligned with the age
/// groups (sorted by start age).
#[derive(Debug, Clone, PartialEq)]
pub struct CohortInput {
    /// Women per age group at the base year.
    pub female: Vec<f64>,
    /// Men per age group at the base year.
    pub male: Vec<f64>,
    /// Female survival ratio from group x to x+5 over 5 years (last: within the open group), in [0, 1].
    pub survival_female: Vec<f64>,
    /// Male survival ratios, as for women.
    pub survival_male: Vec<f64>,
    /// Annual age-specific fertility rate (births per woman per year), in [0, 1].
    pub fertility: Vec<f64>,
    /// Share of births surviving to the first age group at the end of the step, in [0, 1].
    pub birth_survival: f64,
    /// Sex ratio at birth (boys per girl), e.g. 1.05.
    pub sex_ratio_at_birth: f64,
    /// Net female migrants per age group per 5-year step (optional).
    pub migration_female: Option<Vec<f64>>,
    /// Net male migrants per age group per 5-year step (optional).
    pub migration_male: Option<Vec<f64>>,
}

/// Population by sex and age group at one projected date.
#[derive(Debug, Clone, PartialEq)]
pub struct Projected {
    /// Years after the base year (5, 10, …).
    pub years: u32,
    /// Women per age group.
    pub female: Vec<f64>,
    /// Men per age group.
    pub male: Vec<f64>,
}

fn check_vec(name: &str, v: &[f64], n: usize, rate: bool) -> Result<()> {
    if v.len() != n {
        return Err(Error::Shape(format!(
            "{name}: {} values for {n} age groups",
            v.len()
        )));
    }
    for (i, &x) in v.iter().enumerate() {
        let ok = x.is_finite()
            && if rate {
                (0.0..=1.0).contains(&x)
            } else {
                x >= 0.0
            };
        if !ok {
            return Err(Error::InvalidValue {
                value: x.to_string(),
                expected: if rate {
                    "a rate in [0, 1]".into()
                } else {
                    "a non-negative count".into()
                },
                context: Some(format!("{name}, age group {}", i + 1)),
            });
        }
    }
    Ok(())
}

fn survive(p: &[f64], s: &[f64]) -> Vec<f64> {
    let n = p.len();
    let mut out = vec![0.0; n];
    for x in 0..n - 1 {
        out[x + 1] += p[x] * s[x];
    }
    out[n - 1] += p[n - 1] * s[n - 1];
    out
}

/// Projects `steps` five-year steps; fails on inputs of the wrong length,
/// rates outside [0, 1], negative counts, or migration that would make a
/// group negative.
pub fn project(input: &CohortInput, steps: u32) -> Result<Vec<Projected>> {
    let n = input.female.len();
    if n < 2 {
        return Err(Error::invalid("a projection needs at least two age groups"));
    }
    check_vec("female population", &input.female, n, false)?;
    check_vec("male population", &input.male, n, false)?;
    check_vec("female survival", &input.survival_female, n, true)?;
    check_vec("male survival", &input.survival_male, n, true)?;
    check_vec("fertility", &input.fertility, n, true)?;
    check_vec("birth survival", &[input.birth_survival], 1, true)?;
    if !(input.sex_ratio_at_birth.is_finite() && input.sex_ratio_at_birth > 0.0) {
        return Err(Error::InvalidValue {
            value: input.sex_ratio_at_birth.to_string(),
            expected: "a positive sex ratio at birth (boys per girl, e.g. 1.05)".into(),
            context: None,
        });
    }
    for (name, m) in [
        ("female migration", &input.migration_female),
        ("male migration", &input.migration_male),
    ] {
        if let Some(m) = m {
            if m.len() != n || m.iter().any(|x| !x.is_finite()) {
                return Err(Error::Shape(format!(
                    "{name}: expected {n} finite values, got {}",
                    m.len()
                )));
            }
        }
    }
    let (mut f, mut m) = (input.female.clone(), input.male.clone());
    let mut out = Vec::with_capacity(steps as usize);
    for step in 1..=steps {
        let mut f2 = survive(&f, &input.survival_female);
        let mut m2 = survive(&m, &input.survival_male);
        let births: f64 = (0..n)
            .map(|x| 5.0 * input.fertility[x] * (f[x] + f2[x]) / 2.0)
            .sum();
        let srb = input.sex_ratio_at_birth;
        f2[0] = births / (1.0 + srb) * input.birth_survival;
        m2[0] = births * srb / (1.0 + srb) * input.birth_survival;
        for (pop, mig, sex) in [
            (&mut f2, &input.migration_female, "female"),
            (&mut m2, &input.migration_male, "male"),
        ] {
            if let Some(mig) = mig {
                for x in 0..n {
                    pop[x] += mig[x];
                    if pop[x] < 0.0 {
                        return Err(Error::invalid(format!(
                            "net {sex} migration makes age group {} negative ({}) in step {step}",
                            x + 1,
                            pop[x]
                        )));
                    }
                }
            }
        }
        f = f2;
        m = m2;
        out.push(Projected {
            years: 5 * step,
            female: f.clone(),
            male: m.clone(),
        });
    }
    Ok(out)
}

/// Women aged 20–39 and persons aged 65+ from age-group vectors (the groups
/// 20-24 … 35-39 and every group starting at 65 or later).
pub fn extinction_parts(groups: &[AgeGroup], female: &[f64], male: &[f64]) -> (f64, f64) {
    let mut w = 0.0;
    let mut old = 0.0;
    for (i, g) in groups.iter().enumerate() {
        if g.0 >= 20 && g.1.is_some_and(|e| e <= 39) {
            w += female[i];
        }
        if g.0 >= 65 {
            old += female[i] + male[i];
        }
    }
    (w, old)
}
