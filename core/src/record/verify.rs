//! Verifying any record JSON: its form, then its signature.
//!
//! Members unknown to v1 are allowed anywhere (later v1 writers may add them) and are
//! covered by the signature like the rest, because the signed bytes are rebuilt from the
//! whole parsed record, not from the members this version knows.

use chrono::{DateTime, Utc};
use ed25519_dalek::{Signature, VerifyingKey};

use super::{
    parse_timestamp, AcceptanceRecord, ChangeSeen, ChangeSeenKind, DocumentRef, HighlightSeen, ReadingRules, RecordError, RecordEvidence, SignedRecord,
    Supersedes, Viewport, SCHEMA,
};
use crate::json::{self, canonical_json, Value};
use crate::{base64url, hash};

/// Verifies a record's JSON text: strict JSON, every v1 member present with its type and
/// form, then the Ed25519 signature (RFC 8032, strict: no non-canonical encodings, no
/// small-order keys) over the canonical JSON of the record without `signature`.
///
/// This proves the record is intact and signed by the key it carries. Whether it fits a
/// given document is [`super::check_against_document`]'s question.
pub fn verify(text: &str) -> Result<SignedRecord, RecordError> {
    verify_value(json::parse(text).map_err(RecordError::Json)?)
}

/// [`verify`] for a record already parsed, e.g. by a server that reads its `record_id`
/// first: the text is parsed once.
pub fn verify_value(mut value: Value) -> Result<SignedRecord, RecordError> {
    let (record, public_key, signature) = read(&value)?;
    let key = VerifyingKey::from_bytes(&public_key)
        .map_err(|_| RecordError::schema("signature.public_key", "is not an Ed25519 public key"))?;
    // `read` found the member, so it is there to take out and put back.
    let signature_member = value.remove("signature").unwrap_or(Value::Null);
    let signed = canonical_json(&value);
    key.verify_strict(signed.as_bytes(), &Signature::from_bytes(&signature)).map_err(|_| RecordError::Signature)?;
    if let Value::Object(members) = &mut value {
        members.push(("signature".to_owned(), signature_member));
    }
    Ok(SignedRecord { record, public_key, signature, json: canonical_json(&value) })
}

/// Reads and checks every v1 member.
fn read(value: &Value) -> Result<(AcceptanceRecord, [u8; 32], [u8; 64]), RecordError> {
    let top = Obj::new(value, "")?;
    if top.get("schema")?.as_str() != Some(SCHEMA) {
        return Err(top.err("schema", "must be \"clausewrap.acceptance.v1\""));
    }
    let record_id = top.bytes("record_id", "must be base64url (no padding) of 16 bytes")?;

    let doc = top.object("document", "document.")?;
    let sha256 = doc.string("sha256")?;
    if !hash::is_sha256_hex(&sha256) {
        return Err(doc.err("sha256", "must be 64 lowercase hex digits"));
    }
    let highlights = doc
        .get("highlights")?
        .as_number()
        .and_then(|n| n.as_safe_integer())
        .and_then(|n| u64::try_from(n).ok())
        .ok_or_else(|| doc.err("highlights", "must be a non-negative integer"))?;
    let document = DocumentRef { id: doc.string("id")?, title: doc.string("title")?, version: doc.string("version")?, sha256, highlights };

    let ev = top.object("evidence", "evidence.")?;
    let entries = ev.get("highlights_seen")?.as_array().ok_or_else(|| ev.err("highlights_seen", "must be an array"))?;
    let mut highlights_seen = Vec::with_capacity(entries.len());
    for (i, entry) in entries.iter().enumerate() {
        let prefix = ["evidence.highlights_seen[", &i.to_string(), "]."].concat();
        let entry = Obj::new(entry, &prefix)?;
        highlights_seen.push(HighlightSeen {
            id: entry.string("id")?,
            first_seen_at: entry.timestamp("first_seen_at")?,
            visible_ms: entry.optional_integer("visible_ms")?,
            acknowledged_at: entry.optional_nullable_timestamp("acknowledged_at")?,
        });
    }
    let evidence = RecordEvidence {
        opened_at: ev.timestamp("opened_at")?,
        reached_end_at: ev.timestamp("reached_end_at")?,
        highlights_seen,
        locale: ev.string("locale")?,
        user_agent: ev.string("user_agent")?,
        viewport: read_viewport(&ev)?,
        reading_ms: ev.optional_integer("reading_ms")?,
        reading_rules: read_rules(&ev)?,
        changes_seen: read_changes(&ev)?,
    };

    let record = AcceptanceRecord {
        record_id,
        document,
        accepted_at: top.timestamp("accepted_at")?,
        subject: top.nullable_string("subject")?,
        nonce: top.nullable_string("nonce")?,
        evidence,
        supersedes: read_supersedes(&top)?,
    };
    record.check_reacceptance()?;

    let sig = top.object("signature", "signature.")?;
    if sig.get("alg")?.as_str() != Some("Ed25519") {
        return Err(sig.err("alg", "must be \"Ed25519\""));
    }
    // Nothing in `signature` is signed, so nothing beyond these three members may ride there.
    if let Some((key, _)) = sig.members().iter().find(|(k, _)| !matches!(k.as_str(), "alg" | "public_key" | "value")) {
        return Err(sig.err(key, "is not allowed: members of signature are not signed"));
    }
    let public_key = sig.bytes("public_key", "must be base64url (no padding) of 32 bytes")?;
    let signature = sig.bytes("value", "must be base64url (no padding) of 64 bytes")?;
    Ok((record, public_key, signature))
}

