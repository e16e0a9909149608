//! Differential tests: pulldown-cmark (CommonMark 0.31, no extensions) is the oracle.
//!
//! Whenever `markdown::parse` accepts a document, the structure it returns must be exactly
//! the one pulldown-cmark gives the body of the same document. Documents come from
//! `static/*.md`, from hand-written samples below, and from a seeded generator that mixes
//! valid constructs with hazards. A separate test checks, character by character, that the
//! punctuation/whitespace tables agree with pulldown-cmark's flanking decisions.

mod support;
use support::Rng;

use std::fmt::Write as _;
use std::path::Path;

use clausewrap_core::document::{Block, Document, Inline, ListKind};
use clausewrap_core::markdown::{named_references, parse, DocumentError};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

// ---------------------------------------------------------------------------------------
// A comparison form both trees are converted to.

#[derive(Clone, Debug, PartialEq, Eq)]
enum CmpBlock {
    Heading(u8, Vec<CmpInline>),
    Paragraph(Vec<CmpInline>),
    /// `loose` is `None` when it cannot be observed (no item holds paragraph text).
    List { start: Option<u64>, loose: Option<bool>, items: Vec<Vec<CmpBlock>> },
    Unsupported(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum CmpInline {
    Text(String),
    SoftBreak,
    Emphasis(Vec<CmpInline>),
    Strong(Vec<CmpInline>),
    Link(String, Vec<CmpInline>),
    Unsupported(String),
}

fn push_text(out: &mut Vec<CmpInline>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(CmpInline::Text(last)) = out.last_mut() {
        last.push_str(text);
    } else {
        out.push(CmpInline::Text(text.to_string()));
    }
}

// ---------------------------------------------------------------------------------------
// Our model -> comparison form, checking item numbers and passage indices on the way.

struct FromModel {
    next_passage: usize,
}

impl FromModel {
    fn blocks(&mut self, blocks: &[Block]) -> Vec<CmpBlock> {
        blocks.iter().map(|block| self.block(block)).collect()
    }

    fn block(&mut self, block: &Block) -> CmpBlock {
        match block {
            Block::Heading { level, content } => CmpBlock::Heading(*level, self.inlines(content)),
            Block::Paragraph(content) => CmpBlock::Paragraph(self.inlines(content)),
            Block::List(list) => {
                let start = match list.kind {
                    ListKind::Ordered { start, .. } => Some(start),
                    ListKind::Bullet => None,
                };
                for (index, item) in list.items.iter().enumerate() {
                    assert_eq!(item.number, start.map(|s| s + index as u64), "item number");
                }
                let items: Vec<Vec<CmpBlock>> = list.items.iter().map(|item| self.blocks(&item.blocks)).collect();
                let observable = items.iter().flatten().any(|b| matches!(b, CmpBlock::Paragraph(_)));
                CmpBlock::List { start, loose: observable.then_some(list.loose), items }
            }
        }
    }

    fn inlines(&mut self, inlines: &[Inline]) -> Vec<CmpInline> {
        let mut out = Vec::new();
        for inline in inlines {
            match inline {
                Inline::Text(text) => {
                    assert!(!text.is_empty(), "empty text node");
                    assert!(!matches!(out.last(), Some(CmpInline::Text(_))), "adjacent text nodes");
                    push_text(&mut out, text);
                }
                Inline::SoftBreak => out.push(CmpInline::SoftBreak),
                Inline::Emphasis(content) => out.push(CmpInline::Emphasis(self.inlines(content))),
                Inline::Strong { passage, content } => {
                    assert_eq!(*passage, self.next_passage, "passages in document order");
                    self.next_passage += 1;
                    out.push(CmpInline::Strong(self.inlines(content)));
                }
                Inline::Link { href, content } => out.push(CmpInline::Link(href.clone(), self.inlines(content))),
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------------------
// pulldown-cmark events -> comparison form.

type Events<'a> = std::iter::Peekable<Parser<'a>>;

fn oracle(body: &str) -> Vec<CmpBlock> {
    let mut events = Parser::new_ext(body, Options::empty()).peekable();
    let (blocks, _) = oracle_blocks(&mut events);
    assert!(events.next().is_none(), "unbalanced oracle events");
    blocks
}

fn is_inline_event(event: &Event<'_>) -> bool {
    match event {
        Event::Start(tag) => matches!(tag, Tag::Emphasis | Tag::Strong | Tag::Link { .. } | Tag::Image { .. } | Tag::Strikethrough),
        Event::End(_) => false,
        _ => true,
    }
}

/// Blocks up to (and consuming) the next unmatched `End`; the flag tells whether a
/// `Paragraph` tag appeared directly (a loose item) or paragraph text appeared untagged.
fn oracle_blocks(events: &mut Events<'_>) -> (Vec<CmpBlock>, (bool, bool)) {
    let mut blocks = Vec::new();
    let (mut tagged, mut untagged) = (false, false);
    while let Some(event) = events.peek() {
        if is_inline_event(event) {
            untagged = true;
            blocks.push(CmpBlock::Paragraph(oracle_inline_run(events)));
            continue;
        }
        let Some(event) = events.next() else { break };
        match event {
            Event::End(_) => break,
            Event::Start(Tag::Paragraph) => {
                tagged = true;
                blocks.push(CmpBlock::Paragraph(oracle_inlines(events)));
            }
            Event::Start(Tag::Heading { level, .. }) => blocks.push(CmpBlock::Heading(level as u8, oracle_inlines(events))),
            Event::Start(Tag::List(start)) => {
                let mut items = Vec::new();
                let (mut any_tagged, mut any_untagged) = (false, false);
                loop {
                    match events.next() {
                        Some(Event::Start(Tag::Item)) => {
                            let (item, (t, u)) = oracle_blocks(events);
                            any_tagged |= t;
                            any_untagged |= u;
                            items.push(item);
                        }
                        Some(Event::End(TagEnd::List(_))) | None => break,
                        Some(other) => items.push(vec![CmpBlock::Unsupported(format!("{other:?}"))]),
                    }
                }
                let loose = (any_tagged || any_untagged).then_some(any_tagged);
                blocks.push(CmpBlock::List { start, loose, items });
            }
            Event::Start(tag) => {
                skip_to_end(events);
                blocks.push(CmpBlock::Unsupported(format!("{tag:?}")));
            }
            other => blocks.push(CmpBlock::Unsupported(format!("{other:?}"))),
        }
    }
    (blocks, (tagged, untagged))
}

fn skip_to_end(events: &mut Events<'_>) {
    let mut depth = 1;
    for event in events.by_ref() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            _ => {}
        }
        if depth == 0 {
            break;
        }
    }
}

/// Inline events of a tight item, up to the next block-level event (not consumed).
fn oracle_inline_run(events: &mut Events<'_>) -> Vec<CmpInline> {
    let mut out = Vec::new();
    while events.peek().is_some_and(is_inline_event) {
        let Some(event) = events.next() else { break };
        oracle_inline(event, events, &mut out);
    }
    out
}

/// Inline events up to (and consuming) the next unmatched `End`.
fn oracle_inlines(events: &mut Events<'_>) -> Vec<CmpInline> {
    let mut out = Vec::new();
    while let Some(event) = events.next() {
        if matches!(event, Event::End(_)) {
            break;
        }
        oracle_inline(event, events, &mut out);
    }
    out
}

fn oracle_inline(event: Event<'_>, events: &mut Events<'_>, out: &mut Vec<CmpInline>) {
    match event {
        Event::Text(text) => push_text(out, &text),
        Event::SoftBreak => out.push(CmpInline::SoftBreak),
        Event::Start(Tag::Emphasis) => out.push(CmpInline::Emphasis(oracle_inlines(events))),
        Event::Start(Tag::Strong) => out.push(CmpInline::Strong(oracle_inlines(events))),
        Event::Start(Tag::Link { dest_url, title, .. }) => {
            let content = oracle_inlines(events);
            if title.is_empty() {
                out.push(CmpInline::Link(dest_url.to_string(), content));
            } else {
                out.push(CmpInline::Unsupported(format!("link title {title:?}")));
            }
        }
        Event::Start(tag) => {
            skip_to_end(events);
            out.push(CmpInline::Unsupported(format!("{tag:?}")));
        }
        other => out.push(CmpInline::Unsupported(format!("{other:?}"))),
    }
}

// ---------------------------------------------------------------------------------------
// Passages expected from the oracle's structure.

fn plain(inlines: &[CmpInline], out: &mut String) {
    for inline in inlines {
        match inline {
            CmpInline::Text(text) => out.push_str(text),
            CmpInline::SoftBreak => out.push('\n'),
            CmpInline::Emphasis(c) | CmpInline::Strong(c) | CmpInline::Link(_, c) => plain(c, out),
            CmpInline::Unsupported(_) => {}
        }
    }
}

struct Expected {
    passages: Vec<(String, Option<u64>, String)>,
    outside: u64,
    in_clause: u64,
}

impl Expected {
    fn blocks(&mut self, blocks: &[CmpBlock], clause: Option<u64>, top: bool) {
        for block in blocks {
            match block {
                CmpBlock::Heading(_, c) | CmpBlock::Paragraph(c) => self.inlines(c, clause),
                CmpBlock::List { start, items, .. } => {
                    for (index, item) in items.iter().enumerate() {
                        let number = start.filter(|_| top).map(|s| s + index as u64);
                        if number.is_some() {
                            self.in_clause = 0;
                        }
                        self.blocks(item, number.or(clause), false);
                    }
                }
                CmpBlock::Unsupported(_) => {}
            }
        }
    }

    fn inlines(&mut self, inlines: &[CmpInline], clause: Option<u64>) {
        for inline in inlines {
            match inline {
                CmpInline::Strong(content) => {
                    let id = match clause {
                        Some(n) => {
                            self.in_clause += 1;
                            format!("c{n}-h{}", self.in_clause)
                        }
                        None => {
                            self.outside += 1;
                            format!("p-h{}", self.outside)
                        }
                    };
                    let mut text = String::new();
                    plain(content, &mut text);
                    self.passages.push((id, clause, text));
                    self.inlines(content, clause);
                }
                CmpInline::Emphasis(c) | CmpInline::Link(_, c) => self.inlines(c, clause),
                _ => {}
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Running one document through both parsers.

/// The body of a document, after its front matter (assumes a closing `---` line exists).
fn body_of(source: &str) -> &str {
    let mut offset = 0;
    let mut fences = 0;
    for line in source.split_inclusive('\n') {
        offset += line.len();
        if line.trim_end_matches(['\r', '\n']) == "---" {
            fences += 1;
            if fences == 2 {
                return &source[offset..];
            }
        }
    }
    ""
}

/// Parses `source` with both parsers; if ours accepts, the structures must agree.
fn check(source: &str) -> Result<Document, DocumentError> {
    let result = parse(source.as_bytes());
    if let Ok(document) = &result {
        let ours = FromModel { next_passage: 0 }.blocks(&document.blocks);
        let theirs = oracle(body_of(source));
        assert_eq!(ours, theirs, "structure differs from pulldown-cmark for:\n{source}");
        let mut expected = Expected { passages: Vec::new(), outside: 0, in_clause: 0 };
        expected.blocks(&theirs, None, true);
        let actual: Vec<_> = document.passages.iter().map(|p| (p.id.clone(), p.clause, p.text.clone())).collect();
        assert_eq!(actual, expected.passages, "passages differ for:\n{source}");
    }
    result
}

const FRONT: &str = "---\nid: sample\ntitle: Sample\nversion: 1\nlang: en\n---\n";

fn with_front(body: &str) -> String {
    format!("{FRONT}{body}")
}

// ---------------------------------------------------------------------------------------
// (a) Real documents.

#[test]
fn static_documents_agree() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../static");
    let mut checked = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    entries.sort();
    for path in entries.iter().filter(|p| p.extension().is_some_and(|e| e == "md")) {
        let source = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        match check(&source) {
            Ok(document) => {
                eprintln!("{}: {} blocks, {} passages", path.display(), document.blocks.len(), document.passages.len());
                checked += 1;
            }
            Err(error) => panic!("{} is rejected: {error}", path.display()),
        }
    }
    eprintln!("static documents checked: {checked}");
}

const ENGLISH: &str = "---
id: cloud-storage-terms
title: \"Cloud Storage Terms\"
version: 2024-05-01
lang: en-GB
source: https://example.com/terms
audience: business customers
---
# Cloud Storage Terms

Please read these terms carefully. **By using the Service you agree to them.** Terms in
*italics* are defined in clause 1; see also [our privacy notice](https://example.com/privacy).

1. **Definitions.** \"Service\" means the storage service; \"you\" means the customer.
2. You must keep your credentials safe &mdash; **we are not liable for losses caused by
   credentials you disclose**.

   This includes losses caused by your staff, contractors *or* agents.
3. Fees:
   - storage is billed per GB&#x2011;month;
   - transfer is billed per request (see *Schedule&nbsp;A*);
   - prices exclude VAT \\[where applicable\\].
4. **Liability.** Our total liability is limited to the fees paid in the 12 months before
   the claim. **Nothing limits liability for death or personal injury caused by
   negligence.**

## Contact

Write to [legal@example.com](mailto:legal@example.com) with the subject \"Terms\". AT&T
customers: use snake_case file names only \\* and escape \\_underscores\\_.
";

const CHINESE: &str = "---
id: face-recognition-service-rules
title: 人脸识别服务规则
version: 2019-07-29 15:49:27
lang: zh-CN
source: https://cloud.tencent.com/document/product/301/1967
---
# 人脸识别服务规则

欢迎您使用腾讯云人脸识别服务（以下简称“本服务”）。**限制、免责条款或者其他涉及您重大权益的条款可能以加粗形式提示您重点注意。**

1. 您理解并确认：您为使用本服务而收集、获取的全部信息均符合相关法律法规的要求。若腾讯云因此遭受损失的，**您应承担全部责任和赔偿腾讯云的全部损失**。
2. 为合法使用本服务，您确认已经采取以下措施：

   1) 依法保护用户的合法权益，坚持合法、正当、必要原则。
   2) **您已取得用户合法、充分且明确的授权**，由腾讯云为您提供本服务。
   3) 其他为依法保护用户合法权益而应当采取的措施。
3. 规则。**若您违反本规则**，腾讯云有权暂停服务。
4. 由于技术局限，**腾讯云不保证识别结果完全准确…违约**，但将尽力改进。

如有疑问，请联系[客服](https://cloud.tencent.com/act/event/connect-service)。
";

const JAPANESE_KOREAN: &str = "---
id: mixed-scripts
title: Mixed scripts
version: \"1.0\"
lang: ja
---
## 利用規約

本規約に同意する場合、「**同意する**」ボタンを押してください。重要な点：*解約*、*返金*。

- 料金は月額です。
- **解約はいつでも可能です**（ただし返金はありません）。

## 이용약관

**본 약관에 동의하시면** 계속 진행하십시오. 자세한 내용은 [여기](https://example.kr/약관)를 참고하십시오.
";

#[test]
fn hand_written_documents_agree() {
    for source in [ENGLISH, CHINESE, JAPANESE_KOREAN] {
        let document = check(source).unwrap_or_else(|e| panic!("rejected: {e}\n{source}"));
        assert!(!document.passages.is_empty());
    }
}

// ---------------------------------------------------------------------------------------
// (b) Generated documents.

const WORDS: &[&str] = &[
    "foo", "Bar", "x1", "terms", "you", "规则", "违约", "您", "若您", "服务", "café", "naïve", "λόγος", "слово", "ルール",
    "규칙", "ｆｕｌｌ", "２０１９", "a", "7", "ß", "Ωmega", "中文字", "ひらがな", "カタカナ",
];
const SPACES: &[&str] = &[" ", " ", " ", " ", "\u{3000}", "\u{a0}", "  "];
const PUNCTUATION: &[&str] = &[
    ".", ",", ";", ":", "!", "?", "'", "\"", "(", ")", "-", "/", "%", "$", "+", "=", "@", "#", "~", "^", "|", "{", "}",
    "。", "，", "、", "；", "：", "？", "！", "「", "」", "『", "』", "（", "）", "【", "】", "《", "》", "“", "”", "‘",
    "’", "…", "—", "·", "©", "€", "→", "＊", "＿", "×", "§", "¶", "«", "»",
];
const ESCAPES: &[&str] = &["\\*", "\\_", "\\[", "\\]", "\\\\", "\\`", "\\<", "\\&", "\\#", "\\a", "\\中", "\\!", "\\>"];
const ENTITIES: &[&str] = &[
    "&amp;", "&copy;", "&#169;", "&#x4E2D;", "&nbsp;", "&mdash;", "&lt;", "&gt;", "&quot;", "AT&T", "& ", "&#42;",
    "&#X2A;", "&hellip;", "&ldquo;", "&rdquo;", "&#;", "&amp",
];
const GOOD_URLS: &[&str] = &[
    "https://example.com",
    "http://a.b/c_d",
    "mailto:x@y.z",
    "https://例子.cn/路径",
    "https://x.y/?a=1&b=2",
    "https://x.y/*a*",
    "https://x.y/a_b_",
    "https://x.y/#frag",
    "https://x.y/a\"b",
    "https://x.y/'q'",
];
const BAD_URLS: &[&str] = &[
    "ftp://x",
    "https://a b",
    "https://a.b/(x)",
    "<https://a>",
    "https://a.b \"t\"",
    "/relative",
    "https://x.y/&amp;",
    "https://a.b/\\x",
    "https://",
    "",
    "https://a.b/`x`",
];
const HAZARDS: &[&str] = &[
    "*", "**", "***", "****", "[", "]", "<b>", "<", "`", "![a](https://x.y)", "<https://a.b>", "&bogus;", "😀", "_",
    "__", "\\", "</p>", "<!-- c -->", "[x]", "[x][y]", "&#0;", "&#xD800;", "\u{2028}", "\t", "\r", "\u{1}", "<1@x.y>", "<a@b.c>", "<+@x.y>", "<3", "< 5", "<=",
];

/// Things that may start a block when they begin a continuation line.
const LINE_STARTS: &[&str] = &[
    "1. ", "2. ", "1) ", "10. ", "- ", "# ", "## ", "-", "=", "#x ", "> ", "* ", "+ ", "1.", "0. ", "- - ", "1. - ",
    "123456789. ", "1234567890. ",
];

struct Generator {
    rng: Rng,
    careful: bool,
    hazard: f64,
    block_hazard: f64,
}

impl Generator {
    fn document(&mut self) -> String {
        let mut out = String::from(FRONT);
        if self.rng.chance(0.5) {
            out.push('\n');
        }
        let lines = self.blocks(0, 4);
        for line in lines {
            let line = if self.rng.chance(self.block_hazard) { self.mutate_indent(&line) } else { line };
            out.push_str(&line);
            out.push_str(if self.rng.chance(0.05) { "\r\n" } else { "\n" });
        }
        out
    }

    fn mutate_indent(&mut self, line: &str) -> String {
        match self.rng.below(4) {
            0 => format!(" {line}"),
            1 => line.strip_prefix(' ').unwrap_or(line).to_string(),
            2 => format!("    {line}"),
            _ => line.trim_start().to_string(),
        }
    }

    fn blocks(&mut self, depth: usize, max: usize) -> Vec<String> {
        let count = 1 + self.rng.below(max);
        let mut lines = Vec::new();
        for index in 0..count {
            if index > 0 && self.rng.chance(0.8) {
                lines.push(if self.rng.chance(0.1) { "  ".to_string() } else { String::new() });
            }
            lines.extend(self.block(depth));
        }
        lines
    }

    fn block(&mut self, depth: usize) -> Vec<String> {
        match self.rng.below(10) {
            0 | 1 => vec![self.heading()],
            6 | 7 if depth < 4 => self.list(depth, true),
            8 | 9 if depth < 4 => self.list(depth, false),
            _ => self.paragraph(),
        }
    }

    fn heading(&mut self) -> String {
        let level = 1 + self.rng.below(6);
        let text = self.inline(0, false).replace('\n', " ");
        let text = if self.careful { text.trim_matches(' ').to_string() } else { text };
        let text = if text.trim().is_empty() { "Heading".to_string() } else { text };
        let mut line = format!("{} {}", "#".repeat(level), text.trim_start());
        if self.rng.chance(self.block_hazard) {
            let options = [format!("{line} #"), format!("#{line}"), format!("{line}  "), "#".to_string(), format!("#  {text}")];
            line = options[self.rng.below(options.len())].clone();
        }
        line
    }

    fn paragraph(&mut self) -> Vec<String> {
        let mut text = self.inline(0, false);
        if self.rng.chance(self.block_hazard) {
            let hazard = self.rng.pick(&["> ", "* ", "+ ", "---", "***", "___", "===", "```", "~~~", "    ", "- - -", "#"]);
            text = format!("{hazard}{text}");
        }
        if self.rng.chance(0.3) {
            let extra = self.inline(0, false);
            let glue = if self.careful || self.rng.chance(0.8) { "\n" } else { self.rng.pick(&[" \n", "  \n", "\\\n"]) };
            text = format!("{text}{glue}{extra}");
        }
        let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
        if self.careful {
            lines = lines.iter().map(|l| l.trim_matches(' ').to_string()).filter(|l| !l.trim().is_empty()).collect();
        }
        if lines.iter().all(|l| l.trim().is_empty()) {
            return vec!["text".to_string()];
        }
        lines
    }

    fn list(&mut self, depth: usize, ordered: bool) -> Vec<String> {
        let items = 1 + self.rng.below(4);
        let loose = self.rng.chance(0.4);
        let start = self.rng.pick(&[0u64, 1, 1, 1, 1, 2, 3, 7, 9, 10, 42, 99, 123_456_789]);
        let delimiter = if self.rng.chance(0.7) { '.' } else { ')' };
        let mut lines = Vec::new();
        for index in 0..items {
            if index > 0 && (loose ^ self.rng.chance(0.1)) {
                lines.push(String::new());
            }
            let mut number = start + index as u64;
            let mut delim = delimiter;
            let mut bullet = "-";
            if self.rng.chance(self.block_hazard) {
                match self.rng.below(4) {
                    0 => number += 1,
                    1 => delim = if delim == '.' { ')' } else { '.' },
                    2 => bullet = "*",
                    _ => bullet = "+",
                }
            }
            let marker = if ordered { format!("{number}{delim}") } else { bullet.to_string() };
            let content = self.item_content(depth + 1);
            let pad = " ".repeat(marker.len() + 1);
            let space = if self.rng.chance(self.block_hazard) { "  " } else { " " };
            lines.push(format!("{marker}{space}{}", content[0]));
            for line in &content[1..] {
                lines.push(if line.is_empty() { String::new() } else { format!("{pad}{line}") });
            }
        }
        lines
    }

    fn item_content(&mut self, depth: usize) -> Vec<String> {
        let mut lines = match self.rng.below(10) {
            0 => vec![self.heading()],
            1 if depth < 4 => {
                let ordered = self.rng.chance(0.5);
                self.list(depth, ordered)
            }
            _ => self.paragraph(),
        };
        let more = if depth < 3 { self.rng.below(3) } else { 0 };
        for _ in 0..more {
            if self.rng.chance(0.6) {
                lines.push(String::new());
            }
            lines.extend(self.block(depth));
        }
        lines
    }

    fn inline(&mut self, depth: usize, in_link: bool) -> String {
        self.inline_in(depth, in_link, false)
    }

    /// Careful documents keep emphasis between words and separators (so flanking is
    /// usually unambiguous); wild ones concatenate tokens blindly.
    fn inline_in(&mut self, depth: usize, in_link: bool, in_strong: bool) -> String {
        let count = 1 + self.rng.below(6);
        let mut out = String::new();
        for _ in 0..count {
            if self.rng.chance(self.hazard) {
                out.push_str(self.rng.pick(HAZARDS));
                continue;
            }
            match self.rng.below(100) {
                0..=29 => out.push_str(self.rng.pick(WORDS)),
                30..=39 => out.push_str(self.rng.pick(if self.careful { &SPACES[..5] } else { SPACES })),
                40..=51 => out.push_str(self.rng.pick(PUNCTUATION)),
                52..=59 if depth < 3 => self.delimited(&mut out, "*", depth, in_link, in_strong),
                60..=69 if depth < 3 && !(self.careful && in_strong) => {
                    self.delimited(&mut out, "**", depth, in_link, true)
                }
                70..=74 if !in_link && depth < 3 => {
                    let inner = self.inline_in(depth + 1, true, in_strong);
                    let inner = if self.careful { format!("{} {}", self.rng.pick(WORDS), inner.trim()) } else { inner };
                    let url = if self.careful || self.rng.chance(0.85) { self.rng.pick(GOOD_URLS) } else { self.rng.pick(BAD_URLS) };
                    let _ = write!(out, "[{inner}]({url})");
                }
                75..=79 => out.push_str(self.rng.pick(ESCAPES)),
                80..=84 => out.push_str(self.rng.pick(ENTITIES)),
                85..=88 => {
                    out.push('\n');
                    if self.rng.chance(if self.careful { 0.1 } else { 0.3 }) {
                        out.push_str(self.rng.pick(LINE_STARTS));
                    }
                }
                89..=92 if self.careful => out.push_str(self.rng.pick(&["snake_case", "a_b_c", "2_000"])),
                89..=92 => out.push_str(self.rng.pick(&["snake_case", "a_b_c", "_", "_x_", "x_", "2_000"])),
                _ => out.push_str(self.rng.pick(WORDS)),
            }
        }
        out
    }

    fn delimited(&mut self, out: &mut String, delimiter: &str, depth: usize, in_link: bool, in_strong: bool) {
        let inner = self.inline_in(depth + 1, in_link, in_strong);
        if !self.careful {
            let _ = write!(out, "{delimiter}{inner}{delimiter}");
            return;
        }
        if out.chars().next_back().is_some_and(|c| !c.is_whitespace()) {
            out.push_str(self.rng.pick(&[" ", " ", "。", "，", "（", "“", "、", "(", "\u{3000}"]));
        }
        let (first, last) = (self.rng.pick(WORDS), self.rng.pick(WORDS));
        let inner = inner.trim();
        let inner = if inner.is_empty() { String::new() } else { format!(" {inner} ") };
        let _ = write!(out, "{delimiter}{first}{inner}{last}{delimiter}");
        out.push_str(self.rng.pick(&[" ", " ", "，", "。", "）", "”", "、", ")", ".", ",", "\n"]));
    }
}

#[test]
fn generated_documents_agree() {
    const DOCUMENTS: usize = 20_000;
    let mut rng = Rng(0x5EED_0FC1_A5E5);
    let (mut accepted, mut rejected) = (0usize, 0usize);
    let mut messages = std::collections::BTreeMap::<String, usize>::new();
    for _ in 0..DOCUMENTS {
        let seed = rng.next();
        let careful = rng.chance(0.7);
        let hazard = if careful { 0.0 } else { rng.pick(&[0.0, 0.01, 0.03, 0.1]) };
        let block_hazard = if careful { 0.0 } else { rng.pick(&[0.0, 0.02, 0.1]) };
        let mut generator = Generator { rng: Rng(seed), careful, hazard, block_hazard };
        let source = generator.document();
        match check(&source) {
            Ok(_) => accepted += 1,
            Err(DocumentError::Syntax { message, line, column }) => {
                if careful && std::env::var("SHOW_REJECTED").is_ok() {
                    eprintln!("---- {line}:{column} {message}\n{source}");
                }
                rejected += 1;
                let key: String = message.chars().take(40).collect();
                *messages.entry(key).or_default() += 1;
            }
            Err(other) => panic!("unexpected error {other} for:\n{source}"),
        }
    }
    eprintln!("generated documents: {accepted} accepted, {rejected} rejected");
    for (message, count) in &messages {
        eprintln!("  {count:6}  {message}");
    }
    assert!(accepted * 100 >= DOCUMENTS * 30, "only {accepted} of {DOCUMENTS} generated documents were accepted");
}

// ---------------------------------------------------------------------------------------
// The punctuation tables, one character at a time.

/// How a character counts next to a delimiter run.
#[derive(Debug, PartialEq, Eq)]
enum Seen {
    Other,
    Whitespace,
    Punctuation,
}

/// Our parser's view, from what it accepts: `X**a**` is strong unless X is "other"
/// (then the run is both-flanking); `X*.a*` is emphasis only if X is whitespace (if X is
/// punctuation the run is both-flanking, if "other" it can only close). The mirrored
/// documents must agree.
fn our_class(c: char) -> Seen {
    let accepts = |body: String| check(&with_front(&body)).is_ok();
    let strong = accepts(format!("{c}**a**"));
    let em = accepts(format!("{c}*.a*"));
    assert_eq!(strong, accepts(format!("**a**{c}")), "U+{:04X}", c as u32);
    assert_eq!(em, accepts(format!("*a.*{c}")), "U+{:04X}", c as u32);
    match (strong, em) {
        (false, false) => Seen::Other,
        (true, true) => Seen::Whitespace,
        (true, false) => Seen::Punctuation,
        (false, true) => panic!("inconsistent flanking for U+{:04X}", c as u32),
    }
}

/// pulldown-cmark's view. In `*cX*a` the second run closes only if X is "other"; in
/// `*cX*.` it closes if X is "other" or punctuation; the mirrored `a*Xc*` and `.*Xc*`
/// open under the same conditions.
fn oracle_class(c: char) -> Seen {
    let has_emphasis = |body: String| {
        oracle(&body)
            .iter()
            .any(|b| matches!(b, CmpBlock::Paragraph(c) if c.iter().any(|i| matches!(i, CmpInline::Emphasis(_)))))
    };
    let other = has_emphasis(format!("*c{c}*a"));
    let other_or_punctuation = has_emphasis(format!("*c{c}*."));
    assert_eq!(other, has_emphasis(format!("a*{c}c*")), "U+{:04X}", c as u32);
    assert_eq!(other_or_punctuation, has_emphasis(format!(".*{c}c*")), "U+{:04X}", c as u32);
    match (other, other_or_punctuation) {
        (true, true) => Seen::Other,
        (false, false) => Seen::Whitespace,
        (false, true) => Seen::Punctuation,
        (true, false) => panic!("oracle inconsistent for U+{:04X}", c as u32),
    }
}

#[test]
fn character_classes_agree_with_pulldown() {
    let mut compared = 0;
    let mut cp = 0x80u32;
    while cp <= 0xFFFF {
        // Sample the large ideograph and syllable ranges; test everything else.
        let step = if (0x3400..0xA000).contains(&cp) || (0xAC00..0xD7A0).contains(&cp) { 7 } else { 1 };
        let Some(c) = char::from_u32(cp) else {
            cp += 1;
            continue;
        };
        cp += step;
        let unknown = match parse(with_front(&format!("{c}**a**")).as_bytes()) {
            Err(DocumentError::Syntax { message, .. }) => message.contains("cannot tell"),
            _ => false,
        };
        if unknown || parse(with_front(&format!("a{c}b")).as_bytes()).is_err() {
            continue;
        }
        assert_eq!(our_class(c), oracle_class(c), "class of U+{:04X} {c}", c as u32);
        compared += 1;
    }
    eprintln!("characters compared with pulldown-cmark: {compared}");
    assert!(compared > 10_000);
}

#[test]
fn named_references_agree_with_pulldown() {
    for (name, c) in named_references() {
        let source = with_front(&format!("x &{name}; y"));
        let document = check(&source).unwrap_or_else(|e| panic!("&{name}; rejected: {e}"));
        let text = document.plain_text();
        assert_eq!(text, format!("x {c} y\n"), "&{name};");
    }
}

#[test]
fn numeric_references_agree_with_pulldown() {
    let special = [0x7Fu32, 0x80, 0x9F, 0xA0, 0xAD, 0x2028, 0xD7FF, 0xD800, 0xDFFF, 0xE000, 0xFEFF, 0xFFFD, 0xFFFE, 0x10FFFF, 0x110000];
    let mut accepted = 0;
    for cp in (1..0x11_0000u32).step_by(4099).chain(special).chain(0..0x100) {
        let source = with_front(&format!("x &#x{cp:X}; &#{cp}; y"));
        if check(&source).is_ok() {
            accepted += 1;
        }
    }
    eprintln!("numeric references accepted (and compared): {accepted}");
    assert!(accepted > 300);
}

// ---------------------------------------------------------------------------------------
// Robustness: nothing panics.

#[test]
fn random_input_never_panics() {
    let mut rng = Rng(42);
    let alphabet: &[&str] = &[
        "*", "**", "_", "[", "]", "(", ")", "<", ">", "`", "\\", "&", "#", ";", "!", "-", "+", "=", "~", "1.", "2)", " ",
        "  ", "    ", "\n", "\r\n", "\r", "\t", "a", "中", "。", "😀", "https://x.y", "&#", "x", "---\n", "\u{3000}", "&amp;",
    ];
    for round in 0..3000 {
        let mut source = String::new();
        if round % 2 == 0 {
            source.push_str(FRONT);
        }
        for _ in 0..rng.below(80) {
            source.push_str(rng.pick(alphabet));
        }
        let _ = parse(source.as_bytes());
        let mut bytes: Vec<u8> = source.into_bytes();
        for _ in 0..rng.below(4) {
            if !bytes.is_empty() {
                let at = rng.below(bytes.len());
                bytes[at] = rng.next() as u8;
            }
        }
        let _ = parse(&bytes);
        let random: Vec<u8> = (0..rng.below(200)).map(|_| rng.next() as u8).collect();
        let _ = parse(&random);
    }
}

#[test]
fn deep_nesting_is_refused_not_overflowing() {
    let mut body = String::new();
    for depth in 0..20 {
        let _ = writeln!(body, "{}- item", "  ".repeat(depth));
    }
    assert!(matches!(parse(with_front(&body).as_bytes()), Err(DocumentError::Syntax { line: 15, .. })));
    let emphasis = format!("{}x{}", "*a ".repeat(50), " a*".repeat(50));
    assert!(parse(with_front(&emphasis).as_bytes()).is_err());
}
