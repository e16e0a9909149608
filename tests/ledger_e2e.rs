//! End-to-end tests of the widget with the acceptance ledger (docs/ledger.md): the built
//! `dist/` served by `clausewrap serve` itself, read and accepted in headless Chromium
//! through WebDriver, and what the ledger then holds checked natively: the record, the
//! receipt (recomputed here from the normative text, with none of the ledger's code), the
//! subject's status and the whole chain (`clausewrap ledger verify`). The re-acceptance
//! scenario restarts its ledger with the sample revision (`static/samples/`) published
//! beside the rules, has the subject who accepted the rules accept the revision after
//! seeing every change, and compares the record's `changes_seen` with `clausewrap diff`.
//!
//! Run after `trunk build --release --offline` and `cargo build -p clausewrap-cli`:
//! `cargo test --test ledger_e2e -- --ignored --test-threads=1`. `CLAUSEWRAP_BIN` names
//! another `clausewrap` binary; the environment of tests/e2e.rs applies. Each scenario's
//! ledger (data, key, server log) lives in `target/e2e/ledger-*/`, kept only when the
//! scenario fails. The demo scenario saves the stored entry as `target/e2e/ledger-entry.json`
//! (one `{"record", "receipt"}` line, as `ledger export` writes it), for `clausewrap verify`.

mod e2e_support;
#[path = "e2e_support/ledger.rs"]
mod ledger;

use std::time::{Duration, Instant};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use ed25519_dalek::{Signature, VerifyingKey};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use clausewrap_core::json::{canonical_json, parse};
use clausewrap_core::markdown;
use clausewrap_core::record::{check_record, parse_timestamp, Check, KnownDocument, Status};

use e2e_support::axe::assert_no_violations;
use e2e_support::harness::{Event, Page};
use e2e_support::record::document_bytes;
use e2e_support::webdriver::keys;
use e2e_support::{artifacts_dir, dist_dir, repo_root, wait_until, READING_PAUSE};
use ledger::{copy_site, describe, sections_to_read, Ledger};

/// The id of the default document (`static/face-recognition-service-rules.md`).
const DOCUMENT: &str = "face-recognition-service-rules";
/// What the demo page's user id field holds at first.
const DEMO_SUBJECT: &str = "demo-user";
/// The user id the demo scenario types instead.
const SUBJECT: &str = "reader-42";
/// WebDriver's Control key, and the key that releases the modifiers pressed.
const CONTROL: &str = "\u{E009}";
const RELEASE: &str = "\u{E000}";
/// WebDriver's Home key.
const HOME: &str = "\u{E011}";
/// The default document's file, and the sample revision of it (relative to the repository).
const DEFAULT_FILE: &str = "static/face-recognition-service-rules.md";
const REVISION_FILE: &str = "static/samples/face-recognition-service-rules-2026-sample.md";

/// Logs, before any script of a page runs, the body of every answer to `POST /v1/nonces`
/// the page gets (`window.cwNonces`): which nonce the page was given.
const NONCE_LOG: &str = r#"(function () {
  if (window.cwNonces) return;
  window.cwNonces = [];
  var original = window.fetch;
  window.fetch = function (input) {
    var answer = original.apply(this, arguments);
    if (/\/v1\/nonces$/.test(String((input && input.url) || input))) {
      answer.then(function (r) { return r.clone().json(); })
            .then(function (body) { window.cwNonces.push(body); }, function () {});
    }
    return answer;
  };
})();"#;

