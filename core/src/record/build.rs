//! Building a record from what the widget knows, and turning it into JSON.

use chrono::{DateTime, Utc};

use super::{
    format_timestamp, timestamp, AcceptanceRecord, ChangeSeen, ChangeSeenKind, DocumentRef, HighlightSeen, ReadingRules, RecordError, RecordEvidence,
    SignedRecord, Supersedes, Viewport, SCHEMA,
};
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
    /// The browser's viewport when accepted, if known.
    pub viewport: Option<Viewport>,
    /// What the gate required, if the record should say so.
    pub reading_rules: Option<ReadingRules>,
    /// For a customer who accepted an older version: which acceptance this one replaces,
    /// and the changed sections shown. `None` for a first acceptance.
    pub reacceptance: Option<Reacceptance>,
}

/// What a re-acceptance adds to a record: the `supersedes` member and
/// `evidence.changes_seen`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reacceptance {
    /// The earlier acceptance; its `sha256` must differ from the accepted document's.
    pub supersedes: Supersedes,
    /// Every section that changed since that version, in the new document's order: its id
    /// and how it changed (from the document diff's sections to read).
    pub changes: Vec<(String, ChangeSeenKind)>,
    /// When each of `changes` was first seen, in the same order (one time per change).
    pub changes_first_seen: Vec<DateTime<Utc>>,
}

