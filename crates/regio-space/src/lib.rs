//! regio-space: pure spatial analyses over regio-core types (boundaries,
//! neighbour graphs, flows). No file I/O, no printing.

pub mod autocorrelation;
pub mod weights;
pub mod functional;
pub mod zones;
