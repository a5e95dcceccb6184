//! `diagnose`: every regional diagnostic of one panel at once — specialisation
//! (LQ, Krugman, HHI, Theil, entropy), concentration (Hoover, locational Gini),
//! related/unrelated variety (Frenken, Van Oort & Verburg 2007), shift-share
//! (Dunn 1960, Esteban-Marquillas 1972, Arcelus 1984, Barff & Knight 1988),
//! convergence (Barro & Sala-i-Martin 1992) and structural change (Lilien 1982)
//! — returned as documented [`Table`]s.
//!
//! Conventions (all documented per column):
//! - The nation is the sum over the regions of the panel that are analysed.
//! - Cross-sectional families use the end year (`year`); temporal families use
//!   `base` → `year` (base defaults to the panel's first year), and the dynamic
//!   shift-share and σ-convergence every panel year in between.
//! - Missing cells follow [`MissingPolicy`] over all years used: `Error` (the
//!   default) fails naming the first missing cell, `Zero` counts them as 0,
//!   `DropRegions` drops regions with a missing cell in any year used.
//! - Convergence is computed on the regional totals of the measure; regions
//!   with a zero total in a year are left out of that year (logs undefined).

use crate::concentration::{self, GiniConvention, HooverScale};
use crate::convergence;
use crate::rca::{self, Comparison};
use crate::shift_share;
use crate::specialisation::{self, KrugmanScale, LogBase};
use crate::structural_change;
use crate::variety;
use crate::view::MatrixRef;
use rayon::prelude::*;
use regio_core::{Error, IndustrySet, MissingPolicy, Panel, Result, Table};
use std::borrow::Cow;

/// Where the industry hierarchy for related/unrelated variety comes from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Hierarchy {
    /// The industries' parent codes. If no industry has a parent, the variety
    /// table reports total entropy only (related/unrelated missing); if some
    /// have a parent and others not, diagnose fails naming the first orphan.
    #[default]
    Parents,
    /// Parent = the first `n` characters of the code (e.g. KSIC 5-digit → 2-digit with 2).
    Prefix(usize),
}

/// Options of [`diagnose`]; `Default` gives the textbook conventions.
#[derive(Debug, Clone, PartialEq)]
pub struct DiagnoseOptions {
    /// End year (cross-sectional families are computed for it).
    pub year: i32,
    /// Base year of the temporal families (default: the panel's first year).
    pub base: Option<i32>,
    /// How missing cells are treated.
    pub missing: MissingPolicy,
    /// LQ threshold for "specialised" (default 1).
    pub lq_threshold: f64,
    /// `>=` (default) or `>` against the threshold.
    pub comparison: Comparison,
    /// Krugman index scale (default: without ½).
    pub krugman: KrugmanScale,
    /// Hoover scale (default: fraction).
    pub hoover: HooverScale,
    /// Locational Gini convention (default: Krugman 1991).
    pub gini: GiniConvention,
    /// Log base of entropies (default: 2).
    pub log_base: LogBase,
    /// Industry hierarchy for variety.
    pub hierarchy: Hierarchy,
    /// Reference distribution for Hoover and the locational Gini, one value per
    /// panel region (e.g. population); `None` = total of the measure.
    pub reference: Option<Vec<f64>>,
    /// Name of the reference, for column docs (e.g. `"population"`).
    pub reference_name: Option<String>,
    /// Whether to build the long `location_quotients` table (one row per
    /// region x industry cell; default true).
    pub lq_table: bool,
}

impl DiagnoseOptions {
    /// Defaults for end year `year`.
    pub fn new(year: i32) -> Self {
        DiagnoseOptions {
            year,
            base: None,
            missing: MissingPolicy::Error,
            lq_threshold: 1.0,
            comparison: Comparison::GreaterOrEqual,
            krugman: KrugmanScale::Full,
            hoover: HooverScale::Fraction,
            gini: GiniConvention::Krugman,
            log_base: LogBase::Two,
            hierarchy: Hierarchy::Parents,
            reference: None,
            reference_name: None,
            lq_table: true,
        }
    }
}

/// The matrices of the years used, with a consistent set of regions.
struct YearData<'p> {
    years: Vec<i32>,
    mats: Vec<Cow<'p, [f64]>>,
    keep: Vec<usize>,
    ni: usize,
}

