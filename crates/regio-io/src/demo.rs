//! The embedded Korean demo dataset: real data from KOSIS and Korean public
//! sources (see `data/*/PROVENANCE.md`), compiled into the binary so an
//! installed `regio` runs without the repository. The 159 si-gun passenger
//! OD came inside a GPL package and is therefore never compiled in: it is
//! read at run time from `data/` (or `$REGIO_DATA_DIR`) when present.

use crate::attributes::{read_attributes, AttributesSpec};
use crate::flows::{read_flows, FlowsSpec};
use crate::panels::{read_long_panel, LongPanelSpec, TotalRow};
use crate::source::{parse_value, CsvOptions, CsvRows, Source, ValueRules};
use crate::{korea, IoError, Result};
use regio_core::{Attributes, Dataset, RegionSet};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const ESTABLISHMENTS: &[u8] = include_bytes!(
    "../../../data/kr_establishments_sido_ksic_2006_2023/establishments_employees_sido_ksic_long.csv"
);
const CARBON_GG: &[u8] =
    include_bytes!("../../../data/kr_carbon_2022/gyeonggi_sigungu_carbon_2022.csv");
const CARBON_SIDO: &[u8] = include_bytes!("../../../data/kr_carbon_2022/sido_carbon_2022.csv");
const POPULATION: &[u8] = include_bytes!(
    "../../../data/kr_population_sgg_age_sex_2016/population_2016_sgg_sex_agegroup_long.csv"
);
const MIGRATION: &[u8] =
    include_bytes!("../../../data/kr_migration_sido_od_2000_2024/migration_sido_od_long.csv");

/// Relative path of the passenger OD file inside a data directory.
pub const PASSENGER_REL: &str = "kr_od_sigun_koti_passenger/od_sigun_passenger_long.csv";

/// The establishments/employees panel spec of the demo's long CSV.
pub fn establishments_spec() -> LongPanelSpec {
    LongPanelSpec {
        region_col: "region_code".into(),
        region_name_col: Some("region_name".into()),
        industry_col: "industry_code".into(),
        industry_name_col: Some("industry_name".into()),
        year_col: "year".into(),
        value_col: "value".into(),
        measure_col: Some("measure".into()),
        series_col: Some("series".into()),
        flag_col: Some("flag".into()),
        measure: "value".into(),
        total_regions: vec!["00".into()],
        total_industries: vec!["TOTAL".into()],
        counts: true,
    }
}

/// The national (`00`) and all-industry (`TOTAL`) rows of the demo's
/// establishments/employees file, kept out of the panels for checks.
pub fn kosis_totals() -> Result<Vec<TotalRow>> {
    let src = Source::embedded(
        "demo:establishments_employees_sido_ksic_long.csv",
        ESTABLISHMENTS,
    );
    Ok(read_long_panel(&src, &establishments_spec(), CsvOptions::default())?.totals)
}

