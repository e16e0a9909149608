//! The binary against the test vectors in `tests/vectors/`: valid records pass every check,
//! invalid ones get exactly the verdict written in them, one at a time and all at once.

mod support;

use std::ffi::OsString;

use clausewrap_core::json::{canonical_json, parse, Value};
use support::{run, scratch, vectors, write, Vector};

fn str_of<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

/// `verify RECORD --document DOCUMENT [--public-key K]... [extra]`, with the vector's files.
fn verify_vector(v: &Vector, extra: &[&str]) -> support::Run {
    let dir = scratch(&v.name());
    let document = write(&dir, "document.md", v.field("document_text"));
    let record = write(&dir, "record.json", v.field("record"));
    let mut args: Vec<OsString> = vec!["verify".into(), record.into(), "--document".into(), document.into()];
    for key in v.value.get("trusted_keys").and_then(Value::as_array).unwrap_or_default() {
        args.push("--public-key".into());
        args.push(key.as_str().unwrap().into());
    }
    args.extend(extra.iter().map(OsString::from));
    run(&args, b"")
}

#[test]
fn valid_vectors_pass_every_check() {
    let valid = vectors("valid");
    assert!(valid.len() >= 3);
    for v in &valid {
        let r = verify_vector(v, &["--public-key", v.field("public_key")]);
        assert_eq!(r.code, 0, "{}: {}", v.name(), r.stdout);
        let lines: Vec<&str> = r.stdout.lines().collect();
        assert!(lines[0].ends_with("record.json: VALID  record AAECAwQFBgcICQoLDA0O_w"), "{}", lines[0]);
        for (line, check) in lines[1..7].iter().zip(["schema", "signature", "document", "highlights", "timestamps", "trusted-key"]) {
            assert!(line.starts_with(&format!("  ok    {check}")), "{}: {line}", v.name());
        }
        assert_eq!(lines[7], "1 record checked: 1 passed, 0 failed");
        assert_eq!(lines.len(), 8);
    }
}

#[test]
fn invalid_vectors_get_exactly_their_verdict() {
    let invalid = vectors("invalid");
    assert!(invalid.len() >= 8);
    for v in &invalid {
        let name = v.name();
        let expected = v.value.get("expected").unwrap();
        let json = verify_vector(v, &["--json"]);
        assert_eq!(json.code, 1, "{name}: {}", json.stdout);
        let out = json.json();
        let record = &out.get("records").unwrap().as_array().unwrap()[0];
        assert_eq!(record.get("valid"), Some(&Value::Bool(false)), "{name}");
        assert_eq!(str_of(record, "failed_check"), str_of(expected, "check"), "{name}");
        for check in record.get("checks").unwrap().as_array().unwrap() {
            let check_name = str_of(check, "check").unwrap();
            let status = str_of(check, "status").unwrap();
            assert_eq!(Some(status), expected.get("results").and_then(|r| str_of(r, check_name)), "{name}: {check_name}");
            if status == "failed" && Some(check_name) == str_of(expected, "check") {
                assert_eq!(str_of(check, "error"), str_of(expected, "error"), "{name}");
                assert!(str_of(check, "hint").is_some_and(|h| h.len() > 20), "{name}");
            }
        }
        let text = verify_vector(v, &[]);
        assert_eq!(text.code, 1);
        let check = str_of(expected, "check").unwrap();
        let fail_line = format!("  FAIL  {check:<11}  {}", str_of(expected, "error").unwrap());
        assert!(text.stdout.lines().any(|l| l == fail_line), "{name}: {fail_line}\n{}", text.stdout);
        assert!(text.stdout.ends_with("1 record checked: 0 passed, 1 failed\n"), "{name}: {}", text.stdout);
    }
}

