//! `diff`: what changed between two versions of a rules document, section by section
//! (`clausewrap_core::diff`), for the author of a new version and for whoever decides
//! whether customers must accept it again. Exits like `diff(1)`: 0 same, 1 different.

use std::ffi::OsStr;

use clausewrap_core::diff::{diff_documents, DiffSummary, SectionChange, TextEdit};
use clausewrap_core::document::Document;
use clausewrap_core::hash::sha256_hex;
use clausewrap_core::json::{Number, Value};
use clausewrap_core::markdown;

use crate::args::DiffArgs;
use crate::output::{number, object, optional, read_file, shown, string, Out};
use crate::{EXIT_INPUT, EXIT_INVALID, EXIT_OK};

/// Unchanged characters kept on each side of a change: in the text output, and in JSON.
const TEXT_CONTEXT: usize = 20;
const JSON_CONTEXT: usize = 40;
/// The width the text output wraps at (a CJK character is two columns), and its indent.
const WIDTH: usize = 80;
const INDENT: &str = "    ";

/// A parsed document file.
pub struct Loaded {
    pub name: String,
    pub sha256: String,
    pub document: Document,
}

impl Loaded {
    /// What JSON output says about the file.
    pub fn json(&self) -> Value {
        let meta = &self.document.meta;
        object(vec![("path", string(self.name.clone())), ("id", string(meta.id.clone())), ("version", string(meta.version.clone())), ("sha256", string(self.sha256.clone()))])
    }
}

/// Reads and parses a document, or says in a sentence why it cannot be compared.
pub fn load(path: &OsStr) -> Result<Loaded, String> {
    let name = shown(path);
    let bytes = read_file(path)?;
    match markdown::parse(&bytes) {
        Ok(document) => Ok(Loaded { name, sha256: sha256_hex(&bytes), document }),
        Err(error) => Err(format!(
            "{name}: the widget refuses this document ({error}), so it cannot be compared; '{} lint {name}' says what to fix",
            crate::help::PROGRAM
        )),
    }
}

pub fn run(args: &DiffArgs, out: &mut Out<'_>, err: &mut Out<'_>) -> u8 {
    let (old, new) = match (load(&args.old), load(&args.new)) {
        (Ok(old), Ok(new)) => (old, new),
        (old, new) => {
            let mut side = |loaded: &Result<Loaded, String>, path: &OsStr| match loaded {
                Ok(loaded) => loaded.json(),
                Err(message) => {
                    err.line(&format!("{}: {message}", crate::help::PROGRAM));
                    object(vec![("path", string(shown(path))), ("error", string(message.clone()))])
                }
            };
            let (old, new) = (side(&old, &args.old), side(&new, &args.new));
            if args.json {
                out.json(&object(vec![("command", string("diff")), ("old", old), ("new", new), ("exit_code", number(EXIT_INPUT.into()))]));
            }
            return EXIT_INPUT;
        }
    };
    let diff = diff_documents(&old.document, &new.document);
    let summary = diff.summary();
    let code = if diff.is_identical() { EXIT_OK } else { EXIT_INVALID };
    let listed: Vec<&SectionChange> = diff.sections.iter().filter(|s| s.kind != clausewrap_core::diff::ChangeKind::Unchanged).collect();
    if args.json {
        out.json(&object(vec![
            ("command", string("diff")),
            ("old", old.json()),
            ("new", new.json()),
            ("summary", summary_json(&summary, diff.is_identical())),
            ("sections", Value::Array(listed.iter().map(|s| section_json(s)).collect())),
            ("exit_code", number(code.into())),
        ]));
        return code;
    }
    for (side, loaded) in [("old", &old), ("new", &new)] {
        let meta = &loaded.document.meta;
        out.line(&format!("{side}: {} ({}, version {})", loaded.name, meta.id, meta.version));
    }
    if old.document.meta.id != new.document.meta.id {
        out.line("note: the two documents have different ids; they may not be versions of the same rules");
    }
    if diff.is_identical() {
        out.line("no changes: every section reads the same in both versions");
        return code;
    }
    let touch = if summary.highlighted_changes == 1 { "touches" } else { "touch" };
    out.line(&format!(
        "{} changed, {} added, {} removed, {} moved; {} {touch} a highlighted passage",
        summary.changed, summary.added, summary.removed, summary.moved, summary.highlighted_changes
    ));
    for change in listed {
        out.line("");
        out.line(&heading(change));
        for line in wrapped(&marked(&shortened(&change.edits, TEXT_CONTEXT))) {
            out.line(&format!("{INDENT}{line}"));
        }
    }
    code
}

/// `c11  changed, highlighted`, `c5  moved (was c4)`.
fn heading(change: &SectionChange) -> String {
    let mut line = format!("{}  {}", change.id(), change.kind.name());
    if let (Some(old), Some(new)) = (&change.old, &change.new) {
        if old.id != new.id {
            line.push_str(&format!(" (was {})", old.id));
        }
    }
    if change.highlighted {
        line.push_str(", highlighted");
    }
    line
}

fn summary_json(summary: &DiffSummary, identical: bool) -> Value {
    object(vec![
        ("changed", number(summary.changed)),
        ("added", number(summary.added)),
        ("removed", number(summary.removed)),
        ("moved", number(summary.moved)),
        ("unchanged", number(summary.unchanged)),
        ("highlighted_changes", number(summary.highlighted_changes)),
        ("identical", Value::Bool(identical)),
    ])
}

