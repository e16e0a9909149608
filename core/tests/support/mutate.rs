//! One changed leaf of a JSON value, for the tests that mutate records member by member
//! (core/tests/record.rs, cli/tests/mutations.rs): a value of the same kind and, where it
//! can, the same form, so that only the signature can tell.

use clausewrap_core::json::{Number, Value};

/// A different character of the same kind, so that a changed value keeps its form where it
/// can (timestamps stay timestamps, hex stays hex, base64url stays base64url).
fn other_char(c: char) -> char {
    match c {
        '0'..='8' | 'a'..='e' | 'g'..='y' | 'A'..='Y' => char::from_u32(c as u32 + 1).unwrap_or('x'),
        '9' => '0',
        'f' => 'a',
        'z' => 'g',
        'Z' => 'A',
        _ => 'x',
    }
}

/// `leaf` changed: a string's first character, a number plus one, a boolean negated.
pub fn changed(leaf: &Value) -> Value {
    match leaf {
        Value::Null => Value::from("x"),
        Value::Bool(b) => Value::Bool(!b),
        // Plus one, unless that is the same double (1e21 + 1 == 1e21).
        Value::Number(n) => {
            let x = n.get();
            Value::Number(Number::new(if x + 1.0 != x { x + 1.0 } else { -x }).unwrap())
        }
        Value::String(s) => {
            let mut chars: Vec<char> = s.chars().collect();
            match chars.first_mut() {
                Some(c) => *c = other_char(*c),
                None => chars.push('x'),
            }
            Value::String(chars.into_iter().collect())
        }
        Value::Array(_) | Value::Object(_) => unreachable!("not a leaf"),
    }
}
