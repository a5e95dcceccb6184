//! Region boundaries: one (multi)polygon per region code, in lon/lat (WGS84)
//! after reading, optionally with the TopoJSON arcs each feature uses so
//! that adjacency can be read off shared arcs.

use geo_types::MultiPolygon;

/// Boundaries of a set of regions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Boundaries {
    /// Region code per feature.
    pub codes: Vec<String>,
    /// Region name per feature (empty when the source has none).
    pub names: Vec<String>,
    /// Geometry per feature, lon/lat degrees.
    pub geometries: Vec<MultiPolygon<f64>>,
    /// For TopoJSON sources: the arc indices (non-negative) each feature uses.
    pub arcs: Option<Vec<Vec<u32>>>,
    /// Where the geometry came from and how it was transformed (CRS, simplification).
    pub source: String,
}

impl Boundaries {
    /// Number of features.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// True when there are no features.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// Index of the feature with `code`.
    pub fn position(&self, code: &str) -> Option<usize> {
        self.codes.iter().position(|c| c == code)
    }
}
