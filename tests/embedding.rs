//! The embedding contract's pure side, natively: option decoding, error codes and
//! messages, loading a document, and which state changes call for which event
//! (docs/embedding.md). The browser side is tested end to end in tests/embed.rs.

use chrono::{DateTime, Utc};
use clausewrap::errors::WidgetError;
use clausewrap::messages::Locale;
use clausewrap::options::{Options, OPTION_KEYS};
use clausewrap::snapshot::{notices, snapshot, Notice, Snapshot};
use clausewrap::state::{Action, DocumentSlot, WidgetState};
use clausewrap::DEFAULT_DOCUMENT;
use clausewrap_core::gate::{GateEvent, GateOptions, Moment};
use clausewrap_core::hash::sha256_hex;
use clausewrap_core::markdown::DocumentError;
use serde_json::json;

fn t(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(1_764_000_000_000 + ms).unwrap()
}

fn m(ms: i64) -> Moment {
    t(ms).into()
}

fn decode(value: serde_json::Value) -> Result<Options, WidgetError> {
    // serde_json stands in natively for the browser's decoder (tests/options_browser.rs).
    let options: Options = serde_json::from_value(value).map_err(|e| WidgetError::InvalidOption(e.to_string()))?;
    options.validated()
}

fn code_of(result: Result<Options, WidgetError>) -> &'static str {
    result.err().map(|e| e.code()).unwrap_or("ok")
}

#[test]
fn every_documented_option_decodes_and_nothing_else_does() {
    let values = [
        json!("/rules.md"),
        json!("text"),
        json!("AB".repeat(32)),
        json!("user-42"),
        json!("n-1"),
        json!("/collect"),
        json!("en"),
        json!(true),
        json!(2000),
        json!(true),
        json!(5000),
        json!({"version": "2019-07-29", "sha256": "ab".repeat(32), "src": "/v1/documents/r/2019-07-29"}),
        json!("highlighted"),
    ];
    assert_eq!(values.len(), OPTION_KEYS.len(), "a value for every option");
    for (key, value) in OPTION_KEYS.iter().zip(values) {
        if *key == "document" {
            continue; // not together with `src`, checked below
        }
        assert_eq!(code_of(decode(json!({ *key: value.clone() }))), "ok", "{key}: {value}");
    }
    let all = decode(json!({"document": "x", "sha256": "AB".repeat(32), "requireAck": true, "minVisibleMs": 2000})).unwrap();
    assert_eq!(all.sha256.as_deref(), Some("ab".repeat(32).as_str()), "the pin is compared in lowercase");
    assert_eq!(all.require_ack, Some(true));
    assert_eq!(decode(json!({})).unwrap(), Options::default());
    assert_eq!(decode(json!({"subject": null})).unwrap(), Options::default(), "null counts as absent");
}

#[test]
fn unknown_keys_wrong_types_and_bad_values_are_invalid_options() {
    for bad in [
        json!({"bogus": 1}),
        json!({"requireAk": true}),
        json!({"requireAck": "yes"}),
        json!({"minVisibleMs": "2000"}),
        json!({"minVisibleMs": -1}),
        json!({"minVisibleMs": 1.5}),
        json!({"minVisibleMs": 600_001}),
        json!({"timeoutMs": 0}),
        json!({"timeoutMs": 120_001}),
        json!({"src": "/a.md", "document": "x"}),
        json!({"src": "  "}),
        json!({"endpoint": ""}),
        json!({"sha256": "abc"}),
        json!({"sha256": "g".repeat(64)}),
        json!({"previous": {"version": "1", "sha256": "ab".repeat(32)}}),
        json!({"previous": {"version": "1", "sha256": "ab".repeat(32), "src": "/p.md", "recordId": "short"}}),
        json!({"reacceptance": "always"}),
    ] {
        assert_eq!(code_of(decode(bad.clone())), "invalid-option", "{bad}");
    }
    let message = decode(json!({"requireAk": true})).unwrap_err().message(Locale::En);
    assert!(message.contains("unknown field `requireAk`"), "{message}");
    let expected = OPTION_KEYS.map(|k| format!("`{k}`")).join(", ");
    assert_eq!(clausewrap::options::unknown_option("requireAk"), format!("unknown option `requireAk`, expected one of {expected}"));
}