impl YearData<'_> {
    fn get(&self, k: usize) -> MatrixRef<'_> {
        MatrixRef::new(&self.mats[k], self.keep.len(), self.ni).expect("shape")
    }
}

fn extract<'p>(panel: &'p Panel, years: Vec<i32>, policy: MissingPolicy) -> Result<YearData<'p>> {
    let (nr, ni) = (panel.regions.len(), panel.industries.len());
    let raw = panel.raw_values();
    let idx: Vec<usize> = years
        .iter()
        .map(|&y| panel.year_index(y))
        .collect::<Result<_>>()?;
    let slice = |k: usize| &raw[idx[k] * nr * ni..(idx[k] + 1) * nr * ni];
    // One parallel pass per year: the first negative or infinite cell, and
    // whether any cell is missing.
    let scan: Vec<(Option<usize>, bool)> = (0..years.len())
        .into_par_iter()
        .map(|k| {
            let s = slice(k);
            // Fast path: every value finite and non-negative (NaN fails too).
            if s.iter().all(|v| (0.0..f64::INFINITY).contains(v)) {
                return (None, false);
            }
            let bad = s.iter().position(|v| *v < 0.0 || v.is_infinite());
            (bad, s.iter().any(|v| v.is_nan()))
        })
        .collect();
    for (k, &y) in years.iter().enumerate() {
        if let Some(p) = scan[k].0 {
            return Err(Error::InvalidValue {
                value: slice(k)[p].to_string(),
                expected: "a non-negative value".into(),
                context: Some(format!(
                    "{} {y}, region {}, industry {}",
                    panel.measure,
                    panel.regions.as_slice()[p / ni].code,
                    panel.industries.get(p % ni).code
                )),
            });
        }
    }
    let has_nan: Vec<bool> = scan.iter().map(|s| s.1).collect();
    let all: Vec<usize> = (0..nr).collect();
    let data = match policy {
        MissingPolicy::Error => {
            if let Some(k) = has_nan.iter().position(|&b| b) {
                // Let the panel describe the first missing cell.
                panel.matrix(years[k], MissingPolicy::Error)?;
            }
            YearData {
                mats: (0..years.len()).map(|k| Cow::Borrowed(slice(k))).collect(),
                years,
                keep: all,
                ni,
            }
        }
        MissingPolicy::Zero => YearData {
            mats: (0..years.len())
                .map(|k| {
                    if has_nan[k] {
                        Cow::Owned(
                            slice(k)
                                .iter()
                                .map(|v| if v.is_nan() { 0.0 } else { *v })
                                .collect(),
                        )
                    } else {
                        Cow::Borrowed(slice(k))
                    }
                })
                .collect(),
            years,
            keep: all,
            ni,
        },
        MissingPolicy::DropRegions => {
            let keep: Vec<usize> = (0..nr)
                .filter(|&r| {
                    (0..years.len())
                        .all(|k| !slice(k)[r * ni..(r + 1) * ni].iter().any(|v| v.is_nan()))
                })
                .collect();
            if keep.is_empty() {
                return Err(Error::invalid(format!(
                    "every region has a missing {} cell in {}: nothing left to analyse",
                    panel.measure,
                    regio_core::panel::format_years(&years)
                )));
            }
            let mats = (0..years.len())
                .map(|k| {
                    if keep.len() == nr {
                        Cow::Borrowed(slice(k))
                    } else {
                        let mut d = Vec::with_capacity(keep.len() * ni);
                        for &r in &keep {
                            d.extend_from_slice(&slice(k)[r * ni..(r + 1) * ni]);
                        }
                        Cow::Owned(d)
                    }
                })
                .collect();
            YearData {
                years,
                mats,
                keep,
                ni,
            }
        }
    };
    Ok(data)
}

fn groups_for(
    industries: &IndustrySet,
    h: &Hierarchy,
) -> Result<Option<(Vec<String>, Vec<usize>)>> {
    match h {
        Hierarchy::Prefix(n) => {
            let mut mapping = std::collections::HashMap::new();
            for i in industries.iter() {
                if i.code.chars().count() <= *n {
                    return Err(Error::UnknownIndustry {
                        code: i.code.clone(),
                        context: Some(format!(
                            "code has {n} characters or fewer, so it has no {n}-character parent in the hierarchy"
                        )),
                    });
                }
                mapping.insert(i.code.clone(), i.code.chars().take(*n).collect::<String>());
            }
            let mut s = industries.clone();
            s.set_parents(&mapping)?;
            s.groups().map(Some)
        }
        Hierarchy::Parents => {
            if industries.iter().all(|i| i.parent.is_none()) {
                Ok(None)
            } else {
                industries.groups().map(Some)
            }
        }
    }
}

