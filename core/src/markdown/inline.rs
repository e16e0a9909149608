//! Inline content: text, soft breaks, `*emphasis*`, `**strong**`, `[links](https://…)`,
//! backslash escapes and character references.
//!
//! CommonMark resolves emphasis with a delimiter stack that silently turns anything it
//! cannot pair into literal asterisks, and a reader of the source cannot easily predict the
//! outcome. Here every `*` run is classified exactly as CommonMark does (left-/right-
//! flanking), and then only the unambiguous cases are accepted: a run that can only open
//! is pushed, a run that can only close must match the innermost open run of the same
//! length, and everything else is an error. On every accepted input the result is the
//! same as CommonMark's, but nothing is ever guessed.

use super::entities::{self, Reference};
use super::error::{code_point, syntax, DocumentError};
use super::punctuation::{classify, Class};
use super::trace::Collector;
use crate::document::{write_inline_text, Inline, Passage};

/// Emphasis, strong and links may nest at most this deep.
const MAX_INLINE_DEPTH: usize = 8;

/// One source line of a paragraph or heading, without the container's indentation.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Segment<'a> {
    pub line: usize,
    /// 1-based column (in Unicode scalar values) of the first character of `text`.
    pub column: usize,
    pub text: &'a str,
}

/// Collects highlighted passages and gives them their ids.
#[derive(Default)]
pub(crate) struct Passages {
    pub list: Vec<Passage>,
    clause: Option<u64>,
    in_clause: u64,
    outside: u64,
}

impl Passages {
    fn add(&mut self, clause: Option<u64>, content: &[Inline]) -> usize {
        let id = match clause {
            Some(number) => {
                if self.clause != Some(number) {
                    self.clause = Some(number);
                    self.in_clause = 0;
                }
                self.in_clause += 1;
                format!("c{number}-h{}", self.in_clause)
            }
            None => {
                self.outside += 1;
                format!("p-h{}", self.outside)
            }
        };
        let mut text = String::new();
        write_inline_text(content, &mut text);
        self.list.push(Passage { id, clause, text });
        self.list.len() - 1
    }
}

/// The text of a paragraph, its lines joined by `\n`, with a map back to source positions.
struct Source {
    text: String,
    /// (byte offset in `text`, line, column) for the start of every segment.
    starts: Vec<(usize, usize, usize)>,
}

impl Source {
    /// Joins the segments. A single trailing space before a line break is dropped (it is
    /// not part of a soft break); two or more would make a hard line break, which is
    /// refused. Trailing spaces of the last line are dropped.
    fn join(segments: &[Segment<'_>]) -> Result<Source, DocumentError> {
        let mut source = Source { text: String::new(), starts: Vec::with_capacity(segments.len()) };
        for (index, segment) in segments.iter().enumerate() {
            let kept = segment.text.trim_end_matches(' ');
            let trailing = segment.text.len() - kept.len();
            if index + 1 < segments.len() && trailing >= 2 {
                let column = segment.column + kept.chars().count();
                return Err(syntax(
                    segment.line,
                    column,
                    "two or more spaces at the end of a line make a hard line break, which is not supported; remove them",
                ));
            }
            if index > 0 {
                source.text.push('\n');
            }
            source.starts.push((source.text.len(), segment.line, segment.column));
            source.text.push_str(kept);
        }
        Ok(source)
    }

    /// The line and column of byte `offset` of the joined text.
    fn position(&self, offset: usize) -> (usize, usize) {
        let index = self.starts.partition_point(|&(start, _, _)| start <= offset).saturating_sub(1);
        let (start, line, column) = self.starts.get(index).copied().unwrap_or((0, 1, 1));
        let start = start.min(offset);
        let chars = self.text.get(start..offset).map_or(0, |s| s.chars().count());
        (line, column + chars)
    }

    fn error(&self, offset: usize, message: impl Into<String>) -> DocumentError {
        let (line, column) = self.position(offset);
        syntax(line, column, message)
    }
}

/// What opened a frame of the inline stack.
#[derive(Clone, Copy)]
enum Opener {
    Root,
    /// `*` (`strong == false`) or `**`, at byte offset `at`.
    Emphasis { strong: bool, at: usize },
    /// `[` at byte offset `at`.
    Link { at: usize },
}

struct Frame {
    opener: Opener,
    children: Vec<Inline>,
    /// Text not yet pushed to `children`, so that adjacent text ends up in one node.
    text: String,
}

impl Frame {
    fn new(opener: Opener) -> Frame {
        Frame { opener, children: Vec::new(), text: String::new() }
    }

