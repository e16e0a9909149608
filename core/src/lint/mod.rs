//! The authors' lint: what to fix in a rules document before readers accept it.
//!
//! Under art. 496 of the Civil Code a clause that exempts or limits the provider's
//! liability binds only if the reader's attention was drawn to it; in clausewrap that is
//! what bold (`**…**`) does: every bold span becomes a highlighted passage the reader must
//! see before Agree opens. An author preparing a new version must therefore not forget to
//! bold such a clause, and should not blunt the highlight by bolding everything. The lint
//! reports, with line and column:
//!
//! * `unmarked-liability`: a sentence with liability language ([`vocabulary`]) that is
//!   not bold (a term counts as marked only when all of it is inside `**…**`);
//! * `bold-heading`: bold inside a heading (a heading is not a passage to be read);
//! * `bold-whole-clause`: a clause, or a paragraph outside the clauses, that is bold from
//!   start to end over two or more sentences, where a passage would do;
//! * `raw-html`: every piece of raw HTML, which the widget refuses;
//! * `lost-highlight` (only against a previous version, [`lint_with_previous`]): a passage
//!   the previous version highlighted, in a section still there, that is no longer bold
//!   ([`highlights`]);
//! * `front-matter`, `syntax`, `encoding`, `empty`, `too-large`: why the widget would refuse
//!   the document (only the first such problem can be known; fix it and lint again).
//!
//! It parses with [`crate::markdown::parse_with_positions`], which is the widget's parser,
//! so a document that lints clean is exactly one the widget shows. The vocabulary and the
//! sentence splitting live in the core rather than in the command line so that the widget
//! (say, an authoring preview) can share them.

mod highlights;
mod html;
pub mod sentences;
pub mod vocabulary;

use crate::document::Document;
use crate::markdown::{parse_with_positions, DocumentError, TextBlock, TextBlockKind};
use vocabulary::Category;

/// What a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    UnmarkedLiability,
    BoldHeading,
    BoldWholeClause,
    RawHtml,
    LostHighlight,
    FrontMatter,
    Syntax,
    Encoding,
    Empty,
    TooLarge,
}

impl Rule {
    /// The rule's name, as printed: `unmarked-liability`, `raw-html`, …
    pub fn name(self) -> &'static str {
        match self {
            Rule::UnmarkedLiability => "unmarked-liability",
            Rule::BoldHeading => "bold-heading",
            Rule::BoldWholeClause => "bold-whole-clause",
            Rule::RawHtml => "raw-html",
            Rule::LostHighlight => "lost-highlight",
            Rule::FrontMatter => "front-matter",
            Rule::Syntax => "syntax",
            Rule::Encoding => "encoding",
            Rule::Empty => "empty",
            Rule::TooLarge => "too-large",
        }
    }

    /// Every rule, in the order of [`Rule`].
    pub const ALL: [Rule; 10] = [
        Rule::UnmarkedLiability,
        Rule::BoldHeading,
        Rule::BoldWholeClause,
        Rule::RawHtml,
        Rule::LostHighlight,
        Rule::FrontMatter,
        Rule::Syntax,
        Rule::Encoding,
        Rule::Empty,
        Rule::TooLarge,
    ];
}

/// One problem, at a 1-based line and column (columns count Unicode scalar values).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    pub line: usize,
    pub column: usize,
    /// The clause the problem is in, if any.
    pub clause: Option<u64>,
    /// What is wrong and what to do, as a sentence for the author.
    pub message: String,
    /// The sentence or heading concerned, shortened, if the finding is about one.
    pub excerpt: Option<String>,
    /// For `unmarked-liability`: the unmarked terms found.
    pub terms: Vec<TermFound>,
}

/// A vocabulary term found outside bold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermFound {
    pub category: Category,
    /// The vocabulary pattern, e.g. `适用…法律`.
    pub pattern: &'static str,
    /// The text it matched, e.g. `适用中华人民共和国大陆地区法律`.
    pub text: String,
    pub line: usize,
    pub column: usize,
}

/// The lint's result for one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// Every finding, ordered by position.
    pub findings: Vec<Finding>,
    /// Whether the widget accepts the document (only then are the clauses checked).
    pub parsed: bool,
    /// How many highlighted passages the document has (0 if it does not parse).
    pub passages: usize,
    /// How many sentences were checked for unmarked liability language.
    pub sentences: usize,
}

/// Lints a document given as its bytes.
pub fn lint(bytes: &[u8]) -> Report {
    lint_with_previous(bytes, None)
}

