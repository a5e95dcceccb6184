//! regio-econ: pure economic analyses over regio-core types
//! (regions x industries matrices, panels). No file I/O, no printing.

pub mod rca;
pub mod complexity;
pub mod input_output;
pub mod strategy;
pub mod concentration;
pub mod convergence;
pub mod diagnose;
pub mod shift_share;
pub mod specialisation;
pub mod structural_change;
pub mod variety;
pub mod view;
pub mod demography;
