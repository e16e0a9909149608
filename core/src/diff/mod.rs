//! What changed between two versions of a rules document, clause by clause: the basis of
//! re-acceptance, where a customer who accepted an older version is shown exactly what is
//! new instead of rereading everything.
//!
//! A document is cut into *sections*: each clause (an item of a top-level ordered list,
//! id `c{number}`) and each other top-level block (a paragraph or heading outside the
//! clauses, id `b{k}`, counted from 1 in document order). Sections of the old and the new
//! version are matched by content first (the same text under another number is *moved*:
//! renumbered, not removed and added), then by clause number, then by similarity; what is
//! left is *added* or *removed*. Inside a changed section the text is compared character
//! by character ([`char_diff`]), which works for Chinese as for any other script: nothing
//! relies on spaces between words.
//!
//! ```
//! use clausewrap_core::diff::{diff_documents, ChangeKind};
//! use clausewrap_core::markdown;
//!
//! let old = markdown::parse("---\nid: r\ntitle: R\nversion: 1\nlang: zh-CN\n---\n1. 甲方提供服务。\n2. **乙方自行承担风险。**\n".as_bytes())?;
//! let new = markdown::parse("---\nid: r\ntitle: R\nversion: 2\nlang: zh-CN\n---\n1. 甲方提供服务。\n2. **乙方自行承担全部风险。**\n".as_bytes())?;
//! let diff = diff_documents(&old, &new);
//! let changed: Vec<_> = diff.sections.iter().filter(|s| s.kind == ChangeKind::Changed).collect();
//! assert_eq!(changed.len(), 1);
//! assert!(changed[0].highlighted);
//! assert_eq!(diff.summary().highlighted_changes, 1);
//! # Ok::<(), clausewrap_core::markdown::DocumentError>(())
//! ```

mod chars;
mod sections;

pub use chars::{char_diff, similarity, TextEdit};
pub use sections::{sections, Section};

use crate::document::Document;

/// How a section differs between the versions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChangeKind {
    /// Same text, same place (same clause number, or same non-clause block).
    Unchanged,
    /// Same text under another clause number, or in another order.
    Moved,
    /// Matched to an old section, with different text.
    Changed,
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
}

impl ChangeKind {
    /// The name used in records and JSON: `unchanged`, `moved`, `changed`, `added`, `removed`.
    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::Unchanged => "unchanged",
            ChangeKind::Moved => "moved",
            ChangeKind::Changed => "changed",
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
        }
    }

    /// Whether a reader must see this section again before accepting the new version:
    /// its text is new or gone. A moved section's text is the same.
    pub fn needs_reading(self) -> bool {
        matches!(self, ChangeKind::Changed | ChangeKind::Added | ChangeKind::Removed)
    }
}

/// One section's fate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionChange {
    pub kind: ChangeKind,
    /// The section in the old version (`None` when added).
    pub old: Option<Section>,
    /// The section in the new version (`None` when removed).
    pub new: Option<Section>,
    /// Whether the change touches a highlighted (bold) passage of either version: the
    /// section is changed, added or removed and has a highlighted passage, old or new.
    pub highlighted: bool,
    /// The character-level edit from the old text to the new (for changed sections; for
    /// added and removed ones one insertion or deletion; empty otherwise).
    pub edits: Vec<TextEdit>,
}

impl SectionChange {
    /// The id a record names the change by: the new section's id, or the old one's when
    /// the section was removed (prefixed `old-`, as it does not exist in the new version).
    pub fn id(&self) -> String {
        match (&self.new, &self.old) {
            (Some(new), _) => new.id.clone(),
            (None, Some(old)) => format!("old-{}", old.id),
            (None, None) => String::new(),
        }
    }
}

/// The sections of both versions, in the new version's order, each removed section placed
/// after the section that preceded it in the old version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentDiff {
    pub sections: Vec<SectionChange>,
}

/// Counts for a summary line ("3 处修改，其中 1 处为重点条款").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DiffSummary {
    pub changed: usize,
    pub added: usize,
    pub removed: usize,
    pub moved: usize,
    pub unchanged: usize,
    /// Changed, added or removed sections that touch a highlighted passage.
    pub highlighted_changes: usize,
}

impl DiffSummary {
    /// Changed + added + removed: what the reader must look at.
    pub fn changes(&self) -> usize {
        self.changed + self.added + self.removed
    }
}

impl DocumentDiff {
    pub fn summary(&self) -> DiffSummary {
        let mut summary = DiffSummary::default();
        for section in &self.sections {
            match section.kind {
                ChangeKind::Unchanged => summary.unchanged += 1,
                ChangeKind::Moved => summary.moved += 1,
                ChangeKind::Changed => summary.changed += 1,
                ChangeKind::Added => summary.added += 1,
                ChangeKind::Removed => summary.removed += 1,
            }
            if section.highlighted {
                summary.highlighted_changes += 1;
            }
        }
        summary
    }

    /// True when nothing but positions could differ: no section changed, added or removed.
    pub fn is_identical(&self) -> bool {
        self.sections.iter().all(|s| s.kind == ChangeKind::Unchanged)
    }

    /// The sections a reader must see again, in the new version's order.
    pub fn to_read(&self) -> impl Iterator<Item = &SectionChange> {
        self.sections.iter().filter(|s| s.kind.needs_reading())
    }
}

/// Compares two parsed documents.
pub fn diff_documents(old: &Document, new: &Document) -> DocumentDiff {
    sections::diff(&sections(old), &sections(new))
}