#[test]
#[ignore = "needs Chromium, a built dist/ and the clausewrap binary: see the module docs"]
fn demo_page_on_the_ledger_stores_the_record_and_shows_the_receipt() {
    let started = Instant::now();
    let mut ledger = Ledger::start("demo", &dist_dir());
    let page = Page::start(1280, 900);
    page.on_new_document(NONCE_LOG);
    page.goto(&ledger.url("/"));
    wait_until(Duration::from_secs(20), "the widget to show the document", || {
        page.agree("#clausewrap").is_some() && page.try_find("#clausewrap .cw-end").is_some()
    });
    assert!(page.is_displayed(&page.find("#ledger")), "the receipt panel is shown on the ledger");
    let field = page.find("#subject");
    assert_eq!(page.prop(&field, "value"), DEMO_SUBJECT, "the user id field starts with the demo subject");
    let issued = || page.execute("return window.cwNonces;", vec![]).as_array().cloned().unwrap_or_default();
    assert!(issued().len() == 1 && issued()[0]["subject"] == DEMO_SUBJECT, "one nonce, for the demo subject: {:?}", issued());

    // Another user id (select all, type, Tab away): the page takes a nonce issued for it.
    page.send_keys(&field, &format!("{CONTROL}a{RELEASE}{SUBJECT}{}", keys::TAB));
    wait_until(Duration::from_secs(5), "a second nonce", || issued().len() == 2);
    let second = &issued()[1];
    assert_eq!(second["subject"], SUBJECT, "the second nonce is issued for the new user id: {second}");
    let nonce = second["nonce"].as_str().unwrap_or_else(|| panic!("POST /v1/nonces gave no nonce: {second}")).to_string();

    let read_from = Instant::now();
    let steps = page.read("#clausewrap", 200);
    eprintln!("read to the end in {steps} wheel steps ({:?})", read_from.elapsed());
    // The stored entry: the record as signed in the browser, and its receipt.
    let (accepted, id, entry) = accept_and_fetch_entry(&page, &ledger);
    let (record, receipt) = (&entry["record"], &entry["receipt"]);
    check_record_natively(record);
    assert_eq!((&record["subject"], &record["nonce"]), (&json!(SUBJECT), &json!(nonce)), "subject and nonce of the record");
    check_receipt(record, receipt, &ledger_key(&ledger));
    assert_eq!((&receipt["sequence"], &receipt["previous_hash"]), (&json!(1), &json!("0".repeat(64))), "the first entry");
    let line = serde_json::to_string(&entry).expect("the entry serializes");
    std::fs::write(artifacts_dir().join("ledger-entry.json"), line + "\n").expect("ledger-entry.json is written");

    // The page shows the receipt, in a labelled panel with a polite live region.
    check_receipt_panel(&page, &ledger, receipt, &id);

    // The same record again, as a second tab would send it: the same receipt, no new entry.
    let again = repost(&page, &accepted.detail);
    assert_eq!((&again["status"], &again["body"]), (&json!(200), receipt), "reposting the record: {again}");
    assert_eq!(ledger.entries(), 1, "one entry however often the record is sent");

    let status = ledger.get(&format!("/v1/subjects/{SUBJECT}/status?document={DOCUMENT}"));
    assert_eq!(status.status, 200, "the subject's status: {status:?}");
    let expected = json!({ "subject": SUBJECT, "document": DOCUMENT, "status": "accepted-latest", "accepted_latest": true });
    assert_eq!(fields(&status.body, &expected), expected, "the subject's status: {}", status.body);
    let last = &status.body["last_accepted"];
    assert_eq!((&last["record_id"], &last["sequence"]), (&json!(id), &json!(1)), "last_accepted: {last}");
    let other = ledger.get(&format!("/v1/subjects/{DEMO_SUBJECT}/status?document={DOCUMENT}"));
    let expected = json!({ "status": "never-accepted", "last_accepted": null });
    assert_eq!(fields(&other.body, &expected), expected, "the demo subject accepted nothing: {other:?}");

    drop(page);
    let exit = ledger.stop();
    assert!(exit.is_some_and(|s| s.success()), "clausewrap serve exits 0 on SIGTERM, not {exit:?}; log: {}", ledger.log());
    let verify = ledger.verify();
    assert!(verify.status.success(), "clausewrap ledger verify: {}", describe(&verify));
    eprintln!("the demo scenario took {:?}", started.elapsed());
}

