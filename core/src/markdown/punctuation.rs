//! Character classes for CommonMark's delimiter-run rules.
//!
//! Whether a `*` or `_` run can open or close emphasis depends on whether its neighbours
//! are *Unicode whitespace* (general category Zs, plus tab, line feed, form feed and
//! carriage return) or *Unicode punctuation* (general categories P and S), as defined by
//! CommonMark 0.31. The core ships inside WebAssembly, so instead of a Unicode table crate
//! this module carries a compact run table covering the scripts rules documents are written
//! in. A character the table does not cover is [`Class::Unknown`]; the inline parser then
//! refuses to guess and asks the author to escape the delimiter.
//!
//! The table was generated from Python's `unicodedata` (Unicode 14.0.0) by this script:
//!
//! ```text
//! import unicodedata as u
//! BLOCKS = [(0x0080,0x052F),(0x1100,0x11FF),(0x1E00,0x1FFF),(0x2000,0x27BF),(0x3000,0x30FF),
//!           (0x3130,0x318F),(0x3200,0x32FF),(0x3400,0x4DBF),(0x4E00,0x9FFF),(0xAC00,0xD7AF),
//!           (0xF900,0xFAFF),(0xFE10,0xFE1F),(0xFE30,0xFE6F),(0xFF00,0xFFEF)]
//! def cls(cp):
//!     c = u.category(chr(cp))
//!     if c == 'Zs': return 'W'
//!     if c[0] in 'PS': return 'P'
//!     if c[0] in 'LMN' or c == 'Cf': return 'O'
//!     return 'U'   # unassigned, control, private use, surrogate, line/paragraph separator
//! runs, prev = [], None
//! for cp in range(0x80, 0x10000):
//!     c = cls(cp) if any(a <= cp <= b for a, b in BLOCKS) else 'U'
//!     if c != prev:
//!         runs.append((cp, c)); prev = c
//! print(" ".join("r(0x%04X, %s)," % run for run in runs))
//! ```
//!
//! The blocks are: Latin-1 Supplement to Cyrillic Supplement, Hangul Jamo, Latin Extended
//! Additional, Greek Extended, General Punctuation through Dingbats (superscripts, currency,
//! letterlike, number forms, arrows, mathematical operators, technical, enclosed
//! alphanumerics, box drawing, shapes, symbols), CJK Symbols and Punctuation, kana, Hangul
//! Compatibility Jamo, Enclosed CJK, CJK ideographs (Extension A, unified, compatibility),
//! Hangul syllables, vertical/compatibility/small forms, and Halfwidth and Fullwidth Forms.
//! Zl and Zp (U+2028, U+2029) are deliberately `Unknown`: CommonMark does not count them as
//! whitespace but common implementations do.

/// How a neighbour of a delimiter run counts for the flanking rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    /// Letters, digits, marks and format characters.
    Other,
    /// Unicode whitespace (line edges count as whitespace too).
    Whitespace,
    /// Unicode punctuation or symbol.
    Punctuation,
    /// Not covered by the table: the parser will not guess.
    Unknown,
}

const O: u32 = 0;
const W: u32 = 1;
const P: u32 = 2;
const U: u32 = 3;

/// One run: its first code point and its class, packed so the table stays small.
const fn r(start: u32, class: u32) -> u32 {
    start << 2 | class
}