/// Lints a new version of a document: as [`lint`], plus `lost-highlight` against the
/// version readers accepted before, `previous`, when it is given.
pub fn lint_with_previous(bytes: &[u8], previous: Option<&Document>) -> Report {
    let raw_html = std::str::from_utf8(bytes).map(html::positions).unwrap_or_default();
    let mut findings: Vec<Finding> = raw_html.iter().map(|&(line, column)| raw_html_finding(line, column)).collect();
    let mut report = Report { findings: Vec::new(), parsed: false, passages: 0, sentences: 0 };
    match parse_with_positions(bytes) {
        Err(error) => {
            let finding = error_finding(&error, bytes);
            if !(finding.rule == Rule::Syntax && raw_html.contains(&(finding.line, finding.column))) {
                findings.push(finding);
            }
        }
        Ok((document, blocks)) => {
            report.parsed = true;
            report.passages = document.passages.len();
            let cells: Vec<Vec<Cell>> = blocks.iter().map(cells).collect();
            report.sentences = unmarked_liability(&blocks, &cells, &mut findings);
            bold_headings(&blocks, &cells, &mut findings);
            bold_whole_clauses(&blocks, &cells, &mut findings);
            if let Some(previous) = previous {
                highlights::lost_highlights(previous, &document, &blocks, &mut findings);
            }
        }
    }
    findings.sort_by_key(|f| (f.line, f.column, f.rule));
    report.findings = findings;
    report
}

/// One shown character with its source position and whether it is bold.
#[derive(Clone, Copy, Debug)]
struct Cell {
    ch: char,
    line: usize,
    column: usize,
    bold: bool,
}

fn cells(block: &TextBlock) -> Vec<Cell> {
    block
        .runs
        .iter()
        .flat_map(|run| run.chars().map(move |(ch, line, column)| Cell { ch, line, column, bold: run.passage.is_some() }))
        .collect()
}

fn chars(cells: &[Cell]) -> Vec<char> {
    cells.iter().map(|cell| cell.ch).collect()
}

/// The text of `cells`, at most 40 characters of it, line breaks as spaces.
fn excerpt(cells: &[Cell]) -> String {
    let mut out: String = cells.iter().take(40).map(|c| if c.ch == '\n' { ' ' } else { c.ch }).collect();
    if cells.len() > 40 {
        out.push('…');
    }
    out
}

/// A text as [`excerpt`] shortens it.
fn excerpt_text(text: &str) -> String {
    let mut out: String = text.chars().take(40).map(|c| if c == '\n' { ' ' } else { c }).collect();
    if text.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}

fn clause_prefix(clause: Option<u64>) -> String {
    clause.map(|n| format!("clause {n}: ")).unwrap_or_default()
}

/// `unmarked-liability`; returns how many sentences were checked.
fn unmarked_liability(blocks: &[TextBlock], cells: &[Vec<Cell>], out: &mut Vec<Finding>) -> usize {
    let mut checked = 0;
    for (block, cells) in blocks.iter().zip(cells) {
        let text = chars(cells);
        for range in sentences::bounds(&text) {
            checked += 1;
            let sentence = &cells[range.clone()];
            let hits = outermost(vocabulary::find(&text[range.clone()]));
            let terms: Vec<TermFound> = hits
                .into_iter()
                .filter(|hit| sentence[hit.start..hit.end].iter().any(|cell| !cell.bold))
                .map(|hit| TermFound {
                    category: hit.term.category,
                    pattern: hit.term.pattern,
                    text: sentence[hit.start..hit.end].iter().map(|c| c.ch).collect(),
                    line: sentence[hit.start].line,
                    column: sentence[hit.start].column,
                })
                .collect();
            if terms.is_empty() {
                continue;
            }
            let mut categories: Vec<Category> = terms.iter().map(|t| t.category).collect();
            categories.sort();
            categories.dedup();
            let mut words: Vec<String> = terms.iter().map(|t| format!("\"{}\"", t.text.replace('\n', " "))).collect();
            words.dedup();
            let excerpt = excerpt(sentence);
            let message = format!(
                "{}{} language ({}) is not bold in \"{excerpt}\"; mark the key passage with **…** so that the widget highlights it and readers must see it before they agree (art. 496 of the Civil Code)",
                clause_prefix(block.clause),
                list(categories.iter().map(|c| c.name())),
                words.join(", "),
            );
            let first = sentence[0];
            out.push(Finding {
                rule: Rule::UnmarkedLiability,
                line: first.line,
                column: first.column,
                clause: block.clause,
                message,
                excerpt: Some(excerpt),
                terms,
            });
        }
    }
    checked
}

/// The hits not inside a longer one: "免除或者限制腾讯云责任" also contains a match of
/// "限制…责任", which would say the same thing twice.
fn outermost(hits: Vec<vocabulary::Hit>) -> Vec<vocabulary::Hit> {
    let inside = |a: &vocabulary::Hit, b: &vocabulary::Hit| b.start <= a.start && a.end <= b.end && (b.end - b.start) > (a.end - a.start);
    hits.iter().filter(|a| !hits.iter().any(|b| inside(a, b))).copied().collect()
}

