//! Dataset validation for `regio check`: counts per year, coverage, missing
//! cells, duplicate boundary codes, invalid polygons, and region codes that
//! do not join between panels, attributes, flows and boundaries (reported in
//! both directions, never an error).

use regio_core::{Boundaries, Dataset, RegionSet};
use std::collections::HashSet;

/// How a set of region codes joins to a boundary set.
#[derive(Debug, Clone, PartialEq)]
pub struct JoinReport {
    /// The boundary set's name.
    pub boundaries: String,
    /// Codes present in both.
    pub joined: usize,
    /// Codes of the data without a boundary.
    pub data_only: Vec<String>,
    /// Boundary codes without data.
    pub boundary_only: Vec<String>,
}

/// Joins `regions` to the boundary set sharing most codes (`None` when no set shares any).
pub fn best_join(regions: &RegionSet, ds: &Dataset) -> Option<JoinReport> {
    let codes: Vec<String> = regions.codes();
    ds.boundaries
        .iter()
        .map(|(name, b)| join(&codes, name, b))
        .filter(|j| j.joined > 0)
        .max_by_key(|j| {
            (
                j.joined,
                std::cmp::Reverse(j.data_only.len() + j.boundary_only.len()),
            )
        })
}

/// Joins codes to one boundary set.
pub fn join(codes: &[String], name: &str, b: &Boundaries) -> JoinReport {
    let bset: HashSet<&str> = b.codes.iter().map(|s| s.as_str()).collect();
    let dset: HashSet<&str> = codes.iter().map(|s| s.as_str()).collect();
    JoinReport {
        boundaries: name.to_string(),
        joined: codes.iter().filter(|c| bset.contains(c.as_str())).count(),
        data_only: codes
            .iter()
            .filter(|c| !bset.contains(c.as_str()))
            .cloned()
            .collect(),
        boundary_only: b
            .codes
            .iter()
            .filter(|c| !dset.contains(c.as_str()))
            .cloned()
            .collect(),
    }
}

fn list(v: &[String]) -> String {
    let head: Vec<&str> = v.iter().take(12).map(|s| s.as_str()).collect();
    if v.len() > 12 {
        format!("{}, ... ({} in all)", head.join(", "), v.len())
    } else {
        head.join(", ")
    }
}

fn join_line(regions: &RegionSet, ds: &Dataset) -> String {
    if ds.boundaries.is_empty() {
        return "    boundaries: none loaded".into();
    }
    match best_join(regions, ds) {
        None => format!(
            "    boundaries: no code joins to any boundary set ({} codes)",
            regions.len()
        ),
        Some(j) => {
            let mut s = format!(
                "    boundaries {:?}: {} of {} codes joined",
                j.boundaries,
                j.joined,
                regions.len()
            );
            if !j.data_only.is_empty() {
                s += &format!("; without boundary: {}", list(&j.data_only));
            }
            if !j.boundary_only.is_empty() {
                s += &format!("; boundaries without data: {}", list(&j.boundary_only));
            }
            s
        }
    }
}

/// The human-readable summary printed by `regio check`; `geometry` adds the
/// (slow) polygon validity check of every boundary feature.
pub fn summary(ds: &Dataset, geometry: bool) -> Vec<String> {
    let mut out = vec![format!("dataset: {}", ds.name)];
    out.push(format!("panels: {}", ds.panels.len()));
    for (key, p) in &ds.panels {
        let cells = p.regions.len() * p.industries.len() * p.years.len();
        out.push(format!(
            "  {key}: {} regions x {} industries x {} years ({}); {} of {} cells present, {} missing",
            p.regions.len(),
            p.industries.len(),
            p.years.len(),
            regio_core::panel::format_years(&p.years),
            p.present_count(),
            cells,
            cells - p.present_count()
        ));
        let per_year: Vec<String> = p
            .years
            .iter()
            .enumerate()
            .filter(|(yi, _)| p.missing_in_year(*yi) > 0)
            .map(|(yi, y)| format!("{y}: {}", p.missing_in_year(yi)))
            .collect();
        if !per_year.is_empty() {
            out.push(format!(
                "    missing cells by year: {}",
                per_year.join(", ")
            ));
        }
        out.push(join_line(&p.regions, ds));
    }
    out.push(format!("attributes: {}", ds.attributes.len()));
    for (name, a) in &ds.attributes {
        let missing: usize = a
            .columns
            .values()
            .map(|c| c.iter().filter(|v| v.is_none()).count())
            .sum();
        out.push(format!(
            "  {name}: {} regions x {} columns ({}); {missing} missing values",
            a.regions.len(),
            a.columns.len(),
            list(&a.columns.keys().cloned().collect::<Vec<_>>())
        ));
        out.push(join_line(&a.regions, ds));
    }
    out.push(format!("flows: {}", ds.flows.len()));
    for (name, f) in &ds.flows {
        let years = f.years();
        let total: f64 = f.value.iter().sum();
        out.push(format!(
            "  {name}: {} regions, {} flows{}, total {}",
            f.regions.len(),
            f.len(),
            if years.is_empty() {
                String::new()
            } else {
                format!(
                    " over {} years ({})",
                    years.len(),
                    regio_core::panel::format_years(&years)
                )
            },
            fmt_num(total)
        ));
        out.push(join_line(&f.regions, ds));
    }
    out.push(format!("boundaries: {}", ds.boundaries.len()));
    for (name, b) in &ds.boundaries {
        let mut seen = HashSet::new();
        let dups: Vec<String> = b
            .codes
            .iter()
            .filter(|c| !seen.insert(c.as_str()))
            .cloned()
            .collect();
        let invalid = if geometry {
            crate::geo::invalid_features(b)
        } else {
            Vec::new()
        };
        out.push(format!(
            "  {name}: {} units{}{}{}",
            b.len(),
            if b.arcs.is_some() {
                " (with shared arcs)"
            } else {
                ""
            },
            if dups.is_empty() {
                String::new()
            } else {
                format!("; DUPLICATE codes: {}", list(&dups))
            },
            if !geometry {
                String::new()
            } else if invalid.is_empty() {
                "; all polygons valid".into()
            } else {
                format!(
                    "; {} with invalid polygons (e.g. {}: {})",
                    invalid.len(),
                    invalid[0].code,
                    invalid[0].reason
                )
            }
        ));
        // attribute sets sharing codes with this boundary set
        for (an, a) in &ds.attributes {
            let j = join(&a.regions.codes(), name, b);
            if j.joined > 0 && j.joined == b.len() && j.data_only.is_empty() {
                out.push(format!("    all {} units joined to {an} rows", b.len()));
            }
        }
    }
    out.push("sources:".into());
    for s in &ds.sources {
        out.push(format!("  - {s}"));
    }
    out
}

fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        let s = format!("{}", x.abs() as i64);
        let mut o = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i) % 3 == 0 {
                o.push(',');
            }
            o.push(c);
        }
        if x < 0.0 {
            format!("-{o}")
        } else {
            o
        }
    } else {
        format!("{x:.1}")
    }
}
