//! The `/v1` handlers (see `docs/ledger.md`).

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};
use clausewrap_core::base64url;
use clausewrap_core::json::{self, canonical_json, Number, Value};
use clausewrap_core::record::format_timestamp;

use super::respond::{json, noted, LogNote};
use super::AppState;
use crate::admission::{admit, parse_body};
use crate::nonce::IssuedNonce;
use crate::problem::Problem;
use crate::store::{Appended, StoredEntry};

type Shared = State<Arc<AppState>>;

fn object(members: Vec<(&str, Value)>) -> Value {
    Value::Object(members.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

fn number(n: u64) -> Value {
    Number::new(n as f64).map_or(Value::Null, Value::Number)
}

fn optional(text: Option<String>) -> Value {
    text.map_or(Value::Null, Value::String)
}

/// The body as text, within `limit` bytes; 413 or 400 otherwise.
async fn body_text(headers: &HeaderMap, body: Body, limit: usize) -> Result<String, Problem> {
    let too_large = || Problem::new(413, "payload-too-large", "The body is too large", format!("the largest body this ledger takes is {limit} bytes"));
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    let bytes = to_bytes(body, limit).await.map_err(|_| too_large())?;
    String::from_utf8(bytes.to_vec()).map_err(|_| Problem::new(400, "malformed-json", "The body is not JSON", "the body is not UTF-8 text"))
}

fn require_json(headers: &HeaderMap) -> Result<(), Problem> {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim();
    if essence.eq_ignore_ascii_case("application/json") {
        return Ok(());
    }
    Err(Problem::new(415, "unsupported-media-type", "The body must be JSON", format!("Content-Type is {content_type:?}; send application/json")))
}

/// `{"record": …, "receipt": …}` of a stored entry.
fn entry_json(entry: &StoredEntry) -> Result<String, Problem> {
    let parse = |text: &str| json::parse(text).map_err(|e| Problem::storage(format!("a stored entry is not JSON: {e}")));
    Ok(canonical_json(&object(vec![("record", parse(&entry.record_json)?), ("receipt", parse(&entry.receipt_json)?)])))
}

pub async fn post_acceptance(State(state): Shared, headers: HeaderMap, body: Body) -> Result<Response, Problem> {
    require_json(&headers)?;
    let text = body_text(&headers, body, state.max_body).await?;
    // Parsed once: for the record id here, then for the checks.
    let body = parse_body(&text);
    let record_id = body.as_ref().ok().and_then(|v| v.get("record_id").and_then(Value::as_str).map(str::to_owned));
    if let Some(key) = headers.get("idempotency-key") {
        if key.to_str().ok() != record_id.as_deref() {
            return Err(Problem::new(
                400,
                "idempotency-key-mismatch",
                "Idempotency-Key must be the record's record_id",
                format!("Idempotency-Key is {:?}, record_id is {:?}", key.to_str().unwrap_or("(not text)"), record_id.as_deref().unwrap_or("(none)")),
            ));
        }
    }
    let admitted = admit(body?, &state.documents, Utc::now()).map_err(|mut problem| {
        if let Some(id) = &record_id {
            problem.detail = format!("record {id}: {}", problem.detail);
        }
        problem
    })?;
    let record_id = admitted.record_id.clone();
    let (status, entry) = match state.store.append(admitted, &state.sealer).await? {
        Appended::Created(entry) => (201, entry),
        Appended::Existing(entry) => (200, entry),
    };
    let mut response = json(status, entry.receipt_json.clone());
    if let Ok(location) = HeaderValue::from_str(&format!("/v1/acceptances/{record_id}")) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(noted(response, LogNote { record_id: Some(record_id), sequence: Some(entry.sequence), code: None }))
}

pub async fn post_nonce(State(state): Shared, headers: HeaderMap, body: Body) -> Result<Response, Problem> {
    let text = body_text(&headers, body, 4096).await?;
    let subject = if text.trim().is_empty() {
        None
    } else {
        require_json(&headers)?;
        let bad = |detail: &str| Problem::new(400, "malformed-json", "The body must be {\"subject\": string or null}", detail.to_owned());
        let value = json::parse(&text).map_err(|e| bad(&e.to_string()))?;
        let members = value.as_object().ok_or_else(|| bad("the body is not a JSON object"))?;
        if let Some((name, _)) = members.iter().find(|(name, _)| name != "subject") {
            return Err(bad(&format!("unknown member {name:?}")));
        }
        match value.get("subject") {
            None | Some(Value::Null) => None,
            Some(Value::String(subject)) if !subject.is_empty() && subject.len() <= 256 => Some(subject.clone()),
            Some(_) => return Err(bad("subject must be a string of 1 to 256 bytes, or null")),
        }
    };
    let mut random = [0u8; 32];
    getrandom::fill(&mut random).map_err(|e| Problem::new(500, "no-randomness", "The server has no randomness", e.to_string()))?;
    let nonce = IssuedNonce::issue(random, subject, Utc::now(), state.nonce_ttl);
    state.store.issue_nonce(nonce.clone()).await?;
    let body = object(vec![
        ("nonce", nonce.nonce.as_str().into()),
        ("subject", optional(nonce.subject)),
        ("issued_at", format_timestamp(nonce.issued_at).into()),
        ("expires_at", format_timestamp(nonce.expires_at).into()),
    ]);
    Ok(json(201, canonical_json(&body)))
}

pub async fn get_acceptance(State(state): Shared, Path(record_id): Path<String>) -> Result<Response, Problem> {
    let entry = state.store.entry(&record_id).await?.ok_or_else(|| Problem::not_found(format!("no record {record_id} in this ledger")))?;
    Ok(noted(json(200, entry_json(&entry)?), LogNote { record_id: Some(record_id), sequence: Some(entry.sequence), code: None }))
}

pub async fn get_status(State(state): Shared, Path(subject): Path<String>, Query(query): Query<HashMap<String, String>>) -> Result<Response, Problem> {
    let document = query
        .get("document")
        .filter(|d| !d.is_empty())
        .ok_or_else(|| Problem::new(400, "missing-document", "Say which document", "add ?document=ID, the document's front matter id"))?;
    let status = state
        .store
        .status(&subject, document)
        .await?
        .ok_or_else(|| Problem::new(404, "unknown-document", "No such document", format!("no document {document} is published")))?;
    let (name, latest) = match &status.accepted {
        None => ("never-accepted", false),
        Some(accepted) if accepted.sha256 == status.latest_sha256 => ("accepted-latest", true),
        Some(_) => ("accepted-older", false),
    };
    let last = status.accepted.map_or(Value::Null, |a| {
        object(vec![
            ("record_id", a.record_id.into()),
            ("version", a.version.into()),
            ("sha256", a.sha256.into()),
            ("accepted_at", a.accepted_at.into()),
            ("received_at", a.received_at.into()),
            ("sequence", number(a.sequence)),
        ])
    });
    let body = object(vec![
        ("subject", subject.as_str().into()),
        ("document", document.as_str().into()),
        ("latest", object(vec![("version", status.latest_version.into()), ("sha256", status.latest_sha256.into())])),
        ("status", name.into()),
        ("accepted_latest", Value::Bool(latest)),
        ("last_accepted", last),
    ]);
    Ok(json(200, canonical_json(&body)))
}

pub async fn get_keys(State(state): Shared) -> Response {
    let x = base64url::encode(&state.sealer.key.verifying_key().to_bytes());
    let key = object(vec![
        ("kty", "OKP".into()),
        ("crv", "Ed25519".into()),
        ("x", x.as_str().into()),
        ("kid", x.as_str().into()),
        ("alg", "EdDSA".into()),
        ("use", "sig".into()),
    ]);
    json(200, canonical_json(&object(vec![("keys", Value::Array(vec![key]))])))
}

pub async fn get_documents(State(state): Shared) -> Result<Response, Problem> {
    let listed = state.store.documents().await?;
    let documents = listed
        .into_iter()
        .map(|d| {
            let href = format!("/v1/documents/{}/{}", path_segment(&d.id), path_segment(&d.version));
            object(vec![
                ("id", d.id.into()),
                ("version", d.version.into()),
                ("title", d.title.into()),
                ("sha256", d.sha256.into()),
                ("latest", Value::Bool(d.latest)),
                ("href", href.into()),
            ])
        })
        .collect();
    Ok(json(200, canonical_json(&object(vec![("documents", Value::Array(documents))]))))
}

pub async fn get_document(State(state): Shared, Path((id, version)): Path<(String, String)>) -> Result<Response, Problem> {
    let bytes = state.store.document_bytes(&id, &version).await?.ok_or_else(|| Problem::not_found(format!("no document {id} version {version}")))?;
    Ok((StatusCode::OK, [(header::CONTENT_TYPE, HeaderValue::from_static("text/markdown; charset=utf-8"))], bytes).into_response())
}

pub async fn get_health(State(state): Shared) -> Result<Response, Problem> {
    let entries = state.store.count().await?;
    let body = object(vec![("status", "ok".into()), ("storage", state.store.kind().into()), ("entries", number(entries))]);
    Ok(json(200, canonical_json(&body)))
}

/// `text` as one URL path segment: everything but RFC 3986's unreserved characters is
/// percent-encoded (a version such as "2019-07-29 15:49:27" has a space).
fn path_segment(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub async fn not_found() -> Problem {
    Problem::not_found("no such resource")
}

/// Used by the nonce TTL setting: seconds to a duration within the allowed range.
pub fn ttl(seconds: u64) -> Duration {
    Duration::seconds(i64::try_from(seconds).unwrap_or(i64::MAX).clamp(1, 86_400))
}
