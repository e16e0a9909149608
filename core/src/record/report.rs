//! Every check a verifier runs on a record, each with a name and its own result: what the
//! `clausewrap` command line prints, and what the test vectors' verdicts are written in.
//!
//! The checks run in a fixed order. The record's form (`schema`) and its `signature` come
//! first: if either fails, nothing the record says can be relied on, so the later checks
//! are not run. After them, the document, highlight, time and key checks are independent
//! and all run, so that one report says everything that is wrong.

use super::{verify, verify_value, RecordError, SignedRecord};
use crate::document::Document;
use crate::hash;
use crate::json::Value;

/// A named check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Check {
    /// Strict JSON; every v1 member present, with its type and form (timestamps included).
    Schema,
    /// The Ed25519 signature over the RFC 8785 canonical JSON without `signature`.
    Signature,
    /// `document.sha256` is the SHA-256 of the document's bytes; id, title and version match
    /// its front matter.
    Document,
    /// `document.highlights` and `evidence.highlights_seen` list every highlighted passage of
    /// the document, in order.
    Highlights,
    /// `opened_at <= reached_end_at <= accepted_at`, every `first_seen_at` (of a passage or
    /// of a change) in between.
    Timestamps,
    /// `signature.public_key` is one of the keys the caller trusts.
    TrustedKey,
}

impl Check {
    pub const ALL: [Check; 6] = [Check::Schema, Check::Signature, Check::Document, Check::Highlights, Check::Timestamps, Check::TrustedKey];

    /// The check's name as printed and as used in the test vectors: `schema`, `signature`,
    /// `document`, `highlights`, `timestamps`, `trusted-key`.
    pub fn name(self) -> &'static str {
        match self {
            Check::Schema => "schema",
            Check::Signature => "signature",
            Check::Document => "document",
            Check::Highlights => "highlights",
            Check::Timestamps => "timestamps",
            Check::TrustedKey => "trusted-key",
        }
    }

    /// The check whose name is `name`.
    pub fn from_name(name: &str) -> Option<Check> {
        Check::ALL.into_iter().find(|check| check.name() == name)
    }
}

/// The result of one check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Passed,
    Failed(RecordError),
    /// Not run, and why.
    NotRun(&'static str),
}

impl Status {
    /// `passed`, `failed` or `not-run`, as in the test vectors.
    pub fn name(&self) -> &'static str {
        match self {
            Status::Passed => "passed",
            Status::Failed(_) => "failed",
            Status::NotRun(_) => "not-run",
        }
    }
}

/// A document a record may be about: its exact bytes, their parse and their SHA-256
/// (hashed once, however many records are checked against it).
#[derive(Clone, Debug)]
pub struct KnownDocument<'a> {
    pub bytes: &'a [u8],
    pub document: &'a Document,
    pub sha256: String,
}

impl<'a> KnownDocument<'a> {
    /// `document` must be the parse of `bytes`.
    pub fn new(bytes: &'a [u8], document: &'a Document) -> KnownDocument<'a> {
        KnownDocument { bytes, document, sha256: hash::sha256_hex(bytes) }
    }
}

/// Every check's result for one record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The record, if its form and signature check out.
    pub record: Option<SignedRecord>,
    /// Which of the given documents the record was checked against: the one whose SHA-256
    /// it names, else the first.
    pub document: Option<usize>,
    /// One entry per check, in the order of [`Check::ALL`].
    pub results: Vec<(Check, Status)>,
}

impl Report {
    /// True when no check failed. Checks not run do not fail: with no document or no
    /// trusted keys given, those checks are simply not made.
    pub fn passed(&self) -> bool {
        self.failure().is_none()
    }

    /// The first failed check and its error.
    pub fn failure(&self) -> Option<(Check, &RecordError)> {
        self.results.iter().find_map(|(check, status)| match status {
            Status::Failed(error) => Some((*check, error)),
            _ => None,
        })
    }

    /// The result of `check`.
    pub fn status(&self, check: Check) -> Option<&Status> {
        self.results.iter().find(|(c, _)| *c == check).map(|(_, status)| status)
    }
}

/// Runs every check on the record `text` against the `documents` it may be about and the
/// `trusted_keys` (raw Ed25519 public keys; empty: the key is not checked).
pub fn check_record(text: &str, documents: &[KnownDocument<'_>], trusted_keys: &[[u8; 32]]) -> Report {
    report(verify(text), documents, trusted_keys)
}

/// [`check_record`] for a record already parsed: the text is parsed once.
pub fn check_record_value(value: Value, documents: &[KnownDocument<'_>], trusted_keys: &[[u8; 32]]) -> Report {
    report(verify_value(value), documents, trusted_keys)
}

fn report(verified: Result<SignedRecord, RecordError>, documents: &[KnownDocument<'_>], trusted_keys: &[[u8; 32]]) -> Report {
    let (schema, signature, signed) = match verified {
        Ok(signed) => (Status::Passed, Status::Passed, Some(signed)),
        Err(error @ RecordError::Signature) => (Status::Passed, Status::Failed(error), None),
        Err(error) => (Status::Failed(error), Status::NotRun("the record is not in the v1 form, so it cannot be read"), None),
    };
    let mut results = vec![(Check::Schema, schema), (Check::Signature, signature)];
    let Some(signed) = signed else {
        let why = if results[0].1 == Status::Passed {
            "the signature does not match, so nothing in the record can be relied on"
        } else {
            "the record is not in the v1 form, so it cannot be read"
        };
        results.extend(Check::ALL[2..].iter().map(|&check| (check, Status::NotRun(why))));
        return Report { record: None, document: None, results };
    };
    let record = signed.record();
    let chosen = documents.iter().position(|d| d.sha256 == record.document.sha256).or((!documents.is_empty()).then_some(0));
    let (document, highlights) = match chosen.and_then(|i| documents.get(i)) {
        None => (Status::NotRun("no document was given"), Status::NotRun("no document was given")),
        Some(known) => {
            let document = to_status(record.check_document_hash(&known.sha256, known.document));
            let highlights = if known.sha256 == record.document.sha256 {
                to_status(record.check_highlights(known.document))
            } else {
                Status::NotRun("the record is about another document")
            };
            (document, highlights)
        }
    };
    let trusted = if trusted_keys.is_empty() {
        Status::NotRun("no trusted keys were given")
    } else if trusted_keys.contains(signed.public_key()) {
        Status::Passed
    } else {
        Status::Failed(RecordError::Mismatch { member: "signature.public_key".to_owned(), problem: "is not one of the trusted keys" })
    };
    results.extend([
        (Check::Document, document),
        (Check::Highlights, highlights),
        (Check::Timestamps, to_status(record.check_times())),
        (Check::TrustedKey, trusted),
    ]);
    Report { record: Some(signed), document: chosen, results }
}

fn to_status(result: Result<(), RecordError>) -> Status {
    match result {
        Ok(()) => Status::Passed,
        Err(error) => Status::Failed(error),
    }
}
