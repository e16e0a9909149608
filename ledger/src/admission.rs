//! Whether a posted record may enter the ledger: every check `clausewrap verify` runs,
//! against the published documents, and a clock check against the server's time. Pure:
//! the caller passes the time.

use chrono::{DateTime, Duration, Utc};
use clausewrap_core::hash::sha256_hex;
use clausewrap_core::json::{self, Value};
use clausewrap_core::record::{check_record_value, Check, KnownDocument, Status};

use crate::documents::Published;
use crate::problem::Problem;

/// How far a reader's clock may be ahead of the server's.
pub const CLOCK_SKEW: Duration = Duration::minutes(5);

/// A record that passed every check, with what the ledger indexes it by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Admitted {
    pub record_id: String,
    /// The record's canonical JSON, as received (members a later v1 adds are kept).
    pub record_json: String,
    pub record_sha256: String,
    pub subject: Option<String>,
    pub nonce: Option<String>,
    pub document_id: String,
    pub document_version: String,
    pub document_sha256: String,
    pub accepted_at: DateTime<Utc>,
}

/// The body of a POST, as JSON: a problem if it is not.
pub fn parse_body(text: &str) -> Result<Value, Problem> {
    json::parse(text).map_err(|e| Problem::new(400, "malformed-json", "The body is not JSON", e.to_string()))
}

/// The record `value` (a parsed body: [`parse_body`]), checked against `documents` at the
/// server time `now`.
pub fn admit(value: Value, documents: &[Published], now: DateTime<Utc>) -> Result<Admitted, Problem> {
    if value.as_object().is_none() {
        return Err(Problem::new(400, "malformed-json", "The body is not one JSON object", "expected one acceptance record, a JSON object"));
    }
    let claimed = value.get("document").and_then(|d| d.get("sha256")).and_then(Value::as_str).map(str::to_owned);
    let record_id = value.get("record_id").and_then(Value::as_str).unwrap_or_default().to_owned();
    let published = documents.iter().find(|d| Some(&d.sha256) == claimed.as_ref());
    let known: Vec<KnownDocument<'_>> = published.iter().map(|d| KnownDocument::new(&d.bytes, &d.document)).collect();
    let report = check_record_value(value, &known, &[]);
    for check in [Check::Schema, Check::Signature] {
        if let Some(Status::Failed(error)) = report.status(check) {
            return Err(Problem::check(check, error.to_string()));
        }
    }
    let (Some(published), Some(signed)) = (published, report.record.as_ref()) else {
        return Err(Problem::new(
            422,
            "unknown-document",
            "The record is about a document this ledger does not publish",
            format!("no published document has SHA-256 {}", claimed.as_deref().unwrap_or("(none)")),
        ));
    };
    if let Some((check, error)) = report.failure() {
        return Err(Problem::check(check, error.to_string()));
    }
    let record = signed.record();
    if record.accepted_at > now + CLOCK_SKEW {
        return Err(Problem::check(Check::Timestamps, "accepted_at is more than 5 minutes ahead of the ledger's clock"));
    }
    // The whole record's canonical JSON, members unknown to v1 included; its hash is what
    // `receipt::record_sha256` gives for the parsed record.
    let record_json = signed.to_json();
    Ok(Admitted {
        record_id,
        record_sha256: sha256_hex(record_json.as_bytes()),
        record_json,
        subject: record.subject.clone(),
        nonce: record.nonce.clone(),
        document_id: published.id.clone(),
        document_version: published.version.clone(),
        document_sha256: published.sha256.clone(),
        accepted_at: record.accepted_at,
    })
}
