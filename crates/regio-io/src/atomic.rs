//! Atomic file output: write to a temporary file in the target's directory,
//! sync, then rename over the target, so readers never see half a file and a
//! failed run leaves no partial output behind.

use crate::{IoError, Result};
use std::io::Write;
use std::path::Path;

/// Writes through `write` to `path` atomically (temp file in the same directory + rename).
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|source| IoError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{file_name}.tmp-{}", std::process::id()));
    let res = (|| {
        let f = std::fs::File::create(&tmp).map_err(|source| IoError::Io {
            path: tmp.clone(),
            source,
        })?;
        let mut w = std::io::BufWriter::new(f);
        write(&mut w)?;
        let f = w.into_inner().map_err(|e| IoError::Io {
            path: tmp.clone(),
            source: e.into_error(),
        })?;
        f.sync_all().map_err(|source| IoError::Io {
            path: tmp.clone(),
            source,
        })?;
        std::fs::rename(&tmp, path).map_err(|source| IoError::Io {
            path: path.to_path_buf(),
            source,
        })
    })();
    if res.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    res
}

/// Writes `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |w| {
        w.write_all(bytes).map_err(|source| IoError::Io {
            path: path.to_path_buf(),
            source,
        })
    })
}
