//! One module per subcommand.
pub mod complexity;
pub mod impact;
pub mod io_model;
pub mod strategy;
pub mod living_areas;
pub mod demography;
pub mod check;
pub mod init;
pub mod export;
pub mod diagnose;
pub mod zones;
pub mod report;
pub mod serve;
