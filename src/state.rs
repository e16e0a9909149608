//! The widget's state and its reducer: a thin layer over the core's [`ReadingGate`] that
//! also tracks the signing of the record. Pure (no browser types), so it is unit-tested
//! natively; the Yew root's `use_reducer` calls [`WidgetState::reduce_action`].

use std::rc::Rc;

use chrono::{DateTime, Utc};
use clausewrap_core::document::Document;
use clausewrap_core::gate::{GateEvent, GateStatus, Outcome, ReadingGate};
use clausewrap_core::hash::sha256_hex;
use clausewrap_core::markdown::{self, DocumentError};

/// A document ready to be shown: its exact bytes' hash and its parsed model.
#[derive(Debug, PartialEq)]
pub struct LoadedDocument {
    pub document: Document,
    pub sha256: String,
}

/// What happened to the record after the reader accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Signing {
    /// Not accepted yet.
    Idle,
    /// Accepted; attempt number `n` at signing and emitting the record is under way.
    Pending { attempt: u32 },
    /// The signed record (canonical JSON) was emitted.
    Emitted { record_json: Rc<str>, record_id: Rc<str> },
    /// Signing failed; the reader may retry. The acceptance itself stands.
    Failed { attempt: u32, message: Rc<str> },
}

/// Everything the widget shows and decides.
#[derive(Debug, PartialEq)]
pub struct WidgetState {
    pub document: Result<Rc<LoadedDocument>, Rc<DocumentError>>,
    pub gate: ReadingGate,
    /// Agree was pressed while the gate was closed; the status line says why nothing happened.
    pub refused: bool,
    pub signing: Signing,
}

/// An action on the widget, with the time it happened where time matters.
#[derive(Clone, Debug)]
pub enum Action {
    Gate(GateEvent, DateTime<Utc>),
    Emitted { record_json: Rc<str>, record_id: Rc<str> },
    SigningFailed(Rc<str>),
    RetrySigning,
}

impl WidgetState {
    /// Parses `bytes` and opens a gate at `opened_at`. A broken document keeps the gate
    /// closed for good: with no passages and no end to reach, Agree never activates.
    pub fn open(bytes: &[u8], opened_at: DateTime<Utc>) -> Self {
        let document = markdown::parse(bytes)
            .map(|document| Rc::new(LoadedDocument { document, sha256: sha256_hex(bytes) }))
            .map_err(Rc::new);
        let passages = document.as_ref().map(|d| d.document.passages.len()).unwrap_or(0);
        WidgetState { document, gate: ReadingGate::new(passages, opened_at), refused: false, signing: Signing::Idle }
    }

    /// The pure transition the Yew reducer delegates to.
    pub fn reduce_action(&self, action: Action) -> Option<WidgetState> {
        let mut next = WidgetState {
            document: self.document.clone(),
            gate: self.gate.clone(),
            refused: self.refused,
            signing: self.signing.clone(),
        };
        match action {
            Action::Gate(event, now) => {
                if self.document.is_err() {
                    return None;
                }
                match next.gate.apply(event, now) {
                    // A passage coming into view changes the gate without progress yet.
                    Outcome::Unchanged if next.gate == self.gate => return None,
                    Outcome::Unchanged => {}
                    // The explanation of a refused press stays until it no longer applies.
                    Outcome::Progressed => next.refused &= !next.agree_available(),
                    Outcome::Refused => next.refused = true,
                    Outcome::Accepted => {
                        next.refused = false;
                        next.signing = Signing::Pending { attempt: 1 };
                    }
                }
            }
            Action::Emitted { record_json, record_id } => {
                if !matches!(self.signing, Signing::Pending { .. }) {
                    return None;
                }
                next.signing = Signing::Emitted { record_json, record_id };
            }
            Action::SigningFailed(message) => match self.signing {
                Signing::Pending { attempt } => next.signing = Signing::Failed { attempt, message },
                _ => return None,
            },
            Action::RetrySigning => match self.signing {
                Signing::Failed { attempt, .. } => next.signing = Signing::Pending { attempt: attempt + 1 },
                _ => return None,
            },
        }
        Some(next)
    }

    /// Whether Agree is available (the only thing the button's state derives from).
    pub fn agree_available(&self) -> bool {
        self.document.is_ok() && self.gate.status() == GateStatus::Ready
    }

    /// The signing attempt under way, if any: the effect that signs keys on this.
    pub fn pending_attempt(&self) -> Option<u32> {
        match self.signing {
            Signing::Pending { attempt } => Some(attempt),
            _ => None,
        }
    }
}
