//! `regio spatial weights|moran|lisa|getis`: spatial weights and spatial
//! autocorrelation (Moran 1950; Anselin 1995; Getis & Ord 1992) over one
//! boundary file or a manifest's boundaries and attributes.

use crate::common::{self, CliError, Ctx};
use regio_core::{Boundaries, Dataset, Graph, Table};
use regio_space::autocorrelation::{
    getis_ord_global, getis_ord_local, local_moran, moran, moran_bivariate,
};
use regio_space::weights::{self, contiguity, gal, islands, knn, transform};
use std::path::Path;

/// What to compute.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Build the weights and report them (summary, neighbour list, islands, GAL/GWT).
    Weights,
    /// Global Moran's I (and bivariate Moran with --var2).
    Moran,
    /// Local Moran (LISA) with clusters on the map.
    Lisa,
    /// Getis-Ord G (global) and Gi / Gi* (local hot spots).
    Getis,
}

/// Arguments of `regio spatial`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// weights, moran, lisa or getis.
    #[arg(value_enum)]
    pub action: Action,
    #[command(flatten)]
    pub input: common::InputArgs,
    #[command(flatten)]
    pub output: common::OutputArgs,
    /// Variable to analyse (a feature property, or an attribute column of a manifest).
    #[arg(long)]
    pub var: Option<String>,
    /// Second variable for the bivariate Moran (its spatial lag against --var).
    #[arg(long)]
    pub var2: Option<String>,
    /// Weights: queen, rook, fuzzy:TOL (TOL in the coordinates' units, degrees
    /// for lon/lat), knn:K, band:DIST (km for lon/lat), or a .gal / .gwt file.
    #[arg(long, default_value = "queen")]
    pub weights: String,
    /// Transform: r (row-standardised), b (binary), d (double), v (variance-stabilising).
    #[arg(long, default_value = "r")]
    pub transform: String,
    /// Islands: keep (no neighbours) or link:K (link each island to its K nearest mainland units).
    #[arg(long, default_value = "keep")]
    pub islands: String,
    /// Number of permutations (0: analytical inference only).
    #[arg(long, default_value_t = 999)]
    pub permutations: usize,
    /// Seed of the permutations.
    #[arg(long, default_value_t = 12345)]
    pub seed: u64,
    /// Significance level of LISA clusters and hot spots.
    #[arg(long, default_value_t = 0.05)]
    pub alpha: f64,
    /// LISA clusters at the Benjamini-Hochberg FDR cut-off instead of alpha.
    #[arg(long)]
    pub fdr: bool,
    /// Getis-Ord: Gi* (the unit itself included) instead of Gi.
    #[arg(long)]
    pub star: bool,
    /// Feature property holding the region id (single boundary file).
    #[arg(long)]
    pub id: Option<String>,
    /// Boundary set of a manifest (default: the only one).
    #[arg(long)]
    pub boundaries: Option<String>,
    /// Attribute set of a manifest holding --var (default: the one holding it).
    #[arg(long)]
    pub attributes: Option<String>,
    /// Also write the weights as GAL (binary) and GWT files.
    #[arg(long)]
    pub write_gal: bool,
}

fn is_geo_file(p: &Path) -> bool {
    matches!(
        p.extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref(),
        Some("shp" | "geojson" | "json" | "topojson")
    )
}

/// Looks a numeric variable up by name, one value per boundary feature.
type VarFn = Box<dyn Fn(&str) -> Result<Vec<f64>, CliError>>;

/// Boundaries plus a lookup of numeric variables by name.
struct Units {
    b: Boundaries,
    var: VarFn,
}

fn complete(
    name: &str,
    v: Vec<Option<f64>>,
    codes: &[String],
    what: &str,
) -> Result<Vec<f64>, CliError> {
    let missing: Vec<&str> = v
        .iter()
        .zip(codes)
        .filter(|(x, _)| x.is_none())
        .map(|(_, c)| c.as_str())
        .collect();
    if !missing.is_empty() {
        return Err(CliError::Domain(regio_core::Error::Missing {
            count: missing.len(),
            what: format!("variable {name} ({what})"),
            first: format!("region {} (missing or not a number)", missing[0]),
        }));
    }
    Ok(v.into_iter().map(|x| x.unwrap_or_default()).collect())
}

