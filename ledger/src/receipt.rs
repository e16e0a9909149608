//! The receipt, `clausewrap.receipt.v1`: the ledger's countersignature over one stored
//! record and its place in the hash chain (see `docs/ledger.md`). Pure: the caller gives
//! the time and the key.

use chrono::{DateTime, Utc};
use clausewrap_core::base64url;
use clausewrap_core::hash::{is_sha256_hex, sha256_hex};
use clausewrap_core::json::{self, canonical_json, Number, Value};
use clausewrap_core::record::{format_timestamp, parse_timestamp};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};

pub const RECEIPT_SCHEMA: &str = "clausewrap.receipt.v1";

/// The `previous_hash` of the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Where the chain stands: the last entry's sequence number, hash and receipt time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainHead {
    pub sequence: u64,
    pub entry_hash: String,
    pub received_at: Option<DateTime<Utc>>,
}

impl ChainHead {
    /// The head of an empty ledger.
    pub fn genesis() -> ChainHead {
        ChainHead { sequence: 0, entry_hash: GENESIS_HASH.to_owned(), received_at: None }
    }
}

/// A signed receipt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    pub record_id: String,
    pub record_sha256: String,
    pub received_at: DateTime<Utc>,
    pub sequence: u64,
    pub previous_hash: String,
    pub entry_hash: String,
    pub ledger_key: [u8; 32],
    pub signature: [u8; 64],
}

/// Why a receipt does not verify.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReceiptError {
    /// Not a v1 receipt: `member` is missing or malformed.
    Form { member: &'static str },
    /// `entry_hash` is not the hash of the entry's members.
    EntryHash,
    /// The signature does not verify with `ledger_key`.
    Signature,
    /// Signed by a key other than the one expected.
    Key,
    /// `record_sha256` is not the hash of the record given.
    Record,
}

impl std::fmt::Display for ReceiptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReceiptError::Form { member } => write!(f, "not a {RECEIPT_SCHEMA} receipt: {member} is missing or malformed"),
            ReceiptError::EntryHash => f.write_str("entry_hash is not the SHA-256 of the entry's members"),
            ReceiptError::Signature => f.write_str("the receipt's signature does not verify with its ledger_key"),
            ReceiptError::Key => f.write_str("the receipt is signed by another key than the ledger's"),
            ReceiptError::Record => f.write_str("record_sha256 is not the SHA-256 of the record's canonical JSON"),
        }
    }
}

impl std::error::Error for ReceiptError {}

/// The hash a receipt gives a record: SHA-256 of its canonical JSON, signature included.
pub fn record_sha256(record: &Value) -> String {
    sha256_hex(canonical_json(record).as_bytes())
}

impl Receipt {
    /// Seals the entry that follows `head` for the record `record_id` (hash
    /// `record_sha256`), received at `now`: the receipt time never goes back before the
    /// previous entry's, so the chain's times are in order even if the clock steps back.
    pub fn seal(head: &ChainHead, record_id: &str, record_sha256: &str, now: DateTime<Utc>, key: &SigningKey) -> Receipt {
        let now = truncate_ms(now);
        let received_at = head.received_at.map_or(now, |previous| previous.max(now));
        let mut receipt = Receipt {
            record_id: record_id.to_owned(),
            record_sha256: record_sha256.to_owned(),
            received_at,
            sequence: head.sequence + 1,
            previous_hash: head.entry_hash.clone(),
            entry_hash: String::new(),
            ledger_key: key.verifying_key().to_bytes(),
            signature: [0; 64],
        };
        receipt.entry_hash = sha256_hex(canonical_json(&receipt.entry_value()).as_bytes());
        receipt.signature = key.sign(receipt.signing_input().as_bytes()).to_bytes();
        receipt
    }

    /// The head this entry makes.
    pub fn head(&self) -> ChainHead {
        ChainHead { sequence: self.sequence, entry_hash: self.entry_hash.clone(), received_at: Some(self.received_at) }
    }

