//! The widget's state and its reducer: a thin layer over the core's [`ReadingGate`] that
//! also tracks how much of the document has been displayed and the signing of the record.
//! Pure (no browser types), so it is unit-tested natively; the Yew root's `use_reducer`
//! calls [`WidgetState::reduce_action`].

use std::rc::Rc;

use clausewrap_core::document::{Block, Document};
use clausewrap_core::gate::{GateEvent, GateOptions, GateStatus, Moment, Outcome, ReadingGate};
use clausewrap_core::hash::{sha256_hex, Sha256};
use clausewrap_core::markdown::{self, DocumentError, Parsing, Step};

use crate::errors::WidgetError;
use crate::options::{Policy, Previous};
use crate::revision::{revise, Change, Revision};

/// A document ready to be shown: its exact bytes' hash and its parsed model.
#[derive(Debug, PartialEq)]
pub struct LoadedDocument {
    pub document: Document,
    pub sha256: String,
    /// How many paragraphs and headings it has: the units of reading progress.
    pub text_blocks: usize,
    /// What changed since the version the reader accepted before, when one was given.
    pub revision: Option<Revision>,
}

impl LoadedDocument {
    /// The changes the reader must see (none without a required re-acceptance): the
    /// gate's items after the highlighted passages.
    pub fn changes(&self) -> &[Change] {
        self.revision.as_ref().map_or(&[], |r| r.changes.as_slice())
    }

    /// The id of gate item `index` (after the widget's id prefix, in its element's id): a
    /// passage's id, or `change-` and a change's for the items after the passages.
    pub fn item_id(&self, index: usize) -> Option<String> {
        let passages = &self.document.passages;
        match passages.get(index) {
            Some(passage) => Some(passage.id.clone()),
            None => self.changes().get(index - passages.len()).map(|c| ["change-", &c.id].concat()),
        }
    }
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

/// The document the widget shows: still arriving, ready, or refused.
#[derive(Clone, Debug, PartialEq)]
pub enum DocumentSlot {
    Loading,
    Ready(Rc<LoadedDocument>),
    Failed(Rc<WidgetError>),
}

impl DocumentSlot {
    pub fn ready(&self) -> Option<&Rc<LoadedDocument>> {
        match self {
            DocumentSlot::Ready(document) => Some(document),
            _ => None,
        }
    }

    pub fn error(&self) -> Option<&Rc<WidgetError>> {
        match self {
            DocumentSlot::Failed(error) => Some(error),
            _ => None,
        }
    }
}

/// Everything the widget shows and decides.
#[derive(Debug, PartialEq)]
pub struct WidgetState {
    pub document: DocumentSlot,
    pub gate: ReadingGate,
    /// Which text blocks (paragraphs, headings, in document order) have been on screen.
    pub blocks_shown: Vec<bool>,
    /// Agree was pressed while the gate was closed; the status line says why nothing happened.
    pub refused: bool,
    pub signing: Signing,
    /// Changes whenever a document is (re)opened, so that observers re-arm.
    pub generation: u64,
    /// The navigator's list is unfolded (its entries are built only then).
    pub navigator_open: bool,
}

/// An action on the widget, with the moment it happened where time matters.
#[derive(Debug)]
pub enum Action {
    Gate(GateEvent, Moment),
    /// Text block `k` was on screen.
    BlockShown(usize),
    Emitted { record_json: Rc<str>, record_id: Rc<str> },
    SigningFailed(Rc<str>),
    RetrySigning,
    /// Another document (or the same with other options) replaces this one: a new gate.
    Reopen(Box<WidgetState>),
    /// The document being loaded for `generation` arrived (or failed): replaces the
    /// loading state, unless another document was asked for in the meantime.
    Loaded { generation: u64, state: Box<WidgetState> },
    /// The reader unfolded (`true`) or folded the navigator's list.
    NavigatorToggled(bool),
}

impl WidgetState {
    /// Checks `bytes` against the integrator's `pin` (SHA-256, lowercase hex), parses them
    /// and opens a gate at `opened`. A refused document keeps the gate closed for good:
    /// with no passages and no end to reach, Agree never activates.
    pub fn open(bytes: &[u8], pin: Option<&str>, opened: impl Into<Moment>, options: GateOptions) -> Self {
        Self::with_document(load(Prepared::now(bytes), pin, None), opened, options)
    }

