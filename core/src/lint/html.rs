//! Finding every piece of raw HTML in a document's body at once.
//!
//! The parser refuses raw HTML, but stops at the first error. An author pasting text from
//! a web page usually brings many tags; listing them all saves a fix-and-rerun per tag.
//! The test mirrors the parser's: an unescaped `<` followed by an ASCII letter, `/`, `!`
//! or `?`.

/// The 1-based (line, column) of every `<` that starts raw HTML in the body (the lines
/// after the front matter; the whole text if there is none). Columns count Unicode scalar
/// values, as the parser's do.
pub(crate) fn positions(text: &str) -> Vec<(usize, usize)> {
    let lines: Vec<&str> = text.split('\n').map(|line| line.strip_suffix('\r').unwrap_or(line)).collect();
    let body = match lines.first() {
        Some(&"---") => lines.iter().skip(1).position(|&line| line == "---").map_or(lines.len(), |closing| closing + 2),
        _ => 0,
    };
    let mut out = Vec::new();
    for (index, line) in lines.iter().enumerate().skip(body) {
        let chars: Vec<char> = line.chars().collect();
        let mut column = 0;
        while column < chars.len() {
            let next = chars.get(column + 1).copied();
            match chars[column] {
                '\\' if next.is_some_and(|c| c.is_ascii_punctuation()) => column += 1,
                '<' if next.is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?')) => {
                    out.push((index + 1, column + 1));
                }
                _ => {}
            }
            column += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::positions;

    #[test]
    fn finds_tags_not_escapes_or_comparisons() {
        let text = "---\nid: a<b\n---\n<div>x</div>\na \\<b> c < d\n  <!-- c --> &lt;i&gt; \\\\<i>\n";
        assert_eq!(positions(text), [(4, 1), (4, 7), (6, 3), (6, 26)]);
        assert_eq!(positions("<b>no front matter"), [(1, 1)]);
        assert_eq!(positions("---\nid: <b>\nunclosed"), Vec::<(usize, usize)>::new());
    }
}
