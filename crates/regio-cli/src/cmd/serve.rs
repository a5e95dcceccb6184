//! `regio serve`: the local dashboard over a dataset and the results of
//! the analyses it supports (the same ones `regio report` runs). The server
//! lives in `regio_server`; this module loads, analyses and starts it.

use crate::common::{self, CliError, Ctx};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// Arguments of `regio serve`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  regio serve                       # embedded Korean demo on http://127.0.0.1:8080/
  regio serve regio.toml --port 9000
API (GET only, JSON): /api/meta, /api/levels/{level}, /api/regions, /api/regions/{code},
  /api/indicators, /api/indicators/{id}?year=Y, /api/tables, /api/tables/{name}, /api/zones, /api/areas")]
pub struct Args {
    #[command(flatten)]
    pub input: common::InputArgs,
    /// Port to listen on (0 = any free port).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Address to bind; loopback by default. Binding another address exposes
    /// the data to the network.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub host: IpAddr,
    /// Measure (panel) of the regional diagnostics (default: employees, or
    /// the dataset's only measure).
    #[arg(long)]
    pub measure: Option<String>,
}

/// Runs `regio serve`.
pub fn run(a: Args, ctx: &Ctx) -> Result<(), CliError> {
    let ds = common::load_dataset(&a.input, ctx)?;
    let opts = regio_study::study::Options {
        measure: a.measure.clone(),
        ..Default::default()
    };
    let study = regio_study::study::run(&ds, &opts, ctx);
    for (k, v) in &study.notes {
        ctx.say(format!("{k}: {v}"));
    }
    let data = regio_server::ServerData::build(&ds, &study.tables)
        .map_err(|e| CliError::Usage(format!("serve: {e}")))?;
    if !a.host.is_loopback() {
        eprintln!(
            "warning: listening on {} exposes the dataset to the network",
            a.host
        );
    }
    let quiet = ctx.quiet;
    regio_server::run_blocking(SocketAddr::new(a.host, a.port), data, move |addr| {
        if !quiet {
            println!("regio dashboard on http://{addr}/ (Ctrl-C to stop)");
        }
    })
    .map_err(|e| CliError::Usage(e.to_string()))
}