#[test]
fn error_codes_are_stable_and_messages_speak_both_languages() {
    let errors = [
        (WidgetError::InvalidOption("x".into()), "invalid-option"),
        (WidgetError::ElementMissing, "element-missing"),
        (WidgetError::ElementDetached, "element-detached"),
        (WidgetError::FetchFailed { url: "u".into(), reason: "r".into() }, "fetch-failed"),
        (WidgetError::FetchTimeout { url: "u".into(), timeout_ms: 800 }, "fetch-timeout"),
        (WidgetError::HttpStatus { url: "u".into(), status: 404 }, "http-status"),
        (DocumentError::Empty.into(), "document-empty"),
        (DocumentError::NotUtf8 { offset: 3 }.into(), "document-not-utf8"),
        (DocumentError::TooLarge { size: 3, limit: 2 }.into(), "document-too-large"),
        (DocumentError::FrontMatter { line: 1, message: "m".into() }.into(), "document-front-matter"),
        (DocumentError::Syntax { line: 1, column: 2, message: "m".into() }.into(), "document-syntax"),
        (WidgetError::Sha256Mismatch { expected: "a".into(), actual: "b".into() }, "sha256-mismatch"),
        (WidgetError::PreviousSha256Mismatch { version: "1".into(), expected: "a".into(), actual: "b".into() }, "previous-sha256-mismatch"),
        (WidgetError::Previous(Box::new(WidgetError::FetchTimeout { url: "u".into(), timeout_ms: 800 })), "fetch-timeout"),
        (WidgetError::SigningFailed("s".into()), "signing-failed"),
        (WidgetError::Destroyed, "destroyed"),
    ];
    let embedding = std::fs::read_to_string("docs/embedding.md").unwrap();
    for (error, code) in &errors {
        assert_eq!(error.code(), *code);
        assert!(embedding.contains(&format!("| `{code}` |")), "{code} is in the error table of docs/embedding.md");
        let (zh, en) = (error.message(Locale::ZhCn), error.message(Locale::En));
        assert!(!zh.is_empty() && !en.is_empty() && zh != en, "{code}: {zh} / {en}");
        assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{code} in Chinese: {zh}");
    }
    assert_eq!(WidgetError::HttpStatus { url: "u".into(), status: 500 }.status(), Some(500));
    assert!(WidgetError::FetchTimeout { url: "u".into(), timeout_ms: 800 }.message(Locale::En).contains("0.8 s"));
}

#[test]
fn a_pinned_hash_refuses_other_bytes() {
    let pin = sha256_hex(DEFAULT_DOCUMENT);
    let ok = WidgetState::open(DEFAULT_DOCUMENT, Some(&pin), t(0), GateOptions::default());
    assert!(ok.document.ready().is_some());
    let other = WidgetState::open(DEFAULT_DOCUMENT, Some(&"0".repeat(64)), t(0), GateOptions::default());
    assert_eq!(other.document.error().map(|e| e.code()), Some("sha256-mismatch"));
    assert!(other.reduce_action(Action::Gate(GateEvent::EndVisible, m(1))).is_none());
    assert!(!other.agree_available());
}

#[test]
fn a_loaded_document_replaces_only_the_loading_state_it_was_fetched_for() {
    let loading = WidgetState::loading(t(0), GateOptions::default());
    assert_eq!(loading.document, DocumentSlot::Loading);
    assert!(loading.reduce_action(Action::Gate(GateEvent::EndVisible, m(1))).is_none(), "nothing to read yet");
    assert!(!loading.agree_available());

    let opened = || Box::new(WidgetState::open(DEFAULT_DOCUMENT, None, t(10), GateOptions::default()));
    let loaded = loading.reduce_action(Action::Loaded { generation: 0, state: opened() }).expect("arrives");
    assert!(loaded.document.ready().is_some());
    assert!(loaded.reduce_action(Action::Loaded { generation: 0, state: opened() }).is_none(), "only once");

    // Another `src` was asked for in the meantime: the late answer for the old one is dropped.
    let reloading = loading.reduce_action(Action::Reopen(Box::new(WidgetState::loading(t(5), GateOptions::default())))).unwrap();
    assert_eq!(reloading.generation, 1);
    assert!(reloading.reduce_action(Action::Loaded { generation: 0, state: opened() }).is_none());
    let failed = WidgetState::failed(WidgetError::HttpStatus { url: "u".into(), status: 404 }, t(9), GateOptions::default());
    let failed = reloading.reduce_action(Action::Loaded { generation: 1, state: Box::new(failed) }).unwrap();
    assert_eq!(failed.document.error().map(|e| e.code()), Some("http-status"));
    assert!(failed.reduce_action(Action::Gate(GateEvent::AgreePressed, m(20))).is_none());
}

