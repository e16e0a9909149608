//! `verify`: every named check of `clausewrap_core::record::check_record` on every record,
//! with what to do when one fails.

use std::io::Read;

use clausewrap_core::document::Document;
use clausewrap_core::json::{self, Value};
use clausewrap_core::record::{check_record, Check, KnownDocument, RecordError, Report, Status};
use clausewrap_core::{base64url, markdown};
use clausewrap_ledger::receipt::{Receipt, ReceiptError};

use crate::args::VerifyArgs;
use crate::input::{self, Found, Place};
use crate::output::{line_column, number, object, optional, read_file, shown, string, Out};
use crate::{EXIT_INPUT, EXIT_INVALID, EXIT_OK};

/// A `--document` file, read and parsed.
struct Loaded {
    name: String,
    bytes: Vec<u8>,
    document: Document,
}

/// One record's outcome.
struct Checked {
    source: String,
    place: Place,
    record_id: Option<String>,
    report: Report,
    /// Where the text stops being JSON, as (line, column), if that is why it failed.
    json_error_at: Option<(usize, usize)>,
    /// For a ledger export's `{"record", "receipt"}` line: the receipt's check.
    receipt: Option<Result<Receipt, ReceiptError>>,
}

impl Checked {
    fn passed(&self) -> bool {
        self.report.passed() && !matches!(self.receipt, Some(Err(_)))
    }
}

pub fn run(args: &VerifyArgs, stdin: &mut dyn Read, out: &mut Out<'_>, err: &mut Out<'_>) -> u8 {
    let ledger_key = match args.ledger_key.as_deref().map(parse_key).transpose() {
        Ok(key) => key,
        Err(message) => {
            err.line(&format!("{}: {}", crate::help::PROGRAM, message.replace("--public-key", "--ledger-key")));
            return EXIT_INPUT;
        }
    };
    let (documents, keys) = match setup(args) {
        Ok(setup) => setup,
        Err(message) => {
            err.line(&format!("{}: {message}", crate::help::PROGRAM));
            if args.json {
                out.json(&object(vec![("command", string("verify")), ("errors", Value::Array(vec![object(vec![("error", string(message))])])), ("exit_code", number(EXIT_INPUT.into()))]));
            }
            return EXIT_INPUT;
        }
    };
    let known: Vec<KnownDocument<'_>> = documents.iter().map(|d| KnownDocument::new(&d.bytes, &d.document)).collect();
    let mut checked = Vec::new();
    let mut unreadable = Vec::new();
    for path in &args.records {
        let name = shown(path);
        let bytes = if path == "-" { read_stdin(stdin) } else { read_file(path) };
        let found = bytes.and_then(|bytes| input::records(&name, &bytes));
        match found {
            Err(message) => {
                err.line(&format!("{}: {message}", crate::help::PROGRAM));
                unreadable.push((name, message));
            }
            Ok(found) => {
                for record in found {
                    let one = check_one(&name, record, &known, &keys, ledger_key.as_ref());
                    if !(args.json || args.quiet && one.passed()) {
                        print_record(&one, &documents, &known, out);
                    }
                    checked.push(one);
                }
            }
        }
    }
    let passed = checked.iter().filter(|c| c.passed()).count();
    let failed = checked.len() - passed;
    let code = if !unreadable.is_empty() {
        EXIT_INPUT
    } else if failed > 0 {
        EXIT_INVALID
    } else {
        EXIT_OK
    };
    if args.json {
        out.json(&json_output(&checked, &documents, &known, &unreadable, code));
    } else {
        let records = if checked.len() == 1 { "record" } else { "records" };
        let mut summary = format!("{} {records} checked: {passed} passed, {failed} failed", checked.len());
        if !unreadable.is_empty() {
            summary += &format!("; {} input file(s) could not be read (see above)", unreadable.len());
        }
        out.line(&summary);
    }
    code
}

/// Reads the documents and the trusted keys, which every record needs.
fn setup(args: &VerifyArgs) -> Result<(Vec<Loaded>, Vec<[u8; 32]>), String> {
    let mut documents = Vec::new();
    for path in &args.documents {
        let name = shown(path);
        let bytes = read_file(path).map_err(|e| format!("{e} (the --document file)"))?;
        let document = markdown::parse(&bytes).map_err(|e| {
            format!("the document {name} is not one the widget accepts ({e}), so no record can be about it; check that it is the exact file that was shown ('{} lint {name}' explains)", crate::help::PROGRAM)
        })?;
        documents.push(Loaded { name, bytes, document });
    }
    let keys = args.public_keys.iter().map(|key| parse_key(key)).collect::<Result<_, _>>()?;
    Ok((documents, keys))
}

