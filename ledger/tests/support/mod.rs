//! A ledger server started in the test process, on SQLite or on a fresh PostgreSQL
//! database, and a small HTTP client for it.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::Utc;
use clausewrap_core::json::{self, Value};
use clausewrap_ledger::documents::{Published, DEFAULT_DOCUMENT};
use clausewrap_ledger::sample::SampleSigner;
use clausewrap_ledger::server::{start, Running, ServeConfig};
use clausewrap_ledger::store::StorageConfig;
use ed25519_dalek::SigningKey;

/// The ledger key of every test server.
pub const LEDGER_SEED: [u8; 32] = [42; 32];

/// A fresh folder for one test's files.
pub fn scratch(test: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("ledger-{test}-{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed)));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// Which database a test runs on.
#[derive(Clone, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A new, empty storage on `backend` for test `name`.
pub fn storage(backend: &Backend, name: &str) -> StorageConfig {
    match backend {
        Backend::Sqlite => StorageConfig::Sqlite(scratch(name).join("ledger.sqlite3")),
        Backend::Postgres => StorageConfig::Postgres(fresh_postgres_database(name)),
    }
}

/// Creates a new database on the test PostgreSQL server and returns its URL.
fn fresh_postgres_database(name: &str) -> String {
    let url = std::env::var("CLAUSEWRAP_TEST_POSTGRES_URL").unwrap_or_else(|_| {
        panic!("the PostgreSQL tests need a server: run `scripts/postgres start` and set CLAUSEWRAP_TEST_POSTGRES_URL to the URL it prints (scripts/test does both)")
    });
    // PostgreSQL cuts names at 63 bytes: keep this one short and unique, and say which
    // test it is for in a comment on the database.
    static N: AtomicUsize = AtomicUsize::new(0);
    let database = format!("ledger_{}_{}_{}", std::process::id(), Utc::now().timestamp_micros(), N.fetch_add(1, Ordering::Relaxed));
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
            .await
            .unwrap_or_else(|e| panic!("cannot connect to the test PostgreSQL server at {url}: {e}; is `scripts/postgres start` running?"));
        tokio::spawn(connection);
        client.batch_execute(&format!("CREATE DATABASE {database}")).await.expect("create a test database");
        client.batch_execute(&format!("COMMENT ON DATABASE {database} IS 'clausewrap ledger test {name}'")).await.expect("name the test database");
    });
    let (base, _) = url.rsplit_once('/').expect("a URL with a database name");
    format!("{base}/{database}")
}

/// The default document and a second version of it (a changed version line, a new
/// sentence), as published documents.
pub fn default_document() -> Published {
    Published::default_document()
}

pub fn second_version() -> Published {
    let text = String::from_utf8(DEFAULT_DOCUMENT.to_vec()).expect("UTF-8");
    let changed = text.replacen("version: 2019-07-29 15:49:27", "version: 2026-12-01", 1);
    assert_ne!(changed, text, "the default document's version line moved; update this test");
    Published::from_bytes("second version", changed.into_bytes()).expect("the second version parses")
}

pub fn config(storage: StorageConfig, documents: Vec<Published>) -> ServeConfig {
    ServeConfig {
        listen: "127.0.0.1:0".parse().expect("address"),
        storage,
        key: SigningKey::from_bytes(&LEDGER_SEED),
        documents,
        site: None,
        max_body: 262_144,
        rate_limit: 0,
        nonce_ttl_seconds: 900,
        require_nonce: false,
    }
}

/// A server on its own runtime, stopped when dropped.
pub struct TestServer {
    pub base: String,
    pub address: SocketAddr,
    runtime: Option<tokio::runtime::Runtime>,
    running: Option<Running>,
}

impl TestServer {
    pub fn start(config: ServeConfig) -> TestServer {
        TestServer::try_start(config).unwrap_or_else(|e| panic!("the server starts: {e}"))
    }

    pub fn try_start(config: ServeConfig) -> Result<TestServer, String> {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
        let running = runtime.block_on(start(config))?;
        let address = running.address;
        Ok(TestServer { base: format!("http://{address}"), address, runtime: Some(runtime), running: Some(running) })
    }

    /// Stops it gracefully: the requests in flight are answered first.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if let (Some(runtime), Some(running)) = (self.runtime.take(), self.running.take()) {
            runtime.block_on(running.stop()).expect("a clean stop");
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            self.shutdown();
        }
    }
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: String,
    pub headers: Vec<(String, String)>,
}

impl Answer {
    pub fn json(&self) -> Value {
        json::parse(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The problem `code` of an error answer.
    pub fn code(&self) -> String {
        assert_eq!(self.header("content-type"), Some("application/problem+json"), "{self:?}");
        self.json().get("code").and_then(Value::as_str).expect("a code").to_owned()
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).build().into()
}

fn answer(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
    let mut response = response.expect("the server answers");
    let headers = response.headers().iter().map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("").to_owned())).collect();
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_string().unwrap_or_default();
    Answer { status, body, headers }
}

pub fn get(url: &str) -> Answer {
    answer(agent().get(url).call())
}

/// POSTs `body` with `content_type` and, if given, an `Idempotency-Key`.
pub fn post(url: &str, content_type: &str, idempotency_key: Option<&str>, body: &str) -> Answer {
    let mut request = agent().post(url).header("Content-Type", content_type);
    if let Some(key) = idempotency_key {
        request = request.header("Idempotency-Key", key);
    }
    answer(request.send(body))
}

/// POSTs a record as the widget does.
pub fn post_record(base: &str, record: &str) -> Answer {
    let id = json::parse(record).ok().and_then(|v| v.get("record_id").and_then(Value::as_str).map(str::to_owned));
    post(&format!("{base}/v1/acceptances"), "application/json", id.as_deref(), record)
}

/// POSTs a record; `None` when the server no longer takes connections.
pub fn try_post_record(base: &str, record: &str) -> Option<Answer> {
    let id = json::parse(record).ok().and_then(|v| v.get("record_id").and_then(Value::as_str).map(str::to_owned))?;
    let response = agent().post(&format!("{base}/v1/acceptances")).header("Content-Type", "application/json").header("Idempotency-Key", &id).send(record);
    match response {
        Err(ureq::Error::Io(_) | ureq::Error::ConnectionFailed) => None,
        other => Some(answer(other)),
    }
}

/// A reader signing records about `document` with a key of its own.
pub fn reader(document: &Published, seed: u8) -> SampleSigner {
    SampleSigner::new(&document.bytes, [seed; 32]).expect("the document parses")
}

/// A record id that no other test uses.
pub fn record_id() -> [u8; 16] {
    static N: AtomicUsize = AtomicUsize::new(1);
    let mut id = [0u8; 16];
    id[..8].copy_from_slice(&(std::process::id() as u64).to_be_bytes());
    id[8..].copy_from_slice(&(N.fetch_add(1, Ordering::Relaxed) as u64).to_be_bytes());
    id
}