/// Runs every diagnostic family on `panel` and returns the tables
/// `specialisation`, `location_quotients`, `concentration`, `variety`, and —
/// when there are at least two years — `shift_share`, `structural_change`,
/// `convergence` and `dispersion`.
pub fn diagnose(panel: &Panel, opts: &DiagnoseOptions) -> Result<Vec<Table>> {
    if panel.regions.is_empty() || panel.industries.is_empty() {
        return Err(Error::invalid(format!(
            "panel {} has {} regions and {} industries: nothing to diagnose",
            panel.measure,
            panel.regions.len(),
            panel.industries.len()
        )));
    }
    panel.year_index(opts.year)?;
    let base = match opts.base {
        Some(b) => {
            panel.year_index(b)?;
            if b >= opts.year {
                return Err(Error::invalid(format!(
                    "the base year {b} must be before the year {}",
                    opts.year
                )));
            }
            b
        }
        None => panel.years[0].min(opts.year),
    };
    let years: Vec<i32> = panel
        .years
        .iter()
        .copied()
        .filter(|&y| y >= base && y <= opts.year)
        .collect();
    let data = extract(panel, years, opts.missing)?;
    let groups = groups_for(&panel.industries, &opts.hierarchy)?;
    let reference = match &opts.reference {
        None => None,
        Some(w) => {
            if w.len() != panel.regions.len() {
                return Err(Error::Shape(format!(
                    "reference has {} values for {} regions",
                    w.len(),
                    panel.regions.len()
                )));
            }
            Some(data.keep.iter().map(|&r| w[r]).collect::<Vec<f64>>())
        }
    };

    let regions = panel.regions.as_slice();
    let last = data.years.len() - 1;
    let end = data.get(last);
    let lq = rca::rca(&end.to_matrix())?;
    let pres = rca::presence(&lq, opts.lq_threshold, opts.comparison);
    let c = Cross {
        panel,
        opts,
        rcodes: data.keep.iter().map(|&r| regions[r].code.clone()).collect(),
        rnames: data.keep.iter().map(|&r| regions[r].name.clone()).collect(),
        icodes: panel.industries.codes(),
        inames: panel.industries.iter().map(|i| i.name.clone()).collect(),
        end,
        nr: end.nrows(),
        ni: end.ncols(),
        y: opts.year,
        lq,
        pres,
        cmp: match opts.comparison {
            Comparison::GreaterOrEqual => ">=",
            Comparison::Greater => ">",
        },
    };

    let mut tables = specialisation_tables(&c)?;
    tables.push(concentration_table(&c, reference.as_deref())?);
    tables.push(variety_table(&c, groups.as_ref())?);
    if data.years.len() < 2 {
        return Ok(tables);
    }

    let refs: Vec<MatrixRef> = (0..data.years.len()).map(|k| data.get(k)).collect();
    let t = Temporal {
        base,
        b0: data.get(0),
        span: (opts.year - base) as f64,
        totals: shift_share::year_totals(&refs)?,
        years: &data.years,
        refs,
    };
    tables.push(shift_share_table(&c, &t)?);
    tables.push(structural_change_table(&c, &t)?);
    tables.extend(convergence_tables(&c, &t)?);
    Ok(tables)
}

/// What the cross-sectional families share: the end year's matrix and
/// labels of the regions analysed, and the location quotients.
struct Cross<'a> {
    panel: &'a Panel,
    opts: &'a DiagnoseOptions,
    rcodes: Vec<String>,
    rnames: Vec<String>,
    icodes: Vec<String>,
    inames: Vec<String>,
    end: MatrixRef<'a>,
    nr: usize,
    ni: usize,
    y: i32,
    lq: regio_core::Matrix,
    pres: regio_core::Matrix,
    cmp: &'static str,
}

