//! Native checks of an acceptance record taken from the browser: its members, the hash of
//! the document it names, its signature, and its reading evidence.

use serde_json::Value;
use sha2::{Digest, Sha256};

use clausewrap_core::markdown;
use clausewrap_core::record::{check_against_document, verify};

/// The document the widget ships with, as it is in the repository.
pub fn document_bytes() -> Vec<u8> {
    let path = super::repo_root().join("static/face-recognition-service-rules.md");
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Checks everything about the record JSON `text` (made with the Chinese UI); returns it parsed.
#[track_caller]
pub fn check_record(text: &str) -> Value {
    check_record_in(text, "zh-CN")
}

/// Like [`check_record`], for a record made with the UI in `locale` (`evidence.locale`).
#[track_caller]
pub fn check_record_in(text: &str, locale: &str) -> Value {
    let record: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("record is not JSON ({e}): {text}"));
    check_members(&record, locale);

    let bytes = document_bytes();
    let sha256: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(record["document"]["sha256"], sha256.as_str(), "document.sha256 is the SHA-256 of the document file");

    let signed = verify(text).unwrap_or_else(|e| panic!("the record does not verify: {e}\n{text}"));
    let document = markdown::parse(&bytes).unwrap_or_else(|e| panic!("the document does not parse: {e:?}"));
    check_against_document(signed.record(), &bytes, &document)
        .unwrap_or_else(|e| panic!("the record does not fit the document: {e}\n{text}"));

    let seen: Vec<&str> = record["evidence"]["highlights_seen"]
        .as_array()
        .map(|a| a.iter().filter_map(|h| h["id"].as_str()).collect())
        .unwrap_or_default();
    let ids: Vec<&str> = document.passages.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(seen, ids, "evidence.highlights_seen lists the document's passages in order");
    assert_eq!(record["document"]["highlights"], ids.len(), "document.highlights counts the passages");
    record
}

/// Every member of the v1 contract is there, with its type and form.
#[track_caller]
fn check_members(r: &Value, locale: &str) {
    let string = |v: &Value, name: &str| -> String {
        v.as_str().unwrap_or_else(|| panic!("{name} must be a string, is {v}")).to_string()
    };
    assert_eq!(r["schema"], "clausewrap.acceptance.v1", "schema");
    let id = string(&r["record_id"], "record_id");
    assert!(is_base64url(&id, 22), "record_id must be 22 base64url characters: {id:?}");
    for member in ["id", "title", "version", "sha256"] {
        string(&r["document"][member], &format!("document.{member}"));
    }
    assert!(r["document"]["highlights"].is_u64(), "document.highlights must be a count: {}", r["document"]);
    string(&r["accepted_at"], "accepted_at");
    assert!(r.get("subject").is_some_and(Value::is_null), "subject must be present and null");
    assert!(r.get("nonce").is_some_and(Value::is_null), "nonce must be present and null");

    let e = &r["evidence"];
    string(&e["opened_at"], "evidence.opened_at");
    string(&e["reached_end_at"], "evidence.reached_end_at");
    let seen = e["highlights_seen"].as_array().expect("evidence.highlights_seen must be an array");
    for h in seen {
        string(&h["id"], "evidence.highlights_seen[].id");
        string(&h["first_seen_at"], "evidence.highlights_seen[].first_seen_at");
        assert!(h["visible_ms"].is_u64(), "evidence.highlights_seen[].visible_ms must be an integer >= 0: {h}");
        assert!(
            h.get("acknowledged_at").is_some_and(|a| a.is_null() || a.is_string()),
            "evidence.highlights_seen[].acknowledged_at must be present, a string or null: {h}"
        );
    }
    let viewport = &e["viewport"];
    for member in ["width", "height"] {
        assert!(viewport[member].as_u64().is_some_and(|v| v > 0), "evidence.viewport.{member} must be a size: {viewport}");
    }
    assert!(
        viewport["device_pixel_ratio"].as_f64().is_some_and(|v| v > 0.0),
        "evidence.viewport.device_pixel_ratio must be a positive number: {viewport}"
    );
    assert!(e["reading_ms"].is_u64(), "evidence.reading_ms must be an integer >= 0: {e}");
    assert_eq!(e["locale"], locale, "evidence.locale");
    assert!(!string(&e["user_agent"], "evidence.user_agent").is_empty(), "evidence.user_agent is empty");

    let s = &r["signature"];
    assert_eq!(s["alg"], "Ed25519", "signature.alg");
    assert!(is_base64url(&string(&s["public_key"], "signature.public_key"), 43), "signature.public_key: {s}");
    assert!(is_base64url(&string(&s["value"], "signature.value"), 86), "signature.value: {s}");
}

/// `len` characters of the URL-safe base64 alphabet, without padding.
fn is_base64url(text: &str, len: usize) -> bool {
    text.len() == len && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `evidence.highlights_seen[i]` of the passage `id`.
#[track_caller]
pub fn highlight<'a>(record: &'a Value, id: &str) -> &'a Value {
    let seen = record["evidence"]["highlights_seen"].as_array().expect("evidence.highlights_seen");
    seen.iter().find(|h| h["id"] == id).unwrap_or_else(|| panic!("no evidence for passage {id} in {seen:?}"))
}
