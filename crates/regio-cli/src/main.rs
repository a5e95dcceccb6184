//! `regio`: regional economic diagnostics and regional industrial-policy
//! design from the command line. This file is thin wiring: each subcommand
//! lives in `cmd/<name>.rs`; input loading and output writing in `common.rs`.

mod cmd;
mod common;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// regio: regional economic diagnostics and regional industrial-policy design.
///
/// Every command takes a manifest (regio.toml), a single data file where one
/// file is enough, or nothing at all: then it runs on the embedded Korean demo.
#[derive(Parser, Debug)]
#[command(name = "regio", version, about, long_about = None)]
struct Cli {
    /// Print nothing but errors.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// Write one self-contained HTML report (maps, charts, tables) of the analyses the data support.
    Report(cmd::report::Args),
    /// Serve the local dashboard (map, indicators, region profiles) and its JSON API on loopback.
    Serve(cmd::serve::Args),
    /// Daily living areas from flows (TTWA or Intramax): hubs, self-containment, linkage.
    LivingAreas(cmd::living_areas::Args),
    /// Demography: local-extinction index, population-decline index, cohort-component projection.
    Demography(cmd::demography::Args),
    /// Regional diagnostics: specialisation, concentration, variety, shift-share, convergence, structural change.
    Diagnose(cmd::diagnose::Args),
    /// Load a dataset (manifest, file or the embedded demo), validate it and print a summary.
    Check(cmd::check::Args),
    /// Sniff the data files in a folder and write a regio.toml manifest to edit.
    Init(cmd::init::Args),
    /// Write the dataset's panels, attributes and flows as long tables (csv, parquet, json, geojson).
    Export(cmd::export::Args),
    /// Net-zero resource-circulation zones (max-p with a signed balance).
    Zones(cmd::zones::Args),
    /// Spatial weights and spatial autocorrelation: weights, moran, lisa, getis.
    Spatial(cmd::spatial::Args),
    /// Spatial structure: mononuclear-hierarchical or multipolar network (size, polycentricity, flows, verdict).
    Structure(cmd::structure::Args),
    /// Economic complexity and relatedness: ECI/PCI, fitness, proximity, density, COI/COG.
    Complexity(cmd::complexity::Args),
    /// Strategic industries for regions or super-regions: smart-specialisation matrix, growth paths, peers.
    Strategy(cmd::strategy::Args),
    /// Investment impact through a national input-output table regionalised by location quotients.
    Impact(cmd::impact::Args),
    /// The Leontief input-output model of one table: A, x, multipliers, linkages (L with --inverse).
    Io(cmd::io_model::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let ctx = common::Ctx { quiet: cli.quiet };
    let res: Result<(), common::CliError> = match cli.cmd {
        Cmd::Report(a) => cmd::report::run(a, &ctx),
        Cmd::Serve(a) => cmd::serve::run(a, &ctx),
        Cmd::LivingAreas(a) => cmd::living_areas::run(a, &ctx),
        Cmd::Demography(a) => cmd::demography::run(a, &ctx),
        Cmd::Check(a) => cmd::check::run(a, &ctx),
        Cmd::Diagnose(a) => cmd::diagnose::run(a, &ctx),
        Cmd::Init(a) => cmd::init::run(a, &ctx),
        Cmd::Export(a) => cmd::export::run(a, &ctx),
        Cmd::Zones(a) => cmd::zones::run(a, &ctx),
        Cmd::Spatial(a) => cmd::spatial::run(a, &ctx),
        Cmd::Structure(a) => cmd::structure::run(a, &ctx),
        Cmd::Complexity(a) => cmd::complexity::run(a, &ctx),
        Cmd::Strategy(a) => cmd::strategy::run(a, &ctx),
        Cmd::Impact(a) => cmd::impact::run(a, &ctx),
        Cmd::Io(a) => cmd::io_model::run(a, &ctx),
    };
    match res {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            let mut src = std::error::Error::source(&e);
            while let Some(s) = src {
                eprintln!("  caused by: {s}");
                src = s.source();
            }
            ExitCode::from(e.exit_code())
        }
    }
}
