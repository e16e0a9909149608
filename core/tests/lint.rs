//! The authors' lint: the default rules lint clean, every highlight it has is one the lint
//! would have asked for, and each rule fires where it should, with line and column.

mod support;
use support::Rng;

use clausewrap_core::lint::vocabulary::Category;
use clausewrap_core::lint::{lint, Finding, Rule};

const DEFAULT: &str = include_str!("../../static/face-recognition-service-rules.md");
const FRONT: &str = "---\nid: sample\ntitle: Sample\nversion: 1\nlang: en\n---\n";

fn findings(text: &str) -> Vec<Finding> {
    lint(text.as_bytes()).findings
}

/// (rule, line, column) of every finding.
fn places(text: &str) -> Vec<(&'static str, usize, usize)> {
    findings(text).iter().map(|f| (f.rule.name(), f.line, f.column)).collect()
}

/// The default document with every `**` removed on the given 1-based lines.
fn unbolded(lines: impl Fn(usize) -> bool) -> String {
    DEFAULT.lines().enumerate().map(|(i, line)| if lines(i + 1) { line.replace("**", "") } else { line.to_owned() } + "\n").collect()
}

#[test]
fn the_default_rules_lint_clean() {
    let report = lint(DEFAULT.as_bytes());
    assert_eq!(report.findings, vec![], "the default document must lint clean");
    assert!(report.parsed);
    assert_eq!(report.passages, 17);
    assert!(report.sentences > 40, "{}", report.sentences);
}

#[test]
fn clause_14_without_bold_is_flagged() {
    let start = DEFAULT.lines().position(|l| l.starts_with("14. ")).unwrap() + 1;
    let text = unbolded(|line| line >= start);
    assert_ne!(text, DEFAULT);
    assert_eq!(lint(text.as_bytes()).passages, 14);
    let found = findings(&text);
    assert!(!found.is_empty());
    for f in &found {
        assert_eq!((f.rule, f.clause), (Rule::UnmarkedLiability, Some(14)), "{}", f.message);
    }
    // Sub-items (1) to (3): the place of signing, governing law, the court.
    let lines: Vec<usize> = found.iter().map(|f| f.line).collect();
    assert_eq!(lines, [66, 68, 70, 70]);
    assert_eq!((found[0].line, found[0].column), (66, 8));
    assert_eq!(found[0].terms[0].text, "签订地");
    assert_eq!(found[0].terms[0].category, Category::Jurisdiction);
    assert!(found[0].message.starts_with("clause 14: jurisdiction or governing law language (\"签订地\") is not bold in \"本规则的签订地为广东省深圳市南山区。\""), "{}", found[0].message);
    let court = &found[3];
    let terms: Vec<&str> = court.terms.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(terms, ["争议", "法院", "管辖"]);
    assert_eq!((court.terms[1].line, court.terms[1].column), (70, 61));
}

/// Every passage the default document highlights is one the lint asks for: removing the
/// bold from any line that has some brings a finding on that line.
#[test]
fn every_highlight_of_the_default_rules_is_asked_for() {
    let bold_lines: Vec<usize> = DEFAULT.lines().enumerate().filter(|(_, l)| l.contains("**")).map(|(i, _)| i + 1).collect();
    assert_eq!(bold_lines.len(), 17);
    for line in bold_lines {
        let found = findings(&unbolded(|l| l == line));
        assert!(!found.is_empty(), "line {line} without bold is not flagged");
        assert!(found.iter().all(|f| f.line == line && f.rule == Rule::UnmarkedLiability), "line {line}: {found:?}");
    }
}

#[test]
fn partly_bold_sentences_count_only_their_bold_words() {
    let body = "1. **We are not liable** for anything.\n2. We are not **liable** for anything.\n3. You will **hold** harmless the provider.\n";
    let found = findings(&format!("{FRONT}{body}"));
    assert_eq!(found.iter().map(|f| (f.line, f.column)).collect::<Vec<_>>(), [(9, 4)], "a term half in bold is not marked");
    assert_eq!(found[0].terms[0].text, "hold harmless");
}

#[test]
fn english_vocabulary_and_sentences() {
    let body = "# Terms\n\nYou may use the service. We may terminate it at any time. Disputes go to arbitration.\n\n1. The provider is not liable for reliable results; **it disclaims all warranties.**\n";
    let found = findings(&format!("{FRONT}{body}"));
    let summary: Vec<(usize, usize, Vec<&str>)> = found.iter().map(|f| (f.line, f.column, f.terms.iter().map(|t| t.pattern).collect())).collect();
    assert_eq!(summary, [(9, 26, vec!["terminat*"]), (9, 59, vec!["dispute*", "arbitrat*"]), (11, 4, vec!["liable"])]);
}