#[test]
#[ignore = "needs Chromium, a built dist/ and the clausewrap binary: see the module docs"]
fn reused_nonce_is_refused_and_the_record_stays_in_the_outbox() {
    let started = Instant::now();
    let site = artifacts_dir().join("ledger-site");
    copy_site(&dist_dir(), &site);
    let ledger = Ledger::start("reuse", &site);
    let documents = ledger.get("/v1/documents");
    let listed = documents.body["documents"].as_array().cloned().unwrap_or_default();
    let latest = listed.iter().find(|d| d["id"] == DOCUMENT && d["latest"] == true);
    let href = latest.and_then(|d| d["href"].as_str()).unwrap_or_else(|| panic!("{DOCUMENT} is published: {documents:?}"));
    let (status, bytes) = ledger.get_bytes(href);
    assert!(status == 200 && bytes == document_bytes(), "{href} serves the default document's bytes, not {status}");

    // A plain page with two elements given the same nonce: the second record reuses it.
    let (subject, nonce) = ("plain-user", ledger.nonce("plain-user"));
    let element = |id: &str| {
        let attributes = [("id", id), ("src", href), ("endpoint", "/v1/acceptances"), ("subject", subject), ("nonce", nonce.as_str())];
        let attributes: Vec<String> = attributes.iter().map(|(name, value)| format!("{name}=\"{}\"", attribute(value))).collect();
        format!("<clause-wrap {}></clause-wrap>", attributes.join(" "))
    };
    let html = format!(
        "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>clausewrap on the ledger</title>\n\
         <script type=\"module\" src=\"/pkg/clausewrap.js\"></script>\n</head>\n<body>\n<main>\n{}\n{}\n</main>\n</body>\n</html>\n",
        element("first"),
        element("second")
    );
    std::fs::write(site.join("ledger-plain.html"), html).expect("the plain page is written");

    let page = Page::start(1280, 900);
    page.goto(&ledger.url("/ledger-plain.html"));
    for id in ["first", "second"] {
        page.wait_events("ready", id, 1, Duration::from_secs(20));
    }
    let first = accept(&page, "first");
    let delivered = page.wait_events("delivered", "first", 1, Duration::from_secs(20)).remove(0);
    assert_eq!(delivered.detail["status"], 201, "the first record is stored: {}", delivered.json);
    let second = accept(&page, "second");
    let id = second.detail["record_id"].as_str().expect("the record has an id").to_string();
    assert_eq!((&second.detail["subject"], &second.detail["nonce"]), (&json!(subject), &json!(nonce)), "the second record");

    let rejected = page.wait_events("error", "second", 1, Duration::from_secs(20)).remove(0);
    let expected = json!({ "code": "delivery-rejected", "recordId": id, "status": 422 });
    assert_eq!(fields(&rejected.detail, &expected), expected, "clausewrap:error: {}", rejected.json);
    assert!(page.events_of("delivered", "second").is_empty(), "the refused record is not reported delivered");
    let outbox = page.outbox();
    let kept = outbox.iter().find(|(key, _)| *key == id);
    let (_, value) = kept.unwrap_or_else(|| panic!("the refused record stays in the outbox: {outbox:?}"));
    assert!(value.to_lowercase().contains("rejected"), "the outbox entry is marked rejected: {value}");
    assert!(!outbox.iter().any(|(key, _)| first.detail["record_id"] == key.as_str()), "the stored record left the outbox");

    // The ledger's answer to that record, and what it holds.
    let answer = ledger.post("/v1/acceptances", &second.json, &[("Idempotency-Key", id.as_str())]);
    assert_eq!((answer.status, &answer.body["code"]), (422, &json!("nonce-reused")), "the ledger's answer: {answer:?}");
    assert!(answer.content_type.starts_with("application/problem+json"), "a problem document: {answer:?}");
    assert_eq!(answer.body["type"], "urn:clausewrap:problem:nonce-reused", "the problem's type: {answer:?}");
    let missing = ledger.get(&format!("/v1/acceptances/{id}"));
    assert_eq!((missing.status, &missing.body["code"]), (404, &json!("not-found")), "the refused record is not stored: {missing:?}");
    assert_eq!(ledger.entries(), 1, "only the first record is in the ledger");
    drop((page, ledger));
    let _ = std::fs::remove_dir_all(&site);
    eprintln!("the nonce scenario took {:?}", started.elapsed());
}

