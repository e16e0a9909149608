//! Parsing a document a part at a time. A 1 MiB document takes the wasm widget about a
//! tenth of a second to parse; done in one go, that would be a long task on the main
//! thread of the page that embeds it. [`Parsing::step`] parses about as many bytes as it
//! is given, up to the next blank line (where no paragraph is open, so what is kept
//! between parts owns all it holds), and the caller yields in between.
//!
//! The result, document or error, is the one [`super::parse`] gives: that function is this
//! one run with no limit. Errors keep their order too: a refused character or invalid
//! UTF-8 anywhere in the text is reported before a syntax error, as a whole-text parse
//! reports it, because an error found in a part first checks the characters of the rest.

use super::block::{self, Body, Fed};
use super::error::DocumentError;
use super::frontmatter;
use super::lines;
use super::trace::TextBlock;
use crate::document::{Document, Metadata, MAX_DOCUMENT_BYTES};

/// A document being parsed: see the module documentation.
pub struct Parsing<B> {
    bytes: B,
    /// Where the next part starts (a line start), and that line's number.
    next: usize,
    line: usize,
    stage: Stage,
    trace: bool,
}

enum Stage {
    Start,
    Body(Box<(Metadata, Body)>),
    Finished,
}

/// What a step came to.
pub enum Step<T> {
    /// More parts to parse.
    Pending,
    /// The document, or why it is refused. Further steps are `Pending` no more: they
    /// return [`Step::Finished`].
    Done(Result<T, DocumentError>),
    /// Done was returned before.
    Finished,
}

pub(crate) type Traced = (Document, Option<Vec<TextBlock>>);

impl<B: AsRef<[u8]>> Parsing<B> {
    pub fn new(bytes: B) -> Self {
        Self::with_trace(bytes, false)
    }

    pub(crate) fn with_trace(bytes: B, trace: bool) -> Self {
        Parsing { bytes, next: 0, line: 1, stage: Stage::Start, trace }
    }

    /// How many bytes of the input have been parsed.
    pub fn parsed_bytes(&self) -> usize {
        self.next
    }

    /// Parses about `budget` more bytes: to the end of the first blank line that ends at
    /// or after them, and in the first step, at least the front matter.
    pub fn step(&mut self, budget: usize) -> Step<Document> {
        match self.step_traced(budget) {
            Step::Done(result) => Step::Done(result.map(|(document, _)| document)),
            Step::Pending => Step::Pending,
            Step::Finished => Step::Finished,
        }
    }

    pub(crate) fn step_traced(&mut self, budget: usize) -> Step<Traced> {
        let stage = std::mem::replace(&mut self.stage, Stage::Finished);
        if matches!(stage, Stage::Finished) {
            return Step::Finished;
        }
        match self.part(stage, budget) {
            Ok(Some(done)) => Step::Done(Ok(done)),
            Ok(None) => Step::Pending,
            Err(error) => Step::Done(Err(error)),
        }
    }

    fn part(&mut self, stage: Stage, budget: usize) -> Result<Option<Traced>, DocumentError> {
        let bytes = self.bytes.as_ref();
        let (start, first_line) = (self.next, self.line);
        let mut end = cut(bytes, start, budget);
        if matches!(stage, Stage::Start) {
            // The whole input is checked once, here; later parts only convert their bytes.
            end = end.max(front_matter_end(whole_text(bytes)?));
        }
        // Parts start and end at line breaks, so they are valid UTF-8 on their own.
        let part = utf8(&bytes[start..end], start)?;
        let lines = lines::split(part, first_line)?;
        let later_characters = |error: DocumentError| {
            let rest = utf8(&bytes[end..], end).ok().and_then(|rest| lines::split(rest, first_line + lines.len()).err());
            rest.unwrap_or(error)
        };
        let (meta, body, lines) = match stage {
            Stage::Start => {
                let (meta, body_start) = frontmatter::parse(&lines).map_err(later_characters)?;
                (meta, Body::new(self.trace), &lines[body_start..])
            }
            Stage::Body(parsed) => {
                let (meta, body) = *parsed;
                (meta, body, &lines[..])
            }
            Stage::Finished => unreachable!("checked by step_traced"),
        };
        let last = end == bytes.len();
        match block::feed(body, lines, last).map_err(later_characters)? {
            Fed::Done((blocks, passages, positions)) => {
                self.next = end;
                Ok(Some((Document { meta, blocks, passages }, positions)))
            }
            Fed::More(body) => {
                // A part other than the last ends with a line ending: one line per `\n`.
                (self.next, self.line) = (end, first_line + part.bytes().filter(|b| *b == b'\n').count());
                self.stage = Stage::Body(Box::new((meta, body)));
                Ok(None)
            }
        }
    }
}

/// `bytes`, which start at byte `offset` of the input, as text.
fn utf8(bytes: &[u8], offset: usize) -> Result<&str, DocumentError> {
    std::str::from_utf8(bytes).map_err(|error| DocumentError::NotUtf8 { offset: offset + error.valid_up_to() })
}

/// The checks of the whole input that come before any line is read.
fn whole_text(bytes: &[u8]) -> Result<&str, DocumentError> {
    if bytes.is_empty() {
        return Err(DocumentError::Empty);
    }
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(DocumentError::TooLarge { size: bytes.len(), limit: MAX_DOCUMENT_BYTES });
    }
    let text = std::str::from_utf8(bytes).map_err(|error| DocumentError::NotUtf8 { offset: error.valid_up_to() })?;
    if text.trim().is_empty() {
        return Err(DocumentError::Empty);
    }
    Ok(text)
}

/// Where a part from `start` ends: just after the first blank line (ASCII spaces only)
/// that ends at or after `start + budget`, or at the end of the text.
fn cut(bytes: &[u8], start: usize, budget: usize) -> usize {
    let Some(mut at) = start.checked_add(budget).filter(|at| *at < bytes.len()) else { return bytes.len() };
    // From the start of the line after the one `at` falls in.
    match bytes[at..].iter().position(|b| *b == b'\n') {
        Some(newline) => at += newline + 1,
        None => return bytes.len(),
    }
    while let Some(newline) = bytes[at..].iter().position(|b| *b == b'\n') {
        let line = &bytes[at..at + newline];
        if line.strip_suffix(b"\r").unwrap_or(line).iter().all(|b| *b == b' ') {
            return at + newline + 1;
        }
        at += newline + 1;
    }
    bytes.len()
}

/// Just after the line that closes the front matter (the second line that is `---`), or
/// the end of the text if none does: the first part holds all of the front matter.
fn front_matter_end(text: &str) -> usize {
    let mut fences = 0;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        at += line.len();
        let content = line.strip_suffix('\n').unwrap_or(line);
        if content.strip_suffix('\r').unwrap_or(content) == "---" {
            fences += 1;
            if fences == 2 {
                return at;
            }
        }
    }
    text.len()
}