/// Each entry starts a run that lasts until the next entry; everything from the last
/// entry on (and every code point above U+FFFF) is `Unknown`.
#[rustfmt::skip]
const RUNS: &[u32] = &[
    r(0x0080, U), r(0x00A0, W), r(0x00A1, P), r(0x00AA, O), r(0x00AB, P), r(0x00AD, O),
    r(0x00AE, P), r(0x00B2, O), r(0x00B4, P), r(0x00B5, O), r(0x00B6, P), r(0x00B9, O),
    r(0x00BB, P), r(0x00BC, O), r(0x00BF, P), r(0x00C0, O), r(0x00D7, P), r(0x00D8, O),
    r(0x00F7, P), r(0x00F8, O), r(0x02C2, P), r(0x02C6, O), r(0x02D2, P), r(0x02E0, O),
    r(0x02E5, P), r(0x02EC, O), r(0x02ED, P), r(0x02EE, O), r(0x02EF, P), r(0x0300, O),
    r(0x0375, P), r(0x0376, O), r(0x0378, U), r(0x037A, O), r(0x037E, P), r(0x037F, O),
    r(0x0380, U), r(0x0384, P), r(0x0386, O), r(0x0387, P), r(0x0388, O), r(0x038B, U),
    r(0x038C, O), r(0x038D, U), r(0x038E, O), r(0x03A2, U), r(0x03A3, O), r(0x03F6, P),
    r(0x03F7, O), r(0x0482, P), r(0x0483, O), r(0x0530, U), r(0x1100, O), r(0x1200, U),
    r(0x1E00, O), r(0x1F16, U), r(0x1F18, O), r(0x1F1E, U), r(0x1F20, O), r(0x1F46, U),
    r(0x1F48, O), r(0x1F4E, U), r(0x1F50, O), r(0x1F58, U), r(0x1F59, O), r(0x1F5A, U),
    r(0x1F5B, O), r(0x1F5C, U), r(0x1F5D, O), r(0x1F5E, U), r(0x1F5F, O), r(0x1F7E, U),
    r(0x1F80, O), r(0x1FB5, U), r(0x1FB6, O), r(0x1FBD, P), r(0x1FBE, O), r(0x1FBF, P),
    r(0x1FC2, O), r(0x1FC5, U), r(0x1FC6, O), r(0x1FCD, P), r(0x1FD0, O), r(0x1FD4, U),
    r(0x1FD6, O), r(0x1FDC, U), r(0x1FDD, P), r(0x1FE0, O), r(0x1FED, P), r(0x1FF0, U),
    r(0x1FF2, O), r(0x1FF5, U), r(0x1FF6, O), r(0x1FFD, P), r(0x1FFF, U), r(0x2000, W),
    r(0x200B, O), r(0x2010, P), r(0x2028, U), r(0x202A, O), r(0x202F, W), r(0x2030, P),
    r(0x205F, W), r(0x2060, O), r(0x2065, U), r(0x2066, O), r(0x2072, U), r(0x2074, O),
    r(0x207A, P), r(0x207F, O), r(0x208A, P), r(0x208F, U), r(0x2090, O), r(0x209D, U),
    r(0x20A0, P), r(0x20C1, U), r(0x20D0, O), r(0x20F1, U), r(0x2100, P), r(0x2102, O),
    r(0x2103, P), r(0x2107, O), r(0x2108, P), r(0x210A, O), r(0x2114, P), r(0x2115, O),
    r(0x2116, P), r(0x2119, O), r(0x211E, P), r(0x2124, O), r(0x2125, P), r(0x2126, O),
    r(0x2127, P), r(0x2128, O), r(0x2129, P), r(0x212A, O), r(0x212E, P), r(0x212F, O),
    r(0x213A, P), r(0x213C, O), r(0x2140, P), r(0x2145, O), r(0x214A, P), r(0x214E, O),
    r(0x214F, P), r(0x2150, O), r(0x218A, P), r(0x218C, U), r(0x2190, P), r(0x2427, U),
    r(0x2440, P), r(0x244B, U), r(0x2460, O), r(0x249C, P), r(0x24EA, O), r(0x2500, P),
    r(0x2776, O), r(0x2794, P), r(0x27C0, U), r(0x3000, W), r(0x3001, P), r(0x3005, O),
    r(0x3008, P), r(0x3021, O), r(0x3030, P), r(0x3031, O), r(0x3036, P), r(0x3038, O),
    r(0x303D, P), r(0x3040, U), r(0x3041, O), r(0x3097, U), r(0x3099, O), r(0x309B, P),
    r(0x309D, O), r(0x30A0, P), r(0x30A1, O), r(0x30FB, P), r(0x30FC, O), r(0x3100, U),
    r(0x3131, O), r(0x318F, U), r(0x3200, P), r(0x321F, U), r(0x3220, O), r(0x322A, P),
    r(0x3248, O), r(0x3250, P), r(0x3251, O), r(0x3260, P), r(0x3280, O), r(0x328A, P),
    r(0x32B1, O), r(0x32C0, P), r(0x3300, U), r(0x3400, O), r(0x4DC0, U), r(0x4E00, O),
    r(0xA000, U), r(0xAC00, O), r(0xD7A4, U), r(0xF900, O), r(0xFA6E, U), r(0xFA70, O),
    r(0xFADA, U), r(0xFE10, P), r(0xFE1A, U), r(0xFE30, P), r(0xFE53, U), r(0xFE54, P),
    r(0xFE67, U), r(0xFE68, P), r(0xFE6C, U), r(0xFF01, P), r(0xFF10, O), r(0xFF1A, P),
    r(0xFF21, O), r(0xFF3B, P), r(0xFF41, O), r(0xFF5B, P), r(0xFF66, O), r(0xFFBF, U),
    r(0xFFC2, O), r(0xFFC8, U), r(0xFFCA, O), r(0xFFD0, U), r(0xFFD2, O), r(0xFFD8, U),
    r(0xFFDA, O), r(0xFFDD, U), r(0xFFE0, P), r(0xFFE7, U), r(0xFFE8, P), r(0xFFEF, U),
];

/// Classifies a neighbour of a delimiter run; `None` is the edge of a line.
pub(crate) fn classify(c: Option<char>) -> Class {
    let Some(c) = c else { return Class::Whitespace };
    let cp = c as u32;
    if cp < 0x80 {
        let b = cp as u8;
        return if matches!(b, b' ' | b'\t' | b'\n' | 0x0C | b'\r') {
            Class::Whitespace
        } else if b.is_ascii_punctuation() {
            Class::Punctuation
        } else if b.is_ascii_alphanumeric() {
            Class::Other
        } else {
            Class::Unknown
        };
    }
    let index = RUNS.partition_point(|&run| run >> 2 <= cp);
    match index.checked_sub(1).map(|i| RUNS[i] & 3) {
        Some(O) => Class::Other,
        Some(W) => Class::Whitespace,
        Some(P) => Class::Punctuation,
        _ => Class::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_classifies_samples() {
        assert!(RUNS.windows(2).all(|w| w[0] >> 2 < w[1] >> 2));
        let cases = [
            ('a', Class::Other),
            (' ', Class::Whitespace),
            ('*', Class::Punctuation),
            ('\u{a0}', Class::Whitespace),
            ('©', Class::Punctuation),
            ('é', Class::Other),
            ('—', Class::Punctuation),
            ('\u{3000}', Class::Whitespace),
            ('。', Class::Punctuation),
            ('，', Class::Punctuation),
            ('规', Class::Other),
            ('한', Class::Other),
            ('\u{2028}', Class::Unknown),
            ('😀', Class::Unknown),
        ];
        for (c, class) in cases {
            assert_eq!(classify(Some(c)), class, "U+{:04X}", c as u32);
        }
    }
}