fn load_units(a: &Args, ctx: &Ctx) -> Result<Units, CliError> {
    if let Some(path) = a.input.input.as_ref().filter(|p| is_geo_file(p)) {
        let keys = regio_io::geo::FeatureKeys {
            code: a.id.clone(),
            name: None,
        };
        let (b, props) = regio_io::geo::read_boundaries(path, &keys)?;
        ctx.say(format!("input: {} ({} features)", path.display(), b.len()));
        let codes = b.codes.clone();
        let file = path.display().to_string();
        return Ok(Units {
            b,
            var: Box::new(move |name| {
                let v = props.numeric(name).ok_or_else(|| {
                    CliError::Usage(format!(
                        "{file}: no property {name:?} (properties: {})",
                        props.names.join(", ")
                    ))
                })?;
                complete(name, v, &codes, &file)
            }),
        });
    }
    let ds: Dataset = common::load_dataset(&a.input, ctx)?;
    let b = match &a.boundaries {
        Some(n) => ds.boundary(n)?.clone(),
        None if ds.boundaries.len() == 1 => {
            ds.boundaries.values().next().cloned().unwrap_or_default()
        }
        None => {
            return Err(CliError::Usage(format!(
                "choose a boundary set with --boundaries (available: {})",
                ds.boundaries.keys().cloned().collect::<Vec<_>>().join(", ")
            )))
        }
    };
    let codes = b.codes.clone();
    let sets = ds.attributes.clone();
    let want = a.attributes.clone();
    Ok(Units {
        b,
        var: Box::new(move |name| {
            let set = match &want {
                Some(s) => sets.get(s).ok_or_else(|| {
                    CliError::Usage(format!(
                        "no attribute set {s:?} (available: {})",
                        sets.keys().cloned().collect::<Vec<_>>().join(", ")
                    ))
                })?,
                None => sets
                    .values()
                    .find(|s| s.columns.contains_key(name))
                    .ok_or_else(|| {
                        CliError::Usage(format!(
                            "no attribute set has a column {name:?} (sets: {})",
                            sets.iter()
                                .map(|(k, s)| format!(
                                    "{k}: {}",
                                    s.columns.keys().cloned().collect::<Vec<_>>().join(" ")
                                ))
                                .collect::<Vec<_>>()
                                .join("; ")
                        ))
                    })?,
            };
            let col = set.column(name)?;
            let v: Vec<Option<f64>> = codes
                .iter()
                .map(|c| set.regions.id(c).and_then(|id| col[id.idx()]))
                .collect();
            complete(name, v, &codes, &format!("attribute set {}", set.source))
        }),
    })
}

fn parse_transform(s: &str) -> Result<Option<transform::Transform>, CliError> {
    Ok(Some(match s.to_ascii_lowercase().as_str() {
        "r" | "row" => transform::Transform::Row,
        "b" | "binary" => transform::Transform::Binary,
        "d" | "double" => transform::Transform::Double,
        "v" | "variance" => transform::Transform::Variance,
        "o" | "none" => return Ok(None),
        _ => {
            return Err(CliError::Usage(format!(
                "--transform {s:?}: expected r, b, d, v or none"
            )))
        }
    }))
}

fn points(b: &Boundaries) -> Result<knn::Points, CliError> {
    let c = knn::centroids(&b.geometries).map_err(|e| {
        CliError::Usage(format!(
            "{e}; remove empty geometries before distance weights"
        ))
    })?;
    // regio-io delivers lon/lat; planar data (no CRS) keep their units.
    let lonlat =
        c.iter().all(|p| p[0].abs() <= 180.0 && p[1].abs() <= 90.0) && !b.source.contains("planar");
    Ok(if lonlat {
        knn::Points::LonLat(c)
    } else {
        knn::Points::Planar(c)
    })
}