#[test]
#[ignore = "needs Chromium, a built dist/ and the clausewrap binary: see the module docs"]
fn demo_page_shows_a_refused_delivery() {
    // Nonces live one second here: the reader takes longer, so the ledger refuses the record.
    let started = Instant::now();
    let ledger = Ledger::start_with("expired", &dist_dir(), &["--nonce-ttl", "1"]);
    let page = Page::start(1280, 900);
    page.goto(&ledger.url("/"));
    wait_until(Duration::from_secs(20), "the widget to show the document", || {
        page.agree("#clausewrap").is_some() && page.try_find("#clausewrap .cw-end").is_some()
    });
    page.read("#clausewrap", 200);
    let accepted = page.agree_and_wait("#clausewrap");
    let id = accepted.detail["record_id"].as_str().expect("the record has an id").to_string();
    let rejected = page.wait_events("error", "", 1, Duration::from_secs(20)).remove(0);
    let expected = json!({ "code": "delivery-rejected", "recordId": id, "status": 422 });
    assert_eq!(fields(&rejected.detail, &expected), expected, "clausewrap:error: {}", rejected.json);

    let said = || page.execute("return document.getElementById('ledger-status').textContent;", vec![]);
    wait_until(Duration::from_secs(5), "the page to show the refusal", || said().as_str().is_some_and(|t| t.contains(&id)));
    let message = rejected.detail["message"].as_str().unwrap_or_default();
    assert!(said().as_str().is_some_and(|t| t.contains(message)), "the page shows the widget's message: {}", said());
    assert!(page.try_find("#ledger-receipt").is_none(), "no receipt is shown for a refused record");
    assert!(page.outbox().iter().any(|(key, _)| *key == id), "the refused record stays in the outbox");

    let answer = ledger.post("/v1/acceptances", &accepted.json, &[]);
    assert_eq!((answer.status, &answer.body["code"]), (422, &json!("nonce-expired")), "the ledger's answer: {answer:?}");
    assert_eq!(ledger.entries(), 0, "nothing was stored");
    eprintln!("the expired-nonce scenario took {:?}", started.elapsed());
}

#[test]
#[ignore = "needs Chromium, a built dist/ and the clausewrap binary: see the module docs"]
fn returning_reader_sees_the_changes_before_accepting_the_revision() {
    let started = Instant::now();
    let mut ledger = Ledger::start("reaccept", &dist_dir());
    let page = Page::start(1280, 900);

    // The first acceptance: the default rules, as the demo subject.
    page.goto(&ledger.url("/"));
    let ready = wait_for_demo(&page);
    assert_eq!(ready.detail["reacceptance"], Value::Null, "a first reading is no re-acceptance: {}", ready.json);
    page.read("#clausewrap", 200);
    let first = page.agree_and_wait("#clausewrap");
    check_record_natively(&first.detail);
    assert!(first.detail.get("supersedes").is_none(), "a first acceptance supersedes nothing: {}", first.json);
    page.wait_events("delivered", "", 1, Duration::from_secs(20));
    wait_for_status_row(&page, "accepted-latest");
    let first_id = first.detail["record_id"].as_str().expect("the record has an id").to_string();
    let (old_version, old_sha256) = (&first.detail["document"]["version"], &first.detail["document"]["sha256"]);
    let status = subject_status(&ledger);
    assert_eq!((&status["status"], &status["last_accepted"]["record_id"]), (&json!("accepted-latest"), &json!(first_id)), "{status}");
    eprintln!("first acceptance after {:?}", started.elapsed());

    // The operator publishes the revision: the same ledger, restarted with both versions.
    let exit = ledger.restart_with(&["--documents", DEFAULT_FILE, "--documents", "static/samples/"]);
    assert!(exit.is_some_and(|s| s.success()), "clausewrap serve exits 0 on SIGTERM, not {exit:?}; log: {}", ledger.log());
    let revision = std::fs::read(repo_root().join(REVISION_FILE)).expect("the sample revision is readable");
    let status = subject_status(&ledger);
    let last = &status["last_accepted"];
    assert_eq!(status["status"], "accepted-older", "after the revision is published: {status}");
    assert_eq!((&last["record_id"], &last["version"], &last["sha256"]), (&json!(first_id), old_version, old_sha256), "{status}");
    assert_eq!(status["latest"]["sha256"], sha256_hex_bytes(&revision), "the revision is the latest version: {status}");
    let to_read = sections_to_read(DEFAULT_FILE, REVISION_FILE);

    // The returning reader: the summary, the marks, and Agree closed until every change was seen.
    let reread = Instant::now();
    page.goto(&ledger.url("/"));
    let ready = wait_for_demo(&page);
    let since = json!({ "version": old_version, "sha256": old_sha256, "acceptedAt": last["accepted_at"] });
    check_revision_view(&page, &ready, &since, &to_read);
    switch_subject_and_back(&page, to_read.len());
    assert_eq!(unseen_changes(&page), to_read.len(), "no change is seen before the reader scrolls");
    let region = page.find("#clausewrap .cw-scroll");
    page.bring_on_screen(&region);
    page.click(&region);
    page.press_keys(keys::END);
    std::thread::sleep(Duration::from_secs(1));
    let after_end = unseen_changes(&page);
    let gated = page.agree_disabled("#clausewrap").as_deref() == Some("true");
    assert!(after_end > 0 && gated, "End leaves changes unseen ({after_end}) and Agree gated ({gated})");
    page.press_keys(HOME);
    std::thread::sleep(Duration::from_secs(1));
    let steps = read_checking_changes(&page);
    eprintln!("re-read in {steps} wheel steps ({:?})", reread.elapsed());

    let (_, id, entry) = accept_and_fetch_entry(&page, &ledger);
    let record = &entry["record"];
    let supersedes = json!({ "record_id": first_id, "version": old_version, "sha256": old_sha256 });
    assert_eq!(record["supersedes"], supersedes, "the record supersedes the first one");
    let seen = record["evidence"]["changes_seen"].as_array().cloned().unwrap_or_default();
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let listed: Vec<(String, String)> = seen.iter().map(|c| (text(&c["id"]), text(&c["kind"]))).collect();
    assert_eq!(listed, to_read, "evidence.changes_seen lists the diff's sections: {seen:?}");
    check_record_against(record, &revision);
    check_receipt(record, &entry["receipt"], &ledger_key(&ledger));
    assert_eq!(entry["receipt"]["sequence"], 2, "the second entry");
    let status = subject_status(&ledger);
    assert_eq!((&status["status"], &status["last_accepted"]["record_id"]), (&json!("accepted-latest"), &json!(id)), "{status}");
    wait_for_status_row(&page, "accepted-latest");

    drop(page);
    let exit = ledger.stop();
    assert!(exit.is_some_and(|s| s.success()), "clausewrap serve exits 0 on SIGTERM, not {exit:?}; log: {}", ledger.log());
    let verify = ledger.verify();
    assert!(verify.status.success(), "clausewrap ledger verify: {}", describe(&verify));
    eprintln!("the re-acceptance scenario took {:?}", started.elapsed());
}

