//! Geometry validity checks (OGC simple-features rules as implemented by
//! geo's `Validation`): self-intersections, too few points, holes outside.

use geo::Validation;
use regio_core::Boundaries;

/// A feature that fails validation.
#[derive(Debug, Clone, PartialEq)]
pub struct InvalidFeature {
    /// Region code.
    pub code: String,
    /// The first reason reported.
    pub reason: String,
}

/// Features whose polygons are invalid (each polygon checked on its own, so
/// touching parts of a MultiPolygon are not counted as errors).
pub fn invalid_features(b: &Boundaries) -> Vec<InvalidFeature> {
    let mut out = Vec::new();
    for (code, g) in b.codes.iter().zip(&b.geometries) {
        if let Some(reason) =
            g.0.iter()
                .find_map(|p| p.check_validation().err().map(|e| e.to_string()))
        {
            out.push(InvalidFeature {
                code: code.clone(),
                reason,
            });
        }
    }
    out
}
