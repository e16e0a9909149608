//! Block structure: headings, paragraphs and (nested) lists.
//!
//! The parser walks the body line by line with a stack of open list items, like
//! CommonMark's, but every line must be indented to exactly the content column of one of
//! the open containers (or 0). That single rule excludes indented code, lazy continuation
//! lines and the 1–3 spaces of optional indentation whose effects readers rarely predict.
//! Paragraphs and headings get their inline content parsed as soon as they end, so
//! highlighted passages are numbered in document order in one pass.

use super::error::{code_point, syntax, DocumentError};
use super::inline::{self, Passages, Segment};
use super::lines::Line;
use super::trace::{Collector, TextBlock, TextBlockKind};
use crate::document::{Block, Delimiter, Inline, List, ListItem, ListKind, Passage};

/// Lists may be nested at most this deep.
pub(crate) const MAX_LIST_DEPTH: usize = 8;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Marker {
    Bullet,
    Ordered { number: u64, delimiter: Delimiter },
}

/// What a line (after the container's indentation) begins.
enum Start<'a> {
    /// Paragraph text.
    Text,
    /// `#` heading; `offset` is the byte offset of `content` in the line remainder.
    Heading { level: u8, offset: usize, content: &'a str },
    /// A list item marker `width` bytes wide (without the space after it).
    Item { marker: Marker, width: usize },
}

/// An open list item, with the list it belongs to.
struct Frame {
    kind: ListKind,
    loose: bool,
    items: Vec<ListItem>,
    item: ListItem,
    /// Indentation (in spaces) of this list's markers.
    marker_column: usize,
    /// Indentation of the open item's content: marker column + marker width + 1.
    content_column: usize,
}

struct Builder<'a> {
    blocks: Vec<Block>,
    /// Open list items, outermost first.
    stack: Vec<Frame>,
    /// Lines of the open paragraph, which belongs to the innermost container; empty if none.
    paragraph: Vec<Segment<'a>>,
    previous_blank: bool,
    passages: Passages,
    /// The top-level clause numbers so far, sorted, each with the line that introduced it
    /// (a sorted list: a map's code would cost the wasm more than its inserts cost here).
    clauses: Vec<(u64, usize)>,
    /// When asked for: the source positions of the text, block by block.
    trace: Option<(Collector, Vec<TextBlock>)>,
}

/// The blocks of a body, its highlighted passages and, if asked for, its text positions.
pub(crate) type Parsed = (Vec<Block>, Vec<Passage>, Option<Vec<TextBlock>>);

/// A body parsed up to a blank line: everything a [`Builder`] holds except an open
/// paragraph (a blank line closes it), so it borrows nothing from the text. A long
/// document is parsed a part at a time, each part ending with a blank line.
pub(crate) struct Body {
    blocks: Vec<Block>,
    stack: Vec<Frame>,
    previous_blank: bool,
    passages: Passages,
    clauses: Vec<(u64, usize)>,
    trace: Option<(Collector, Vec<TextBlock>)>,
}

impl Body {
    pub(crate) fn new(trace: bool) -> Self {
        Body {
            blocks: Vec::new(),
            stack: Vec::new(),
            previous_blank: false,
            passages: Passages::default(),
            clauses: Vec::new(),
            trace: trace.then(|| (Collector::default(), Vec::new())),
        }
    }
}

/// The body after a part: more to come, or, after the last part, the whole.
pub(crate) enum Fed {
    More(Body),
    Done(Parsed),
}

