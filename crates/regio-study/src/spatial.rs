//! Spatial weights and spatial autocorrelation over one boundary set: the
//! weights themselves (summary, neighbour lists, islands, geometry issues),
//! global Moran's I (Moran 1950; bivariate after Wartenberg 1985), local
//! Moran / LISA clusters (Anselin 1995) and Getis-Ord G, Gi and Gi* hot spots
//! (Getis & Ord 1992; Ord & Getis 1995), with analytical and permutation
//! inference as in PySAL's esda.
//!
//! The units are a dataset's boundary set joined to its attribute sets
//! ([`Units::from_dataset`]) or a single boundary file with its feature
//! properties ([`Units::read`]); [`run`] and [`run_units`] compute.

use crate::error::{Result, StudyError};
use crate::progress::Progress;
use crate::select;
use regio_core::{Attributes, Boundaries, Dataset, Graph, Table};
use regio_space::autocorrelation::{
    getis_ord_global, getis_ord_local, local_moran, moran, moran_bivariate,
};
use regio_space::weights::islands::{self, IslandLink, IslandPolicy};
use regio_space::weights::transform::{self, Transform};
use regio_space::weights::{self, gal, GeometryIssues, Spec};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

/// Most permutations of a permutation test: p-values resolve to
/// 1/(permutations + 1), and beyond 99 999 (a resolution of 1e-5) more
/// permutations only cost time (each one reshuffles every unit).
pub const MAX_PERMUTATIONS: usize = 99_999;

/// Most neighbours per unit of k-nearest-neighbour weights or island links:
/// beyond that the weights are no longer local and the graph grows as n·k.
pub const MAX_NEIGHBOURS: usize = 1_000;

/// What to compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Action {
    /// The weights and their report (summary, neighbour lists, islands).
    #[default]
    Weights,
    /// Global Moran's I (and the bivariate Moran with `var2`).
    Moran,
    /// Local Moran (LISA) with clusters.
    Lisa,
    /// Getis-Ord G (global) and Gi / Gi* (local hot spots).
    Getis,
}

/// Options of the spatial workflow.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// What to compute.
    pub action: Action,
    /// The variable to analyse (a feature property, or an attribute column).
    pub var: Option<String>,
    /// Second variable of the bivariate Moran (its spatial lag against `var`).
    pub var2: Option<String>,
    /// The weights (default: queen contiguity).
    pub weights: Spec,
    /// The transform of the weights (`None`: the binary weights as built).
    pub transform: Option<Transform>,
    /// What to do with units without neighbours.
    pub islands: IslandPolicy,
    /// Number of permutations (0: analytical inference only).
    pub permutations: usize,
    /// Seed of the permutations.
    pub seed: u64,
    /// Significance level of LISA clusters and hot spots, in (0, 1).
    pub alpha: f64,
    /// LISA clusters at the Benjamini-Hochberg FDR cut-off instead of `alpha`.
    pub fdr: bool,
    /// Getis-Ord: Gi* (the unit itself included) instead of Gi.
    pub star: bool,
    /// Boundary set of the dataset (default: the only one).
    pub boundaries: Option<String>,
    /// Attribute set holding the variables (default: the dataset's set for
    /// the boundary set when it holds the variable, else the only set
    /// holding it).
    pub attributes: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            action: Action::Weights,
            var: None,
            var2: None,
            weights: Spec::Queen,
            transform: Some(Transform::Row),
            islands: IslandPolicy::Keep,
            permutations: 999,
            seed: 12345,
            alpha: 0.05,
            fdr: false,
            star: false,
            boundaries: None,
            attributes: None,
        }
    }
}