/// Where the passenger OD file is looked for, in order: `$REGIO_DATA_DIR`,
/// `./data`, and the repository's `data/` at build time.
pub fn passenger_candidates() -> Vec<PathBuf> {
    let mut v = Vec::new();
    if let Some(d) = std::env::var_os("REGIO_DATA_DIR") {
        v.push(PathBuf::from(d).join(PASSENGER_REL));
    }
    v.push(Path::new("data").join(PASSENGER_REL));
    v.push(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data")).join(PASSENGER_REL));
    v
}

/// The Korean demo's own choices: its current survey basis (`from2020`,
/// register-based), Gyeonggi's 42 carbon units as the zoning units, the
/// passenger OD for living areas (when present: it is read at run time), and the
/// carbon attribute set of each carbon boundary set.
pub fn korea_defaults() -> regio_core::Defaults {
    regio_core::Defaults {
        series: Some("from2020".into()),
        zone_units: Some("gyeonggi".into()),
        flows: Some("passenger".into()),
        attributes_for: [("gyeonggi", "carbon_gg"), ("sido", "carbon_sido")]
            .into_iter()
            .map(|(b, a)| (b.to_string(), a.to_string()))
            .collect(),
    }
}

/// Loads the demo dataset (see the module docs for contents and sources).
pub fn korea() -> Result<Dataset> {
    let mut ds = Dataset {
        name: "Korea demo (KOSIS establishments 2006-2023, carbon 2022, population 2016, migration 2000-2024)".into(),
        defaults: korea_defaults(),
        ..Default::default()
    };
    // panels
    let src = Source::embedded(
        "demo:establishments_employees_sido_ksic_long.csv",
        ESTABLISHMENTS,
    );
    let read = read_long_panel(&src, &establishments_spec(), CsvOptions::default())?;
    for (k, mut p) in read.panels {
        for id in 0..p.regions.len() {
            p.regions.get_mut(regio_core::RegionId(id as u32)).level = Some("sido".into());
        }
        ds.panels.insert(k, p);
    }
    ds.sources.push("Establishments and employees by si-do x KSIC-10 section, 2006-2020 (pre2020 basis) and 2020-2023 (from2020 basis): Statistics Korea, Census on Establishments (전국사업체조사), KOSIS; KOGL Type 1".into());

    // attributes
    let gg = read_attributes(
        &Source::embedded("demo:gyeonggi_sigungu_carbon_2022.csv", CARBON_GG),
        &AttributesSpec {
            region_col: "region_code".into(),
            name_col: Some("region_name".into()),
            ..Default::default()
        },
        CsvOptions::default(),
    )?;
    ds.attributes.insert("carbon_gg".into(), gg);
    ds.attributes.insert("carbon_sido".into(), carbon_sido()?);
    ds.sources.push("Carbon emissions (building energy, road transport) and forest absorption 2022, tCO2: MOLIT Carbon Spatial Map System via yonghwan1106/carbonbalance; 42 Gyeonggi si-gun-gu (MOIS codes) and 17 si-do".into());
    ds.attributes
        .insert("population_2016".into(), population_2016()?);
    ds.sources.push("Resident-registration population Dec 2016, 250 si-gun-gu (KOSTAT 2018 codes) x sex x ages 20-39 and 65+: MOIS via KOSIS; KOGL Type 1".into());

    // flows
    let mig = FlowsSpec {
        name: "migration".into(),
        origin_col: "origin_kostat".into(),
        destination_col: "destination_kostat".into(),
        origin_name_col: Some("origin_name".into()),
        destination_name_col: Some("destination_name".into()),
        year_col: Some("year".into()),
        value_col: "moved".into(),
        drop_regions: vec!["00".into()],
        skip_missing: true,
    };
    let (flows, _missing) = read_flows(
        &Source::embedded("demo:migration_sido_od_long.csv", MIGRATION),
        &mig,
        CsvOptions::default(),
    )?;
    ds.flows.insert("migration".into(), flows);
    ds.sources.push("Internal migration between si-do 2000-2024, persons (diagonal = moves within the si-do; Sejong from 2012): Statistics Korea, Internal Migration Statistics, KOSIS; KOGL Type 1".into());

    match passenger_candidates().into_iter().find(|p| p.is_file()) {
        Some(path) => {
            let spec = FlowsSpec {
                name: "passenger".into(),
                origin_col: "origin".into(),
                destination_col: "destination".into(),
                origin_name_col: Some("origin_name".into()),
                destination_name_col: Some("destination_name".into()),
                year_col: None,
                value_col: "flow".into(),
                drop_regions: Vec::new(),
                skip_missing: false,
            };
            let (f, _) = read_flows(&Source::File(path.clone()), &spec, CsvOptions::default())?;
            ds.flows.insert("passenger".into(), f);
            // The data folder's relative path, not where it was found, so
            // outputs are the same from any working directory.
            ds.sources.push(format!("Passenger trips between 159 si-gun (KOTI/KTDB via the GPL-3 R package flowbcaR; read at run time from data/{PASSENGER_REL}, not embedded)"));
        }
        None => ds.sources.push(format!(
            "Passenger OD (159 si-gun, GPL-licensed source) not loaded: file not found (looked for {}); set REGIO_DATA_DIR to the repository's data/ folder to include it",
            passenger_candidates().iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
        )),
    }

    // boundaries
    for (name, b) in crate::geo::demo_boundaries()? {
        ds.boundaries.insert(name, b);
    }
    ds.sources.push("Boundaries: KOSTAT SGIS 2018 si-do and si-gun-gu (southkorea/southkorea-maps, simplified TopoJSON); Gyeonggi si-gun-gu May 2024 (MOIS/NGII shapefile, EPSG:5186) dissolved to the 2022 units".into());
    Ok(ds)
}

/// The 17 si-do carbon rows, keyed by KOSTAT code (the file names si-do only).
fn carbon_sido() -> Result<Attributes> {
    let label = "demo:sido_carbon_2022.csv";
    let by_name = read_attributes(
        &Source::embedded(label, CARBON_SIDO),
        &AttributesSpec {
            region_col: "region_name".into(),
            ..Default::default()
        },
        CsvOptions::default(),
    )?;
    let mut regions = RegionSet::new();
    for r in by_name.regions.iter() {
        let code = korea::sido_code(&r.name).ok_or_else(|| IoError::Format {
            path: label.into(),
            message: format!("si-do name {:?} is not one of the 17 si-do", r.name),
        })?;
        regions.get_or_insert(code, &r.name);
    }
    let mut a = Attributes::new(regions);
    a.source = label.into();
    a.columns = by_name.columns;
    Ok(a)
}

/// 2016 population per si-gun-gu (KOSTAT 2018 codes): `total_pop`,
/// `female_20_39`, `pop_65plus` and every sex x age group as `<sex>_<age>`
/// (e.g. `female_20_24`, `male_100plus`, `total_65_69`).
fn population_2016() -> Result<Attributes> {
    let src = Source::embedded("demo:population_2016_sgg_sex_agegroup_long.csv", POPULATION);
    population_from_long(&src)
}

/// Reads the 2016 population long file (columns `region_code_kostat2018,
/// region_name, level, sex, age_group, population`) into attributes of the
/// `sigungu` level rows.
pub fn population_from_long(src: &Source) -> Result<Attributes> {
    let mut rows = CsvRows::open(src, CsvOptions::default())?;
    let c_code = rows.col("region_code_kostat2018")?;
    let c_name = rows.col("region_name")?;
    let c_sido = rows.col("sido_name")?;
    let c_level = rows.col("level")?;
    let c_sex = rows.col("sex")?;
    let c_age = rows.col("age_group")?;
    let c_pop = rows.col("population")?;
    let mut regions = RegionSet::new();
    let mut cells: BTreeMap<String, BTreeMap<usize, f64>> = BTreeMap::new();
    while let Some((line, rec)) = rows.next_row()? {
        let rec = rec.clone();
        if CsvRows::cell(&rec, c_level) != "sigungu" {
            continue;
        }
        let code = CsvRows::cell(&rec, c_code);
        let name = format!(
            "{} {}",
            CsvRows::cell(&rec, c_sido),
            CsvRows::cell(&rec, c_name)
        );
        let id = regions.get_or_insert(code, &name).idx();
        let sex = CsvRows::cell(&rec, c_sex);
        let age = CsvRows::cell(&rec, c_age)
            .replace('-', "_")
            .replace('+', "plus");
        let t = CsvRows::cell(&rec, c_pop);
        let v = parse_value(t, ValueRules { counts: true })
            .map_err(|e| rows.cell_err(line, c_pop, t, &e))?
            .ok_or_else(|| rows.cell_err(line, c_pop, t, "a population count"))?;
        let col = if sex == "total" && age == "total" {
            "total_pop".to_string()
        } else {
            format!("{sex}_{age}")
        };
        if cells
            .entry(col.clone())
            .or_default()
            .insert(id, v)
            .is_some()
        {
            return Err(IoError::Format {
                path: rows.path().to_path_buf(),
                message: format!("row {line}: duplicate {col} for region {code}"),
            });
        }
    }
    let n = regions.len();
    let mut a = Attributes::new(regions);
    a.source = src.label().display().to_string();
    let get = |cells: &BTreeMap<String, BTreeMap<usize, f64>>, col: &str, r: usize| {
        cells.get(col).and_then(|m| m.get(&r)).copied()
    };
    let sum = |cols: &[&str], r: usize| -> Option<f64> {
        cols.iter().map(|c| get(&cells, c, r)).sum::<Option<f64>>()
    };
    let f2039: Vec<Option<f64>> = (0..n)
        .map(|r| {
            sum(
                &[
                    "female_20_24",
                    "female_25_29",
                    "female_30_34",
                    "female_35_39",
                ],
                r,
            )
        })
        .collect();
    let p65: Vec<Option<f64>> = (0..n)
        .map(|r| {
            sum(
                &[
                    "total_65_69",
                    "total_70_74",
                    "total_75_79",
                    "total_80_84",
                    "total_85_89",
                    "total_90_94",
                    "total_95_99",
                    "total_100plus",
                ],
                r,
            )
        })
        .collect();
    for (col, m) in &cells {
        a.columns
            .insert(col.clone(), (0..n).map(|r| m.get(&r).copied()).collect());
    }
    a.columns.insert("female_20_39".into(), f2039);
    a.columns.insert("pop_65plus".into(), p65);
    Ok(a)
}

const TRADE: &[u8] =
    include_bytes!("../../../data/trade_sitc4_1998_2000/world_trade_avg_1998_to_2000.csv");
const GDP: &[u8] =
    include_bytes!("../../../data/trade_sitc4_1998_2000/world_gdp_avg_1998_to_2000.csv");

/// The year under which the trade demo's 1998-2000 averages are stored.
pub const TRADE_YEAR: i32 = 1999;

/// The country-level demo: exports by 226 countries x 785 SITC rev. 2
/// 4-digit products, annual average 1998-2000 in USD (panel `exports`, one
/// period stored as year 1999; pairs not listed are zero exports), and GDP
/// per capita (attribute set `gdp`). Open Trade Statistics / UN Comtrade via
/// the R package economiccomplexity (Apache-2.0).
pub fn trade() -> Result<Dataset> {
    let src = Source::embedded("demo:world_trade_avg_1998_to_2000.csv", TRADE);
    let mut rows = CsvRows::open(&src, CsvOptions::default())?;
    let (cr, cp, cv) = (
        rows.col("country_iso3")?,
        rows.col("product_sitc4")?,
        rows.col("export_value_usd")?,
    );
    let mut cells: Vec<(String, String, f64)> = Vec::new();
    while let Some((line, rec)) = rows.next_row()? {
        let (r, p, v) = (
            CsvRows::cell(rec, cr).to_string(),
            CsvRows::cell(rec, cp).to_string(),
            CsvRows::cell(rec, cv).to_string(),
        );
        let value = match v.parse::<f64>() {
            Ok(x) if x.is_finite() && x >= 0.0 => x,
            _ => return Err(rows.cell_err(line, cv, &v, "a non-negative export value")),
        };
        cells.push((r, p, value));
    }
    let countries: std::collections::BTreeSet<&str> = cells.iter().map(|c| c.0.as_str()).collect();
    let products: std::collections::BTreeSet<&str> = cells.iter().map(|c| c.1.as_str()).collect();
    let regions = RegionSet::from_regions(
        countries
            .iter()
            .map(|c| {
                let mut r = regio_core::Region::new(c.to_string(), c.to_uppercase());
                r.level = Some("country".into());
                r
            })
            .collect(),
    )
    .map_err(|e| IoError::Domain {
        path: src.label().to_path_buf(),
        source: e,
    })?;
    let industries = regio_core::IndustrySet::from_industries(
        products
            .iter()
            .map(|p| regio_core::Industry {
                code: p.to_string(),
                name: format!("SITC {p}"),
                parent: None,
            })
            .collect(),
    )
    .map_err(|e| IoError::Domain {
        path: src.label().to_path_buf(),
        source: e,
    })?;
    let ri: BTreeMap<&str, usize> = countries.iter().enumerate().map(|(i, c)| (*c, i)).collect();
    let pi: BTreeMap<&str, usize> = products.iter().enumerate().map(|(i, p)| (*p, i)).collect();
    let mut x = regio_core::Matrix::zeros(ri.len(), pi.len());
    for (r, p, v) in &cells {
        let (i, j) = (ri[r.as_str()], pi[p.as_str()]);
        x.set(i, j, x.get(i, j) + v);
    }
    let panel = regio_core::Panel::from_matrix("exports", regions, industries, TRADE_YEAR, &x)
        .map_err(|e| IoError::Domain {
            path: src.label().to_path_buf(),
            source: e,
        })?;
    let mut ds = Dataset {
        name: "World trade demo (226 countries x 785 SITC4 products, average 1998-2000)".into(),
        ..Default::default()
    };
    ds.panels.insert("exports".into(), panel);
    let gdp = read_attributes(
        &Source::embedded("demo:world_gdp_avg_1998_to_2000.csv", GDP),
        &AttributesSpec {
            region_col: "country_iso3".into(),
            ..Default::default()
        },
        CsvOptions::default(),
    )?;
    ds.attributes.insert("gdp".into(), gdp);
    ds.sources.push("Exports by country x SITC rev. 2 4-digit product, USD, annual average 1998-2000 (stored as year 1999): Open Trade Statistics / UN Comtrade via the R package economiccomplexity 2.0.0 (Apache-2.0); GDP per capita: World Bank, same package".into());
    Ok(ds)
}
