//! The front matter: a deliberately tiny `key: value` format, not YAML.
//!
//! YAML has many ways to write the same value (quoting styles, folding, anchors, types);
//! the front matter only needs a handful of strings, so each line is exactly one key and one
//! string value, which keeps the meaning of every byte obvious to whoever signs the text.

use super::error::{front_matter, DocumentError};
use super::lines::Line;
use crate::document::Metadata;

const FENCE: &str = "---";

/// Parses the front matter at the start of `lines`; returns the metadata and the index of
/// the first body line.
pub(crate) fn parse(lines: &[Line<'_>]) -> Result<(Metadata, usize), DocumentError> {
    let first = lines.first().map_or("", |line| line.text);
    if first != FENCE {
        return Err(front_matter(
            1,
            "the document must start with front matter: a line '---', 'key: value' lines, then '---'",
        ));
    }
    let mut pairs: Vec<(&str, String, usize)> = Vec::new();
    let mut closing = None;
    for (index, line) in lines.iter().enumerate().skip(1) {
        if line.text == FENCE {
            closing = Some(index);
            break;
        }
        let (key, value) = parse_pair(line)?;
        // A handful of keys: a search of the pairs so far (no map's code in the wasm).
        if let Some(&(_, _, first_line)) = pairs.iter().find(|(seen, ..)| *seen == key) {
            return Err(front_matter(
                line.number,
                format!("duplicate key '{key}' (first given on line {first_line})"),
            ));
        }
        pairs.push((key, value, line.number));
    }
    let Some(closing) = closing else {
        let last = lines.last().map_or(1, |line| line.number);
        return Err(front_matter(last, "the front matter is not closed; add a line '---' after it"));
    };
    let closing_line = lines[closing].number;
    let mut take = |name: &str| -> Option<(String, usize)> {
        let at = pairs.iter().position(|(k, _, _)| *k == name)?;
        let (_, value, line) = pairs.remove(at);
        Some((value, line))
    };
    let mut required = |name: &str| -> Result<(String, usize), DocumentError> {
        take(name).ok_or_else(|| front_matter(closing_line, format!("the required key '{name}' is missing")))
    };
    let (id, id_line) = required("id")?;
    if !is_valid_id(&id) {
        return Err(front_matter(
            id_line,
            "the id may only contain lowercase letters, digits, '.', '_' and '-', and must start with a letter or digit",
        ));
    }
    let (title, _) = required("title")?;
    let (version, _) = required("version")?;
    let (lang, _) = required("lang")?;
    let source = take("source").map(|(value, _)| value);
    let extra = pairs.into_iter().map(|(k, v, _)| (k.to_string(), v)).collect();
    Ok((Metadata { id, title, version, lang, source, extra }, closing + 1))
}

/// Parses one `key: value` line.
fn parse_pair<'a>(line: &Line<'a>) -> Result<(&'a str, String), DocumentError> {
    let text = line.text;
    if text.trim().is_empty() {
        return Err(front_matter(line.number, "blank lines are not allowed in the front matter"));
    }
    let Some((key, rest)) = text.split_once(':') else {
        return Err(front_matter(line.number, "expected 'key: value'"));
    };
    if !is_valid_key(key) {
        return Err(front_matter(
            line.number,
            "a key must start with a lowercase letter and contain only lowercase letters, digits and '_', directly followed by ':'",
        ));
    }
    if !rest.is_empty() && !rest.starts_with(' ') {
        return Err(front_matter(line.number, "put a space after the ':'"));
    }
    let mut value = rest.trim();
    if value.len() >= 2 && value.starts_with('"') && value.ends_with('"') {
        value = &value[1..value.len() - 1];
    }
    if value.trim().is_empty() {
        return Err(front_matter(line.number, format!("the value of '{key}' is empty")));
    }
    Ok((key, value.to_string()))
}

fn is_valid_key(key: &str) -> bool {
    let mut bytes = key.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_lowercase())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn is_valid_id(id: &str) -> bool {
    let mut bytes = id.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-'))
}
