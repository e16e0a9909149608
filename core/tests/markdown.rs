//! Unit tests of the rules-document parser: every accepted construct, every refusal (with
//! its line and column), front matter, numbering, passage ids, references and escapes.

use clausewrap_core::document::{is_cjk_lang, primary_language, Block, Delimiter, Document, Inline, List, ListItem, ListKind, MAX_DOCUMENT_BYTES};
use clausewrap_core::markdown::{parse, DocumentError};

const FRONT: &str = "---\nid: sample\ntitle: Sample\nversion: 1\nlang: en\n---\n";
/// Lines taken by `FRONT`: body line 1 is file line 7.
const FRONT_LINES: usize = 6;

fn doc(body: &str) -> Document {
    parse(format!("{FRONT}{body}").as_bytes()).unwrap_or_else(|e| panic!("rejected: {e}\n{body}"))
}

/// The syntax error for `body`, with the line counted from the first body line.
fn fail(body: &str) -> (usize, usize, String) {
    match parse(format!("{FRONT}{body}").as_bytes()) {
        Err(DocumentError::Syntax { line, column, message }) => (line - FRONT_LINES, column, message),
        other => panic!("expected a syntax error for {body:?}, got {other:?}"),
    }
}

/// Asserts the error position and that the message contains `words`.
fn assert_fail(body: &str, line: usize, column: usize, words: &str) {
    let (l, c, message) = fail(body);
    assert_eq!((l, c), (line, column), "position for {body:?}: {message}");
    assert!(message.contains(words), "message for {body:?} is {message:?}, expected {words:?}");
}

fn text(s: &str) -> Inline {
    Inline::Text(s.to_string())
}

fn para(inlines: Vec<Inline>) -> Block {
    Block::Paragraph(inlines)
}

