//! `lint`: `clausewrap_core::lint` on each file, printed as `FILE:LINE:COLUMN: rule: message`
//! (the form editors and CI logs turn into links). With `--previous OLD`, also the
//! highlights of OLD that each file no longer marks (`lost-highlight`).

use clausewrap_core::json::Value;
use clausewrap_core::lint::{lint_with_previous, Finding};

use crate::args::LintArgs;
use crate::diff::{load, Loaded};
use crate::output::{number, object, optional, read_or_report, string, Out};
use crate::{EXIT_INPUT, EXIT_INVALID, EXIT_OK};

pub fn run(args: &LintArgs, out: &mut Out<'_>, err: &mut Out<'_>) -> u8 {
    let previous: Option<Loaded> = match args.previous.as_deref().map(load).transpose() {
        Ok(previous) => previous,
        Err(message) => {
            err.line(&format!("{}: {message}", crate::help::PROGRAM));
            if args.json {
                out.json(&object(vec![
                    ("command", string("lint")),
                    ("previous", object(vec![("path", string(crate::output::shown(args.previous.as_deref().unwrap_or_default()))), ("error", string(message))])),
                    ("files", Value::Array(Vec::new())),
                    ("exit_code", number(EXIT_INPUT.into())),
                ]));
            }
            return EXIT_INPUT;
        }
    };
    let mut code = EXIT_OK;
    let mut files = Vec::new();
    let mut total = 0;
    for path in &args.files {
        let Some((name, bytes)) = read_or_report(path, err, &mut files) else {
            code = EXIT_INPUT;
            continue;
        };
        let report = lint_with_previous(&bytes, previous.as_ref().map(|p| &p.document));
        total += report.findings.len();
        if !report.findings.is_empty() {
            code = code.max(EXIT_INVALID);
        }
        if args.json {
            files.push(object(vec![
                ("path", string(name)),
                ("parsed", Value::Bool(report.parsed)),
                ("passages", number(report.passages)),
                ("sentences", number(report.sentences)),
                ("findings", Value::Array(report.findings.iter().map(finding_json).collect())),
            ]));
            continue;
        }
        for f in &report.findings {
            out.line(&format!("{name}:{}:{}: {}: {}", f.line, f.column, f.rule.name(), f.message));
        }
        let counted = if report.parsed {
            format!(" ({} highlighted passages, {} sentences checked)", report.passages, report.sentences)
        } else {
            " (the widget refuses the document, so its clauses were not checked)".to_owned()
        };
        match report.findings.len() {
            0 => out.line(&format!("{name}: no findings{counted}")),
            1 => out.line(&format!("{name}: 1 finding{counted}")),
            n => out.line(&format!("{name}: {n} findings{counted}")),
        }
    }
    if args.json {
        let mut members = vec![("command", string("lint"))];
        if let Some(previous) = &previous {
            members.push(("previous", previous.json()));
        }
        members.extend([
            ("files", Value::Array(files)),
            ("summary", object(vec![("files", number(args.files.len())), ("findings", number(total))])),
            ("exit_code", number(code.into())),
        ]);
        out.json(&object(members));
    }
    code
}

fn finding_json(f: &Finding) -> Value {
    let terms = f
        .terms
        .iter()
        .map(|t| {
            object(vec![
                ("category", string(t.category.name())),
                ("pattern", string(t.pattern)),
                ("text", string(t.text.clone())),
                ("line", number(t.line)),
                ("column", number(t.column)),
            ])
        })
        .collect();
    object(vec![
        ("rule", string(f.rule.name())),
        ("line", number(f.line)),
        ("column", number(f.column)),
        ("clause", optional(f.clause, |n| Value::Number(clausewrap_core::json::Number::from(n)))),
        ("message", string(f.message.clone())),
        ("excerpt", optional(f.excerpt.clone(), string)),
        ("terms", Value::Array(terms)),
    ])
}