    /// The six members `entry_hash` is computed over.
    fn entry_value(&self) -> Value {
        Value::Object(vec![
            ("schema".into(), RECEIPT_SCHEMA.into()),
            ("record_id".into(), self.record_id.as_str().into()),
            ("record_sha256".into(), self.record_sha256.as_str().into()),
            ("received_at".into(), format_timestamp(self.received_at).into()),
            ("sequence".into(), sequence_value(self.sequence)),
            ("previous_hash".into(), self.previous_hash.as_str().into()),
        ])
    }

    /// The receipt without `signature`: what the ledger key signs, before canonicalising.
    fn unsigned_value(&self) -> Value {
        let Value::Object(mut members) = self.entry_value() else { unreachable!("entry_value is an object") };
        members.push(("entry_hash".into(), self.entry_hash.as_str().into()));
        members.push(("ledger_key".into(), base64url::encode(&self.ledger_key).into()));
        Value::Object(members)
    }

    /// The bytes the signature covers: the canonical JSON of the receipt without `signature`.
    pub fn signing_input(&self) -> String {
        canonical_json(&self.unsigned_value())
    }

    pub fn to_value(&self) -> Value {
        let Value::Object(mut members) = self.unsigned_value() else { unreachable!("unsigned_value is an object") };
        members.push(("signature".into(), base64url::encode(&self.signature).into()));
        Value::Object(members)
    }

    /// The receipt as canonical JSON.
    pub fn to_json(&self) -> String {
        canonical_json(&self.to_value())
    }

    /// Reads a receipt and checks its entry hash and its signature (by its own
    /// `ledger_key`; compare that with the ledger's published key, or use
    /// [`Receipt::verify_with`]).
    pub fn verify(value: &Value) -> Result<Receipt, ReceiptError> {
        let receipt = Receipt::read(value)?;
        if sha256_hex(canonical_json(&receipt.entry_value()).as_bytes()) != receipt.entry_hash {
            return Err(ReceiptError::EntryHash);
        }
        let key = VerifyingKey::from_bytes(&receipt.ledger_key).map_err(|_| ReceiptError::Form { member: "ledger_key" })?;
        key.verify(receipt.signing_input().as_bytes(), &Signature::from_bytes(&receipt.signature)).map_err(|_| ReceiptError::Signature)?;
        Ok(receipt)
    }

    /// [`Receipt::verify`], and the receipt is signed by `ledger_key` and is about `record`.
    pub fn verify_with(value: &Value, record: &Value, ledger_key: &[u8; 32]) -> Result<Receipt, ReceiptError> {
        let receipt = Receipt::verify(value)?;
        if &receipt.ledger_key != ledger_key {
            return Err(ReceiptError::Key);
        }
        if receipt.record_sha256 != record_sha256(record) || record.get("record_id").and_then(Value::as_str) != Some(&receipt.record_id) {
            return Err(ReceiptError::Record);
        }
        Ok(receipt)
    }

