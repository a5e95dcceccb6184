//! Net-zero resource-circulation zones: contiguous zones of units whose
//! absorption covers their reduced emission, as many as possible.
//!
//! Method: the max-p-regions problem (Duque, Anselin & Rey 2012, J.
//! Regional Science 52(3)) with a signed balance, absorption − (1 − r)·
//! emission, that every zone keeps ≥ 0, solved by the heuristic of Wei, Rey
//! & Knaap (2021, IJGIS 35(1)) extended for signed sums; optional extra
//! SUM/MIN/MAX/AVG/COUNT bounds per zone (Kang, Magdy et al. 2022, EMP), a
//! similarity (spopt's heterogeneity) or compactness objective, closed-form
//! feasibility per connected component, the scenario frontier over the
//! reduction rate r, and a greedy baseline. See [`regio_space::zones`].
//!
//! The units are the features of a boundary set (the dataset's zoning units
//! by default, [`regio_core::Defaults::zone_units`]), joined by region code
//! to an attribute set (by default the one the dataset pairs with the
//! boundary set, [`regio_core::Defaults::attributes_for`], else the set
//! named like the boundaries).

use crate::error::{Result, StudyError};
use crate::progress::{Progress, Step};
use crate::select;
use regio_core::{Boundaries, Dataset, Graph, Table};
use regio_space::weights::contiguity;
use regio_space::zones::explain::{self, RunSettings};
use regio_space::zones::{
    self, frontier, Aggregate, Balance, ComponentPolicy, Constraint, ConstraintSpec, FrontierPoint,
    MapFeasibility, MaxpOptions, NetZero, Objective, Zoning,
};

/// Most construction passes: each pass keeps a partition of the units in
/// memory until the best one is chosen.
pub const MAX_PASSES: usize = 10_000;
/// Smallest step of the sweep: each reduction rate of the sweep is a full
/// max-p search, so at most 1,000 rates.
pub const MIN_STEP: f64 = 0.001;
/// Largest fuzzy-contiguity tolerance (in the boundary coordinates): beyond
/// it every boundary segment is a candidate neighbour of every other.
pub const MAX_TOLERANCE: f64 = 1_000.0;
/// Random orders the greedy baseline tries.
pub const BASELINE_ORDERS: usize = 200;

/// How the units' contiguity is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Contiguity {
    /// Shared TopoJSON arcs when the boundaries have them, else fuzzy.
    #[default]
    Auto,
    /// Units sharing a boundary point.
    Queen,
    /// Units sharing a boundary edge.
    Rook,
    /// Queen plus units whose boundaries come within the tolerance.
    Fuzzy,
}

/// Options of the zoning; `Default` is the CLI's defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Boundary set of the units (default: the dataset's zoning units, else
    /// the only set).
    pub boundaries: Option<String>,
    /// Attribute set with the balance columns (default: the set the dataset
    /// pairs with the boundary set, else the set named like it, else the
    /// only set).
    pub attributes: Option<String>,
    /// Balance per unit: columns, numbers, + - * / ( ) and optionally r.
    /// Without r, the subtracted terms are scaled by (1 - r). Default:
    /// `forest_absorption_tco2 - emission_total_tco2` or `absorption_tco2 -
    /// emission_tco2`, whichever columns exist.
    pub balance: Option<String>,
    /// Emission-reduction rate r in [0, 1].
    pub reduction: f64,
    /// Extra bounds every zone must keep (e.g. `population>=200000`).
    pub min: Vec<ConstraintSpec>,
    /// Similarity attributes: minimise the sum of pairwise L1 distances
    /// within zones on these columns.
    pub similarity: Vec<String>,
    /// Minimise the zones' moment of inertia (compactness) instead.
    pub compact: bool,
    /// Fixed-p mode: exactly this many zones.
    pub fixed_p: Option<usize>,
    /// Seed of the solver.
    pub seed: u64,
    /// Construction passes (0 = automatic), at most [`MAX_PASSES`].
    pub passes: usize,
    /// How the contiguity is built.
    pub contiguity: Contiguity,
    /// Fuzzy-contiguity tolerance in the boundary coordinates (degrees in
    /// the demo; 0.0005 ≈ 50 m), in [0, [`MAX_TOLERANCE`]].
    pub tolerance: f64,
    /// Leave the units of components that cannot balance without a zone
    /// instead of failing.
    pub exclude_infeasible: bool,
    /// Also sweep r from 0 to 1 (the frontier table).
    pub sweep: bool,
    /// Also run the greedy baseline (merge negative zones into the richest
    /// neighbour, best of [`BASELINE_ORDERS`] orders).
    pub baseline: bool,
    /// Step of the sweep, in [[`MIN_STEP`], 1].
    pub step: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            boundaries: None,
            attributes: None,
            balance: None,
            reduction: 0.95,
            min: Vec::new(),
            similarity: Vec::new(),
            compact: false,
            fixed_p: None,
            seed: 1,
            passes: 0,
            contiguity: Contiguity::Auto,
            tolerance: 0.0005,
            exclude_infeasible: false,
            sweep: false,
            baseline: false,
            step: 0.05,
        }
    }
}

