//! Parsing a part at a time (`markdown::Parsing`) gives exactly what parsing the whole text
//! gives: the same document, or the same error at the same line and column, whatever the
//! size of the parts.

use clausewrap_core::document::Document;
use clausewrap_core::markdown::{self, DocumentError, Parsing, Step};

const BUDGETS: [usize; 9] = [0, 1, 2, 17, 64, 300, 1000, 4096, usize::MAX];

fn stepwise(bytes: &[u8], budget: usize) -> (Result<Document, DocumentError>, usize) {
    let mut parsing = Parsing::new(bytes);
    for steps in 1.. {
        match parsing.step(budget) {
            Step::Pending => continue,
            Step::Done(result) => {
                assert!(matches!(parsing.step(budget), Step::Finished));
                return (result, steps);
            }
            Step::Finished => panic!("finished without a result"),
        }
    }
    unreachable!()
}

fn assert_same(bytes: &[u8], what: &str) -> usize {
    let whole = markdown::parse(bytes);
    let mut most = 0;
    for budget in BUDGETS {
        let (result, steps) = stepwise(bytes, budget);
        assert_eq!(result, whole, "{what}, parts of {budget} bytes");
        most = most.max(steps);
    }
    most
}

#[test]
fn the_shipped_documents_parse_alike_in_parts() {
    for path in ["../static/face-recognition-service-rules.md", "../static/samples/face-recognition-service-rules-2026-sample.md"] {
        let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/").to_owned() + path).unwrap();
        let steps = assert_same(&bytes, path);
        assert!(steps > 10, "{path} was parsed in {steps} parts at most");
    }
}

#[test]
fn a_long_document_is_parsed_in_parts_of_about_the_budget() {
    let doc = Generator(7).document(2_000);
    assert!(doc.len() > 200_000, "{} bytes", doc.len());
    let (result, steps) = stepwise(doc.as_bytes(), 16 * 1024);
    assert_eq!(result, markdown::parse(doc.as_bytes()));
    assert!(result.unwrap().passages.len() > 100);
    assert!(steps >= doc.len() / (20 * 1024) && steps <= doc.len() / (16 * 1024) + 1, "{steps} parts of {} bytes", doc.len());
}

#[test]
fn generated_documents_parse_alike_in_parts() {
    for seed in 1..=60 {
        let doc = Generator(seed).document(40);
        assert!(markdown::parse(doc.as_bytes()).is_ok(), "seed {seed}:\n{doc}");
        assert_same(doc.as_bytes(), &format!("seed {seed}"));
    }
}

/// Errors anywhere, and two errors at once: the whole-text parse reports a refused
/// character before any syntax error, wherever they are; so must the parts.
#[test]
fn errors_are_the_same_in_parts() {
    for seed in 1..=60 {
        let doc = Generator(seed).document(30);
        let lines: Vec<&str> = doc.lines().collect();
        let at = |k: u64| 8 + (k as usize) % (lines.len() - 8);
        let broken = [
            ("a tab", vec![(at(seed * 7), "\tindented".to_string())]),
            ("a thematic break", vec![(at(seed * 3), "***".to_string())]),
            ("bad indentation", vec![(at(seed * 5), "                 text".to_string())]),
            ("a syntax error, then a tab", vec![(at(seed), "> quote".to_string()), (lines.len() - 1, "a\tb".to_string())]),
            ("a control character at the end", vec![(lines.len() - 1, "end\u{7}".to_string())]),
        ];
        for (what, edits) in broken {
            let mut edited: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            for (line, text) in edits {
                edited[line] = text;
            }
            let text = edited.join("\n") + "\n";
            assert!(markdown::parse(text.as_bytes()).is_err(), "{what}, seed {seed}");
            assert_same(text.as_bytes(), &format!("{what}, seed {seed}"));
        }
        let mut not_utf8 = doc.clone().into_bytes();
        not_utf8.extend_from_slice(b"\n\nlast \xff line\n");
        assert_same(&not_utf8, "invalid UTF-8 at the end");
    }
    for (what, text) in [
        ("empty", ""),
        ("blank", "  \n\n"),
        ("unclosed front matter", "---\nid: a\n\ntitle: b\n\ntext\n"),
        ("no front matter", "text\n\nmore\n"),
        ("a byte order mark", "\u{feff}---\nid: a\n---\n"),
    ] {
        assert_same(text.as_bytes(), what);
    }
}

/// Random documents of the accepted subset: headings, paragraphs, clauses (a top-level
/// ordered list) with nested bullet lists, loose and tight, blank lines inside items,
/// and strong passages.
struct Generator(u64);

impl Generator {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }

    fn words(&mut self) -> String {
        let words = ["服务", "规则", "the provider", "liability", "用户", "may", "不承担", "责任", "notice", "数据"];
        let n = 3 + self.next(12);
        let mut out = String::new();
        for i in 0..n {
            if i > 0 {
                out.push(' ');
            }
            let word = words[self.next(words.len() as u64) as usize];
            if self.next(9) == 0 {
                out.push_str(&format!("**{word}**"));
            } else {
                out.push_str(word);
            }
        }
        out
    }

    fn document(&mut self, blocks: usize) -> String {
        let mut out = String::from("---\nid: generated\ntitle: Generated\nversion: 1\nlang: zh-CN\n---\n\n");
        let mut clause = 0;
        for _ in 0..blocks {
            match self.next(4) {
                0 => out.push_str(&format!("## {}\n\n", self.words())),
                1 if clause == 0 => out.push_str(&format!("{}\n{}\n\n", self.words(), self.words())),
                _ => {
                    // A run of clauses: one top-level list, so clauses continue it.
                    let items = 1 + self.next(5);
                    let loose = self.next(2) == 0;
                    for _ in 0..items {
                        clause += 1;
                        out.push_str(&format!("{clause}. {}\n", self.words()));
                        if self.next(3) == 0 {
                            out.push_str(&" ".repeat(clause.to_string().len() + 2));
                            out.push_str(&format!("{}\n", self.words()));
                        }
                        if self.next(3) == 0 {
                            let indent = " ".repeat(clause.to_string().len() + 2);
                            out.push('\n');
                            for _ in 0..1 + self.next(3) {
                                out.push_str(&format!("{indent}- {}\n", self.words()));
                            }
                            out.push('\n');
                        } else if loose {
                            out.push('\n');
                        }
                    }
                    // The next run of clauses continues the list, unless a paragraph (or a
                    // heading) ends it first; clause numbers go on either way.
                    if !out.ends_with("\n\n") {
                        out.push('\n');
                    }
                    if self.next(2) == 0 {
                        let words = self.words();
                        out.push_str(&format!("{words}\n\n"));
                    }
                }
            }
        }
        out
    }
}