    fn flush(&mut self) {
        if !self.text.is_empty() {
            self.children.push(Inline::Text(std::mem::take(&mut self.text)));
        }
    }

    fn push(&mut self, inline: Inline) {
        self.flush();
        self.children.push(inline);
    }

    fn finish(mut self) -> Vec<Inline> {
        self.flush();
        self.children
    }
}

/// Parses the inline content of a paragraph (several segments) or a heading (one). With a
/// `trace`, also notes where every shown character came from.
pub(crate) fn parse(
    segments: &[Segment<'_>],
    clause: Option<u64>,
    passages: &mut Passages,
    trace: Option<&mut Collector>,
) -> Result<Vec<Inline>, DocumentError> {
    let source = Source::join(segments)?;
    Parser { source: &source, stack: vec![Frame::new(Opener::Root)], clause, passages, trace }.run()
}

struct Parser<'s, 'p, 't> {
    source: &'s Source,
    /// Never empty: the root frame is at the bottom.
    stack: Vec<Frame>,
    clause: Option<u64>,
    passages: &'p mut Passages,
    trace: Option<&'t mut Collector>,
}

impl Parser<'_, '_, '_> {
    fn top(&mut self) -> &mut Frame {
        let last = self.stack.len() - 1;
        &mut self.stack[last]
    }

    /// Adds `shown` to the text of the innermost frame; it stands for the `source_len`
    /// bytes of source text at `at`.
    fn push_text(&mut self, at: usize, source_len: usize, shown: &str) {
        self.top().text.push_str(shown);
        self.note(at, source_len, shown);
    }

    /// Tells the trace, if any, about shown text. Strong cannot nest, so text inside a
    /// strong span belongs to the passage that span will add when it closes: the next one.
    fn note(&mut self, at: usize, source_len: usize, shown: &str) {
        let Some(trace) = self.trace.as_deref_mut() else { return };
        let strong = self.stack.iter().any(|f| matches!(f.opener, Opener::Emphasis { strong: true, .. }));
        let passage = strong.then_some(self.passages.list.len());
        let source = self.source;
        trace.note(at, source_len, shown, passage, || source.position(at));
    }

    fn top_opener(&self) -> Opener {
        self.stack.last().map_or(Opener::Root, |frame| frame.opener)
    }

