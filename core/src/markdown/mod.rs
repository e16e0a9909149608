//! The rules-document format: a strict subset of CommonMark with front matter.
//!
//! A rules document is something people agree to, so its text must mean one thing. The
//! parser therefore accepts a small subset of CommonMark 0.31 and *refuses* (with a line,
//! a column and a sentence the author can act on) everything else CommonMark would give a
//! meaning to, instead of silently reinterpreting it. On every document it accepts, the
//! structure is the one a CommonMark parser produces (this is checked against
//! pulldown-cmark in `core/tests/differential.rs`). HTML is never produced, and raw HTML in
//! the input is an error, so it can never reach a page.
//!
//! # Encoding and lines
//!
//! * UTF-8, at most [`MAX_DOCUMENT_BYTES`](crate::document::MAX_DOCUMENT_BYTES); no byte
//!   order mark.
//! * Lines end with `\n` or `\r\n`. A bare `\r`, a tab, any other control character,
//!   U+2028, U+2029 and U+FEFF are errors.
//! * A line holding only white space other than ASCII spaces (for example U+3000) is an
//!   error: it would be an invisible paragraph.
//!
//! # Front matter (required)
//!
//! ```text
//! ---
//! id: face-recognition-service-rules
//! title: "Face Recognition Service Rules"
//! version: 2019-07-29 15:49:27
//! lang: zh-CN
//! source: https://cloud.tencent.com/document/product/301/1967
//! ---
//! ```
//!
//! The first line is `---`; then one `key: value` per line (no blank lines); then `---`.
//! Keys match `[a-z][a-z0-9_]*` and are directly followed by `:` and a space; the value
//! is the rest of the line, trimmed, and must not be empty. One pair of surrounding double
//! quotes is removed (nothing inside is an escape). `id` (matching `[a-z0-9][a-z0-9._-]*`),
//! `title`, `version` and `lang` are required, `source` is optional, and other keys are
//! kept in [`Metadata::extra`](crate::document::Metadata::extra) in order. A key may
//! appear only once.
//!
//! # Blocks
//!
//! * **Headings**: `#` to `######`, exactly one space, the text. No closing `#`s, no empty
//!   headings, no setext (underlined) headings.
//! * **Paragraphs**: consecutive non-blank lines. Trailing spaces of the last line are
//!   ignored; one trailing space before a line break is ignored; two or more would be a
//!   hard line break and are an error.
//! * **Ordered lists**: `N.` or `N)` (1 to 9 digits, no leading zeros), exactly one space,
//!   the text. The first item may have any number; each next item must be the previous
//!   number plus one ("list item 5 expected, found 7"). A list that does not start at 1
//!   cannot interrupt a paragraph (leave a blank line).
//! * **Bullet lists**: `-`, exactly one space, the text. `*` and `+` bullets are errors.
//! * A list may not directly follow another list (different marker kind or delimiter);
//!   CommonMark would start a new list there, which readers would misread. Put a
//!   paragraph or heading between them.
//! * **Nesting**: an item's further lines and nested blocks are indented to the item's
//!   content column (marker width + 1). Every line must be indented to exactly the content
//!   column of an enclosing item (or not at all): this excludes indented code and lazy
//!   continuation lines. Lists nest at most 8 deep. Empty items are errors.
//! * Blank lines separate blocks. A list is *loose* when its items, or two blocks inside
//!   one item, are separated by blank lines (CommonMark's definition). A tight item's text
//!   is still a [`Block::Paragraph`](crate::document::Block::Paragraph).
//! * Headings, `-` items and items numbered 1 may interrupt a paragraph (no blank line
//!   needed), as in CommonMark.
//! * Errors: thematic breaks (`***`, `---`, `___`, with or without spaces), block quotes
//!   (`>`), fenced code (```` ``` ````, `~~~`), indented code, HTML blocks, link reference
//!   definitions. No extensions exist (tables, footnotes, strikethrough, task lists): their
//!   syntax is plain text, or refused where it needs `[`/`]`.
//!
//! # Inlines
//!
//! * Text and soft line breaks ([`Inline::SoftBreak`](crate::document::Inline::SoftBreak)).
//! * `*emphasis*` and `**strong**`, with `*` only. Every `*` run is classified as
//!   left-/right-flanking exactly as CommonMark does (Unicode whitespace = Zs; Unicode
//!   punctuation = P and S categories, from the tables in `punctuation.rs`). Runs of one or
//!   two are accepted; three or more are errors; a run that is both left- and
//!   right-flanking is an error ("add a space or escape it"); a run that is neither is
//!   text. Openers and closers pair like brackets: a closer must match the innermost open
//!   run of the same length. Strong inside strong is an error; emphasis may not cross a
//!   link's brackets; unclosed openers and unmatched closers are errors. If a neighbour of a
//!   run is a character the tables do not cover (say an emoji), the run is an error naming
//!   the code point.
//! * `_` is literal where CommonMark could not use it for emphasis (e.g. `snake_case`);
//!   anywhere else it is an error ("use * for emphasis or escape \_").
//! * Links: `[text](dest)` only, with `dest` an absolute `https://`, `http://` or `mailto:`
//!   URL without spaces, `<`, `>`, `\`, `(`, `)`, `[`, `]`, backticks or character
//!   references, and no title. Any other unescaped `[` or `]` is an error, so reference
//!   links, footnote-like `[1]` and images (`![`) are too. Links do not nest.
//! * Backslash escapes: `\` before ASCII punctuation is that character; before anything
//!   else it is a literal backslash; at the end of a line (a hard break) it is an error.
//! * Character references: `&#NNN;` and `&#xHH;` for printable characters (not 0,
//!   surrogates, controls or beyond U+10FFFF) and these names ([`named_references`]):
//!   `amp lt gt quot apos nbsp ensp emsp thinsp copy reg trade hellip mdash ndash lsquo
//!   rsquo ldquo rdquo laquo raquo middot bull sect para times divide plusmn minus deg
//!   cent pound euro yen larr rarr`. An unknown `&name;` is an error; a `&` that starts no
//!   reference is literal.
//! * Errors: code spans (any unescaped backtick), raw HTML and autolinks (an unescaped `<`
//!   followed by an ASCII letter, `/`, `!` or `?`, or anything that could be an e-mail
//!   autolink such as `<1@example.com>`), hard line breaks.
//!
//! # Clauses and highlighted passages
//!
//! The items of a top-level ordered list are *clauses*; their numbers must be unique in
//! the document. Every `**strong**` span is a highlighted passage, listed in
//! [`Document::passages`](crate::document::Document::passages) in document order, with id
//! `c{clause}-h{k}` inside clause `clause` (nested content included; `k` counts from 1 in
//! each clause) and `p-h{k}` outside any clause (`k` counts from 1 over all of those). A
//! passage's text is its plain text, with soft line breaks as `\n`.