    /// As [`Self::open`], with the bytes already hashed and parsed ([`Prepared::now`], or a
    /// part per task: [`Preparation`]), and for a reader who accepted `previous` before,
    /// whose exact bytes are the third member: the changes since then that its policy asks
    /// for must be seen too. Bytes that do not hash to `previous.sha256` refuse the whole
    /// document.
    pub fn open_prepared(
        prepared: Prepared,
        pin: Option<&str>,
        previous: Option<(&Previous, Policy, &[u8])>,
        opened: impl Into<Moment>,
        options: GateOptions,
    ) -> Self {
        Self::with_document(load(prepared, pin, previous), opened, options)
    }

    /// A widget waiting for its document; Agree is inactive until it arrives.
    pub fn loading(opened: impl Into<Moment>, options: GateOptions) -> Self {
        Self::with_document(DocumentSlot::Loading, opened, options)
    }

    /// A widget that cannot show any document, and says why.
    pub fn failed(error: impl Into<Rc<WidgetError>>, opened: impl Into<Moment>, options: GateOptions) -> Self {
        Self::with_document(DocumentSlot::Failed(error.into()), opened, options)
    }

    fn with_document(document: DocumentSlot, opened: impl Into<Moment>, options: GateOptions) -> Self {
        let opened = opened.into();
        let (passages, changes, blocks) =
            document.ready().map(|d| (d.document.passages.len(), d.changes().len(), d.text_blocks)).unwrap_or((0, 0, 0));
        let mut gate = ReadingGate::with_options(passages + changes, opened, options);
        // A change has no checkbox of its own: seeing it is all it asks.
        for k in passages..passages + changes {
            gate.apply(GateEvent::Acknowledged(k, true), opened);
        }
        WidgetState {
            document,
            gate,
            blocks_shown: vec![false; blocks],
            refused: false,
            signing: Signing::Idle,
            generation: 0,
            navigator_open: false,
        }
    }

    /// The pure transition the Yew reducer delegates to; `None` when nothing changed.
    pub fn reduce_action(&self, action: Action) -> Option<WidgetState> {
        let mut next = WidgetState {
            document: self.document.clone(),
            gate: self.gate.clone(),
            blocks_shown: self.blocks_shown.clone(),
            refused: self.refused,
            signing: self.signing.clone(),
            generation: self.generation,
            navigator_open: self.navigator_open,
        };
        match action {
            Action::Gate(event, now) => {
                // Nothing to read while loading or refused.
                self.document.ready()?;
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
            Action::BlockShown(k) => match next.blocks_shown.get_mut(k) {
                Some(shown @ false) => *shown = true,
                _ => return None,
            },
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
            Action::Reopen(state) => {
                // An acceptance under way is never discarded by a late prop change.
                if matches!(self.signing, Signing::Pending { .. }) {
                    return None;
                }
                let mut state = *state;
                state.generation = self.generation + 1;
                return Some(state);
            }
            Action::Loaded { generation, state } => {
                if generation != self.generation || self.document != DocumentSlot::Loading {
                    return None;
                }
                let mut state = *state;
                state.generation = generation;
                return Some(state);
            }
            Action::NavigatorToggled(open) if open == self.navigator_open => return None,
            Action::NavigatorToggled(open) => next.navigator_open = open,
        }
        Some(next)
    }

    /// Whether Agree is available (the only thing the button's state derives from).
    pub fn agree_available(&self) -> bool {
        self.document.ready().is_some() && self.gate.status() == GateStatus::Ready
    }

    /// The signing attempt under way, if any: the effect that signs keys on this.
    pub fn pending_attempt(&self) -> Option<u32> {
        match self.signing {
            Signing::Pending { attempt } => Some(attempt),
            _ => None,
        }
    }

    /// How many highlighted passages the document has (the gate's first items).
    pub fn passage_total(&self) -> usize {
        self.document.ready().map_or(0, |d| d.document.passages.len())
    }

    /// Whether change `k` (the gate's item after the passages) has been seen.
    pub fn change_seen(&self, k: usize) -> bool {
        self.gate.passage_seen(self.passage_total() + k)
    }

    /// How many of the changes to read have not been seen yet.
    pub fn changes_unseen(&self) -> usize {
        let total = self.document.ready().map_or(0, |d| d.changes().len());
        (0..total).filter(|k| !self.change_seen(*k)).count()
    }

    /// How much of the document has been on screen, in whole percent.
    pub fn progress_percent(&self) -> u8 {
        let total = self.blocks_shown.len();
        if total == 0 {
            let end_seen = !matches!(self.gate.status(), GateStatus::Reading { end_seen: false, .. });
            return if end_seen { 100 } else { 0 };
        }
        let shown = self.blocks_shown.iter().filter(|s| **s).count();
        (shown * 100 / total) as u8
    }
}

/// A document's bytes, hashed and parsed.
pub struct Prepared {
    pub sha256: String,
    pub parsed: Result<Document, DocumentError>,
}

impl Prepared {
    /// Hashes and parses `bytes` at once.
    pub fn now(bytes: &[u8]) -> Self {
        Prepared { sha256: sha256_hex(bytes), parsed: markdown::parse(bytes) }
    }
}

/// A document hashed and parsed a part at a time, so that a long one never holds the
/// host page's main thread for long: the caller yields between [`Self::step`]s.
pub struct Preparation {
    bytes: Rc<[u8]>,
    hasher: Sha256,
    hashed: usize,
    parsing: Parsing<Rc<[u8]>>,
    parsed: Option<Result<Document, DocumentError>>,
}

impl Preparation {
    pub fn new(bytes: Rc<[u8]>) -> Self {
        Preparation { parsing: Parsing::new(bytes.clone()), bytes, hasher: Sha256::new(), hashed: 0, parsed: None }
    }

