//! Finding the records in a file: one record, a JSON array of records, or JSON Lines (one
//! record per line, as backends export them).
//!
//! * If the whole file is one JSON value, it is a record, or (an array) a list of records.
//! * Otherwise, if any line holds a complete JSON value by itself, the file is JSON Lines:
//!   every non-blank line is one record, and a broken line is one invalid record, named
//!   by its line number, without hiding the others.
//! * Otherwise the file is one record that is not valid JSON, reported with the line and
//!   column where it breaks.
//!
//! A UTF-8 byte order mark at the start is skipped; records are JSON, and the signature
//! covers their canonical form, not the file's bytes.

use clausewrap_core::json::{self, canonical_json, Value};

/// Where a record came from within its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// The file is the record.
    Whole,
    /// The n-th (1-based) element of a top-level array.
    Item(usize),
    /// Line n (1-based) of a JSON Lines file.
    Line(usize),
}

/// One record's text, or why there is none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub place: Place,
    /// The record's JSON text; `Err` with a reason when the line is not text.
    pub text: Result<String, String>,
}

/// The records in a file's bytes; `Err` with a sentence when the file holds none.
pub fn records(name: &str, bytes: &[u8]) -> Result<Vec<Found>, String> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(format!("{name} is empty; expected a record, a JSON array of records, or JSON Lines"));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        match json::parse(text) {
            Ok(Value::Array(items)) if items.is_empty() => return Err(format!("{name} holds an empty array: there are no records to check")),
            Ok(Value::Array(items)) => {
                let found = items.iter().enumerate().map(|(i, item)| Found { place: Place::Item(i + 1), text: Ok(canonical_json(item)) });
                return Ok(found.collect());
            }
            Ok(_) => return Ok(vec![Found { place: Place::Whole, text: Ok(text.to_owned()) }]),
            Err(_) => {}
        }
    }
    let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    let is_json = |line: &&[u8]| std::str::from_utf8(line).is_ok_and(|text| json::parse(text).is_ok());
    if lines.iter().any(is_json) {
        let found = lines.iter().enumerate().filter(|(_, line)| !line.iter().all(u8::is_ascii_whitespace)).map(|(i, line)| Found {
            place: Place::Line(i + 1),
            text: std::str::from_utf8(line).map(str::to_owned).map_err(|e| format!("the line is not UTF-8 text (byte {} of the line)", e.valid_up_to() + 1)),
        });
        return Ok(found.collect());
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(vec![Found { place: Place::Whole, text: Ok(text.to_owned()) }]),
        Err(e) => Err(format!(
            "{name} is not a text file of JSON records (it is not UTF-8 at byte {}); give the record file your backend exported",
            e.valid_up_to() + 1
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places(bytes: &[u8]) -> Vec<(Place, bool)> {
        records("f", bytes).unwrap().into_iter().map(|f| (f.place, f.text.is_ok())).collect()
    }

    #[test]
    fn the_three_layouts() {
        assert_eq!(places(b"{\"a\": 1}\n"), [(Place::Whole, true)]);
        assert_eq!(places(b"\xef\xbb\xbf{\n  \"a\": 1\n}\n"), [(Place::Whole, true)]);
        assert_eq!(places(b"[{\"a\":1}, 2]"), [(Place::Item(1), true), (Place::Item(2), true)]);
        assert_eq!(places(b"{\"a\":1}\n\n{\"b\":2}\r\n{broken\n\xff\n"), [
            (Place::Line(1), true),
            (Place::Line(3), true),
            (Place::Line(4), true),
            (Place::Line(5), false)
        ]);
        // A broken pretty-printed record stays one record, to be reported as bad JSON.
        assert_eq!(places(b"{\n  \"a\": 1,\n}\n"), [(Place::Whole, true)]);
    }

    #[test]
    fn files_without_records() {
        assert!(records("f", b" \n\t").unwrap_err().contains("f is empty"));
        assert!(records("f", b"[]").unwrap_err().contains("empty array"));
        assert!(records("f", b"%PDF-1.7\n\xff\xfe").unwrap_err().contains("not UTF-8 at byte 10"));
    }
}