/// Many records at once: an array file and a JSON Lines file, against several documents
/// (each record is checked against the one whose hash it names).
#[test]
fn arrays_json_lines_and_several_documents() {
    let dir = scratch("batch");
    let valid = vectors("valid");
    let mut args: Vec<OsString> = vec!["verify".into(), "--json".into()];
    let records: Vec<Value> = valid.iter().map(|v| parse(v.field("record")).unwrap()).collect();
    args.push(write(&dir, "valid.json", canonical_json(&Value::Array(records))).into());
    for (i, v) in valid.iter().enumerate() {
        args.push("--document".into());
        args.push(write(&dir, &format!("document-{i}.md"), v.field("document_text")).into());
    }
    // Every invalid vector about the v1-basic document whose verdict needs no options.
    let invalid: Vec<Vector> = vectors("invalid")
        .into_iter()
        .filter(|v| v.field("document_text") == valid[0].field("document_text") && v.value.get("trusted_keys").and_then(Value::as_array).is_none_or(|k| k.is_empty()))
        .collect();
    assert!(invalid.len() >= 6, "{}", invalid.len());
    let lines: Vec<&str> = invalid.iter().map(|v| v.field("record")).collect();
    args.push(write(&dir, "invalid.jsonl", lines.join("\n") + "\n").into());

    let r = run(&args, b"");
    assert_eq!(r.code, 1);
    let out = r.json();
    let results = out.get("records").unwrap().as_array().unwrap();
    assert_eq!(results.len(), valid.len() + invalid.len());
    for (i, result) in results[..valid.len()].iter().enumerate() {
        assert_eq!(result.get("valid"), Some(&Value::Bool(true)), "valid item {i}");
        assert_eq!(result.get("item").and_then(Value::as_number).map(|n| n.get()), Some((i + 1) as f64));
        assert_eq!(str_of(result, "document"), Some(format!("{}", dir.join(format!("document-{i}.md")).display()).as_str()));
    }
    for (i, (result, v)) in results[valid.len()..].iter().zip(&invalid).enumerate() {
        assert_eq!(result.get("line").and_then(Value::as_number).map(|n| n.get()), Some((i + 1) as f64));
        assert_eq!(str_of(result, "failed_check"), v.value.get("expected").and_then(|e| str_of(e, "check")), "{}", v.name());
    }
    let summary = out.get("summary").unwrap();
    assert_eq!(summary.get("passed").and_then(Value::as_number).map(|n| n.get()), Some(valid.len() as f64));
    assert_eq!(summary.get("failed").and_then(Value::as_number).map(|n| n.get()), Some(invalid.len() as f64));
}

#[test]
fn quiet_prints_only_what_failed() {
    let dir = scratch("quiet");
    let basic = &vectors("valid")[0];
    let document = write(&dir, "document.md", basic.field("document_text"));
    let broken = vectors("invalid").into_iter().find(|v| v.name() == "reordered-timestamps").unwrap();
    let stdin = format!("{}\n{}\n", basic.field("record"), broken.field("record"));
    let r = run(&[OsString::from("verify"), "-".into(), "--document".into(), document.into(), "-q".into()], stdin.as_bytes());
    assert_eq!(r.code, 1);
    assert!(r.stdout.starts_with("standard input, line 2: INVALID"), "{}", r.stdout);
    assert!(r.stdout.ends_with("2 records checked: 1 passed, 1 failed\n"), "{}", r.stdout);
}

#[test]
fn unreadable_input_is_exit_2_even_with_invalid_records() {
    let dir = scratch("unreadable");
    let basic = &vectors("valid")[0];
    let document = write(&dir, "document.md", basic.field("document_text"));
    let bad = write(&dir, "bad.json", "{\"schema\": 1}");
    let empty = write(&dir, "empty.json", " \n");
    let args: Vec<OsString> = vec!["verify".into(), bad.into(), empty.into(), dir.join("missing.json").into(), "--document".into(), document.into()];
    let r = run(&args, b"");
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("empty.json is empty") && r.stderr.contains("missing.json: there is no such file"), "{}", r.stderr);
    assert!(r.stdout.ends_with("1 record checked: 0 passed, 1 failed; 2 input file(s) could not be read (see above)\n"), "{}", r.stdout);
    let not_a_document = write(&dir, "not-a-document.md", "# no front matter\n");
    let r = run(&[OsString::from("verify"), "-".into(), "--document".into(), not_a_document.into()], b"{}");
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("is not one the widget accepts"), "{}", r.stderr);
}
