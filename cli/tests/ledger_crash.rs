//! Crash test of `clausewrap serve`: records are posted from several threads while the
//! server is killed (SIGKILL) at random moments and restarted on the same port and data.
//! The clients retry as the widget does, with the same record and `Idempotency-Key`.
//! Afterwards every record that got a receipt is in the ledger exactly once, with that
//! receipt, the sequence numbers have no gap, and `clausewrap ledger verify` passes.
//!
//! Slow and disruptive, so ignored by default:
//!
//! ```sh
//! cargo test -p clausewrap-cli --test ledger_crash -- --ignored --nocapture
//! ```
//!
//! The PostgreSQL run needs `CLAUSEWRAP_TEST_POSTGRES_URL=$(scripts/postgres start)`.
#![forbid(unsafe_code)]

mod support;
#[path = "support/load.rs"]
mod load;

use std::collections::{BTreeMap, BTreeSet};
use std::fs::OpenOptions;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use load::{Report, Request, Status};
use serde_json::Value;
use support::BIN;

const RECORDS: usize = 300;
const CONCURRENCY: usize = 6;
const KILLS: usize = 5;

#[test]
#[ignore = "kills and restarts a server for about a minute; run with --ignored"]
fn sqlite_ledger_survives_kills() {
    scenario("sqlite", None);
}

#[test]
#[ignore = "needs PostgreSQL: CLAUSEWRAP_TEST_POSTGRES_URL=$(scripts/postgres start); run with --ignored"]
fn postgres_ledger_survives_kills() {
    let url = std::env::var("CLAUSEWRAP_TEST_POSTGRES_URL").unwrap_or_else(|_| {
        panic!("this test needs PostgreSQL: run `scripts/postgres start` and set CLAUSEWRAP_TEST_POSTGRES_URL to the URL it prints")
    });
    let name = format!("crash_{:016x}", random(u64::MAX));
    psql(&url, &format!("CREATE DATABASE {name}"));
    let database = with_database(&url, &name);
    scenario("postgres", Some(&database));
    psql(&url, &format!("DROP DATABASE {name}"));
}

/// One run: load, kills, then the checks on what the ledger holds.
fn scenario(backend: &str, database_url: Option<&str>) {
    let dir = support::scratch(&format!("ledger-crash-{backend}"));
    let key = dir.join("ledger.key");
    let keygen = Command::new(BIN).arg("keygen").arg("--out").arg(&key).output().expect("keygen runs");
    assert!(keygen.status.success(), "keygen: {}", String::from_utf8_lossy(&keygen.stderr));
    let port = free_port();
    // Where the ledger is, for serve, export and verify alike.
    let store: Vec<String> = match database_url {
        Some(url) => vec!["--database-url".to_owned(), url.to_owned()],
        None => vec!["--data".to_owned(), path(&dir)],
    };
    let mut args: Vec<String> = ["serve", "--listen", &format!("127.0.0.1:{port}"), "--rate-limit", "0", "--key", &path(&key)].map(str::to_owned).to_vec();
    args.extend(store.iter().cloned());
    if database_url.is_some() {
        // Nothing of the ledger is kept there then, but nothing lands in the working folder.
        args.extend(["--data".to_owned(), path(&dir)]);
    }
    let mut server = Server { args, url: format!("http://127.0.0.1:{port}"), log: dir.join("server.log"), child: None, start_retries: 0 };
    server.start();

    let config = load::Config { url: server.url.clone(), records: RECORDS, concurrency: CONCURRENCY, nonces: true, retry_for: Some(Duration::from_secs(120)) };
    let progress = AtomicUsize::new(0);
    let started = Instant::now();
    let (report, kills) = thread::scope(|scope| {
        let load = scope.spawn(|| load::run(&config, &progress));
        // Kill points spread over the run, so that every kill lands while records flow.
        let mut points: Vec<usize> = (0..KILLS).map(|_| RECORDS / 10 + random((RECORDS * 8 / 10) as u64) as usize).collect();
        points.sort_unstable();
        let mut kills = 0;
        for point in points {
            while progress.load(Ordering::Relaxed) < point && !load.is_finished() {
                thread::sleep(Duration::from_millis(5));
            }
            thread::sleep(Duration::from_millis(random(200)));
            if load.is_finished() {
                break;
            }
            server.kill();
            kills += 1;
            thread::sleep(Duration::from_millis(random(500)));
            server.start();
        }
        (load.join().expect("the load thread").expect("the load runs"), kills)
    });
    let receipts = check_outcomes(&report);
    check_stored(&server.url, &report, &receipts);
    let stopped = server.terminate();

    let mut export = Command::new(BIN);
    export.args(["ledger", "export"]).args(&store);
    let export = export.output().expect("ledger export runs");
    assert!(export.status.success(), "ledger export: {}", String::from_utf8_lossy(&export.stderr));
    let entries = check_export(&String::from_utf8_lossy(&export.stdout), &receipts);
    let mut verify = Command::new(BIN);
    verify.args(["ledger", "verify"]).args(&store).arg("--key").arg(&key);
    let verify = verify.output().expect("ledger verify runs");
    assert!(verify.status.success(), "ledger verify: {}{}", String::from_utf8_lossy(&verify.stdout), String::from_utf8_lossy(&verify.stderr));

    let count = |pick: &dyn Fn(&Status) -> bool| report.acceptances().filter(|o| pick(&o.status)).count();
    println!(
        "ledger crash ({backend}): {kills} kills (each followed by a restart), {} start retries (port still held), {} records, {} receipts, {entries} entries, {} attempts \
         ({} answered 201, {} replayed 200, {} without an answer, {} 5xx), nonce attempts {}, {:.1} s; server log {}",
        server.start_retries,
        report.records.len(),
        receipts.len(),
        report.acceptances().count(),
        count(&|s| *s == Status::Http(201)),
        count(&|s| *s == Status::Http(200)),
        count(&|s| matches!(s, Status::Transport(_))),
        count(&|s| matches!(s, Status::Http(500..=599))),
        report.outcomes.iter().filter(|o| o.request == Request::Nonce).count(),
        started.elapsed().as_secs_f64(),
        server.log.display(),
    );
    assert!(kills >= 4, "only {kills} kills landed while records were sent");
    assert!(stopped.success(), "after SIGTERM the server exited with {stopped}, not 0");
}

