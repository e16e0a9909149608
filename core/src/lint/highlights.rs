//! `lost-highlight`: a passage the previous version highlighted, in a section that is still
//! there, that the new version no longer marks in bold.
//!
//! Readers of the previous version had to see that passage before they could agree; if
//! the new version keeps the text but drops the bold, its readers no longer have to, and
//! the clause may stop binding them (art. 496 of the Civil Code). Usually that is an
//! editing slip, so the lint asks the author to bold it again or to be sure.
//!
//! Sections are matched as [`crate::diff`] matches them. Inside a matched section, an old
//! passage is kept when its text is still there entirely in bold; when its text is there
//! but not all bold, it is lost, reported where that text starts. An old passage whose
//! text was edited is kept when the section has a new passage left to stand for it (the
//! most alike first); otherwise it is lost, reported at the start of the section.

use std::collections::BTreeSet;
use std::ops::Range;

use super::{excerpt_text, Finding, Rule};
use crate::diff::{diff_documents, similarity, Section};
use crate::document::{Block, Document};
use crate::markdown::TextBlock;

/// One shown character of the new version: its source position and passage, if any.
#[derive(Clone, Copy)]
struct Spot {
    ch: char,
    line: usize,
    column: usize,
    passage: Option<usize>,
}

/// The `lost-highlight` findings for `document` (traced as `blocks`) against `previous`.
pub(super) fn lost_highlights(previous: &Document, document: &Document, blocks: &[TextBlock], out: &mut Vec<Finding>) {
    for change in diff_documents(previous, document).sections {
        let (Some(old), Some(new)) = (&change.old, &change.new) else { continue };
        let spots: Vec<Spot> = blocks
            .get(text_block_range(document, new))
            .unwrap_or_default()
            .iter()
            .flat_map(|block| &block.runs)
            .flat_map(|run| run.chars().map(|(ch, line, column)| Spot { ch, line, column, passage: run.passage }))
            .collect();
        for (index, place) in lost_in_section(previous, old, document, new, &spots) {
            let Some(passage) = previous.passages.get(index) else { continue };
            let spot = place.and_then(|at| spots.get(at)).or(spots.first());
            let (line, column) = spot.map_or((1, 1), |s| (s.line, s.column));
            let excerpt = excerpt_text(&passage.text);
            let clause = new.number.map(|n| format!("clause {n}: ")).unwrap_or_default();
            let how = if place.is_some() { "its text is still here but not all of it is bold" } else { "the section has no bold passage left that stands for it" };
            out.push(Finding {
                rule: Rule::LostHighlight,
                line,
                column,
                clause: new.number,
                message: format!(
                    "{clause}the passage \"{excerpt}\" was highlighted in version {} ({}), and {how}; readers of this version would not have to see it before they agree (art. 496 of the Civil Code): mark it with **…** again, unless dropping the highlight is intended",
                    previous.meta.version, passage.id
                ),
                excerpt: Some(excerpt),
                terms: Vec::new(),
            });
        }
    }
}

/// The old passages of section `old` that `new` lost, each with where its text is still
/// shown unbolded (an index into `spots`), if it is.
fn lost_in_section(previous: &Document, old: &Section, document: &Document, new: &Section, spots: &[Spot]) -> Vec<(usize, Option<usize>)> {
    let shown: String = spots.iter().map(|s| s.ch).collect();
    let mut lost = Vec::new();
    let mut used: BTreeSet<usize> = BTreeSet::new();
    let mut edited = Vec::new();
    for &index in &old.passages {
        let Some(passage) = previous.passages.get(index) else { continue };
        let found = occurrences(&shown, &passage.text);
        if found.is_empty() {
            edited.push(index);
            continue;
        }
        let spots_of = |range: &Range<usize>| spots.get(range.clone()).unwrap_or_default();
        match found.iter().find(|range| spots_of(range).iter().all(|s| s.passage.is_some())) {
            Some(range) => used.extend(spots_of(range).iter().filter_map(|s| s.passage)),
            None => {
                let first = found.first().map_or(0..0, Clone::clone);
                lost.push((index, spots_of(&first).iter().position(|s| s.passage.is_none()).map(|k| first.start + k)));
            }
        }
    }
    // Edited passages take the new passages not accounted for, the most alike pairs first.
    let mut left: Vec<usize> = new.passages.iter().copied().filter(|p| !used.contains(p)).collect();
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for &o in &edited {
        for &n in &left {
            let (Some(a), Some(b)) = (previous.passages.get(o), document.passages.get(n)) else { continue };
            pairs.push((similarity(&a.text, &b.text), o, n));
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut paired = BTreeSet::new();
    for (_, o, n) in pairs {
        if !paired.contains(&o) && left.contains(&n) {
            paired.insert(o);
            left.retain(|&p| p != n);
        }
    }
    lost.extend(edited.into_iter().filter(|o| !paired.contains(o)).map(|o| (o, None)));
    lost.sort();
    lost
}

/// Where `needle` occurs in `haystack`, in characters (an empty needle occurs nowhere).
fn occurrences(haystack: &str, needle: &str) -> Vec<Range<usize>> {
    if needle.is_empty() {
        return Vec::new();
    }
    let length = needle.chars().count();
    let (mut chars, mut bytes) = (0, 0);
    let mut found = Vec::new();
    for (at, _) in haystack.match_indices(needle) {
        chars += haystack.get(bytes..at).map_or(0, |s| s.chars().count());
        bytes = at;
        found.push(chars..chars + length);
    }
    found
}

/// How many paragraphs and headings `block` holds: one traced text block each, in order.
fn text_blocks(block: &Block) -> usize {
    match block {
        Block::Heading { .. } | Block::Paragraph(_) => 1,
        Block::List(list) => list.items.iter().flat_map(|item| &item.blocks).map(text_blocks).sum(),
    }
}

/// The traced text blocks of `section` of `document`.
fn text_block_range(document: &Document, section: &Section) -> Range<usize> {
    let start: usize = document.blocks.iter().take(section.block).map(text_blocks).sum();
    match (document.blocks.get(section.block), section.item) {
        (Some(Block::List(list)), Some(item)) => {
            let count = |items: &[crate::document::ListItem]| items.iter().flat_map(|i| &i.blocks).map(text_blocks).sum::<usize>();
            let before = count(list.items.get(..item).unwrap_or_default());
            let own = count(list.items.get(item..=item).unwrap_or_default());
            start + before..start + before + own
        }
        (Some(block), _) => start..start + text_blocks(block),
        (None, _) => start..start,
    }
}