impl Options {
    /// Checks every option: the weights' parameters, at most
    /// [`MAX_NEIGHBOURS`] neighbours, at most [`MAX_PERMUTATIONS`]
    /// permutations, `alpha` in (0, 1), and a variable for the analyses that
    /// need one.
    pub fn validate(&self) -> Result<()> {
        if let Err(e) = self.weights.check() {
            return Err(StudyError::option(
                "weights",
                &self.weights,
                format!("valid parameters ({e})"),
            ));
        }
        if let Spec::Knn { k } = self.weights {
            if k > MAX_NEIGHBOURS {
                return Err(StudyError::option(
                    "weights",
                    &self.weights,
                    format!("knn:K with K at most {MAX_NEIGHBOURS} (more neighbours are no longer local weights)"),
                ));
            }
        }
        if let IslandPolicy::LinkNearest(k) = self.islands {
            if k == 0 || k > MAX_NEIGHBOURS {
                return Err(StudyError::option(
                    "islands",
                    format!("link:{k}"),
                    format!("keep or link:K with K from 1 to {MAX_NEIGHBOURS}"),
                ));
            }
        }
        if self.permutations > MAX_PERMUTATIONS {
            return Err(StudyError::option(
                "permutations",
                self.permutations,
                format!("at most {MAX_PERMUTATIONS} (p-values resolve to 1/(permutations+1); more only cost time)"),
            ));
        }
        if !(self.alpha.is_finite() && self.alpha > 0.0 && self.alpha < 1.0) {
            return Err(StudyError::option(
                "alpha",
                self.alpha,
                "a significance level in (0, 1)",
            ));
        }
        if self.action != Action::Weights && self.var.is_none() {
            return Err(StudyError::option(
                "var",
                "(none)",
                format!("a variable name for {:?}", self.action),
            ));
        }
        Ok(())
    }
}

/// Where the variables of the units come from.
#[derive(Debug, Clone)]
enum Variables<'d> {
    /// The feature properties of a boundary file.
    Properties {
        file: String,
        props: regio_io::geo::PropertyTable,
    },
    /// A dataset's attribute sets.
    Attributes {
        ds: &'d Dataset,
        boundaries: String,
        want: Option<String>,
    },
}

/// Boundaries with numeric variables by name, one value per feature.
#[derive(Debug, Clone)]
pub struct Units<'d> {
    /// The boundary set's name (the file's path for a single file).
    pub name: String,
    /// The boundaries.
    pub boundaries: Cow<'d, Boundaries>,
    vars: Variables<'d>,
}

impl Units<'static> {
    /// Reads a boundary file (Shapefile, GeoJSON, TopoJSON) through
    /// regio-io; `id` is the feature property with the region code (default:
    /// regio-io's rule). Its numeric properties are the variables.
    pub fn read(path: &Path, id: Option<&str>, progress: &dyn Progress) -> Result<Self> {
        let keys = regio_io::geo::FeatureKeys {
            code: id.map(str::to_string),
            name: None,
        };
        let (b, props) = regio_io::geo::read_boundaries(path, &keys)?;
        progress.say(&format!("input: {} ({} features)", path.display(), b.len()));
        let file = path.display().to_string();
        Ok(Units {
            name: file.clone(),
            boundaries: Cow::Owned(b),
            vars: Variables::Properties { file, props },
        })
    }
}

impl<'d> Units<'d> {
    /// A dataset's boundary set (see [`select::boundaries`]; no default
    /// set) with its attribute sets; `attributes` names the set holding the
    /// variables (default: see [`Options::attributes`]).
    pub fn from_dataset(
        ds: &'d Dataset,
        boundaries: Option<&str>,
        attributes: Option<&str>,
    ) -> Result<Self> {
        let (name, b) = select::boundaries(ds, boundaries, None)?;
        if let Some(a) = attributes {
            select::attributes(ds, Some(a), None)?;
        }
        Ok(Units {
            name: name.to_string(),
            boundaries: Cow::Borrowed(b),
            vars: Variables::Attributes {
                ds,
                boundaries: name.to_string(),
                want: attributes.map(str::to_string),
            },
        })
    }

    /// The variable `name`, one value per feature; a missing value is an
    /// error naming the first region without one.
    pub fn variable(&self, name: &str) -> Result<Vec<f64>> {
        let codes = &self.boundaries.codes;
        match &self.vars {
            Variables::Properties { file, props } => {
                let v = props.numeric(name).ok_or_else(|| StudyError::Choose {
                    option: "var",
                    what: format!("{file}: no property {name:?}"),
                    available: props.names.clone(),
                })?;
                complete(name, v, codes, file)
            }
            Variables::Attributes {
                ds,
                boundaries,
                want,
            } => {
                let (_, set) = attribute_set(ds, boundaries, want.as_deref(), name)?;
                let col = set.column(name)?;
                let v: Vec<Option<f64>> = codes
                    .iter()
                    .map(|c| set.regions.id(c).and_then(|id| col[id.idx()]))
                    .collect();
                complete(name, v, codes, &format!("attribute set {}", set.source))
            }
        }
    }
}

