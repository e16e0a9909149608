//! A small JSON value, a strict parser and the RFC 8785 (JCS) canonical serialiser.
//!
//! The acceptance record is signed over its canonical JSON, so the bytes written here
//! must match what any other RFC 8785 implementation writes for the same value. The code
//! is hand-written rather than built on `serde_json` because the widget ships as
//! WebAssembly under a tight size budget, and the record needs only this much JSON.
//!
//! The parser is deliberately strict: a signed record that two readers could read
//! differently (duplicate keys, lone surrogates, numbers that overflow) is rejected, not
//! guessed at.

mod canonical;
mod number;
mod parse;

use core::fmt;

pub use canonical::canonical_json;
pub use parse::{parse, MAX_DEPTH};

/// A JSON value.
///
/// Objects keep their members in the order written or built; canonical serialisation
/// sorts them. Keys are expected to be unique: [`parse`] rejects duplicates, and code
/// that builds objects by hand must not create them (RFC 8785 has no answer for them).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

/// A finite JSON number (an IEEE 754 double, as in ECMAScript).
///
/// NaN and the infinities have no JSON form and RFC 8785 requires refusing them; making
/// them unrepresentable here means canonical serialisation cannot fail.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Number(f64);

impl Number {
    /// The number, or `None` for NaN and the infinities.
    pub fn new(value: f64) -> Option<Number> {
        value.is_finite().then_some(Number(value))
    }

    pub fn get(self) -> f64 {
        self.0
    }

    /// The value as an integer, if it is one that a double holds exactly
    /// (|n| ≤ 2^53 − 1, ECMAScript's "safe integer" range). `-0` counts as 0.
    pub fn as_safe_integer(self) -> Option<i64> {
        const MAX_SAFE: f64 = 9_007_199_254_740_991.0;
        let x = self.0;
        // The cast is exact: x is integral and within ±2^53.
        (x.fract() == 0.0 && x.abs() <= MAX_SAFE).then_some(x as i64)
    }
}

impl From<u32> for Number {
    fn from(value: u32) -> Number {
        Number(f64::from(value))
    }
}

/// Integers above 2^53 round to the nearest double, as they do in ECMAScript.
impl From<u64> for Number {
    fn from(value: u64) -> Number {
        Number(value as f64)
    }
}

/// Formats exactly as ECMAScript's `Number.prototype.toString()` (RFC 8785 §3.2.2.3).
impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        number::push_number(&mut out, self.0);
        f.write_str(&out)
    }
}

impl Value {
    /// The member `key` of an object; `None` for a missing member or a non-object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object()?.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Removes and returns the member `key` of an object.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        match self {
            Value::Object(members) => {
                let index = members.iter().position(|(k, _)| k == key)?;
                Some(members.remove(index).1)
            }
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_number(&self) -> Option<Number> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[(String, Value)]> {
        match self {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(s)
    }
}

impl From<Number> for Value {
    fn from(n: Number) -> Value {
        Value::Number(n)
    }
}

/// `None` becomes `null`.
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

/// Why a text is not acceptable JSON, and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JsonError {
    /// Byte offset into the text where the problem was found.
    pub offset: usize,
    /// A short description of the problem.
    pub message: &'static str,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.message, self.offset)
    }
}

impl std::error::Error for JsonError {}

#[cfg(test)]
mod tests;
