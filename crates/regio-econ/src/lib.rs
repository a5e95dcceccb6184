//! regio-econ: pure economic analyses over regio-core types
//! (regions x industries matrices, panels). No file I/O, no printing.

pub mod rca;
pub mod input_output;