/// Parses the next part of a body. Every part but the `last` must end with a blank line.
pub(crate) fn feed(body: Body, lines: &[Line<'_>], last: bool) -> Result<Fed, DocumentError> {
    let Body { blocks, stack, previous_blank, passages, clauses, trace } = body;
    let mut builder = Builder { blocks, stack, paragraph: Vec::new(), previous_blank, passages, clauses, trace };
    for line in lines {
        if let Err(error) = builder.line(line) {
            // An error inside the still-open paragraph comes earlier in the text.
            builder.close_paragraph()?;
            return Err(error);
        }
    }
    if !last {
        debug_assert!(builder.paragraph.is_empty(), "a part ends with a blank line");
        let Builder { blocks, stack, previous_blank, passages, clauses, trace, .. } = builder;
        return Ok(Fed::More(Body { blocks, stack, previous_blank, passages, clauses, trace }));
    }
    builder.close_to(0)?;
    Ok(Fed::Done((builder.blocks, builder.passages.list, builder.trace.map(|(_, blocks)| blocks))))
}

impl<'a> Builder<'a> {
    fn line(&mut self, line: &Line<'a>) -> Result<(), DocumentError> {
        let text = line.text;
        let indent = text.bytes().take_while(|&b| b == b' ').count();
        if indent == text.len() {
            self.close_paragraph()?;
            self.previous_blank = true;
            return Ok(());
        }
        if text[indent..].trim().is_empty() {
            let c = text[indent..].chars().next().unwrap_or(' ');
            return Err(syntax(
                line.number,
                indent + 1,
                format!("this line holds only invisible white space ({}); delete it or leave the line empty", code_point(c)),
            ));
        }
        let depth = self.stack.iter().take_while(|frame| frame.content_column <= indent).count();
        let column = self.content_column(depth);
        if indent != column {
            return Err(self.indentation_error(line.number, indent, depth));
        }
        let rest = &text[indent..];
        let continuing = !self.paragraph.is_empty();
        match classify(rest, line.number, indent)? {
            Start::Text if continuing => {
                if depth < self.stack.len() {
                    let expected = self.content_column(self.stack.len());
                    return Err(syntax(
                        line.number,
                        indent + 1,
                        format!("this line continues a list item's paragraph; indent it by {expected} spaces (or leave a blank line before it)"),
                    ));
                }
                self.paragraph.push(Segment { line: line.number, column: indent + 1, text: rest });
            }
            Start::Text => {
                self.close_to(depth)?;
                self.begin_block();
                self.paragraph.push(Segment { line: line.number, column: indent + 1, text: rest });
            }
            Start::Heading { level, offset, content } => {
                self.close_to(depth)?;
                self.begin_block();
                self.heading(line.number, indent + offset + 1, level, content)?;
            }
            Start::Item { marker, width } => {
                if depth < self.stack.len() {
                    self.close_to(depth + 1)?;
                    self.next_item(line.number, indent, marker, width)?;
                } else {
                    if continuing && matches!(marker, Marker::Ordered { number, .. } if number != 1) {
                        return Err(syntax(
                            line.number,
                            indent + 1,
                            "a list that does not start at 1 must be separated from the paragraph above by a blank line",
                        ));
                    }
                    self.close_to(depth)?;
                    self.begin_block();
                    self.open_list(line.number, indent, marker, width)?;
                }
                self.item_content(line, indent + width + 1)?;
            }
        }
        self.previous_blank = false;
        Ok(())
    }

    /// The rest of a list item's first line: a paragraph, a heading, or more list markers.
    fn item_content(&mut self, line: &Line<'a>, mut column: usize) -> Result<(), DocumentError> {
        loop {
            let rest = &line.text[column..];
            match classify(rest, line.number, column)? {
                Start::Text => {
                    self.paragraph.push(Segment { line: line.number, column: column + 1, text: rest });
                    return Ok(());
                }
                Start::Heading { level, offset, content } => {
                    return self.heading(line.number, column + offset + 1, level, content);
                }
                Start::Item { marker, width } => {
                    self.open_list(line.number, column, marker, width)?;
                    column += width + 1;
                }
            }
        }
    }

    /// The content column of the container at `depth` (0 is the document).
    fn content_column(&self, depth: usize) -> usize {
        depth.checked_sub(1).map_or(0, |index| self.stack[index].content_column)
    }

    fn indentation_error(&self, line: usize, indent: usize, depth: usize) -> DocumentError {
        let column = self.content_column(depth);
        let message = if !self.paragraph.is_empty() {
            let expected = self.content_column(self.stack.len());
            format!("a paragraph's continuation lines must be indented by exactly {expected} spaces")
        } else if indent - column >= 4 {
            "indented code blocks are not supported; remove the indentation".to_string()
        } else if depth == 0 {
            "unexpected indentation; start the line without spaces, or indent it to a list item's text".to_string()
        } else {
            format!("unexpected indentation; indent by exactly {column} spaces to continue the list item")
        };
        syntax(line, indent + 1, message)
    }

    fn container(&mut self) -> &mut Vec<Block> {
        match self.stack.last_mut() {
            Some(frame) => &mut frame.item.blocks,
            None => &mut self.blocks,
        }
    }

    /// The clause the current position is in: the item of a top-level ordered list.
    fn clause(&self) -> Option<u64> {
        self.stack.first().filter(|frame| matches!(frame.kind, ListKind::Ordered { .. })).and_then(|frame| frame.item.number)
    }

    /// Called before a block that is not the first of its list item: a blank line before
    /// it makes the item's list loose.
    fn begin_block(&mut self) {
        if self.previous_blank {
            if let Some(frame) = self.stack.last_mut() {
                frame.loose = true;
            }
        }
    }

    fn close_paragraph(&mut self) -> Result<(), DocumentError> {
        if self.paragraph.is_empty() {
            return Ok(());
        }
        let segments = std::mem::take(&mut self.paragraph);
        let content = self.inlines(&segments, TextBlockKind::Paragraph)?;
        self.container().push(Block::Paragraph(content));
        Ok(())
    }

    /// Parses the inline content of one block, tracing it when asked to.
    fn inlines(&mut self, segments: &[Segment<'a>], kind: TextBlockKind) -> Result<Vec<Inline>, DocumentError> {
        let clause = self.clause();
        let collector = self.trace.as_mut().map(|(collector, _)| collector);
        let content = inline::parse(segments, clause, &mut self.passages, collector)?;
        if let Some((collector, blocks)) = self.trace.as_mut() {
            blocks.push(TextBlock { kind, clause, runs: collector.take() });
        }
        Ok(content)
    }

    /// Closes the open paragraph and every list item deeper than `depth`.
    fn close_to(&mut self, depth: usize) -> Result<(), DocumentError> {
        self.close_paragraph()?;
        while self.stack.len() > depth {
            let Some(mut frame) = self.stack.pop() else { break };
            frame.items.push(frame.item);
            let list = List { kind: frame.kind, loose: frame.loose, items: frame.items };
            self.container().push(Block::List(list));
        }
        Ok(())
    }

    fn heading(&mut self, line: usize, column: usize, level: u8, content: &'a str) -> Result<(), DocumentError> {
        let segment = Segment { line, column, text: content };
        let content = self.inlines(&[segment], TextBlockKind::Heading { level })?;
        self.container().push(Block::Heading { level, content });
        Ok(())
    }

    fn open_list(&mut self, line: usize, indent: usize, marker: Marker, width: usize) -> Result<(), DocumentError> {
        if self.stack.len() >= MAX_LIST_DEPTH {
            return Err(syntax(line, indent + 1, format!("lists may be nested at most {MAX_LIST_DEPTH} levels deep")));
        }
        if matches!(self.container().last(), Some(Block::List(_))) {
            return Err(syntax(line, indent + 1, "a list cannot directly follow another list; put a paragraph between them"));
        }
        let (kind, number) = match marker {
            Marker::Bullet => (ListKind::Bullet, None),
            Marker::Ordered { number, delimiter } => (ListKind::Ordered { start: number, delimiter }, Some(number)),
        };
        self.stack.push(Frame {
            kind,
            loose: false,
            items: Vec::new(),
            item: ListItem { number, blocks: Vec::new() },
            marker_column: indent,
            content_column: indent + width + 1,
        });
        self.register_clause(line, indent)
    }

    /// Starts the next item of the innermost list, whose markers sit at `indent`.
    fn next_item(&mut self, line: usize, indent: usize, marker: Marker, width: usize) -> Result<(), DocumentError> {
        let previous_blank = self.previous_blank;
        let Some(frame) = self.stack.last_mut() else { return Ok(()) };
        debug_assert_eq!(frame.marker_column, indent);
        let number = match (frame.kind, marker) {
            (ListKind::Bullet, Marker::Bullet) => None,
            (ListKind::Ordered { delimiter: expected, .. }, Marker::Ordered { number, delimiter }) => {
                if delimiter != expected {
                    let (found, wanted) = if expected == Delimiter::Period { (')', '.') } else { ('.', ')') };
                    return Err(syntax(
                        line,
                        indent + 1,
                        format!("this item uses '{found}' but the list uses '{wanted}'; use the same delimiter, or put a paragraph between the lists"),
                    ));
                }
                let expected = frame.item.number.map_or(0, |n| n + 1);
                if number != expected {
                    return Err(syntax(line, indent + 1, format!("list item {expected} expected, found {number}")));
                }
                Some(number)
            }
            (ListKind::Bullet, Marker::Ordered { .. }) => {
                return Err(syntax(line, indent + 1, "a numbered item cannot directly follow a '-' item; put a paragraph between the lists"));
            }
            (ListKind::Ordered { .. }, Marker::Bullet) => {
                return Err(syntax(line, indent + 1, "a '-' item cannot directly follow a numbered item; put a paragraph between the lists"));
            }
        };
        if previous_blank {
            frame.loose = true;
        }
        let done = std::mem::replace(&mut frame.item, ListItem { number, blocks: Vec::new() });
        frame.items.push(done);
        // Each item has its own content column: `9.` and `10.` differ in width.
        frame.content_column = indent + width + 1;
        self.register_clause(line, indent)
    }

    /// Records the number of a new top-level ordered item, which must be unique.
    fn register_clause(&mut self, line: usize, indent: usize) -> Result<(), DocumentError> {
        if self.stack.len() != 1 {
            return Ok(());
        }
        if let Some(number) = self.clause() {
            match self.clauses.binary_search_by_key(&number, |(n, _)| *n) {
                Ok(i) => {
                    let first = self.clauses[i].1;
                    return Err(syntax(
                        line,
                        indent + 1,
                        format!("clause {number} already exists (line {first}); clause numbers must be unique"),
                    ));
                }
                Err(i) => self.clauses.insert(i, (number, line)),
            }
        }
        Ok(())
    }
}

/// Decides what `rest` (a line after its container's indentation, starting with a
/// non-space) begins, and refuses every construct CommonMark would give a meaning the
/// subset does not support. `indent` is the byte length of what precedes `rest`, all ASCII.
fn classify<'a>(rest: &'a str, line: usize, indent: usize) -> Result<Start<'a>, DocumentError> {
    let bytes = rest.as_bytes();
    let fail = |offset: usize, message: &str| -> Result<Start<'a>, DocumentError> {
        Err(syntax(line, indent + rest[..offset].chars().count() + 1, message))
    };
    let Some(&first) = bytes.first() else { return Ok(Start::Text) };
    match first {
        b'>' => fail(0, "block quotes are not supported; escape '>' as \\> at the start of a line"),
        b'`' | b'~' if rest.starts_with("```") || rest.starts_with("~~~") => fail(0, "fenced code blocks are not supported"),
        b'#' => heading(rest, fail),
        b'*' | b'-' | b'_' if is_thematic_break(bytes) => {
            fail(0, "thematic breaks (---, ***, ___) are not supported; write the characters with spaces between them removed, or escape the first one")
        }
        b'*' | b'+' if bytes.get(1).is_none_or(|&b| b == b' ') => {
            fail(0, "only '-' may start a bullet list item; escape the marker with a backslash if it is text")
        }
        b'-' if bytes.get(1).is_none_or(|&b| b == b' ') => item(rest, Marker::Bullet, 1, fail),
        b'-' | b'=' if bytes.iter().all(|&b| b == first || b == b' ') => {
            fail(0, "a line of only '-' or '=' would underline a heading, which is not supported; use '# ' headings")
        }
        b'0'..=b'9' => ordered(rest, fail),
        _ => Ok(Start::Text),
    }
}