fn front_error(source: &str) -> (usize, String) {
    match parse(source.as_bytes()) {
        Err(DocumentError::FrontMatter { line, message }) => (line, message),
        other => panic!("expected a front matter error for {source:?}, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------
// Input-level errors.

#[test]
fn empty_input() {
    assert_eq!(parse(b""), Err(DocumentError::Empty));
    assert_eq!(parse(b" \n\r\n  \n"), Err(DocumentError::Empty));
    assert_eq!(parse("\u{3000}\n".as_bytes()), Err(DocumentError::Empty));
}

#[test]
fn too_large() {
    let big = vec![b'a'; MAX_DOCUMENT_BYTES + 1];
    assert_eq!(parse(&big), Err(DocumentError::TooLarge { size: MAX_DOCUMENT_BYTES + 1, limit: MAX_DOCUMENT_BYTES }));
}

#[test]
fn not_utf8() {
    let mut bytes = format!("{FRONT}abc").into_bytes();
    let offset = bytes.len() - 1;
    bytes[offset] = 0xFF;
    assert_eq!(parse(&bytes), Err(DocumentError::NotUtf8 { offset }));
}

#[test]
fn byte_order_mark_is_refused() {
    let source = format!("\u{feff}{FRONT}text");
    assert!(matches!(parse(source.as_bytes()), Err(DocumentError::Syntax { line: 1, column: 1, .. })));
}

#[test]
fn bad_characters() {
    assert_fail("ab\rc\n", 1, 3, "carriage return");
    assert_fail("ok\nab\tc\n", 2, 3, "tabs");
    assert_fail("a\u{1}b\n", 1, 2, "control character U+0001");
    assert_fail("中文\u{2028}\n", 1, 3, "U+2028");
    assert_fail("a\u{feff}\n", 1, 2, "byte order mark");
    assert_fail("para\n\n\u{3000}\u{3000}\n", 3, 1, "invisible white space (U+3000)");
}

#[test]
fn crlf_line_endings() {
    let source = FRONT.replace('\n', "\r\n") + "a\r\nb\r\n";
    let document = parse(source.as_bytes()).unwrap();
    assert_eq!(document.blocks, vec![para(vec![text("a"), Inline::SoftBreak, text("b")])]);
}

// ---------------------------------------------------------------------------------------
// Front matter.

#[test]
fn front_matter_fields() {
    let source = "---\nid: terms.v2_x-1\ntitle: \"Terms: \"the\" rules\"\nversion: 2019-07-29 15:49:27\nlang: zh-CN\nsource: https://example.com/a\nowner: legal\naudience:   \"everyone\"  \n---\nText\n";
    let document = parse(source.as_bytes()).unwrap();
    let meta = &document.meta;
    assert_eq!(meta.id, "terms.v2_x-1");
    assert_eq!(meta.title, "Terms: \"the\" rules");
    assert_eq!(meta.version, "2019-07-29 15:49:27");
    assert_eq!(meta.lang, "zh-CN");
    assert_eq!(meta.source.as_deref(), Some("https://example.com/a"));
    assert_eq!(meta.extra, vec![("owner".into(), "legal".into()), ("audience".into(), "everyone".into())]);
}

#[test]
fn front_matter_source_is_optional_and_body_may_be_empty() {
    let document = parse(b"---\nid: a\ntitle: T\nversion: 1\nlang: en\n---\n").unwrap();
    assert_eq!(document.meta.source, None);
    assert!(document.blocks.is_empty());
}

#[test]
fn front_matter_errors() {
    let (line, message) = front_error("# Title\n");
    assert_eq!(line, 1);
    assert!(message.contains("must start with front matter"));
    let (line, message) = front_error("---\nid: a\ntitle: T\n");
    assert_eq!(line, 3);
    assert!(message.contains("not closed"));
    for (missing, source) in [
        ("id", "---\ntitle: T\nversion: 1\nlang: en\n---\n"),
        ("title", "---\nid: a\nversion: 1\nlang: en\n---\n"),
        ("version", "---\nid: a\ntitle: T\nlang: en\n---\n"),
        ("lang", "---\nid: a\ntitle: T\nversion: 1\n---\n"),
    ] {
        let (line, message) = front_error(source);
        assert_eq!(line, 5, "{missing}");
        assert!(message.contains(&format!("'{missing}' is missing")), "{message}");
    }
    let (line, message) = front_error("---\nid: a\ntitle: T\nversion: 1\nlang: en\ntitle: U\n---\n");
    assert_eq!(line, 6);
    assert!(message.contains("duplicate key 'title' (first given on line 3)"), "{message}");
    let (line, message) = front_error("---\nid: a\nTitle: T\n---\n");
    assert_eq!((line, message.contains("lowercase")), (3, true));
    let (line, message) = front_error("---\nid: a\n1st: T\n---\n");
    assert_eq!((line, message.contains("lowercase")), (3, true));
    let (line, message) = front_error("---\nid: a\ntitle:\n---\n");
    assert_eq!((line, message.contains("empty")), (3, true));
    let (line, message) = front_error("---\nid: a\ntitle: \"\"\n---\n");
    assert_eq!((line, message.contains("empty")), (3, true));
    let (line, message) = front_error("---\nid: a\ntitle:T\n---\n");
    assert_eq!((line, message.contains("space after")), (3, true));
    let (line, message) = front_error("---\nid: a\n\ntitle: T\n---\n");
    assert_eq!((line, message.contains("blank lines")), (3, true));
    let (line, message) = front_error("---\nid: a\njust text\n---\n");
    assert_eq!((line, message.contains("key: value")), (3, true));
    for bad in ["Upper", "-dash", "has space", "ümlaut", ".dot"] {
        let (line, message) = front_error(&format!("---\nid: {bad}\ntitle: T\nversion: 1\nlang: en\n---\n"));
        assert_eq!((line, message.contains("id may only contain")), (2, true), "{bad}");
    }
}

// ---------------------------------------------------------------------------------------
// Headings and paragraphs.

#[test]
fn headings() {
    let document = doc("# One\n## Two\n###### Six\n#hashtag and C#\n");
    assert_eq!(
        document.blocks,
        vec![
            Block::Heading { level: 1, content: vec![text("One")] },
            Block::Heading { level: 2, content: vec![text("Two")] },
            Block::Heading { level: 6, content: vec![text("Six")] },
            para(vec![text("#hashtag and C#")]),
        ]
    );
    let document = doc("# Trailing spaces   \n# Escaped \\#\n");
    assert_eq!(document.blocks[0], Block::Heading { level: 1, content: vec![text("Trailing spaces")] });
    assert_eq!(document.blocks[1], Block::Heading { level: 1, content: vec![text("Escaped #")] });
}

#[test]
fn heading_errors() {
    assert_fail("#\n", 1, 1, "heading is empty");
    assert_fail("##   \n", 1, 1, "heading is empty");
    assert_fail("#  Two spaces\n", 1, 3, "exactly one space");
    assert_fail("# Closed #\n", 1, 10, "closing '#'");
    assert_fail("## 中文 ##\n", 1, 7, "closing '#'");
    assert_fail("# #\n", 1, 3, "closing '#'");
    assert_fail("####### Seven\n", 1, 1, "at most six");
    assert_fail("Title\n=====\n", 2, 1, "underline a heading");
    assert_fail("Title\n--\n", 2, 1, "underline a heading");
    assert_fail("Title\n---\n", 2, 1, "thematic break");
}

#[test]
fn paragraphs_and_soft_breaks() {
    let document = doc("first line \nsecond line   \n\nnext paragraph\n");
    assert_eq!(
        document.blocks,
        vec![
            para(vec![text("first line"), Inline::SoftBreak, text("second line")]),
            para(vec![text("next paragraph")]),
        ]
    );
}

#[test]
fn hard_breaks_are_refused() {
    assert_fail("two spaces  \nnext\n", 1, 11, "hard line break");
    assert_fail("backslash\\\nnext\n", 1, 10, "backslash at the end");
    assert_fail("last line\\\n", 1, 10, "backslash at the end");
}

#[test]
fn other_blocks_are_refused() {
    assert_fail("***\n", 1, 1, "thematic break");
    assert_fail("- - -\n", 1, 1, "thematic break");
    assert_fail("_ _ _\n", 1, 1, "thematic break");
    assert_fail("text\n\n> quote\n", 3, 1, "block quotes");
    assert_fail("```\ncode\n```\n", 1, 1, "fenced code");
    assert_fail("~~~\ncode\n", 1, 1, "fenced code");
    assert_fail("    code\n", 1, 5, "indented code");
    assert_fail("para\n\n    code\n", 3, 5, "indented code");
    assert_fail("  indented\n", 1, 3, "unexpected indentation");
    assert_fail("<div>\nhtml\n</div>\n", 1, 1, "raw HTML");
    assert_fail("[label]: https://example.com\n", 1, 1, "only allowed in links");
    assert_fail("* star\n", 1, 1, "only '-'");
    assert_fail("+ plus\n", 1, 1, "only '-'");
}

// ---------------------------------------------------------------------------------------
// Lists.

fn item(number: Option<u64>, blocks: Vec<Block>) -> ListItem {
    ListItem { number, blocks }
}

#[test]
fn ordered_lists() {
    let document = doc("3. three\n4. four\n5. five\n");
    assert_eq!(
        document.blocks,
        vec![Block::List(List {
            kind: ListKind::Ordered { start: 3, delimiter: Delimiter::Period },
            loose: false,
            items: vec![
                item(Some(3), vec![para(vec![text("three")])]),
                item(Some(4), vec![para(vec![text("four")])]),
                item(Some(5), vec![para(vec![text("five")])]),
            ],
        })]
    );
    let document = doc("0) zero\n1) one\n");
    let Block::List(list) = &document.blocks[0] else { panic!() };
    assert_eq!(list.kind, ListKind::Ordered { start: 0, delimiter: Delimiter::Paren });
    assert_eq!(document.clauses().map(|(n, _)| n).collect::<Vec<_>>(), vec![0, 1]);
}

#[test]
fn bullet_lists_and_looseness() {
    let document = doc("- a\n- b\n\n- c\n");
    assert_eq!(
        document.blocks,
        vec![Block::List(List {
            kind: ListKind::Bullet,
            loose: true,
            items: vec![
                item(None, vec![para(vec![text("a")])]),
                item(None, vec![para(vec![text("b")])]),
                item(None, vec![para(vec![text("c")])]),
            ],
        })]
    );
    let tight = doc("- a\n- b\n\nafter\n");
    assert!(matches!(&tight.blocks[0], Block::List(List { loose: false, .. })));
    let loose_by_inner_blank = doc("- a\n\n  more\n- b\n");
    assert!(matches!(&loose_by_inner_blank.blocks[0], Block::List(List { loose: true, .. })));
}

#[test]
fn nesting_and_continuation() {
    let document = doc("1. first\n   continued\n   - nested\n     more\n\n   after nested\n2. second\n");
    let expected = Block::List(List {
        kind: ListKind::Ordered { start: 1, delimiter: Delimiter::Period },
        loose: true,
        items: vec![
            item(
                Some(1),
                vec![
                    para(vec![text("first"), Inline::SoftBreak, text("continued")]),
                    Block::List(List {
                        kind: ListKind::Bullet,
                        loose: false,
                        items: vec![item(None, vec![para(vec![text("nested"), Inline::SoftBreak, text("more")])])],
                    }),
                    para(vec![text("after nested")]),
                ],
            ),
            item(Some(2), vec![para(vec![text("second")])]),
        ],
    });
    assert_eq!(document.blocks, vec![expected]);
}

#[test]
fn wide_markers_have_wider_content_columns() {
    let document = doc("9. nine\n   more\n10. ten\n    more\n");
    let Block::List(list) = &document.blocks[0] else { panic!() };
    assert_eq!(list.items[1].blocks, vec![para(vec![text("ten"), Inline::SoftBreak, text("more")])]);
    assert_fail("9. nine\n10. ten\n   more\n", 3, 4, "must be indented by exactly 4 spaces");
}

#[test]
fn items_may_start_with_headings_and_lists() {
    let document = doc("- # Title\n- - inner\n");
    let Block::List(list) = &document.blocks[0] else { panic!() };
    assert_eq!(list.items[0].blocks, vec![Block::Heading { level: 1, content: vec![text("Title")] }]);
    assert!(matches!(&list.items[1].blocks[0], Block::List(List { kind: ListKind::Bullet, .. })));
}

#[test]
fn list_interrupting_a_paragraph() {
    let document = doc("Intro:\n- a\n- b\n");
    assert!(matches!(document.blocks.as_slice(), [Block::Paragraph(_), Block::List(_)]));
    let document = doc("Intro:\n1. a\n");
    assert!(matches!(document.blocks.as_slice(), [Block::Paragraph(_), Block::List(_)]));
    assert_fail("Intro:\n2. a\n", 2, 1, "does not start at 1");
    let document = doc("Intro:\n\n2. a\n");
    assert!(matches!(&document.blocks[1], Block::List(List { kind: ListKind::Ordered { start: 2, .. }, .. })));
}

#[test]
fn numbering_errors() {
    assert_fail("1. a\n2. b\n5. c\n", 3, 1, "list item 3 expected, found 5");
    assert_fail("1. a\n1. b\n", 2, 1, "list item 2 expected, found 1");
    assert_fail("- x\n\n  3. a\n  3. b\n", 4, 3, "list item 4 expected, found 3");
    assert_fail("1. a\n2) b\n", 2, 1, "uses ')' but the list uses '.'");
    assert_fail("1) a\n2. b\n", 2, 1, "uses '.' but the list uses ')'");
    assert_fail("1. a\n- b\n", 2, 1, "'-' item cannot directly follow a numbered item");
    assert_fail("- a\n\n1. b\n", 3, 1, "numbered item cannot directly follow");
    assert_fail("01. a\n", 1, 1, "leading zeros");
    assert_fail("1. a\n\n\n1. b\n", 4, 1, "list item 2 expected, found 1");
}

#[test]
fn list_item_errors() {
    assert_fail("-\n", 1, 1, "list item is empty");
    assert_fail("1.   \n", 1, 1, "list item is empty");
    assert_fail("-  two spaces\n", 1, 3, "exactly one space after the list marker");
    assert_fail("1.  two spaces\n", 1, 4, "exactly one space after the list marker");
    assert_fail("- item\nlazy\n", 2, 1, "continues a list item's paragraph");
    assert_fail("- item\n   too far\n", 2, 4, "continuation lines must be indented by exactly 2");
    assert_fail("- item\n\n   odd\n", 3, 4, "indent by exactly 2 spaces");
    assert_fail("- item\n\n      code\n", 3, 7, "indented code");
}

#[test]
fn nesting_depth_is_limited() {
    let mut body = String::new();
    for depth in 0..8 {
        body.push_str(&format!("{}- level {}\n", "  ".repeat(depth), depth + 1));
    }
    doc(&body);
    body.push_str(&format!("{}- level 9\n", "  ".repeat(8)));
    assert_fail(&body, 9, 17, "at most 8 levels");
}

#[test]
fn clauses_must_be_unique() {
    let document = doc("1. a\n2. b\n\nBetween.\n\n3. c\n");
    assert_eq!(document.clauses().map(|(n, _)| n).collect::<Vec<_>>(), vec![1, 2, 3]);
    assert_fail("1. a\n2. b\n\nBetween.\n\n2. again\n", 6, 1, "clause 2 already exists (line 8)");
}

// ---------------------------------------------------------------------------------------
// Inlines.

fn inlines(body: &str) -> Vec<Inline> {
    match doc(body).blocks.into_iter().next() {
        Some(Block::Paragraph(content)) => content,
        other => panic!("not a paragraph: {other:?}"),
    }
}

fn strong(passage: usize, content: Vec<Inline>) -> Inline {
    Inline::Strong { passage, content }
}

#[test]
fn emphasis_and_strong() {
    assert_eq!(
        inlines("a *em* b **st** c\n"),
        vec![text("a "), Inline::Emphasis(vec![text("em")]), text(" b "), strong(0, vec![text("st")]), text(" c")]
    );
    assert_eq!(
        inlines("**a *b* c** *x **y** z*\n"),
        vec![
            strong(0, vec![text("a "), Inline::Emphasis(vec![text("b")]), text(" c")]),
            text(" "),
            Inline::Emphasis(vec![text("x "), strong(1, vec![text("y")]), text(" z")]),
        ]
    );
    assert_eq!(inlines("*a\nb*\n"), vec![Inline::Emphasis(vec![text("a"), Inline::SoftBreak, text("b")])]);
    assert_eq!(inlines("a * b ** c\n"), vec![text("a * b ** c")]);
    assert_eq!(inlines("**\n"), vec![text("**")]);
}

#[test]
fn emphasis_errors() {
    assert_fail("a**b**c\n", 1, 2, "ambiguous emphasis delimiter");
    assert_fail("***a***\n", 1, 1, "three or more");
    assert_fail("**a\n", 1, 1, "'**' is never closed");
    assert_fail("x *a\n", 1, 3, "'*' is never closed");
    assert_fail("a* b\n", 1, 2, "'*' closes nothing");
    assert_fail("**a*\n", 1, 4, "'*' cannot close the '**' opened at line 7, column 1");
    assert_fail("*a**\n", 1, 3, "'**' cannot close the '*'");
    assert_fail("**a **b** c**\n", 1, 5, "strong text cannot contain strong text");
    assert_fail("*a [b* c](https://x.y)\n", 1, 6, "cannot cross a link's brackets");
    assert_fail("[*a](https://x.y) b*\n", 1, 4, "must be closed before the link text ends");
    assert_fail("😀**a**\n", 1, 2, "U+1F600");
    assert_fail("**a**😀\n", 1, 4, "U+1F600");
}

#[test]
fn cjk_emphasis_next_to_fullwidth_punctuation() {
    assert_eq!(
        inlines("规则。**若您**，将承担责任。\n"),
        vec![text("规则。"), strong(0, vec![text("若您")]), text("，将承担责任。")]
    );
    assert_eq!(inlines("**…违约**，但\n"), vec![strong(0, vec![text("…违约")]), text("，但")]);
    assert_eq!(
        inlines("您应当阅读《规则》（**特别是第14条**）。\n"),
        vec![text("您应当阅读《规则》（"), strong(0, vec![text("特别是第14条")]), text("）。")]
    );
    assert_eq!(inlines("全角　*强调*　空格\n"), vec![text("全角　"), Inline::Emphasis(vec![text("强调")]), text("　空格")]);
    // Both-flanking between two punctuation marks: CommonMark would have to guess.
    assert_fail("同意、**「按钮」**\n", 1, 4, "ambiguous");
    // Intraword between ideographs is both-flanking too.
    assert_fail("中**文**字\n", 1, 2, "ambiguous");
}

#[test]
fn underscores() {
    assert_eq!(inlines("snake_case and a_b_c 2_000\n"), vec![text("snake_case and a_b_c 2_000")]);
    assert_eq!(inlines("a _ b\n"), vec![text("a _ b")]);
    assert_fail("_emphasis_\n", 1, 1, "use * for emphasis");
    assert_fail("word _x\n", 1, 6, "use * for emphasis");
    assert_fail("(x_)\n", 1, 3, "use * for emphasis");
}

#[test]
fn links() {
    assert_eq!(
        inlines("see [the **rules**](https://example.com/a_b?x=1&y=2#f) now\n"),
        vec![
            text("see "),
            Inline::Link {
                href: "https://example.com/a_b?x=1&y=2#f".into(),
                content: vec![text("the "), strong(0, vec![text("rules")])],
            },
            text(" now"),
        ]
    );
    assert!(matches!(&inlines("[m](mailto:legal@example.com)\n")[0], Inline::Link { href, .. } if href == "mailto:legal@example.com"));
    assert!(matches!(&inlines("[h](http://example.com)\n")[0], Inline::Link { .. }));
    assert_eq!(
        inlines("**[a](https://x.y)**\n"),
        vec![strong(0, vec![Inline::Link { href: "https://x.y".into(), content: vec![text("a")] }])]
    );
}

#[test]
fn link_errors() {
    assert_fail("a [b] c\n", 1, 3, "only allowed in links");
    assert_fail("a ] c\n", 1, 3, "']' without a matching '['");
    assert_fail("a [b\n", 1, 3, "'[' is never closed");
    assert_fail("[a [b](https://x.y)](https://x.y)\n", 1, 4, "cannot contain '['");
    assert_fail("[a](ftp://x.y)\n", 1, 5, "absolute https://");
    assert_fail("[a](/relative)\n", 1, 5, "absolute https://");
    assert_fail("[a](https://)\n", 1, 5, "absolute https://");
    assert_fail("[a](https://x.y \"title\")\n", 1, 16, "spaces");
    assert_fail("[a](https://x.y/(b))\n", 1, 17, "cannot contain '('");
    assert_fail("[a](<https://x.y>)\n", 1, 5, "cannot contain '<'");
    assert_fail("[a](https://x.y/\\_)\n", 1, 17, "cannot contain '\\'");
    assert_fail("[a](https://x.y/&amp;)\n", 1, 17, "character references");
    assert_fail("[a](https://x.y\n", 1, 4, "not closed with ')'");
    assert_fail("[](https://x.y)\n", 1, 1, "link text is empty");
    assert_fail("![alt](https://x.y/i.png)\n", 1, 1, "images are not supported");
    assert_fail("[a][ref]\n", 1, 1, "only allowed in links");
}

#[test]
fn raw_html_code_and_autolinks_are_refused() {
    assert_fail("a <b>bold</b>\n", 1, 3, "raw HTML");
    assert_fail("x </p>\n", 1, 3, "raw HTML");
    assert_fail("x <!-- c -->\n", 1, 3, "raw HTML");
    assert_fail("x <?php ?>\n", 1, 3, "raw HTML");
    assert_fail("see <https://x.y>\n", 1, 5, "raw HTML");
    assert_fail("use `code`\n", 1, 5, "code spans");
    assert_fail("write to <1@example.com>\n", 1, 10, "e-mail autolinks");
    assert_fail("x <+a.b@c-d.e>\n", 1, 3, "e-mail autolinks");
    assert_eq!(inlines("1 < 2 and <3 and a<\n"), vec![text("1 < 2 and <3 and a<")]);
    assert_eq!(inlines("<1 @x> <=@ y>\n"), vec![text("<1 @x> <=@ y>")]);
}

#[test]
fn backslash_escapes() {
    assert_eq!(
        inlines("\\*not em\\* \\_ \\[x\\] \\` \\< \\& \\\\ \\a \\中\n"),
        vec![text("*not em* _ [x] ` < & \\ \\a \\中")]
    );
    assert_eq!(inlines("\\<b> !\\[x\\]\n"), vec![text("<b> ![x]")]);
}

#[test]
fn character_references() {
    assert_eq!(
        inlines("&amp; &lt; &gt; &quot; &apos; &copy; &reg; &trade; &hellip; &mdash; &ndash;\n"),
        vec![text("& < > \" ' © ® ™ … — –")]
    );
    assert_eq!(
        inlines("&lsquo;&rsquo;&ldquo;&rdquo; &middot;&sect;&para;&times;&divide;&laquo;&raquo;\n"),
        vec![text("‘’“” ·§¶×÷«»")]
    );
    assert_eq!(inlines("a&nbsp;b&ensp;c&emsp;d&thinsp;e\n"), vec![text("a\u{a0}b\u{2002}c\u{2003}d\u{2009}e")]);
    assert_eq!(inlines("&#35; &#x4E2D; &#X4e2d; &#42;x&#42;\n"), vec![text("# 中 中 *x*")]);
    assert_eq!(inlines("AT&T &copy &#; &#x; & x\n"), vec![text("AT&T &copy &#; &#x; & x")]);
    assert_fail("x &bogus; y\n", 1, 3, "unknown character reference '&bogus;'");
    assert_fail("&#0;\n", 1, 1, "not a usable character reference");
    assert_fail("a &#xD800;\n", 1, 3, "not a usable character reference");
    assert_fail("&#x110000;\n", 1, 1, "not a usable character reference");
    assert_fail("&#12345678;\n", 1, 1, "not a usable character reference");
    assert_fail("&#1;\n", 1, 1, "not a usable character reference");
}

#[test]
fn adjacent_text_is_merged() {
    assert_eq!(inlines("a\\*b&amp;c _ d\n"), vec![text("a*b&c _ d")]);
}

#[test]
fn columns_count_unicode_scalar_values() {
    assert_fail("中文中文 `x`\n", 1, 6, "code spans");
    assert_fail("1. 第一\n   中文 <b>\n", 2, 7, "raw HTML");
    assert_fail("- 项目\n  - 中文 **未闭合\n", 2, 8, "never closed");
}

// ---------------------------------------------------------------------------------------
// Highlighted passages.

#[test]
fn passage_ids() {
    let document = doc(
        "**Preamble.** Intro **two**.\n\n# **Heading**\n\n1. Clause one **a** and **b**.\n   - nested **c**\n\n     **d** in nested paragraph\n2. Clause two.\n3. Clause three **e**.\n\nBetween.\n\n- bullet **f**\n\nEnd.\n\n7) Seven **g**\n",
    );
    let ids: Vec<_> = document.passages.iter().map(|p| (p.id.as_str(), p.clause, p.text.as_str())).collect();
    assert_eq!(
        ids,
        vec![
            ("p-h1", None, "Preamble."),
            ("p-h2", None, "two"),
            ("p-h3", None, "Heading"),
            ("c1-h1", Some(1), "a"),
            ("c1-h2", Some(1), "b"),
            ("c1-h3", Some(1), "c"),
            ("c1-h4", Some(1), "d"),
            ("c3-h1", Some(3), "e"),
            ("p-h4", None, "f"),
            ("c7-h1", Some(7), "g"),
        ]
    );
}

#[test]
fn passage_text_is_plain() {
    let document = doc("**a *b* [c](https://x.y) &amp;\nd**\n");
    assert_eq!(document.passages[0].text, "a b c &\nd");
}

#[test]
fn nested_ordered_lists_are_not_clauses() {
    let document = doc("- **x**\n  1. **y**\n");
    let ids: Vec<_> = document.passages.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, vec!["p-h1", "p-h2"]);
    assert_eq!(document.clauses().count(), 0);
}

#[test]
fn error_display() {
    let error = parse(format!("{FRONT}a `b`\n").as_bytes()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "line 7, column 3: code spans are not supported; escape the backtick as \\`"
    );
    assert_eq!(error.position(), Some((7, Some(3))));
    let error: Box<dyn std::error::Error> = Box::new(DocumentError::Empty);
    assert_eq!(error.to_string(), "the document is empty");
}

#[test]
fn a_language_tag_is_read_by_its_primary_subtag() {
    assert_eq!(primary_language("zh-CN"), "zh");
    assert_eq!(primary_language("EN_gb"), "en");
    assert_eq!(primary_language("ja"), "ja");
    assert_eq!(primary_language("-x"), "");
    assert_eq!(primary_language(""), "");
    for (tag, cjk) in [("zh-Hant-TW", true), ("JA", true), ("ko_KR", true), ("en-US", false), ("zhx", false), ("", false)] {
        assert_eq!(is_cjk_lang(tag), cjk, "{tag}");
    }
}
