//! The output, value-added and employment impacts of investments in one
//! industry of one region, through a national input-output table
//! regionalised by location quotients (FLQ by default, Flegg & Webber 1997;
//! AFLQ, Flegg & Webber 2000; CILQ, Round 1978; Miller & Blair 2009, ch. 8),
//! with regional employment from a panel. Each impact is compared with the
//! national coefficients (no regional leakage). The model lives in
//! `regio_econ::input_output::{impact, regionalise}`.

use crate::error::{Result, StudyError};
use crate::input_output::TableFiles;
use crate::progress::Progress;
use crate::select::PanelQuery;
use regio_core::{Column, Dataset, MissingPolicy, Table};
use regio_econ::input_output::impact::{delta_sweep, to_io_sectors, Concordance, RegionalModel};
use regio_econ::input_output::leontief::{IoTable, Leontief};
use regio_econ::input_output::regionalise::LqMethod;
use std::path::Path;

/// Most values in a δ sweep (each is one regionalised model per invested region).
pub const MAX_SWEEP: usize = 1000;
/// Most investments in one run (each solves two Leontief systems).
pub const MAX_INVEST: usize = 10_000;

/// One investment: an amount of final demand for an industry of a region.
#[derive(Debug, Clone, PartialEq)]
pub struct Investment {
    /// The industry, in the panel's or the table's classification.
    pub industry: String,
    /// The region code.
    pub region: String,
    /// The amount, in the table's units.
    pub amount: f64,
}

impl Investment {
    /// Parses `INDUSTRY@REGION=AMOUNT` (e.g. `C26@11=1e11`; `_` in the amount ignored).
    pub fn parse(s: &str) -> Option<Investment> {
        let (lhs, amt) = s.split_once('=')?;
        let (ind, reg) = lhs.split_once('@')?;
        let amount: f64 = amt.trim().replace('_', "").parse().ok()?;
        if !amount.is_finite() || ind.trim().is_empty() || reg.trim().is_empty() {
            return None;
        }
        Some(Investment {
            industry: ind.trim().to_string(),
            region: reg.trim().to_string(),
            amount,
        })
    }
}

impl std::fmt::Display for Investment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}@{}={}", self.industry, self.region, self.amount)
    }
}

/// Options of the impact analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Panel measure for regional employment (default: see [`PanelQuery`]).
    pub measure: Option<String>,
    /// Series (basis) of the measure when it has several.
    pub series: Option<String>,
    /// Year of the panel (default: the latest of the series).
    pub year: Option<i32>,
    /// Regionalisation method; FLQ and AFLQ carry their δ (the `delta` option).
    pub method: LqMethod,
    /// Also sweep δ over these values for the invested regions.
    pub sweep: Vec<f64>,
    /// The investments, each with its specification as given (for the output).
    pub invest: Vec<(String, Investment)>,
    /// Missing panel cells.
    pub missing: MissingPolicy,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            measure: None,
            series: None,
            year: None,
            method: LqMethod::DEFAULT,
            sweep: vec![],
            invest: vec![],
            missing: MissingPolicy::Error,
        }
    }
}

impl Options {
    /// Checks δ, the sweep and the investments.
    pub fn validate(&self) -> Result<()> {
        if let LqMethod::Flq { delta } | LqMethod::Aflq { delta } = self.method {
            if !(delta.is_finite() && (0.0..=1.0).contains(&delta)) {
                return Err(StudyError::option("delta", delta, "a number from 0 to 1"));
            }
        }
        if self.sweep.len() > MAX_SWEEP {
            return Err(StudyError::option(
                "sweep",
                format!("({} values)", self.sweep.len()),
                format!("at most {MAX_SWEEP} values (each builds one regional model per invested region)"),
            ));
        }
        if let Some(d) = self
            .sweep
            .iter()
            .find(|d| !(d.is_finite() && (0.0..=1.0).contains(*d)))
        {
            return Err(StudyError::option("sweep", d, "values from 0 to 1"));
        }
        if self.invest.is_empty() || self.invest.len() > MAX_INVEST {
            return Err(StudyError::option(
                "invest",
                format!("({} investments)", self.invest.len()),
                format!("1 to {MAX_INVEST} investments (each solves two Leontief systems)"),
            ));
        }
        if let Some((spec, _)) = self.invest.iter().find(|(_, i)| !i.amount.is_finite()) {
            return Err(StudyError::option("invest", spec, "a finite amount"));
        }
        Ok(())
    }
}

