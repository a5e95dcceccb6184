//! The dataset as long tables: each panel as (region, industry, year,
//! value), each attribute set as one row per region, each flow set as
//! (origin, destination, year, value), e.g. to turn a KOSIS export or the
//! embedded demo into tidy files.

use crate::error::{Result, StudyError};
use regio_core::{Column, Dataset, Table};

/// Options of the export.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Boundary set joined to one-row-per-region tables (default: the set
    /// sharing most codes with each table).
    pub boundaries: Option<String>,
}

/// One exported table and the boundary set its rows join, if any.
#[derive(Debug, Clone)]
pub struct Exported {
    /// The table.
    pub table: Table,
    /// The boundary set for GeoJSON output; `None` with [`Exported::no_geometry`] saying why.
    pub boundaries: Option<String>,
    /// Why the table has no geometry, when it has none.
    pub no_geometry: Option<&'static str>,
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

/// The dataset's parts as long tables, each with the boundary set its rows
/// join (attribute tables only: a long panel would repeat each polygon once
/// per industry and year).
///
/// ```
/// let ds = regio_io::demo::korea()?;
/// let t = regio_study::export::run(&ds, &Default::default())?;
/// assert!(t.iter().any(|e| e.table.name == "panel_employees_from2020"));
/// assert!(t.iter().any(|e| e.boundaries.as_deref() == Some("gyeonggi")));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run(ds: &Dataset, opts: &Options) -> Result<Vec<Exported>> {
    let tables = dataset_tables(ds);
    if tables.is_empty() {
        return Err(StudyError::invalid(
            "the dataset has no panels, attributes or flows to export",
        ));
    }
    if let Some(b) = &opts.boundaries {
        ds.boundary(b)?;
    }
    Ok(tables
        .into_iter()
        .map(|table| {
            if !table.name.starts_with("attributes_") {
                return Exported {
                    table,
                    boundaries: None,
                    no_geometry: Some("GeoJSON is written for one-row-per-region tables only"),
                };
            }
            let boundaries = opts.boundaries.clone().or_else(|| {
                let mut rs = regio_core::RegionSet::new();
                if let Some(c) = table.column("region") {
                    for r in 0..c.len() {
                        if let Some(code) = c.str_at(r) {
                            rs.get_or_insert(code, code);
                        }
                    }
                }
                regio_io::validate::best_join(&rs, ds).map(|j| j.boundaries)
            });
            let no_geometry = boundaries
                .is_none()
                .then_some("no boundary set joins its codes");
            Exported {
                table,
                boundaries,
                no_geometry,
            }
        })
        .collect())
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
