//! Regional investment impact: an investment (final demand for industry j in
//! region r) pushed through a regionalised Leontief model (Miller & Blair
//! 2009, ch. 8: a national table regionalised by location quotients; impacts
//! `Δx = (I − R)⁻¹ Δy`, value added `v̂ Δx`, employment `ê Δx`).
//!
//! Regional employment comes from a panel in its own industry classification;
//! a concordance maps those industries onto the table's sectors.

use super::leontief::{IoTable, Leontief};
use super::regionalise::{lq_matrix, regionalise, LqMethod};
use regio_core::{Error, Result, Table};
use std::collections::{BTreeMap, BTreeSet};

/// A many-to-one map from data industries (e.g. KSIC codes) to IO sectors.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Concordance {
    /// Data industry code → IO sector code.
    pub map: BTreeMap<String, String>,
}

impl Concordance {
    /// Builds from (industry, sector) pairs; fails when an industry maps to two sectors.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> Result<Self> {
        let mut map = BTreeMap::new();
        for (i, s) in pairs {
            if let Some(prev) = map.get(&i) {
                if prev != &s {
                    return Err(Error::Duplicate {
                        what: "concordance industry".into(),
                        key: format!("{i} (mapped to {prev} and {s})"),
                        context: None,
                    });
                }
            }
            map.insert(i, s);
        }
        Ok(Concordance { map })
    }

    /// The IO sector of a data industry: the concordance entry, or the code itself if it is a sector.
    pub fn sector_of<'a>(&'a self, industry: &'a str, sectors: &BTreeSet<&str>) -> Option<&'a str> {
        match self.map.get(industry) {
            Some(s) => Some(s.as_str()),
            None if sectors.contains(industry) => Some(industry),
            None => None,
        }
    }
}

/// Sums values by data industry onto the IO sectors through `conc`.
///
/// Fails when a data industry has no IO sector ("missing from the IO
/// classification": asks for a concordance), when the concordance names a
/// sector the table does not have, or when an IO sector receives nothing.
pub fn to_io_sectors(
    industries: &[String],
    values: &[f64],
    sectors: &[String],
    conc: &Concordance,
) -> Result<Vec<f64>> {
    let set: BTreeSet<&str> = sectors.iter().map(|s| s.as_str()).collect();
    let pos: BTreeMap<&str, usize> = sectors
        .iter()
        .enumerate()
        .map(|(i, s)| (s.as_str(), i))
        .collect();
    for (ind, sec) in &conc.map {
        if !set.contains(sec.as_str()) {
            return Err(Error::invalid(format!(
                "the concordance maps industry {ind:?} to {sec:?}, which is not a sector of the \
                 input-output table (sectors: {})",
                sectors.join(", ")
            )));
        }
    }
    let missing: Vec<&str> = industries
        .iter()
        .filter(|i| conc.sector_of(i, &set).is_none())
        .map(|s| s.as_str())
        .collect();
    if !missing.is_empty() {
        return Err(Error::invalid(format!(
            "{} industr{} of the data {} missing from the input-output classification: {}; \
             the table's sectors are: {}. Supply a concordance (CSV with columns \
             industry,io_sector) mapping every data industry to a table sector",
            missing.len(),
            if missing.len() == 1 { "y" } else { "ies" },
            if missing.len() == 1 { "is" } else { "are" },
            missing.join(", "),
            sectors.join(", ")
        )));
    }
    let mut out = vec![0.0; sectors.len()];
    let mut hit = vec![false; sectors.len()];
    for (ind, v) in industries.iter().zip(values) {
        let p = pos[conc.sector_of(ind, &set).expect("checked above")];
        out[p] += v;
        hit[p] = true;
    }
    let uncovered: Vec<&str> = sectors
        .iter()
        .zip(&hit)
        .filter(|(_, h)| !**h)
        .map(|(s, _)| s.as_str())
        .collect();
    if !uncovered.is_empty() {
        return Err(Error::invalid(format!(
            "no data industry maps to the input-output sector(s) {}; the concordance must \
             cover every sector of the table",
            uncovered.join(", ")
        )));
    }
    Ok(out)
}

/// A regionalised model ready to take investments.
#[derive(Debug)]
pub struct RegionalModel {
    /// Region code.
    pub region: String,
    /// The method that regionalised the coefficients.
    pub method: LqMethod,
    /// Sector codes.
    pub sectors: Vec<String>,
    /// Simple location quotients of the region per sector.
    pub slq: Vec<f64>,
    /// The regional Leontief model.
    pub model: Leontief,
    /// Value added per unit of output (national technology).
    pub va_coef: Vec<f64>,
    /// Jobs per unit of output, if employment is known.
    pub emp_coef: Option<Vec<f64>>,
}

impl RegionalModel {
    /// Regionalises `national` for a region with employment `regional_emp`
    /// against national employment `national_emp` (both by IO sector).
    /// Jobs per unit output come from the table's employment row if present,
    /// else from `national_emp / x`.
    pub fn new(
        national: &IoTable,
        region: &str,
        regional_emp: &[f64],
        national_emp: &[f64],
        method: LqMethod,
    ) -> Result<Self> {
        let a = national.technical_coefficients();
        let r = regionalise(&a, regional_emp, national_emp, method)?;
        let lq = lq_matrix(regional_emp, national_emp, LqMethod::Slq)?;
        let slq = (0..lq.nrows()).map(|i| lq.get(i, 0)).collect();
        let model = Leontief::new(national.sectors.clone(), r)?;
        let va_coef = national.per_output(&national.value_added);
        let emp_coef = Some(match &national.employment {
            Some(e) => national.per_output(e),
            None => national.per_output(national_emp),
        });
        Ok(RegionalModel {
            region: region.to_string(),
            method,
            sectors: national.sectors.clone(),
            slq,
            model,
            va_coef,
            emp_coef,
        })
    }

