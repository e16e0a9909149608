//! The document model: what a parsed rules document is, independent of how it is shown.
//!
//! A document is metadata (from its front matter) and a sequence of blocks. The items of a
//! top-level ordered list are the document's *clauses*; every `**strong**` span is a
//! *highlighted passage* (a liability passage the reader must be shown), with a stable id:
//! `c{clause}-h{k}` for the k-th passage inside clause `clause`, `p-h{k}` for the k-th
//! passage outside any clause (for example in the preamble).

use serde::Serialize;

/// The largest document accepted, in bytes. Legal documents are far smaller; the limit
/// keeps a hostile or mistaken input from freezing the page that embeds the widget.
pub const MAX_DOCUMENT_BYTES: usize = 2 * 1024 * 1024;

/// The front matter of a document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Metadata {
    /// A stable identifier of the document (not of its version), e.g. `face-recognition-service-rules`.
    pub id: String,
    /// The document's title as shown to the reader.
    pub title: String,
    /// The document's own version label, e.g. its "last updated" time.
    pub version: String,
    /// BCP 47 language tag of the document text, e.g. `zh-CN`.
    pub lang: String,
    /// Where the text was published, if known.
    pub source: Option<String>,
    /// Any further `key: value` pairs, in the order written.
    pub extra: Vec<(String, String)>,
}

/// A parsed document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Document {
    pub meta: Metadata,
    pub blocks: Vec<Block>,
    /// Every highlighted passage in document order; `Inline::Strong::passage` indexes this.
    pub passages: Vec<Passage>,
}

/// A block-level element.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Block {
    /// An ATX heading, level 1 to 6.
    Heading { level: u8, content: Vec<Inline> },
    Paragraph(Vec<Inline>),
    List(List),
}

/// An ordered or bullet list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct List {
    pub kind: ListKind,
    /// True when the list is loose in CommonMark's sense (its items are separated by blank lines).
    pub loose: bool,
    pub items: Vec<ListItem>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ListKind {
    /// `1.` items (`Delimiter::Period`) or `1)` items (`Delimiter::Paren`), numbered from `start`.
    Ordered { start: u64, delimiter: Delimiter },
    /// `-` items.
    Bullet,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Delimiter {
    Period,
    Paren,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ListItem {
    /// The item's number in an ordered list (start + index), `None` in a bullet list.
    pub number: Option<u64>,
    /// The item's content. A tight item's text is held as a paragraph too.
    pub blocks: Vec<Block>,
}

/// Inline content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Inline {
    Text(String),
    /// A line break inside a paragraph in the source; shown as white space.
    SoftBreak,
    Emphasis(Vec<Inline>),
    /// A highlighted passage; `passage` indexes `Document::passages`.
    Strong { passage: usize, content: Vec<Inline> },
    /// A link; `href` is an absolute `https:`, `http:` or `mailto:` URL.
    Link { href: String, content: Vec<Inline> },
}

/// A highlighted (bolded) liability passage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Passage {
    /// Stable id: `c{clause}-h{k}` inside a clause, `p-h{k}` outside any clause.
    pub id: String,
    /// The number of the clause the passage sits in, if any.
    pub clause: Option<u64>,
    /// The passage's plain text.
    pub text: String,
}

impl Document {
    /// The document's clauses: the items of its top-level ordered lists, with their numbers.
    pub fn clauses(&self) -> impl Iterator<Item = (u64, &ListItem)> {
        self.blocks.iter().flat_map(|block| match block {
            Block::List(List { kind: ListKind::Ordered { .. }, items, .. }) => items.as_slice(),
            _ => &[],
        })
        .filter_map(|item| item.number.map(|n| (n, item)))
    }

    /// The text a reader sees, without markup: blocks separated by newlines, ordered list
    /// items prefixed with their labels (`1. `, or `（1）` for `1)` items in CJK documents,
    /// `(1) ` otherwise), bullet items with `- `.
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        let cjk = is_cjk_lang(&self.meta.lang);
        for block in &self.blocks {
            write_block_text(block, cjk, &mut out);
        }
        out
    }
}

/// The label shown before an ordered list item.
pub fn item_label(number: u64, delimiter: Delimiter, cjk: bool) -> String {
    match (delimiter, cjk) {
        (Delimiter::Period, _) => format!("{number}. "),
        (Delimiter::Paren, true) => format!("（{number}）"),
        (Delimiter::Paren, false) => format!("({number}) "),
    }
}

/// Whether a language tag names a language written without spaces between words,
/// which decides how `1)` list labels are printed.
pub fn is_cjk_lang(lang: &str) -> bool {
    matches!(primary_language(lang).as_str(), "zh" | "ja" | "ko")
}

/// The primary language subtag of a tag such as `zh-CN` or `en_GB`, lowercased. (A byte
/// search: splitting at `['-', '_']` linked a pattern searcher of its own into the wasm.)
pub fn primary_language(tag: &str) -> String {
    let end = tag.bytes().position(|b| b == b'-' || b == b'_').unwrap_or(tag.len());
    tag[..end].to_ascii_lowercase()
}

fn write_block_text(block: &Block, cjk: bool, out: &mut String) {
    match block {
        Block::Heading { content, .. } | Block::Paragraph(content) => {
            write_inline_text(content, out);
            out.push('\n');
        }
        Block::List(list) => {
            for item in &list.items {
                match (list.kind, item.number) {
                    (ListKind::Ordered { delimiter, .. }, Some(n)) => out.push_str(&item_label(n, delimiter, cjk)),
                    _ => out.push_str("- "),
                }
                for inner in &item.blocks {
                    write_block_text(inner, cjk, out);
                }
            }
        }
    }
}

/// Appends the plain text of inline content.
pub fn write_inline_text(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text(text) => out.push_str(text),
            Inline::SoftBreak => out.push('\n'),
            Inline::Emphasis(content) | Inline::Strong { content, .. } | Inline::Link { content, .. } => {
                write_inline_text(content, out)
            }
        }
    }
}
