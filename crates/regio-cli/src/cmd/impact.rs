//! `regio impact`: the output, value-added and employment impacts of an
//! investment in one industry of one region, through a national input-output
//! table regionalised by location quotients (FLQ by default, Flegg & Webber
//! 1997; Miller & Blair 2009, ch. 8), with regional employment from a panel.

use super::io_model::read_table;
use crate::common::{self, CliError, Ctx};
use regio_core::{Column, Table};
use regio_econ::input_output::impact::{delta_sweep, to_io_sectors, Concordance, RegionalModel};
use regio_econ::input_output::leontief::Leontief;
use regio_econ::input_output::regionalise::LqMethod;
use regio_io::source::CsvRows;
use regio_io::{CsvOptions, IoError, Source};
use std::path::{Path, PathBuf};

/// Arguments of `regio impact`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: common::InputArgs,
    #[command(flatten)]
    pub output: common::OutputArgs,
    /// National intermediate flows Z (square CSV, sector labels in the header and first column).
    #[arg(long = "io")]
    pub io: PathBuf,
    /// National final demand Y (sector labels in the first column; columns summed).
    #[arg(long)]
    pub y: Option<PathBuf>,
    /// National gross output x (sector labels, one value column).
    #[arg(long)]
    pub x: Option<PathBuf>,
    /// Satellite accounts (sector, value_added, income, employment, household_consumption).
    #[arg(long)]
    pub satellite: Option<PathBuf>,
    /// Concordance CSV with columns industry,io_sector mapping the panel's industries to table sectors.
    #[arg(long)]
    pub concordance: Option<PathBuf>,
    /// Panel measure for regional employment (default: employees@from2020, employees, or the only panel).
    #[arg(long)]
    pub measure: Option<String>,
    /// Year of the panel (default: the latest).
    #[arg(long)]
    pub year: Option<i32>,
    /// Regionalisation: flq (default), aflq, cilq or slq.
    #[arg(long, default_value = "flq")]
    pub method: String,
    /// FLQ / AFLQ sensitivity delta in lambda* = [log2(1 + E_r/E_n)]^delta.
    #[arg(long, default_value_t = 0.3)]
    pub delta: f64,
    /// Also sweep delta over these values (comma-separated) for the invested regions.
    #[arg(long, value_delimiter = ',')]
    pub sweep: Vec<f64>,
    /// Investment, repeatable: INDUSTRY@REGION=AMOUNT, e.g. C26@11=1e11 (industry in the
    /// panel's or the table's classification).
    #[arg(long, required = true)]
    pub invest: Vec<String>,
    /// Missing panel cells: error (default), zero or drop-regions.
    #[arg(long, default_value = "error")]
    pub missing: String,
}

fn read_concordance(path: &Path) -> Result<Concordance, CliError> {
    let src = Source::file(path);
    let mut r = CsvRows::open(&src, CsvOptions::default())?;
    let ic = r.col("industry")?;
    let sc = r.col("io_sector")?;
    let mut pairs = vec![];
    while let Some((line, rec)) = r.next_row()? {
        let (i, s) = (
            CsvRows::cell(rec, ic).to_string(),
            CsvRows::cell(rec, sc).to_string(),
        );
        if i.is_empty() || s.is_empty() {
            let col = if i.is_empty() { ic } else { sc };
            return Err(r
                .cell_err(line, col, "", "an industry code and a table sector")
                .into());
        }
        pairs.push((i, s));
    }
    if pairs.is_empty() {
        return Err(r.header_only().into());
    }
    Concordance::from_pairs(pairs).map_err(|e| {
        IoError::Format {
            path: path.to_path_buf(),
            message: e.to_string(),
        }
        .into()
    })
}

struct Investment {
    spec: String,
    industry: String,
    region: String,
    amount: f64,
}

fn parse_invest(s: &str) -> Result<Investment, CliError> {
    let bad = || {
        CliError::Usage(format!(
            "--invest {s:?}: expected INDUSTRY@REGION=AMOUNT, e.g. C26@11=1e11"
        ))
    };
    let (lhs, amt) = s.split_once('=').ok_or_else(bad)?;
    let (ind, reg) = lhs.split_once('@').ok_or_else(bad)?;
    let amount: f64 = amt.trim().replace('_', "").parse().map_err(|_| bad())?;
    if !amount.is_finite() || ind.trim().is_empty() || reg.trim().is_empty() {
        return Err(bad());
    }
    Ok(Investment {
        spec: s.to_string(),
        industry: ind.trim().to_string(),
        region: reg.trim().to_string(),
        amount,
    })
}

fn method(name: &str, delta: f64) -> Result<LqMethod, CliError> {
    Ok(match name {
        "flq" => LqMethod::Flq { delta },
        "aflq" => LqMethod::Aflq { delta },
        "cilq" => LqMethod::Cilq,
        "slq" => LqMethod::Slq,
        o => {
            return Err(CliError::Usage(format!(
                "--method {o:?}: expected flq, aflq, cilq or slq"
            )))
        }
    })
}

