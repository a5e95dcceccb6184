//! One module per subcommand.
pub mod check;
pub mod complexity;
pub mod demography;
pub mod diagnose;
pub mod export;
pub mod impact;
pub mod init;
pub mod io_model;
pub mod living_areas;
pub mod report;
pub mod serve;
pub mod spatial;
pub mod strategy;
pub mod structure;
pub mod zones;
