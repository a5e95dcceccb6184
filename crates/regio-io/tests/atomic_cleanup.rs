//! A Ctrl-C / SIGTERM handler calls `cleanup_registered`: the hidden
//! temporary file of a write in progress is removed (own test binary, as the
//! registry is process-wide).

use regio_io::atomic::{cleanup_registered, registered, write_atomic_with};

#[test]
fn cleanup_removes_the_temporary_file_of_a_write_in_progress() {
    let d = tempfile::tempdir().unwrap();
    let target = d.path().join("table.csv");
    let r = write_atomic_with(&target, |w| {
        w.write_all(b"half a table").unwrap();
        let tmp = registered();
        assert_eq!(tmp.len(), 1);
        assert!(tmp[0].exists());
        assert!(tmp[0]
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with(".table.csv.tmp-"));
        // the signal arrives now
        assert_eq!(cleanup_registered(), 1);
        assert!(!tmp[0].exists());
        assert!(registered().is_empty());
        Ok(())
    });
    assert!(r.is_err(), "the rename of a removed temporary file fails");
    assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 0);
}