/// Runs `regio impact`.
pub fn run(args: Args, ctx: &Ctx) -> Result<(), CliError> {
    let lq = method(&args.method, args.delta)?;
    let invs: Vec<Investment> = args
        .invest
        .iter()
        .map(|s| parse_invest(s))
        .collect::<Result<_, _>>()?;
    let policy = common::missing_policy(&args.missing)?;
    let ds = common::load_dataset(&args.input, ctx)?;
    let panel = common::pick_panel(&ds, args.measure.as_deref())?;
    let year = match args.year {
        Some(y) => y,
        None => *panel
            .years
            .last()
            .ok_or_else(|| CliError::Usage("the panel has no years".into()))?,
    };
    let (x, kept) = panel.matrix(year, policy)?;
    let table = read_table(
        &args.io,
        args.y.as_deref(),
        args.x.as_deref(),
        args.satellite.as_deref(),
    )?;
    let source = args.io.display().to_string();
    ctx.say(format!(
        "input-output table used: {source} ({} sectors, national), regionalised by {} with {} {year} ({} regions x {} industries)",
        table.n(),
        lq.name(),
        panel.measure,
        kept.len(),
        panel.industries.len()
    ));
    if args.input.input.is_none() {
        ctx.say("note: the embedded demo's regional employment is by KSIC section (coarse): regional coefficients only reflect section-level specialisation");
    }
    let conc = match &args.concordance {
        Some(p) => read_concordance(p)?,
        None => Concordance::default(),
    };
    let inds: Vec<String> = (0..panel.industries.len())
        .map(|i| panel.industries.get(i).code.clone())
        .collect();
    let nat_raw = x.col_sums();
    let national_emp = to_io_sectors(&inds, &nat_raw, &table.sectors, &conc)?;
    let national = Leontief::from_table(&table)?;
    let set: std::collections::BTreeSet<&str> = table.sectors.iter().map(|s| s.as_str()).collect();
    let mut out_tables: Vec<Table> = vec![];
    let mut impact_tables: Vec<Table> = vec![];
    let mut seen_regions: Vec<String> = vec![];
    for inv in &invs {
        let rid =
            panel
                .regions
                .id(&inv.region)
                .ok_or_else(|| regio_core::Error::UnknownRegion {
                    code: inv.region.clone(),
                    context: Some(format!(
                        "--invest {}; regions of {}: {}",
                        inv.spec,
                        panel.measure,
                        panel.regions.codes().join(", ")
                    )),
                })?;
        let row = kept.iter().position(|&r| r == rid.idx()).ok_or_else(|| {
            CliError::Usage(format!(
                "region {} was dropped for missing cells in {year}",
                inv.region
            ))
        })?;
        let sector = conc.sector_of(&inv.industry, &set).map(str::to_string).ok_or_else(|| {
            regio_core::Error::invalid(format!(
                "industry {:?} of --invest {} is missing from the input-output classification (sectors: {}); \
                 supply a concordance (--concordance, columns industry,io_sector) that maps it",
                inv.industry,
                inv.spec,
                table.sectors.join(", ")
            ))
        })?;
        let regional_emp = to_io_sectors(&inds, x.row(row), &table.sectors, &conc)?;
        let model = RegionalModel::new(&table, &inv.region, &regional_emp, &national_emp, lq)?;
        let im = model.invest(&sector, inv.amount)?;
        let mut y = vec![0.0; table.n()];
        y[table
            .sectors
            .iter()
            .position(|s| *s == sector)
            .expect("sector known")] = inv.amount;
        let nat = national.solve(&y)?;
        let nat_total: f64 = nat.iter().sum();
        let mut t = im.table(&inv.region, &lq.name(), &source);
        let n = t.n_rows();
        t.push_f64(
            "output_change_national",
            "gross output change with the national coefficients (no regional leakage), for comparison",
            nat,
        );
        t.push(
            "investment",
            "the --invest specification",
            Column::Str(vec![Some(inv.spec.clone()); n]),
        );
        ctx.say(format!(
            "{}: {} into {} ({}) of region {}: output +{:.6e} in the region (national coefficients: +{:.6e})",
            inv.spec,
            inv.amount,
            sector,
            inv.industry,
            inv.region,
            im.total_output(),
            nat_total
        ));
        impact_tables.push(t);
        if !seen_regions.contains(&inv.region) {
            seen_regions.push(inv.region.clone());
            let mult = model.model.output_multipliers();
            let mut rt = Table::new("regional_model");
            rt.push_str("region", "region", vec![inv.region.clone(); table.n()])
                .push_str("sector", "input-output sector", table.sectors.clone())
                .push_f64(
                    "regional_employment",
                    "regional employment mapped to the sector",
                    regional_emp.clone(),
                )
                .push_f64(
                    "slq",
                    "simple location quotient (E_ir/E_r)/(E_in/E_n)",
                    model.slq.clone(),
                )
                .push_f64(
                    "output_multiplier_regional",
                    "column sum of (I - R)^-1, R regionalised",
                    mult,
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
            out_tables.push(rt);
            if !args.sweep.is_empty() {
                let aflq = matches!(lq, LqMethod::Aflq { .. });
                let mut st = delta_sweep(&table, &regional_emp, &national_emp, &args.sweep, aflq)?;
                let n = st.n_rows();
                st.push_str("region", "region", vec![inv.region.clone(); n]);
                out_tables.push(st);
            }
        }
    }
    let mut all = vec![stacked(impact_tables, "impact")?];
    for name in ["regional_model", "delta_sweep"] {
        let parts: Vec<Table> = out_tables
            .iter()
            .filter(|t| t.name == name)
            .cloned()
            .collect();
        if !parts.is_empty() {
            all.push(stacked(parts, name)?);
        }
    }
    common::write_tables(&args.output, &all, None, ctx)?;
    Ok(())
}

/// Per-investment tables stacked into one named `name`.
fn stacked(parts: Vec<Table>, name: &str) -> Result<Table, CliError> {
    let mut t = Table::stack(parts)?.unwrap_or_default();
    t.name = name.to_string();
    Ok(t)
}
