//! Assembles the report of a regional study from a dataset and whatever
//! result tables exist, in the study's order: 1 regional diagnostics,
//! 2 net-zero zones, 3 living areas and decline, 4 strategic industries and
//! growth paths, 5 data and methods. A section appears only when a table
//! for it exists (section 5 always appears).
//!
//! Result tables come tagged with their section by the workflow that made
//! them ([`regio_study::study::Tagged`]); attribute sets no analysis
//! consumed are placed by [`regio_study::study::Section::of_data_name`]. A
//! table with a region key that joins a boundary set is mapped column by
//! column, and well-known column sets also get their chart (shift-share
//! components → stacked bars, density x complexity → quadrant scatter,
//! r x p → frontier line, extinction index → histogram, year x indicator →
//! time series).

use crate::chart::{self, Point};
use crate::classify::Scheme;
use crate::html::{Figure, HtmlTable, Report, Section};
use crate::map::{render_choropleth, Choropleth, Layout, MapValues, ProjectedMap};
use crate::palette::Palette;
use crate::policy::{areas_section, zones_section, AreasView, ZonesView};
use crate::svg::human;
use crate::Result;
use regio_core::{Column, Dataset, Table};
use regio_study::study::{Section as Section_, Tagged};
use std::collections::BTreeMap;

/// Everything the report is made from.
#[derive(Debug, Clone)]
pub struct StudyInput<'a> {
    /// The dataset the analyses ran on.
    pub dataset: &'a Dataset,
    /// Result tables of the analyses that ran.
    pub results: &'a [Tagged],
    /// Parameters of the run (name, value), listed in section 5.
    pub parameters: Vec<(String, String)>,
    /// Software name and version for the footer and section 5.
    pub software: String,
    /// Classification scheme of numeric maps.
    pub scheme: Scheme,
    /// Palette of numeric maps.
    pub palette: Palette,
    /// At most this many maps per result table or attribute set.
    pub max_maps_per_table: usize,
    /// Panels (dataset keys) mapped in section 1; `None` = all.
    pub panels: Option<Vec<String>>,
    /// Attribute sets not mapped (e.g. those an analysis already presents).
    pub skip_attributes: Vec<String>,
    /// Net-zero zones (section 2), when zoned.
    pub zones: Option<ZonesView>,
    /// Living areas (section 3), when computed.
    pub areas: Option<AreasView>,
}

impl<'a> StudyInput<'a> {
    /// Defaults: Fisher-Jenks with 5 classes, YlGnBu, 3 maps per table,
    /// every panel and attribute set mapped.
    pub fn new(dataset: &'a Dataset, results: &'a [Tagged], software: impl Into<String>) -> Self {
        StudyInput {
            dataset,
            results,
            parameters: Vec::new(),
            software: software.into(),
            scheme: Scheme::FisherJenks(5),
            palette: Palette::YlGnBu,
            max_maps_per_table: 3,
            panels: None,
            skip_attributes: Vec::new(),
            zones: None,
            areas: None,
        }
    }
}

/// Section titles in study order.
pub const SECTIONS: [(&str, &str); 5] = [
    ("diagnostics", "1 Regional diagnostics"),
    ("zones", "2 Net-zero zones"),
    ("areas", "3 Living areas and decline"),
    ("strategy", "4 Strategic industries and growth paths"),
    ("methods", "5 Data and methods"),
];

/// Projected boundary sets, computed once per report.
struct Maps {
    sets: Vec<(String, ProjectedMap)>,
}

impl Maps {
    fn new(ds: &Dataset) -> Result<Maps> {
        let mut sets = Vec::new();
        for (name, b) in &ds.boundaries {
            sets.push((name.clone(), ProjectedMap::new(b, Layout::default())?));
        }
        Ok(Maps { sets })
    }

