//! regio-space: pure spatial analyses over regio-core types (boundaries,
//! neighbour graphs, flows). No file I/O, no printing.

pub mod weights;