/// Checks the demo's re-acceptance view against `to_read`, the diff's sections
/// (`(id, kind)`): `clausewrap:ready`'s `reacceptance` (required, the counts, `since`), the
/// summary above the text, the page's own note, one labelled change box per section, and
/// the inserted and deleted text marked.
#[track_caller]
fn check_revision_view(page: &Page, ready: &Event, since: &Value, to_read: &[(String, String)]) {
    let count = |kind: &str| to_read.iter().filter(|(_, k)| k == kind).count();
    let (changed, added, removed) = (count("changed"), count("added"), count("removed"));
    let expected = json!({ "required": true, "highlightedChanges": 1, "changed": changed, "added": added, "removed": removed });
    let reacceptance = &ready.detail["reacceptance"];
    assert_eq!(fields(reacceptance, &expected), expected, "clausewrap:ready's reacceptance: {}", ready.json);
    assert_eq!(fields(&reacceptance["since"], since), *since, "clausewrap:ready's reacceptance.since: {}", ready.json);

    let text = |script: &str| page.execute(script, vec![]);
    let summary = text("var e = document.querySelector('#clausewrap .cw-revision'); return e ? e.textContent : null;");
    let summary = summary.as_str().unwrap_or_else(|| panic!("no summary above the text"));
    let old = since["version"].as_str().unwrap_or_default();
    for part in [old, "处修改", "其中 1 处为重点条款"] {
        assert!(summary.contains(part), "the summary {summary:?} mentions {part:?}");
    }
    let said = text("return document.getElementById('ledger-status').textContent;");
    assert!(said.as_str().is_some_and(|t| t.contains(old)), "the page names the version accepted before: {said}");
    let boxes = text("return Array.from(document.querySelectorAll('#clausewrap [data-cw-change]')).map((e) => e.textContent);");
    let boxes: Vec<&str> = boxes.as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    assert_eq!(boxes.len(), to_read.len(), "one change box per section of the diff {to_read:?}");
    for label in ["已修改", "新增"] {
        assert!(boxes.iter().any(|b| b.contains(label)), "a change box is labelled {label}: {boxes:?}");
    }
    assert!(page.try_find("#clausewrap ins").is_some() && page.try_find("#clausewrap del").is_some(), "edits are marked");
}