/// The attribute set holding column `var`: the one asked for; else the
/// dataset's set for the boundary set when it holds `var`; else the only
/// set holding it.
fn attribute_set<'d>(
    ds: &'d Dataset,
    boundaries: &str,
    want: Option<&str>,
    var: &str,
) -> Result<(&'d str, &'d Attributes)> {
    if want.is_some() {
        return select::attributes(ds, want, None);
    }
    let holding: BTreeMap<&str, &Attributes> = ds
        .attributes
        .iter()
        .filter(|(_, s)| s.columns.contains_key(var))
        .map(|(k, s)| (k.as_str(), s))
        .collect();
    if let Some(d) = ds.defaults.attributes_for.get(boundaries) {
        if let Some((k, s)) = holding.get_key_value(d.as_str()) {
            return Ok((*k, *s));
        }
    }
    let mut it = holding.iter();
    match (it.next(), it.next()) {
        (Some((k, s)), None) => Ok((*k, *s)),
        (None, _) => Err(StudyError::Choose {
            option: "var",
            what: format!("no attribute set has a column {var:?}"),
            available: ds
                .attributes
                .iter()
                .map(|(k, s)| {
                    format!(
                        "{k}: {}",
                        s.columns.keys().cloned().collect::<Vec<_>>().join(" ")
                    )
                })
                .collect(),
        }),
        _ => Err(StudyError::Choose {
            option: "attributes",
            what: format!("several attribute sets have a column {var:?}"),
            available: holding.keys().map(|k| k.to_string()).collect(),
        }),
    }
}

fn complete(name: &str, v: Vec<Option<f64>>, codes: &[String], what: &str) -> Result<Vec<f64>> {
    let missing: Vec<&str> = v
        .iter()
        .zip(codes)
        .filter(|(x, _)| x.is_none())
        .map(|(_, c)| c.as_str())
        .collect();
    if !missing.is_empty() {
        return Err(StudyError::Domain(regio_core::Error::Missing {
            count: missing.len(),
            what: format!("variable {name} ({what})"),
            first: format!("region {} (missing or not a number)", missing[0]),
        }));
    }
    Ok(v.into_iter().map(|x| x.unwrap_or_default()).collect())
}

/// What the spatial workflow computed.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The tables, in the order they are written: `weights_summary`, then
    /// `weight_islands` and `geometry_issues` when there are any, then the
    /// action's tables.
    pub tables: Vec<Table>,
    /// The boundary set's name (or the file) the tables are keyed to.
    pub boundaries: String,
    /// The binary weights (islands handled).
    pub graph: Graph,
    /// The weights as transformed (what the statistics used).
    pub weights: Graph,
    /// The weights' label (`queen`, `fuzzy:0.0005`, ...).
    pub label: String,
    /// Empty and duplicate geometries.
    pub issues: GeometryIssues,
    /// One record per island and what was done with it.
    pub islands: Vec<IslandLink>,
    /// Whether the action's tables are per-unit results meant for a map
    /// (LISA clusters, hot spots).
    pub map: bool,
}

impl Outcome {
    /// The weights in the GAL (binary) and GWT (transformed) exchange
    /// formats: `(file name, text)` pairs; `source` names the data in the
    /// headers.
    pub fn exchange_files(&self, codes: &[String], source: &str) -> Vec<(String, String)> {
        vec![
            (
                "weights.gal".into(),
                gal::write_gal(&self.graph, codes, source, "id"),
            ),
            (
                "weights.gwt".into(),
                gal::write_gwt(&self.weights, codes, source, "id"),
            ),
        ]
    }
}

/// Runs the spatial workflow on a dataset's boundary set and attribute sets
/// (see [`Units::from_dataset`]).
///
/// ```
/// let ds = regio_io::demo::korea()?;
/// let opts = regio_study::spatial::Options {
///     action: regio_study::spatial::Action::Moran,
///     boundaries: Some("gyeonggi".into()),
///     var: Some("emission_total_tco2".into()),
///     weights: regio_space::weights::Spec::Fuzzy { tolerance: 0.0005 },
///     permutations: 99,
///     ..Default::default()
/// };
/// let out = regio_study::spatial::run(&ds, &opts, &regio_study::Silent)?;
/// assert_eq!(out.boundaries, "gyeonggi");
/// assert!(out.tables.iter().any(|t| t.name == "moran"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run(ds: &Dataset, opts: &Options, progress: &dyn Progress) -> Result<Outcome> {
    let units = Units::from_dataset(ds, opts.boundaries.as_deref(), opts.attributes.as_deref())?;
    run_units(&units, opts, progress)
}