impl Options {
    /// Checks every option's range before anything is read or allocated.
    pub fn validate(&self) -> Result<()> {
        if !(0.0..=1.0).contains(&self.reduction) {
            return Err(StudyError::option(
                "reduction",
                self.reduction,
                "a rate between 0 and 1",
            ));
        }
        if self.sweep && !(self.step > 0.0 && self.step <= 1.0) {
            return Err(StudyError::option("step", self.step, "a step in (0, 1]"));
        }
        if self.sweep && self.step < MIN_STEP {
            return Err(StudyError::option(
                "step",
                self.step,
                format!(
                    "a step of at least {MIN_STEP}: each rate of the sweep is a full max-p search"
                ),
            ));
        }
        if self.passes > MAX_PASSES {
            return Err(StudyError::option(
                "passes",
                self.passes,
                format!(
                    "at most {MAX_PASSES} construction passes (0 = automatic): each pass keeps a partition of the units in memory"
                ),
            ));
        }
        if self.fixed_p == Some(0) {
            return Err(StudyError::option("fixed_p", 0, "at least 1 zone"));
        }
        if !(self.tolerance.is_finite() && (0.0..=MAX_TOLERANCE).contains(&self.tolerance)) {
            return Err(StudyError::option(
                "tolerance",
                self.tolerance,
                format!(
                    "a distance in [0, {MAX_TOLERANCE}] in the boundary coordinates: a larger one makes every boundary segment a candidate neighbour of every other"
                ),
            ));
        }
        if self.compact && !self.similarity.is_empty() {
            return Err(StudyError::option(
                "compact",
                true,
                "either similarity attributes or compactness as the objective, not both",
            ));
        }
        Ok(())
    }
}

/// The zoning at the reduction rate.
#[derive(Debug, Clone, PartialEq)]
pub struct Solved {
    /// The zones (0-based labels per unit).
    pub zoning: Zoning,
    /// Each unit's balance at the reduction rate.
    pub balance: Vec<f64>,
    /// Zones of the greedy baseline (`None`: not run, or no zoning found).
    pub baseline_p: Option<usize>,
}

/// What the zoning computed.
#[derive(Debug, Clone)]
pub struct Outcome<'d> {
    /// Name of the boundary set of the units (for GeoJSON output).
    pub boundary_set: String,
    /// The units' boundaries.
    pub boundaries: &'d Boundaries,
    /// Name of the attribute set used.
    pub attribute_set: String,
    /// Region code per unit (the boundary features' order).
    pub codes: Vec<String>,
    /// Region name per unit.
    pub names: Vec<String>,
    /// Contiguity of the units.
    pub graph: Graph,
    /// How the contiguity was built, for people.
    pub contiguity: String,
    /// The balance expression.
    pub expression: String,
    /// The reduction rate r of the zoning.
    pub reduction: f64,
    /// Seed of the solver.
    pub seed: u64,
    /// Per-component feasibility for every r.
    pub feasibility: MapFeasibility,
    /// The frontier (empty without a sweep).
    pub frontier: Vec<FrontierPoint>,
    /// The zoning at r, or why no zoning exists at r (then `tables` holds
    /// only the feasibility and frontier tables).
    pub solved: std::result::Result<Solved, String>,
    /// Result tables in the order they are written: zones, zone_summary,
    /// feasibility, frontier (with a sweep), zones_run.
    pub tables: Vec<Table>,
}