/// Types another user id, who accepted nothing (the summary and the change boxes go), then
/// the demo subject again (they come back, `changes` boxes): the page asks the ledger anew.
#[track_caller]
fn switch_subject_and_back(page: &Page, changes: usize) {
    let field = page.find("#subject");
    let view = || (page.try_find("#clausewrap .cw-end").is_some(), page.try_find("#clausewrap .cw-revision").is_some());
    page.send_keys(&field, &format!("{CONTROL}a{RELEASE}someone-new{}", keys::TAB));
    wait_until(Duration::from_secs(10), "the summary to go for a new user", || view() == (true, false));
    assert!(page.try_find("#clausewrap [data-cw-change]").is_none(), "no change box for a new user");
    page.send_keys(&field, &format!("{CONTROL}a{RELEASE}{DEMO_SUBJECT}{}", keys::TAB));
    wait_until(Duration::from_secs(10), "the summary to return", || view() == (true, true));
    wait_until(Duration::from_secs(5), "every change box", || page.find_all("#clausewrap [data-cw-change]").len() == changes);
}

/// Waits until the demo page shows the whole document and Agree; returns its `clausewrap:ready`.
#[track_caller]
fn wait_for_demo(page: &Page) -> Event {
    wait_until(Duration::from_secs(20), "the widget to show the document", || {
        page.agree("#clausewrap").is_some() && page.try_find("#clausewrap .cw-end").is_some()
    });
    page.wait_events("ready", "clausewrap", 1, Duration::from_secs(5)).remove(0)
}

/// The demo subject's status for the default document's id.
#[track_caller]
fn subject_status(ledger: &Ledger) -> Value {
    let status = ledger.get(&format!("/v1/subjects/{DEMO_SUBJECT}/status?document={DOCUMENT}"));
    assert_eq!(status.status, 200, "the subject's status: {status:?}");
    status.body
}

/// Waits until the receipt panel's status row names `status`.
#[track_caller]
fn wait_for_status_row(page: &Page, status: &str) {
    let shown = || {
        let script = "var e = document.querySelector('#ledger-receipt [data-field=\"status\"]'); return e ? e.textContent : '';";
        page.execute(script, vec![]).as_str().unwrap_or_default().to_string()
    };
    wait_until(Duration::from_secs(10), &format!("the receipt panel to show the status {status}"), || shown().contains(status));
}

/// How many change boxes of the demo's widget are not marked seen.
fn unseen_changes(page: &Page) -> usize {
    let count = page.execute("return document.querySelectorAll('#clausewrap [data-cw-change]:not(.cw-seen)').length;", vec![]);
    count.as_u64().unwrap_or_default() as usize
}

/// Reads the demo's widget with the wheel like [`Page::read`], checking before each step
/// that Agree is available only once no change box is left unseen; returns the steps.
#[track_caller]
fn read_checking_changes(page: &Page) -> usize {
    let region = page.find("#clausewrap .cw-scroll");
    page.bring_on_screen(&region);
    let top = || page.execute("return arguments[0].scrollTop;", vec![region.json()]);
    for step in 0..300 {
        let open = page.agree_disabled("#clausewrap").as_deref() == Some("false");
        let unseen = unseen_changes(page);
        assert!(!open || unseen == 0, "Agree is available with {unseen} change(s) unseen, after {step} steps");
        if open {
            return step;
        }
        let before = top();
        page.wheel(&region, 200);
        // Pause from when the smooth scroll has come to rest, as `Page::read` does.
        let mut last = top();
        for _ in 0..20 {
            std::thread::sleep(Duration::from_millis(50));
            let now = top();
            if now == last {
                break;
            }
            last = now;
        }
        std::thread::sleep(READING_PAUSE);
        if top() == before {
            page.bring_on_screen(&region);
        }
    }
    let shot = page.screenshot("reaccept-read.failed.png");
    panic!("Agree still unavailable after 300 wheel steps; state {}; screenshot {}", page.state("#clausewrap"), shot.display());
}