/// `#` to `######` followed by one space and the heading text.
fn heading<'a>(
    rest: &'a str,
    fail: impl Fn(usize, &str) -> Result<Start<'a>, DocumentError>,
) -> Result<Start<'a>, DocumentError> {
    let bytes = rest.as_bytes();
    let level = bytes.iter().take_while(|&&b| b == b'#').count();
    let after = bytes.get(level).copied();
    if level > 6 {
        return if after.is_none_or(|b| b == b' ') { fail(0, "headings have at most six levels") } else { Ok(Start::Text) };
    }
    match after {
        None => return fail(0, "the heading is empty"),
        Some(b' ') => {}
        Some(_) => return Ok(Start::Text),
    }
    let offset = level + 1;
    let content = rest[offset..].trim_end_matches(' ');
    if content.is_empty() {
        return fail(0, "the heading is empty");
    }
    if content.starts_with(' ') {
        return fail(offset, "put exactly one space after the '#' of a heading");
    }
    let without_hashes = content.trim_end_matches('#');
    if without_hashes.len() < content.len() && (without_hashes.is_empty() || without_hashes.ends_with(' ')) {
        return fail(
            offset + without_hashes.len(),
            "closing '#' characters are not allowed in headings; remove them, or escape the first as \\#",
        );
    }
    Ok(Start::Heading { level: level as u8, offset, content })
}