/// What the temporal families share: base → end and every year between.
struct Temporal<'a> {
    base: i32,
    b0: MatrixRef<'a>,
    span: f64,
    refs: Vec<MatrixRef<'a>>,
    totals: Vec<shift_share::YearTotals>,
    years: &'a [i32],
}

/// Specialisation of each region and the location quotients (end year).
fn specialisation_tables(c: &Cross) -> Result<Vec<Table>> {
    let (panel, opts, end, nr, ni, y, cmp) = (c.panel, c.opts, c.end, c.nr, c.ni, c.y, c.cmp);
    let (rcodes, rnames, icodes, lq, pres) = (&c.rcodes, &c.rnames, &c.icodes, &c.lq, &c.pres);
    let ri = specialisation::region_indices(end, opts.krugman, opts.log_base)?;
    let mut tables = Vec::new();
    let mut n_spec = Vec::with_capacity(nr);
    let mut top = Vec::with_capacity(nr);
    let mut top_lq = Vec::with_capacity(nr);
    for r in 0..nr {
        n_spec.push(pres.row(r).iter().filter(|&&v| v > 0.0).count() as i64);
        let row = lq.row(r);
        // Highest LQ, first industry on ties; none when the region is empty.
        let best = (0..ni).fold(None::<usize>, |b, i| match b {
            Some(j) if row[j] >= row[i] => Some(j),
            _ => Some(i),
        });
        match best.filter(|_| ri.total[r] > 0.0) {
            Some(i) => {
                top.push(Some(icodes[i].clone()));
                top_lq.push(Some(row[i]));
            }
            None => {
                top.push(None);
                top_lq.push(None);
            }
        }
    }
    let kdoc = match opts.krugman {
            KrugmanScale::Full => "Krugman specialisation index Σ_i |x_ri/X_r − X_i/X| (Krugman 1991; EconGeo/REAT convention, no ½), range [0, 2); missing for an empty region",
            KrugmanScale::Halved => "Krugman specialisation index ½ Σ_i |x_ri/X_r − X_i/X| (halved convention), range [0, 1); missing for an empty region",
        };
    let mut t = Table::new("specialisation").with_region_key("region");
    t.push_str("region", "region code", rcodes.clone())
            .push_str("region_name", "region name", rnames.clone())
            .push_i64("year", "year of the cross-section", vec![y as i64; nr])
            .push_f64("total", &format!("regional total of {} (X_r)", panel.measure), ri.total.clone())
            .push_opt_f64("krugman", kdoc, ri.krugman)
            .push_opt_f64("spec_coeff", "coefficient of specialisation ½ Σ_i |x_ri/X_r − X_i/X| (Hoover & Giarratani 1985; EconGeo spec_coeff), range [0, 1)", ri.spec_coeff)
            .push_opt_f64("hhi", "Herfindahl–Hirschman index Σ_i (x_ri/X_r)² of the region's industry shares", ri.hhi)
            .push_opt_f64("hhi_normalised", "normalised HHI (H − 1/N)/(1 − 1/N), N = number of industries (REAT herf coefnorm); missing when N = 1", ri.hhi_normalised)
            .push_opt_f64("entropy", &format!("Shannon entropy −Σ_i s_ri log_{} s_ri of the industry shares (0 log 0 = 0)", opts.log_base.name()), ri.entropy)
            .push_opt_f64("theil_absolute", "absolute Theil index ln N − H_e (natural log; 0 = equal shares in all industries)", ri.theil_absolute)
            .push_opt_f64("theil_relative", "relative Theil index Σ_i s_ri ln(s_ri/s_i) against the national industry shares (Brülhart & Traeger 2005)", ri.theil_relative)
            .push_i64("n_specialised", &format!("number of industries with LQ {cmp} {}", opts.lq_threshold), n_spec)
            .push("top_industry", "industry with the highest LQ (first on ties); missing for an empty region", regio_core::Column::Str(top))
            .push_opt_f64("top_lq", "LQ of top_industry", top_lq);
    tables.push(t);

    if opts.lq_table {
        // Region and industry codes are categorical: 2 x nr x ni indices
        // instead of as many string copies.
        let n = nr * ni;
        let (nr32, ni32) = (nr as u32, ni as u32);
        let rc: Vec<u32> = (0..nr32).flat_map(|r| std::iter::repeat_n(r, ni)).collect();
        let ic: Vec<u32> = (0..nr).flat_map(|_| 0..ni32).collect();
        let mut share = Vec::with_capacity(n);
        for r in 0..nr {
            let tot = ri.total[r];
            share.extend(end.row(r).iter().map(|&v| (tot > 0.0).then(|| v / tot)));
        }
        let spec: Vec<bool> = pres.as_slice().iter().map(|&v| v > 0.0).collect();
        let mut t = Table::new("location_quotients");
        t.push_cat("region", "region code", rcodes.clone(), rc)
            .push_cat("industry", "industry code", icodes.clone(), ic)
            .push_i64("year", "year", vec![y as i64; n])
            .push_f64("value", &format!("{} in the cell (x_ri)", panel.measure), end.as_slice().to_vec())
            .push_opt_f64("share", "share of the industry in the region x_ri/X_r; missing for an empty region", share)
            .push_f64("lq", "location quotient = RCA (x_ri/X_r)/(X_i/X) (Balassa 1965); 0 where the region or industry total is 0", lq.as_slice().to_vec())
            .push_bool("specialised", &format!("LQ {cmp} {}", opts.lq_threshold), spec);
        tables.push(t);
    }
    Ok(tables)
}

