//! RFC 8785 (JSON Canonicalization Scheme) serialisation.
//!
//! JCS is "what ECMAScript's `JSON.stringify` writes, with object members sorted by the
//! UTF-16 code units of their keys". Following ECMAScript exactly is what lets a verifier
//! in any language rebuild the signed bytes from the parsed record.

use super::number::push_number;
use super::Value;

/// The RFC 8785 canonical JSON text of `value`: no white space, members sorted by the
/// UTF-16 code units of their keys, strings and numbers written as ECMAScript writes them.
///
/// Cannot fail: a [`Value`] holds no NaN or infinity. Values nested deeper than
/// [`super::MAX_DEPTH`] come only from code, never from [`super::parse`], and recurse
/// as deep as they nest.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    push_value(&mut out, value);
    out
}

fn push_value(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => push_number(out, n.get()),
        Value::String(s) => push_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_value(out, item);
            }
            out.push(']');
        }
        Value::Object(members) => {
            // UTF-16 order differs from UTF-8 (code point) order when a key holds a
            // character above U+FFFF and another a character in U+E000..U+FFFF. Keys are
            // unique (the parser refuses duplicates), so there is one order. Each member is
            // put in its place as it comes (a binary search, then a move of the pointers
            // after it): objects here have tens of members, and a sort's code would cost the
            // wasm 2 KB more than these moves cost.
            let mut sorted: Vec<&(String, Value)> = Vec::with_capacity(members.len());
            for member in members {
                let at = sorted.partition_point(|m| m.0.encode_utf16().lt(member.0.encode_utf16()));
                sorted.insert(at, member);
            }
            out.push('{');
            for (i, (key, item)) in sorted.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_string(out, key);
                out.push(':');
                push_value(out, item);
            }
            out.push('}');
        }
    }
}

/// Writes a string as ECMAScript's `JSON.stringify` does (RFC 8785 §3.2.2.2): only `"`,
/// `\` and the C0 controls are escaped; everything else, U+007F and U+2028 included, is
/// written as UTF-8.
fn push_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let short = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x0c => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        // `i` indexes an ASCII byte, so both slice ends are char boundaries.
        out.push_str(s.get(start..i).unwrap_or_default());
        if short.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        } else {
            out.push_str(short);
        }
        start = i + 1;
    }
    out.push_str(s.get(start..).unwrap_or_default());
    out.push('"');
}
