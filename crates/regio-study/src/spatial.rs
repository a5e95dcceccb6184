//! (moved here from the CLI)