    /// The boundary set that the codes join best (at least half of the
    /// codes must be found); ties go to the set with fewer features.
    fn best(&self, codes: &[String]) -> Option<(&str, &ProjectedMap, usize)> {
        let mut best: Option<(&str, &ProjectedMap, usize)> = None;
        for (name, m) in &self.sets {
            let idx: std::collections::HashSet<&str> = m.codes.iter().map(|s| s.as_str()).collect();
            let hit = codes.iter().filter(|c| idx.contains(c.as_str())).count();
            if hit * 2 < codes.len().max(1) || hit == 0 {
                continue;
            }
            let better = match best {
                None => true,
                Some((_, bm, bh)) => hit > bh || (hit == bh && m.codes.len() < bm.codes.len()),
            };
            if better {
                best = Some((name, m, hit));
            }
        }
        best
    }

    /// The projected boundary set of that name.
    fn get(&self, name: &str) -> Result<&ProjectedMap> {
        self.sets
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, m)| m)
            .ok_or_else(|| crate::ReportError::Invalid(format!("no boundary set {name:?}")))
    }
}

/// Values aligned with a map's features from (code, value) pairs.
fn align_values(map: &ProjectedMap, codes: &[String], vals: &[Option<f64>]) -> Vec<Option<f64>> {
    let lookup: BTreeMap<&str, Option<f64>> = codes
        .iter()
        .map(|c| c.as_str())
        .zip(vals.iter().copied())
        .collect();
    map.codes
        .iter()
        .map(|c| lookup.get(c.as_str()).copied().flatten())
        .collect()
}

/// One sentence on the highest, lowest and median values.
fn finding(what: &str, map: &ProjectedMap, v: &[Option<f64>], unit: &str) -> String {
    let mut pairs: Vec<(f64, &str)> = v
        .iter()
        .zip(&map.names)
        .filter_map(|(x, n)| x.map(|x| (x, n.as_str())))
        .collect();
    if pairs.is_empty() {
        return format!("{what}: no value joins the map.");
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let u = if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    };
    let med = pairs[pairs.len() / 2].0;
    format!(
        "{what}: highest in {} ({}{u}), lowest in {} ({}{u}); median {}{u} over {} regions.",
        pairs[0].1,
        human(pairs[0].0),
        pairs[pairs.len() - 1].1,
        human(pairs[pairs.len() - 1].0),
        human(med),
        pairs.len()
    )
}

fn slug(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// Text values of a column (empty for missing).
fn texts(c: &Column) -> Vec<String> {
    (0..c.len()).map(|r| c.text(r)).collect()
}

/// Numeric values of a column.
fn nums(c: &Column) -> Vec<Option<f64>> {
    (0..c.len()).map(|r| c.f64(r)).collect()
}

fn col_ci<'t>(t: &'t Table, words: &[&str]) -> Option<(&'t str, &'t Column)> {
    t.specs
        .iter()
        .zip(&t.columns)
        .find(|(s, c)| {
            let n = s.name.to_ascii_lowercase();
            words.iter().any(|w| n.contains(w)) && c.f64_like()
        })
        .map(|(s, c)| (s.name.as_str(), c))
}

trait NumericLike {
    fn f64_like(&self) -> bool;
}
impl NumericLike for Column {
    fn f64_like(&self) -> bool {
        matches!(self, Column::F64(_) | Column::I64(_))
    }
}

/// Orders columns so that summary measures (index, total, net, share,
/// emission, absorption) come first; stable otherwise.
fn by_priority<T>(items: impl Iterator<Item = T>, name: impl Fn(&T) -> &str) -> Vec<T> {
    let rank = |n: &str| -> usize {
        let n = n.to_ascii_lowercase();
        [
            "index",
            "effect",
            "competitive",
            "mix",
            "net",
            "share",
            "lq",
            "krugman",
            "emission",
            "absorption",
            "total",
        ]
        .iter()
        .position(|w| n.contains(w))
        .unwrap_or(99)
    };
    let mut v: Vec<(usize, usize, T)> = items
        .enumerate()
        .map(|(i, t)| (rank(name(&t)), i, t))
        .collect();
    v.sort_by_key(|(r, i, _)| (*r, *i));
    v.into_iter().map(|(_, _, t)| t).collect()
}