    fn run(mut self) -> Result<Vec<Inline>, DocumentError> {
        let text = self.source.text.as_str();
        let mut at = 0;
        while let Some(c) = text[at..].chars().next() {
            let next = text[at + c.len_utf8()..].chars().next();
            at = match c {
                '\\' => self.backslash(at, next)?,
                '&' => self.reference(at)?,
                '`' => return Err(self.source.error(at, "code spans are not supported; escape the backtick as \\`")),
                '<' if next.is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')) => {
                    return Err(self.source.error(at, "raw HTML and autolinks are not allowed; escape '<' as \\<"));
                }
                '<' if looks_like_email_autolink(&text[at + 1..]) => {
                    return Err(self.source.error(at, "e-mail autolinks are not allowed; escape '<' as \\<"));
                }
                '!' if next == Some('[') => {
                    return Err(self.source.error(at, "images are not supported; escape '[' as \\[ if the '!' is text"));
                }
                '[' => self.open_link(at)?,
                ']' => self.close_link(at)?,
                '*' => self.asterisks(at)?,
                '_' => self.underscores(at)?,
                '\n' => {
                    self.top().push(Inline::SoftBreak);
                    self.note(at, 1, "\n");
                    at + 1
                }
                c => {
                    let len = c.len_utf8();
                    self.push_text(at, len, &text[at..at + len]);
                    at + len
                }
            };
        }
        if let Some(frame) = self.stack.get(1) {
            let (at, message) = match frame.opener {
                Opener::Emphasis { strong: true, at } => (at, "'**' is never closed; close it or escape it as \\*\\*"),
                Opener::Emphasis { at, .. } => (at, "'*' is never closed; close it or escape it as \\*"),
                Opener::Link { at } => (at, "'[' is never closed; escape it as \\["),
                Opener::Root => (0, "unbalanced inline markup"),
            };
            return Err(self.source.error(at, message));
        }
        let root = self.stack.pop().map(Frame::finish).unwrap_or_default();
        Ok(root)
    }

    fn backslash(&mut self, at: usize, next: Option<char>) -> Result<usize, DocumentError> {
        match next {
            Some(n) if n.is_ascii_punctuation() => {
                self.push_text(at, 2, n.encode_utf8(&mut [0; 4]));
                Ok(at + 2)
            }
            Some('\n') | None => Err(self.source.error(
                at,
                "a backslash at the end of a line makes a hard line break, which is not supported; remove it or write \\\\",
            )),
            Some(_) => {
                self.push_text(at, 1, "\\");
                Ok(at + 1)
            }
        }
    }

    fn reference(&mut self, at: usize) -> Result<usize, DocumentError> {
        match entities::parse(&self.source.text[at..]) {
            Reference::Char(c, len) => {
                self.push_text(at, len, c.encode_utf8(&mut [0; 4]));
                Ok(at + len)
            }
            Reference::Literal => {
                self.push_text(at, 1, "&");
                Ok(at + 1)
            }
            Reference::Invalid(message) => Err(self.source.error(at, message)),
        }
    }

    fn check_depth(&self, at: usize) -> Result<(), DocumentError> {
        if self.stack.len() > MAX_INLINE_DEPTH {
            return Err(self.source.error(at, "emphasis and links are nested too deeply"));
        }
        Ok(())
    }

    fn open_link(&mut self, at: usize) -> Result<usize, DocumentError> {
        if self.stack.iter().any(|f| matches!(f.opener, Opener::Link { .. })) {
            return Err(self.source.error(at, "a link's text cannot contain '['; escape it as \\["));
        }
        self.check_depth(at)?;
        self.stack.push(Frame::new(Opener::Link { at }));
        Ok(at + 1)
    }

    fn close_link(&mut self, at: usize) -> Result<usize, DocumentError> {
        let open = match self.top_opener() {
            Opener::Link { at } => at,
            Opener::Emphasis { at: inner, .. } if self.stack.iter().any(|f| matches!(f.opener, Opener::Link { .. })) => {
                let (line, column) = self.source.position(inner);
                return Err(self.source.error(
                    at,
                    format!("emphasis opened at line {line}, column {column} must be closed before the link text ends"),
                ));
            }
            _ => return Err(self.source.error(at, "']' without a matching '['; escape it as \\]")),
        };
        let text = self.source.text.as_str();
        if text.as_bytes().get(at + 1) != Some(&b'(') {
            return Err(self.source.error(
                open,
                "'[' and ']' are only allowed in links written [text](https://…); escape them as \\[ and \\]",
            ));
        }
        let start = at + 2;
        let mut end = None;
        for (offset, c) in text[start..].char_indices() {
            let here = start + offset;
            match c {
                ')' => {
                    end = Some(here);
                    break;
                }
                c if c.is_whitespace() => {
                    return Err(self.source.error(here, "a link address cannot contain spaces or line breaks"));
                }
                '<' | '>' | '\\' | '(' | '[' | ']' | '`' => {
                    return Err(self.source.error(here, format!("a link address cannot contain '{c}'")));
                }
                '&' if entities::looks_like_reference(&text[here..]) => {
                    return Err(self.source.error(here, "a link address cannot contain character references"));
                }
                _ => {}
            }
        }
        let Some(end) = end else {
            return Err(self.source.error(at + 1, "the link address is not closed with ')'"));
        };
        let href = &text[start..end];
        if !is_allowed_href(href) {
            return Err(self.source.error(start, "a link address must be an absolute https://, http:// or mailto: URL"));
        }
        let frame = self.stack.pop().map(Frame::finish).unwrap_or_default();
        if frame.is_empty() {
            return Err(self.source.error(open, "the link text is empty"));
        }
        self.top().push(Inline::Link { href: href.to_string(), content: frame });
        Ok(end + 1)
    }

    /// Classifies the neighbours of the delimiter run `at..end`, refusing to guess.
    fn neighbours(&self, at: usize, end: usize, delimiter: char) -> Result<(Class, Class), DocumentError> {
        let text = self.source.text.as_str();
        let before = text[..at].chars().next_back();
        let after = text[end..].chars().next();
        for c in [before, after] {
            if let Some(c) = c.filter(|&c| classify(Some(c)) == Class::Unknown) {
                return Err(self.source.error(
                    at,
                    format!(
                        "cannot tell whether '{delimiter}' here is emphasis next to the character {}; add a space or escape it as \\{delimiter}",
                        code_point(c)
                    ),
                ));
            }
        }
        Ok((classify(before), classify(after)))
    }

    fn asterisks(&mut self, at: usize) -> Result<usize, DocumentError> {
        let text = self.source.text.as_str();
        let len = text[at..].bytes().take_while(|&b| b == b'*').count();
        let end = at + len;
        if len > 2 {
            return Err(self.source.error(
                at,
                "runs of three or more '*' are not supported; use '**' for strong text and '*' for emphasis, or escape them as \\*",
            ));
        }
        let (before, after) = self.neighbours(at, end, '*')?;
        let (left, right) = flanking(before, after);
        let strong = len == 2;
        match (left, right) {
            (true, true) => Err(self.source.error(at, "ambiguous emphasis delimiter; add a space or escape it as \\*")),
            (false, false) => {
                self.push_text(at, end - at, &text[at..end]);
                Ok(end)
            }
            (true, false) => {
                if strong && self.stack.iter().any(|f| matches!(f.opener, Opener::Emphasis { strong: true, .. })) {
                    return Err(self.source.error(at, "strong text cannot contain strong text"));
                }
                self.check_depth(at)?;
                self.stack.push(Frame::new(Opener::Emphasis { strong, at }));
                Ok(end)
            }
            (false, true) => {
                self.close_emphasis(at, strong)?;
                Ok(end)
            }
        }
    }

    fn close_emphasis(&mut self, at: usize, strong: bool) -> Result<(), DocumentError> {
        let delimiter = if strong { "**" } else { "*" };
        match self.top_opener() {
            Opener::Emphasis { strong: open_strong, .. } if open_strong == strong => {}
            Opener::Emphasis { strong: open_strong, at: open } => {
                let (line, column) = self.source.position(open);
                let opened = if open_strong { "**" } else { "*" };
                return Err(self.source.error(
                    at,
                    format!("'{delimiter}' cannot close the '{opened}' opened at line {line}, column {column}"),
                ));
            }
            Opener::Link { .. } if self.stack.iter().any(|f| matches!(f.opener, Opener::Emphasis { .. })) => {
                return Err(self.source.error(at, "emphasis cannot cross a link's brackets; close it inside or outside the link"));
            }
            _ => {
                let escaped = if strong { "\\*\\*" } else { "\\*" };
                return Err(self.source.error(at, format!("'{delimiter}' closes nothing; escape it as {escaped}")));
            }
        }
        let content = self.stack.pop().map(Frame::finish).unwrap_or_default();
        let inline = if strong {
            let passage = self.passages.add(self.clause, &content);
            Inline::Strong { passage, content }
        } else {
            Inline::Emphasis(content)
        };
        self.top().push(inline);
        Ok(())
    }

    fn underscores(&mut self, at: usize) -> Result<usize, DocumentError> {
        let text = self.source.text.as_str();
        let end = at + text[at..].bytes().take_while(|&b| b == b'_').count();
        let (before, after) = self.neighbours(at, end, '_')?;
        let (left, right) = flanking(before, after);
        let can_open = left && (!right || before == Class::Punctuation);
        let can_close = right && (!left || after == Class::Punctuation);
        if can_open || can_close {
            return Err(self.source.error(at, "use * for emphasis, or escape '_' as \\_"));
        }
        self.push_text(at, end - at, &text[at..end]);
        Ok(end)
    }
}

