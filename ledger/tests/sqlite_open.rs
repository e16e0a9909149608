//! Stores opened at the same moment on one new SQLite file all open. SQLite answers "busy"
//! without waiting where waiting could deadlock, as when several connections switch a new
//! file to WAL at once; the opening must retry then. Servers that start together on a new
//! ledger file (`tests/api.rs`) depend on it.

use std::path::Path;
use std::sync::{Arc, Barrier};

use clausewrap_ledger::store::{StorageConfig, Store};

const ROUNDS: usize = 150;
const TOGETHER: usize = 8;

#[test]
fn stores_opened_together_on_a_new_file_all_open() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("sqlite-open-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a directory for the ledgers");
    let mut failures = Vec::new();
    for round in 0..ROUNDS {
        let config = StorageConfig::Sqlite(dir.join(format!("ledger-{round}.sqlite3")));
        let start = Arc::new(Barrier::new(TOGETHER));
        let opening: Vec<_> = (0..TOGETHER)
            .map(|_| {
                let (config, start) = (config.clone(), start.clone());
                std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
                    start.wait();
                    runtime.block_on(Store::open(&config)).map(drop)
                })
            })
            .collect();
        for store in opening {
            if let Err(error) = store.join().expect("the opening thread ends") {
                failures.push(format!("round {round}: {error}"));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{} of {} openings failed: {failures:#?}", failures.len(), ROUNDS * TOGETHER);
}