/// Builds the report.
pub fn build(input: &StudyInput) -> Result<Report> {
    let ds = input.dataset;
    let maps = Maps::new(ds)?;
    let mut sections: Vec<Section> = SECTIONS
        .iter()
        .map(|(id, title)| Section {
            id: id.to_string(),
            title: title.to_string(),
            ..Default::default()
        })
        .collect();
    let mut fig_no = 0usize;
    let mut next_id = |base: &str| {
        fig_no += 1;
        format!("fig{fig_no}-{}", slug(base))
    };

    // Section 1 starts with the dataset's own panels: each measure's total
    // per region in the latest year, and the rank-size plot of those totals.
    for (key, p) in &ds.panels {
        if input.panels.as_ref().is_some_and(|k| !k.contains(key)) {
            continue;
        }
        let Some(&year) = p.years.last() else {
            continue;
        };
        let yi = p.years.len() - 1;
        let codes = p.regions.codes();
        let totals = p.region_totals(yi);
        let Some((_, map, _)) = maps.best(&codes) else {
            continue;
        };
        let v = align_values(map, &codes, &totals);
        if v.iter().all(|x| x.is_none()) {
            continue;
        }
        let title = format!("{} {year}, all industries", p.measure);
        let fig_id = next_id(key);
        let svg = render_choropleth(
            map,
            &Choropleth {
                title: title.clone(),
                unit: p.measure.clone(),
                values: MapValues::Numeric {
                    values: v.clone(),
                    scheme: input.scheme.clone(),
                    palette: input.palette,
                },
                source: map.source.clone(),
                markers: Vec::new(),
            },
            &fig_id,
        )?;
        sections[0].paragraphs.push(finding(&title, map, &v, ""));
        sections[0].figures.push(Figure {
            id: fig_id,
            caption: format!(
                "{title}: sum over the {} industries of panel {key}; classes: {}.",
                p.industries.len(),
                input.scheme.label()
            ),
            svg,
        });
        let sizes: Vec<(String, f64)> = v
            .iter()
            .zip(&map.names)
            .filter_map(|(x, n)| x.filter(|x| *x > 0.0).map(|x| (n.clone(), x)))
            .collect();
        if sizes.len() >= 3 {
            let id = next_id(&format!("{key}-rank-size"));
            let svg = chart::rank_size(&format!("Rank-size: {title}"), &sizes, &p.measure)?;
            sections[0].figures.push(Figure {
                id,
                caption: "Regions ranked by size on log-log axes; the dashed line is the OLS fit of ln size on ln rank (a slope of −1 is Zipf's law).".into(),
                svg,
            });
        }
    }
    // Sections 2 and 3 open with the zones and the living areas.
    if let Some(z) = &input.zones {
        zones_section(z, maps.get(&z.boundaries)?, &mut sections[1], &mut next_id)?;
    }
    if let Some(a) = &input.areas {
        areas_section(a, maps.get(&a.boundaries)?, &mut sections[2], &mut next_id)?;
    }
    // Attribute columns (population, emissions, absorption, ...).
    for (set, a) in &ds.attributes {
        if input.skip_attributes.contains(set) {
            continue;
        }
        let codes = a.regions.codes();
        let Some((_, map, _)) = maps.best(&codes) else {
            continue;
        };
        for (col, vals) in by_priority(a.columns.iter(), |(c, _)| c.as_str())
            .into_iter()
            .take(input.max_maps_per_table)
        {
            let v = align_values(map, &codes, vals);
            if v.iter().all(|x| x.is_none()) {
                continue;
            }
            let sec = match Section_::of_data_name(set) {
                Section_::Diagnostics => Section_::of_data_name(col),
                s => s,
            }
            .index();
            let title = format!("{col} ({set})");
            let id = next_id(&format!("{set}-{col}"));
            let svg = render_choropleth(
                map,
                &Choropleth {
                    title: title.clone(),
                    unit: String::new(),
                    values: MapValues::Numeric {
                        values: v.clone(),
                        scheme: input.scheme.clone(),
                        palette: Palette::YlOrRd,
                    },
                    source: if a.source.is_empty() {
                        map.source.clone()
                    } else {
                        a.source.clone()
                    },
                    markers: Vec::new(),
                },
                &id,
            )?;
            sections[sec].paragraphs.push(finding(&title, map, &v, ""));
            sections[sec].figures.push(Figure {
                id,
                caption: format!("{title}; classes: {}.", input.scheme.label()),
                svg,
            });
        }
    }

    // Result tables.
    for Tagged { section, table: t } in input.results {
        if t.n_rows() == 0 {
            continue;
        }
        let sec = section.index();
        let presented = (input.zones.is_some() && ZonesView::TABLES.contains(&t.name.as_str()))
            || (input.areas.is_some() && AreasView::TABLES.contains(&t.name.as_str()));
        if !presented {
            table_figures(t, &maps, input, &mut sections[sec], &mut next_id)?;
        }
        sections[sec]
            .tables
            .push(HtmlTable::preview(t, &format!("Table {}", t.name), 12));
    }

    // Section 5: data and methods.
    let m = &mut sections[4];
    m.paragraphs.push(format!(
        "Dataset {:?}: {} panel(s), {} attribute set(s), {} flow set(s), {} boundary set(s).",
        ds.name,
        ds.panels.len(),
        ds.attributes.len(),
        ds.flows.len(),
        ds.boundaries.len()
    ));
    let mut data = HtmlTable {
        caption: "Data".into(),
        header: vec![
            "part".into(),
            "name".into(),
            "shape".into(),
            "source".into(),
        ],
        ..Default::default()
    };
    for (k, p) in &ds.panels {
        let cells = p.regions.len() * p.industries.len() * p.years.len();
        data.rows.push(vec![
            "panel".into(),
            k.clone(),
            format!(
                "{} regions x {} industries x {} years ({}–{}); {} of {} cells missing",
                p.regions.len(),
                p.industries.len(),
                p.years.len(),
                p.years.first().copied().unwrap_or(0),
                p.years.last().copied().unwrap_or(0),
                cells - p.present_count(),
                cells
            ),
            String::new(),
        ]);
    }
    for (k, a) in &ds.attributes {
        data.rows.push(vec![
            "attributes".into(),
            k.clone(),
            format!(
                "{} regions; columns: {}",
                a.regions.len(),
                a.columns.keys().cloned().collect::<Vec<_>>().join(", ")
            ),
            a.source.clone(),
        ]);
    }
    for (k, f) in &ds.flows {
        data.rows.push(vec![
            "flows".into(),
            k.clone(),
            format!("{} regions", f.regions.len()),
            String::new(),
        ]);
    }
    for (k, b) in &ds.boundaries {
        data.rows.push(vec![
            "boundaries".into(),
            k.clone(),
            format!("{} features", b.len()),
            b.source.clone(),
        ]);
    }
    m.tables.push(data);
    if !ds.sources.is_empty() {
        m.tables.push(HtmlTable {
            caption: "Sources".into(),
            header: vec!["source".into()],
            rows: ds.sources.iter().map(|s| vec![s.clone()]).collect(),
            ..Default::default()
        });
    }
    let mut params = HtmlTable {
        caption: "Parameters and conventions".into(),
        header: vec!["parameter".into(), "value".into()],
        ..Default::default()
    };
    params.rows.push(vec![
        "map classification".into(),
        format!("{} (as in PySAL mapclassify)", input.scheme.label()),
    ]);
    params.rows.push(vec![
        "map palette".into(),
        format!("{:?} (colour-blind safe); grey = no data", input.palette),
    ]);
    params.rows.push(vec![
        "map projection".into(),
        "spherical transverse Mercator on the data's central meridian (Snyder 1987); north up"
            .into(),
    ]);
    for (k, v) in &input.parameters {
        params.rows.push(vec![k.clone(), v.clone()]);
    }
    params
        .rows
        .push(vec!["software".into(), input.software.clone()]);
    m.tables.push(params);
    let mut cols = HtmlTable {
        caption: "Result columns".into(),
        header: vec!["table".into(), "column".into(), "meaning".into()],
        ..Default::default()
    };
    for Tagged { table: t, .. } in input.results {
        for s in &t.specs {
            cols.rows
                .push(vec![t.name.clone(), s.name.clone(), s.doc.clone()]);
        }
    }
    if !cols.rows.is_empty() {
        m.tables.push(cols);
    }

    let sections: Vec<Section> = sections
        .into_iter()
        .enumerate()
        .filter(|(i, s)| *i == 4 || !s.figures.is_empty() || !s.tables.is_empty())
        .map(|(_, s)| s)
        .collect();
    Ok(Report {
        title: format!(
            "regio report: {}",
            if ds.name.is_empty() {
                "dataset"
            } else {
                &ds.name
            }
        ),
        subtitle: "Regional economic diagnostics and regional industrial-policy design".into(),
        sections,
        footer: format!(
            "Generated by {}. Maps and charts are inline SVG; this file needs no network.",
            input.software
        ),
    })
}