/// `evidence.viewport`, a v1 addition: absent, or `{width, height, device_pixel_ratio}`.
fn read_viewport(ev: &Obj<'_, '_>) -> Result<Option<Viewport>, RecordError> {
    if ev.value.get("viewport").is_none() {
        return Ok(None);
    }
    let v = ev.object("viewport", "evidence.viewport.")?;
    let dimension = |key: &str| -> Result<u32, RecordError> {
        v.optional_integer(key)?.and_then(|n| u32::try_from(n).ok()).ok_or_else(|| v.err(key, "must be a non-negative integer"))
    };
    let ratio = v.get("device_pixel_ratio")?.as_number().map(|n| n.get()).filter(|r| *r >= 0.0);
    Ok(Some(Viewport {
        width: dimension("width")?,
        height: dimension("height")?,
        device_pixel_ratio: ratio.ok_or_else(|| v.err("device_pixel_ratio", "must be a non-negative number"))?,
    }))
}

/// `evidence.reading_rules`, a v1 addition.
fn read_rules(ev: &Obj<'_, '_>) -> Result<Option<ReadingRules>, RecordError> {
    if ev.value.get("reading_rules").is_none() {
        return Ok(None);
    }
    let r = ev.object("reading_rules", "evidence.reading_rules.")?;
    let ms = |key: &str| r.optional_integer(key)?.ok_or_else(|| r.err(key, "is missing"));
    Ok(Some(ReadingRules {
        min_dwell_ms: ms("min_dwell_ms")?,
        min_visible_ms: ms("min_visible_ms")?,
        acknowledgement_required: r.get("acknowledgement_required")?.as_bool().ok_or_else(|| r.err("acknowledgement_required", "must be true or false"))?,
    }))
}

/// `supersedes`, a v1 addition for re-acceptance: absent, or `{record_id, version, sha256}`
/// (`record_id` null when the earlier record is not known). The rules linking it to the
/// rest of the record are [`AcceptanceRecord::check_reacceptance`]'s.
fn read_supersedes(top: &Obj<'_, '_>) -> Result<Option<Supersedes>, RecordError> {
    if top.value.get("supersedes").is_none() {
        return Ok(None);
    }
    let s = top.object("supersedes", "supersedes.")?;
    let record_id = match s.get("record_id")? {
        Value::Null => None,
        _ => Some(s.bytes("record_id", "must be base64url (no padding) of 16 bytes, or null")?),
    };
    Ok(Some(Supersedes { record_id, version: s.string("version")?, sha256: s.string("sha256")? }))
}

