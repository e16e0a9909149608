//! A load generator for `clausewrap serve`: signed sample records about the built-in
//! document, posted to `POST /v1/acceptances` from several threads, every attempt kept.
//!
//! Shared by the crash test (`tests/ledger_crash.rs`, which retries through server kills)
//! and the benchmark (`examples/ledger_load.rs`, one attempt per record). Record ids are
//! 16 random bytes, so that runs against the same ledger never collide.
#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

use chrono::Utc;
use clausewrap_core::base64url;
use clausewrap_ledger::documents::DEFAULT_DOCUMENT;
use clausewrap_ledger::sample::SampleSigner;

/// The reader key of every generated record.
const READER_SEED: [u8; 32] = [7; 32];

/// What to send, and how.
#[derive(Clone, Debug)]
pub struct Config {
    /// The server's base URL, such as `http://127.0.0.1:8080`.
    pub url: String,
    pub records: usize,
    pub concurrency: usize,
    /// Fetch a nonce (`POST /v1/nonces`, for the record's subject) for every record.
    pub nonces: bool,
    /// Retry as the widget does (no answer, 408, 425, 429, 5xx), with the same record and
    /// `Idempotency-Key`, for at most this long per request; `None`: one attempt each.
    pub retry_for: Option<Duration>,
}

/// Which request an outcome belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Request {
    Nonce,
    Acceptance,
}

/// How one attempt ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Http(u16),
    /// No HTTP answer (refused, reset, timed out): the error's text.
    Transport(String),
}

impl Status {
    pub fn is_success(&self) -> bool {
        matches!(self, Status::Http(200..=299))
    }

    /// What the widget's delivery retries: anything but a definite refusal.
    pub fn is_retryable(&self) -> bool {
        matches!(self, Status::Transport(_) | Status::Http(408 | 425 | 429 | 500..=599))
    }

    /// `"201"`, or `"transport"`: the key errors are counted under.
    pub fn label(&self) -> String {
        match self {
            Status::Http(code) => code.to_string(),
            Status::Transport(_) => "transport".to_owned(),
        }
    }
}

/// One attempt at one request for one record.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub record_id: String,
    pub request: Request,
    /// 1 for the first attempt.
    pub attempt: u32,
    pub status: Status,
    pub latency: Duration,
    /// The response body on 2xx: the receipt, or the nonce.
    pub body: Option<String>,
}

/// Everything a run did.
#[derive(Debug, Default)]
pub struct Report {
    /// Every attempt, in the order they ended.
    pub outcomes: Vec<Outcome>,
    /// The records sent: `(record_id, record JSON)`.
    pub records: Vec<(String, String)>,
    pub elapsed: Duration,
}

impl Report {
    /// The attempts at `POST /v1/acceptances`.
    pub fn acceptances(&self) -> impl Iterator<Item = &Outcome> {
        self.outcomes.iter().filter(|o| o.request == Request::Acceptance)
    }
}

/// Sends `config.records` records; `progress` counts the records done (accepted, refused
/// or given up on), for a caller watching from another thread. Errors only when records
/// cannot be made (no randomness, a signer failure): every HTTP outcome is in the report.
pub fn run(config: &Config, progress: &AtomicUsize) -> Result<Report, String> {
    let signer = SampleSigner::new(DEFAULT_DOCUMENT, READER_SEED).map_err(|e| format!("the built-in document does not parse: {e}"))?;
    let next = AtomicUsize::new(0);
    let report = Mutex::new(Report::default());
    let started = Instant::now();
    let results: Vec<Result<(), String>> = thread::scope(|scope| {
        let workers: Vec<_> = (0..config.concurrency.max(1))
            .map(|_| scope.spawn(|| worker(config, &signer, &next, progress, &report)))
            .collect();
        workers.into_iter().map(|w| w.join().unwrap_or_else(|_| Err("a load worker panicked".to_owned()))).collect()
    });
    results.into_iter().collect::<Result<(), String>>()?;
    let mut report = report.into_inner().map_err(|_| "a load worker panicked".to_owned())?;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// One worker: takes record numbers until there are none left.
fn worker(config: &Config, signer: &SampleSigner, next: &AtomicUsize, progress: &AtomicUsize, report: &Mutex<Report>) -> Result<(), String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    let keep = |outcome: Outcome| {
        if let Ok(mut report) = report.lock() {
            report.outcomes.push(outcome);
        }
    };
    while next.fetch_add(1, Ordering::Relaxed) < config.records {
        let mut id = [0u8; 16];
        getrandom::fill(&mut id).map_err(|e| format!("no randomness for a record id: {e}"))?;
        let record_id = base64url::encode(&id);
        let subject = format!("load-{}", &record_id[..8]);
        let nonce = if config.nonces {
            let body = format!("{{\"subject\":\"{subject}\"}}");
            let answer = deliver(&agent, config, &format!("{}/v1/nonces", config.url), &body, None, |o| keep(o.into_outcome(&record_id, Request::Nonce)));
            match answer.as_deref().map(nonce_of) {
                Some(Some(nonce)) => Some(nonce),
                _ => {
                    progress.fetch_add(1, Ordering::Relaxed);
                    continue;
                }
            }
        } else {
            None
        };
        let record = signer.record(id, Some(&subject), nonce.as_deref(), Utc::now()).map_err(|e| format!("cannot make a record: {e}"))?;
        if let Ok(mut report) = report.lock() {
            report.records.push((record_id.clone(), record.clone()));
        }
        let url = format!("{}/v1/acceptances", config.url);
        deliver(&agent, config, &url, &record, Some(&record_id), |o| keep(o.into_outcome(&record_id, Request::Acceptance)));
        progress.fetch_add(1, Ordering::Relaxed);
    }
    Ok(())
}

/// An attempt before it is attributed to a record.
struct Attempt {
    number: u32,
    status: Status,
    latency: Duration,
    body: Option<String>,
}

impl Attempt {
    fn into_outcome(self, record_id: &str, request: Request) -> Outcome {
        Outcome { record_id: record_id.to_owned(), request, attempt: self.number, status: self.status, latency: self.latency, body: self.body }
    }
}

/// POSTs `body` (JSON) to `url`, retrying per `config.retry_for`; hands every attempt to
/// `keep` and returns the body of a 2xx answer.
fn deliver(agent: &ureq::Agent, config: &Config, url: &str, body: &str, key: Option<&str>, mut keep: impl FnMut(Attempt)) -> Option<String> {
    let first = Instant::now();
    for number in 1u32.. {
        let started = Instant::now();
        let mut request = agent.post(url).header("Content-Type", "application/json");
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        let (status, text) = match request.send(body) {
            Ok(mut response) => match response.body_mut().read_to_string() {
                Ok(text) => (Status::Http(response.status().as_u16()), Some(text)),
                Err(e) => (Status::Transport(format!("reading the answer: {e}")), None),
            },
            Err(e) => (Status::Transport(e.to_string()), None),
        };
        let latency = started.elapsed();
        let success = status.is_success();
        let again = status.is_retryable() && config.retry_for.is_some_and(|limit| first.elapsed() < limit);
        keep(Attempt { number, status, latency, body: if success { text.clone() } else { None } });
        if success {
            return text;
        }
        if !again {
            return None;
        }
        // Backs off as a client would, without letting one record wait long.
        thread::sleep(Duration::from_millis(20u64 << number.min(5)));
    }
    None
}

/// The `nonce` member of a `POST /v1/nonces` answer.
fn nonce_of(body: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(body).ok()?;
    value.get("nonce")?.as_str().map(str::to_owned)
}
