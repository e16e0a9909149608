//! Splitting the input into lines, and refusing characters that make text ambiguous.
//!
//! A document is hashed and shown to people who accept it, so two different byte sequences
//! should not look the same. That is why a byte order mark, bare carriage returns, tabs
//! (whose width CommonMark resolves by column arithmetic), control characters and the
//! Unicode line/paragraph separators are refused up front rather than interpreted.

use super::error::{code_point, syntax, DocumentError};

/// One line of the input, without its line ending.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Line<'a> {
    /// 1-based line number.
    pub number: usize,
    pub text: &'a str,
}

/// Splits `text` on `\n` (an `\r` directly before it is part of the line ending) and
/// checks every character. `text` starts at line `first` of the document.
pub(crate) fn split(text: &str, first: usize) -> Result<Vec<Line<'_>>, DocumentError> {
    if first == 1 && text.starts_with('\u{feff}') {
        return Err(syntax(1, 1, "the file starts with a byte order mark; save it as UTF-8 without BOM"));
    }
    let mut lines = Vec::new();
    let mut pieces = text.split('\n').peekable();
    let mut number = first - 1;
    while let Some(piece) = pieces.next() {
        number += 1;
        let is_last = pieces.peek().is_none();
        if is_last && piece.is_empty() && number > first {
            break; // the line ending of the final line
        }
        let line = if is_last { piece } else { piece.strip_suffix('\r').unwrap_or(piece) };
        check_characters(number, line)?;
        lines.push(Line { number, text: line });
    }
    Ok(lines)
}

fn check_characters(number: usize, line: &str) -> Result<(), DocumentError> {
    for (index, c) in line.chars().enumerate() {
        let column = index + 1;
        let message = match c {
            '\r' => "a carriage return must be followed by a line feed; use \\n or \\r\\n line endings".to_string(),
            '\t' => "tabs are not allowed; indent with spaces".to_string(),
            '\u{2028}' | '\u{2029}' => {
                format!("the separator character {} is not allowed; use a line break", code_point(c))
            }
            '\u{feff}' => "a byte order mark (U+FEFF) is not allowed inside the text".to_string(),
            c if c.is_control() => format!("the control character {} is not allowed", code_point(c)),
            _ => continue,
        };
        return Err(syntax(number, column, message));
    }
    Ok(())
}