impl AcceptanceRecord {
    /// Builds the unsigned record.
    ///
    /// Times are truncated to the millisecond, as they are written. Fails when the input
    /// could only produce a record that does not check out: a hash that is not lowercase
    /// hex, evidence for a different number of passages than the document has, times out
    /// of order or outside the years 0000–9999; for a re-acceptance also a change without
    /// its first-seen time, or a `supersedes` that [`Self::check_reacceptance`] refuses.
    pub fn new(input: RecordInput<'_>) -> Result<AcceptanceRecord, RecordError> {
        let RecordInput { document, document_sha256, evidence, record_id, subject, nonce, locale, user_agent, viewport, reading_rules, reacceptance } = input;
        if !hash::is_sha256_hex(document_sha256) {
            return Err(RecordError::schema("document.sha256", "must be 64 lowercase hex digits"));
        }
        if evidence.passages_first_seen.len() != document.passages.len() {
            return Err(RecordError::mismatch("evidence.highlights_seen", "must list every highlighted passage of the document"));
        }
        let mut highlights_seen = Vec::with_capacity(document.passages.len());
        for (i, (passage, &seen)) in document.passages.iter().zip(&evidence.passages_first_seen).enumerate() {
            let acknowledged_at = match evidence.passages_acknowledged_at.get(i).copied().flatten() {
                Some(at) => Some(millis(at, "evidence.highlights_seen")?),
                None => None,
            };
            highlights_seen.push(HighlightSeen {
                id: passage.id.clone(),
                first_seen_at: millis(seen, "evidence.highlights_seen")?,
                visible_ms: evidence.passages_visible_ms.get(i).copied(),
                acknowledged_at,
            });
        }
        if viewport.is_some_and(|v| !v.device_pixel_ratio.is_finite() || v.device_pixel_ratio < 0.0) {
            return Err(RecordError::schema("evidence.viewport.device_pixel_ratio", "must be a finite non-negative number"));
        }
        let (supersedes, changes_seen) = match reacceptance {
            None => (None, None),
            Some(r) => {
                if r.changes.len() != r.changes_first_seen.len() {
                    return Err(RecordError::mismatch("evidence.changes_seen", "must have one first-seen time per change"));
                }
                let mut seen = Vec::with_capacity(r.changes.len());
                for ((id, kind), at) in r.changes.into_iter().zip(r.changes_first_seen) {
                    seen.push(ChangeSeen { id, kind, first_seen_at: millis(at, "evidence.changes_seen")? });
                }
                (Some(r.supersedes), Some(seen))
            }
        };
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
                viewport,
                reading_ms: Some(evidence.reading_ms),
                reading_rules,
                changes_seen,
            },
            supersedes,
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
        let int = |n: u64| Value::Number(Number::from(n));
        let seen = e.highlights_seen.iter().map(|h| {
            let mut members = vec![("id", h.id.as_str().into()), ("first_seen_at", time(h.first_seen_at))];
            if let Some(ms) = h.visible_ms {
                members.push(("visible_ms", int(ms)));
                // Written with visible_ms (records since both were added): null when not asked.
                members.push(("acknowledged_at", h.acknowledged_at.map(time).into()));
            }
            object(members)
        });
        let mut evidence = vec![
            ("opened_at", time(e.opened_at)),
            ("reached_end_at", time(e.reached_end_at)),
            ("highlights_seen", Value::Array(seen.collect())),
            ("locale", e.locale.as_str().into()),
            ("user_agent", e.user_agent.as_str().into()),
        ];
        if let Some(v) = e.viewport {
            let ratio = Number::new(v.device_pixel_ratio).unwrap_or(Number::from(0u32));
            let viewport =
                object(vec![("width", int(v.width.into())), ("height", int(v.height.into())), ("device_pixel_ratio", ratio.into())]);
            evidence.push(("viewport", viewport));
        }
        if let Some(ms) = e.reading_ms {
            evidence.push(("reading_ms", int(ms)));
        }
        if let Some(r) = e.reading_rules {
            let rules = object(vec![
                ("min_dwell_ms", int(r.min_dwell_ms)),
                ("min_visible_ms", int(r.min_visible_ms)),
                ("acknowledgement_required", Value::Bool(r.acknowledgement_required)),
            ]);
            evidence.push(("reading_rules", rules));
        }
        if let Some(changes) = &e.changes_seen {
            let changes = changes.iter().map(|c| object(vec![("id", c.id.as_str().into()), ("kind", c.kind.name().into()), ("first_seen_at", time(c.first_seen_at))]));
            evidence.push(("changes_seen", Value::Array(changes.collect())));
        }
        let mut members = vec![
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
            ("evidence", object(evidence)),
        ];
        if let Some(s) = &self.supersedes {
            let record_id = s.record_id.map(|id| base64url::encode(&id));
            let supersedes = object(vec![("record_id", record_id.into()), ("version", s.version.as_str().into()), ("sha256", s.sha256.as_str().into())]);
            members.push(("supersedes", supersedes));
        }
        object(members)
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

/// Truncates to the millisecond, as the record's timestamp form does, and refuses years
/// that form cannot hold.
fn millis(time: DateTime<Utc>, member: &str) -> Result<DateTime<Utc>, RecordError> {
    // 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z.
    const RANGE: std::ops::RangeInclusive<i64> = -62_167_219_200_000..=253_402_300_799_999;
    let millis = timestamp::whole_millis(time);
    RANGE
        .contains(&millis)
        .then(|| DateTime::from_timestamp_millis(millis))
        .flatten()
        .ok_or_else(|| RecordError::schema(member, "must be a time in the years 0000 to 9999"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::parse_timestamp;

    #[test]
    fn times_are_kept_to_the_millisecond_and_within_the_years_the_form_holds() {
        let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        for (given, kept) in [
            ("2026-11-30T06:41:07.123456Z", "2026-11-30T06:41:07.123Z"),
            ("1969-12-31T23:59:59.9999Z", "1969-12-31T23:59:59.999Z"),
            ("0000-01-01T00:00:00Z", "0000-01-01T00:00:00.000Z"),
            ("9999-12-31T23:59:59.999999Z", "9999-12-31T23:59:59.999Z"),
        ] {
            assert_eq!(millis(t(given), "accepted_at").map(format_timestamp), Ok(kept.to_owned()), "{given}");
            assert_eq!(parse_timestamp(kept).map(|p| millis(t(given), "accepted_at") == Ok(p)), Ok(true));
        }
        // One millisecond before 0000-01-01 and at 10000-01-01.
        let date = |year| chrono::NaiveDate::from_ymd_opt(year, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap().and_utc();
        for outside in [date(0) - chrono::Duration::milliseconds(1), date(10_000)] {
            assert!(millis(outside, "accepted_at").is_err(), "{outside}");
        }
    }
}
