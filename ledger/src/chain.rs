//! Walking the ledger: every entry's record checks, its receipt verifies with the ledger
//! key, and it links to the entry before. The first broken link is reported with what is
//! wrong; `clausewrap ledger verify` runs this over a whole database.

use clausewrap_core::json::{self, canonical_json};
use clausewrap_core::record::{check_record, KnownDocument};

use crate::documents::Published;
use crate::receipt::{ChainHead, Receipt};
use crate::store::StoredEntry;

/// Where the chain breaks, and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokenLink {
    /// The sequence number of the first entry that does not check out (as stored).
    pub sequence: u64,
    pub record_id: Option<String>,
    pub problem: String,
}

impl std::fmt::Display for BrokenLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.record_id {
            Some(id) => write!(f, "entry {} (record {id}): {}", self.sequence, self.problem),
            None => write!(f, "entry {}: {}", self.sequence, self.problem),
        }
    }
}

/// Checks entries one after another, from the first.
pub struct ChainWalker<'a> {
    head: ChainHead,
    ledger_key: Option<[u8; 32]>,
    known: Vec<KnownDocument<'a>>,
}

impl<'a> ChainWalker<'a> {
    /// `ledger_key`: the key every receipt must be signed with; `None` takes the first
    /// receipt's key and requires the same from all others.
    pub fn new(documents: &'a [Published], ledger_key: Option<[u8; 32]>) -> ChainWalker<'a> {
        ChainWalker { head: ChainHead::genesis(), ledger_key, known: documents.iter().map(|d| KnownDocument::new(&d.bytes, &d.document)).collect() }
    }

    /// The head after the entries checked so far.
    pub fn head(&self) -> &ChainHead {
        &self.head
    }

    /// The key the receipts were checked with, once known.
    pub fn ledger_key(&self) -> Option<[u8; 32]> {
        self.ledger_key
    }

    /// Checks the next entry.
    pub fn push(&mut self, entry: &StoredEntry) -> Result<(), BrokenLink> {
        let broken = |record_id: Option<&str>, problem: String| BrokenLink { sequence: entry.sequence, record_id: record_id.map(str::to_owned), problem };
        let record = json::parse(&entry.record_json).map_err(|e| broken(None, format!("the stored record is not JSON: {e}")))?;
        let record_id = record.get("record_id").and_then(|v| v.as_str());
        let receipt_value = json::parse(&entry.receipt_json).map_err(|e| broken(record_id, format!("the stored receipt is not JSON: {e}")))?;
        let receipt = Receipt::verify(&receipt_value).map_err(|e| broken(record_id, e.to_string()))?;
        let key = *self.ledger_key.get_or_insert(receipt.ledger_key);
        Receipt::verify_with(&receipt_value, &record, &key).map_err(|e| broken(record_id, e.to_string()))?;
        if receipt.sequence != entry.sequence || receipt.sequence != self.head.sequence + 1 {
            return Err(broken(
                record_id,
                format!("expected entry {} here; the receipt says {}, the table row {}", self.head.sequence + 1, receipt.sequence, entry.sequence),
            ));
        }
        if receipt.previous_hash != self.head.entry_hash {
            return Err(broken(record_id, format!("previous_hash {} is not entry {}'s hash {}", receipt.previous_hash, self.head.sequence, self.head.entry_hash)));
        }
        if self.head.received_at.is_some_and(|previous| receipt.received_at < previous) {
            return Err(broken(record_id, "received_at is earlier than the previous entry's".to_owned()));
        }
        let report = check_record(&canonical_json(&record), &self.known, &[]);
        if let Some((check, error)) = report.failure() {
            return Err(broken(record_id, format!("the record fails check {}: {error}", check.name())));
        }
        if !self.known.iter().any(|k| record.get("document").and_then(|d| d.get("sha256")).and_then(|s| s.as_str()) == Some(k.sha256.as_str())) {
            return Err(broken(record_id, "the record is about a document the ledger never published".to_owned()));
        }
        self.head = receipt.head();
        Ok(())
    }
}