/// A public key as base64url (as records carry it) or as 64 hex digits.
fn parse_key(key: &str) -> Result<[u8; 32], String> {
    let hex = || -> Option<[u8; 32]> {
        let digits = key.as_bytes();
        (digits.len() == 64).then_some(())?;
        let mut out = [0u8; 32];
        for (i, pair) in digits.chunks(2).enumerate() {
            out[i] = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
        }
        Some(out)
    };
    let base64 = || base64url::decode(key).ok().and_then(|bytes| <[u8; 32]>::try_from(bytes).ok());
    hex().or_else(base64).ok_or_else(|| {
        format!("--public-key {key}: not a public key; give the 43-character base64url text of a record's signature.public_key, or 64 hex digits")
    })
}

fn read_stdin(stdin: &mut dyn Read) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    stdin.read_to_end(&mut bytes).map_err(|e| format!("could not read standard input: {e}"))?;
    Ok(bytes)
}

/// A ledger export line, `{"record": …, "receipt": …}`: the record's text and the
/// receipt's check (by `ledger_key`, else by the key the receipt names).
fn ledger_entry(text: &str, ledger_key: Option<&[u8; 32]>) -> Option<(String, Result<Receipt, ReceiptError>)> {
    let value = json::parse(text).ok()?;
    let members = value.as_object()?;
    if members.len() != 2 {
        return None;
    }
    let (record, receipt) = (value.get("record")?, value.get("receipt")?);
    let checked = match ledger_key {
        Some(key) => Receipt::verify_with(receipt, record, key),
        None => Receipt::verify(receipt).and_then(|r| Receipt::verify_with(receipt, record, &r.ledger_key)),
    };
    Some((json::canonical_json(record), checked))
}

