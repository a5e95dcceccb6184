//! Atomic file output: write to a temporary file in the target's directory,
//! sync, then rename over the target, so readers never see half a file and a
//! failed run leaves no partial output behind.
//!
//! Temporary files are registered while being written: a guard removes its
//! file when dropped (errors, panics), and [`cleanup_registered`] removes every
//! registered file, for a binary's Ctrl-C / SIGTERM handler (the process
//! exits there without unwinding, so no guard runs).
//!
//! A run of several outputs can be framed with [`begin_run`] (writes the
//! marker `regio-run.incomplete`) and [`finish_run`] (writes `regio-run.json`
//! listing the files with their sizes, then removes the marker).

use crate::{IoError, Result};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

static REGISTRY: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn registry() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    REGISTRY.lock().unwrap_or_else(|e| e.into_inner())
}

/// A temporary path registered for cleanup: removed (if it still exists) and
/// unregistered when the guard is dropped.
#[derive(Debug)]
pub struct TempGuard {
    path: PathBuf,
}

impl TempGuard {
    /// Registers `path`.
    pub fn register(path: PathBuf) -> Self {
        registry().push(path.clone());
        TempGuard { path }
    }

    /// The registered path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempGuard {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
        let mut r = registry();
        if let Some(i) = r.iter().rposition(|p| *p == self.path) {
            r.swap_remove(i);
        }
    }
}

/// The temporary files being written now.
pub fn registered() -> Vec<PathBuf> {
    registry().clone()
}

/// Removes every registered temporary file and returns how many were removed.
/// Call it from a Ctrl-C / SIGTERM handler before exiting (it takes a lock,
/// so call it from a handler thread such as the `ctrlc` crate's, not from a
/// raw async signal context).
pub fn cleanup_registered() -> usize {
    let mut r = registry();
    let mut n = 0;
    for p in r.drain(..) {
        if std::fs::remove_file(&p).is_ok() {
            n += 1;
        }
    }
    n
}

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
    let guard = TempGuard::register(dir.join(format!(
        ".{file_name}.tmp-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    )));
    let tmp = guard.path().to_path_buf();
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
    // the guard removes the temporary file unless it was renamed
    drop(guard);
    res
}

static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Writes `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |w| {
        w.write_all(bytes).map_err(|source| IoError::Io {
            path: path.to_path_buf(),
            source,
        })
    })
}

/// Name of the marker present while a run is writing its outputs.
pub const INCOMPLETE_MARKER: &str = "regio-run.incomplete";

/// Name of the list of files a finished run wrote.
pub const RUN_MANIFEST: &str = "regio-run.json";

/// One file a run wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunFile {
    /// Path, relative to the run's directory when inside it.
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
}

/// What [`finish_run`] recorded.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RunManifest {
    /// The files written, in the order given.
    pub files: Vec<RunFile>,
}

/// Marks `dir` as holding a run in progress: creates it if needed, removes a
/// previous run's `regio-run.json` and writes `regio-run.incomplete`.
pub fn begin_run(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| IoError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let old = dir.join(RUN_MANIFEST);
    match std::fs::remove_file(&old) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(source) => return Err(IoError::Io { path: old, source }),
    }
    let marker = dir.join(INCOMPLETE_MARKER);
    write_atomic(
        &marker,
        format!(
            "a regio run (process {}) is writing here; if no run is going on, it was interrupted and the files here may be incomplete\n",
            std::process::id()
        )
        .as_bytes(),
    )
}

/// Ends a run begun with [`begin_run`]: writes `regio-run.json` listing
/// `files` with their sizes (each must exist), then removes the marker.
pub fn finish_run(dir: &Path, files: &[PathBuf]) -> Result<RunManifest> {
    let mut m = RunManifest::default();
    for f in files {
        let meta = std::fs::metadata(f).map_err(|source| IoError::Io {
            path: f.clone(),
            source,
        })?;
        let rel = f.strip_prefix(dir).unwrap_or(f);
        m.files.push(RunFile {
            path: rel.to_string_lossy().replace('\\', "/"),
            bytes: meta.len(),
        });
    }
    let json = serde_json::json!({
        "files": m.files.iter().map(|f| serde_json::json!({"path": f.path, "bytes": f.bytes})).collect::<Vec<_>>(),
    });
    let text = serde_json::to_string_pretty(&json).expect("json") + "\n";
    write_atomic(&dir.join(RUN_MANIFEST), text.as_bytes())?;
    let marker = dir.join(INCOMPLETE_MARKER);
    match std::fs::remove_file(&marker) {
        Ok(()) => Ok(m),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(m),
        Err(source) => Err(IoError::Io {
            path: marker,
            source,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_files_are_registered_while_written_and_cleaned_up() {
        let d = tempfile::tempdir().unwrap();
        let target = d.path().join("out.csv");
        let mut seen = Vec::new();
        write_atomic_with(&target, |w| {
            seen = registered()
                .into_iter()
                .filter(|p| p.starts_with(d.path()))
                .collect();
            assert_eq!(seen.len(), 1);
            assert!(seen[0].exists());
            w.write_all(b"x").unwrap();
            Ok(())
        })
        .unwrap();
        assert!(!seen[0].exists());
        assert_eq!(std::fs::read(&target).unwrap(), b"x");
        std::fs::remove_file(&target).unwrap();
        // an error while writing leaves nothing behind
        let e = write_atomic_with(&target, |_| {
            Err(IoError::Format {
                path: target.clone(),
                message: "boom".into(),
            })
        });
        assert!(e.is_err());
        let left: Vec<_> = std::fs::read_dir(d.path()).unwrap().collect();
        assert!(left.is_empty(), "{left:?}");
        assert!(!registered().iter().any(|p| p.starts_with(d.path())));
        write_atomic(&target, b"ok").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"ok");
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1);
    }

    #[test]
    fn run_manifest_and_incomplete_marker() {
        let d = tempfile::tempdir().unwrap();
        let dir = d.path().join("run");
        begin_run(&dir).unwrap();
        assert!(dir.join(INCOMPLETE_MARKER).exists());
        let a = dir.join("a.csv");
        write_atomic(&a, b"abc").unwrap();
        let m = finish_run(&dir, std::slice::from_ref(&a)).unwrap();
        assert_eq!(
            m.files,
            vec![RunFile {
                path: "a.csv".into(),
                bytes: 3
            }]
        );
        assert!(!dir.join(INCOMPLETE_MARKER).exists());
        let j: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join(RUN_MANIFEST)).unwrap()).unwrap();
        assert_eq!(j["files"][0]["path"], "a.csv");
        assert_eq!(j["files"][0]["bytes"], 3);
        // a new run removes the old list until it finishes
        begin_run(&dir).unwrap();
        assert!(!dir.join(RUN_MANIFEST).exists());
        assert!(dir.join(INCOMPLETE_MARKER).exists());
        assert!(finish_run(&dir, &[dir.join("missing.csv")]).is_err());
    }
}
