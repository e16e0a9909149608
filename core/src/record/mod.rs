//! The acceptance record: a signed statement that a document was shown, scrolled to its
//! end with every highlighted passage visible, and accepted at a given time.
//!
//! The JSON form is a public contract (`docs/record-format.md`), checked byte for byte by
//! tools outside this crate. The record is signed with Ed25519 over the RFC 8785
//! canonical JSON of the record without its `signature` member, so verifiers in any
//! language can rebuild the signed bytes from the parsed JSON.
//!
//! In the browser the signature comes from WebCrypto with a key the page cannot export;
//! this module only produces the bytes to sign ([`AcceptanceRecord::signing_input`]),
//! assembles the signed record ([`AcceptanceRecord::into_signed`]) and verifies records
//! ([`verify`], [`check_against_document`], or every named check at once with
//! [`check_record`]).

mod build;
mod check;
mod report;
mod timestamp;
mod verify;

use core::fmt;

use chrono::{DateTime, Utc};

use crate::json::{JsonError, Value};

pub use build::{Reacceptance, RecordInput};
pub use check::check_against_document;
pub use report::{check_record, check_record_value, Check, KnownDocument, Report, Status};
pub use timestamp::{format_timestamp, parse_timestamp, TimestampError};
pub use verify::{verify, verify_value};

/// The value of the `schema` member. Members may be added within v1; renaming a member or
/// changing its type needs a new schema string.
pub const SCHEMA: &str = "clausewrap.acceptance.v1";

/// The members of a v1 record other than `schema` and `signature`, typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AcceptanceRecord {
    /// 128 random bits naming this acceptance; written as base64url.
    pub record_id: [u8; 16],
    pub document: DocumentRef,
    pub accepted_at: DateTime<Utc>,
    /// The integrator's id for the user, if the integrator gave one.
    pub subject: Option<String>,
    /// The integrator's server challenge, if given; binds the record to one server request.
    pub nonce: Option<String>,
    pub evidence: RecordEvidence,
    /// The earlier acceptance this one replaces (added within v1 for re-acceptance; present
    /// exactly when `evidence.changes_seen` is).
    pub supersedes: Option<Supersedes>,
}

/// Which earlier acceptance a re-acceptance replaces: the version the customer had
/// accepted before, named by its hash, and by its record when the integrator knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Supersedes {
    /// The earlier record's `record_id`; `None` when only the version is known.
    pub record_id: Option<[u8; 16]>,
    /// The earlier document's front matter `version`.
    pub version: String,
    /// Lowercase hex SHA-256 of the earlier document's bytes; never this record's own
    /// `document.sha256`.
    pub sha256: String,
}

/// Which document was accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentRef {
    /// The front matter `id`.
    pub id: String,
    /// The front matter `title`.
    pub title: String,
    /// The front matter `version`.
    pub version: String,
    /// Lowercase hex SHA-256 of the exact document bytes.
    pub sha256: String,
    /// How many highlighted passages the document has.
    pub highlights: u64,
}

/// What the reading gate observed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordEvidence {
    pub opened_at: DateTime<Utc>,
    pub reached_end_at: DateTime<Utc>,
    /// Every highlighted passage, in document order.
    pub highlights_seen: Vec<HighlightSeen>,
    /// The UI locale, e.g. `zh-CN`.
    pub locale: String,
    /// The browser's `navigator.userAgent`.
    pub user_agent: String,
    /// The layout viewport when accepted (added within v1; absent in early records).
    pub viewport: Option<Viewport>,
    /// Opened to accepted on the monotonic clock, in ms (added within v1).
    pub reading_ms: Option<u64>,
    /// What the gate required (added within v1).
    pub reading_rules: Option<ReadingRules>,
    /// Every section that changed since the superseded version, in the new document's
    /// order, with when it was first seen (added within v1; present exactly when
    /// `supersedes` is).
    pub changes_seen: Option<Vec<ChangeSeen>>,
}

/// The browser's layout viewport in CSS pixels, and its device pixel ratio.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    pub width: u32,
    pub height: u32,
    pub device_pixel_ratio: f64,
}

// A device pixel ratio is a finite number by construction (see `Viewport::new` uses).
impl Eq for Viewport {}

/// What the reading gate required before Agree: the dwell and total time in view per
/// passage, and whether each passage had to be acknowledged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadingRules {
    pub min_dwell_ms: u64,
    pub min_visible_ms: u64,
    pub acknowledgement_required: bool,
}

