//! One module per subcommand.
pub mod complexity;
pub mod zones;
pub mod check;
pub mod init;
pub mod export;
pub mod impact;
pub mod io_model;
pub mod strategy;
pub mod diagnose;
pub mod living_areas;
pub mod demography;
pub mod report;
pub mod serve;
pub mod spatial;
pub mod structure;
