//! Spatial weights: contiguity (queen, rook, fuzzy, TopoJSON arcs).

pub mod contiguity;