/// Builds binary weights from the spec; returns the graph, a label and the
/// number of links fuzzy contiguity added.
fn build_weights(spec: &str, b: &Boundaries) -> Result<(Graph, String, Option<usize>), CliError> {
    let lower = spec.to_ascii_lowercase();
    if lower.ends_with(".gal") || lower.ends_with(".gwt") {
        let text = std::fs::read_to_string(spec).map_err(|source| regio_io::IoError::Io {
            path: spec.into(),
            source,
        })?;
        let g = if lower.ends_with(".gal") {
            gal::parse_gal(&text, &b.codes, spec)?
        } else {
            gal::parse_gwt(&text, &b.codes, spec)?
        };
        return Ok((g, format!("file:{spec}"), None));
    }
    let (kind, arg) = match lower.split_once(':') {
        Some((k, a)) => (k.to_string(), Some(a.to_string())),
        None => (lower.clone(), None),
    };
    let num = |what: &str| -> Result<f64, CliError> {
        arg.as_deref()
            .and_then(|a| a.parse::<f64>().ok())
            .filter(|x| x.is_finite() && *x > 0.0)
            .ok_or_else(|| {
                CliError::Usage(format!(
                    "--weights {spec:?}: expected {kind}:{what} with a positive number"
                ))
            })
    };
    Ok(match kind.as_str() {
        "queen" => (contiguity::queen(&b.geometries), "queen".into(), None),
        "rook" => (contiguity::rook(&b.geometries), "rook".into(), None),
        "topology" | "arcs" => {
            let arcs = b.arcs.as_ref().ok_or_else(|| CliError::Usage("--weights topology needs a TopoJSON input".into()))?;
            (contiguity::from_topology(arcs), "topology".into(), None)
        }
        "fuzzy" => {
            let tol = num("TOL")?;
            let (g, added) = contiguity::fuzzy(&b.geometries, tol);
            (g, format!("fuzzy:{tol}"), Some(added))
        }
        "knn" => {
            let k = num("K")?;
            if k.fract() != 0.0 {
                return Err(CliError::Usage(format!("--weights {spec:?}: K must be a whole number")));
            }
            (knn::knn(&points(b)?, k as usize)?, format!("knn:{k}"), None)
        }
        "band" => {
            let d = num("DIST")?;
            (knn::distance_band(&points(b)?, d, None)?, format!("band:{d}"), None)
        }
        _ => {
            return Err(CliError::Usage(format!(
                "--weights {spec:?}: expected queen, rook, topology, fuzzy:TOL, knn:K, band:DIST or a .gal/.gwt file"
            )))
        }
    })
}

fn geometry_table(issues: &weights::GeometryIssues, codes: &[String]) -> Table {
    let mut rows: Vec<(String, String, String)> = issues
        .empty
        .iter()
        .map(|&i| {
            (
                codes[i].clone(),
                "empty geometry".to_string(),
                String::new(),
            )
        })
        .collect();
    rows.extend(issues.duplicates.iter().map(|&(i, j)| {
        (
            codes[i].clone(),
            "duplicate geometry".to_string(),
            codes[j].clone(),
        )
    }));
    let mut t = Table::new("geometry_issues");
    t.push_str(
        "region",
        "region code",
        rows.iter().map(|r| r.0.clone()).collect(),
    )
    .push_str(
        "issue",
        "what is wrong with the geometry",
        rows.iter().map(|r| r.1.clone()).collect(),
    )
    .push_str(
        "other",
        "the region it duplicates",
        rows.iter().map(|r| r.2.clone()).collect(),
    );
    t
}