/// Every record ended with a 2xx, every 2xx for a record carried the same receipt, and at
/// most one of them was a 201. Returns the receipt of each record.
fn check_outcomes(report: &Report) -> BTreeMap<String, Value> {
    assert_eq!(report.records.len(), RECORDS, "every record was made (nonces included)");
    let mut receipts: BTreeMap<String, Value> = BTreeMap::new();
    let mut created: BTreeMap<&str, usize> = BTreeMap::new();
    for outcome in report.acceptances().filter(|o| o.status.is_success()) {
        let body = outcome.body.as_deref().unwrap_or_default();
        let receipt: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{}: the receipt is not JSON ({e}): {body}", outcome.record_id));
        assert_eq!(receipt["record_id"], outcome.record_id.as_str(), "a receipt for another record");
        if outcome.status == Status::Http(201) {
            *created.entry(&outcome.record_id).or_default() += 1;
        }
        if let Some(first) = receipts.get(&outcome.record_id) {
            assert_eq!(first, &receipt, "{}: two different receipts for one record", outcome.record_id);
        }
        receipts.insert(outcome.record_id.clone(), receipt);
    }
    for (record_id, _) in &report.records {
        let last = report.acceptances().filter(|o| &o.record_id == record_id).last();
        assert!(last.is_some_and(|o| o.status.is_success()), "{record_id} was never accepted; its last attempt: {last:?}");
    }
    if let Some((record_id, n)) = created.iter().find(|(_, n)| **n > 1) {
        panic!("{record_id} was answered 201 Created {n} times");
    }
    receipts
}

/// `GET /v1/acceptances/{id}` gives back each record with its receipt, and the ledger
/// holds as many entries as there are receipts.
fn check_stored(url: &str, report: &Report, receipts: &BTreeMap<String, Value>) {
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let get = |path: &str| -> Value {
        let mut response = agent.get(format!("{url}{path}")).call().unwrap_or_else(|e| panic!("GET {path}: {e}"));
        let body = response.body_mut().read_to_string().expect("a body");
        assert_eq!(response.status().as_u16(), 200, "GET {path}: {body}");
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("GET {path}: not JSON ({e}): {body}"))
    };
    for (record_id, record) in &report.records {
        let stored = get(&format!("/v1/acceptances/{record_id}"));
        assert_eq!(Some(&stored["receipt"]), receipts.get(record_id), "{record_id}: the stored receipt differs from the one the client got");
        let sent: Value = serde_json::from_str(record).expect("the sent record is JSON");
        assert_eq!(stored["record"], sent, "{record_id}: the stored record differs from the one sent");
    }
    assert_eq!(get("/v1/health")["entries"], receipts.len(), "entries in the ledger against receipts given");
}