/// Largest scatter drawn (beyond it the SVG grows by megabytes and shows
/// a blot, not points).
const MAX_SCATTER_POINTS: usize = 2_000;

/// Maps and charts for one result table.
fn table_figures(
    t: &Table,
    maps: &Maps,
    input: &StudyInput,
    sec: &mut Section,
    next_id: &mut impl FnMut(&str) -> String,
) -> Result<()> {
    let key = t
        .region_key
        .as_deref()
        .and_then(|k| t.column(k).map(|c| (k, c)));
    // A table with a year column and one row per year is a time series.
    let year = t.column("year").filter(|c| c.f64_like()).filter(|c| {
        // Distinct years in at least two rows: otherwise not a time series.
        let mut y: Vec<i64> = nums(c)
            .into_iter()
            .map(|v| v.map_or(i64::MIN, |v| v as i64))
            .collect();
        let n = y.len();
        y.sort_unstable();
        y.dedup();
        n >= 2 && y.len() == n
    });
    if let (Some(yc), None) = (year, key) {
        let years = nums(yc);
        let series: Vec<(String, Vec<(f64, f64)>)> = t
            .specs
            .iter()
            .zip(&t.columns)
            .filter(|(s, c)| s.name != "year" && c.f64_like())
            .take(6)
            .map(|(s, c)| {
                let pts = years
                    .iter()
                    .zip(nums(c))
                    .filter_map(|(y, v)| Some((((*y)?), v?)))
                    .collect();
                (s.name.clone(), pts)
            })
            .filter(|(_, p): &(String, Vec<(f64, f64)>)| !p.is_empty())
            .collect();
        if !series.is_empty() {
            let id = next_id(&t.name);
            sec.figures.push(Figure {
                id,
                caption: format!("{} over time.", t.name),
                svg: chart::line_chart(&t.name, &series, "year", "value")?,
            });
        }
    }
    // A long table of indicators by year (year, indicator[, basis], value,
    // e.g. the spatial-structure indicators): one line chart per indicator,
    // one line per basis (data it is computed on) with at least three years;
    // diagnostics without a direction ("n/a") are left out.
    if let (Some(yc), Some(ic), Some(vc)) = (
        t.column("year").filter(|c| c.f64_like()),
        t.column("indicator"),
        t.column("value").filter(|c| c.f64_like()),
    ) {
        let (years, vals, names) = (nums(yc), nums(vc), texts(ic));
        let basis = t.column("basis").map(texts);
        let direction = t.column("multipolar_when").map(texts);
        // (indicator, direction, [(basis, points)]) in the table's order.
        type Lines = Vec<(String, Vec<(f64, f64)>)>;
        let mut charts: Vec<(String, String, Lines)> = Vec::new();
        for r in 0..t.n_rows() {
            let (Some(y), Some(v)) = (years[r], vals[r]) else {
                continue;
            };
            let dir = direction.as_ref().map(|d| d[r].clone()).unwrap_or_default();
            if dir.starts_with("n/a") {
                continue;
            }
            let b = basis.as_ref().map(|b| b[r].clone()).unwrap_or_default();
            let k = match charts.iter().position(|c| c.0 == names[r]) {
                Some(k) => k,
                None => {
                    charts.push((names[r].clone(), dir, Vec::new()));
                    charts.len() - 1
                }
            };
            match charts[k].2.iter_mut().find(|l| l.0 == b) {
                Some(l) => l.1.push((y, v)),
                None => charts[k].2.push((b, vec![(y, v)])),
            }
        }
        for (name, dir, mut lines) in charts {
            lines.retain(|l| l.1.len() >= 3);
            lines.truncate(6);
            if lines.is_empty() {
                continue;
            }
            for l in lines.iter_mut() {
                l.1.sort_by(|a, b| a.0.total_cmp(&b.0));
            }
            let id = next_id(&format!("{}-{name}", t.name));
            let caption = if dir.is_empty() {
                format!("{name} by year, one line per data basis.")
            } else {
                format!("{name} by year, one line per data basis (more multipolar: {dir}).")
            };
            sec.figures.push(Figure {
                id,
                caption,
                svg: chart::line_chart(&name, &lines, "year", &name)?,
            });
        }
    }
    // Frontier p(r): columns r and p.
    if let (Some(r), Some(p)) = (t.column("r"), t.column("p")) {
        let pts: Vec<(f64, f64)> = nums(r)
            .into_iter()
            .zip(nums(p))
            .filter_map(|(a, b)| Some((a?, b?)))
            .collect();
        if !pts.is_empty() {
            let id = next_id(&format!("{}-frontier", t.name));
            sec.figures.push(Figure {
                id,
                caption: "Frontier p(r): the number of net-zero zones at each emission-reduction rate r (0 where no zoning exists).".into(),
                svg: chart::line_chart(
                    &format!("{}: frontier p(r)", t.name),
                    &[("p(r)".into(), pts)],
                    "r",
                    "p",
                )?,
            });
        }
    }
    let Some((kname, kcol)) = key else {
        return Ok(());
    };
    let codes = texts(kcol);
    let Some((_, map, _)) = maps.best(&codes) else {
        return table_charts(t, &codes, sec, next_id);
    };
    let labels: Vec<String> = {
        let idx: BTreeMap<&str, &str> = map
            .codes
            .iter()
            .map(|c| c.as_str())
            .zip(map.names.iter().map(|n| n.as_str()))
            .collect();
        codes
            .iter()
            .map(|c| idx.get(c.as_str()).map_or(c.clone(), |n| n.to_string()))
            .collect()
    };
    // Categorical columns (zone / area assignments) → categorical maps.
    for (s, c) in t.specs.iter().zip(&t.columns) {
        let n = s.name.to_ascii_lowercase();
        let categorical = (n.contains("zone")
            || n.contains("area")
            || n.contains("cluster")
            || n.contains("label")
            || n.contains("quadrant"))
            && !n.contains("share")
            && !n.contains("size")
            && matches!(c, Column::Str(_) | Column::Cat(_) | Column::I64(_));
        if !categorical || s.name == kname {
            continue;
        }
        let lookup: BTreeMap<&str, String> =
            codes.iter().map(|c| c.as_str()).zip(texts(c)).collect();
        let vals: Vec<Option<String>> = map
            .codes
            .iter()
            .map(|c| lookup.get(c.as_str()).filter(|v| !v.is_empty()).cloned())
            .collect();
        let k = {
            let mut u: Vec<&String> = vals.iter().flatten().collect();
            u.sort();
            u.dedup();
            u.len()
        };
        let id = next_id(&format!("{}-{}", t.name, s.name));
        sec.paragraphs.push(format!(
            "{} ({}): {} groups over {} regions.",
            s.name,
            t.name,
            k,
            vals.iter().flatten().count()
        ));
        sec.figures.push(Figure {
            id: id.clone(),
            caption: format!("{}: {}", s.name, s.doc),
            svg: render_choropleth(
                map,
                &Choropleth {
                    title: format!("{} — {}", t.name, s.name),
                    unit: String::new(),
                    values: MapValues::Categorical {
                        values: vals,
                        neighbours: Vec::new(),
                    },
                    source: map.source.clone(),
                    markers: Vec::new(),
                },
                &id,
            )?,
        });
    }
    // Numeric columns → maps.
    let numeric: Vec<(&regio_core::ColumnSpec, &Column)> = t
        .specs
        .iter()
        .zip(&t.columns)
        .filter(|(s, c)| c.f64_like() && s.name != kname && !s.name.contains("year"))
        .collect();
    let numeric = by_priority(numeric.into_iter(), |(s, _)| s.name.as_str());
    for (s, c) in numeric.iter().take(input.max_maps_per_table) {
        let v = align_values(map, &codes, &nums(c));
        if v.iter().flatten().count() < 2 {
            continue;
        }
        // Diverging palette for signed quantities.
        let signed = v.iter().flatten().any(|x| *x < 0.0) && v.iter().flatten().any(|x| *x > 0.0);
        let scheme = input.scheme.clone();
        let unit = String::new();
        let title = format!("{} — {}", t.name, s.name);
        let id = next_id(&title);
        sec.paragraphs.push(finding(&title, map, &v, &unit));
        sec.figures.push(Figure {
            id: id.clone(),
            caption: format!("{}: {}", s.name, s.doc),
            svg: render_choropleth(
                map,
                &Choropleth {
                    title,
                    unit,
                    values: MapValues::Numeric {
                        values: v,
                        scheme,
                        palette: if signed { Palette::RdBu } else { input.palette },
                    },
                    source: map.source.clone(),
                    markers: Vec::new(),
                },
                &id,
            )?,
        });
    }
    table_charts(t, &labels, sec, next_id)
}