    /// Impacts of a final-demand change (by sector) in the region.
    pub fn impact(&self, delta_y: &[f64]) -> Result<Impact> {
        let dx = self.model.solve(delta_y)?;
        let va = dx.iter().zip(&self.va_coef).map(|(x, v)| x * v).collect();
        let emp = self
            .emp_coef
            .as_ref()
            .map(|e| dx.iter().zip(e).map(|(x, c)| x * c).collect());
        Ok(Impact {
            sectors: self.sectors.clone(),
            direct: delta_y.to_vec(),
            output: dx,
            value_added: va,
            employment: emp,
        })
    }

    /// Impacts of `amount` invested in sector `sector` of the region.
    pub fn invest(&self, sector: &str, amount: f64) -> Result<Impact> {
        if !amount.is_finite() {
            return Err(Error::InvalidValue {
                value: amount.to_string(),
                expected: "a finite investment amount".into(),
                context: Some(format!("sector {sector}")),
            });
        }
        let j = self
            .sectors
            .iter()
            .position(|s| s == sector)
            .ok_or_else(|| {
                Error::invalid(format!(
                    "industry {sector:?} is not a sector of the input-output table (sectors: {}); \
                 supply a concordance mapping it to one",
                    self.sectors.join(", ")
                ))
            })?;
        let mut y = vec![0.0; self.sectors.len()];
        y[j] = amount;
        self.impact(&y)
    }
}

/// Impacts by sector of one final-demand change.
#[derive(Debug, Clone, PartialEq)]
pub struct Impact {
    /// Sector codes.
    pub sectors: Vec<String>,
    /// The final-demand change (the investment) by sector.
    pub direct: Vec<f64>,
    /// Gross output change `Δx = (I − R)⁻¹ Δy`.
    pub output: Vec<f64>,
    /// Value added change `v̂ Δx`.
    pub value_added: Vec<f64>,
    /// Employment change `ê Δx`, if employment is known.
    pub employment: Option<Vec<f64>>,
}

impl Impact {
    /// Total output change.
    pub fn total_output(&self) -> f64 {
        self.output.iter().sum()
    }

    /// The impact as a table: one row per sector plus the region and method.
    pub fn table(&self, region: &str, method: &str, table_source: &str) -> Table {
        let n = self.sectors.len();
        let mut t = Table::new("impact");
        t.push_str("region", "region receiving the investment", vec![region.to_string(); n])
            .push_str("sector", "input-output sector", self.sectors.clone())
            .push_f64("final_demand_change", "investment entered as final demand for the sector's output", self.direct.clone())
            .push_f64("output_change", "gross output change (I - R)^-1 dy with R the regionalised coefficients (Miller & Blair 2009 ch. 8)", self.output.clone())
            .push_f64("value_added_change", "value added change: value added per unit output (national table) x output change", self.value_added.clone());
        if let Some(e) = &self.employment {
            t.push_f64(
                "employment_change",
                "employment change: jobs per unit output (national) x output change",
                e.clone(),
            );
        }
        t.push_str(
            "method",
            "location-quotient method used to regionalise the national table",
            vec![method.to_string(); n],
        )
        .push_str(
            "io_table",
            "the national input-output table used",
            vec![table_source.to_string(); n],
        );
        t
    }
}

/// Output multipliers of a region for several δ values of FLQ (the δ sweep of
/// Flegg & Webber 1997 / Bonfiglio & Chelli 2008): one row per (δ, sector).
pub fn delta_sweep(
    national: &IoTable,
    regional_emp: &[f64],
    national_emp: &[f64],
    deltas: &[f64],
    aflq: bool,
) -> Result<Table> {
    let (mut d, mut s, mut m, mut lam) = (vec![], vec![], vec![], vec![]);
    let er: f64 = regional_emp.iter().sum();
    let en: f64 = national_emp.iter().sum();
    let a = national.technical_coefficients();
    for &delta in deltas {
        let method = if aflq {
            LqMethod::Aflq { delta }
        } else {
            LqMethod::Flq { delta }
        };
        let r = regionalise(&a, regional_emp, national_emp, method)?;
        let model = Leontief::new(national.sectors.clone(), r)?;
        let mult = model.output_multipliers();
        let l = super::regionalise::flq_lambda(er, en, delta)?;
        for (sector, mj) in national.sectors.iter().zip(mult) {
            d.push(delta);
            s.push(sector.clone());
            m.push(mj);
            lam.push(l);
        }
    }
    let mut t = Table::new("delta_sweep");
    t.push_f64("delta", "FLQ sensitivity delta", d)
        .push_f64(
            "lambda",
            "FLQ regional-size factor [log2(1 + E_r/E_n)]^delta (Flegg et al. 1995)",
            lam,
        )
        .push_str("sector", "input-output sector", s)
        .push_f64(
            "output_multiplier",
            "regional output multiplier: column sum of (I - R)^-1",
            m,
        );
    Ok(t)
}
