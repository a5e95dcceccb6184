//! One typed description of how to build spatial weights from boundaries
//! ([`Spec`]): contiguity (queen, rook, shared TopoJSON arcs, fuzzy),
//! k nearest neighbours, distance bands, a GAL/GWT file, or `auto`
//! (shared TopoJSON arcs when the boundaries have them, else fuzzy
//! contiguity). [`Spec::parse`] reads the text form used on command lines
//! and in manifests (`queen`, `rook`, `topology`, `fuzzy:TOL`, `knn:K`,
//! `band:DIST`, `auto[:TOL]`, `path.gal`, `path.gwt`); [`Spec::build`]
//! builds the binary graph.

use super::knn::{self, Points};
use super::{contiguity, gal};
use regio_core::{Boundaries, Error, Graph, Result};
use std::fmt;
use std::path::{Path, PathBuf};

/// Tolerance of `auto` and `fuzzy` when none is given (degrees for lon/lat
/// boundaries: 0.0005° is about 50 m, enough to close digitising gaps).
pub const DEFAULT_TOLERANCE: f64 = 0.0005;

/// How to build spatial weights.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Spec {
    /// Queen contiguity: units sharing a point.
    #[default]
    Queen,
    /// Rook contiguity: units sharing an edge.
    Rook,
    /// Units sharing a TopoJSON arc (needs TopoJSON boundaries).
    Topology,
    /// Queen contiguity up to a gap of `tolerance` (the coordinates' units,
    /// degrees for lon/lat).
    Fuzzy {
        /// Largest gap closed, > 0.
        tolerance: f64,
    },
    /// The `k` nearest units by centroid distance.
    Knn {
        /// Number of neighbours, ≥ 1.
        k: usize,
    },
    /// Units whose centroids lie within `distance` (km for lon/lat).
    Band {
        /// The band, > 0.
        distance: f64,
    },
    /// A GAL (`.gal`) or GWT (`.gwt`) file naming the units by code.
    File(PathBuf),
    /// Shared TopoJSON arcs when the boundaries have them, else fuzzy
    /// contiguity with `tolerance`.
    Auto {
        /// Tolerance of the fuzzy fallback, > 0.
        tolerance: f64,
    },
}

/// A weights description that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?}: {message}")]
pub struct ParseSpecError {
    /// The text given.
    pub text: String,
    /// What is wrong, as "expected ...".
    pub message: String,
}

/// What [`Spec::build`] made.
#[derive(Debug, Clone)]
pub struct Built {
    /// The binary weights graph.
    pub graph: Graph,
    /// A short label of the weights (`queen`, `fuzzy:0.0005`, `knn:4`,
    /// `file:path.gal`, ...), as in the summary table.
    pub label: String,
    /// The spec actually used (`Auto` resolved to `Topology` or `Fuzzy`).
    pub used: Spec,
    /// Fuzzy contiguity: the neighbour pairs the tolerance added to exact
    /// queen contiguity.
    pub added: Option<usize>,
}

/// The accepted forms, for error messages.
pub const FORMS: &str =
    "queen, rook, topology, fuzzy:TOL, knn:K, band:DIST, auto[:TOL] or a .gal/.gwt file";

impl Spec {
    /// Parses `queen`, `rook`, `topology` (or `arcs`), `fuzzy:TOL`, `knn:K`,
    /// `band:DIST`, `auto` or `auto:TOL`, or a path ending in `.gal` / `.gwt`
    /// (case-insensitive kinds).
    pub fn parse(text: &str) -> std::result::Result<Spec, ParseSpecError> {
        let err = |message: String| ParseSpecError {
            text: text.to_string(),
            message,
        };
        let lower = text.to_ascii_lowercase();
        if lower.ends_with(".gal") || lower.ends_with(".gwt") {
            return Ok(Spec::File(PathBuf::from(text)));
        }
        let (kind, arg) = match lower.split_once(':') {
            Some((k, a)) => (k, Some(a)),
            None => (lower.as_str(), None),
        };
        let num = |what: &str| -> std::result::Result<f64, ParseSpecError> {
            arg.and_then(|a| a.parse::<f64>().ok())
                .filter(|x| x.is_finite() && *x > 0.0)
                .ok_or_else(|| err(format!("expected {kind}:{what} with a positive number")))
        };
        let no_arg = |s: Spec| match arg {
            None => Ok(s),
            Some(_) => Err(err(format!("expected {kind} without a parameter"))),
        };
        match kind {
            "queen" => no_arg(Spec::Queen),
            "rook" => no_arg(Spec::Rook),
            "topology" | "arcs" => no_arg(Spec::Topology),
            "fuzzy" => Ok(Spec::Fuzzy {
                tolerance: num("TOL")?,
            }),
            "auto" => Ok(Spec::Auto {
                tolerance: match arg {
                    None => DEFAULT_TOLERANCE,
                    Some(_) => num("TOL")?,
                },
            }),
            "knn" => {
                let k = num("K")?;
                if k.fract() != 0.0 || k > u32::MAX as f64 {
                    return Err(err("K must be a whole number".into()));
                }
                Ok(Spec::Knn { k: k as usize })
            }
            "band" => Ok(Spec::Band {
                distance: num("DIST")?,
            }),
            _ => Err(err(format!("expected {FORMS}"))),
        }
    }