/// The charts of a table that need no map: shift-share components, the
/// density x complexity scatter and the extinction-index histogram, with
/// `labels` naming the rows (region names, or codes without a map).
fn table_charts(
    t: &Table,
    labels: &[String],
    sec: &mut Section,
    next_id: &mut impl FnMut(&str) -> String,
) -> Result<()> {
    // Shift-share components → stacked bars.
    let comps: Vec<(String, Vec<f64>)> = t
        .specs
        .iter()
        .zip(&t.columns)
        .filter(|(s, c)| {
            let n = s.name.to_ascii_lowercase();
            c.f64_like()
                && (n.contains("national")
                    || n.contains("mix")
                    || n.contains("competitive")
                    || n.contains("regional_shift")
                    || n.contains("differential"))
        })
        .map(|(s, c)| {
            (
                s.name.clone(),
                nums(c).into_iter().map(|x| x.unwrap_or(0.0)).collect(),
            )
        })
        .collect();
    if comps.len() >= 2 && t.n_rows() <= 40 {
        let id = next_id(&format!("{}-components", t.name));
        sec.figures.push(Figure {
            id,
            caption: "Shift-share components per region; the dot marks the net change.".into(),
            svg: chart::stacked_bars(&format!("{}: components", t.name), labels, &comps, "change")?,
        });
    }
    // Density x complexity → quadrant scatter.
    if let (Some((xn, xc)), Some((yn, yc))) = (
        col_ci(t, &["density", "relatedness"]),
        col_ci(t, &["complexity", "pci", "eci"]),
    ) {
        let (xs, ys) = (nums(xc), nums(yc));
        let pts: Vec<Point> = (0..t.n_rows())
            .filter_map(|i| {
                Some(Point {
                    label: labels[i].clone(),
                    x: xs[i]?,
                    y: ys[i]?,
                    labelled: false,
                })
            })
            .collect();
        if pts.len() > MAX_SCATTER_POINTS {
            sec.paragraphs.push(format!(
                "{}: {} points of {xn} against {yn} are too many for one readable scatter (at most {MAX_SCATTER_POINTS}); the full table is written with the results.",
                t.name,
                pts.len()
            ));
        } else if pts.len() >= 2 {
            let mx = pts.iter().map(|p| p.x).sum::<f64>() / pts.len() as f64;
            let my = pts.iter().map(|p| p.y).sum::<f64>() / pts.len() as f64;
            let id = next_id(&format!("{}-quadrants", t.name));
            sec.figures.push(Figure {
                id,
                caption: format!("{xn} against {yn}; dashed lines at the means: the upper right quadrant holds related and complex candidates."),
                svg: chart::scatter(&format!("{}: {xn} x {yn}", t.name), &pts, xn, yn, Some((mx, my)))?,
            });
        }
    }
    // Extinction index → histogram with the 0.5 risk line (Masuda 2014; Lee 2016).
    if let Some((en, ec)) = col_ci(t, &["extinction"]) {
        let v: Vec<f64> = nums(ec).into_iter().flatten().collect();
        if v.len() >= 3 {
            let id = next_id(&format!("{}-histogram", t.name));
            let below = v.iter().filter(|x| **x < 0.5).count();
            sec.paragraphs.push(format!(
                "{below} of {} regions have {en} below 0.5 (the 'risk of extinction' threshold).",
                v.len()
            ));
            sec.figures.push(Figure {
                id,
                caption: format!("Distribution of {en}; the dashed line marks 0.5."),
                svg: chart::histogram(
                    &format!("{}: distribution of {en}", t.name),
                    &v,
                    20,
                    en,
                    Some((0.5, "0.5 risk threshold")),
                )?,
            });
        }
    }
    Ok(())
}

