//! Writing results, reading files, and the small JSON helpers the `--json` output is built
//! with (the core's own JSON, written as RFC 8785 canonical JSON: one line, sorted keys).

use std::ffi::OsStr;
use std::io::{ErrorKind, Write};
use std::path::Path;

use clausewrap_core::json::{canonical_json, Number, Value};

/// A writer that stops quietly once writing fails (say, `| head` closed the pipe): a
/// closed output is not a reason to panic or to change the verdict.
pub struct Out<'a> {
    writer: &'a mut dyn Write,
    closed: bool,
}

impl<'a> Out<'a> {
    pub fn new(writer: &'a mut dyn Write) -> Out<'a> {
        Out { writer, closed: false }
    }

    pub fn line(&mut self, text: &str) {
        if !self.closed && writeln!(self.writer, "{text}").is_err() {
            self.closed = true;
        }
    }

    pub fn json(&mut self, value: &Value) {
        self.line(&canonical_json(value));
    }

    /// Writes out what is buffered: for a line another program waits for.
    pub fn flush(&mut self) {
        if !self.closed && self.writer.flush().is_err() {
            self.closed = true;
        }
    }
}

/// A path as the user gave it, for messages.
pub fn shown(path: &OsStr) -> String {
    if path == "-" {
        "standard input".to_owned()
    } else {
        path.to_string_lossy().into_owned()
    }
}

/// Reads a whole file, or explains in a sentence why it cannot be read.
pub fn read_file(path: &OsStr) -> Result<Vec<u8>, String> {
    let name = shown(path);
    std::fs::read(Path::new(path)).map_err(|error| {
        let why = match error.kind() {
            ErrorKind::NotFound => "there is no such file; check the path".to_owned(),
            ErrorKind::PermissionDenied => "permission denied; check that you may read it".to_owned(),
            ErrorKind::IsADirectory => "it is a directory; give the files in it instead".to_owned(),
            _ => error.to_string(),
        };
        format!("could not read {name}: {why}")
    })
}

/// Reads one of a per-file command's files: its shown name and bytes, or `None` after
/// reporting why it cannot be read (on `err`, and as an entry of the JSON `files` list);
/// the command then exits with `EXIT_INPUT`.
pub fn read_or_report(path: &OsStr, err: &mut Out<'_>, files: &mut Vec<Value>) -> Option<(String, Vec<u8>)> {
    let name = shown(path);
    match read_file(path) {
        Ok(bytes) => Some((name, bytes)),
        Err(message) => {
            err.line(&format!("{}: {message}", crate::help::PROGRAM));
            files.push(object(vec![("path", string(name)), ("error", string(message))]));
            None
        }
    }
}

/// The 1-based line and column (in characters) of byte `offset` of `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (before.matches('\n').count() + 1, before[line_start..].chars().count() + 1)
}

pub fn object(members: Vec<(&str, Value)>) -> Value {
    Value::Object(members.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

pub fn string(text: impl Into<String>) -> Value {
    Value::String(text.into())
}

pub fn number(n: usize) -> Value {
    Value::Number(Number::from(n as u64))
}

pub fn optional<T>(value: Option<T>, f: impl FnOnce(T) -> Value) -> Value {
    value.map_or(Value::Null, f)
}

#[cfg(test)]
mod tests {
    use super::line_column;

    #[test]
    fn positions() {
        assert_eq!(line_column("ab\ncé\nd", 0), (1, 1));
        assert_eq!(line_column("ab\ncé\nd", 3), (2, 1));
        assert_eq!(line_column("ab\ncé\nd", 6), (2, 3));
        assert_eq!(line_column("ab\ncé\nd", 5), (2, 2), "inside é: its start");
        assert_eq!(line_column("ab", 99), (1, 3));
    }
}
