//! The acceptance ledger (`clausewrap serve`, docs/ledger.md) for the end-to-end tests:
//! the `clausewrap` binary started on a free port over a scratch data directory with a
//! fresh key (and restarted on them with other options, as an operator publishes a new
//! version), a small JSON client for its API, and the ledger's own check of its chain.
//! The server is stopped (SIGTERM, then SIGKILL) when the guard is dropped.
//!
//! Included by `tests/ledger_e2e.rs` with `#[path]`, next to `e2e_support`, so that the
//! other end-to-end tests build as before.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::e2e_support::{artifacts_dir, repo_root};

/// The `clausewrap` binary: `$CLAUSEWRAP_BIN`, else `target/debug/clausewrap`.
#[track_caller]
pub fn binary() -> PathBuf {
    let path = std::env::var_os("CLAUSEWRAP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target").join("debug").join("clausewrap"));
    assert!(
        path.is_file(),
        "{} is missing: run `cargo build -p clausewrap-cli` first (or set CLAUSEWRAP_BIN to the binary)",
        path.display()
    );
    path
}

/// An answer of the ledger: status, `Content-Type`, `Location` and the body (JSON, or
/// `Value::Null` when the body is not JSON).
#[derive(Clone, Debug)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub location: Option<String>,
    pub body: Value,
}

/// A running `clausewrap serve` over its own scratch directory.
pub struct Ledger {
    child: Option<Child>,
    base: String,
    agent: ureq::Agent,
    /// The `--site` folder.
    site: PathBuf,
    /// The scratch directory: `--data`, the key and the server's log.
    pub data: PathBuf,
    /// The key file given to `--key`.
    pub key: PathBuf,
}

impl Ledger {
    /// Makes a key in a new scratch directory `target/e2e/ledger-<name>/` and starts
    /// `clausewrap serve` on `127.0.0.1:0` with `site` as `--site` and no rate limit
    /// (relative paths in options are the repository's); returns once the server printed
    /// its address.
    #[track_caller]
    pub fn start(name: &str, site: &Path) -> Ledger {
        Ledger::start_with(name, site, &[])
    }