/// The national input-output table, where it came from, and how the panel's
/// industries map to its sectors.
#[derive(Debug, Clone)]
pub struct National {
    /// The table.
    pub table: IoTable,
    /// Its source, written to the `io_table` column (e.g. Z's path).
    pub source: String,
    /// Panel industry → table sector (empty: the codes are the sectors).
    pub concordance: Concordance,
}

impl National {
    /// Reads the table's files and an optional concordance CSV (columns
    /// `industry`, `io_sector`).
    pub fn read(files: &TableFiles, concordance: Option<&Path>) -> Result<National> {
        let table = files.read()?;
        let concordance = match concordance {
            Some(p) => Concordance::from_pairs(regio_io::io_tables::read_concordance(p)?).map_err(
                |source| regio_io::IoError::Domain {
                    path: p.to_path_buf(),
                    source,
                },
            )?,
            None => Concordance::default(),
        };
        Ok(National {
            table,
            source: files.z.display().to_string(),
            concordance,
        })
    }
}

/// The impacts.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// `impact` (every investment, stacked), `regional_model` (one block per
    /// invested region) and, with a sweep, `delta_sweep`.
    pub tables: Vec<Table>,
    /// The panel used for regional employment.
    pub panel: String,
    /// Its year.
    pub year: i32,
}

/// Computes the impact of every investment.
///
/// ```
/// use regio_study::impact::{Investment, National, Options};
/// use regio_econ::input_output::{impact::Concordance, leontief::IoTable};
/// let ds = regio_io::demo::korea()?;
/// // One sector per KSIC section of the demo (a made-up, diagonal table).
/// let sectors: Vec<String> = ds.panels["employees@from2020"].industries.codes();
/// let n = sectors.len();
/// let z = regio_core::Matrix::from_rows(
///     &(0..n).map(|i| (0..n).map(|j| if i == j { 10.0 } else { 1.0 }).collect()).collect::<Vec<_>>(),
/// )?;
/// let table = IoTable::new(sectors, z, vec![100.0; n], None)?;
/// let national = National { table, source: "made up".into(), concordance: Concordance::default() };
/// let opts = Options {
///     invest: vec![("C@11=100".into(), Investment::parse("C@11=100").unwrap())],
///     ..Default::default()
/// };
/// let out = regio_study::impact::run(&ds, &national, &opts, &regio_study::Silent)?;
/// assert_eq!(out.tables[0].name, "impact");
/// assert_eq!(out.tables[0].n_rows(), n);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run(
    ds: &Dataset,
    national: &National,
    opts: &Options,
    progress: &dyn Progress,
) -> Result<Outcome> {
    opts.validate()?;
    let lq = opts.method;
    let table = &national.table;
    let conc = &national.concordance;
    let source = &national.source;
    let selected = PanelQuery {
        measure: opts.measure.clone(),
        series: opts.series.clone(),
        ..Default::default()
    }
    .select(ds, progress)?;
    let panel = selected.panel;
    let year = selected.year_or_last(opts.year)?;
    let (x, kept) = panel.matrix(year, opts.missing)?;
    progress.say(&format!(
        "input-output table used: {source} ({} sectors, national), regionalised by {} with {} {year} ({} regions x {} industries)",
        table.n(),
        lq.name(),
        panel.measure,
        kept.len(),
        panel.industries.len()
    ));
    if panel.industries.len() < crate::strategy::COARSE {
        progress.say(&format!(
            "note: regional employment has {} industries, a coarse classification (e.g. KSIC sections): regional coefficients only reflect specialisation at that level",
            panel.industries.len()
        ));
    }
    let inds: Vec<String> = panel.industries.codes();
    let nat_raw = x.col_sums();
    let national_emp = to_io_sectors(&inds, &nat_raw, &table.sectors, conc)?;
    let national_model = Leontief::from_table(table)?;
    let set: std::collections::BTreeSet<&str> = table.sectors.iter().map(|s| s.as_str()).collect();
    let mut models: Vec<Table> = vec![];
    let mut sweeps: Vec<Table> = vec![];
    let mut impacts: Vec<Table> = vec![];
    let mut seen_regions: Vec<&str> = vec![];
    for (spec, inv) in &opts.invest {
        let rid =
            panel
                .regions
                .id(&inv.region)
                .ok_or_else(|| regio_core::Error::UnknownRegion {
                    code: inv.region.clone(),
                    context: Some(format!(
                        "investment {spec}; regions of {}: {}",
                        panel.measure,
                        panel.regions.codes().join(", ")
                    )),
                })?;
        let row = kept.iter().position(|&r| r == rid.idx()).ok_or_else(|| {
            StudyError::option(
                "invest",
                spec,
                format!(
                    "a region with data in {year} (region {} was dropped for missing cells)",
                    inv.region
                ),
            )
        })?;
        let sector = conc.sector_of(&inv.industry, &set).map(str::to_string).ok_or_else(|| {
            regio_core::Error::invalid(format!(
                "industry {:?} of investment {spec} is missing from the input-output classification (sectors: {}); \
                 supply a concordance (columns industry,io_sector) that maps it",
                inv.industry,
                table.sectors.join(", ")
            ))
        })?;
        let regional_emp = to_io_sectors(&inds, x.row(row), &table.sectors, conc)?;
        let model = RegionalModel::new(table, &inv.region, &regional_emp, &national_emp, lq)?;
        let im = model.invest(&sector, inv.amount)?;
        let mut y = vec![0.0; table.n()];
        y[table
            .sectors
            .iter()
            .position(|s| *s == sector)
            .expect("sector known")] = inv.amount;
        let nat = national_model.solve(&y)?;
        let nat_total: f64 = nat.iter().sum();
        let mut t = im.table(&inv.region, &lq.name(), source);
        let n = t.n_rows();
        t.push_f64(
            "output_change_national",
            "gross output change with the national coefficients (no regional leakage), for comparison",
            nat,
        );
        t.push(
            "investment",
            "the --invest specification",
            Column::Str(vec![Some(spec.clone()); n]),
        );
        progress.say(&format!(
            "{spec}: {} into {sector} ({}) of region {}: output +{:.6e} in the region (national coefficients: +{nat_total:.6e})",
            inv.amount,
            inv.industry,
            inv.region,
            im.total_output(),
        ));
        impacts.push(t);
        if !seen_regions.contains(&inv.region.as_str()) {
            seen_regions.push(&inv.region);
            models.push(regional_model_table(
                table,
                &inv.region,
                &regional_emp,
                &model,
                &national_model,
                &lq,
            ));
            if !opts.sweep.is_empty() {
                let aflq = matches!(lq, LqMethod::Aflq { .. });
                let mut st = delta_sweep(table, &regional_emp, &national_emp, &opts.sweep, aflq)?;
                let n = st.n_rows();
                st.push_str("region", "region", vec![inv.region.clone(); n]);
                sweeps.push(st);
            }
        }
    }
    let mut tables = vec![stacked(impacts, "impact")?];
    for (parts, name) in [(models, "regional_model"), (sweeps, "delta_sweep")] {
        if !parts.is_empty() {
            tables.push(stacked(parts, name)?);
        }
    }
    Ok(Outcome {
        tables,
        panel: selected.key.to_string(),
        year,
    })
}

