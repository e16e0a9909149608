//! Building a record from what the widget knows, and turning it into JSON.

use chrono::{DateTime, Utc};

use super::{format_timestamp, parse_timestamp, AcceptanceRecord, DocumentRef, HighlightSeen, RecordError, RecordEvidence, SignedRecord, SCHEMA};
use crate::document::Document;
use crate::gate::Evidence;
use crate::json::{canonical_json, Number, Value};
use crate::{base64url, hash};

/// Everything a record is built from. Randomness and the clock stay outside the core:
/// the caller passes the record id, and the times come in `evidence`.
#[derive(Clone, Debug)]
pub struct RecordInput<'a> {
    /// The document as parsed; gives the front matter and the passage ids.
    pub document: &'a Document,
    /// [`hash::sha256_hex`] of the exact document bytes.
    pub document_sha256: &'a str,
    /// What the reading gate observed, from [`crate::gate::ReadingGate::evidence`].
    pub evidence: &'a Evidence,
    /// 16 random bytes from the platform's cryptographic generator.
    pub record_id: [u8; 16],
    pub subject: Option<String>,
    pub nonce: Option<String>,
    pub locale: String,
    pub user_agent: String,
}

impl AcceptanceRecord {
    /// Builds the unsigned record.
    ///
    /// Times are truncated to the millisecond, as they are written. Fails when the input
    /// could only produce a record that does not check out: a hash that is not lowercase
    /// hex, evidence for a different number of passages than the document has, times out
    /// of order or outside the years 0000–9999.
    pub fn new(input: RecordInput<'_>) -> Result<AcceptanceRecord, RecordError> {
        let RecordInput { document, document_sha256, evidence, record_id, subject, nonce, locale, user_agent } = input;
        if !hash::is_sha256_hex(document_sha256) {
            return Err(RecordError::schema("document.sha256", "must be 64 lowercase hex digits"));
        }
        if evidence.passages_first_seen.len() != document.passages.len() {
            return Err(RecordError::mismatch("evidence.highlights_seen", "must list every highlighted passage of the document"));
        }
        let mut highlights_seen = Vec::with_capacity(document.passages.len());
        for (passage, &seen) in document.passages.iter().zip(&evidence.passages_first_seen) {
            highlights_seen.push(HighlightSeen { id: passage.id.clone(), first_seen_at: millis(seen, "evidence.highlights_seen")? });
        }
        let record = AcceptanceRecord {
            record_id,
            document: DocumentRef {
                id: document.meta.id.clone(),
                title: document.meta.title.clone(),
                version: document.meta.version.clone(),
                sha256: document_sha256.to_owned(),
                highlights: document.passages.len() as u64,
            },
            accepted_at: millis(evidence.accepted_at, "accepted_at")?,
            subject,
            nonce,
            evidence: RecordEvidence {
                opened_at: millis(evidence.opened_at, "evidence.opened_at")?,
                reached_end_at: millis(evidence.reached_end_at, "evidence.reached_end_at")?,
                highlights_seen,
                locale,
                user_agent,
            },
        };
        record.check_consistency()?;
        Ok(record)
    }

    /// The record without its `signature` member, as a JSON value.
    pub fn to_value(&self) -> Value {
        let time = |t: DateTime<Utc>| Value::String(format_timestamp(t));
        let object = |members: Vec<(&str, Value)>| Value::Object(members.into_iter().map(|(k, v)| (k.to_owned(), v)).collect());
        let d = &self.document;
        let e = &self.evidence;
        let seen = e.highlights_seen.iter().map(|h| object(vec![("id", h.id.as_str().into()), ("first_seen_at", time(h.first_seen_at))]));
        object(vec![
            ("schema", SCHEMA.into()),
            ("record_id", base64url::encode(&self.record_id).into()),
            (
                "document",
                object(vec![
                    ("id", d.id.as_str().into()),
                    ("title", d.title.as_str().into()),
                    ("version", d.version.as_str().into()),
                    ("sha256", d.sha256.as_str().into()),
                    ("highlights", Number::from(d.highlights).into()),
                ]),
            ),
            ("accepted_at", time(self.accepted_at)),
            ("subject", self.subject.as_deref().into()),
            ("nonce", self.nonce.as_deref().into()),
            (
                "evidence",
                object(vec![
                    ("opened_at", time(e.opened_at)),
                    ("reached_end_at", time(e.reached_end_at)),
                    ("highlights_seen", Value::Array(seen.collect())),
                    ("locale", e.locale.as_str().into()),
                    ("user_agent", e.user_agent.as_str().into()),
                ]),
            ),
        ])
    }

    /// The bytes to sign: the RFC 8785 canonical JSON of the record without `signature`,
    /// as UTF-8.
    pub fn signing_input(&self) -> String {
        canonical_json(&self.to_value())
    }

    /// Attaches an Ed25519 signature over [`Self::signing_input`] made with the key whose
    /// raw public bytes are `public_key`.
    ///
    /// The signature is not checked here. In the browser WebCrypto has just made it, and
    /// checking would put the Ed25519 verifier and the JSON parser into the WebAssembly
    /// build (nearly 30 KiB brotli). Whoever receives the record checks it with
    /// [`verify`](fn@crate::record::verify).
    pub fn into_signed(self, public_key: [u8; 32], signature: [u8; 64]) -> SignedRecord {
        let mut value = self.to_value();
        if let Value::Object(members) = &mut value {
            members.push(("signature".to_owned(), signature_value(&public_key, &signature)));
        }
        SignedRecord { record: self, public_key, signature, json: canonical_json(&value) }
    }
}

/// The `signature` member.
fn signature_value(public_key: &[u8; 32], signature: &[u8; 64]) -> Value {
    Value::Object(vec![
        ("alg".to_owned(), Value::from("Ed25519")),
        ("public_key".to_owned(), base64url::encode(public_key).into()),
        ("value".to_owned(), base64url::encode(signature).into()),
    ])
}

/// Truncates to the millisecond by writing and reading back the record's timestamp form,
/// which also refuses years the form cannot hold.
fn millis(time: DateTime<Utc>, member: &str) -> Result<DateTime<Utc>, RecordError> {
    parse_timestamp(&format_timestamp(time)).map_err(|_| RecordError::schema(member, "must be a time in the years 0000 to 9999"))
}
