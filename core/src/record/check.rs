//! Checks of what a record says, beyond its form and signature: that it agrees with
//! itself, and with the document it claims to be about.

use super::{AcceptanceRecord, RecordError};
use crate::document::Document;
use crate::hash;

impl AcceptanceRecord {
    /// Checks what a record says about itself: one `highlights_seen` entry per highlighted
    /// passage, and times in the order reading happens: `opened_at <= reached_end_at <=
    /// accepted_at`, and every `first_seen_at` between `opened_at` and `accepted_at` (a
    /// passage may be seen before or after the end was reached); for a re-acceptance, also
    /// the rules of [`Self::check_reacceptance`] and every change's `first_seen_at` in the
    /// same bounds.
    pub fn check_consistency(&self) -> Result<(), RecordError> {
        self.check_reacceptance()?;
        self.check_seen_count()?;
        self.check_times()
    }

    /// The form of a re-acceptance, which [`super::verify`] checks as part of the schema:
    /// `supersedes` and `evidence.changes_seen` both present or both absent;
    /// `supersedes.sha256` 64 lowercase hex digits, and not this record's own
    /// `document.sha256` (a record cannot supersede the version it accepts), nor
    /// `supersedes.record_id` this record's own `record_id`.
    pub fn check_reacceptance(&self) -> Result<(), RecordError> {
        let supersedes = match (&self.supersedes, &self.evidence.changes_seen) {
            (None, None) => return Ok(()),
            (Some(supersedes), Some(_)) => supersedes,
            (Some(_), None) => return Err(RecordError::schema("evidence.changes_seen", "is missing although supersedes is present")),
            (None, Some(_)) => return Err(RecordError::schema("supersedes", "is missing although evidence.changes_seen is present")),
        };
        if !hash::is_sha256_hex(&supersedes.sha256) {
            return Err(RecordError::schema("supersedes.sha256", "must be 64 lowercase hex digits"));
        }
        if supersedes.sha256 == self.document.sha256 {
            return Err(RecordError::schema("supersedes.sha256", "must differ from document.sha256: a record cannot supersede the version it accepts"));
        }
        if supersedes.record_id == Some(self.record_id) {
            return Err(RecordError::schema("supersedes.record_id", "must differ from record_id: a record cannot supersede itself"));
        }
        Ok(())
    }

    /// Checks that the record is about these document bytes: `document.sha256` is their
    /// SHA-256, and `document.id`, `title` and `version` are the front matter of
    /// `document`, which must be their parse.
    pub fn check_document(&self, document_bytes: &[u8], document: &Document) -> Result<(), RecordError> {
        self.check_document_hash(&hash::sha256_hex(document_bytes), document)
    }

    /// [`Self::check_document`] with the SHA-256 of the document bytes already known (as
    /// lowercase hex), so that checking many records does not hash the document each time.
    pub fn check_document_hash(&self, document_sha256: &str, document: &Document) -> Result<(), RecordError> {
        let r = &self.document;
        if r.sha256 != document_sha256 {
            return Err(RecordError::mismatch("document.sha256", "differs from the SHA-256 of the document bytes"));
        }
        let meta = &document.meta;
        for (member, ours, theirs) in [("document.id", &r.id, &meta.id), ("document.title", &r.title, &meta.title), ("document.version", &r.version, &meta.version)] {
            if ours != theirs {
                return Err(RecordError::mismatch(member, "differs from the document's front matter"));
            }
        }
        Ok(())
    }

    /// Checks that every highlighted passage of `document` was seen: `document.highlights`
    /// is the number of its passages, and `evidence.highlights_seen` lists exactly their
    /// ids, in document order.
    pub fn check_highlights(&self, document: &Document) -> Result<(), RecordError> {
        if self.document.highlights != document.passages.len() as u64 {
            return Err(RecordError::mismatch("document.highlights", "differs from the document's number of highlighted passages"));
        }
        let seen = &self.evidence.highlights_seen;
        for (i, (seen, passage)) in seen.iter().zip(&document.passages).enumerate() {
            if seen.id != passage.id {
                let member = ["evidence.highlights_seen[", &i.to_string(), "].id"].concat();
                return Err(RecordError::mismatch(member, "is not the document's highlighted passage at this position"));
            }
        }
        self.check_seen_count()
    }

