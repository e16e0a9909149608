//! Where the text a reader sees came from in the source, for tools that must point an
//! author at a line and column (the lint in [`crate::lint`]).
//!
//! The document model deliberately has no source positions: the widget renders text, it
//! never reports on it. [`super::parse_with_positions`] runs the very same parser and
//! additionally records, for every paragraph and heading, its shown text as *runs*: pieces
//! whose characters come one by one from consecutive source columns, each marked with the
//! highlighted passage it belongs to, if any.

/// The shown text of one paragraph or heading, with its source positions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextBlock {
    pub kind: TextBlockKind,
    /// The clause (item number of a top-level ordered list) the block sits in, if any.
    pub clause: Option<u64>,
    /// The block's text in reading order. Joined, they give the block's plain text
    /// ([`crate::document::write_inline_text`]), soft breaks as `\n`.
    pub runs: Vec<TextRun>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextBlockKind {
    Heading { level: u8 },
    Paragraph,
}

/// A piece of shown text.
///
/// The k-th character of `text` comes from line `line`, column `column + k` (1-based,
/// counting Unicode scalar values, like [`super::DocumentError`]). A backslash escape or a
/// character reference is a run of its own, positioned at its `\` or `&`. A soft break
/// (`\n`) ends a run; it sits just after the last character of its line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextRun {
    pub line: usize,
    pub column: usize,
    pub text: String,
    /// The index in [`crate::document::Document::passages`] of the highlighted passage
    /// (`**strong**` span) this text is inside, if any.
    pub passage: Option<usize>,
}

impl TextRun {
    /// Each character with its line and column.
    pub fn chars(&self) -> impl Iterator<Item = (char, usize, usize)> + '_ {
        self.text.chars().enumerate().map(move |(k, c)| (c, self.line, self.column + k))
    }
}

/// Collects the runs of the block being parsed.
#[derive(Default)]
pub(crate) struct Collector {
    pub runs: Vec<TextRun>,
    /// The byte offset (in the parser's joined block text) where the last run ends, if the
    /// next character there may extend it.
    open_end: Option<usize>,
}

impl Collector {
    /// Notes shown text that starts at byte `at` of the block text and covers `source_len`
    /// bytes of it there; `position` gives the line and column of `at`, and is only asked
    /// when a run starts (finding a column means counting characters).
    pub fn note(
        &mut self,
        at: usize,
        source_len: usize,
        shown: &str,
        passage: Option<usize>,
        position: impl FnOnce() -> (usize, usize),
    ) {
        let literal = shown.len() == source_len && shown != "\n";
        let extends = self.open_end == Some(at) && self.runs.last().is_some_and(|run| run.passage == passage);
        match self.runs.last_mut() {
            Some(run) if extends && (literal || shown == "\n") => run.text.push_str(shown),
            _ => {
                let (line, column) = position();
                self.runs.push(TextRun { line, column, text: shown.to_owned(), passage });
            }
        }
        self.open_end = literal.then_some(at + source_len);
    }

    /// Ends the block: the runs noted so far belong to it.
    pub fn take(&mut self) -> Vec<TextRun> {
        self.open_end = None;
        std::mem::take(&mut self.runs)
    }
}
