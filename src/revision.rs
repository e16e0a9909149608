//! Re-acceptance: a reader who accepted an earlier version of the rules is shown what
//! changed since, and must see every change before Agree. The diff itself comes from
//! [`clausewrap_core::diff`]; this module checks the earlier version's bytes, decides from
//! the integrator's [`Policy`] whether re-acceptance is required, where in the new text
//! each change is shown, and how the gate's evidence splits back into highlighted passages
//! and changes for the record. Pure, so all of it is tested natively.
//!
//! The gate tracks the changes as extra items after the highlighted passages: item `N + k`
//! is change `k` of [`Revision::changes`] when the document has `N` passages.

use chrono::{DateTime, Utc};
use clausewrap_core::diff::{diff_documents, ChangeKind, DiffSummary, DocumentDiff, Section, TextEdit};
use clausewrap_core::document::{Block, Document};
use clausewrap_core::hash::sha256_hex;
use clausewrap_core::markdown;
use clausewrap_core::record::{ChangeSeenKind, Reacceptance, Supersedes};

use crate::errors::WidgetError;
use crate::options::{Policy, Previous};

/// How many characters of unchanged text a change box keeps on each side of an edit.
pub const CONTEXT_CHARS: usize = 24;

/// What changed since the version the reader accepted before.
#[derive(Clone, Debug, PartialEq)]
pub struct Revision {
    /// That version, as the integrator named it (validated).
    pub since: Previous,
    pub policy: Policy,
    /// The diff's counts; all zero when the bytes are the same.
    pub summary: DiffSummary,
    /// Whether the reader must see the changes before Agree (and the record says so).
    pub required: bool,
    /// The sections to see, in the new document's order; empty unless `required`.
    pub changes: Vec<Change>,
}

/// One section the reader must see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The record's id for it: `c9`, `b2`, `old-c12`.
    pub id: String,
    pub kind: ChangeSeenKind,
    /// It touches a highlighted passage.
    pub highlighted: bool,
    /// The clause number (the old one for a removed clause).
    pub number: Option<u64>,
    /// The rendered unit it is shown at: a top-level block, or an item of a top-level list.
    pub at: (usize, Option<usize>),
    pub place: Place,
    /// What the change box shows: the edit runs with long unchanged runs shortened
    /// (changed), the old text as one deletion (removed); nothing for an added section,
    /// whose own text is marked instead.
    pub edits: Vec<TextEdit>,
}

/// Where a change is shown relative to its unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// A box before the unit's text (inside it, for a list item).
    Before,
    /// The unit itself is marked (an added section).
    Wrap,
    /// A box after the unit (a removed section, after the one that preceded it).
    After,
}

/// Compares the current document with the bytes of the version accepted before.
pub fn revise(previous: &Previous, policy: Policy, previous_bytes: &[u8], current: &Document, current_sha256: &str) -> Result<Revision, WidgetError> {
    let since = previous.clone().validated()?;
    let actual = sha256_hex(previous_bytes);
    if actual != since.sha256 {
        return Err(WidgetError::PreviousSha256Mismatch { version: since.version, expected: since.sha256, actual });
    }
    let unchanged = Revision { since, policy, summary: DiffSummary::default(), required: false, changes: Vec::new() };
    if unchanged.since.sha256 == current_sha256 {
        return Ok(unchanged);
    }
    let old = markdown::parse(previous_bytes).map_err(|e| WidgetError::Previous(Box::new(WidgetError::Document(e))))?;
    let diff = diff_documents(&old, current);
    let summary = diff.summary();
    let required = match policy {
        Policy::Any => summary.changes() > 0,
        Policy::Highlighted => summary.highlighted_changes > 0,
        Policy::None => false,
    };
    let changes = if required { place_changes(&diff, current) } else { Vec::new() };
    Ok(Revision { summary, required, changes, ..unchanged })
}

impl Revision {
    /// What the record says about this re-acceptance, given when each change was first
    /// seen; `None` when none was required (the record is then a first acceptance's).
    pub fn record_part(&self, changes_first_seen: Vec<DateTime<Utc>>) -> Option<Reacceptance> {
        self.required.then(|| Reacceptance {
            supersedes: Supersedes {
                record_id: self.since.record_id_bytes(),
                version: self.since.version.clone(),
                sha256: self.since.sha256.clone(),
            },
            changes: self.changes.iter().map(|c| (c.id.clone(), c.kind)).collect(),
            changes_first_seen,
        })
    }
}

/// The sections to read, each placed at a unit of the new document.
fn place_changes(diff: &DocumentDiff, doc: &Document) -> Vec<Change> {
    let mut out = Vec::new();
    let mut before: Option<&Section> = None;
    for section in &diff.sections {
        let kind = match section.kind {
            ChangeKind::Changed => ChangeSeenKind::Changed,
            ChangeKind::Added => ChangeSeenKind::Added,
            ChangeKind::Removed => ChangeSeenKind::Removed,
            ChangeKind::Unchanged | ChangeKind::Moved => {
                before = section.new.as_ref().or(before);
                continue;
            }
        };
        let (at, place, number, edits) = match (&section.new, &section.old) {
            (Some(new), _) if kind == ChangeSeenKind::Added => (unit(doc, new, false), Place::Wrap, new.number, Vec::new()),
            (Some(new), _) => (unit(doc, new, false), Place::Before, new.number, compact(&section.edits)),
            (None, old) => {
                let (at, place) = match before {
                    Some(anchor) => (unit(doc, anchor, true), Place::After),
                    None => (first_unit(doc), Place::Before),
                };
                (at, place, old.as_ref().and_then(|o| o.number), section.edits.clone())
            }
        };
        before = section.new.as_ref().or(before);
        out.push(Change { id: section.id(), kind, highlighted: section.highlighted, number, at, place, edits });
    }
    out
}

/// The unit a section is rendered as: its list item, or its block; for a top-level list
/// outside the clauses, its first (or `last`) item.
fn unit(doc: &Document, section: &Section, last: bool) -> (usize, Option<usize>) {
    match (section.item, doc.blocks.get(section.block)) {
        (Some(item), _) => (section.block, Some(item)),
        (None, Some(Block::List(list))) => (section.block, Some(if last { list.items.len().saturating_sub(1) } else { 0 })),
        _ => (section.block, None),
    }
}

fn first_unit(doc: &Document) -> (usize, Option<usize>) {
    match doc.blocks.first() {
        Some(Block::List(_)) => (0, Some(0)),
        _ => (0, None),
    }
}

/// The edit runs with each unchanged run longer than the context kept to its ends next
/// to an edit, the rest replaced by "…".
pub fn compact(edits: &[TextEdit]) -> Vec<TextEdit> {
    let last = edits.len().saturating_sub(1);
    let shorten = |text: &str, keep_head: bool, keep_tail: bool| {
        let n = text.chars().count();
        if n <= CONTEXT_CHARS * (usize::from(keep_head) + usize::from(keep_tail)) + 1 {
            return text.to_string();
        }
        let mut out: String = if keep_head { text.chars().take(CONTEXT_CHARS).collect() } else { String::new() };
        out.push('…');
        if keep_tail {
            out.extend(text.chars().skip(n - CONTEXT_CHARS));
        }
        out
    };
    edits
        .iter()
        .enumerate()
        .map(|(i, edit)| match edit {
            TextEdit::Same(text) => TextEdit::Same(shorten(text, i > 0, i < last)),
            other => other.clone(),
        })
        .collect()
}