/// Runs `regio spatial`.
pub fn run(a: Args, ctx: &Ctx) -> Result<(), CliError> {
    let units = load_units(&a, ctx)?;
    let b = &units.b;
    if b.is_empty() {
        return Err(CliError::Usage("the input has no features".into()));
    }
    let issues = weights::geometry_issues(&b.geometries);
    for &i in &issues.empty {
        ctx.say(format!(
            "warning: region {} has an empty geometry: it has no neighbours",
            b.codes[i]
        ));
    }
    for &(i, j) in &issues.duplicates {
        ctx.say(format!(
            "warning: regions {} and {} have identical geometries (duplicates?)",
            b.codes[i], b.codes[j]
        ));
    }
    let (g, label, added) = build_weights(&a.weights, b)?;
    let policy = match a.islands.to_ascii_lowercase().as_str() {
        "keep" => islands::IslandPolicy::Keep,
        s => match s
            .strip_prefix("link:")
            .and_then(|k| k.parse::<usize>().ok())
        {
            Some(k) if k > 0 => islands::IslandPolicy::LinkNearest(k),
            _ => {
                return Err(CliError::Usage(format!(
                    "--islands {:?}: expected keep or link:K",
                    a.islands
                )))
            }
        },
    };
    let (g, links) = if g.islands().is_empty() {
        (g, vec![])
    } else {
        islands::handle_islands(&g, &points(b)?, policy)?
    };
    for l in &links {
        if l.linked_to.is_empty() {
            ctx.say(format!(
                "island: region {} has no neighbours (kept isolated; --islands link:K links it)",
                b.codes[l.island]
            ));
        } else {
            ctx.say(format!(
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
        ctx.say(format!(
            "{label}: the tolerance added {n} neighbour pair(s) to exact queen contiguity"
        ));
    }
    let mut tables = vec![weights::summary_table(&g, &label, added)];
    if !links.is_empty() {
        tables.push(islands::islands_table(&links, &b.codes));
    }
    if !issues.empty.is_empty() || !issues.duplicates.is_empty() {
        tables.push(geometry_table(&issues, &b.codes));
    }
    let tr = parse_transform(&a.transform)?;
    let w = match tr {
        Some(t) => transform::transform(&g, t)?,
        None => g.clone(),
    };
    let need_var = || -> Result<(String, Vec<f64>), CliError> {
        let name = a
            .var
            .clone()
            .ok_or_else(|| CliError::Usage(format!("{:?} needs --var NAME", a.action)))?;
        let v = (units.var)(&name)?;
        Ok((name, v))
    };
    let mut with_geo = false;
    match a.action {
        Action::Weights => {
            tables.push(weights::edges_table(&g, &b.codes));
            let mut t = Table::new("neighbors");
            t.push_str("region", "region code", b.codes.clone())
                .push_i64(
                    "n_neighbors",
                    "number of neighbours",
                    (0..g.len()).map(|i| g.degree(i) as i64).collect(),
                );
            tables.push(t.with_region_key("region"));
            ctx.say(format!(
                "{label}: {} units, {} links, {} island(s)",
                g.len(),
                g.n_links(),
                g.islands().len()
            ));
        }
        Action::Moran => {
            let (name, y) = need_var()?;
            let m = moran(&y, &w, a.permutations, a.seed)?;
            ctx.say(format!(
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
            if let Some(n2) = &a.var2 {
                let x = (units.var)(n2)?;
                let bv = moran_bivariate(&y, &x, &w, a.permutations, a.seed)?;
                ctx.say(format!(
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
            let m = moran(&y, &w, a.permutations, a.seed)?;
            let lm = local_moran(&y, &w, a.permutations, a.seed)?;
            let t = lm.to_table(&b.codes, a.alpha, a.fdr);
            let cl = t
                .column("cluster")
                .map(|c| (0..t.n_rows()).map(|i| c.text(i)).collect::<Vec<_>>())
                .unwrap_or_default();
            let count = |l: &str| cl.iter().filter(|c| *c == l).count();
            ctx.say(format!(
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
            with_geo = true;
        }
        Action::Getis => {
            let (name, y) = need_var()?;
            let gg = getis_ord_global(
                &y,
                &transform::transform(&g, transform::Transform::Binary)?,
                a.permutations,
                a.seed,
            )?;
            let row = matches!(tr, Some(transform::Transform::Row));
            let lg = getis_ord_local(
                &y,
                &transform::transform(&g, transform::Transform::Binary)?,
                a.star,
                row,
                a.permutations,
                a.seed,
            )?;
            let t = lg.to_table(&b.codes, a.alpha);
            let hs = t
                .column("hotspot")
                .map(|c| (0..t.n_rows()).map(|i| c.text(i)).collect::<Vec<_>>())
                .unwrap_or_default();
            ctx.say(format!(
                "Getis-Ord G of {name}: G = {:.6}, E[G] = {:.6}, z = {:.4}; {}: {} hot, {} cold spots",
                gg.g,
                gg.eg,
                gg.z_norm,
                if a.star { "Gi*" } else { "Gi" },
                hs.iter().filter(|h| *h == "hot").count(),
                hs.iter().filter(|h| *h == "cold").count()
            ));
            tables.push(gg.to_table(&name));
            tables.push(t);
            with_geo = true;
        }
    }
    let mut out = a.output.clone();
    if with_geo && !out.format.iter().any(|f| f.eq_ignore_ascii_case("geojson")) {
        out.format.push("geojson".into());
    }
    common::write_tables(&out, &tables, Some(b), ctx)?;
    if a.write_gal {
        let src = a
            .input
            .input
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "demo".into());
        for (ext, text) in [
            ("gal", gal::write_gal(&g, &b.codes, &src, "id")),
            ("gwt", gal::write_gwt(&w, &b.codes, &src, "id")),
        ] {
            let p = out.out.join(format!("weights.{ext}"));
            regio_io::atomic::write_atomic(&p, text.as_bytes())?;
            ctx.say(format!("wrote {}", p.display()));
        }
    }
    Ok(())
}