/// Concentration of each industry across regions (end year).
fn concentration_table(c: &Cross, reference: Option<&[f64]>) -> Result<Table> {
    let (panel, opts, end, nr, ni, y, cmp) = (c.panel, c.opts, c.end, c.nr, c.ni, c.y, c.cmp);
    let (rcodes, icodes, inames, pres) = (&c.rcodes, &c.icodes, &c.inames, &c.pres);
    let rname = opts
        .reference_name
        .clone()
        .unwrap_or_else(|| format!("total {}", panel.measure));
    let hoover = concentration::hoover(end, reference, opts.hoover)?;
    let gini = concentration::locational_gini(end, reference, opts.gini)?;
    let hhi = concentration::hhi_across_regions(end)?;
    let cols = end.col_sums();
    let total: f64 = cols.iter().sum();
    let mut n_reg = vec![0i64; ni];
    let mut top: Vec<Option<usize>> = vec![None; ni];
    for r in 0..nr {
        let row = end.row(r);
        for i in 0..ni {
            if pres.get(r, i) > 0.0 {
                n_reg[i] += 1;
            }
            if row[i] > 0.0 && top[i].is_none_or(|j| row[i] > end.get(j, i)) {
                top[i] = Some(r);
            }
        }
    }
    let hdoc = match opts.hoover {
            HooverScale::Fraction => format!("Hoover coefficient of localisation ½ Σ_r |x_ri/X_i − w_r/W| against {rname} (Hoover 1936), fraction in [0, 1); missing for an empty industry"),
            HooverScale::EconGeo => format!("Hoover index 50 Σ_r |x_ri/X_i − w_r/W| against {rname} (EconGeo convention, percent), in [0, 100); missing for an empty industry"),
        };
    let gdoc = match opts.gini {
            GiniConvention::Krugman => format!("locational Gini (Krugman 1991): regions ordered by LQ, twice the area between the Lorenz curve of the industry against {rname} and the diagonal, in [0, 1)"),
            GiniConvention::EconGeo => format!("locational Gini, EconGeo convention: the area between the LQ-ordered Lorenz curve against {rname} and the diagonal (half of Krugman's), in [0, 0.5)"),
            GiniConvention::Reat => "locational Gini, REAT gini.conc convention: unweighted Gini of the regions' LQs".to_string(),
        };
    let mut t = Table::new("concentration");
    t.push_str("industry", "industry code", icodes.clone())
            .push_str("industry_name", "industry name", inames.clone())
            .push_i64("year", "year of the cross-section", vec![y as i64; ni])
            .push_f64("total", &format!("national total of {} (X_i, sum over the regions analysed)", panel.measure), cols.clone())
            .push_opt_f64("national_share", "share of the industry in the nation X_i/X", cols.iter().map(|&c| (total > 0.0).then(|| c / total)).collect())
            .push_opt_f64("hoover", &hdoc, hoover)
            .push_opt_f64("locational_gini", &gdoc, gini)
            .push_opt_f64("hhi_regions", "Herfindahl–Hirschman index Σ_r (x_ri/X_i)² of the industry's regional shares; missing for an empty industry", hhi)
            .push_i64("n_regions_specialised", &format!("number of regions with LQ {cmp} {}", opts.lq_threshold), n_reg)
            .push("top_region", "region with the largest value of the industry (first on ties); missing for an empty industry", regio_core::Column::Str(top.iter().map(|o| o.map(|r| rcodes[r].clone())).collect()))
            .push_opt_f64("top_region_share", "share of top_region in the industry x_ri/X_i", top.iter().enumerate().map(|(i, o)| o.map(|r| end.get(r, i) / cols[i])).collect());
    Ok(t)
}