#[test]
fn bold_headings_and_whole_clauses() {
    let body = "# Terms **of use**\n\n1. **First sentence. Second sentence.**\n2. **One sentence only.**\n3. **Bold** and not.\n\n**A preamble paragraph. All of it bold.**\n\n4. **Split over**\n\n   **two paragraphs.**\n";
    assert_eq!(
        places(&format!("{FRONT}{body}")),
        [("bold-heading", 7, 11), ("bold-whole-clause", 9, 6), ("bold-whole-clause", 13, 3), ("bold-whole-clause", 15, 6)]
    );
    let found = findings(&format!("{FRONT}{body}"));
    assert_eq!(found[1].clause, Some(1));
    assert!(found[1].message.starts_with("clause 1 is bold from start to end (2 sentences)"), "{}", found[1].message);
    assert!(found[2].message.starts_with("this paragraph is bold"), "{}", found[2].message);
}

#[test]
fn every_piece_of_raw_html_is_reported() {
    let body = "Text <b>bold</b> and <i>more</i>.\n\nAn escaped \\<b> is text, and 1 < 2.\n";
    assert_eq!(
        places(&format!("{FRONT}{body}")),
        [("raw-html", 7, 6), ("raw-html", 7, 13), ("raw-html", 7, 22), ("raw-html", 7, 29)],
        "the parser's own error at 7:6 is not repeated"
    );
}

#[test]
fn documents_the_widget_refuses() {
    let refused = |text: &[u8]| -> Vec<(&'static str, usize, usize)> {
        let report = lint(text);
        assert!(!report.parsed);
        report.findings.iter().map(|f| (f.rule.name(), f.line, f.column)).collect()
    };
    assert_eq!(refused(b"no front matter\n"), [("front-matter", 1, 1)]);
    assert_eq!(refused(b"---\nid: a\ntitle: A\nlang: en\n---\nx\n"), [("front-matter", 5, 1)]);
    assert_eq!(refused(b"---\nid: A B\ntitle: A\nversion: 1\nlang: en\n---\nx\n"), [("front-matter", 2, 1)]);
    assert_eq!(refused(format!("{FRONT}x\n\n> quote\n").as_bytes()), [("syntax", 9, 1)]);
    assert_eq!(refused(format!("{FRONT}ab\ncd\u{e9}").as_bytes().split_last().unwrap().1), [("encoding", 8, 3)]);
    assert_eq!(refused(b""), [("empty", 1, 1)]);
    assert_eq!(refused(&vec![b'a'; 5 * 1024 * 1024]), [("too-large", 1, 1)]);
    let message = &findings("no front matter\n")[0].message;
    assert!(message.contains("front matter") && message.contains("the clauses are checked once it parses"), "{message}");
}

#[test]
fn rule_names_are_distinct() {
    let mut names: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), Rule::ALL.len());
}

/// Arbitrary bytes never make the lint panic, and every finding points into the text.
#[test]
fn arbitrary_input_never_panics_and_findings_point_into_the_text() {
    let pieces: &[&[u8]] = &[
        b"**", b"*", b"\\", b"<b>", b"<", b"\n", b"\r\n", b"\r", b"---\n", b"1. ", b"   1) ", b"# ", b"&amp;", b"&#0;", b"\t", b" ",
        "免责".as_bytes(), "。".as_bytes(), b"liable. ", &[0xff], &[0xe5, 0x85], "\u{feff}".as_bytes(), b"[a](https://x.y)", b"_", b"`",
    ];
    let mut rng = Rng(2024);
    let base = DEFAULT.as_bytes();
    let mut parsed = 0;
    for round in 0..3_000 {
        let text: Vec<u8> = match round % 4 {
            // Arbitrary bytes.
            0 => (0..rng.below(200)).map(|_| rng.next() as u8).collect(),
            // Arbitrary pieces.
            1 => (0..rng.below(60)).flat_map(|_| pieces[rng.below(pieces.len())].iter().copied()).collect(),
            // The default document, edited in a few places.
            _ => {
                let mut text = base.to_vec();
                for _ in 0..=rng.below(4) {
                    let at = rng.below(text.len());
                    match rng.below(3) {
                        0 => drop(text.drain(at..(at + rng.below(8)).min(text.len()))),
                        _ => text.splice(at..at, pieces[rng.below(pieces.len())].iter().copied()).for_each(drop),
                    }
                }
                text
            }
        };
        let report = lint(&text);
        parsed += usize::from(report.parsed);
        let lines: Vec<usize> = String::from_utf8_lossy(&text).split('\n').map(|l| l.chars().count()).collect();
        for f in &report.findings {
            assert!(f.line >= 1 && f.line <= lines.len().max(1), "{f:?}");
            assert!(f.column >= 1 && f.column <= lines.get(f.line - 1).copied().unwrap_or(0) + 1, "{f:?}");
            assert!(!f.message.is_empty());
        }
    }
    assert!(parsed > 80, "{parsed}");
}
