//! Why a document was refused.
//!
//! Every refusal names a place (a line, and for syntax errors a column) and says in a short
//! sentence what the author can change, because the people who see these errors are the
//! authors of rules documents, not programmers.

use std::fmt;

/// A document that cannot be accepted, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocumentError {
    /// The input is zero bytes long, or contains nothing but white space.
    Empty,
    /// The input is longer than [`crate::document::MAX_DOCUMENT_BYTES`].
    TooLarge { size: usize, limit: usize },
    /// The input is not UTF-8; `offset` is the byte offset of the first invalid sequence.
    NotUtf8 { offset: usize },
    /// The front matter is missing or malformed; `line` is 1-based.
    FrontMatter { line: usize, message: String },
    /// The body uses something outside the supported subset. `line` and `column` are 1-based;
    /// the column counts Unicode scalar values.
    Syntax { line: usize, column: usize, message: String },
}

impl DocumentError {
    /// The 1-based line (and column, for syntax errors) the error points at, if any.
    pub fn position(&self) -> Option<(usize, Option<usize>)> {
        match self {
            DocumentError::FrontMatter { line, .. } => Some((*line, None)),
            DocumentError::Syntax { line, column, .. } => Some((*line, Some(*column))),
            _ => None,
        }
    }
}

impl fmt::Display for DocumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocumentError::Empty => f.write_str("the document is empty"),
            DocumentError::TooLarge { size, limit } => {
                write!(f, "the document is {size} bytes long; at most {limit} bytes are accepted")
            }
            DocumentError::NotUtf8 { offset } => {
                write!(f, "the document is not valid UTF-8 (byte offset {offset}); save it as UTF-8")
            }
            DocumentError::FrontMatter { line, message } => write!(f, "front matter, line {line}: {message}"),
            DocumentError::Syntax { line, column, message } => write!(f, "line {line}, column {column}: {message}"),
        }
    }
}

impl std::error::Error for DocumentError {}

/// Shorthand for a syntax error.
pub(crate) fn syntax(line: usize, column: usize, message: impl Into<String>) -> DocumentError {
    DocumentError::Syntax { line, column, message: message.into() }
}

/// Shorthand for a front matter error.
pub(crate) fn front_matter(line: usize, message: impl Into<String>) -> DocumentError {
    DocumentError::FrontMatter { line, message: message.into() }
}

/// `U+XXXX` for messages that must name a character unambiguously.
pub(crate) fn code_point(c: char) -> String {
    format!("U+{:04X}", c as u32)
}
