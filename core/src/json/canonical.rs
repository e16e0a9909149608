//! RFC 8785 (JSON Canonicalization Scheme) serialisation.
//!
//! JCS is "what ECMAScript's `JSON.stringify` writes, with object members sorted by the
//! UTF-16 code units of their keys". Following ECMAScript exactly is what lets a verifier
//! in any language rebuild the signed bytes from the parsed record.

use core::fmt::Write;

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
            // character above U+FFFF and another a character in U+E000..U+FFFF.
            let mut sorted: Vec<&(String, Value)> = members.iter().collect();
            sorted.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
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

/// Writes a finite number as ECMAScript's `Number::toString` does (ECMA-262
/// §6.1.6.1.20, RFC 8785 §3.2.2.3).
///
/// ECMAScript asks for the shortest digit string that reads back as the same double (the
/// nearest such, ties to even), laid out in plain notation for decimal exponents from -7
/// to 20 and in `d.ddde±x` notation otherwise. Rust's `{:e}` gives the shortest digits
/// and the exponent.
pub(super) fn push_number(out: &mut String, x: f64) {
    if x == 0.0 || !x.is_finite() {
        // -0 is written "0". Non-finite values never reach here (see `Number`).
        out.push('0');
        return;
    }
    if x < 0.0 {
        out.push('-');
    }
    let x = x.abs();
    let mut sci = String::new();
    let _ = write!(sci, "{x:e}");
    let k = sci.find('e').unwrap_or(1).saturating_sub(1).max(1);
    if k > 1 {
        // When x lies exactly halfway between two shortest candidates, `{:e}` takes the
        // upper one, ECMAScript the even one (1000000000000000.25 is written
        // "1000000000000000.2"). Correctly rounded formatting to k digits breaks ties
        // to even and otherwise gives the nearest k-digit decimal, so it is ECMAScript's
        // choice whenever it reads back as x.
        let mut nearest = String::new();
        let _ = write!(nearest, "{x:.0$e}", k - 1);
        if nearest != sci && nearest.parse::<f64>() == Ok(x) {
            sci = nearest;
        }
    }
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(|&c| c != '.').collect();
    // ECMAScript's n: the value is 0.digits × 10^n. k is the number of digits (1..=17).
    let n = exponent.parse::<i32>().unwrap_or(0) + 1;
    let k = digits.len() as i32;
    if k <= n && n <= 21 {
        out.push_str(&digits);
        push_zeros(out, n - k);
    } else if 0 < n && n <= 21 {
        let (int, frac) = digits.split_at(n as usize);
        out.push_str(int);
        out.push('.');
        out.push_str(frac);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        push_zeros(out, -n);
        out.push_str(&digits);
    } else {
        let (first, rest) = digits.split_at(1);
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        out.push_str(if n > 0 { "e+" } else { "e-" });
        let _ = write!(out, "{}", (n - 1).unsigned_abs());
    }
}

fn push_zeros(out: &mut String, count: i32) {
    for _ in 0..count {
        out.push('0');
    }
}