/// When one highlighted passage was first seen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HighlightSeen {
    /// The passage id, e.g. `c3-h1`.
    pub id: String,
    pub first_seen_at: DateTime<Utc>,
    /// Total time at least half visible, in ms (added within v1; absent in early records).
    pub visible_ms: Option<u64>,
    /// When the reader ticked its acknowledgement; `None` when not asked (or absent).
    pub acknowledged_at: Option<DateTime<Utc>>,
}

/// When one changed section of a re-accepted document was first seen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeSeen {
    /// The section id: `c9` (clause 9 of the new version), `b2` (its 2nd non-clause
    /// block), `old-c12` (a clause the new version removed).
    pub id: String,
    pub kind: ChangeSeenKind,
    pub first_seen_at: DateTime<Utc>,
}

/// How a section shown to a re-accepting reader differs from the superseded version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChangeSeenKind {
    /// Text changed.
    Changed,
    /// Only in the new version.
    Added,
    /// Only in the superseded version.
    Removed,
}

impl ChangeSeenKind {
    /// The name written in records: `changed`, `added` or `removed`.
    pub fn name(self) -> &'static str {
        match self {
            ChangeSeenKind::Changed => "changed",
            ChangeSeenKind::Added => "added",
            ChangeSeenKind::Removed => "removed",
        }
    }

    /// The kind named `name`: the names [`crate::diff::ChangeKind::name`] gives the kinds a
    /// reader must see again (`None` for `moved` and `unchanged`).
    pub fn from_name(name: &str) -> Option<ChangeSeenKind> {
        [ChangeSeenKind::Changed, ChangeSeenKind::Added, ChangeSeenKind::Removed].into_iter().find(|k| k.name() == name)
    }
}

/// A record together with its signature.
///
/// From [`verify`], the signature has been checked; from [`AcceptanceRecord::into_signed`]
/// it has only been attached. Two are equal when their canonical JSON is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedRecord {
    record: AcceptanceRecord,
    public_key: [u8; 32],
    signature: [u8; 64],
    /// The canonical JSON of the whole record, members unknown to v1 included, so that
    /// [`SignedRecord::to_json`] reproduces exactly what was signed.
    json: String,
}

impl SignedRecord {
    pub fn record(&self) -> &AcceptanceRecord {
        &self.record
    }

    /// The raw 32-byte Ed25519 public key.
    pub fn public_key(&self) -> &[u8; 32] {
        &self.public_key
    }

    /// The 64-byte Ed25519 signature.
    pub fn signature(&self) -> &[u8; 64] {
        &self.signature
    }

    /// The whole record, `signature` included, as RFC 8785 canonical JSON: the form the
    /// widget emits.
    pub fn to_json(&self) -> String {
        self.json.clone()
    }

    /// The whole record, `signature` included, as a JSON value.
    pub fn to_value(&self) -> Value {
        // The text was written by `canonical_json`, so it always parses.
        crate::json::parse(&self.json).unwrap_or(Value::Null)
    }
}

/// Why a record could not be built, or does not verify, naming the check that failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordError {
    /// The text is not acceptable JSON.
    Json(JsonError),
    /// A member is missing or has the wrong type or form. `member` is a path such as
    /// `evidence.highlights_seen[2].first_seen_at`; empty for the record itself.
    Schema { member: String, problem: &'static str },
    /// The signature does not match the signed bytes and public key: the record was
    /// altered after signing, or signed with another key.
    Signature,
    /// A member disagrees with the document, or with another member.
    Mismatch { member: String, problem: &'static str },
    /// A timestamp is out of order with the others.
    TimeOrder { member: String, problem: &'static str },
}

impl RecordError {
    fn schema(member: impl Into<String>, problem: &'static str) -> RecordError {
        RecordError::Schema { member: member.into(), problem }
    }

    fn mismatch(member: impl Into<String>, problem: &'static str) -> RecordError {
        RecordError::Mismatch { member: member.into(), problem }
    }
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (kind, member, problem) = match self {
            RecordError::Json(e) => return write!(f, "not valid JSON: {e}"),
            RecordError::Signature => return f.write_str("the signature does not match the record and its public key"),
            RecordError::Schema { member, problem } => ("invalid record", member, problem),
            RecordError::Mismatch { member, problem } => ("mismatch", member, problem),
            RecordError::TimeOrder { member, problem } => ("times out of order", member, problem),
        };
        let member = if member.is_empty() { "the record" } else { member };
        write!(f, "{kind}: {member} {problem}")
    }
}

impl std::error::Error for RecordError {}