/// Reads a GAL/GWT file through regio-io.
fn read_text(p: &Path) -> Result<String> {
    let src = regio_io::Source::file(p);
    let (mut r, _) = src.open_text(None)?;
    let mut s = String::new();
    r.read_to_string(&mut s)
        .map_err(|source| regio_io::IoError::Io {
            path: p.to_path_buf(),
            source,
        })?;
    Ok(s)
}

/// Runs the spatial workflow on units already loaded.
pub fn run_units(units: &Units<'_>, opts: &Options, progress: &dyn Progress) -> Result<Outcome> {
    opts.validate()?;
    let b: &Boundaries = &units.boundaries;
    if b.is_empty() {
        return Err(StudyError::invalid("the input has no features"));
    }
    let issues = weights::geometry_issues(&b.geometries);
    for &i in &issues.empty {
        progress.say(&format!(
            "warning: region {} has an empty geometry: it has no neighbours",
            b.codes[i]
        ));
    }
    for &(i, j) in &issues.duplicates {
        progress.say(&format!(
            "warning: regions {} and {} have identical geometries (duplicates?)",
            b.codes[i], b.codes[j]
        ));
    }
    if opts.weights == Spec::Topology && b.arcs.is_none() {
        return Err(StudyError::option(
            "weights",
            "topology",
            "TopoJSON boundaries (shared arcs)",
        ));
    }
    let built = match &opts.weights {
        Spec::File(p) => opts.weights.build_from_text(b, &read_text(p)?)?,
        s => s.build(b)?,
    };
    let (g, label, added) = (built.graph, built.label, built.added);
    let (g, links) = if g.islands().is_empty() {
        (g, vec![])
    } else {
        islands::handle_islands(&g, &weights::spec::points(b)?, opts.islands)?
    };
    for l in &links {
        if l.linked_to.is_empty() {
            progress.say(&format!(
                "island: region {} has no neighbours (kept isolated; linking islands to their nearest units connects it)",
                b.codes[l.island]
            ));
        } else {
            progress.say(&format!(
                "island: region {} linked to {}",
                b.codes[l.island],
                l.linked_to
                    .iter()
                    .map(|&j| b.codes[j].as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    if let Some(n) = added {
        progress.say(&format!(
            "{label}: the tolerance added {n} neighbour pair(s) to exact queen contiguity"
        ));
    }
    let mut tables = vec![weights::summary_table(&g, &label, added)];
    if !links.is_empty() {
        tables.push(islands::islands_table(&links, &b.codes));
    }
    if !issues.is_empty() {
        tables.push(issues.to_table(&b.codes));
    }
    let w = match opts.transform {
        Some(t) => transform::transform(&g, t)?,
        None => g.clone(),
    };
    let need_var = || -> Result<(String, Vec<f64>)> {
        let name = opts.var.clone().ok_or_else(|| {
            StudyError::option(
                "var",
                "(none)",
                format!("a variable name for {:?}", opts.action),
            )
        })?;
        let v = units.variable(&name)?;
        Ok((name, v))
    };
    let mut map = false;
    match opts.action {
        Action::Weights => {
            tables.push(weights::edges_table(&g, &b.codes));
            tables.push(weights::neighbors_table(&g, &b.codes));
            progress.say(&format!(
                "{label}: {} units, {} links, {} island(s)",
                g.len(),
                g.n_links(),
                g.islands().len()
            ));
        }
        Action::Moran => {
            let (name, y) = need_var()?;
            let m = moran(&y, &w, opts.permutations, opts.seed)?;
            progress.say(&format!(
                "Moran's I of {name}: I = {:.6}, E[I] = {:.6}, z_norm = {:.4}, p_norm = {:.4}{}",
                m.i,
                m.ei,
                m.z_norm,
                m.p_norm,
                m.perm
                    .as_ref()
                    .map(|p| format!(", p_sim = {:.4} ({} permutations)", p.p_sim, p.permutations))
                    .unwrap_or_default()
            ));
            tables.push(m.to_table(&name));
            if let Some(n2) = &opts.var2 {
                let x = units.variable(n2)?;
                let bv = moran_bivariate(&y, &x, &w, opts.permutations, opts.seed)?;
                progress.say(&format!(
                    "bivariate Moran ({name} vs lag of {n2}): I = {:.6}",
                    bv.i
                ));
                let mut t = Table::new("moran_bivariate");
                t.push_str("x", "variable x", vec![name.clone()])
                    .push_str("y", "variable whose spatial lag is related to x", vec![n2.clone()])
                    .push_f64("I", "bivariate Moran's I = Σ zx (W zy) / (n−1) (Wartenberg 1985; esda Moran_BV)", vec![bv.i])
                    .push_opt_f64("p_sim", "folded pseudo p-value (permuting y)", vec![bv.perm.as_ref().map(|p| p.p_sim)])
                    .push_opt_f64("z_sim", "z-score against the permutations", vec![bv.perm.as_ref().map(|p| p.z_sim)]);
                tables.push(t);
            }
        }
        Action::Lisa => {
            let (name, y) = need_var()?;
            let m = moran(&y, &w, opts.permutations, opts.seed)?;
            let lm = local_moran(&y, &w, opts.permutations, opts.seed)?;
            let t = lm.to_table(&b.codes, opts.alpha, opts.fdr);
            let cl = texts(&t, "cluster");
            let count = |l: &str| cl.iter().filter(|c| *c == l).count();
            progress.say(&format!(
                "LISA of {name} (I = {:.4}): HH {}, LL {}, LH {}, HL {}, not significant {}",
                m.i,
                count("HH"),
                count("LL"),
                count("LH"),
                count("HL"),
                count("ns")
            ));
            tables.push(m.to_table(&name));
            tables.push(t);
            map = true;
        }
        Action::Getis => {
            let (name, y) = need_var()?;
            let binary = transform::transform(&g, Transform::Binary)?;
            let gg = getis_ord_global(&y, &binary, opts.permutations, opts.seed)?;
            let row = matches!(opts.transform, Some(Transform::Row));
            let lg = getis_ord_local(&y, &binary, opts.star, row, opts.permutations, opts.seed)?;
            let t = lg.to_table(&b.codes, opts.alpha);
            let hs = texts(&t, "hotspot");
            progress.say(&format!(
                "Getis-Ord G of {name}: G = {:.6}, E[G] = {:.6}, z = {:.4}; {}: {} hot, {} cold spots",
                gg.g,
                gg.eg,
                gg.z_norm,
                if opts.star { "Gi*" } else { "Gi" },
                hs.iter().filter(|h| *h == "hot").count(),
                hs.iter().filter(|h| *h == "cold").count()
            ));
            tables.push(gg.to_table(&name));
            tables.push(t);
            map = true;
        }
    }
    Ok(Outcome {
        tables,
        boundaries: units.name.clone(),
        graph: g,
        weights: w,
        label,
        issues,
        islands: links,
        map,
    })
}

fn texts(t: &Table, col: &str) -> Vec<String> {
    t.column(col)
        .map(|c| (0..t.n_rows()).map(|i| c.text(i)).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validate_refuses_out_of_range() {
        let bad = [
            Options {
                permutations: 10_000_000,
                ..Default::default()
            },
            Options {
                alpha: 1.0,
                ..Default::default()
            },
            Options {
                alpha: f64::NAN,
                ..Default::default()
            },
            Options {
                weights: Spec::Knn { k: 1_000_000 },
                ..Default::default()
            },
            Options {
                islands: IslandPolicy::LinkNearest(0),
                ..Default::default()
            },
            Options {
                action: Action::Lisa,
                ..Default::default()
            },
        ];
        for o in bad {
            assert!(
                matches!(o.validate(), Err(StudyError::Option { .. })),
                "{o:?}"
            );
        }
        let e = Options {
            permutations: 10_000_000,
            ..Default::default()
        }
        .validate()
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with("permutations 10000000: expected at most 99999"),
            "{e}"
        );
        assert!(Options::default().validate().is_ok());
    }

    #[test]
    fn demo_attributes_follow_the_dataset_default() {
        let ds = regio_io::demo::korea().unwrap();
        let u = Units::from_dataset(&ds, Some("gyeonggi"), None).unwrap();
        assert_eq!(
            u.variable("emission_total_tco2").unwrap().len(),
            u.boundaries.len()
        );
        let e = u.variable("nothing_like_this").unwrap_err();
        assert!(matches!(e, StudyError::Choose { option: "var", .. }), "{e}");
    }
}