/// "a", "a and b", "a, b and c".
fn list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let items: Vec<&str> = items.collect();
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => items.concat(),
    }
}

/// `bold-heading`.
fn bold_headings(blocks: &[TextBlock], cells: &[Vec<Cell>], out: &mut Vec<Finding>) {
    for (block, cells) in blocks.iter().zip(cells) {
        let TextBlockKind::Heading { .. } = block.kind else { continue };
        let Some(first) = cells.iter().find(|cell| cell.bold) else { continue };
        let excerpt = excerpt(cells);
        out.push(Finding {
            rule: Rule::BoldHeading,
            line: first.line,
            column: first.column,
            clause: block.clause,
            message: format!(
                "{}the heading \"{excerpt}\" contains bold text, which makes it a highlighted passage; headings stand out already, so remove the ** here and bold the clause text that needs the reader's attention",
                clause_prefix(block.clause)
            ),
            excerpt: Some(excerpt),
            terms: Vec::new(),
        });
    }
}

/// `bold-whole-clause`: units are whole clauses (all their blocks) and paragraphs outside
/// any clause.
fn bold_whole_clauses(blocks: &[TextBlock], cells: &[Vec<Cell>], out: &mut Vec<Finding>) {
    let mut units: Vec<(Option<u64>, Vec<usize>)> = Vec::new();
    for (index, block) in blocks.iter().enumerate() {
        match (block.clause, units.last_mut()) {
            (Some(n), Some((Some(m), members))) if *m == n => members.push(index),
            (Some(n), _) => units.push((Some(n), vec![index])),
            (None, _) if block.kind == TextBlockKind::Paragraph => units.push((None, vec![index])),
            (None, _) => {}
        }
    }
    for (clause, members) in units {
        let all: Vec<Cell> = members.iter().flat_map(|&i| cells[i].iter().copied()).collect();
        let mut content = all.iter().filter(|cell| cell.ch.is_alphanumeric()).peekable();
        if content.peek().is_none() || !content.all(|cell| cell.bold) {
            continue;
        }
        let sentences: usize = members.iter().map(|&i| sentences::bounds(&chars(&cells[i])).len()).sum();
        if sentences < 2 {
            continue;
        }
        let first = all[0];
        let what = clause.map_or_else(|| "this paragraph".to_owned(), |n| format!("clause {n}"));
        out.push(Finding {
            rule: Rule::BoldWholeClause,
            line: first.line,
            column: first.column,
            clause,
            message: format!(
                "{what} is bold from start to end ({sentences} sentences); bold only the passages that exempt or limit liability or restrict the reader's rights, so that they stand out and each is a passage the reader must see"
            ),
            excerpt: Some(excerpt(&all)),
            terms: Vec::new(),
        });
    }
}

fn raw_html_finding(line: usize, column: usize) -> Finding {
    Finding {
        rule: Rule::RawHtml,
        line,
        column,
        clause: None,
        message: "raw HTML is not allowed, and the widget refuses a document that contains it (so HTML can never reach the page); write the text without tags, or escape the '<' as \\<".to_owned(),
        excerpt: None,
        terms: Vec::new(),
    }
}

/// A finding for a document the widget refuses.
fn error_finding(error: &DocumentError, bytes: &[u8]) -> Finding {
    let refused = "the widget refuses the document until this is fixed; the clauses are checked once it parses";
    let (rule, line, column, message) = match error {
        DocumentError::Empty => (Rule::Empty, 1, 1, format!("the document is empty; {refused}")),
        DocumentError::TooLarge { .. } => (Rule::TooLarge, 1, 1, format!("{error}; {refused}")),
        DocumentError::NotUtf8 { offset } => {
            let (line, column) = position_of(bytes, *offset);
            (Rule::Encoding, line, column, format!("the file is not valid UTF-8 text here; save it as UTF-8. {refused}"))
        }
        DocumentError::FrontMatter { line, message } => (Rule::FrontMatter, *line, 1, format!("front matter: {message}; {refused}")),
        DocumentError::Syntax { line, column, message } => (Rule::Syntax, *line, *column, format!("{message}; {refused}")),
    };
    Finding { rule, line, column, clause: None, message, excerpt: None, terms: Vec::new() }
}

/// The line and column of byte `offset`, given that the bytes before it are UTF-8.
fn position_of(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = std::str::from_utf8(bytes.get(..offset).unwrap_or_default()).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (before.matches('\n').count() + 1, before[line_start..].chars().count() + 1)
}
