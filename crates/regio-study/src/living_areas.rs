//! Living areas (functional regions) from flows between units: each area's
//! hub, self-containment and size, the Nystuen–Dacey nodal hierarchy of the
//! units, units poorly attached to their area, and the flows between areas.
//!
//! Methods: travel-to-work areas (Coombes & Bond 2008, the ONS 2011
//! parameters by default) or Intramax (Masser & Brown 1975), optionally
//! merging only contiguous areas. See [`regio_space::functional`].

use crate::error::{Result, StudyError};
use crate::progress::{Progress, Step};
use crate::select;
use regio_core::{Boundaries, Dataset, Graph, Table};
use regio_space::functional::intramax::intramax;
use regio_space::functional::linkage::{self, tables};
use regio_space::functional::ttwa::{ttwa, TtwaParams};
use regio_space::functional::{self_containment, FlowMatrix, Partition};
use std::collections::{HashMap, HashSet};

/// How the areas are found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    /// Travel-to-work areas (Coombes & Bond 2008).
    #[default]
    Ttwa,
    /// Intramax hierarchical merging (Masser & Brown 1975).
    Intramax,
}

/// Options of the living areas; `Default` is the CLI's defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Flow set (default: the dataset's flow set for living areas, else the only set).
    pub flows: Option<String>,
    /// Year of the flows (default: the latest; all flows when the set has
    /// no years).
    pub year: Option<i32>,
    /// The method.
    pub method: Method,
    /// TTWA parameters (also Intramax's default self-containment cut:
    /// their `min_sc`).
    pub params: TtwaParams,
    /// Intramax: cut the hierarchy at this many areas.
    pub k: Option<usize>,
    /// Intramax: cut at the first level where every area has at least this
    /// self-containment (default when `k` is not given: `params.min_sc`).
    pub sc: Option<f64>,
    /// Intramax: only merge contiguous areas (needs boundaries of the units).
    pub contiguous: bool,
    /// A unit is "isolated" when less than this share of its two-way flows
    /// stays in its own area.
    pub min_attachment: f64,
    /// Boundary set of the units (default: the set whose codes cover the
    /// flow units, if any).
    pub boundaries: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            flows: None,
            year: None,
            method: Method::Ttwa,
            params: TtwaParams::ONS_2011,
            k: None,
            sc: None,
            contiguous: false,
            min_attachment: 0.5,
            boundaries: None,
        }
    }
}

/// The TTWA parameters as written: `minSZ,minSC,tarSZ,tarSC`.
pub fn format_params(p: &TtwaParams) -> String {
    format!(
        "{},{},{},{}",
        p.min_size, p.min_sc, p.target_size, p.target_sc
    )
}

impl Options {
    /// Checks every option's range before anything is read.
    pub fn validate(&self) -> Result<()> {
        if let Err(e) = self.params.validate() {
            let expected = match e {
                regio_core::Error::InvalidValue { expected, .. } => expected,
                e => e.to_string(),
            };
            return Err(StudyError::option(
                "params",
                format_params(&self.params),
                expected,
            ));
        }
        if self.k == Some(0) {
            return Err(StudyError::option("k", 0, "at least 1 area"));
        }
        if let Some(sc) = self.sc {
            if !(0.0..=1.0).contains(&sc) {
                return Err(StudyError::option("sc", sc, "a self-containment in [0, 1]"));
            }
        }
        if !(0.0..=1.0).contains(&self.min_attachment) {
            return Err(StudyError::option(
                "min_attachment",
                self.min_attachment,
                "a share in [0, 1]",
            ));
        }
        Ok(())
    }
}

/// What the living areas computed.
#[derive(Debug, Clone)]
pub struct Outcome<'d> {
    /// Name of the flow set used.
    pub flow_set: String,
    /// Year of the flows (`None`: the set has no years).
    pub year: Option<i32>,
    /// The flows' units (`fm.codes`), their matrix and totals.
    pub fm: FlowMatrix,
    /// The partition of the units into areas.
    pub partition: Partition,
    /// Area id per area (the hub's region code), as in the tables.
    pub area_ids: Vec<String>,
    /// Self-containment per area (min(T_kk/R_k, T_kk/W_k)), in area order.
    pub self_containment: Vec<f64>,
    /// Units whose attachment to their own area is below `min_attachment`.
    pub isolated: Vec<usize>,
    /// The isolation threshold used.
    pub min_attachment: f64,
    /// Flows between distinct areas: (origin area, destination area, flow),
    /// by area index.
    pub linkage: Vec<(usize, usize, f64)>,
    /// How the areas were found (method and parameters), for people.
    pub method: String,
    /// The boundary set covering the flow units, if any: (name, boundaries).
    pub boundaries: Option<(String, &'d Boundaries)>,
    /// Tables living_areas, living_area_units, living_area_linkage.
    pub tables: Vec<Table>,
}

