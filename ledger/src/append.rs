//! What appending a record does, decided from what the storage found: the same rules for
//! SQLite and PostgreSQL, in one pure function run inside each one's write transaction.

use chrono::{DateTime, Utc};
use ed25519_dalek::SigningKey;

use crate::admission::Admitted;
use crate::nonce::{check_missing, check_nonce, IssuedNonce};
use crate::problem::Problem;
use crate::receipt::{ChainHead, Receipt};

/// What the write transaction found before deciding.
pub struct Found<'a> {
    /// The entry already stored under the record's id: its record hash and receipt.
    pub existing: Option<(String, String)>,
    /// The record's nonce as issued, if the record has one and the ledger knows it.
    pub nonce: Option<IssuedNonce>,
    pub head: ChainHead,
    pub now: DateTime<Utc>,
    pub key: &'a SigningKey,
    pub require_nonce: bool,
}

/// The outcome.
#[derive(Debug)]
pub enum Decision {
    /// The same record is already stored: answer its receipt (JSON) again.
    Existing(String),
    /// Store this new entry (and mark the nonce used, if there is one).
    Append(Receipt),
}

pub fn decide(admitted: &Admitted, found: Found<'_>) -> Result<Decision, Problem> {
    if let Some((record_sha256, receipt_json)) = found.existing {
        if record_sha256 == admitted.record_sha256 {
            return Ok(Decision::Existing(receipt_json));
        }
        return Err(Problem::new(
            409,
            "record-id-conflict",
            "Another record with this record_id is already stored",
            format!("record {} is stored with SHA-256 {record_sha256}; this one differs", admitted.record_id),
        ));
    }
    match admitted.nonce.as_deref() {
        None => check_missing(found.require_nonce)?,
        Some(nonce) => check_nonce(nonce, found.nonce.as_ref(), admitted.subject.as_deref(), &admitted.record_id, found.now)?,
    }
    Ok(Decision::Append(Receipt::seal(&found.head, &admitted.record_id, &admitted.record_sha256, found.now, found.key)))
}
