//! `markdown::parse_with_positions`: the same document as `parse`, and text runs that lead
//! back to the exact source characters they were shown from.

mod support;
use support::Rng;

use clausewrap_core::document::{write_inline_text, Block, Document};
use clausewrap_core::markdown::{parse, parse_with_positions, TextBlock, TextBlockKind, TextRun};

const DEFAULT: &str = include_str!("../../static/face-recognition-service-rules.md");

/// The document's paragraphs and headings in order, as (kind, plain text).
fn text_blocks(document: &Document) -> Vec<(bool, String)> {
    fn walk(blocks: &[Block], out: &mut Vec<(bool, String)>) {
        for block in blocks {
            match block {
                Block::Heading { content, .. } | Block::Paragraph(content) => {
                    let mut text = String::new();
                    write_inline_text(content, &mut text);
                    out.push((matches!(block, Block::Heading { .. }), text));
                }
                Block::List(list) => list.items.iter().for_each(|item| walk(&item.blocks, out)),
            }
        }
    }
    let mut out = Vec::new();
    walk(&document.blocks, &mut out);
    out
}

/// Checks every promise `TextRun` makes against the source text.
fn check(source: &str) -> Vec<TextBlock> {
    let (document, blocks) = parse_with_positions(source.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{source}"));
    assert_eq!(parse(source.as_bytes()).unwrap(), document, "the same document as parse");
    let expected = text_blocks(&document);
    assert_eq!(blocks.len(), expected.len(), "one traced block per paragraph and heading");
    let lines: Vec<Vec<char>> = source.lines().map(|l| l.chars().collect()).collect();
    let mut passage_text = vec![String::new(); document.passages.len()];
    for (block, (heading, text)) in blocks.iter().zip(&expected) {
        assert_eq!(matches!(block.kind, TextBlockKind::Heading { .. }), *heading);
        assert_eq!(&block.runs.iter().map(|r| r.text.as_str()).collect::<String>(), text);
        for run in &block.runs {
            assert!(!run.text.is_empty());
            if let Some(p) = run.passage {
                passage_text[p].push_str(&run.text);
            }
            check_run(run, &lines);
        }
    }
    for (passage, text) in document.passages.iter().zip(&passage_text) {
        assert_eq!(&passage.text, text, "{}: the runs marked with a passage are its text", passage.id);
    }
    blocks
}

fn check_run(run: &TextRun, lines: &[Vec<char>]) {
    let line = &lines[run.line - 1];
    let at = |column: usize| line.get(column - 1).copied();
    let first = run.text.chars().next().unwrap();
    let single_escape = run.text.chars().count() == 1 && matches!(at(run.column), Some('\\' | '&')) && at(run.column) != Some(first);
    if single_escape {
        return; // an escape or a reference, positioned at its `\` or `&`
    }
    for (c, l, column) in run.chars() {
        assert_eq!(l, run.line);
        if c == '\n' {
            assert_eq!(column, line.iter().rposition(|&c| c != ' ').map_or(1, |i| i + 2), "a soft break sits after its line's text");
        } else {
            assert_eq!(at(column), Some(c), "line {} column {column}", run.line);
        }
    }
}

#[test]
fn default_document_positions() {
    let blocks = check(DEFAULT);
    // Clause 14 (1): "    1) **本规则的签订地为广东省深圳市南山区。**" on line 66.
    let block = blocks.iter().find(|b| b.runs.iter().any(|r| r.text.starts_with("本规则的签订地"))).unwrap();
    assert_eq!(block.clause, Some(14));
    assert_eq!((block.runs[0].line, block.runs[0].column), (66, 10));
    assert_eq!(block.runs[0].passage, Some(14));
    // Clause 8 ends its passage before the full stop, which is plain text.
    let block = blocks.iter().find(|b| b.clause == Some(8)).unwrap();
    assert_eq!(block.runs.len(), 2);
    assert_eq!(block.runs[1].text.chars().next(), Some('。'));
    assert_eq!(block.runs[1].passage, None);
}

#[test]
fn escapes_references_breaks_and_emphasis() {
    let source = "---\nid: a\ntitle: A\nversion: 1\nlang: en\n---\n# Title *with* \\*stars\\*\n\nPlain &amp; **bold \\_x\nnext** line \n- item [link](https://example.com) *em* \\ **b**\n  more\n";
    let blocks = check(source);
    let runs: Vec<(&str, usize, usize, Option<usize>)> =
        blocks.iter().flat_map(|b| &b.runs).map(|r| (r.text.as_str(), r.line, r.column, r.passage)).collect();
    assert_eq!(
        runs,
        vec![
            ("Title ", 7, 3, None),
            ("with", 7, 10, None),
            (" ", 7, 15, None),
            ("*", 7, 16, None),
            ("stars", 7, 18, None),
            ("*", 7, 23, None),
            ("Plain ", 9, 1, None),
            ("&", 9, 7, None),
            (" ", 9, 12, None),
            ("bold ", 9, 15, Some(0)),
            ("_", 9, 20, Some(0)),
            ("x\n", 9, 22, Some(0)),
            ("next", 10, 1, Some(0)),
            (" line", 10, 7, None),
            ("item ", 11, 3, None),
            ("link", 11, 9, None),
            (" ", 11, 35, None),
            ("em", 11, 37, None),
            (" \\ ", 11, 40, None),
            ("b", 11, 45, Some(1)),
            ("\n", 11, 48, None),
            ("more", 12, 3, None),
        ]
    );
}

#[test]
fn errors_are_the_same_as_parse() {
    for source in ["", "no front matter\n", "---\nid: a\ntitle: A\nversion: 1\nlang: en\n---\n<b>x</b>\n"] {
        assert_eq!(parse_with_positions(source.as_bytes()).map(|(d, _)| d), parse(source.as_bytes()));
    }
}

/// SplitMix64: a fixed-seed generator, so failures reproduce.


#[test]
fn edited_documents_keep_every_position_promise() {
    let pieces = ["**", "*", "\\*", "\\\\", "&amp;", "&#x4e2d;", "\n", " ", "\n\n", "[链接](https://example.com)", "a", "中", "_", "\\"];
    let chars: Vec<char> = DEFAULT.chars().collect();
    let body_start = DEFAULT.find("\n---\n").unwrap() + 5;
    let body_start = DEFAULT[..body_start].chars().count();
    let mut rng = Rng(11);
    let mut accepted = 0;
    for _ in 0..800 {
        let mut edited: Vec<String> = chars.iter().map(|c| c.to_string()).collect();
        for _ in 0..=rng.below(3) {
            let at = body_start + rng.below(edited.len() - body_start);
            edited.insert(at, pieces[rng.below(pieces.len())].to_owned());
        }
        let source = edited.concat();
        if parse(source.as_bytes()).is_ok() {
            check(&source);
            accepted += 1;
        }
    }
    assert!(accepted > 150, "{accepted}");
}