/// `N.` or `N)` with 1 to 9 digits.
fn ordered<'a>(
    rest: &'a str,
    fail: impl Fn(usize, &str) -> Result<Start<'a>, DocumentError>,
) -> Result<Start<'a>, DocumentError> {
    let bytes = rest.as_bytes();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let delimiter = match bytes.get(digits) {
        Some(b'.') => Delimiter::Period,
        Some(b')') => Delimiter::Paren,
        _ => return Ok(Start::Text),
    };
    if digits > 9 || bytes.get(digits + 1).is_some_and(|&b| b != b' ') {
        return Ok(Start::Text);
    }
    if digits > 1 && bytes[0] == b'0' {
        return fail(0, "list numbers must not have leading zeros");
    }
    let number = rest[..digits].parse::<u64>().unwrap_or(0);
    item(rest, Marker::Ordered { number, delimiter }, digits + 1, fail)
}

/// Checks what follows a list marker: exactly one space, then the item's text.
fn item<'a>(
    rest: &'a str,
    marker: Marker,
    width: usize,
    fail: impl Fn(usize, &str) -> Result<Start<'a>, DocumentError>,
) -> Result<Start<'a>, DocumentError> {
    let content = rest.get(width + 1..).unwrap_or("");
    if content.trim_start_matches(' ').is_empty() {
        return fail(0, "the list item is empty");
    }
    if content.starts_with(' ') {
        return fail(width + 1, "put exactly one space after the list marker");
    }
    Ok(Start::Item { marker, width })
}

/// Three or more `*`, `-` or `_` (all the same) and nothing else but spaces.
fn is_thematic_break(bytes: &[u8]) -> bool {
    let first = bytes[0];
    bytes.iter().all(|&b| b == first || b == b' ') && bytes.iter().filter(|&&b| b == first).count() >= 3
}