mod block;
mod entities;
mod error;
mod frontmatter;
mod inline;
mod lines;
mod punctuation;
mod stepwise;
mod trace;

pub use entities::named_references;
pub use error::DocumentError;
pub use stepwise::{Parsing, Step};
pub use trace::{TextBlock, TextBlockKind, TextRun};

use crate::document::Document;

/// Parses a rules document.
pub fn parse(bytes: &[u8]) -> Result<Document, DocumentError> {
    parse_document(bytes, false).map(|(document, _)| document)
}

/// Parses a rules document exactly as [`parse`] does, and also returns where the text of
/// every paragraph and heading came from, in document order: what a tool needs to point
/// an author at a line and column. The widget itself never needs it.
pub fn parse_with_positions(bytes: &[u8]) -> Result<(Document, Vec<TextBlock>), DocumentError> {
    parse_document(bytes, true).map(|(document, blocks)| (document, blocks.unwrap_or_default()))
}

fn parse_document(bytes: &[u8], trace: bool) -> Result<(Document, Option<Vec<TextBlock>>), DocumentError> {
    // One step with no limit: the whole text is one part.
    match Parsing::with_trace(bytes, trace).step_traced(usize::MAX) {
        Step::Done(result) => result,
        Step::Pending | Step::Finished => unreachable!("a step with no limit parses everything"),
    }
}
