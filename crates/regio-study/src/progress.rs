//! How a workflow tells what it is doing while it runs: one-line notes
//! (the choices it made, what it set aside, summaries) and long steps. The
//! CLI prints them (with a spinner for steps), the server logs them, the
//! Python package keeps them with the result; [`Silent`] drops them.

use std::sync::Mutex;

/// Receives a workflow's notes and long steps.
pub trait Progress: Sync {
    /// A one-line note: a choice made, something set aside, a summary.
    fn say(&self, msg: &str);
    /// A long step begins (e.g. "zones: max-p search").
    fn begin(&self, _what: &str) {}
    /// The long step begun last ends.
    fn end(&self) {}
}

/// Drops every note.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {
    fn say(&self, _msg: &str) {}
}

/// Keeps every note in order (for results that carry their diagnostics).
#[derive(Debug, Default)]
pub struct Collect(Mutex<Vec<String>>);

impl Collect {
    /// The notes so far.
    pub fn notes(&self) -> Vec<String> {
        self.0.lock().map(|v| v.clone()).unwrap_or_default()
    }
}

impl Progress for Collect {
    fn say(&self, msg: &str) {
        if let Ok(mut v) = self.0.lock() {
            v.push(msg.to_string());
        }
    }
}

/// A long step in progress: begun when made, ended when dropped.
pub struct Step<'a>(&'a dyn Progress);

impl<'a> Step<'a> {
    /// Begins the step `what` on `p`.
    pub fn new(p: &'a dyn Progress, what: &str) -> Self {
        p.begin(what);
        Step(p)
    }
}

impl Drop for Step<'_> {
    fn drop(&mut self) {
        self.0.end();
    }
}