impl Outcome<'_> {
    /// Neighbouring units of the contiguity used, as index pairs (i < j).
    pub fn neighbours(&self) -> Vec<(usize, usize)> {
        let g = &self.graph;
        (0..g.len())
            .flat_map(|i| {
                g.neighbors(i)
                    .iter()
                    .map(move |&j| (i, j as usize))
                    .filter(|(i, j)| i < j)
            })
            .collect()
    }

    /// Zone id per unit, 1-based as in the `zones` table (`None`: left
    /// without a zone); `None` when no zoning exists at r.
    pub fn zone_labels(&self) -> Option<Vec<Option<u32>>> {
        self.solved
            .as_ref()
            .ok()
            .map(|s| s.zoning.labels.iter().map(|l| l.map(|z| z + 1)).collect())
    }

    /// Lowest r at which every component balances (`None`: never).
    pub fn r_min(&self) -> Option<f64> {
        self.feasibility.r_min
    }

    /// The frontier as (r, number of zones or `None` where no zoning exists).
    pub fn frontier_points(&self) -> Vec<(f64, Option<usize>)> {
        self.frontier
            .iter()
            .map(|p| (p.r, p.feasible.then_some(p.p)))
            .collect()
    }

    /// The settings of the run, in words.
    pub fn settings(&self) -> String {
        let passes = self
            .solved
            .as_ref()
            .map(|s| format!(", {} construction passes", s.zoning.passes))
            .unwrap_or_default();
        format!(
            "reduction {}, seed {}, boundaries {}, attributes {}{passes}, contiguity {}",
            self.reduction, self.seed, self.boundary_set, self.attribute_set, self.contiguity
        )
    }
}