    /// Whether the spec measures distances between centroids (k nearest
    /// neighbours, distance bands).
    pub fn is_distance(&self) -> bool {
        matches!(self, Spec::Knn { .. } | Spec::Band { .. })
    }

    /// Checks the parameters (positive finite tolerance and band, k ≥ 1).
    pub fn check(&self) -> Result<()> {
        let bad = |v: String, expected: &str| {
            Err(Error::InvalidValue {
                value: v,
                expected: expected.into(),
                context: Some("spatial weights".into()),
            })
        };
        match *self {
            Spec::Fuzzy { tolerance } | Spec::Auto { tolerance }
                if !(tolerance.is_finite() && tolerance > 0.0) =>
            {
                bad(tolerance.to_string(), "a positive finite tolerance")
            }
            Spec::Band { distance } if !(distance.is_finite() && distance > 0.0) => {
                bad(distance.to_string(), "a positive finite distance")
            }
            Spec::Knn { k: 0 } => bad("0".into(), "k ≥ 1"),
            _ => Ok(()),
        }
    }

    /// Builds the binary weights of `b`. A [`Spec::File`] is read from disk
    /// here (as UTF-8); callers with their own file reading use
    /// [`Spec::build_from_text`].
    pub fn build(&self, b: &Boundaries) -> Result<Built> {
        if let Spec::File(p) = self {
            let text = std::fs::read_to_string(p)
                .map_err(|e| Error::invalid(format!("weights file {}: {e}", p.display())))?;
            return self.build_from_text(b, &text);
        }
        self.build_from_text(b, "")
    }

    /// Builds the binary weights of `b`; `file_text` is the content of the
    /// GAL/GWT file of a [`Spec::File`] (ignored otherwise).
    pub fn build_from_text(&self, b: &Boundaries, file_text: &str) -> Result<Built> {
        self.check()?;
        let built = |graph: Graph, label: String, added: Option<usize>| Built {
            graph,
            label,
            used: self.clone(),
            added,
        };
        Ok(match self {
            Spec::Queen => built(contiguity::queen(&b.geometries), "queen".into(), None),
            Spec::Rook => built(contiguity::rook(&b.geometries), "rook".into(), None),
            Spec::Topology => {
                let arcs = b.arcs.as_ref().ok_or_else(|| {
                    Error::invalid("topology weights need TopoJSON boundaries (shared arcs)")
                })?;
                built(contiguity::from_topology(arcs), "topology".into(), None)
            }
            Spec::Fuzzy { tolerance } => {
                let (g, added) = contiguity::fuzzy(&b.geometries, *tolerance);
                built(g, format!("fuzzy:{tolerance}"), Some(added))
            }
            Spec::Auto { tolerance } => {
                let used = if b.arcs.is_some() {
                    Spec::Topology
                } else {
                    Spec::Fuzzy {
                        tolerance: *tolerance,
                    }
                };
                let mut out = used.build_from_text(b, file_text)?;
                out.used = used;
                out
            }
            Spec::Knn { k } => built(knn::knn(&points(b)?, *k)?, format!("knn:{k}"), None),
            Spec::Band { distance } => built(
                knn::distance_band(&points(b)?, *distance, None)?,
                format!("band:{distance}"),
                None,
            ),
            Spec::File(p) => {
                let name = p.display().to_string();
                let g = if is_gal(p) {
                    gal::parse_gal(file_text, &b.codes, &name)?
                } else {
                    gal::parse_gwt(file_text, &b.codes, &name)?
                };
                built(g, format!("file:{name}"), None)
            }
        })
    }
}

fn is_gal(p: &Path) -> bool {
    p.to_string_lossy().to_ascii_lowercase().ends_with(".gal")
}

