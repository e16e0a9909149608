//! A strict RFC 8259 parser.
//!
//! Strict because records are signed: anything another JSON reader might read as a
//! different value (duplicate keys, lone surrogates, numbers that overflow) is an error
//! rather than a silent choice, and so is anything RFC 8259 does not allow (comments,
//! trailing commas, leading zeros, `NaN`, a byte order mark).

use super::{JsonError, Number, Value};

/// The deepest nesting of arrays and objects accepted. Records nest three levels; the
/// limit keeps recursion, and so the stack, bounded on hostile input.
pub const MAX_DEPTH: usize = 64;

/// Parses one JSON text (RFC 8259): a single value, optionally surrounded by white space.
pub fn parse(text: &str) -> Result<Value, JsonError> {
    let mut parser = Parser { text, bytes: text.as_bytes(), pos: 0 };
    parser.skip_ws();
    let value = parser.value(0)?;
    parser.skip_ws();
    if parser.pos != parser.bytes.len() {
        return Err(parser.error("unexpected text after the value"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, message: &'static str) -> JsonError {
        JsonError { offset: self.pos, message }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Consumes `byte` if it is next.
    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        self.pos += usize::from(found);
        found
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// `depth` is the number of arrays and objects this value sits inside.
    fn value(&mut self, depth: usize) -> Result<Value, JsonError> {
        match self.peek() {
            None => Err(self.error("unexpected end of text")),
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("expected a value")),
        }
    }

    fn literal(&mut self, word: &'static str, value: Value) -> Result<Value, JsonError> {
        if self.bytes.get(self.pos..).is_some_and(|rest| rest.starts_with(word.as_bytes())) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error("expected a value"))
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error("nesting too deep"));
        }
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.eat(b']') {
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth)?);
            self.skip_ws();
            if self.eat(b']') {
                return Ok(Value::Array(items));
            }
            if !self.eat(b',') {
                return Err(self.error("expected ',' or ']'"));
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error("nesting too deep"));
        }
        self.pos += 1;
        let mut members: Vec<(String, Value)> = Vec::new();
        let mut key_offsets = Vec::new();
        self.skip_ws();
        if !self.eat(b'}') {
            loop {
                self.skip_ws();
                if self.peek() != Some(b'"') {
                    return Err(self.error("expected a string key"));
                }
                key_offsets.push(self.pos);
                let key = self.string()?;
                self.skip_ws();
                if !self.eat(b':') {
                    return Err(self.error("expected ':'"));
                }
                self.skip_ws();
                let value = self.value(depth)?;
                members.push((key, value));
                self.skip_ws();
                if self.eat(b'}') {
                    break;
                }
                if !self.eat(b',') {
                    return Err(self.error("expected ',' or '}'"));
                }
            }
        }
        // Sorting finds duplicates in O(n log n), so a huge hostile object stays cheap.
        let mut order: Vec<usize> = (0..members.len()).collect();
        order.sort_unstable_by(|&a, &b| members[a].0.cmp(&members[b].0));
        for pair in order.windows(2) {
            if members[pair[0]].0 == members[pair[1]].0 {
                let offset = key_offsets[pair[0].max(pair[1])];
                return Err(JsonError { offset, message: "duplicate object key" });
            }
        }
        Ok(Value::Object(members))
    }

    /// Reads a string; `pos` is at its opening quote.
    fn string(&mut self) -> Result<String, JsonError> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let start = self.pos;
            while matches!(self.peek(), Some(b) if b != b'"' && b != b'\\' && b >= 0x20) {
                self.pos += 1;
            }
            // Both ends sit next to an ASCII byte or at the end, so they are char boundaries.
            out.push_str(self.text.get(start..self.pos).unwrap_or_default());
            match self.peek() {
                None => return Err(self.error("unterminated string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => out.push(self.escape()?),
                Some(_) => return Err(self.error("control character in string")),
            }
        }
    }

    /// Reads one escape sequence (a surrogate pair counts as one); `pos` is at its `\`.
    fn escape(&mut self) -> Result<char, JsonError> {
        let at = self.pos;
        let bad = |message| JsonError { offset: at, message };
        self.pos += 1;
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let unit = self.hex4().ok_or(bad("invalid \\u escape"))?;
                let code = match unit {
                    0xD800..=0xDBFF => {
                        let low = match (self.eat(b'\\') && self.eat(b'u')).then(|| self.hex4()) {
                            Some(Some(low @ 0xDC00..=0xDFFF)) => low,
                            _ => return Err(bad("lone surrogate in \\u escape")),
                        };
                        0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    }
                    0xDC00..=0xDFFF => return Err(bad("lone surrogate in \\u escape")),
                    _ => unit,
                };
                return char::from_u32(code).ok_or(bad("invalid \\u escape"));
            }
            _ => return Err(bad("invalid escape")),
        };
        self.pos += 1;
        Ok(c)
    }

    /// Reads four hex digits as a UTF-16 code unit.
    fn hex4(&mut self) -> Option<u32> {
        let digits = self.bytes.get(self.pos..self.pos + 4)?;
        let mut unit = 0;
        for &d in digits {
            unit = unit * 16 + char::from(d).to_digit(16)?;
        }
        self.pos += 4;
        Some(unit)
    }

    fn digits(&mut self) -> bool {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos > start
    }

    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.pos;
        self.eat(b'-');
        if self.eat(b'0') {
            if matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error("leading zero in number"));
            }
        } else if !self.digits() {
            return Err(self.error("expected a digit"));
        }
        if self.eat(b'.') && !self.digits() {
            return Err(self.error("expected a digit after '.'"));
        }
        if self.eat(b'e') || self.eat(b'E') {
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            if !self.digits() {
                return Err(self.error("expected a digit in exponent"));
            }
        }
        let out_of_range = JsonError { offset: start, message: "number out of range" };
        // Rust's float parsing is correctly rounded, as RFC 8259 readers are expected to be.
        let x: f64 = self.text.get(start..self.pos).unwrap_or_default().parse().map_err(|_| out_of_range)?;
        Number::new(x).map(Value::Number).ok_or(out_of_range)
    }
}