    /// Checks that the times are in reading order: `opened_at <= reached_end_at <=
    /// accepted_at`, and every `first_seen_at` (of a highlighted passage, or of a change)
    /// between `opened_at` and `accepted_at`.
    /// (That each is a well-formed timestamp is part of the form [`super::verify`] checks.)
    pub fn check_times(&self) -> Result<(), RecordError> {
        let e = &self.evidence;
        let order = |member: &str, problem| RecordError::TimeOrder { member: member.to_owned(), problem };
        if e.reached_end_at < e.opened_at {
            return Err(order("evidence.reached_end_at", "is earlier than evidence.opened_at"));
        }
        if self.accepted_at < e.reached_end_at {
            return Err(order("accepted_at", "is earlier than evidence.reached_end_at"));
        }
        for (i, seen) in e.highlights_seen.iter().enumerate() {
            let member = |name: &str| ["evidence.highlights_seen[", &i.to_string(), "].", name].concat();
            if seen.first_seen_at < e.opened_at || seen.first_seen_at > self.accepted_at {
                return Err(order(&member("first_seen_at"), "is not between evidence.opened_at and accepted_at"));
            }
            if seen.acknowledged_at.is_some_and(|at| at < e.opened_at || at > self.accepted_at) {
                return Err(order(&member("acknowledged_at"), "is not between evidence.opened_at and accepted_at"));
            }
        }
        for (i, change) in e.changes_seen.iter().flatten().enumerate() {
            if change.first_seen_at < e.opened_at || change.first_seen_at > self.accepted_at {
                let member = ["evidence.changes_seen[", &i.to_string(), "].first_seen_at"].concat();
                return Err(order(&member, "is not between evidence.opened_at and accepted_at"));
            }
        }
        self.check_reading_rules()
    }

    /// The v1 additions, when present: no passage in view longer than the reading lasted,
    /// and what the gate required was met (acknowledgements, minimum time in view).
    fn check_reading_rules(&self) -> Result<(), RecordError> {
        let e = &self.evidence;
        for (i, seen) in e.highlights_seen.iter().enumerate() {
            let member = |name: &str| ["evidence.highlights_seen[", &i.to_string(), "].", name].concat();
            if let (Some(visible), Some(reading)) = (seen.visible_ms, e.reading_ms) {
                if visible > reading {
                    return Err(RecordError::mismatch(member("visible_ms"), "is longer than evidence.reading_ms"));
                }
            }
            if let Some(rules) = e.reading_rules {
                if rules.acknowledgement_required && seen.acknowledged_at.is_none() {
                    return Err(RecordError::mismatch(member("acknowledged_at"), "is missing although acknowledgement was required"));
                }
                if seen.visible_ms.is_some_and(|ms| ms < rules.min_visible_ms) {
                    return Err(RecordError::mismatch(member("visible_ms"), "is shorter than evidence.reading_rules.min_visible_ms"));
                }
            }
        }
        Ok(())
    }

    fn check_seen_count(&self) -> Result<(), RecordError> {
        if self.evidence.highlights_seen.len() as u64 != self.document.highlights {
            return Err(RecordError::mismatch("evidence.highlights_seen", "does not have document.highlights entries"));
        }
        Ok(())
    }
}

/// Checks that a (verified) record is about this document: the hash of `document_bytes`,
/// the front matter, the number of highlighted passages, every passage id in document
/// order; then the times ([`AcceptanceRecord::check_document`], then
/// [`AcceptanceRecord::check_highlights`], then [`AcceptanceRecord::check_times`]).
///
/// `document` must be the parse of `document_bytes`.
pub fn check_against_document(record: &AcceptanceRecord, document_bytes: &[u8], document: &Document) -> Result<(), RecordError> {
    record.check_document(document_bytes, document)?;
    record.check_highlights(document)?;
    record.check_times()
}