/// The regional model of one region: employment, SLQ and output multipliers.
fn regional_model_table(
    table: &IoTable,
    region: &str,
    regional_emp: &[f64],
    model: &RegionalModel,
    national: &Leontief,
    lq: &LqMethod,
) -> Table {
    let mut rt = Table::new("regional_model");
    rt.push_str("region", "region", vec![region.to_string(); table.n()])
        .push_str("sector", "input-output sector", table.sectors.clone())
        .push_f64(
            "regional_employment",
            "regional employment mapped to the sector",
            regional_emp.to_vec(),
        )
        .push_f64(
            "slq",
            "simple location quotient (E_ir/E_r)/(E_in/E_n)",
            model.slq.clone(),
        )
        .push_f64(
            "output_multiplier_regional",
            "column sum of (I - R)^-1, R regionalised",
            model.model.output_multipliers(),
        )
        .push_f64(
            "output_multiplier_national",
            "column sum of (I - A)^-1, national",
            national.output_multipliers(),
        )
        .push_str(
            "method",
            "regionalisation method",
            vec![lq.name(); table.n()],
        );
    rt
}

/// Per-investment tables stacked into one named `name`.
fn stacked(parts: Vec<Table>, name: &str) -> Result<Table> {
    let mut t = Table::stack(parts)?.unwrap_or_default();
    t.name = name.to_string();
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn investments_and_options() {
        let i = Investment::parse("C26@11=1_000").unwrap();
        assert_eq!(
            (i.industry.as_str(), i.region.as_str(), i.amount),
            ("C26", "11", 1000.0)
        );
        assert!(Investment::parse("C26-11=1").is_none());
        let e = Options::default().validate().unwrap_err();
        assert!(
            matches!(
                e,
                StudyError::Option {
                    option: "invest",
                    ..
                }
            ),
            "{e}"
        );
        let e = Options {
            method: LqMethod::Flq { delta: 2.0 },
            invest: vec![("C@11=1".into(), i)],
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert!(
            matches!(
                e,
                StudyError::Option {
                    option: "delta",
                    ..
                }
            ),
            "{e}"
        );
    }
}