/// Related and unrelated variety of each region (end year).
fn variety_table(c: &Cross, groups: Option<&(Vec<String>, Vec<usize>)>) -> Result<Table> {
    let (opts, end, nr, ni, y, rcodes) = (c.opts, c.end, c.nr, c.ni, c.y, &c.rcodes);
    let b = opts.log_base.name();
    let (v, ngroups) = match &groups {
        Some((g, idx)) => (
            variety::variety(end, idx, g.len(), opts.log_base)?,
            Some(g.len()),
        ),
        None => {
            let mut v = variety::variety(end, &vec![0; ni], 1, opts.log_base)?;
            v.unrelated = vec![None; nr];
            v.related = vec![None; nr];
            (v, None)
        }
    };
    let mut t = Table::new("variety").with_region_key("region");
    t.push_str("region", "region code", rcodes.clone())
            .push_i64("year", "year of the cross-section", vec![y as i64; nr])
            .push_opt_f64("entropy", &format!("total entropy Σ_i p_i log_{b}(1/p_i) of the industry shares (Frenken, Van Oort & Verburg 2007); missing for an empty region"), v.entropy)
            .push_opt_f64("unrelated_variety", &format!("unrelated variety Σ_g P_g log_{b}(1/P_g) between the hierarchy's groups; missing when the industries have no hierarchy"), v.unrelated)
            .push_opt_f64("related_variety", &format!("related variety Σ_g P_g H_g, H_g the log_{b} entropy within group g; entropy = unrelated + related"), v.related)
            .push("n_groups", "number of groups in the industry hierarchy (missing without hierarchy)", regio_core::Column::I64(vec![ngroups.map(|g| g as i64); nr]));
    Ok(t)
}

/// Shift-share base → end, static and dynamic.
fn shift_share_table(c: &Cross, tm: &Temporal) -> Result<Table> {
    let (end, nr, y, rcodes) = (c.end, c.nr, c.y, &c.rcodes);
    let (base, b0, refs, totals) = (tm.base, tm.b0, &tm.refs, &tm.totals);
    let s = shift_share::shift_share(b0, end)?;
    let d = shift_share::dynamic_shift_share_with_totals(refs, totals)?;
    let mut t = Table::new("shift_share").with_region_key("region");
    t.push_str("region", "region code", rcodes.clone())
            .push_i64("base_year", "base year", vec![base as i64; nr])
            .push_i64("year", "end year", vec![y as i64; nr])
            .push_f64("base_total", "regional total at the base year e_r^0", s.base_total)
            .push_f64("end_total", "regional total at the end year e_r^t", s.end_total)
            .push_f64("change", "actual change e_r^t − e_r^0 = national_share + industry_mix + competitive", s.change)
            .push_f64("national_share", "national share e_r^0 g, g = national growth rate (Dunn 1960)", s.national_share)
            .push_f64("industry_mix", "industry mix Σ_i e_ri^0 (g_i − g) (Dunn 1960)", s.industry_mix)
            .push_f64("competitive", "competitive (regional) shift Σ_i (e_ri^t − e_ri^0 (1 + g_i)) (Dunn 1960; REAT 'Regional shift')", s.competitive)
            .push_f64("em_competitive", "Esteban-Marquillas (1972) competitive effect Σ_i ê_ri (r_ri − g_i), ê_ri = e_r^0 E_i^0/E^0 homothetic employment", s.em_competitive)
            .push_f64("em_allocation", "Esteban-Marquillas (1972) allocation effect Σ_i (e_ri^0 − ê_ri)(r_ri − g_i); em_competitive + em_allocation + new_cells = competitive", s.em_allocation)
            .push_f64("new_cells", "end-year value of cells with zero base value (no growth rate; counted apart in the Esteban-Marquillas and Arcelus splits)", s.new_cells)
            .push_f64("arcelus_regional_growth", "Arcelus (1984) regional growth effect e_r^0 (r_r − g)", s.arcelus_regional_growth)
            .push_f64("arcelus_regional_mix", "Arcelus (1984) regional industry-mix effect Σ_i ê_ri [(r_ri − r_r) − (g_i − g)]", s.arcelus_regional_mix)
            .push_f64("arcelus_regional_mix_allocation", "Arcelus (1984) regional industry-mix allocation Σ_i (e_ri^0 − ê_ri)[(r_ri − r_r) − (g_i − g)]; national_share + industry_mix + the three arcelus_* + new_cells = change", s.arcelus_regional_mix_allocation)
            .push_f64("dynamic_national_share", "dynamic shift-share (Barff & Knight 1988): national share summed over consecutive year pairs", d.national_share)
            .push_f64("dynamic_industry_mix", "dynamic shift-share: industry mix summed over consecutive year pairs", d.industry_mix)
            .push_f64("dynamic_competitive", "dynamic shift-share: competitive shift summed over consecutive year pairs; the three dynamic_* sum to change", d.competitive)
            .push_i64("n_year_pairs", "number of consecutive year pairs in the dynamic shift-share", vec![(tm.years.len() - 1) as i64; nr]);
    Ok(t)
}