/// How the report of a [`regio_study::study::Study`] is drawn.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// Software name and version for the footer and section 5.
    pub software: String,
    /// Classification scheme of numeric maps.
    pub scheme: Scheme,
    /// Palette of numeric maps.
    pub palette: Palette,
    /// At most this many maps per result table or attribute set.
    pub max_maps_per_table: usize,
}

impl ReportOptions {
    /// Fisher-Jenks with 5 classes, YlGnBu, 3 maps per table.
    pub fn new(software: impl Into<String>) -> Self {
        ReportOptions {
            software: software.into(),
            scheme: Scheme::FisherJenks(5),
            palette: Palette::YlGnBu,
            max_maps_per_table: 3,
        }
    }
}

/// The report of a study: its tables in their sections, the zones and
/// living areas drawn with their own maps, the settings of every analysis
/// in section 5.
pub fn report(study: &regio_study::study::Study<'_>, o: &ReportOptions) -> Result<Report> {
    let mut input = StudyInput::new(study.dataset, &study.tables, o.software.clone());
    input.scheme = o.scheme.clone();
    input.palette = o.palette;
    input.max_maps_per_table = o.max_maps_per_table;
    input.parameters = study.notes.clone();
    if !study.panels.is_empty() {
        input.panels = Some(study.panels.clone());
    }
    input.skip_attributes = study.attributes_used.clone();
    let note = |k: &str| {
        study
            .notes
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    input.zones = study
        .zones
        .as_ref()
        .and_then(|z| zones_view(z, note("net-zero zones")));
    input.areas = study.areas.as_ref().and_then(areas_view);
    build(&input)
}

/// What the zones section draws of a zoning (`None`: no zoning at r).
pub fn zones_view(z: &regio_study::zones::Outcome<'_>, settings: String) -> Option<ZonesView> {
    let (zone, solved) = (z.zone_labels()?, z.solved.as_ref().ok()?);
    Some(ZonesView {
        boundaries: z.boundary_set.clone(),
        codes: z.codes.clone(),
        zone,
        neighbours: z.neighbours(),
        balance: solved.balance.clone(),
        reduction: z.reduction,
        expression: z.expression.clone(),
        frontier: z.frontier_points(),
        r_min: z.r_min(),
        settings,
    })
}

/// What the living-areas section draws (`None`: no boundary set covers the units).
pub fn areas_view(a: &regio_study::living_areas::Outcome<'_>) -> Option<AreasView> {
    let (bname, _) = a.boundaries.as_ref()?;
    let fm = &a.fm;
    Some(AreasView {
        boundaries: bname.clone(),
        codes: fm.codes.clone(),
        area: a.unit_areas(),
        self_containment: a
            .area_ids
            .iter()
            .cloned()
            .zip(a.self_containment.iter().copied())
            .filter(|(_, sc)| sc.is_finite())
            .collect(),
        isolated: a.isolated.clone(),
        min_attachment: a.min_attachment,
        linkage: a
            .linkage
            .iter()
            .map(|&(x, y, f)| (a.area_ids[x].clone(), a.area_ids[y].clone(), f))
            .collect(),
        flows: format!(
            "flow set {:?} ({} units, {} links)",
            a.flow_set,
            fm.len(),
            human(fm.n_links() as f64)
        ),
        method: a.method.clone(),
    })
}
