//! Cutting a document into sections and matching the sections of two versions.

use std::ops::Range;

use super::chars::{char_diff, similarity, TextEdit};
use super::{ChangeKind, DocumentDiff, SectionChange};
use crate::document::{Block, Document, Inline, List, ListKind};

/// A clause, or a top-level block outside the clauses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// `c{number}` for a clause, `b{k}` for the k-th other top-level block (from 1).
    pub id: String,
    /// The clause number.
    pub number: Option<u64>,
    /// The text a reader sees, without markup (sub-items on their own lines).
    pub text: String,
    /// The highlighted passages in it: indices into `Document::passages`.
    pub passages: Vec<usize>,
    /// Where each of those passages is in `text`, in characters.
    pub highlight_ranges: Vec<Range<usize>>,
    /// The top-level block it is, or whose item it is.
    pub block: usize,
    /// The item of that top-level ordered list, for a clause.
    pub item: Option<usize>,
}

/// The sections of `document`, in order.
pub fn sections(document: &Document) -> Vec<Section> {
    let mut out = Vec::new();
    let mut others = 0;
    for (index, block) in document.blocks.iter().enumerate() {
        match block {
            Block::List(List { kind: ListKind::Ordered { .. }, items, .. }) if items.iter().all(|i| i.number.is_some()) => {
                for (item_index, item) in items.iter().enumerate() {
                    let mut text = Text::default();
                    for (k, inner) in item.blocks.iter().enumerate() {
                        if k > 0 {
                            text.push("\n");
                        }
                        text.block(inner);
                    }
                    let number = item.number;
                    out.push(text.section(format!("c{}", number.unwrap_or_default()), number, index, Some(item_index)));
                }
            }
            other => {
                others += 1;
                let mut text = Text::default();
                text.block(other);
                out.push(text.section(format!("b{others}"), None, index, None));
            }
        }
    }
    out
}

/// Plain text with the highlighted passages' places.
#[derive(Default)]
struct Text {
    text: String,
    chars: usize,
    passages: Vec<usize>,
    ranges: Vec<Range<usize>>,
}

impl Text {
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.chars += s.chars().count();
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Heading { content, .. } | Block::Paragraph(content) => self.inlines(content),
            Block::List(list) => {
                for (k, item) in list.items.iter().enumerate() {
                    if k > 0 {
                        self.push("\n");
                    }
                    if let Some(n) = item.number {
                        self.push(&format!("({n}) "));
                    }
                    for (b, inner) in item.blocks.iter().enumerate() {
                        if b > 0 {
                            self.push("\n");
                        }
                        self.block(inner);
                    }
                }
            }
        }
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            match inline {
                Inline::Text(text) => self.push(text),
                Inline::SoftBreak => self.push("\n"),
                Inline::Emphasis(content) | Inline::Link { content, .. } => self.inlines(content),
                Inline::Strong { passage, content } => {
                    let start = self.chars;
                    self.inlines(content);
                    self.passages.push(*passage);
                    self.ranges.push(start..self.chars);
                }
            }
        }
    }

    fn section(self, id: String, number: Option<u64>, block: usize, item: Option<usize>) -> Section {
        Section { id, number, text: self.text, passages: self.passages, highlight_ranges: self.ranges, block, item }
    }
}

/// Sections this alike (see [`similarity`]) may be the same section, changed.
const SAME_NUMBER_SIMILARITY: f64 = 0.3;
const ELSEWHERE_SIMILARITY: f64 = 0.5;

