//! What the widget reports to its host: a [`Snapshot`] of its state (the JS handle's
//! `state()`), and which events a change from one snapshot to the next calls for
//! (`clausewrap:ready`, `clausewrap:progress`, `clausewrap:error`). Deciding this here,
//! purely, keeps the events "on meaningful changes only" and testable without a browser.

use clausewrap_core::gate::GateStatus;

use crate::errors::WidgetError;
use crate::messages::Locale;
use crate::state::{DocumentSlot, Signing, WidgetState};

/// An error as the host sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorReport {
    pub code: &'static str,
    pub message: String,
    /// The HTTP status, for `http-status`.
    pub status: Option<u16>,
}

impl ErrorReport {
    pub fn new(error: &WidgetError, locale: Locale) -> Self {
        ErrorReport { code: error.code(), message: error.message(locale), status: error.status() }
    }
}

/// The widget's state as docs/embedding.md describes `state()`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    /// `loading`, `error`, `reading`, `ready`, `signing`, `accepted` or `failed`.
    pub status: &'static str,
    /// Changes whenever another document is opened.
    pub generation: u64,
    pub document_id: Option<String>,
    pub version: Option<String>,
    pub sha256: Option<String>,
    /// How many highlighted passages the document has.
    pub highlights: usize,
    /// The ids of the highlighted passages seen so far, in document order.
    pub seen: Vec<String>,
    /// How many highlighted passages are acknowledged.
    pub acknowledged: usize,
    pub end_seen: bool,
    /// Share of the text shown so far, 0–100.
    pub progress: u8,
    pub error: Option<ErrorReport>,
    pub record_id: Option<String>,
    /// What changed since the version accepted before; `None` without `previous`.
    pub reacceptance: Option<ReacceptanceReport>,
    /// The ids of the changes seen so far, in document order (`c9`, `old-c12`).
    pub changes_seen: Vec<String>,
}

/// `clausewrap:ready`'s `reacceptance`: whether the changes since the version accepted
/// before must be seen, under which policy, and how many there are of each kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReacceptanceReport {
    pub required: bool,
    /// `any`, `highlighted` or `none`.
    pub policy: &'static str,
    pub version: String,
    pub sha256: String,
    pub accepted_at: Option<String>,
    pub changed: usize,
    pub added: usize,
    pub removed: usize,
    pub moved: usize,
    pub highlighted_changes: usize,
}

/// The coarse state name (`data-state` on the widget's root, `state().status`).
pub fn status_name(state: &WidgetState) -> &'static str {
    match (&state.document, state.gate.status(), &state.signing) {
        (DocumentSlot::Loading, _, _) => "loading",
        (DocumentSlot::Failed(_), _, _) => "error",
        (_, GateStatus::Reading { .. }, _) => "reading",
        (_, GateStatus::Ready, _) => "ready",
        (_, GateStatus::Accepted, Signing::Emitted { .. }) => "accepted",
        (_, GateStatus::Accepted, Signing::Failed { .. }) => "failed",
        (_, GateStatus::Accepted, _) => "signing",
    }
}

/// The snapshot of `state`, with messages in `locale`.
pub fn snapshot(state: &WidgetState, locale: Locale) -> Snapshot {
    let loaded = state.document.ready();
    let passages = loaded.map(|d| d.document.passages.as_slice()).unwrap_or_default();
    let error = match (&state.document, &state.signing) {
        (DocumentSlot::Failed(error), _) => Some(ErrorReport::new(error, locale)),
        (_, Signing::Failed { message, .. }) => Some(ErrorReport::new(&WidgetError::SigningFailed(message.to_string()), locale)),
        _ => None,
    };
    Snapshot {
        status: status_name(state),
        generation: state.generation,
        document_id: loaded.map(|d| d.document.meta.id.clone()),
        version: loaded.map(|d| d.document.meta.version.clone()),
        sha256: loaded.map(|d| d.sha256.clone()),
        highlights: passages.len(),
        seen: passages.iter().enumerate().filter(|(i, _)| state.gate.passage_seen(*i)).map(|(_, p)| p.id.clone()).collect(),
        acknowledged: (0..passages.len()).filter(|i| state.gate.passage_acknowledged(*i)).count(),
        end_seen: loaded.is_some() && !matches!(state.gate.status(), GateStatus::Reading { end_seen: false, .. }),
        progress: if loaded.is_some() { state.progress_percent() } else { 0 },
        error,
        record_id: match &state.signing {
            Signing::Emitted { record_id, .. } => Some(record_id.to_string()),
            _ => None,
        },
        reacceptance: loaded.and_then(|d| d.revision.as_ref()).map(|r| ReacceptanceReport {
            required: r.required,
            policy: r.policy.name(),
            version: r.since.version.clone(),
            sha256: r.since.sha256.clone(),
            accepted_at: r.since.accepted_at.clone(),
            changed: r.summary.changed,
            added: r.summary.added,
            removed: r.summary.removed,
            moved: r.summary.moved,
            highlighted_changes: r.summary.highlighted_changes,
        }),
        changes_seen: loaded
            .map(|d| d.changes().iter().enumerate().filter(|(k, _)| state.change_seen(*k)).map(|(_, c)| c.id.clone()).collect())
            .unwrap_or_default(),
    }
}

/// An event the host should hear about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    /// `clausewrap:ready`: a document was loaded and shown.
    Ready,
    /// `clausewrap:progress`: a passage or a change was seen, a passage acknowledged, the
    /// end was reached, or the status changed.
    Progress,
    /// `clausewrap:error`: a new error appeared.
    Error,
}

/// The events that the change from `previous` (none on the first render) to `next` calls
/// for, in the order they should be dispatched. Progress inside a block of text, a change
/// of language or anything else cosmetic calls for none.
pub fn notices(previous: Option<&Snapshot>, next: &Snapshot) -> Vec<Notice> {
    let mut out = Vec::new();
    let same_document = previous.is_some_and(|p| p.generation == next.generation && p.document_id.is_some());
    if next.document_id.is_some() && !same_document {
        out.push(Notice::Ready);
    }
    let error_key = |s: &Snapshot| s.error.as_ref().map(|e| (s.generation, e.code, e.status));
    if next.error.is_some() && previous.and_then(error_key) != error_key(next) {
        out.push(Notice::Error);
    }
    let progress_key = |s: &Snapshot| (s.status, s.seen.len(), s.changes_seen.len(), s.acknowledged, s.end_seen);
    if same_document && previous.map(progress_key) != Some(progress_key(next)) {
        out.push(Notice::Progress);
    }
    out
}

/// What `clausewrap:declined` reports: which document the reader declined, and when.
/// Unsigned, since nothing was agreed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declined {
    pub document_id: String,
    pub version: String,
    pub sha256: String,
    /// RFC 3339 UTC with milliseconds.
    pub declined_at: String,
}

impl Snapshot {
    /// Before the widget's first render.
    pub fn loading() -> Snapshot {
        Snapshot {
            status: "loading",
            generation: 0,
            document_id: None,
            version: None,
            sha256: None,
            highlights: 0,
            seen: Vec::new(),
            acknowledged: 0,
            end_seen: false,
            progress: 0,
            error: None,
            record_id: None,
            reacceptance: None,
            changes_seen: Vec::new(),
        }
    }
}
