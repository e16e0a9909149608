//! Support for the end-to-end tests: a static file server for `dist/` (with routes and an
//! acceptance endpoint), a shared chromedriver, a small WebDriver client, the demo page's
//! contract, the embedding harness and its documents and XSS corpus, and native checks of
//! the acceptance record.

#![allow(dead_code)]

pub mod axe;
pub mod chromedriver;
pub mod delivery;
pub mod documents;
pub mod errors;
pub mod harness;
pub mod page;
pub mod record;
pub mod server;
pub mod webdriver;
pub mod xss;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The repository root.
pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The directory served to the browser: `$CLAUSEWRAP_E2E_DIST`, or `<repo>/dist`.
pub fn dist_dir() -> PathBuf {
    std::env::var_os("CLAUSEWRAP_E2E_DIST").map(PathBuf::from).unwrap_or_else(|| repo_root().join("dist"))
}

/// `target/e2e/`, where screenshots and the chromedriver log go (created on demand).
pub fn artifacts_dir() -> PathBuf {
    let dir = repo_root().join("target").join("e2e");
    std::fs::create_dir_all(&dir).expect("target/e2e can be created");
    dir
}

/// Polls `condition` every 50 ms until it holds; panics naming `what` after `timeout`.
#[track_caller]
pub fn wait_until(timeout: Duration, what: &str, mut condition: impl FnMut() -> bool) {
    let started = Instant::now();
    while !condition() {
        if started.elapsed() > timeout {
            panic!("timed out after {timeout:?} waiting for {what}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// How long a reader stays on each view: longer than the gate's dwell time, so that what
/// is in view counts as seen (a passage swept past faster is, by design, not read).
pub const READING_PAUSE: Duration = Duration::from_millis(clausewrap_core::gate::DEFAULT_MIN_DWELL_MS as u64 + 150);