pub(super) fn diff(old: &[Section], new: &[Section]) -> DocumentDiff {
    let mut old_of_new: Vec<Option<usize>> = vec![None; new.len()];
    let mut taken = vec![false; old.len()];
    let is_clause = |s: &Section| s.number.is_some();
    let mut pair = |pass: &dyn Fn(&Section, &Section) -> bool, old_of_new: &mut Vec<Option<usize>>| {
        for (j, n) in new.iter().enumerate() {
            if old_of_new[j].is_some() {
                continue;
            }
            // The same section if it is still there, else the first candidate in order.
            let candidates = || old.iter().enumerate().filter(|(i, o)| !taken[*i] && is_clause(o) == is_clause(n) && pass(o, n));
            let chosen = candidates().find(|(_, o)| o.id == n.id).or_else(|| candidates().next()).map(|(i, _)| i);
            if let Some(i) = chosen {
                taken[i] = true;
                old_of_new[j] = Some(i);
            }
        }
    };
    // 1. The same text. 2. The same clause number (or, outside the clauses, the next block
    // in order), alike enough. 3. Any remaining section, alike enough: changed and moved.
    pair(&|o, n| o.text == n.text, &mut old_of_new);
    pair(&|o, n| o.number == n.number && similarity(&o.text, &n.text) >= SAME_NUMBER_SIMILARITY, &mut old_of_new);
    pair(&|o, n| similarity(&o.text, &n.text) >= ELSEWHERE_SIMILARITY, &mut old_of_new);

    let mut changes: Vec<(isize, SectionChange)> = new
        .iter()
        .enumerate()
        .map(|(j, n)| {
            let change = match old_of_new[j] {
                None => change(ChangeKind::Added, None, Some(n)),
                Some(i) if old[i].text != n.text => change(ChangeKind::Changed, Some(&old[i]), Some(n)),
                Some(i) if old[i].number != n.number => change(ChangeKind::Moved, Some(&old[i]), Some(n)),
                Some(i) => change(ChangeKind::Unchanged, Some(&old[i]), Some(n)),
            };
            (j as isize, change)
        })
        .collect();
    // A removed section goes after the new place of the old section before it, and after
    // the removed ones already placed there: `changes` stays ordered by (anchor, removed),
    // new sections in their order, removed ones in old order (without a sort, whose code
    // the widget would carry).
    for (i, o) in old.iter().enumerate().filter(|(i, _)| !taken[*i]) {
        let anchor = (0..i).rev().find_map(|p| old_of_new.iter().position(|&m| m == Some(p))).map_or(-1, |j| j as isize);
        let at = changes.partition_point(|(position, change)| (*position, change.new.is_none()) <= (anchor, true));
        changes.insert(at, (anchor, change(ChangeKind::Removed, Some(o), None)));
    }
    DocumentDiff { sections: changes.into_iter().map(|(_, c)| c).collect() }
}

fn change(kind: ChangeKind, old: Option<&Section>, new: Option<&Section>) -> SectionChange {
    let old_text = old.map_or("", |s| s.text.as_str());
    let new_text = new.map_or("", |s| s.text.as_str());
    let edits = if kind.needs_reading() { char_diff(old_text, new_text) } else { Vec::new() };
    let highlighted = match kind {
        ChangeKind::Added | ChangeKind::Removed => old.or(new).is_some_and(|s| !s.passages.is_empty()),
        ChangeKind::Changed => touches_highlight(&edits, old, new),
        ChangeKind::Unchanged | ChangeKind::Moved => false,
    };
    SectionChange { kind, old: old.cloned(), new: new.cloned(), highlighted, edits }
}

/// Whether a deletion falls in a highlighted passage of the old text, or an insertion in
/// (or right at the edge of) one of the new text.
fn touches_highlight(edits: &[TextEdit], old: Option<&Section>, new: Option<&Section>) -> bool {
    let in_ranges = |section: Option<&Section>, span: Range<usize>| {
        section.is_some_and(|s| s.highlight_ranges.iter().any(|r| span.start < r.end && r.start < span.end.max(span.start + 1)))
    };
    let (mut at_old, mut at_new) = (0, 0);
    for edit in edits {
        match edit {
            TextEdit::Same(s) => {
                let n = s.chars().count();
                at_old += n;
                at_new += n;
            }
            TextEdit::Deleted(s) => {
                let n = s.chars().count();
                if in_ranges(old, at_old..at_old + n) {
                    return true;
                }
                at_old += n;
            }
            TextEdit::Inserted(s) => {
                let n = s.chars().count();
                if in_ranges(new, at_new..at_new + n) {
                    return true;
                }
                at_new += n;
            }
        }
    }
    false
}