impl fmt::Display for Spec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Spec::Queen => f.write_str("queen"),
            Spec::Rook => f.write_str("rook"),
            Spec::Topology => f.write_str("topology"),
            Spec::Fuzzy { tolerance } => write!(f, "fuzzy:{tolerance}"),
            Spec::Knn { k } => write!(f, "knn:{k}"),
            Spec::Band { distance } => write!(f, "band:{distance}"),
            Spec::File(p) => write!(f, "{}", p.display()),
            Spec::Auto { tolerance } => write!(f, "auto:{tolerance}"),
        }
    }
}

impl std::str::FromStr for Spec {
    type Err = ParseSpecError;
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        Spec::parse(s)
    }
}

/// Centroids of the boundaries for distance weights and island linking:
/// lon/lat when every centroid lies within ±180°/±90° and the source is not
/// marked planar (regio-io delivers lon/lat), planar coordinates otherwise.
pub fn points(b: &Boundaries) -> Result<Points> {
    let c = knn::centroids(&b.geometries).map_err(|e| {
        Error::invalid(format!(
            "{e}; remove empty geometries before distance weights"
        ))
    })?;
    let lonlat =
        c.iter().all(|p| p[0].abs() <= 180.0 && p[1].abs() <= 90.0) && !b.source.contains("planar");
    Ok(if lonlat {
        Points::LonLat(c)
    } else {
        Points::Planar(c)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::{polygon, MultiPolygon};

    #[test]
    fn parses_every_form() {
        assert_eq!(Spec::parse("Queen").unwrap(), Spec::Queen);
        assert_eq!(Spec::parse("rook").unwrap(), Spec::Rook);
        assert_eq!(Spec::parse("arcs").unwrap(), Spec::Topology);
        assert_eq!(
            Spec::parse("fuzzy:0.0005").unwrap(),
            Spec::Fuzzy { tolerance: 0.0005 }
        );
        assert_eq!(Spec::parse("knn:4").unwrap(), Spec::Knn { k: 4 });
        assert_eq!(
            Spec::parse("band:10").unwrap(),
            Spec::Band { distance: 10.0 }
        );
        assert_eq!(
            Spec::parse("auto").unwrap(),
            Spec::Auto {
                tolerance: DEFAULT_TOLERANCE
            }
        );
        assert_eq!(
            Spec::parse("w/Col.GAL").unwrap(),
            Spec::File("w/Col.GAL".into())
        );
        for s in ["queen", "fuzzy:0.5", "knn:3", "band:2.5", "auto:0.001"] {
            assert_eq!(Spec::parse(s).unwrap().to_string(), s);
        }
        let e = Spec::parse("knn:2.5").unwrap_err().to_string();
        assert!(e.contains("whole number"), "{e}");
        let e = Spec::parse("fuzzy").unwrap_err().to_string();
        assert!(e.contains("fuzzy:TOL with a positive number"), "{e}");
        let e = Spec::parse("hexagon").unwrap_err().to_string();
        assert!(e.starts_with("\"hexagon\": expected queen"), "{e}");
        assert!(Spec::parse("queen:2").is_err());
    }

    fn square(x: f64, y: f64) -> MultiPolygon<f64> {
        MultiPolygon(vec![polygon![
            (x: x, y: y), (x: x + 1.0, y: y), (x: x + 1.0, y: y + 1.0), (x: x, y: y + 1.0), (x: x, y: y)
        ]])
    }

    #[test]
    fn builds_and_resolves_auto() {
        let b = Boundaries {
            codes: vec!["a".into(), "b".into(), "c".into()],
            names: vec![],
            geometries: vec![square(0.0, 0.0), square(1.0, 0.0), square(2.0001, 0.0)],
            arcs: None,
            source: "planar test".into(),
        };
        let q = Spec::Queen.build(&b).unwrap();
        assert_eq!((q.label.as_str(), q.graph.n_links()), ("queen", 2));
        let a = Spec::Auto { tolerance: 0.001 }.build(&b).unwrap();
        assert_eq!(a.used, Spec::Fuzzy { tolerance: 0.001 });
        assert_eq!(a.added, Some(1));
        assert!(Spec::Topology.build(&b).is_err());
        let k = Spec::Knn { k: 1 }.build(&b).unwrap();
        assert_eq!(k.label, "knn:1");
        assert!(Spec::Knn { k: 0 }.build(&b).is_err());
        let gal = "3\na 1\nb\nb 2\na c\nc 1\nb\n";
        let f = Spec::File("w.gal".into()).build_from_text(&b, gal).unwrap();
        assert_eq!(f.graph.n_links(), 4);
    }
}
