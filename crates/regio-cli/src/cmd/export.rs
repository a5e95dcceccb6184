//! `regio export`: writes the loaded dataset's panels, attributes and flows
//! as long tables (CSV, Parquet, JSON, GeoJSON), e.g. to turn a KOSIS export
//! or the embedded demo into tidy files.

use crate::common::{self, CliError, Ctx};
use regio_core::{Column, Dataset, Table};

/// Arguments of `regio export`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: common::InputArgs,
    #[command(flatten)]
    pub output: common::OutputArgs,
    /// Boundary set used for GeoJSON output (default: the one sharing most codes with each table).
    #[arg(long)]
    pub boundaries: Option<String>,
}

fn safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The dataset's parts as long tables.
pub fn dataset_tables(ds: &Dataset) -> Vec<Table> {
    let mut out = Vec::new();
    for (key, p) in &ds.panels {
        let (mut reg, mut regn, mut ind, mut indn, mut year, mut val) =
            (vec![], vec![], vec![], vec![], vec![], vec![]);
        for (yi, y) in p.years.iter().enumerate() {
            for (ri, r) in p.regions.iter().enumerate() {
                for (ii, i) in p.industries.iter().enumerate() {
                    reg.push(r.code.clone());
                    regn.push(r.name.clone());
                    ind.push(i.code.clone());
                    indn.push(i.name.clone());
                    year.push(*y as i64);
                    val.push(p.get(yi, ri, ii));
                }
            }
        }
        let mut t = Table::new(format!("panel_{}", safe(key))).with_region_key("region");
        t.push_str("region", "region code as published", reg)
            .push_str("region_name", "region name as published", regn)
            .push_str("industry", "industry code", ind)
            .push_str("industry_name", "industry name", indn)
            .push_i64("year", "year", year)
            .push_opt_f64(
                "value",
                &format!("{key}: value (empty = missing: suppressed or not applicable)"),
                val,
            );
        out.push(t);
    }
    for (name, a) in &ds.attributes {
        let mut t = Table::new(format!("attributes_{}", safe(name))).with_region_key("region");
        t.push_str("region", "region code", a.regions.codes())
            .push_str("region_name", "region name", a.regions.names());
        for (c, v) in &a.columns {
            t.push(
                c,
                &format!("attribute {c} of {name}"),
                Column::F64(v.clone()),
            );
        }
        out.push(t);
    }
    for (name, f) in &ds.flows {
        let code = |i: &u32| f.regions.get(regio_core::RegionId(*i)).code.clone();
        let mut t = Table::new(format!("flows_{}", safe(name)));
        t.push_str(
            "origin",
            "origin region code",
            f.origin.iter().map(code).collect(),
        )
        .push_str(
            "destination",
            "destination region code",
            f.destination.iter().map(code).collect(),
        )
        .push(
            "year",
            "year (empty = single snapshot)",
            Column::I64(f.year.iter().map(|y| y.map(i64::from)).collect()),
        )
        .push_f64(
            "value",
            &format!("{name}: flow from origin to destination"),
            f.value.clone(),
        );
        out.push(t);
    }
    out
}

/// Runs export.
pub fn run(args: Args, ctx: &Ctx) -> Result<(), CliError> {
    let ds = common::load_dataset(&args.input, ctx)?;
    let tables = dataset_tables(&ds);
    if tables.is_empty() {
        return Err(CliError::Usage(
            "the dataset has no panels, attributes or flows to export".into(),
        ));
    }
    let wants_geo = args
        .output
        .format
        .iter()
        .any(|f| f.eq_ignore_ascii_case("geojson"));
    for t in &tables {
        // GeoJSON only for one-row-per-region tables (attributes): a long panel
        // would repeat each polygon once per industry and year.
        let one_row_per_region = t.name.starts_with("attributes_");
        let b = if !wants_geo || !one_row_per_region {
            None
        } else if let Some(name) = &args.boundaries {
            Some(ds.boundary(name)?)
        } else {
            let codes: Vec<String> = match t.column("region") {
                Some(c) => (0..c.len())
                    .filter_map(|r| c.str_at(r).map(str::to_string))
                    .collect(),
                None => Vec::new(),
            };
            let mut rs = regio_core::RegionSet::new();
            for c in &codes {
                rs.get_or_insert(c, c);
            }
            regio_io::validate::best_join(&rs, &ds).map(|j| &ds.boundaries[&j.boundaries])
        };
        if wants_geo && b.is_none() {
            ctx.say(format!(
                "note: table {} is not written as GeoJSON ({})",
                t.name,
                if one_row_per_region {
                    "no boundary set joins its codes"
                } else {
                    "GeoJSON is written for one-row-per-region tables only"
                }
            ));
            let mut o = args.output.clone();
            o.format.retain(|f| !f.eq_ignore_ascii_case("geojson"));
            if !o.format.is_empty() {
                common::write_tables(&o, std::slice::from_ref(t), None, ctx)?;
            }
            continue;
        }
        common::write_tables(&args.output, std::slice::from_ref(t), b, ctx)?;
    }
    Ok(())
}
