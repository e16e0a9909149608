//! The package's TypeScript declarations (`static/pkg/clausewrap.d.ts`) against the
//! embedding contract (`docs/embedding.md`) and the record format (`docs/record-format.md`),
//! all read as text: option keys and types, attributes, error codes, statuses, events and
//! their details, the handle, its state and the element, and the acceptance record's
//! members must agree. When `static/pkg/clausewrap.js` exists, its `observedAttributes`
//! must be the attribute table. Whether the declarations compile and reject misuse is
//! `scripts/typecheck`'s job.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const DTS: &str = "static/pkg/clausewrap.d.ts";
const EMBEDDING: &str = "docs/embedding.md";
const RECORD_FORMAT: &str = "docs/record-format.md";
const MODULE_JS: &str = "static/pkg/clausewrap.js";

fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {relative}: {e}"))
}

fn set<I: IntoIterator<Item = S>, S: Into<String>>(items: I) -> BTreeSet<String> {
    items.into_iter().map(Into::into).collect()
}

/// Asserts that two non-empty name sets are equal, naming what is missing on each side.
fn assert_same(
    what: &str,
    left_name: &str,
    left: &BTreeSet<String>,
    right_name: &str,
    right: &BTreeSet<String>,
) {
    assert!(!left.is_empty(), "{what}: found nothing in {left_name}");
    assert!(!right.is_empty(), "{what}: found nothing in {right_name}");
    let only_left: Vec<_> = left.difference(right).collect();
    let only_right: Vec<_> = right.difference(left).collect();
    assert!(
        only_left.is_empty() && only_right.is_empty(),
        "{what} differ: only in {left_name}: {only_left:?}; only in {right_name}: {only_right:?}"
    );
}

// ---------------------------------------------------------------------------------------
// Markdown: pipe tables with the headings they sit under, and code spans.
// ---------------------------------------------------------------------------------------

#[derive(Debug)]
struct Table {
    /// The headings above the table, outermost first (level 1 at index 0, …).
    headings: Vec<String>,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn split_row(line: &str) -> Vec<String> {
    let line = line.trim();
    let inner = line.strip_prefix('|').unwrap_or(line);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut in_code = false;
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('|');
                chars.next();
            }
            '`' => {
                in_code = !in_code;
                cell.push(c);
            }
            '|' if !in_code => cells.push(std::mem::take(&mut cell).trim().to_string()),
            _ => cell.push(c),
        }
    }
    cells.push(cell.trim().to_string());
    cells
}

fn is_separator_row(line: &str) -> bool {
    let cells = split_row(line);
    !cells.is_empty()
        && cells.iter().all(|c| {
            let c = c.trim_matches(':');
            !c.is_empty() && c.chars().all(|ch| ch == '-')
        })
}

fn tables(markdown: &str) -> Vec<Table> {
    let lines: Vec<&str> = markdown.lines().collect();
    let mut tables = Vec::new();
    let mut headings: Vec<String> = Vec::new();
    let mut in_fence = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim_end();
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            i += 1;
            continue;
        }
        if in_fence {
            i += 1;
            continue;
        }
        if line.starts_with('#') {
            let level = line.chars().take_while(|&c| c == '#').count();
            if line[level..].starts_with(' ') {
                headings.truncate(level - 1);
                while headings.len() < level - 1 {
                    headings.push(String::new());
                }
                headings.push(line[level..].trim().to_string());
            }
            i += 1;
            continue;
        }
        if line.trim_start().starts_with('|')
            && i + 1 < lines.len()
            && is_separator_row(lines[i + 1])
        {
            let header = split_row(line);
            let mut rows = Vec::new();
            i += 2;
            while i < lines.len() && lines[i].trim_start().starts_with('|') {
                rows.push(split_row(lines[i]));
                i += 1;
            }
            tables.push(Table {
                headings: headings.clone(),
                header,
                rows,
            });
            continue;
        }
        i += 1;
    }
    tables
}

/// The one table whose first header cell is `first_header` (case-insensitive).
fn table<'a>(tables: &'a [Table], first_header: &str, file: &str) -> &'a Table {
    let found: Vec<&Table> = tables
        .iter()
        .filter(|t| t.header.first().is_some_and(|h| header_is(h, first_header)))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "{file}: expected exactly one table headed `{first_header}`, found {}",
        found.len()
    );
    assert!(
        !found[0].rows.is_empty(),
        "{file}: the `{first_header}` table has no rows"
    );
    found[0]
}

/// Whether a header cell reads `name` (case-insensitive, with or without backticks).
fn header_is(cell: &str, name: &str) -> bool {
    cell.trim_matches('`').eq_ignore_ascii_case(name)
}