/// Structural change base → end.
fn structural_change_table(c: &Cross, tm: &Temporal) -> Result<Table> {
    let (end, nr, y, rcodes) = (c.end, c.nr, c.y, &c.rcodes);
    let (base, b0, span) = (tm.base, tm.b0, tm.span);
    let s = structural_change::structural_change(b0, end, span)?;
    let mut t = Table::new("structural_change").with_region_key("region");
    t.push_str("region", "region code", rcodes.clone())
            .push_i64("base_year", "base year", vec![base as i64; nr])
            .push_i64("year", "end year", vec![y as i64; nr])
            .push_opt_f64("growth", "growth rate of the regional total e^t/e^0 − 1; missing when a total is zero", s.growth)
            .push_opt_f64("growth_annual", "annualised growth (e^t/e^0)^(1/T) − 1, T = year − base_year", s.growth_annual)
            .push_opt_f64("lilien", "Lilien (1982) index sqrt(Σ_i s_i^t (Δln e_i − Δln e)²); cells zero in either year left out", s.lilien)
            .push_opt_f64("share_change", "structural change index ½ Σ_i |s_i^t − s_i^0| (norm of absolute share changes), in [0, 1]", s.share_change_half_l1)
            .push_opt_f64("share_change_l2", "Euclidean norm of share changes sqrt(Σ_i (s_i^t − s_i^0)²)", s.share_change_l2);
    Ok(t)
}