impl Outcome<'_> {
    /// Area id per unit (the region code of its area's hub).
    pub fn unit_areas(&self) -> Vec<String> {
        self.partition
            .area
            .iter()
            .map(|&k| self.area_ids[k].clone())
            .collect()
    }

    /// The areas as polygons: the units' boundaries dissolved by area, each
    /// named `area <id>`; `None` without boundaries covering the units.
    pub fn dissolved(&self) -> Option<Boundaries> {
        let (_, b) = self.boundaries.as_ref()?;
        let fm = &self.fm;
        let mapping: HashMap<String, String> = (0..fm.len())
            .map(|u| {
                (
                    fm.codes[u].clone(),
                    self.area_ids[self.partition.area[u]].clone(),
                )
            })
            .collect();
        let names: HashMap<String, String> = self
            .area_ids
            .iter()
            .map(|a| (a.clone(), format!("area {a}")))
            .collect();
        let only = subset(b, &fm.codes);
        Some(regio_io::geo::dissolve(&only, &mapping, &names).0)
    }
}

/// A named set that does not exist: a choice to make again.
fn no_such(option: &'static str, what: &str, name: &str, available: Vec<String>) -> StudyError {
    StudyError::Choose {
        option,
        what: format!("no such {what} {name:?}"),
        available,
    }
}

/// Finds the living areas of a flow set (see the module docs).
///
/// ```
/// let ds = regio_io::demo::korea()?;
/// let opts = regio_study::living_areas::Options {
///     flows: Some("migration".into()),
///     method: regio_study::living_areas::Method::Intramax,
///     k: Some(4),
///     ..Default::default()
/// };
/// let out = regio_study::living_areas::run(&ds, &opts, &regio_study::Silent)?;
/// assert_eq!(out.partition.len(), 4);
/// assert_eq!(out.tables[0].name, "living_areas");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run<'d>(ds: &'d Dataset, opts: &Options, progress: &dyn Progress) -> Result<Outcome<'d>> {
    opts.validate()?;
    let _s = Step::new(progress, "living areas: regionalisation");
    if let Some(n) = opts.flows.as_deref().filter(|n| !ds.flows.contains_key(*n)) {
        return Err(no_such(
            "flows",
            "flow set",
            n,
            ds.flows.keys().cloned().collect(),
        ));
    }
    let (fname, flows) = select::flows(ds, opts.flows.as_deref(), ds.defaults.flows.as_deref())?;
    let years = flows.years();
    let year = match (opts.year, years.last()) {
        (Some(y), _) if !years.contains(&y) => {
            return Err(StudyError::option(
                "year",
                y,
                format!(
                    "a year of flows {:?}: {}",
                    flows.name,
                    years
                        .iter()
                        .map(|y| y.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ))
        }
        (Some(y), _) => Some(y),
        (None, Some(&y)) => Some(y),
        (None, None) => None,
    };
    let fm = FlowMatrix::from_flows(flows, year)?;
    progress.say(&format!(
        "flows {:?}{}: {} units, {} links, total {:.0}",
        flows.name,
        year.map(|y| format!(" {y}")).unwrap_or_default(),
        fm.len(),
        fm.n_links(),
        fm.total()
    ));
    let bounds = covering_boundaries(ds, opts.boundaries.as_deref(), &fm.codes)?;
    let params = opts.params;
    let written = format_params(&params);
    let (partition, validity, method): (Partition, Option<Vec<f64>>, String) = match opts.method {
        Method::Ttwa => {
            let r = ttwa(&fm, params)?;
            progress.say(&format!(
                "TTWA {written}: {} areas after {} dissolutions ({} reserve-list moves)",
                r.partition.len(),
                r.iterations,
                r.reserve_events
            ));
            let method = format!("TTWA (Coombes & Bond 2008), minSZ,minSC,tarSZ,tarSC = {written}");
            (r.partition, Some(r.validity), method)
        }
        Method::Intramax => {
            let graph = if opts.contiguous {
                let (_, b) = bounds.as_ref().ok_or_else(|| {
                    StudyError::option(
                        "contiguous",
                        true,
                        "boundaries covering every flow unit (choose them with the boundaries option)",
                    )
                })?;
                Some(unit_contiguity(b, &flows.regions.codes())?)
            } else {
                None
            };
            let d = intramax(&fm, graph.as_ref())?;
            let (p, how) = match opts.k {
                Some(k) => (d.cut_k(k)?, format!("{k} areas")),
                None => {
                    let level = opts.sc.unwrap_or(params.min_sc);
                    let (p, steps) = d.cut_self_containment(&fm, level)?;
                    (p, format!("self-containment {level} after {steps} merges"))
                }
            };
            progress.say(&format!(
                "Intramax: {} merges in the dendrogram; cut at {how}: {} areas",
                d.merges.len(),
                p.len()
            ));
            let method = format!(
                "Intramax (Masser & Brown 1975){}, cut at {how}",
                if opts.contiguous { ", contiguous" } else { "" }
            );
            (p, None, method)
        }
    };
    let mut ts = tables(&fm, &partition, validity.as_deref(), opts.min_attachment);
    ts[0].name = "living_areas".into();
    ts[1].name = "living_area_units".into();
    ts[2].name = "living_area_linkage".into();
    let area_ids = linkage::area_ids(&fm, &partition);
    let self_containment = partition
        .totals(&fm)
        .iter()
        .map(|t| self_containment(t.2, t.0, t.1))
        .collect();
    let isolated = linkage::unit_links(&fm, &partition, opts.min_attachment)
        .isolated
        .iter()
        .enumerate()
        .filter(|(_, i)| **i)
        .map(|(u, _)| u)
        .collect::<Vec<_>>();
    let links = linkage::area_flows(&fm, &partition);
    Ok(Outcome {
        flow_set: fname.to_string(),
        year,
        fm,
        partition,
        area_ids,
        self_containment,
        isolated,
        min_attachment: opts.min_attachment,
        linkage: links,
        method,
        boundaries: bounds,
        tables: ts,
    })
}

/// The boundary set asked for, else the first set whose codes cover every
/// flow unit.
fn covering_boundaries<'d>(
    ds: &'d Dataset,
    want: Option<&str>,
    codes: &[String],
) -> Result<Option<(String, &'d Boundaries)>> {
    if let Some(n) = want {
        return ds
            .boundaries
            .get(n)
            .map(|b| Some((n.to_string(), b)))
            .ok_or_else(|| {
                no_such(
                    "boundaries",
                    "boundary set",
                    n,
                    ds.boundaries.keys().cloned().collect(),
                )
            });
    }
    Ok(ds
        .boundaries
        .iter()
        .find(|(_, b)| {
            let have: HashSet<&str> = b.codes.iter().map(|c| c.as_str()).collect();
            codes.iter().all(|c| have.contains(c.as_str()))
        })
        .map(|(n, b)| (n.clone(), b)))
}