/// `evidence.changes_seen`, a v1 addition for re-acceptance: absent, or an array of
/// `{id, kind, first_seen_at}`.
fn read_changes(ev: &Obj<'_, '_>) -> Result<Option<Vec<ChangeSeen>>, RecordError> {
    let Some(entries) = ev.value.get("changes_seen") else {
        return Ok(None);
    };
    let entries = entries.as_array().ok_or_else(|| ev.err("changes_seen", "must be an array"))?;
    let mut changes = Vec::with_capacity(entries.len());
    for (i, entry) in entries.iter().enumerate() {
        let prefix = ["evidence.changes_seen[", &i.to_string(), "]."].concat();
        let entry = Obj::new(entry, &prefix)?;
        let kind = entry.get("kind")?.as_str().and_then(ChangeSeenKind::from_name);
        changes.push(ChangeSeen {
            id: entry.string("id")?,
            kind: kind.ok_or_else(|| entry.err("kind", "must be \"changed\", \"added\" or \"removed\""))?,
            first_seen_at: entry.timestamp("first_seen_at")?,
        });
    }
    Ok(Some(changes))
}

/// A JSON object being read, with the path that names its members in errors.
struct Obj<'v, 'p> {
    value: &'v Value,
    /// `""` for the record itself, else the object's path and a dot, e.g. `"document."`.
    prefix: &'p str,
}

impl<'v, 'p> Obj<'v, 'p> {
    fn new(value: &'v Value, prefix: &'p str) -> Result<Self, RecordError> {
        match value {
            Value::Object(_) => Ok(Obj { value, prefix }),
            _ => Err(RecordError::schema(prefix.trim_end_matches('.'), "must be an object")),
        }
    }

    fn members(&self) -> &'v [(String, Value)] {
        self.value.as_object().unwrap_or_default()
    }

    fn err(&self, key: &str, problem: &'static str) -> RecordError {
        RecordError::schema([self.prefix, key].concat(), problem)
    }

    fn get(&self, key: &str) -> Result<&'v Value, RecordError> {
        self.value.get(key).ok_or_else(|| self.err(key, "is missing"))
    }

    fn object<'q>(&self, key: &str, prefix: &'q str) -> Result<Obj<'v, 'q>, RecordError> {
        Obj::new(self.get(key)?, prefix)
    }

    fn string(&self, key: &str) -> Result<String, RecordError> {
        self.get(key)?.as_str().map(str::to_owned).ok_or_else(|| self.err(key, "must be a string"))
    }

    fn nullable_string(&self, key: &str) -> Result<Option<String>, RecordError> {
        match self.get(key)? {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(s.clone())),
            _ => Err(self.err(key, "must be a string or null")),
        }
    }

    /// A member added within v1: absent is `None`; present, it must be a non-negative integer.
    fn optional_integer(&self, key: &str) -> Result<Option<u64>, RecordError> {
        match self.value.get(key) {
            None => Ok(None),
            Some(v) => v
                .as_number()
                .and_then(|n| n.as_safe_integer())
                .and_then(|n| u64::try_from(n).ok())
                .map(Some)
                .ok_or_else(|| self.err(key, "must be a non-negative integer")),
        }
    }

    /// A member added within v1: absent or null is `None`; else a timestamp.
    fn optional_nullable_timestamp(&self, key: &str) -> Result<Option<DateTime<Utc>>, RecordError> {
        match self.value.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(_) => self.timestamp(key).map(Some),
        }
    }

    fn timestamp(&self, key: &str) -> Result<DateTime<Utc>, RecordError> {
        self.get(key)?
            .as_str()
            .and_then(|s| parse_timestamp(s).ok())
            .ok_or_else(|| self.err(key, "must be a timestamp of the form 2026-11-29T03:04:05.678Z"))
    }

    fn bytes<const N: usize>(&self, key: &str, problem: &'static str) -> Result<[u8; N], RecordError> {
        self.get(key)?
            .as_str()
            .and_then(|s| base64url::decode(s).ok())
            .and_then(|bytes| <[u8; N]>::try_from(bytes).ok())
            .ok_or_else(|| self.err(key, problem))
    }
}