/// Checks what the demo page shows of `receipt` (record `id`): every member named, the
/// entry hash shortened, the link to the entry, the heading and the live region; and that
/// the page passes the accessibility audit with it.
#[track_caller]
fn check_receipt_panel(page: &Page, ledger: &Ledger, receipt: &Value, id: &str) {
    let shown = |name: &str| {
        let script = "var e = document.querySelector('#ledger-receipt [data-field=\"' + arguments[0] + '\"]'); \
                      return e ? e.textContent : null;";
        page.execute(script, vec![Value::from(name)])
    };
    let sequence = receipt["sequence"].to_string();
    wait_until(Duration::from_secs(10), "the page to show the receipt", || shown("sequence").as_str() == Some(sequence.as_str()));
    page.execute("document.getElementById('ledger').scrollIntoView({ block: 'end' });", vec![]);
    page.screenshot("ledger-receipt.png");
    assert_eq!(shown("received_at"), receipt["received_at"], "the receipt time shown");
    assert_eq!(shown("ledger_key"), receipt["ledger_key"], "the ledger key shown");
    let (hash, short) = (receipt["entry_hash"].as_str().unwrap_or_default(), shown("entry_hash"));
    let prefix = short.as_str().unwrap_or_default().trim_end_matches('…');
    assert!(prefix.len() >= 8 && hash.starts_with(prefix), "the entry hash shown, shortened: {short} of {hash}");
    let link = page.execute("var a = document.querySelector('#ledger-receipt a[href]'); return a ? a.href : null;", vec![]);
    assert_eq!(link, ledger.url(&format!("/v1/acceptances/{id}")), "the link to the entry's JSON");
    let panel = page.execute(
        "var s = document.getElementById('ledger'), h = document.getElementById(s.getAttribute('aria-labelledby')), \
             l = s.querySelector('[role=status][aria-live=polite]'); \
         return [h ? h.tagName : null, l ? l.textContent : null];",
        vec![],
    );
    let said = format!("序号 {sequence}");
    assert!(panel[0] == "H2" && panel[1].as_str().is_some_and(|t| t.contains(&said)), "heading and live region: {panel}");
    assert_no_violations(page, "ledger-receipt");
}

/// POSTs `record` again from the page, as a second tab would: `{status, body}` of the answer.
fn repost(page: &Page, record: &Value) -> Value {
    page.execute_async(
        "var record = arguments[0], done = arguments[1]; \
         fetch('/v1/acceptances', { method: 'POST', body: JSON.stringify(record), \
             headers: { 'Content-Type': 'application/json', 'Idempotency-Key': record.record_id } }) \
           .then(function (r) { return r.json().then(function (b) { done({ status: r.status, body: b }); }); }) \
           .catch(function (e) { done({ error: String(e) }); });",
        vec![record.clone()],
    )
}

/// Reads the widget in `host` (`#id` of the id) to the end and agrees; returns the
/// `clausewrap:accepted` event, its record checked.
#[track_caller]
fn accept(page: &Page, id: &str) -> Event {
    let host = format!("#{id}");
    page.read(&host, 200);
    let accepted = page.agree_and_wait(&host);
    check_record_natively(&accepted.detail);
    accepted
}

/// Every check of `clausewrap verify` on `record`, against the default document.
#[track_caller]
/// Presses Agree on the demo's widget, waits for the ledger to answer 201, and returns the
/// `clausewrap:accepted` event, the record id and the stored entry (`{record, receipt}`),
/// whose record must be the one the browser signed.
fn accept_and_fetch_entry(page: &Page, ledger: &Ledger) -> (Event, String, Value) {
    let accepted = page.agree_and_wait("#clausewrap");
    let id = accepted.detail["record_id"].as_str().expect("the record has an id").to_string();
    let delivered = page.wait_events("delivered", "", 1, Duration::from_secs(20)).remove(0);
    assert_eq!(delivered.detail, json!({ "recordId": id, "status": 201 }), "clausewrap:delivered");
    let entry = ledger.get(&format!("/v1/acceptances/{id}"));
    assert_eq!(entry.status, 200, "GET /v1/acceptances/{id}: {entry:?}");
    assert_eq!(canonical(&entry.body["record"]), canonical(&accepted.detail), "the ledger holds the record the browser signed");
    (accepted, id, entry.body)
}

fn check_record_natively(record: &Value) {
    check_record_against(record, &document_bytes());
}

/// Every check of `clausewrap verify` on `record`, against the document `bytes`.
#[track_caller]
fn check_record_against(record: &Value, bytes: &[u8]) {
    let document = markdown::parse(bytes).unwrap_or_else(|e| panic!("the document does not parse: {e:?}"));
    let report = check_record(&record.to_string(), &[KnownDocument::new(bytes, &document)], &[]);
    for (check, status) in &report.results {
        let expected = if *check == Check::TrustedKey { matches!(status, Status::NotRun(_)) } else { *status == Status::Passed };
        assert!(expected, "check {} of the record: {status:?}\n{record}", check.name());
    }
}

