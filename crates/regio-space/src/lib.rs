//! regio-space: pure spatial analyses over regio-core types (boundaries,
//! neighbour graphs, flows). No file I/O, no printing.

pub mod autocorrelation;
pub mod functional;
pub mod structure;
pub mod weights;
pub mod zones;
