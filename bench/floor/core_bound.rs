//! The floor with the core: the minimal Yew app plus every pure computation the widget
//! must run in the browser and, with the `embedded` feature, the data it must carry, but no
//! UI for them. Built like the package, its size is a lower bound for any widget built on
//! Yew and this core: whatever draws the document, the gate and the record, it adds to this.
//!
//! It leaves out what the widget needs beyond these: the UI, the messages in two languages,
//! the options decoder, the I/O module (fetch, signing key, outbox, courier) and the entry
//! module. Every input comes from JavaScript, so that the optimiser keeps each computation
//! whole.

use chrono::{DateTime, Utc};
use clausewrap_core::base64url;
use clausewrap_core::diff::diff_documents;
use clausewrap_core::gate::{GateEvent, GateOptions, GateStatus, Moment, ReadingGate};
use clausewrap_core::hash::{sha256_hex, Sha256};
use clausewrap_core::markdown::{self, Parsing, Step};
use clausewrap_core::record::{
    format_timestamp, AcceptanceRecord, ChangeSeenKind, ReadingRules, Reacceptance, RecordInput, Supersedes, Viewport,
};
use wasm_bindgen::prelude::*;

/// The stylesheet the widget carries, minified as the widget's build does.
#[cfg(feature = "embedded")]
#[wasm_bindgen]
pub fn stylesheet() -> String {
    include_str!(concat!(env!("OUT_DIR"), "/clausewrap.min.css")).into()
}

/// The default document the widget carries.
#[cfg(feature = "embedded")]
#[wasm_bindgen]
pub fn default_document() -> Vec<u8> {
    include_bytes!("../../static/face-recognition-service-rules.md").into()
}

fn at(ms: f64) -> Moment {
    Moment::new(DateTime::<Utc>::from_timestamp_millis(ms as i64).unwrap_or(DateTime::<Utc>::MAX_UTC), ms)
}

/// Parses `bytes` a part at a time while hashing them, as the widget opens a document;
/// diffs them against `old`; runs the gate over `events` (kind, index, time triples);
/// builds the record and returns its signing input and signed JSON, or the error's text.
#[wasm_bindgen]
pub fn accept(bytes: &[u8], old: &[u8], events: &[f64], record_id: &[u8], part: usize) -> String {
    let mut hasher = Sha256::new();
    hasher.update(bytes);
    let sha = hasher.finish_hex();
    let mut parsing = Parsing::new(bytes);
    let document = loop {
        match parsing.step(part) {
            Step::Pending => continue,
            Step::Done(Ok(document)) => break document,
            Step::Done(Err(error)) => return error.to_string(),
            Step::Finished => return String::new(),
        }
    };
    let old_document = markdown::parse(old).ok();
    let diff = old_document.as_ref().map(|o| diff_documents(o, &document));
    let changes: Vec<(String, ChangeSeenKind)> = diff
        .iter()
        .flat_map(|d| d.to_read())
        .filter_map(|c| Some((c.id(), ChangeSeenKind::from_name(c.kind.name())?)))
        .collect();
    let options = GateOptions { min_dwell_ms: events.first().copied().unwrap_or(300.0), min_visible_ms: 0.0, require_acknowledgement: true };
    let mut gate = ReadingGate::with_options(document.passages.len() + changes.len(), at(0.0), options);
    // What the shell asks the gate after each event: the next timer, and what to say.
    let mut asked = 0.0;
    for e in events.chunks_exact(3) {
        let i = e[1] as usize;
        let event = match e[0] as u8 {
            0 => GateEvent::EndVisible,
            1 => GateEvent::PassageShown(i),
            2 => GateEvent::PassageHidden(i),
            3 => GateEvent::PageHidden,
            4 => GateEvent::PageShown,
            5 => GateEvent::Tick,
            6 => GateEvent::Acknowledged(i, true),
            _ => GateEvent::AgreePressed,
        };
        gate.apply(event, at(e[2]));
        asked += gate.next_deadline().unwrap_or(0.0) + gate.next_unread(Some(i)).unwrap_or(0) as f64;
        if gate.status() == GateStatus::Accepted {
            break;
        }
    }
    let Some(evidence) = gate.evidence() else { return (asked as u64).to_string() };
    let (evidence, changes_first_seen) = evidence.split_changes(document.passages.len());
    let id = <[u8; 16]>::try_from(record_id).unwrap_or_default();
    let record = AcceptanceRecord::new(RecordInput {
        document: &document,
        document_sha256: &sha,
        evidence: &evidence,
        record_id: id,
        subject: None,
        nonce: None,
        locale: document.meta.lang.clone(),
        user_agent: format_timestamp(evidence.opened_at),
        viewport: Some(Viewport { width: 1, height: 2, device_pixel_ratio: 1.0 }),
        reading_rules: Some(ReadingRules { min_dwell_ms: 300, min_visible_ms: 0, acknowledgement_required: true }),
        reacceptance: old_document.map(|o| Reacceptance {
            supersedes: Supersedes { record_id: None, version: o.meta.version.clone(), sha256: sha256_hex(old) },
            changes,
            changes_first_seen,
        }),
    });
    match record {
        Ok(record) => {
            let input = record.signing_input();
            let signed = record.into_signed([1; 32], [2; 64]);
            input + &signed.to_json() + &base64url::encode(&id)
        }
        Err(e) => e.to_string(),
    }
}
