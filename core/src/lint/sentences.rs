//! Splitting text into sentences, for Chinese and English.
//!
//! A sentence ends at `。`, `；`, `！` or `？` (full-width, always), or at `.`, `;`, `!` or `?`
//! followed by white space or the end of the text. Closing quotes and brackets and further
//! end marks right after the end mark belong to the sentence (`……。”`, `?!`). A `.` after a
//! single letter or a common abbreviation (`e.g.`, `i.e.`, `art.`, `No.`) does not end a
//! sentence, nor does one inside a number (`1.5`). A colon never ends one: in rules it
//! introduces the list that completes the sentence.
//!
//! Semicolons end sentences because in service terms they separate provisions that stand
//! on their own ("若您使用的是预付费模式……；若因您的违约行为……"), each of which may need
//! its own highlight.

use core::ops::Range;

/// The character ranges of the sentences of `chars`, in order, without surrounding white
/// space; empty sentences are left out.
pub fn bounds(chars: &[char]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        if ends_sentence(chars, i) {
            let mut end = i + 1;
            while end < chars.len() && (is_end_mark(chars[end]) || is_closing(chars[end])) {
                end += 1;
            }
            push_trimmed(chars, start..end, &mut out);
            start = end;
            i = end;
        } else {
            i += 1;
        }
    }
    push_trimmed(chars, start..chars.len(), &mut out);
    out
}

/// The sentences of `text`, without surrounding white space.
pub fn split(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    bounds(&chars).into_iter().map(|range| chars[range].iter().collect()).collect()
}

fn push_trimmed(chars: &[char], range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let Range { mut start, mut end } = range;
    while start < end && chars[start].is_whitespace() {
        start += 1;
    }
    while end > start && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    if start < end {
        out.push(start..end);
    }
}

fn is_end_mark(c: char) -> bool {
    matches!(c, '。' | '；' | '！' | '？' | '.' | ';' | '!' | '?')
}

fn is_closing(c: char) -> bool {
    matches!(c, '”' | '’' | '"' | '\'' | '）' | ')' | '」' | '』' | '】' | '》' | ']')
}

/// Abbreviations (lowercase, without their dot) after which `.` does not end a sentence.
/// (`e.g.` and `i.e.` end in a single letter, which is covered anyway.)
const ABBREVIATIONS: &[&str] = &["art", "arts", "no", "nos", "para", "sec", "cf", "vs", "mr", "mrs", "ms", "dr", "inc", "ltd", "co", "corp", "pp"];

fn ends_sentence(chars: &[char], i: usize) -> bool {
    match chars[i] {
        '。' | '；' | '！' | '？' => true,
        '.' | ';' | '!' | '?' => {
            let mut next = i + 1;
            while next < chars.len() && (is_closing(chars[next]) || is_end_mark(chars[next])) {
                next += 1;
            }
            let at_break = chars.get(next).is_none_or(|c| c.is_whitespace());
            at_break && !(chars[i] == '.' && after_abbreviation(chars, i))
        }
        _ => false,
    }
}

/// Whether the word before the `.` at `i` is a single letter or a known abbreviation.
fn after_abbreviation(chars: &[char], i: usize) -> bool {
    let start = chars[..i].iter().rposition(|c| !(c.is_alphabetic() || *c == '.')).map_or(0, |p| p + 1);
    let word: String = chars[start..i].iter().collect::<String>().to_lowercase();
    let last = word.rsplit('.').next().unwrap_or("");
    last.chars().count() == 1 || ABBREVIATIONS.contains(&word.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese() {
        assert_eq!(split("甲。乙；丙！丁？"), ["甲。", "乙；", "丙！", "丁？"]);
        assert_eq!(split("他说：“好。”然后走了。（正文完）"), ["他说：“好。”", "然后走了。", "（正文完）"]);
        assert_eq!(split("  \n "), Vec::<String>::new());
    }

    #[test]
    fn english() {
        assert_eq!(split("We may end it. You may not!  Really?! Yes"), ["We may end it.", "You may not!", "Really?!", "Yes"]);
        assert_eq!(split("See art. 496, e.g. here; and No. 5 at 1.5 m. Done."), ["See art. 496, e.g. here;", "and No. 5 at 1.5 m. Done."]);
        assert_eq!(split("It ends (\"quoted.\") Next."), ["It ends (\"quoted.\")", "Next."]);
        assert_eq!(split("A.B. Smith signs.\nThen"), ["A.B. Smith signs.", "Then"]);
    }
}