fn section_json(change: &SectionChange) -> Value {
    let side = |section: &Option<clausewrap_core::diff::Section>| {
        optional(section.as_ref(), |s| {
            object(vec![("id", string(s.id.clone())), ("number", optional(s.number, |n| Value::Number(Number::from(n))))])
        })
    };
    let edits = shortened(&change.edits, JSON_CONTEXT).into_iter().map(|piece| {
        let mut members = vec![("op", string(piece.op.json_name())), ("text", string(piece.text))];
        if piece.elided > 0 {
            members.push(("elided", number(piece.elided)));
        }
        object(members)
    });
    object(vec![
        ("id", string(change.id())),
        ("kind", string(change.kind.name())),
        ("highlighted", Value::Bool(change.highlighted)),
        ("old", side(&change.old)),
        ("new", side(&change.new)),
        ("edits", Value::Array(edits.collect())),
    ])
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Same,
    Insert,
    Delete,
}

impl Op {
    fn json_name(self) -> &'static str {
        match self {
            Op::Same => "same",
            Op::Insert => "insert",
            Op::Delete => "delete",
        }
    }
}

/// A run of an edit as shown: unchanged runs cut to `context` characters next to each
/// change, the cut marked `…`, and `elided` the number of characters left out.
struct Piece {
    op: Op,
    text: String,
    elided: usize,
}

fn shortened(edits: &[TextEdit], context: usize) -> Vec<Piece> {
    let last = edits.len().saturating_sub(1);
    edits
        .iter()
        .enumerate()
        .map(|(i, edit)| match edit {
            TextEdit::Inserted(text) => Piece { op: Op::Insert, text: text.clone(), elided: 0 },
            TextEdit::Deleted(text) => Piece { op: Op::Delete, text: text.clone(), elided: 0 },
            TextEdit::Same(text) => {
                let chars: Vec<char> = text.chars().collect();
                let n = chars.len();
                let keep_before = if i > 0 { context } else { 0 };
                let keep_after = if i < last { context } else { 0 };
                if n <= keep_before + keep_after + 1 {
                    return Piece { op: Op::Same, text: text.clone(), elided: 0 };
                }
                let head: String = chars[..keep_before].iter().collect();
                let tail: String = chars[n - keep_after..].iter().collect();
                Piece { op: Op::Same, text: format!("{head}…{tail}"), elided: n - keep_before - keep_after }
            }
        })
        .collect()
}

/// The pieces as one text: `[-deleted-]`, `{+inserted+}`.
fn marked(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|p| match p.op {
            Op::Same => p.text.clone(),
            Op::Insert => format!("{{+{}+}}", p.text),
            Op::Delete => format!("[-{}-]", p.text),
        })
        .collect()
}

/// `text` cut into lines that fit [`WIDTH`] after [`INDENT`]: at its own line breaks, and
/// at a space near the end of a line when there is one (Chinese text has none, and may be
/// cut anywhere but before closing punctuation, which stays with the character before it).
fn wrapped(text: &str) -> Vec<String> {
    let room = WIDTH - INDENT.len();
    let mut lines = Vec::new();
    for source in text.split('\n') {
        let mut line: Vec<char> = Vec::new();
        let mut width = 0;
        for ch in source.chars() {
            if width + columns(ch) > room {
                let space = line.iter().rposition(|&c| c == ' ').filter(|&at| at * 4 > line.len() * 3);
                let cut = space.map_or(if closing(ch) { line.len().saturating_sub(1) } else { line.len() }, |at| at + 1);
                let rest = line.split_off(cut);
                lines.push(line.iter().collect::<String>().trim_end().to_owned());
                width = rest.iter().map(|&c| columns(c)).sum();
                line = rest;
            }
            width += columns(ch);
            line.push(ch);
        }
        lines.push(line.into_iter().collect());
    }
    lines
}

/// Punctuation a line should not start with.
fn closing(ch: char) -> bool {
    "，。、；：！？）」』】》〉”’…,.;:!?)]}".contains(ch)
}

/// The columns a terminal gives `ch`: two for the wide scripts (CJK, Hangul, full-width
/// forms), one otherwise.
fn columns(ch: char) -> usize {
    let wide = matches!(ch as u32, 0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
    if wide {
        2
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_runs_are_cut_next_to_changes() {
        let edits = vec![TextEdit::Same("a".repeat(30)), TextEdit::Deleted("x".into()), TextEdit::Inserted("y".into()), TextEdit::Same("b".repeat(50))];
        let pieces = shortened(&edits, 5);
        assert_eq!(marked(&pieces), format!("…aaaaa[-x-]{{+y+}}bbbbb…"));
        assert_eq!((pieces[0].elided, pieces[3].elided), (25, 45));
        let middle = shortened(&[TextEdit::Inserted("y".into()), TextEdit::Same("c".repeat(20)), TextEdit::Deleted("x".into())], 5);
        assert_eq!((middle[1].text.as_str(), middle[1].elided), ("ccccc…ccccc", 10));
    }

    #[test]
    fn wrapping_counts_wide_characters_twice() {
        let lines = wrapped(&"条".repeat(50));
        assert_eq!(lines.iter().map(|l| l.chars().count()).collect::<Vec<_>>(), [38, 12]);
        let words = wrapped(&"word ".repeat(30));
        assert!(words.iter().all(|l| l.len() <= 76 && !l.starts_with(' ')), "{words:?}");
        assert_eq!(wrapped("a\nb"), ["a", "b"]);
        let punctuated = wrapped(&format!("{}。", "条".repeat(38)));
        assert_eq!(punctuated.iter().map(|l| l.chars().count()).collect::<Vec<_>>(), [37, 2]);
    }
}
