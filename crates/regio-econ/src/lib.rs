//! regio-econ: pure economic analyses over regio-core types
//! (regions x industries matrices, panels). No file I/O, no printing.

pub mod complexity;
pub mod concentration;
pub mod convergence;
pub mod demography;
pub mod diagnose;
pub mod input_output;
pub mod rca;
pub mod shift_share;
pub mod specialisation;
pub mod strategy;
pub mod structural_change;
pub mod variety;
pub mod view;