    fn read(value: &Value) -> Result<Receipt, ReceiptError> {
        let text = |member: &'static str| value.get(member).and_then(Value::as_str).ok_or(ReceiptError::Form { member });
        let hash = |member: &'static str| text(member).and_then(|h| if is_sha256_hex(h) { Ok(h.to_owned()) } else { Err(ReceiptError::Form { member }) });
        let bytes = |member: &'static str| text(member).and_then(|t| base64url::decode(t).map_err(|_| ReceiptError::Form { member }));
        let allowed = ["schema", "record_id", "record_sha256", "received_at", "sequence", "previous_hash", "entry_hash", "ledger_key", "signature"];
        let members = value.as_object().ok_or(ReceiptError::Form { member: "the receipt" })?;
        if members.len() != allowed.len() || members.iter().any(|(k, _)| !allowed.contains(&k.as_str())) {
            return Err(ReceiptError::Form { member: "the receipt's member list" });
        }
        if text("schema")? != RECEIPT_SCHEMA {
            return Err(ReceiptError::Form { member: "schema" });
        }
        let received_at = parse_timestamp(text("received_at")?).map_err(|_| ReceiptError::Form { member: "received_at" })?;
        let sequence = value
            .get("sequence")
            .and_then(Value::as_number)
            .and_then(Number::as_safe_integer)
            .and_then(|n| u64::try_from(n).ok())
            .filter(|&n| n >= 1)
            .ok_or(ReceiptError::Form { member: "sequence" })?;
        Ok(Receipt {
            record_id: text("record_id")?.to_owned(),
            record_sha256: hash("record_sha256")?,
            received_at,
            sequence,
            previous_hash: hash("previous_hash")?,
            entry_hash: hash("entry_hash")?,
            ledger_key: bytes("ledger_key")?.try_into().map_err(|_| ReceiptError::Form { member: "ledger_key" })?,
            signature: bytes("signature")?.try_into().map_err(|_| ReceiptError::Form { member: "signature" })?,
        })
    }

    /// Parses and verifies a receipt's JSON text.
    pub fn verify_text(text: &str) -> Result<Receipt, ReceiptError> {
        let value = json::parse(text).map_err(|_| ReceiptError::Form { member: "the receipt" })?;
        Receipt::verify(&value)
    }
}

fn sequence_value(sequence: u64) -> Value {
    // Sequence numbers stay far below 2^53, where JSON numbers stop being exact integers.
    Number::new(sequence as f64).map_or(Value::Null, Value::Number)
}

/// Receipt times are written to the millisecond; keep them so, so that what is hashed and
/// what is stored agree.
pub fn truncate_ms(time: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(time.timestamp_millis()).unwrap_or(time)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn key() -> SigningKey {
        SigningKey::from_bytes(&[7; 32])
    }

    fn at(ms: i64) -> DateTime<Utc> {
        Utc.timestamp_millis_opt(1_795_921_445_678 + ms).unwrap()
    }

    #[test]
    fn a_sealed_receipt_verifies_and_chains() {
        let first = Receipt::seal(&ChainHead::genesis(), "AAECAwQFBgcICQoLDA0O_w", &"a".repeat(64), at(0), &key());
        assert_eq!(first.sequence, 1);
        assert_eq!(first.previous_hash, GENESIS_HASH);
        let second = Receipt::seal(&first.head(), "BBECAwQFBgcICQoLDA0O_w", &"b".repeat(64), at(-5_000), &key());
        assert_eq!((second.sequence, second.previous_hash.as_str()), (2, first.entry_hash.as_str()));
        assert_eq!(second.received_at, first.received_at, "the clock stepped back; the receipt time did not");
        for receipt in [&first, &second] {
            assert_eq!(Receipt::verify_text(&receipt.to_json()).as_ref(), Ok(receipt));
        }
    }

    #[test]
    fn every_member_is_covered() {
        let receipt = Receipt::seal(&ChainHead::genesis(), "AAECAwQFBgcICQoLDA0O_w", &"a".repeat(64), at(0), &key());
        let Value::Object(members) = receipt.to_value() else { panic!() };
        for (i, (name, value)) in members.iter().enumerate() {
            let changed = match value {
                Value::String(s) if name == "received_at" => Value::String(s.replace(".678Z", ".679Z")),
                Value::String(s) if name == "record_id" => Value::String(format!("{s}x")),
                Value::String(s) => Value::String(format!("{}{}", if s.starts_with('0') { '1' } else { '0' }, &s[1..])),
                _ => Value::Number(Number::new(2.0).unwrap()),
            };
            let mut altered = members.clone();
            altered[i].1 = changed;
            assert!(Receipt::verify(&Value::Object(altered)).is_err(), "changing {name} went unnoticed");
        }
    }
}