fn snap(state: &WidgetState) -> Snapshot {
    snapshot(state, Locale::En)
}

#[test]
fn events_fire_on_meaningful_changes_only() {
    let loading = WidgetState::loading(t(0), GateOptions::default());
    assert_eq!(snap(&loading).status, "loading");
    assert_eq!(notices(None, &snap(&loading)), []);

    let state = loading.reduce_action(Action::Loaded {
        generation: 0,
        state: Box::new(WidgetState::open(DEFAULT_DOCUMENT, None, t(1), GateOptions::default())),
    });
    let state = state.unwrap();
    let ready = snap(&state);
    assert_eq!((ready.status, ready.highlights, ready.sha256.clone()), ("reading", 17, Some(sha256_hex(DEFAULT_DOCUMENT))));
    assert_eq!(notices(Some(&snap(&loading)), &ready), [Notice::Ready]);
    assert_eq!(notices(None, &ready), [Notice::Ready], "a document given at once is ready on the first render");

    // Text scrolling by: progress in percent changes, but no event.
    let scrolled = state.reduce_action(Action::BlockShown(0)).unwrap();
    assert_ne!(snap(&scrolled).progress, ready.progress);
    assert_eq!(notices(Some(&ready), &snap(&scrolled)), []);
    // The same state in another language: no event.
    assert_eq!(notices(Some(&snapshot(&scrolled, Locale::ZhCn)), &snap(&scrolled)), []);

    // A passage seen (after its dwell time): progress.
    let shown = scrolled.reduce_action(Action::Gate(GateEvent::PassageShown(0), m(100))).unwrap();
    assert_eq!(notices(Some(&snap(&scrolled)), &snap(&shown)), [], "in view is not yet seen");
    let seen = shown.reduce_action(Action::Gate(GateEvent::Tick, m(500))).unwrap();
    assert_eq!(snap(&seen).seen, ["p-h1"]);
    assert_eq!(notices(Some(&snap(&shown)), &snap(&seen)), [Notice::Progress]);
    let end = seen.reduce_action(Action::Gate(GateEvent::EndVisible, m(600))).unwrap();
    assert!(snap(&end).end_seen);
    assert_eq!(notices(Some(&snap(&seen)), &snap(&end)), [Notice::Progress]);

    // Another document: ready again, for the new generation.
    let other = b"---\nid: other\ntitle: Other\nversion: 2\nlang: en\n---\nNo passage here.\n";
    let reopened = end.reduce_action(Action::Reopen(Box::new(WidgetState::open(other, None, t(700), GateOptions::default())))).unwrap();
    let next = snap(&reopened);
    assert_eq!((next.highlights, next.document_id.as_deref()), (0, Some("other")));
    assert_eq!(notices(Some(&snap(&end)), &next), [Notice::Ready]);
}

#[test]
fn an_error_is_reported_once_with_its_code() {
    let failed = WidgetState::failed(WidgetError::HttpStatus { url: "u".into(), status: 500 }, t(0), GateOptions::default());
    let report = snap(&failed);
    assert_eq!(report.status, "error");
    let error = report.error.clone().unwrap();
    assert_eq!((error.code, error.status), ("http-status", Some(500)));
    assert_eq!(notices(None, &report), [Notice::Error]);
    assert_eq!(notices(Some(&report), &report), []);
    assert_eq!(notices(Some(&snapshot(&failed, Locale::ZhCn)), &report), [], "a language change is no new error");
}