fn check_one(name: &str, found: Found, known: &[KnownDocument<'_>], keys: &[[u8; 32]], ledger_key: Option<&[u8; 32]>) -> Checked {
    let (text, receipt) = match found.text.as_deref().ok().and_then(|text| ledger_entry(text, ledger_key)) {
        Some((record, receipt)) => (Ok(record), Some(receipt)),
        None => (found.text.clone(), None),
    };
    let (report, record_id, json_error_at) = match &text {
        Ok(text) => {
            let report = check_record(text, known, keys);
            let id = json::parse(text).ok().and_then(|v| v.get("record_id").and_then(Value::as_str).map(str::to_owned));
            let at = match report.failure() {
                Some((_, RecordError::Json(e))) => Some(line_column(text, e.offset)),
                _ => None,
            };
            (report, id, at)
        }
        Err(_) => (not_text(), None, None),
    };
    Checked { source: name.to_owned(), place: found.place, record_id, report, json_error_at, receipt }
}

/// The report for a JSON Lines line that is not UTF-8: its form is wrong before anything
/// in it can be read.
fn not_text() -> Report {
    let mut results = vec![(Check::Schema, Status::Failed(RecordError::Schema { member: String::new(), problem: "is not UTF-8 text" }))];
    results.extend(Check::ALL[1..].iter().map(|&check| (check, Status::NotRun("the record is not in the v1 form, so it cannot be read"))));
    Report { record: None, document: None, results }
}

/// A failed check's error as printed: the core's wording, except that a JSON error is
/// placed by line and column (of the file; for JSON Lines, the record's line) rather than
/// by byte offset.
fn error_text(error: &RecordError, checked: &Checked) -> String {
    match (error, checked.json_error_at) {
        (RecordError::Json(e), Some((line, column))) => {
            let line = if let Place::Line(n) = checked.place { n } else { line };
            format!("not valid JSON: {} at line {line}, column {column}", e.message)
        }
        _ => error.to_string(),
    }
}

fn place_text(source: &str, place: Place) -> String {
    match place {
        Place::Whole => source.to_owned(),
        Place::Item(n) => format!("{source}, item {n}"),
        Place::Line(n) => format!("{source}, line {n}"),
    }
}

/// What a check found, in a line, for a passed check.
fn passed_detail(check: Check, report: &Report, documents: &[Loaded], known: &[KnownDocument<'_>]) -> String {
    let Some(signed) = &report.record else { return String::new() };
    let record = signed.record();
    let document = report.document.and_then(|i| documents.get(i).zip(known.get(i)));
    match check {
        Check::Schema => "a clausewrap.acceptance.v1 record with every member in its form".to_owned(),
        Check::Signature => format!("Ed25519 signature by key {}", base64url::encode(signed.public_key())),
        Check::Document => match document {
            Some((loaded, known)) => format!("SHA-256 {} is {} ({}, version {})", known.sha256, loaded.name, record.document.id, record.document.version),
            None => String::new(),
        },
        Check::Highlights => match record.document.highlights {
            0 => "the document has no highlighted passages".to_owned(),
            n => format!("all {n} highlighted passages were seen"),
        },
        Check::Timestamps => {
            let e = &record.evidence;
            let t = clausewrap_core::record::format_timestamp;
            format!("opened {}, end reached {}, accepted {}", t(e.opened_at), t(e.reached_end_at), t(record.accepted_at))
        }
        Check::TrustedKey => format!("{} is a trusted key", base64url::encode(signed.public_key())),
    }
}

/// What to do about a failed check.
fn hint(check: Check, checked: &Checked, documents: &[Loaded], known: &[KnownDocument<'_>]) -> String {
    let record = checked.report.record.as_ref().map(|s| s.record());
    match check {
        Check::Schema => "This is not a clausewrap.acceptance.v1 record as the widget writes it, or it was damaged in storage or export; compare it with what your backend received.".to_owned(),
        Check::Signature => "The record was changed after it was signed, or signed by another key than the one it names: it proves nothing.".to_owned(),
        Check::Document => {
            let Some(record) = record else { return String::new() };
            let chosen = checked.report.document.and_then(|i| documents.get(i).zip(known.get(i)));
            match chosen {
                Some((loaded, known)) if known.sha256 != record.document.sha256 => format!(
                    "The record is about the document with SHA-256 {} ({}, version {}), but {} has SHA-256 {}. Find the exact file that was shown ('{} hash FILE' prints a file's SHA-256) and verify against it.",
                    record.document.sha256, record.document.id, record.document.version, loaded.name, known.sha256, crate::help::PROGRAM
                ),
                _ => "The document's bytes match, but the record's id, title or version do not: the widget did not write this record from this file.".to_owned(),
            }
        }
        Check::Highlights => {
            let Some(record) = record else { return String::new() };
            let Some(document) = checked.report.document.and_then(|i| documents.get(i)) else { return String::new() };
            let seen: Vec<&str> = record.evidence.highlights_seen.iter().map(|h| h.id.as_str()).collect();
            let missing: Vec<&str> = document.document.passages.iter().map(|p| p.id.as_str()).filter(|id| !seen.contains(id)).collect();
            if missing.is_empty() {
                "The record lists the highlighted passages out of order, more than once, or with ids this document does not have.".to_owned()
            } else {
                format!("No evidence that these highlighted passages were seen: {}. The record does not show the reader was shown every liability clause.", missing.join(", "))
            }
        }
        Check::Timestamps => "The widget writes times in reading order; these are not, so the record did not come from a working widget, or was altered and signed again.".to_owned(),
        Check::TrustedKey => "The record was signed by a key you did not list as trusted: it may come from another browser, or be made up. Check which key your backend received in this user's session.".to_owned(),
    }
}

fn print_record(checked: &Checked, documents: &[Loaded], known: &[KnownDocument<'_>], out: &mut Out<'_>) {
    let verdict = if checked.passed() { "VALID" } else { "INVALID" };
    let id = checked.record_id.as_deref().map(|id| format!("  record {id}")).unwrap_or_default();
    out.line(&format!("{}: {verdict}{id}", place_text(&checked.source, checked.place)));
    for (check, status) in &checked.report.results {
        let (mark, detail) = match status {
            Status::Passed => ("ok  ", passed_detail(*check, &checked.report, documents, known)),
            Status::NotRun(why) => ("skip", format!("not checked: {why}")),
            Status::Failed(error) => ("FAIL", error_text(error, checked)),
        };
        out.line(format!("  {mark}  {:<11}  {detail}", check.name()).trim_end());
        if let Status::Failed(_) = status {
            out.line(&format!("        {:<11}  {}", "", hint(*check, checked, documents, known)));
        }
    }
    if let Some(receipt) = &checked.receipt {
        let (mark, detail) = receipt_line(receipt);
        out.line(&format!("  {mark}  {:<11}  {detail}", "receipt"));
    }
}

/// The receipt check as printed: its mark and what it found.
fn receipt_line(receipt: &Result<Receipt, ReceiptError>) -> (&'static str, String) {
    match receipt {
        Ok(r) => (
            "ok  ",
            format!(
                "ledger entry {}, received {}, countersigned by ledger key {}",
                r.sequence,
                clausewrap_core::record::format_timestamp(r.received_at),
                base64url::encode(&r.ledger_key)
            ),
        ),
        Err(e) => ("FAIL", e.to_string()),
    }
}

fn json_output(checked: &[Checked], documents: &[Loaded], known: &[KnownDocument<'_>], unreadable: &[(String, String)], code: u8) -> Value {
    let documents_json = documents
        .iter()
        .zip(known)
        .map(|(loaded, known)| {
            let meta = &loaded.document.meta;
            object(vec![
                ("path", string(loaded.name.clone())),
                ("sha256", string(known.sha256.clone())),
                ("id", string(meta.id.clone())),
                ("title", string(meta.title.clone())),
                ("version", string(meta.version.clone())),
                ("highlights", number(loaded.document.passages.len())),
            ])
        })
        .collect();
    let records = checked
        .iter()
        .map(|c| {
            let checks = c
                .report
                .results
                .iter()
                .map(|(check, status)| {
                    let mut members = vec![("check", string(check.name())), ("status", string(status.name()))];
                    match status {
                        Status::Passed => members.push(("detail", string(passed_detail(*check, &c.report, documents, known)))),
                        Status::NotRun(why) => members.push(("reason", string(*why))),
                        Status::Failed(error) => {
                            // The core's words exactly, as in the test vectors.
                            members.push(("error", string(error.to_string())));
                            if let Some((line, column)) = c.json_error_at {
                                let line = if let Place::Line(n) = c.place { n } else { line };
                                members.push(("at", object(vec![("line", number(line)), ("column", number(column))])));
                            }
                            members.push(("hint", string(hint(*check, c, documents, known))));
                        }
                    }
                    object(members)
                })
                .chain(c.receipt.iter().map(|receipt| {
                    let (status, key) = match receipt {
                        Ok(_) => ("passed", "detail"),
                        Err(_) => ("failed", "error"),
                    };
                    object(vec![("check", string("receipt")), ("status", string(status)), (key, string(receipt_line(receipt).1))])
                }))
                .collect();
            let (line, item) = match c.place {
                Place::Whole => (None, None),
                Place::Item(n) => (None, Some(n)),
                Place::Line(n) => (Some(n), None),
            };
            object(vec![
                ("source", string(c.source.clone())),
                ("line", optional(line, number)),
                ("item", optional(item, number)),
                ("record_id", optional(c.record_id.clone(), string)),
                ("valid", Value::Bool(c.passed())),
                (
                    "failed_check",
                    match (c.report.failure(), &c.receipt) {
                        (Some((check, _)), _) => string(check.name()),
                        (None, Some(Err(_))) => string("receipt"),
                        _ => Value::Null,
                    },
                ),
                ("document", optional(c.report.document.and_then(|i| documents.get(i)), |d| string(d.name.clone()))),
                ("checks", Value::Array(checks)),
            ])
        })
        .collect();
    let passed = checked.iter().filter(|c| c.passed()).count();
    object(vec![
        ("command", string("verify")),
        ("documents", Value::Array(documents_json)),
        ("records", Value::Array(records)),
        ("errors", Value::Array(unreadable.iter().map(|(source, error)| object(vec![("source", string(source.clone())), ("error", string(error.clone()))])).collect())),
        (
            "summary",
            object(vec![
                ("records", number(checked.len())),
                ("passed", number(passed)),
                ("failed", number(checked.len() - passed)),
                ("unreadable", number(unreadable.len())),
            ]),
        ),
        ("exit_code", number(code.into())),
    ])
}