/// Zones the units of a boundary set (see the module docs). A reduction at
/// which no zoning exists is not an error here: see [`Outcome::solved`].
///
/// ```
/// let ds = regio_io::demo::korea()?;
/// let opts = regio_study::zones::Options { reduction: 0.97, ..Default::default() };
/// let out = regio_study::zones::run(&ds, &opts, &regio_study::Silent)?;
/// assert_eq!(out.boundary_set, "gyeonggi");
/// assert_eq!(out.codes.len(), 42);
/// let solved = out.solved.as_ref().expect("Gyeonggi balances at r = 0.97");
/// assert!(solved.zoning.p >= 1);
/// assert_eq!(out.tables[0].name, "zones");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run<'d>(ds: &'d Dataset, opts: &Options, progress: &dyn Progress) -> Result<Outcome<'d>> {
    opts.validate()?;
    let _s = Step::new(progress, "zones: max-p search");
    let (bname, b) = select::boundaries(
        ds,
        opts.boundaries.as_deref(),
        ds.defaults.zone_units.as_deref(),
    )?;
    let paired = ds
        .defaults
        .attributes_for
        .get(bname)
        .map(String::as_str)
        .unwrap_or(bname);
    let (aname, attrs) = select::attributes(ds, opts.attributes.as_deref(), Some(paired))?;
    // Units: the boundary features, each joined to its attribute row by code.
    let codes = b.codes.clone();
    let mut rows = Vec::with_capacity(codes.len());
    let mut missing = Vec::new();
    for c in &codes {
        match attrs.regions.id(c) {
            Some(id) => rows.push(id.idx()),
            None => missing.push(c.clone()),
        }
    }
    if !missing.is_empty() {
        return Err(StudyError::invalid(format!(
            "{} of {} units of boundaries {bname:?} have no row in the attributes ({}), e.g. {} (check the code system and boundary vintage)",
            missing.len(),
            codes.len(),
            attrs.source,
            missing.iter().take(5).cloned().collect::<Vec<_>>().join(", ")
        )));
    }
    let names: Vec<String> = (0..codes.len())
        .map(|i| {
            let n = &b.names[i.min(b.names.len().saturating_sub(1))];
            if b.names.len() == codes.len() && !n.is_empty() {
                n.clone()
            } else {
                attrs.regions.as_slice()[rows[i]].name.clone()
            }
        })
        .collect();
    let column = |name: &str| -> Option<Vec<Option<f64>>> {
        attrs
            .columns
            .get(name)
            .map(|v| rows.iter().map(|&r| v[r]).collect())
    };
    let available = || attrs.columns.keys().cloned().collect::<Vec<_>>();
    let cols: Vec<(String, Vec<Option<f64>>)> = attrs
        .columns
        .keys()
        .map(|k| (k.clone(), column(k).expect("key exists")))
        .collect();
    let col_refs: Vec<(&str, &[Option<f64>])> = cols
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_slice()))
        .collect();
    let expr = match &opts.balance {
        Some(e) => e.clone(),
        None => [
            ("forest_absorption_tco2", "emission_total_tco2"),
            ("absorption_tco2", "emission_tco2"),
        ]
        .iter()
        .find(|(a, e)| attrs.columns.contains_key(*a) && attrs.columns.contains_key(*e))
        .map(|(a, e)| format!("{a} - {e}"))
        .ok_or_else(|| StudyError::Choose {
            option: "balance",
            what: format!(
                "attribute set {aname:?} has no absorption and emission columns to default to; give the balance, e.g. \"absorption - emission\", over its columns"
            ),
            available: available(),
        })?,
    };
    let balance = Balance::parse(&expr, &col_refs, &codes)?;
    let complete = |name: &str, what: &str| -> Result<Vec<f64>> {
        let v = column(name).ok_or_else(|| {
            StudyError::invalid(format!(
                "{what}: no attribute column {name:?} (available: {})",
                available().join(", ")
            ))
        })?;
        v.iter()
            .enumerate()
            .map(|(i, x)| {
                x.filter(|x| x.is_finite()).ok_or_else(|| {
                    StudyError::Domain(regio_core::Error::Missing {
                        count: v.iter().filter(|x| x.is_none()).count(),
                        what: format!("{what} column {name}"),
                        first: format!("region {}", codes[i]),
                    })
                })
            })
            .collect()
    };
    let mut extra: Vec<Constraint> = Vec::new();
    for spec in &opts.min {
        let values = if spec.aggregate == Aggregate::Count {
            vec![1.0; codes.len()]
        } else {
            complete(&spec.column, &format!("zone bound {spec}"))?
        };
        extra.push(spec.build(values));
    }
    // Geometry: positive areas (zero-area polygons are rejected), centroids.
    let (cx, cy) = zones::units::centroids(&b.geometries, &codes)?;
    let objective = if !opts.similarity.is_empty() {
        let vals: Vec<Vec<f64>> = opts
            .similarity
            .iter()
            .map(|a| complete(a, "similarity"))
            .collect::<Result<_>>()?;
        Objective::heterogeneity(opts.similarity.clone(), &vals)
    } else if opts.compact {
        Objective::Compactness { x: cx, y: cy }
    } else {
        Objective::None
    };
    let (graph, how) = contiguity_graph(b, opts.contiguity, opts.tolerance, progress);
    let islands = graph.islands();
    progress.say(&format!(
        "units: {} ({bname}), contiguity: {how}, {} links{}",
        codes.len(),
        graph.n_links() / 2,
        if islands.is_empty() {
            String::new()
        } else {
            format!(
                ", islands: {}",
                islands
                    .iter()
                    .map(|&i| codes[i].as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    ));
    let r = opts.reduction;
    let problem = NetZero::new(&graph, &balance)?;
    let feas = &problem.feasibility;
    match feas.r_min {
        Some(m) => progress.say(&format!(
            "feasibility: every component balances from r = {m:.4} (the whole map as one: r = {:.4})",
            feas.r_min_whole.unwrap_or(f64::NAN)
        )),
        None => progress.say(
            "feasibility: some component never balances for r in [0, 1] (exclude infeasible components to zone the others)",
        ),
    }
    let options = MaxpOptions {
        seed: opts.seed,
        passes: opts.passes,
        fixed_p: opts.fixed_p,
        components: if opts.exclude_infeasible {
            ComponentPolicy::Exclude
        } else {
            ComponentPolicy::Error
        },
        ..Default::default()
    };
    let mut tables: Vec<Table> = vec![feas.table(&codes, r)];
    let mut points = Vec::new();
    if opts.sweep {
        let rs = frontier::grid(opts.step, feas.r_min);
        let pts = problem.sweep(&extra, &objective, &options, &rs)?;
        for p in &pts {
            if p.feasible {
                progress.say(&format!("  r = {:.4}: p = {}", p.r, p.p));
            }
        }
        let first = pts.iter().find(|p| p.feasible);
        progress.say(&match first {
            Some(f) => format!(
                "frontier: no zoning below r = {:.4}; {} of {} reduction rates feasible",
                f.r,
                pts.iter().filter(|p| p.feasible).count(),
                pts.len()
            ),
            None => "frontier: no reduction rate in [0, 1] allows a zoning".into(),
        });
        tables.push(zones::frontier_table(&pts));
        points = pts;
    }
    let infeasible = if opts.exclude_infeasible {
        None
    } else {
        feas.explain_at(r, &codes)
    };
    let solved = match infeasible {
        Some(msg) => Err(msg),
        None => {
            let (z, bal) = problem.solve(r, &extra, &objective, &options)?;
            Ok(report_zoning(
                z, bal, &graph, &extra, &objective, opts, progress, &codes,
            ))
        }
    };
    let NetZero { feasibility, .. } = problem;
    if let Ok(s) = &solved {
        let mut all_constraints = vec![Constraint::sum_at_least(
            zones::BALANCE,
            s.balance.clone(),
            0.0,
        )];
        all_constraints.extend(extra.iter().cloned());
        let units = explain::unit_table(&s.zoning, &s.balance, &codes, &names);
        let summary = explain::zone_summary(
            &s.zoning,
            &s.balance,
            &codes,
            &names,
            &all_constraints,
            &objective,
        );
        let run = explain::run_table(
            &s.zoning,
            &RunSettings {
                balance: &expr,
                reduction: r,
                seed: opts.seed,
                contiguity: &how,
                r_min: feasibility.r_min,
                baseline_p: s.baseline_p,
                has_objective: !objective.is_none(),
            },
        );
        tables.insert(0, units);
        tables.insert(1, summary);
        tables.push(run);
    }
    Ok(Outcome {
        boundary_set: bname.to_string(),
        boundaries: b,
        attribute_set: aname.to_string(),
        codes,
        names,
        graph,
        contiguity: how,
        expression: expr,
        reduction: r,
        seed: opts.seed,
        feasibility,
        frontier: points,
        solved,
        tables,
    })
}

/// Tells the zoning found (and runs the baseline when asked).
#[allow(clippy::too_many_arguments)]
fn report_zoning(
    z: Zoning,
    bal: Vec<f64>,
    graph: &Graph,
    extra: &[Constraint],
    objective: &Objective,
    opts: &Options,
    progress: &dyn Progress,
    codes: &[String],
) -> Solved {
    progress.say(&format!(
        "zones at r = {}: p = {} (construction {}, best of {} passes{}); checker: ok (contiguity, {} constraint(s), each unit once)",
        opts.reduction,
        z.p,
        z.construction_p,
        z.passes,
        if objective.is_none() { String::new() } else { format!(", objective {:.6e}", z.objective) },
        1 + extra.len()
    ));
    if !z.excluded.is_empty() {
        progress.say(&format!(
            "excluded (component cannot balance): {}",
            z.excluded
                .iter()
                .map(|&i| codes[i].as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let baseline_p = if opts.baseline {
        let bp = zones::greedy_baseline(graph, &bal, BASELINE_ORDERS, opts.seed).map(|b| b.1);
        progress.say(&format!(
            "greedy baseline (best of {BASELINE_ORDERS} orders): p = {}",
            bp.map(|p| p.to_string()).unwrap_or_else(|| "none".into())
        ));
        bp
    } else {
        None
    };
    Solved {
        zoning: z,
        balance: bal,
        baseline_p,
    }
}

/// The units' contiguity and how it was built, for people.
fn contiguity_graph(
    b: &Boundaries,
    how: Contiguity,
    tolerance: f64,
    progress: &dyn Progress,
) -> (Graph, String) {
    match how {
        Contiguity::Auto => match &b.arcs {
            Some(arcs) => (
                contiguity::from_topology(arcs),
                "shared TopoJSON arcs".into(),
            ),
            None => fuzzy(b, tolerance, progress),
        },
        Contiguity::Queen => (contiguity::queen(&b.geometries), "queen".into()),
        Contiguity::Rook => (contiguity::rook(&b.geometries), "rook".into()),
        Contiguity::Fuzzy => fuzzy(b, tolerance, progress),
    }
}

fn fuzzy(b: &Boundaries, tol: f64, progress: &dyn Progress) -> (Graph, String) {
    let (g, added) = contiguity::fuzzy(&b.geometries, tol);
    progress.say(&format!(
        "fuzzy contiguity: tolerance {tol} added {added} neighbour pair(s) to exact queen"
    ));
    (
        g,
        format!("fuzzy (tolerance {tol}, {added} links added to queen)"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Silent;

    #[test]
    fn options_are_checked_by_name() {
        let bad = |o: Options| match o.validate() {
            Err(StudyError::Option { option, .. }) => option,
            other => panic!("{other:?}"),
        };
        let d = Options::default();
        assert!(d.validate().is_ok());
        assert_eq!(
            bad(Options {
                reduction: 1.5,
                ..d.clone()
            }),
            "reduction"
        );
        assert_eq!(
            bad(Options {
                reduction: f64::NAN,
                ..d.clone()
            }),
            "reduction"
        );
        let sweep = Options {
            sweep: true,
            ..d.clone()
        };
        assert_eq!(
            bad(Options {
                step: 0.0,
                ..sweep.clone()
            }),
            "step"
        );
        assert_eq!(
            bad(Options {
                step: 1e-300,
                ..sweep.clone()
            }),
            "step"
        );
        assert!(Options {
            step: 0.0,
            ..d.clone()
        }
        .validate()
        .is_ok());
        assert_eq!(
            bad(Options {
                passes: usize::MAX,
                ..d.clone()
            }),
            "passes"
        );
        assert_eq!(
            bad(Options {
                fixed_p: Some(0),
                ..d.clone()
            }),
            "fixed_p"
        );
        assert_eq!(
            bad(Options {
                tolerance: -1.0,
                ..d.clone()
            }),
            "tolerance"
        );
        assert_eq!(
            bad(Options {
                tolerance: f64::INFINITY,
                ..d.clone()
            }),
            "tolerance"
        );
        let both = Options {
            compact: true,
            similarity: vec!["x".into()],
            ..d
        };
        assert_eq!(bad(both), "compact");
    }

    #[test]
    fn infeasible_reduction_is_a_result_not_an_error() {
        let ds = regio_io::demo::korea().unwrap();
        let opts = Options {
            reduction: 0.5,
            sweep: true,
            step: 0.25,
            ..Default::default()
        };
        let out = run(&ds, &opts, &Silent).unwrap();
        let msg = out.solved.as_ref().unwrap_err();
        assert!(
            msg.contains("no feasible zoning at reduction r = 0.5"),
            "{msg}"
        );
        let names: Vec<&str> = out.tables.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["feasibility", "frontier"]);
        assert!((out.r_min().unwrap() - 0.9041).abs() < 1e-4);
        assert!(out.zone_labels().is_none());
        assert!(!out.neighbours().is_empty());
    }

    #[test]
    fn sido_units_take_their_paired_attributes() {
        let ds = regio_io::demo::korea().unwrap();
        let opts = Options {
            boundaries: Some("sido".into()),
            exclude_infeasible: true,
            ..Default::default()
        };
        let out = run(&ds, &opts, &Silent).unwrap();
        assert_eq!(out.attribute_set, "carbon_sido");
        assert_eq!(out.expression, "absorption_tco2 - emission_tco2");
        let names: Vec<&str> = out.tables.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["zones", "zone_summary", "feasibility", "zones_run"]);
    }
}