    /// Like [`Ledger::start`], with more options for `serve` (`--nonce-ttl 1`, …).
    #[track_caller]
    pub fn start_with(name: &str, site: &Path, options: &[&str]) -> Ledger {
        let data = artifacts_dir().join(format!("ledger-{name}"));
        let _ = std::fs::remove_dir_all(&data);
        std::fs::create_dir_all(&data).unwrap_or_else(|e| panic!("cannot create {}: {e}", data.display()));
        let key = data.join("ledger.key");
        let keygen = Command::new(binary()).arg("keygen").arg("--out").arg(&key).output().expect("clausewrap keygen runs");
        assert!(keygen.status.success(), "clausewrap keygen failed: {}", describe(&keygen));
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(20)))
            .build()
            .into();
        let mut ledger = Ledger { child: None, base: String::new(), agent, site: site.to_path_buf(), data, key };
        ledger.spawn(options);
        ledger
    }

    /// Stops the server (SIGTERM) and starts it again on the same data and key, with
    /// `options` instead of the earlier ones (`--documents …`): what an operator does to
    /// publish a new version. The address changes; returns how the old server exited.
    #[track_caller]
    pub fn restart_with(&mut self, options: &[&str]) -> Option<ExitStatus> {
        let exit = self.stop();
        self.spawn(options);
        exit
    }

    /// Starts `clausewrap serve` on `127.0.0.1:0` over this ledger's site, data and key with
    /// no rate limit and `options`; returns once the server printed its address. The log
    /// is appended to, so that it spans restarts.
    #[track_caller]
    fn spawn(&mut self, options: &[&str]) {
        let bin = binary();
        let log_path = self.data.join("serve.log");
        let log = std::fs::OpenOptions::new().create(true).append(true).open(&log_path).expect("the server log can be opened");
        let mut child = Command::new(&bin)
            .args(["serve", "--listen", "127.0.0.1:0", "--rate-limit", "0", "--site"])
            .arg(&self.site)
            .arg("--data")
            .arg(&self.data)
            .arg("--key")
            .arg(&self.key)
            .args(options)
            .current_dir(repo_root())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {} serve: {e}", bin.display()));

        // The first stdout line names the address; the rest is drained so that the server
        // never blocks on a full pipe.
        let stdout = child.stdout.take().expect("stdout is piped");
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let _ = sender.send(line);
            }
        });
        let started = Instant::now();
        let first = loop {
            match lines.recv_timeout(Duration::from_millis(100)) {
                Ok(line) => break line,
                Err(mpsc::RecvTimeoutError::Timeout) if started.elapsed() < Duration::from_secs(30) => {
                    if let Ok(Some(status)) = child.try_wait() {
                        panic!("clausewrap serve exited with {status} before it was ready; log: {}", read(&log_path));
                    }
                }
                Err(_) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    panic!("clausewrap serve printed no address within 30 s; log: {}", read(&log_path));
                }
            }
        };
        let Some(base) = first.strip_prefix("listening on ").filter(|b| b.starts_with("http://127.0.0.1:")) else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("clausewrap serve's first line is {first:?}, not `listening on http://127.0.0.1:PORT`");
        };
        eprintln!("clausewrap serve is listening on {base} (ready after {:?})", started.elapsed());
        self.base = base.trim_end_matches('/').to_string();
        self.child = Some(child);
    }

    /// The absolute URL of `path` (which starts with `/`) on the ledger.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// `GET path`.
    #[track_caller]
    pub fn get(&self, path: &str) -> Answer {
        let answer = self.agent.get(self.url(path)).call();
        answer_of(answer.unwrap_or_else(|e| panic!("GET {path} failed: {e}")))
    }

    /// `GET path`: its status and body bytes.
    #[track_caller]
    pub fn get_bytes(&self, path: &str) -> (u16, Vec<u8>) {
        let mut answer = self.agent.get(self.url(path)).call().unwrap_or_else(|e| panic!("GET {path} failed: {e}"));
        let status = answer.status().as_u16();
        (status, answer.body_mut().read_to_vec().unwrap_or_else(|e| panic!("GET {path}: reading the body failed: {e}")))
    }

    /// `POST path` with the JSON `body` and extra `headers`.
    #[track_caller]
    pub fn post(&self, path: &str, body: &str, headers: &[(&str, &str)]) -> Answer {
        let mut request = self.agent.post(self.url(path)).header("Content-Type", "application/json");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        answer_of(request.send(body).unwrap_or_else(|e| panic!("POST {path} failed: {e}")))
    }

    /// A nonce issued for `subject` (`POST /v1/nonces`).
    #[track_caller]
    pub fn nonce(&self, subject: &str) -> String {
        let answer = self.post("/v1/nonces", &serde_json::json!({ "subject": subject }).to_string(), &[]);
        assert_eq!(answer.status, 201, "POST /v1/nonces: {answer:?}");
        answer.body["nonce"].as_str().unwrap_or_else(|| panic!("no nonce in {answer:?}")).to_string()
    }

    /// The number of entries `GET /v1/health` reports.
    #[track_caller]
    pub fn entries(&self) -> u64 {
        let health = self.get("/v1/health");
        assert_eq!((health.status, &health.body["status"]), (200, &Value::from("ok")), "GET /v1/health: {health:?}");
        health.body["entries"].as_u64().unwrap_or_else(|| panic!("no entry count in {health:?}"))
    }

    /// Stops the server as an operator does (SIGTERM) and returns how it exited; kills it
    /// if it is still running after 10 s.
    pub fn stop(&mut self) -> Option<ExitStatus> {
        let mut child = self.child.take()?;
        let _ = Command::new("kill").arg("-TERM").arg(child.id().to_string()).status();
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(10) {
            if let Ok(Some(status)) = child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
        None
    }

    /// `clausewrap ledger verify --data … --key …` over this ledger's data.
    pub fn verify(&self) -> Output {
        Command::new(binary())
            .args(["ledger", "verify", "--data"])
            .arg(&self.data)
            .arg("--key")
            .arg(&self.key)
            .output()
            .expect("clausewrap ledger verify runs")
    }

    /// What the server logged so far.
    pub fn log(&self) -> String {
        read(&self.data.join("serve.log"))
    }
}

impl Drop for Ledger {
    /// Stops the server; removes the scratch directory unless the test failed (its data
    /// and the server's log are then kept for a look).
    fn drop(&mut self) {
        self.stop();
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.data);
        }
    }
}

/// A copy of the directory `from` at `to` (files and folders; `to` is replaced), so that
/// a scenario can add pages to the site the ledger serves.
pub fn copy_site(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    copy_dir(from, to).unwrap_or_else(|e| panic!("cannot copy {} to {}: {e}", from.display(), to.display()));
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

fn answer_of(mut response: ureq::http::Response<ureq::Body>) -> Answer {
    let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
    let (content_type, location) = (header("content-type").unwrap_or_default(), header("location"));
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().unwrap_or_default();
    Answer { status, content_type, location, body: serde_json::from_str(&text).unwrap_or(Value::Null) }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| format!("({} unreadable: {e})", path.display()))
}

/// Exit status, stdout and stderr of a finished command, for failure messages.
pub fn describe(output: &Output) -> String {
    format!(
        "{}\nstdout: {}\nstderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The sections a reader must see when moving from the document file `old` to `new`
/// (paths relative to the repository): `(id, kind)` of each section of kind `changed`,
/// `added` or `removed` that `clausewrap diff OLD NEW --json` reports, in its order.
#[track_caller]
pub fn sections_to_read(old: &str, new: &str) -> Vec<(String, String)> {
    let output = Command::new(binary()).args(["diff", old, new, "--json"]).current_dir(repo_root()).output();
    let output = output.expect("clausewrap diff runs");
    let report: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("clausewrap diff --json printed no JSON ({e}): {}", describe(&output)));
    let sections = report["sections"].as_array().unwrap_or_else(|| panic!("no sections in the diff: {report}"));
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    sections
        .iter()
        .filter(|s| ["changed", "added", "removed"].contains(&s["kind"].as_str().unwrap_or_default()))
        .map(|s| (text(&s["id"]), text(&s["kind"])))
        .collect()
}