    /// Hashes and parses about `budget` more bytes; once both are through, the result.
    /// All of the bytes are hashed even when the parse failed early, since a wrong pin
    /// is reported before a syntax error.
    pub fn step(&mut self, budget: usize) -> Option<Prepared> {
        let end = self.hashed.saturating_add(budget).min(self.bytes.len());
        self.hasher.update(&self.bytes[self.hashed..end]);
        self.hashed = end;
        if self.parsed.is_none() {
            if let Step::Done(result) = self.parsing.step(budget) {
                self.parsed = Some(result);
            }
        }
        if self.hashed < self.bytes.len() {
            return None;
        }
        let parsed = self.parsed.take()?;
        Some(Prepared { sha256: std::mem::take(&mut self.hasher).finish_hex(), parsed })
    }
}

/// Checks the hash against the pin and takes the parse; with a previous version, compares.
fn load(prepared: Prepared, pin: Option<&str>, previous: Option<(&Previous, Policy, &[u8])>) -> DocumentSlot {
    let Prepared { sha256, parsed } = prepared;
    let failed = |error: WidgetError| DocumentSlot::Failed(Rc::new(error));
    if let Some(expected) = pin.filter(|expected| *expected != sha256) {
        return failed(WidgetError::Sha256Mismatch { expected: expected.to_string(), actual: sha256 });
    }
    let document = match parsed {
        Ok(document) => document,
        Err(error) => return failed(WidgetError::Document(error)),
    };
    let revision = match previous.map(|(previous, policy, old)| revise(previous, policy, old, &document, &sha256)).transpose() {
        Ok(revision) => revision,
        Err(error) => return failed(error),
    };
    let text_blocks = count_text_blocks(&document.blocks);
    DocumentSlot::Ready(Rc::new(LoadedDocument { document, sha256, text_blocks, revision }))
}

/// Paragraphs and headings, depth first in document order: the order the document view
/// numbers them in (`data-cw-block`).
pub fn count_text_blocks(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|block| match block {
            Block::Heading { .. } | Block::Paragraph(_) => 1,
            Block::List(list) => list.items.iter().map(|item| count_text_blocks(&item.blocks)).sum(),
        })
        .sum()
}
