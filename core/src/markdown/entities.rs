//! Character references: `&#NNN;`, `&#xHH;` and a short table of named ones.
//!
//! HTML defines over two thousand names; carrying them all would bloat the WebAssembly
//! module for no reader's benefit. The table holds the names legal and typographic text
//! actually uses. Any other `&name;` is refused rather than shown literally, so an author
//! who typed a reference learns that it was not understood.

/// Named references, sorted by name for binary search.
const NAMED: &[(&str, char)] = &[
    ("amp", '&'),
    ("apos", '\''),
    ("bull", '\u{2022}'),
    ("cent", '\u{a2}'),
    ("copy", '\u{a9}'),
    ("deg", '\u{b0}'),
    ("divide", '\u{f7}'),
    ("emsp", '\u{2003}'),
    ("ensp", '\u{2002}'),
    ("euro", '\u{20ac}'),
    ("gt", '>'),
    ("hellip", '\u{2026}'),
    ("laquo", '\u{ab}'),
    ("larr", '\u{2190}'),
    ("ldquo", '\u{201c}'),
    ("lsquo", '\u{2018}'),
    ("lt", '<'),
    ("mdash", '\u{2014}'),
    ("middot", '\u{b7}'),
    ("minus", '\u{2212}'),
    ("nbsp", '\u{a0}'),
    ("ndash", '\u{2013}'),
    ("para", '\u{b6}'),
    ("plusmn", '\u{b1}'),
    ("pound", '\u{a3}'),
    ("quot", '"'),
    ("raquo", '\u{bb}'),
    ("rarr", '\u{2192}'),
    ("rdquo", '\u{201d}'),
    ("reg", '\u{ae}'),
    ("rsquo", '\u{2019}'),
    ("sect", '\u{a7}'),
    ("thinsp", '\u{2009}'),
    ("times", '\u{d7}'),
    ("trade", '\u{2122}'),
    ("yen", '\u{a5}'),
];

/// The names of the supported named references, for documentation and tests.
pub fn named_references() -> impl Iterator<Item = (&'static str, char)> {
    NAMED.iter().copied()
}

/// What a `&` starts.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Reference {
    /// A valid reference to `char`, `len` bytes long including `&` and `;`.
    Char(char, usize),
    /// Not a reference: the `&` is literal text.
    Literal,
    /// Looks like a reference but is not one this parser accepts.
    Invalid(String),
}

/// Examines the reference at the start of `s`, which begins with `&`.
pub(crate) fn parse(s: &str) -> Reference {
    let body = &s[1..];
    if let Some(numeric) = body.strip_prefix('#') {
        let (digits, radix, prefix) = match numeric.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 3),
            None => (numeric, 10, 2),
        };
        let len = digits.bytes().take_while(|b| b.is_ascii_digit() || (radix == 16 && b.is_ascii_hexdigit())).count();
        if len == 0 || digits.as_bytes().get(len) != Some(&b';') {
            return Reference::Literal;
        }
        let max_len = if radix == 16 { 6 } else { 7 };
        let value = if len <= max_len { u32::from_str_radix(&digits[..len], radix).ok() } else { None };
        return match value.and_then(char::from_u32) {
            Some(c) if c != '\0' && !c.is_control() => Reference::Char(c, prefix + len + 1),
            _ => Reference::Invalid(format!(
                "'&#{};' is not a usable character reference (it must name a printable character between 1 and 10FFFF hex)",
                &numeric[..prefix - 2 + len]
            )),
        };
    }
    let len = body.bytes().take_while(u8::is_ascii_alphanumeric).count();
    if len == 0 || !body.as_bytes()[0].is_ascii_alphabetic() || body.as_bytes().get(len) != Some(&b';') {
        return Reference::Literal;
    }
    let name = &body[..len];
    match NAMED.binary_search_by(|(n, _)| n.cmp(&name)) {
        Ok(index) => Reference::Char(NAMED[index].1, len + 2),
        Err(_) => Reference::Invalid(format!(
            "unknown character reference '&{name};'; write the character itself, or escape the '&' as \\&"
        )),
    }
}

/// True when `s` (starting at a `&`) looks like any character reference, valid or not.
pub(crate) fn looks_like_reference(s: &str) -> bool {
    !matches!(parse(s), Reference::Literal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted() {
        assert!(NAMED.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn numeric_and_named() {
        assert_eq!(parse("&#35;x"), Reference::Char('#', 5));
        assert_eq!(parse("&#x4E2D;"), Reference::Char('中', 8));
        assert_eq!(parse("&mdash;"), Reference::Char('—', 7));
        assert_eq!(parse("& b"), Reference::Literal);
        assert_eq!(parse("&#;"), Reference::Literal);
        assert!(matches!(parse("&#0;"), Reference::Invalid(_)));
        assert!(matches!(parse("&#xD800;"), Reference::Invalid(_)));
        assert!(matches!(parse("&#x110000;"), Reference::Invalid(_)));
        assert!(matches!(parse("&#12345678;"), Reference::Invalid(_)));
        assert!(matches!(parse("&bogus;"), Reference::Invalid(_)));
    }
}