/// The export holds each record once, with its receipt, in sequence order 1..=n.
fn check_export(export: &str, receipts: &BTreeMap<String, Value>) -> usize {
    let mut seen = BTreeSet::new();
    let mut n = 0;
    for (i, line) in export.lines().enumerate() {
        let entry: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("export line {}: not JSON ({e})", i + 1));
        let receipt = &entry["receipt"];
        assert_eq!(receipt["sequence"], i + 1, "export line {}: sequence numbers must run 1..=n without gaps", i + 1);
        let record_id = receipt["record_id"].as_str().unwrap_or_default().to_owned();
        assert_eq!(receipts.get(&record_id), Some(receipt), "export line {}: {record_id} is not a record the client got this receipt for", i + 1);
        assert!(seen.insert(record_id.clone()), "{record_id} is in the ledger twice");
        n += 1;
    }
    assert_eq!(n, receipts.len(), "every receipt's record is in the export");
    n
}

/// The server process, restarted on the same arguments after each kill.
struct Server {
    args: Vec<String>,
    url: String,
    log: PathBuf,
    child: Option<Child>,
    /// Starts tried again because the port was still held by the process just killed.
    start_retries: usize,
}

impl Server {
    /// Starts it and waits for its `listening on` line; retries while the port is still
    /// held by the process just killed.
    fn start(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let log = OpenOptions::new().create(true).append(true).open(&self.log).expect("the server log");
            let mut child = Command::new(BIN).args(&self.args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(log).spawn().expect("the server starts");
            let stdout = child.stdout.take().expect("stdout");
            let (tx, rx) = mpsc::channel();
            thread::spawn(move || {
                let mut reader = BufReader::new(stdout);
                let mut line = String::new();
                let _ = reader.read_line(&mut line);
                let _ = tx.send(line);
                let _ = std::io::copy(&mut reader, &mut std::io::sink());
            });
            let line = rx.recv_timeout(deadline.saturating_duration_since(Instant::now())).unwrap_or_default();
            if line.trim_end() == format!("listening on {}", self.url) {
                self.child = Some(child);
                return;
            }
            let _ = child.kill();
            let status = child.wait().expect("wait for the server");
            assert!(Instant::now() < deadline, "the server did not start within 60 s (last exit: {status}); see {}", self.log.display());
            self.start_retries += 1;
            thread::sleep(Duration::from_millis(100));
        }
    }

    /// SIGKILL: no chance to finish anything.
    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// SIGTERM, then its exit status (it must finish its requests and exit 0).
    fn terminate(&mut self) -> ExitStatus {
        let mut child = self.child.take().expect("a running server");
        let sent = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("kill runs");
        assert!(sent.success(), "kill -TERM failed");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = child.try_wait().expect("wait for the server") {
                return status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("the server did not exit within 30 s of SIGTERM");
            }
            thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A port nothing listens on now, kept for the whole test.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port()
}

/// A random number below `n` (not 0).
fn random(n: u64) -> u64 {
    getrandom::u64().expect("randomness") % n
}

fn path(p: &Path) -> String {
    p.to_str().expect("a UTF-8 scratch path").to_owned()
}

/// Runs one SQL statement on the test PostgreSQL server with `psql`.
fn psql(url: &str, sql: &str) {
    let out = Command::new("psql").args([url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql]).output();
    let out = out.unwrap_or_else(|e| panic!("psql could not run ({e}); install PostgreSQL's client (scripts/postgres start does)"));
    assert!(out.status.success(), "psql {sql}: {}", String::from_utf8_lossy(&out.stderr));
}

/// `url` with its database name replaced by `name` (query kept).
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, String::new()), |(b, q)| (b, format!("?{q}")));
    let authority_end = base.find("://").map_or(0, |i| i + 3);
    let host = base[authority_end..].split('/').next().unwrap_or_default();
    format!("{}{host}/{name}{query}", &base[..authority_end])
}
