//! Signed sample records over a real document, made the way the widget makes them: for the
//! ledger's tests, its crash test and its benchmark, which need many distinct valid
//! records without a browser.

use chrono::{DateTime, Duration, Utc};
use clausewrap_core::document::Document;
use clausewrap_core::gate::Evidence;
use clausewrap_core::hash::sha256_hex;
use clausewrap_core::markdown::{self, DocumentError};
use clausewrap_core::record::{AcceptanceRecord, ReadingRules, RecordError, RecordInput, Viewport};
use ed25519_dalek::{Signer, SigningKey};

/// Signs records about one document with one reader key.
pub struct SampleSigner {
    document: Document,
    sha256: String,
    key: SigningKey,
}

impl SampleSigner {
    /// A signer for the document `bytes`, with the reader key from `seed`.
    pub fn new(bytes: &[u8], seed: [u8; 32]) -> Result<SampleSigner, DocumentError> {
        Ok(SampleSigner { document: markdown::parse(bytes)?, sha256: sha256_hex(bytes), key: SigningKey::from_bytes(&seed) })
    }

    /// The record, as canonical JSON, of a reader who opened the document 20 s before
    /// `accepted_at`, saw every highlighted passage and reached the end.
    pub fn record(&self, record_id: [u8; 16], subject: Option<&str>, nonce: Option<&str>, accepted_at: DateTime<Utc>) -> Result<String, RecordError> {
        let opened_at = accepted_at - Duration::seconds(20);
        let passages = self.document.passages.len();
        let seen: Vec<DateTime<Utc>> = (0..passages).map(|i| opened_at + Duration::milliseconds(500 + 100 * i as i64)).collect();
        let evidence = Evidence {
            opened_at,
            reached_end_at: accepted_at - Duration::seconds(2),
            passages_visible_ms: vec![1_000; passages],
            passages_acknowledged_at: vec![None; passages],
            passages_first_seen: seen,
            accepted_at,
            reading_ms: 20_000,
        };
        let record = AcceptanceRecord::new(RecordInput {
            document: &self.document,
            document_sha256: &self.sha256,
            evidence: &evidence,
            record_id,
            subject: subject.map(str::to_owned),
            nonce: nonce.map(str::to_owned),
            locale: "zh-CN".to_owned(),
            user_agent: "clausewrap-sample/1".to_owned(),
            viewport: Some(Viewport { width: 390, height: 844, device_pixel_ratio: 3.0 }),
            reading_rules: Some(ReadingRules { min_dwell_ms: 300, min_visible_ms: 0, acknowledgement_required: false }),
            reacceptance: None,
        })?;
        let signature = self.key.sign(record.signing_input().as_bytes()).to_bytes();
        Ok(record.into_signed(self.key.verifying_key().to_bytes(), signature).to_json())
    }
}