/// Checks `receipt` as docs/ledger.md says, from its text alone: its members, the hash of
/// the record, the entry hash over six members, and the Ed25519 signature of the ledger
/// key `key` (base64url) over the eight members without `signature`.
#[track_caller]
fn check_receipt(record: &Value, receipt: &Value, key: &str) {
    const ENTRY: [&str; 6] = ["schema", "record_id", "record_sha256", "received_at", "sequence", "previous_hash"];
    let mut members: Vec<&str> = receipt.as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default();
    members.sort_unstable();
    let mut expected = [&ENTRY[..], &["entry_hash", "ledger_key", "signature"]].concat();
    expected.sort_unstable();
    assert_eq!(members, expected, "the receipt's members: {receipt}");
    assert_eq!(receipt["schema"], "clausewrap.receipt.v1", "receipt.schema");
    assert_eq!(receipt["record_id"], record["record_id"], "receipt.record_id");
    assert_eq!(receipt["record_sha256"], sha256_hex(&canonical(record)), "receipt.record_sha256");
    let received_at = receipt["received_at"].as_str().unwrap_or_default();
    assert!(parse_timestamp(received_at).is_ok(), "receipt.received_at is an RFC 3339 UTC time: {receipt}");
    assert!(receipt["sequence"].as_u64().is_some_and(|s| s >= 1), "receipt.sequence: {receipt}");

    let pick = |names: &[&str]| Value::Object(names.iter().map(|n| (n.to_string(), receipt[*n].clone())).collect());
    assert_eq!(receipt["entry_hash"], sha256_hex(&canonical(&pick(&ENTRY))), "receipt.entry_hash");
    assert_eq!(receipt["ledger_key"], key, "receipt.ledger_key is the key of GET /v1/keys");
    let key: [u8; 32] = decode(key).try_into().unwrap_or_else(|k| panic!("the ledger key is not 32 bytes: {k:?}"));
    let key = VerifyingKey::from_bytes(&key).unwrap_or_else(|e| panic!("the ledger key is not a point: {e}"));
    let signature = Signature::from_slice(&decode(receipt["signature"].as_str().unwrap_or_default()))
        .unwrap_or_else(|e| panic!("receipt.signature is not a signature: {e}"));
    let signed = canonical(&pick(&[&ENTRY[..], &["entry_hash", "ledger_key"]].concat()));
    key.verify_strict(signed.as_bytes(), &signature).unwrap_or_else(|e| panic!("the receipt's signature does not verify: {e}"));
}

/// `x` of the one Ed25519 key `GET /v1/keys` lists.
#[track_caller]
fn ledger_key(ledger: &Ledger) -> String {
    let keys = ledger.get("/v1/keys");
    let listed = keys.body["keys"].as_array().filter(|k| k.len() == 1).unwrap_or_else(|| panic!("one key: {keys:?}"));
    let key = &listed[0];
    let expected = json!({ "kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "use": "sig", "kid": key["x"] });
    assert_eq!(fields(key, &expected), expected, "the JWK: {key}");
    key["x"].as_str().unwrap_or_else(|| panic!("no x in {key}")).to_string()
}

/// RFC 8785 canonical JSON of `value`.
#[track_caller]
fn canonical(value: &Value) -> String {
    canonical_json(&parse(&value.to_string()).unwrap_or_else(|e| panic!("not JSON for the core ({e:?}): {value}")))
}

fn sha256_hex(text: &str) -> String {
    sha256_hex_bytes(text.as_bytes())
}

fn sha256_hex_bytes(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[track_caller]
fn decode(text: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD.decode(text).unwrap_or_else(|e| panic!("{text:?} is not base64url: {e}"))
}

/// `text` escaped for a double-quoted HTML attribute.
fn attribute(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;")
}

/// The members of `value` named in `expected`, for comparing part of an object.
fn fields(value: &Value, expected: &Value) -> Value {
    let names = expected.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()).unwrap_or_default();
    Value::Object(names.into_iter().map(|name| (name.clone(), value[name.as_str()].clone())).collect())
}
