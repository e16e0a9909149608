//! `keygen`, `ledger verify`, `ledger export`, and `verify` on an export: the command line
//! over a ledger filled through the library (the HTTP side is tested in the ledger crate).

mod support;

use std::path::Path;
use std::sync::Arc;

use chrono::Utc;
use clausewrap_core::json::{self, canonical_json, Value};
use clausewrap_ledger::admission::{admit, parse_body};
use clausewrap_ledger::documents::Published;
use clausewrap_ledger::keyfile;
use clausewrap_ledger::sample::SampleSigner;
use clausewrap_ledger::store::{Sealer, StorageConfig, Store};
use support::{run, scratch, DEFAULT_DOCUMENT};

/// A SQLite ledger in `dir` with `count` entries, signed with the key at `dir/ledger.key`.
fn fill(dir: &Path, count: u8) {
    let key = keyfile::load(&dir.join("ledger.key")).expect("the key keygen wrote");
    let runtime = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
    runtime.block_on(async {
        let store = Store::open(&StorageConfig::Sqlite(dir.join("ledger.sqlite3"))).await.expect("open");
        let documents = store.publish(vec![Published::default_document()], Utc::now()).await.expect("publish");
        let sealer = Sealer { key, clock: Arc::new(Utc::now), require_nonce: false };
        let signer = SampleSigner::new(&documents[0].bytes, [3; 32]).expect("signer");
        for n in 0..count {
            let record = signer.record([n; 16], Some("user-9"), None, Utc::now()).expect("record");
            store.append(admit(parse_body(&record).expect("JSON"), &documents, Utc::now()).expect("admitted"), &sealer).await.expect("stored");
        }
    });
}

#[test]
fn keygen_writes_a_private_key_once() {
    let dir = scratch("keygen");
    let key = dir.join("ledger.key");
    let made = run(&["keygen".as_ref(), "--out".as_ref(), key.as_os_str(), "--json".as_ref()], b"");
    assert_eq!(made.code, 0, "{made:?}");
    let public = made.json().get("public_key").and_then(Value::as_str).unwrap().to_owned();
    assert_eq!(public.len(), 43);
    let text = std::fs::read_to_string(&key).unwrap();
    assert!(text.starts_with("-----BEGIN PRIVATE KEY-----") && !made.stdout.contains(text.lines().nth(1).unwrap()), "the private key is never printed");
    let again = run(&["keygen".as_ref(), "--out".as_ref(), key.as_os_str()], b"");
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("never overwritten"), "{again:?}");
}