/// Contiguity of the flow units (`codes`, the flows' region order) from
/// boundaries covering them: shared TopoJSON arcs, else fuzzy queen with a
/// 0.0005 tolerance.
fn unit_contiguity(b: &Boundaries, codes: &[String]) -> Result<Graph> {
    use regio_space::weights::contiguity;
    let pos: HashMap<&str, usize> = b
        .codes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    let g = match &b.arcs {
        Some(arcs) => contiguity::from_topology(arcs),
        None => contiguity::fuzzy(&b.geometries, 0.0005).0,
    };
    // Re-index to the flows' region order.
    let back: HashMap<usize, usize> = codes
        .iter()
        .enumerate()
        .map(|(i, c)| (pos[c.as_str()], i))
        .collect();
    let lists = codes
        .iter()
        .map(|c| {
            g.neighbors(pos[c.as_str()])
                .iter()
                .filter_map(|&j| back.get(&(j as usize)).map(|&k| k as u32))
                .collect()
        })
        .collect();
    Ok(Graph::from_lists(lists)?)
}

/// The features of `b` whose codes are in `codes`.
fn subset(b: &Boundaries, codes: &[String]) -> Boundaries {
    let want: HashSet<&str> = codes.iter().map(|c| c.as_str()).collect();
    let mut out = Boundaries {
        source: b.source.clone(),
        ..Default::default()
    };
    for i in 0..b.len() {
        if want.contains(b.codes[i].as_str()) {
            out.codes.push(b.codes[i].clone());
            out.names.push(b.names.get(i).cloned().unwrap_or_default());
            out.geometries.push(b.geometries[i].clone());
        }
    }
    out
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
        assert_eq!(format_params(&d.params), "3500,0.667,25000,0.75");
        let mut p = d.clone();
        p.params.min_sc = 2.0;
        assert_eq!(bad(p), "params");
        assert_eq!(
            bad(Options {
                k: Some(0),
                ..d.clone()
            }),
            "k"
        );
        assert_eq!(
            bad(Options {
                sc: Some(1.5),
                ..d.clone()
            }),
            "sc"
        );
        assert_eq!(
            bad(Options {
                min_attachment: -0.1,
                ..d
            }),
            "min_attachment"
        );
    }

    #[test]
    fn flow_sets_are_chosen() {
        let ds = regio_io::demo::korea().unwrap();
        let e = run(
            &ds,
            &Options {
                flows: Some("nosuch".into()),
                ..Default::default()
            },
            &Silent,
        )
        .unwrap_err();
        assert!(
            matches!(
                &e,
                StudyError::Choose {
                    option: "flows",
                    ..
                }
            ) && e.to_string().contains("no such flow set"),
            "{e}"
        );
        let out = run(
            &ds,
            &Options {
                flows: Some("migration".into()),
                method: Method::Intramax,
                k: Some(4),
                ..Default::default()
            },
            &Silent,
        )
        .unwrap();
        assert_eq!(out.flow_set, "migration");
        assert_eq!(out.self_containment.len(), 4);
        assert_eq!(out.unit_areas().len(), out.fm.len());
        assert!(out.boundaries.is_some() && out.dissolved().is_some());
    }
}
