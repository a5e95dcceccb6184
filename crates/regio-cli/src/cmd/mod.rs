//! One module per subcommand.
pub mod complexity;