#[test]
fn verify_export_and_tampering() {
    let dir = scratch("ledger");
    assert_eq!(run(&["keygen".as_ref(), "--data".as_ref(), dir.as_os_str()], b"").code, 0);
    fill(&dir, 4);
    let data = dir.as_os_str();

    let verified = run(&["ledger".as_ref(), "verify".as_ref(), "--data".as_ref(), data, "--json".as_ref()], b"");
    assert_eq!(verified.code, 0, "{verified:?}");
    let report = verified.json();
    assert_eq!(report.get("entries").and_then(Value::as_number).map(|n| n.get()), Some(4.0));
    assert_eq!(report.get("key_pinned").and_then(Value::as_bool), Some(true));

    let export = dir.join("export.jsonl");
    let exported = run(&["ledger".as_ref(), "export".as_ref(), "--data".as_ref(), data, "--out".as_ref(), export.as_os_str()], b"");
    assert_eq!(exported.code, 0, "{exported:?}");
    let lines: Vec<String> = std::fs::read_to_string(&export).unwrap().lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 4);

    // `verify` takes the export as it is: each record checked, and each receipt.
    let checked = run(&["verify".as_ref(), export.as_os_str(), "--document".as_ref(), DEFAULT_DOCUMENT.as_ref()], b"");
    assert_eq!(checked.code, 0, "{checked:?}");
    assert_eq!(checked.stdout.matches("ok    receipt").count(), 4, "{}", checked.stdout);
    assert!(checked.stdout.contains("4 records checked: 4 passed, 0 failed"));

    // A receipt moved to another record's line no longer fits it.
    let mut swapped: Vec<Value> = lines.iter().map(|l| json::parse(l).unwrap()).collect();
    let receipt_of_first = swapped[0].get("receipt").unwrap().clone();
    if let Value::Object(members) = &mut swapped[1] {
        members.iter_mut().find(|(k, _)| k == "receipt").unwrap().1 = receipt_of_first;
    }
    let tampered = dir.join("tampered.jsonl");
    std::fs::write(&tampered, swapped.iter().map(canonical_json).collect::<Vec<_>>().join("\n")).unwrap();
    let checked = run(&["verify".as_ref(), tampered.as_os_str(), "--document".as_ref(), DEFAULT_DOCUMENT.as_ref(), "--json".as_ref()], b"");
    assert_eq!(checked.code, 1, "{checked:?}");
    let records = checked.json().get("records").and_then(Value::as_array).unwrap().to_vec();
    let failed: Vec<Option<&str>> = records.iter().map(|r| r.get("failed_check").and_then(Value::as_str)).collect();
    assert_eq!(failed, [None, Some("receipt"), None, None]);

    // Another ledger key pinned: every receipt fails.
    let other = run(&["verify".as_ref(), export.as_os_str(), "--document".as_ref(), DEFAULT_DOCUMENT.as_ref(), "--ledger-key".as_ref(), "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo".as_ref()], b"");
    assert_eq!(other.code, 1);
    assert_eq!(other.stdout.matches("FAIL  receipt").count(), 4, "{}", other.stdout);

    // Entries changed in the database (past its triggers) are found at the first one.
    let connection_path = dir.join("ledger.sqlite3");
    let script = "DROP TRIGGER entries_no_update; UPDATE entries SET receipt_json = replace(receipt_json, '\"sequence\":3', '\"sequence\":9') WHERE sequence = 3;";
    let status = std::process::Command::new("python3")
        .args(["-c", &format!("import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript({script:?}); c.commit()"), connection_path.to_str().unwrap()])
        .status()
        .expect("python3 runs");
    assert!(status.success());
    let broken = run(&["ledger".as_ref(), "verify".as_ref(), "--data".as_ref(), data], b"");
    assert_eq!(broken.code, 1, "{broken:?}");
    assert!(broken.stdout.starts_with("BROKEN after 2 good entries: entry 3"), "{}", broken.stdout);
}

/// One HTTP/1.1 GET over a plain socket; the whole answer.
fn http_get(address: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).expect("connect");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

#[test]
fn serve_starts_answers_and_stops_cleanly_on_sigterm() {
    use std::io::BufRead;
    use std::process::{Command, Stdio};
    let dir = scratch("serve");
    let missing = run(&["serve".as_ref(), "--data".as_ref(), dir.as_os_str(), "--listen".as_ref(), "127.0.0.1:0".as_ref()], b"");
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("clausewrap keygen"), "{missing:?}");
    assert_eq!(run(&["keygen".as_ref(), "--data".as_ref(), dir.as_os_str()], b"").code, 0);

    let mut child = Command::new(support::BIN)
        .args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(&dir)
        .current_dir(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve starts");
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    let address = first.trim().strip_prefix("listening on http://").unwrap_or_else(|| panic!("the ready line: {first:?}")).to_owned();
    let health = http_get(&address, "/v1/health");
    assert!(health.starts_with("HTTP/1.1 200") && health.contains("\"storage\":\"sqlite\""), "{health}");
    assert!(std::fs::metadata(dir.join("ledger.sqlite3")).is_ok());

    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let log = String::from_utf8(output.stderr).unwrap();
    assert!(log.lines().all(|l| json::parse(l).is_ok()), "every log line is JSON: {log}");
    assert!(log.contains("\"path\":\"/v1/health\"") && log.contains("every request in flight was answered"), "{log}");
    let key = std::fs::read_to_string(dir.join("ledger.key")).unwrap();
    assert!(!log.contains(key.lines().nth(1).unwrap()), "the key is never logged");
}