/// CommonMark's left- and right-flanking tests for a delimiter run between `before` and
/// `after`.
fn flanking(before: Class, after: Class) -> (bool, bool) {
    let left = after != Class::Whitespace
        && (after != Class::Punctuation || matches!(before, Class::Whitespace | Class::Punctuation));
    let right = before != Class::Whitespace
        && (before != Class::Punctuation || matches!(after, Class::Whitespace | Class::Punctuation));
    (left, right)
}

/// True when `rest` (what follows a `<`) could be read as an e-mail autolink such as
/// `<1@example.com>`: local-part characters up to an `@` and a `>` before any white space.
/// This deliberately over-approximates CommonMark's rule; `<` + letter is refused anyway.
fn looks_like_email_autolink(rest: &str) -> bool {
    // Bytes, not `str::contains(char)`: that one searches for a non-ASCII char as a
    // substring, and would link the substring searcher into the wasm for this one test.
    let is_local = |c: char| c.is_ascii_alphanumeric() || (c.is_ascii() && b".!#$%&'*+/=?^_`{|}~-".contains(&(c as u8)));
    if !rest.chars().next().is_some_and(is_local) {
        return false;
    }
    let end = rest.find(|c: char| c == '>' || c == '<' || c.is_whitespace());
    end.is_some_and(|end| rest[end..].starts_with('>') && rest[..end].contains('@'))
}

fn is_allowed_href(href: &str) -> bool {
    ["https://", "http://", "mailto:"]
        .iter()
        .any(|scheme| href.len() > scheme.len() && href.starts_with(scheme))
}