/// Column index of a header (case-insensitive).
fn column(table: &Table, name: &str) -> usize {
    table
        .header
        .iter()
        .position(|h| header_is(h, name))
        .unwrap_or_else(|| panic!("table headed {:?} has no `{name}` column", table.header))
}

fn code_spans(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(|s| s.trim().to_string())
        .collect()
}

fn first_code(cell: &str) -> String {
    code_spans(cell)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no `code` in table cell {cell:?}"))
}

/// The names of a table's first column (each cell's first code span).
fn first_column(table: &Table) -> BTreeSet<String> {
    table.rows.iter().map(|row| first_code(&row[0])).collect()
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// `{ a, b, c }` → {a, b, c}.
fn brace_members(span: &str) -> BTreeSet<String> {
    let inner = span
        .trim()
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'));
    let inner = inner.unwrap_or_else(|| panic!("not a `{{ … }}` member list: {span:?}"));
    let members: BTreeSet<String> = inner
        .split(',')
        .map(|m| m.trim().to_string())
        .filter(|m| !m.is_empty())
        .collect();
    for m in &members {
        assert!(is_identifier(m), "not a member name in {span:?}: {m:?}");
    }
    members
}

// ---------------------------------------------------------------------------------------
// TypeScript declarations: interfaces, classes and string-literal unions.
// ---------------------------------------------------------------------------------------

/// The source without comments (string literals kept intact).
fn strip_comments(src: &str) -> String {
    let b: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == '/' && b.get(i + 1) == Some(&'/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && b.get(i + 1) == Some(&'*') {
            i += 2;
            while i < b.len() && !(b[i] == '*' && b.get(i + 1) == Some(&'/')) {
                i += 1;
            }
            i += 2;
            out.push(' ');
        } else if c == '"' || c == '\'' || c == '`' {
            out.push(c);
            i += 1;
            while i < b.len() && b[i] != c {
                if b[i] == '\\' && i + 1 < b.len() {
                    out.push(b[i]);
                    i += 1;
                }
                out.push(b[i]);
                i += 1;
            }
            if i < b.len() {
                out.push(b[i]);
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

/// Byte offsets just after each `<keyword> <name>` (whole words) in `src`.
fn declarations(src: &str, keyword: &str, name: &str) -> Vec<usize> {
    let needle = format!("{keyword} {name}");
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(pos) = src[from..].find(&needle) {
        let start = from + pos;
        let end = start + needle.len();
        let before_ok = src[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !is_ident_char(c));
        let after_ok = src[end..].chars().next().is_none_or(|c| !is_ident_char(c));
        if before_ok && after_ok {
            found.push(end);
        }
        from = end;
    }
    found
}

/// Splits `text` at `separators` outside (), [], {}, <> and string literals.
fn split_top_level(text: &str, separators: &[char]) -> Vec<String> {
    let mut parts = Vec::new();
    let mut part = String::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for c in text.chars() {
        if let Some(q) = quote {
            part.push(c);
            if c == q && prev != '\\' {
                quote = None;
            }
            prev = c;
            continue;
        }
        match c {
            '"' | '\'' | '`' => quote = Some(c),
            '(' | '[' | '{' | '<' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            '>' if prev != '=' => depth -= 1,
            _ => {}
        }
        if depth == 0 && separators.contains(&c) {
            parts.push(std::mem::take(&mut part));
        } else {
            part.push(c);
        }
        prev = c;
    }
    parts.push(part);
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// The text between the `{` following `from` and its matching `}`.
fn braced_body(src: &str, from: usize) -> &str {
    let open = from + src[from..].find('{').expect("a `{` after the declaration");
    let mut depth = 0;
    for (i, c) in src[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return &src[open + 1..open + i];
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced braces after byte {from}");
}

#[derive(Debug, Clone)]
struct Member {
    optional: bool,
    method: bool,
    /// The property's type, or the method's return type, with white space collapsed.
    ty: String,
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn parse_member(text: &str) -> (String, Member) {
    let mut text = text.trim();
    for modifier in ["static ", "readonly "] {
        text = text.strip_prefix(modifier).unwrap_or(text).trim_start();
    }
    let (name, rest) = if let Some(q) = text.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let end = 1 + text[1..]
            .find(q)
            .unwrap_or_else(|| panic!("unterminated member name: {text:?}"));
        (text[1..end].to_string(), &text[end + 1..])
    } else {
        let end = text.find(|c: char| !is_ident_char(c)).unwrap_or(text.len());
        assert!(
            end > 0,
            "cannot read a member name (index signature?) in {text:?}"
        );
        (text[..end].to_string(), &text[end..])
    };
    let rest = rest.trim_start();
    let (optional, rest) = match rest.strip_prefix('?') {
        Some(r) => (true, r.trim_start()),
        None => (false, rest),
    };
    if rest.starts_with('(') || rest.starts_with('<') {
        let close = split_top_level(rest, &[':']);
        // `(args): Ret` splits at the first top-level colon, after the parameter list.
        assert!(
            close.len() >= 2,
            "method {name} has no return type: {text:?}"
        );
        (
            name,
            Member {
                optional,
                method: true,
                ty: collapse(&close[1..].join(":")),
            },
        )
    } else {
        let ty = rest
            .strip_prefix(':')
            .unwrap_or_else(|| panic!("member {name} has no type: {text:?}"));
        (
            name,
            Member {
                optional,
                method: false,
                ty: collapse(ty),
            },
        )
    }
}

/// The members of every `interface <name>` (or `class <name>`) declaration, merged.
fn members(dts: &str, keyword: &str, name: &str) -> BTreeMap<String, Member> {
    let starts = declarations(dts, keyword, name);
    assert!(!starts.is_empty(), "{DTS}: no `{keyword} {name}`");
    let mut all = BTreeMap::new();
    for start in starts {
        for text in split_top_level(braced_body(dts, start), &[';', ',']) {
            let (member_name, member) = parse_member(&text);
            assert!(
                all.insert(member_name.clone(), member).is_none(),
                "{DTS}: {name}.{member_name} declared twice"
            );
        }
    }
    all
}

fn interface(dts: &str, name: &str) -> BTreeMap<String, Member> {
    members(dts, "interface", name)
}

fn has_interface(dts: &str, name: &str) -> bool {
    !declarations(dts, "interface", name).is_empty()
}

fn keys(members: &BTreeMap<String, Member>) -> BTreeSet<String> {
    members.keys().cloned().collect()
}

/// The string literals of `type <name> = "a" | "b" | …;` (every part must be one).
fn literal_union(dts: &str, name: &str) -> BTreeSet<String> {
    let starts = declarations(dts, "type", name);
    assert_eq!(starts.len(), 1, "{DTS}: expected one `type {name}`");
    let rest = dts[starts[0]..].trim_start();
    let rest = rest
        .strip_prefix('=')
        .unwrap_or_else(|| panic!("{DTS}: `type {name}` has no `=`"));
    let body = &split_top_level(rest, &[';'])[0];
    split_top_level(body, &['|'])
        .into_iter()
        .map(|part| {
            part.strip_prefix('"')
                .and_then(|p| p.strip_suffix('"'))
                .unwrap_or_else(|| {
                    panic!("{DTS}: `type {name}` has a part that is not a string literal: {part}")
                })
                .to_string()
        })
        .collect()
}

struct Sources {
    dts: String,
    embedding: String,
    tables: Vec<Table>,
}

fn sources() -> Sources {
    let embedding = read(EMBEDDING);
    Sources {
        dts: strip_comments(&read(DTS)),
        tables: tables(&embedding),
        embedding,
    }
}

// ---------------------------------------------------------------------------------------
// The checks.
// ---------------------------------------------------------------------------------------

#[test]
fn options_are_the_options_table() {
    let s = sources();
    let table = table(&s.tables, "key", EMBEDDING);
    let options = interface(&s.dts, "ClauseWrapOptions");
    assert_same(
        "option keys",
        EMBEDDING,
        &first_column(table),
        DTS,
        &keys(&options),
    );

    let type_column = column(table, "type");
    for row in &table.rows {
        let key = first_code(&row[0]);
        let member = &options[&key];
        assert!(
            member.optional && !member.method,
            "{DTS}: option {key} must be an optional property"
        );
        let cell = &row[type_column];
        let documented = cell.split_whitespace().next().unwrap_or_default();
        let expected = match documented {
            "string" => "string",
            "boolean" => "boolean",
            "integer" | "number" => "number",
            // `{ a, b?, … }`: the interface the option's type names first; "or … record":
            // the acceptance record is accepted too.
            "object" => {
                let parts = split_top_level(&member.ty, &['|']);
                let shape = code_spans(cell)
                    .into_iter()
                    .find(|c| c.starts_with('{'))
                    .unwrap_or_else(|| panic!("{EMBEDDING}: option {key}'s members"));
                assert_same_object(&format!("option {key}"), &shape, &interface(&s.dts, &parts[0]));
                let record = cell.contains("record");
                assert_eq!(
                    parts.iter().any(|p| p == "AcceptanceRecord"),
                    record,
                    "{DTS}: option {key} takes an acceptance record: {record}"
                );
                continue;
            }
            // one of `"a"`, `"b"`: a union of those string literals.
            "one" => {
                let documented: BTreeSet<String> = code_spans(cell)
                    .iter()
                    .filter_map(|c| c.strip_prefix('"')?.strip_suffix('"').map(str::to_string))
                    .collect();
                assert_same(
                    &format!("values of option {key}"),
                    EMBEDDING,
                    &documented,
                    DTS,
                    &literal_union(&s.dts, &member.ty),
                );
                continue;
            }
            other => panic!("{EMBEDDING}: option {key} has an unknown type {other:?}"),
        };
        assert_eq!(
            member.ty, expected,
            "{DTS}: option {key} is documented as {:?}",
            row[type_column]
        );
    }
}

/// `{ a, b?, c }` (`?`: optional) against an interface's members.
fn assert_same_object(what: &str, shape: &str, declared: &BTreeMap<String, Member>) {
    let inner = shape
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .unwrap_or_else(|| panic!("not a `{{ … }}` member list: {shape:?}"));
    let members: BTreeMap<String, bool> = inner
        .split(',')
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .map(|m| match m.strip_suffix('?') {
            Some(name) => (name.to_string(), true),
            None => (m.to_string(), false),
        })
        .collect();
    let names: BTreeSet<String> = members.keys().cloned().collect();
    assert_same(&format!("members of {what}"), EMBEDDING, &names, DTS, &keys(declared));
    for (name, optional) in members {
        assert_eq!(declared[&name].optional, optional, "{DTS}: {what}.{name} optional must be {optional}");
    }
}

/// The one table whose first header cell is exactly `header` (backticks included).
fn table_headed<'a>(tables: &'a [Table], header: &str) -> &'a Table {
    let found: Vec<&Table> = tables.iter().filter(|t| t.header.first().is_some_and(|h| h == header)).collect();
    assert_eq!(found.len(), 1, "{EMBEDDING}: expected exactly one table headed {header:?}");
    found[0]
}

#[test]
fn reacceptance_is_as_documented() {
    let s = sources();

    // `previous`'s members: name, type, optional.
    let table = table_headed(&s.tables, "`previous` member");
    let declared = interface(&s.dts, "ClauseWrapPrevious");
    assert_same("members of previous", EMBEDDING, &first_column(table), DTS, &keys(&declared));
    let type_column = column(table, "type");
    for row in &table.rows {
        let name = first_code(&row[0]);
        let member = &declared[&name];
        assert_eq!(member.ty, "string", "{DTS}: previous.{name}");
        assert_eq!(member.optional, row[type_column].contains("optional"), "{DTS}: previous.{name} optional as documented");
    }
    let rust_keys = set(clausewrap::options::PREVIOUS_KEYS);
    assert_same("members of previous", EMBEDDING, &first_column(table), "clausewrap::options::PREVIOUS_KEYS", &rust_keys);

    // The policies, as the widget names them.
    let policies = set(clausewrap::options::Policy::ALL.map(|p| p.name()));
    assert_same("policies", "clausewrap::options::Policy", &policies, DTS, &literal_union(&s.dts, "ReacceptancePolicy"));
    assert_eq!(interface(&s.dts, "ClauseWrapOptions")["reacceptance"].ty, "ReacceptancePolicy");

    // `reacceptance` in `clausewrap:ready` and `state()`.
    let table = table_headed(&s.tables, "`reacceptance` field");
    let detail = interface(&s.dts, "ReacceptanceDetail");
    assert_same("reacceptance fields", EMBEDDING, &first_column(table), DTS, &keys(&detail));
    let type_column = column(table, "type");
    for row in &table.rows {
        let name = first_code(&row[0]);
        let member = &detail[&name];
        assert!(!member.optional, "{DTS}: ReacceptanceDetail.{name} is always there");
        match row[type_column].as_str() {
            "object" => {
                let shape = code_spans(&row[2]).into_iter().find(|c| c.starts_with('{')).expect("the object's members");
                assert_same_object(&format!("reacceptance.{name}"), &shape, &interface(&s.dts, &member.ty));
            }
            "string" => assert_eq!(member.ty, "ReacceptancePolicy", "{DTS}: ReacceptanceDetail.{name}"),
            documented => assert_eq!(member.ty, documented, "{DTS}: ReacceptanceDetail.{name}"),
        }
    }
    assert_eq!(interface(&s.dts, "ReacceptanceSince")["acceptedAt"].ty, "string | null");
    for holder in ["ReadyDetail", "ClauseWrapState"] {
        assert_eq!(interface(&s.dts, holder)["reacceptance"].ty, "ReacceptanceDetail | null", "{DTS}: {holder}.reacceptance");
    }
    assert_eq!(interface(&s.dts, "ClauseWrapState")["changesSeen"].ty, "string[]");
    assert_eq!(interface(&s.dts, "ProgressDetail")["changesSeen"].ty, "number");
}

#[test]
fn attributes_are_the_attribute_table() {
    let s = sources();
    let attributes = first_column(table(&s.tables, "attribute", EMBEDDING));

    // The options table's attribute column names the same attributes.
    let options = table(&s.tables, "key", EMBEDDING);
    let attribute_column = column(options, "attribute");
    let via_options: BTreeSet<String> = options
        .rows
        .iter()
        .flat_map(|row| code_spans(&row[attribute_column]))
        .collect();
    assert_same(
        "attributes",
        "the attribute table",
        &attributes,
        "the options table",
        &via_options,
    );

    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(MODULE_JS);
    if !path.exists() {
        println!("note: {MODULE_JS} does not exist yet; its observedAttributes were not compared");
        return;
    }
    let observed = set(observed_attributes(&read(MODULE_JS)));
    assert_same(
        "attributes",
        EMBEDDING,
        &attributes,
        &format!("{MODULE_JS} observedAttributes"),
        &observed,
    );
}

/// The strings of `observedAttributes` in the module: an array literal of strings
/// (`static observedAttributes = [...]`, `static get observedAttributes() { return [...]; }`)
/// or the keys of an object literal (`Object.keys({...})`), either possibly through named
/// constants (`= Object.keys(ATTRIBUTES)` with `const ATTRIBUTES = { 'src': …, … }`).
fn observed_attributes(js: &str) -> Vec<String> {
    let js = strip_comments(js);
    let at = js
        .find("observedAttributes")
        .unwrap_or_else(|| panic!("{MODULE_JS} has no observedAttributes"));
    // The start of the value an assignment, getter or property gives.
    let expression = |text: &str| -> String {
        let mut t = text;
        loop {
            let before = t;
            t = t.trim_start_matches(|c: char| c.is_whitespace() || "()=:".contains(c));
            if let Some(rest) = t
                .strip_prefix('{')
                .filter(|rest| rest.trim_start().starts_with("return"))
            {
                t = rest;
            }
            for prefix in ["return", "Object.freeze(", "Array.from(", "..."] {
                t = t.strip_prefix(prefix).unwrap_or(t);
            }
            if t == before {
                return t.to_string();
            }
        }
    };
    let mut value = expression(&js[at + "observedAttributes".len()..]);
    let mut keys_of = false;
    for _ in 0..4 {
        if let Some(rest) = value.strip_prefix("Object.keys(") {
            keys_of = true;
            value = expression(rest);
            continue;
        }
        if value.starts_with('[') || value.starts_with('{') {
            break;
        }
        let name: String = value
            .chars()
            .take_while(|&c| is_ident_char(c) || c == '.')
            .collect();
        assert!(
            !name.is_empty(),
            "{MODULE_JS}: cannot read observedAttributes at {:?}",
            &value[..value.len().min(40)]
        );
        let short = name.rsplit('.').next().unwrap_or(&name).to_string();
        let definition = ["const", "let", "var", "static"]
            .iter()
            .find_map(|k| {
                let d = format!("{k} {short} =");
                js.find(&d).map(|p| p + d.len())
            })
            .unwrap_or_else(|| {
                panic!(
                    "{MODULE_JS}: observedAttributes uses {name}, whose definition was not found"
                )
            });
        value = expression(&js[definition..]);
    }
    let (open, close) = if keys_of { ('{', '}') } else { ('[', ']') };
    assert!(value.starts_with(open), "{MODULE_JS}: observedAttributes is not an array of strings or Object.keys of an object literal");
    let inner = &split_top_level(&value, &[close])[0][1..];
    let items = split_top_level(inner, &[',']);
    assert!(
        !items.is_empty(),
        "{MODULE_JS}: observedAttributes is empty"
    );
    items
        .into_iter()
        .map(|item| {
            let item = if keys_of {
                split_top_level(&item, &[':'])[0].clone()
            } else {
                item
            };
            if keys_of && is_identifier(&item) {
                return item;
            }
            let quote = item.chars().next().filter(|c| "\"'`".contains(*c));
            let quote = quote.unwrap_or_else(|| {
                panic!("{MODULE_JS}: observedAttributes holds a non-string: {item}")
            });
            item[1..]
                .strip_suffix(quote)
                .unwrap_or_else(|| panic!("{MODULE_JS}: bad string {item}"))
                .to_string()
        })
        .collect()
}

#[test]
fn error_codes_are_the_error_table() {
    let s = sources();
    let table = table(&s.tables, "code", EMBEDDING);
    assert_same(
        "error codes",
        EMBEDDING,
        &first_column(table),
        DTS,
        &literal_union(&s.dts, "ClauseWrapErrorCode"),
    );

    // "thrown only" (by `mount`) and "rejection only" (of `accepted()`) never reach an event.
    let widget_column = column(table, "in the widget");
    let caller_only: BTreeSet<String> = table
        .rows
        .iter()
        .filter(|row| {
            ["thrown only", "rejection only"]
                .iter()
                .any(|w| row[widget_column].eq_ignore_ascii_case(w))
        })
        .map(|row| first_code(&row[0]))
        .collect();
    assert_same(
        "caller-only codes",
        EMBEDDING,
        &caller_only,
        DTS,
        &literal_union(&s.dts, "ClauseWrapCallerOnlyCode"),
    );
    let reported = "Exclude<ClauseWrapErrorCode, ClauseWrapCallerOnlyCode>";
    assert!(
        collapse(&s.dts).contains(&format!("type ClauseWrapReportedCode = {reported}")),
        "{DTS}: ClauseWrapReportedCode"
    );
    assert_eq!(
        interface(&s.dts, "ErrorDetail")["code"].ty,
        "ClauseWrapReportedCode",
        "{DTS}: ErrorDetail.code"
    );
    assert_eq!(
        interface(&s.dts, "ClauseWrapErrorInfo")["code"].ty,
        "ClauseWrapReportedCode"
    );

    let error = interface(&s.dts, "ClauseWrapError");
    assert_eq!(
        error["name"].ty, "\"ClauseWrapError\"",
        "{DTS}: ClauseWrapError.name"
    );
    assert_eq!(
        error["code"].ty, "ClauseWrapErrorCode",
        "{DTS}: ClauseWrapError.code"
    );
    assert!(
        s.dts.contains("interface ClauseWrapError extends Error"),
        "{DTS}: ClauseWrapError must extend Error"
    );
}

#[test]
fn events_are_the_events_table() {
    let s = sources();
    let table = table(&s.tables, "event", EMBEDDING);
    let map = interface(&s.dts, "ClauseWrapEventMap");
    assert_same(
        "event names",
        EMBEDDING,
        &first_column(table),
        DTS,
        &keys(&map),
    );

    let detail_column = column(table, "detail");
    for row in &table.rows {
        let event = first_code(&row[0]);
        let ty = &map[&event].ty;
        let detail_type = ty
            .strip_prefix("CustomEvent<")
            .and_then(|t| t.strip_suffix('>'))
            .unwrap_or_else(|| panic!("{DTS}: {event} must map to CustomEvent<Detail>, not {ty}"));
        let cell = &row[detail_column];
        let spans = code_spans(cell);
        match spans.first() {
            Some(first) if first.starts_with('{') => {
                let required = brace_members(first);
                // Further plain names ("plus `status` for …") are members present only sometimes.
                let sometimes: BTreeSet<String> = spans[1..]
                    .iter()
                    .filter(|s| is_identifier(s))
                    .cloned()
                    .collect();
                let detail = interface(&s.dts, detail_type);
                let all: BTreeSet<String> = required.union(&sometimes).cloned().collect();
                assert_same(
                    &format!("{event} detail members"),
                    EMBEDDING,
                    &all,
                    DTS,
                    &keys(&detail),
                );
                for (name, member) in &detail {
                    assert_eq!(
                        member.optional,
                        sometimes.contains(name),
                        "{DTS}: {detail_type}.{name} optional must be {}",
                        sometimes.contains(name)
                    );
                }
            }
            _ if cell.contains("acceptance record") => {
                assert_eq!(
                    detail_type, "AcceptanceRecord",
                    "{DTS}: {event}'s detail is the acceptance record"
                );
            }
            _ => panic!("{EMBEDDING}: cannot read the detail of {event}: {cell:?}"),
        }
    }

    let flat = collapse(&s.dts);
    for map in ["HTMLElementEventMap", "DocumentEventMap"] {
        assert!(
            flat.contains(&format!("interface {map} extends ClauseWrapEventMap")),
            "{DTS}: the global {map} must include ClauseWrapEventMap"
        );
    }
}

#[test]
fn handle_state_and_element_are_as_documented() {
    let s = sources();
    let table = table(&s.tables, "member", EMBEDDING);
    let handle = interface(&s.dts, "ClauseWrapHandle");
    let documented: BTreeSet<String> = table
        .rows
        .iter()
        .map(|row| {
            first_code(&row[0])
                .split('(')
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_same(
        "handle members",
        EMBEDDING,
        &documented,
        DTS,
        &keys(&handle),
    );
    for (name, member) in &handle {
        assert!(
            member.method && !member.optional,
            "{DTS}: ClauseWrapHandle.{name} must be a method"
        );
    }
    assert_eq!(handle["accepted"].ty, "Promise<AcceptanceRecord>");
    assert_eq!(handle["state"].ty, "ClauseWrapState");

    // `state()`'s snapshot: `{ status, documentId, … }`.
    let state_row = table
        .rows
        .iter()
        .find(|row| first_code(&row[0]) == "state()")
        .expect("a `state()` row");
    let snapshot = code_spans(&state_row[1])
        .into_iter()
        .find(|c| c.starts_with('{'))
        .expect("the snapshot's members");
    let state = interface(&s.dts, "ClauseWrapState");
    assert_same(
        "state members",
        EMBEDDING,
        &brace_members(&snapshot),
        DTS,
        &keys(&state),
    );
    assert!(
        state.values().all(|m| !m.optional),
        "{DTS}: every ClauseWrapState member is always there"
    );

    // "`state().status` is one of `loading`, …, `failed` (…)."
    let at = s
        .embedding
        .find("`state().status` is one of")
        .expect("the list of statuses");
    let sentence = &s.embedding[at..];
    let sentence = &sentence[..sentence
        .find(". ")
        .or_else(|| sentence.find(".\n"))
        .unwrap_or(sentence.len())];
    let statuses: BTreeSet<String> = code_spans(sentence).into_iter().skip(1).collect();
    assert_same(
        "statuses",
        EMBEDDING,
        &statuses,
        DTS,
        &literal_union(&s.dts, "ClauseWrapStatus"),
    );
    assert_eq!(state["status"].ty, "ClauseWrapStatus");

    // "The element exposes `element.state()` and `element.accepted()` like a handle."
    let at = s
        .embedding
        .find("The element exposes")
        .expect("what the element exposes");
    let end = s.embedding[at..]
        .find("like a handle")
        .expect("“… like a handle”");
    let sentence = &s.embedding[at..at + end];
    let exposed: BTreeSet<String> = code_spans(sentence)
        .iter()
        .map(|c| {
            c.trim_start_matches("element.")
                .split('(')
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    let element = members(&s.dts, "class", "ClauseWrapElement");
    assert_same("element methods", EMBEDDING, &exposed, DTS, &keys(&element));
    for name in &exposed {
        assert_eq!(
            element[name].ty, handle[name].ty,
            "{DTS}: ClauseWrapElement.{name} is as the handle's"
        );
    }

    let tags = interface(&s.dts, "HTMLElementTagNameMap");
    assert_eq!(
        tags.get("clause-wrap").map(|m| m.ty.as_str()),
        Some("ClauseWrapElement")
    );
    assert!(
        s.embedding.contains("<clause-wrap"),
        "{EMBEDDING} documents the <clause-wrap> element"
    );
    let flat = collapse(&s.dts);
    assert!(flat.contains("export declare function mount(element: Element, options?: ClauseWrapOptions): ClauseWrapHandle"));
    assert!(flat.contains("export declare class ClauseWrapElement extends HTMLElement"));
}

/// A member of the record as docs/record-format.md lists it.
struct RecordMember {
    ty: String,
    /// Listed under "Additions within v1": absent from earlier v1 records.
    addition: bool,
}

fn record_members() -> BTreeMap<String, RecordMember> {
    let markdown = read(RECORD_FORMAT);
    let mut found = BTreeMap::new();
    for table in tables(&markdown) {
        let in_members = table.headings.get(1).is_some_and(|h| h == "Members");
        if !in_members || !table.header.first().is_some_and(|h| header_is(h, "member")) {
            continue;
        }
        let addition = table.headings.iter().any(|h| h.starts_with("Additions"));
        let type_column = column(&table, "type");
        for row in &table.rows {
            let path = first_code(&row[0]);
            let member = RecordMember {
                ty: row[type_column].trim().to_lowercase(),
                addition,
            };
            assert!(
                found.insert(path.clone(), member).is_none(),
                "{RECORD_FORMAT}: {path} listed twice"
            );
        }
    }
    assert!(
        !found.is_empty(),
        "{RECORD_FORMAT}: no member tables under `## Members`"
    );
    found
}

/// What the format calls a TypeScript type: string, number, boolean, object, array, or
/// "string or null".
fn kind(dts: &str, ty: &str) -> String {
    match ty {
        _ if ty.ends_with("[]") => "array".into(),
        "string | null" | "null | string" => "string or null".into(),
        "string" | "number" | "boolean" => ty.into(),
        _ if ty.starts_with('"') => "string".into(),
        _ if has_interface(dts, ty) => "object".into(),
        _ => format!("unknown type {ty}"),
    }
}

#[test]
fn acceptance_record_is_the_record_format() {
    let s = sources();
    let documented = record_members();

    let top_level: BTreeSet<String> = documented
        .keys()
        .filter(|p| !p.contains('.'))
        .cloned()
        .collect();
    for path in documented.keys() {
        let root = path.split('.').next().unwrap_or_default();
        assert!(
            top_level.contains(root),
            "{RECORD_FORMAT}: {path} is listed, {root} is not"
        );
    }
    let record = interface(&s.dts, "AcceptanceRecord");
    assert_same(
        "AcceptanceRecord top-level members",
        RECORD_FORMAT,
        &top_level,
        DTS,
        &keys(&record),
    );

    // Every object the format lists members of, walked down from AcceptanceRecord.
    let mut objects: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    objects.insert(String::new(), top_level);
    for path in documented.keys() {
        if let Some((parent, child)) = path.rsplit_once('.') {
            objects
                .entry(parent.to_string())
                .or_default()
                .insert(child.to_string());
        }
    }
    for (parent, children) in &objects {
        let interface_name = resolve(&s.dts, parent);
        let declared = interface(&s.dts, &interface_name);
        let what = format!(
            "members of {}",
            if parent.is_empty() {
                "the record"
            } else {
                parent
            }
        );
        assert_same(
            &what,
            RECORD_FORMAT,
            children,
            &format!("{DTS} {interface_name}"),
            &keys(&declared),
        );
        for child in children {
            let path = if parent.is_empty() {
                child.clone()
            } else {
                format!("{parent}.{child}")
            };
            let (doc, member) = (&documented[&path], &declared[child]);
            assert_eq!(
                member.optional, doc.addition,
                "{DTS}: {path} optional must be {} (may it be absent?)",
                doc.addition
            );
            assert_eq!(
                kind(&s.dts, &member.ty),
                doc.ty,
                "{DTS}: {path} is `{}`, documented as {}",
                member.ty,
                doc.ty
            );
        }
    }

    let schema = &record["schema"].ty;
    assert!(
        read(RECORD_FORMAT).contains(&format!("Exactly `{schema}`")),
        "{DTS}: schema {schema} as documented"
    );
    let alg = &interface(&s.dts, "AcceptanceSignature")["alg"].ty;
    assert!(
        read(RECORD_FORMAT).contains(&format!("Exactly `{alg}`")),
        "{DTS}: signature.alg {alg} as documented"
    );
}

/// The interface declared for a record path (`evidence.highlights_seen[i]` → HighlightSeen).
fn resolve(dts: &str, path: &str) -> String {
    let mut current = "AcceptanceRecord".to_string();
    for segment in path.split('.').filter(|s| !s.is_empty()) {
        let (name, element) = match segment.strip_suffix("[i]") {
            Some(name) => (name, true),
            None => (segment, false),
        };
        let members = interface(dts, &current);
        let ty = &members
            .get(name)
            .unwrap_or_else(|| panic!("{DTS}: {current} has no member {name} ({path})"))
            .ty;
        let ty = if element {
            ty.strip_suffix("[]")
                .unwrap_or_else(|| panic!("{DTS}: {current}.{name} is not an array ({path})"))
        } else {
            ty.as_str()
        };
        assert!(
            has_interface(dts, ty),
            "{DTS}: {current}.{name} should be an interface, is `{ty}` ({path})"
        );
        current = ty.to_string();
    }
    current
}

#[test]
fn observed_attributes_are_read_from_the_usual_spellings() {
    let expected = vec!["src".to_string(), "require-ack".to_string()];
    for js in [
        "class A extends HTMLElement { static observedAttributes = ['src', \"require-ack\"]; }",
        "class A extends HTMLElement {\n  static get observedAttributes() {\n    return ['src', 'require-ack'];\n  }\n}",
        "const NAMES = Object.freeze(['src', 'require-ack']);\nclass A { static observedAttributes = NAMES; }",
        "// observedAttributes: see below\nconst ATTRIBUTES = {\n  src: ['src', text],\n  'require-ack': ['requireAck', (e, n) => e.hasAttribute(n)],\n};\nclass A { static observedAttributes = Object.keys(ATTRIBUTES); }",
    ] {
        assert_eq!(observed_attributes(js), expected, "in {js:?}");
    }
}