/// β- and σ-convergence of the regional totals, and the dispersion per year.
fn convergence_tables(c: &Cross, tm: &Temporal) -> Result<Vec<Table>> {
    let y = c.y;
    let (base, span, totals) = (tm.base, tm.span, &tm.totals);
    let last = tm.years.len() - 1;
    let data_years = tm.years;
    let mut tables = Vec::new();
    let totals: Vec<&Vec<f64>> = totals.iter().map(|t| &t.rows).collect();
    let (mut y0, mut y1) = (vec![], vec![]);
    for (&a, &b) in totals[0].iter().zip(totals[last].iter()) {
        if a > 0.0 && b > 0.0 {
            y0.push(a);
            y1.push(b);
        }
    }
    let mut test = vec![];
    let mut stat = vec![];
    let mut val: Vec<Option<f64>> = vec![];
    let mut doc = vec![];
    let mut row = |tst: &str, s: &str, v: Option<f64>, d: &str| {
        test.push(tst.to_string());
        stat.push(s.to_string());
        val.push(v);
        doc.push(d.to_string());
    };
    row(
        "beta",
        "n",
        Some(y0.len() as f64),
        "regions with positive totals in both years",
    );
    row(
        "beta",
        "years",
        Some(span),
        "length of the period T in years",
    );
    let beta = if y0.len() >= 2 {
        convergence::beta_convergence(&y0, &y1, span).ok()
    } else {
        None
    };
    let o = beta.as_ref().map(|b| &b.ols);
    row(
        "beta",
        "alpha",
        o.map(|o| o.alpha),
        "intercept of (1/T) ln(y_T/y_0) = α + β ln y_0 (OLS)",
    );
    row(
        "beta",
        "beta",
        o.map(|o| o.beta),
        "β-convergence slope (Barro & Sala-i-Martin 1992); β < 0 = convergence",
    );
    row(
        "beta",
        "se_beta",
        o.and_then(|o| o.se_beta),
        "classical OLS standard error of β",
    );
    row(
        "beta",
        "t_beta",
        o.and_then(|o| o.t_beta),
        "t statistic of β",
    );
    row(
        "beta",
        "p_beta",
        o.and_then(|o| o.p_beta),
        "two-sided p-value of β (Student's t, n − 2 df)",
    );
    row(
        "beta",
        "r_squared",
        o.and_then(|o| o.r_squared),
        "R² of the regression",
    );
    row(
        "beta",
        "speed",
        beta.as_ref().and_then(|b| b.speed),
        "speed of convergence λ = −ln(1 + βT)/T (missing unless −1 < βT < 0)",
    );
    row(
        "beta",
        "half_life",
        beta.as_ref().and_then(|b| b.half_life),
        "half-life ln 2/λ in years",
    );
    // σ: per year, regions with a positive total.
    let lv: Vec<Vec<f64>> = totals
        .iter()
        .map(|t| t.iter().copied().filter(|&v| v > 0.0).collect())
        .collect();
    let usable: Vec<usize> = (0..lv.len()).filter(|&k| !lv[k].is_empty()).collect();
    let sig = convergence::sigma_convergence(
        &usable.iter().map(|&k| data_years[k]).collect::<Vec<_>>(),
        &usable.iter().map(|&k| lv[k].clone()).collect::<Vec<_>>(),
    )?;
    let tr = sig.trend.as_ref();
    row(
        "sigma",
        "years",
        Some(sig.years.len() as f64),
        "number of years in the trend regression",
    );
    row(
        "sigma",
        "sd_log_first",
        sig.sd_log.first().copied(),
        "population SD of ln(total) across regions in the first year",
    );
    row(
        "sigma",
        "sd_log_last",
        sig.sd_log.last().copied(),
        "population SD of ln(total) across regions in the last year",
    );
    row(
        "sigma",
        "slope",
        tr.map(|o| o.beta),
        "OLS trend of the SD of ln(total) per year; < 0 = σ-convergence",
    );
    row(
        "sigma",
        "se_slope",
        tr.and_then(|o| o.se_beta),
        "standard error of the trend",
    );
    row(
        "sigma",
        "t_slope",
        tr.and_then(|o| o.t_beta),
        "t statistic of the trend",
    );
    row(
        "sigma",
        "p_slope",
        tr.and_then(|o| o.p_beta),
        "two-sided p-value of the trend (Student's t, years − 2 df)",
    );
    row(
        "sigma",
        "r_squared",
        tr.and_then(|o| o.r_squared),
        "R² of the trend regression",
    );
    let mut t = Table::new("convergence");
    let n = test.len();
    t.push_str(
        "test",
        "beta = β-convergence of regional totals, sigma = σ-convergence",
        test,
    )
    .push_str("statistic", "name of the statistic", stat)
    .push_opt_f64(
        "value",
        "value of the statistic; missing when undefined",
        val,
    )
    .push_str("description", "what the statistic is", doc)
    .push_i64("base_year", "base year", vec![base as i64; n])
    .push_i64("year", "end year", vec![y as i64; n]);
    tables.push(t);

    let mut t = Table::new("dispersion");
    t.push_i64(
        "year",
        "year",
        sig.years.iter().map(|&y| y as i64).collect(),
    )
    .push_i64(
        "n_regions",
        "regions with a positive total that year",
        sig.n.iter().map(|&n| n as i64).collect(),
    )
    .push_f64(
        "sd_log",
        "population standard deviation of ln(regional total) (σ-convergence)",
        sig.sd_log,
    )
    .push_f64(
        "cv",
        "coefficient of variation of regional totals (population SD / mean)",
        sig.cv,
    );
    tables.push(t);
    Ok(tables)
}
