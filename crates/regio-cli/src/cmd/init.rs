//! `regio init DIR`: sniffs the data files in a folder (headers, encoding,
//! delimiter, geometry type), guesses each file's role and writes a
//! `regio.toml` manifest the user can edit. Refuses to overwrite an existing
//! manifest unless `--force`.

use crate::common::{CliError, Ctx};
use std::path::PathBuf;

/// Arguments of `regio init`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The folder with the data files.
    pub dir: PathBuf,
    /// Overwrite an existing regio.toml.
    #[arg(long)]
    pub force: bool,
}

/// Runs init.
pub fn run(args: Args, ctx: &Ctx) -> Result<(), CliError> {
    if !args.dir.is_dir() {
        return Err(CliError::Usage(format!(
            "{}: not a folder",
            args.dir.display()
        )));
    }
    let target = args.dir.join("regio.toml");
    if target.exists() && !args.force {
        return Err(CliError::Usage(format!(
            "{} exists; not overwriting it (use --force to replace it)",
            target.display()
        )));
    }
    let files = regio_io::sniff::sniff_dir(&args.dir)?;
    if files.is_empty() {
        return Err(CliError::Usage(format!(
            "{}: no data files found (.csv, .tsv, .geojson, .topojson, .json, .shp)",
            args.dir.display()
        )));
    }
    let text = regio_io::sniff::manifest_text(&args.dir, &files);
    regio_io::atomic::write_atomic(&target, text.as_bytes())?;
    for f in &files {
        ctx.say(format!("{}: {:?}", f.path.display(), f.role));
    }
    ctx.say(format!(
        "wrote {} ({} files); edit it, then run `regio check {}`",
        target.display(),
        files.len(),
        target.display()
    ));
    Ok(())
}
