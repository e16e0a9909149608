//! `diff` between versions of the rules, and `lint --previous`: the sample revision against
//! the default document, renumbered clauses, and highlights an edit dropped.

mod support;

use std::ffi::OsStr;
use std::path::Path;

use clausewrap_core::hash::sha256_hex;
use clausewrap_core::json::Value;
use support::{run, scratch, write, DEFAULT_DOCUMENT};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../static/samples/face-recognition-service-rules-2026-sample.md");
const FRONT: &str = "---\nid: r\ntitle: R\nversion: 1\nlang: zh-CN\n---\n";

fn text(value: &Value, key: &str) -> String {
    value.get(key).and_then(Value::as_str).unwrap_or_else(|| panic!("no {key} in {value:?}")).to_owned()
}

fn list(value: &Value, key: &str) -> Vec<Value> {
    value.get(key).and_then(Value::as_array).unwrap_or_else(|| panic!("no {key} in {value:?}")).to_vec()
}

fn count(value: &Value, key: &str) -> f64 {
    value.get(key).and_then(Value::as_number).map(|n| n.get()).unwrap_or_else(|| panic!("no {key} in {value:?}"))
}

#[test]
fn identical_versions_exit_0() {
    let r = run(&["diff", DEFAULT_DOCUMENT, DEFAULT_DOCUMENT], b"");
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("no changes"), "{}", r.stdout);
    let json = run(&["diff", "--json", DEFAULT_DOCUMENT, DEFAULT_DOCUMENT], b"").json();
    assert_eq!(json.get("summary").and_then(|s| s.get("identical")).and_then(Value::as_bool), Some(true));
    assert!(list(&json, "sections").is_empty());
    assert_eq!(count(&json, "exit_code"), 0.0);
}

#[test]
fn the_sample_revision_against_the_default_rules() {
    let r = run(&["diff", DEFAULT_DOCUMENT, SAMPLE], b"");
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stdout.contains("4 changed, 1 added, 0 removed, 0 moved; 1 touches a highlighted passage"), "{}", r.stdout);
    let headings: Vec<&str> = r.stdout.lines().filter(|l| !l.starts_with(' ') && l.contains("  ")).collect();
    assert_eq!(headings, ["b1  added", "c3  changed", "c4  changed", "c7  changed", "c11  changed, highlighted"], "{}", r.stdout);
    assert!(r.stdout.contains("千分之[-三-]{+一+}"), "{}", r.stdout);
    assert!(r.stdout.contains("本规则{+第4条的+}约定"), "{}", r.stdout);

    let json = run(&["diff", "--json", DEFAULT_DOCUMENT, SAMPLE], b"").json();
    assert_eq!(text(&json, "command"), "diff");
    assert_eq!(count(&json, "exit_code"), 1.0);
    for (side, path) in [("old", DEFAULT_DOCUMENT), ("new", SAMPLE)] {
        let file = json.get(side).unwrap();
        assert_eq!(text(file, "sha256"), sha256_hex(&std::fs::read(path).unwrap()));
        assert_eq!(text(file, "id"), "face-recognition-service-rules");
    }
    assert_eq!(text(json.get("new").unwrap(), "version"), "2026-12-01 (sample revision)");
    let summary = json.get("summary").unwrap();
    let counts: Vec<f64> = ["changed", "added", "removed", "moved", "highlighted_changes"].iter().map(|k| count(summary, k)).collect();
    assert_eq!(counts, [4.0, 1.0, 0.0, 0.0, 1.0]);
    let sections = list(&json, "sections");
    let ids: Vec<String> = sections.iter().map(|s| text(s, "id")).collect();
    assert_eq!(ids, ["b1", "c3", "c4", "c7", "c11"]);
    let highlighted: Vec<bool> = sections.iter().map(|s| s.get("highlighted").and_then(Value::as_bool).unwrap()).collect();
    assert_eq!(highlighted, [false, false, false, false, true]);
    assert!(sections[0].get("old").unwrap().is_null());
    let c11 = &sections[4];
    assert_eq!((text(c11, "kind"), count(c11.get("old").unwrap(), "number")), ("changed".to_owned(), 11.0));
    let edits = list(c11, "edits");
    let ops: Vec<(String, String)> = edits.iter().map(|e| (text(e, "op"), text(e, "text"))).collect();
    assert_eq!(ops[1..3], [("delete".to_owned(), "三".to_owned()), ("insert".to_owned(), "一".to_owned())]);
    for edit in sections.iter().flat_map(|s| list(s, "edits")) {
        assert!(["same", "insert", "delete"].contains(&text(&edit, "op").as_str()));
        if edit.get("elided").is_some() {
            assert!(text(&edit, "text").chars().count() <= 81 && text(&edit, "text").contains('…'), "{edit:?}");
        }
    }
}

#[test]
fn a_renumbered_clause_is_moved() {
    let dir = scratch("diff-moved");
    let old = write(&dir, "old.md", format!("{FRONT}1. 甲方提供服务。\n2. **乙方自行承担风险。**\n3. 本规则自公布之日起施行。\n"));
    let new = write(&dir, "new.md", format!("{FRONT}1. 甲方提供服务。\n2. 乙方应当遵守法律法规。\n3. **乙方自行承担风险。**\n4. 本规则自公布之日起施行。\n"));
    let r = run(&["diff".as_ref(), old.as_os_str(), new.as_os_str()], b"");
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stdout.contains("0 changed, 1 added, 0 removed, 2 moved; 0 touch a highlighted passage"), "{}", r.stdout);
    assert!(r.stdout.contains("\nc2  added\n") && r.stdout.contains("\nc3  moved (was c2)\n") && r.stdout.contains("\nc4  moved (was c3)\n"), "{}", r.stdout);
    let json = run(&["diff".as_ref(), old.as_os_str(), new.as_os_str(), "--json".as_ref()], b"").json();
    let moved = &list(&json, "sections")[1];
    assert_eq!(text(moved, "kind"), "moved");
    assert_eq!((count(moved.get("old").unwrap(), "number"), count(moved.get("new").unwrap(), "number")), (2.0, 3.0));
    assert!(list(moved, "edits").is_empty());
}

#[test]
fn files_that_cannot_be_compared_exit_2() {
    let dir = scratch("diff-bad");
    let refused = write(&dir, "refused.md", "no front matter\n");
    let r = run(&["diff".as_ref(), OsStr::new(DEFAULT_DOCUMENT), refused.as_os_str()], b"");
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("the widget refuses this document") && r.stderr.contains("lint"), "{}", r.stderr);
    let r = run(&["diff".as_ref(), dir.join("missing.md").as_os_str(), OsStr::new(DEFAULT_DOCUMENT), "--json".as_ref()], b"");
    assert_eq!(r.code, 2);
    assert!(text(r.json().get("old").unwrap(), "error").contains("there is no such file"), "{}", r.stdout);
    let r = run(&["diff", DEFAULT_DOCUMENT], b"");
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("diff compares two files") && r.stderr.contains("clausewrap diff --help"), "{}", r.stderr);
    assert!(run(&["diff", "--help"], b"").stdout.contains("Exit codes (as diff(1))"));
}

/// The default document with `edit` applied to the line that starts with `start`; the
/// copy's path and that line's number.
fn edited(dir: &Path, start: &str, edit: impl Fn(&str) -> String) -> (String, usize) {
    let original = std::fs::read_to_string(DEFAULT_DOCUMENT).unwrap();
    let line = original.lines().position(|l| l.trim_start().starts_with(start)).unwrap();
    let copy: String = original.lines().enumerate().map(|(i, l)| if i == line { edit(l) } else { l.to_owned() } + "\n").collect();
    assert_ne!(copy, original);
    (write(dir, "rules.md", copy).to_string_lossy().into_owned(), line + 1)
}

#[test]
fn lint_previous_finds_a_lost_highlight() {
    let dir = scratch("lint-previous");
    // Clause 10: the bold now covers only the end of the passage.
    let (path, line) = edited(&dir, "10. ", |l| l.replacen("**", "", 1).replace("，则不视为", "，**则不视为"));
    let r = run(&["lint", "--previous", DEFAULT_DOCUMENT, &path], b"");
    assert_eq!(r.code, 1, "{r:?}");
    let lost: Vec<&str> = r.stdout.lines().filter(|l| l.contains(": lost-highlight: ")).collect();
    assert_eq!(lost.len(), 1, "{}", r.stdout);
    assert!(lost[0].starts_with(&format!("{path}:{line}:5: lost-highlight: clause 10: ")) && lost[0].contains("(c10-h1)"), "{}", lost[0]);
    let without = run(&["lint", &path], b"");
    assert!(!without.stdout.contains("lost-highlight"), "only with --previous: {}", without.stdout);

    // Clause 11: the passage edited and no longer bold; the finding is at the clause.
    let (path, line) = edited(&dir, "11. ", |l| l.replace("**", "").replace("千分之三", "千分之二"));
    let json = run(&["lint", "--json", "--previous", DEFAULT_DOCUMENT, &path], b"").json();
    assert_eq!(text(json.get("previous").unwrap(), "version"), "2019-07-29 15:49:27");
    let findings = list(&list(&json, "files")[0], "findings");
    let lost: Vec<&Value> = findings.iter().filter(|f| text(f, "rule") == "lost-highlight").collect();
    assert_eq!(lost.len(), 1, "{findings:?}");
    assert_eq!((count(lost[0], "line"), count(lost[0], "column"), count(lost[0], "clause")), (line as f64, 5.0, 11.0));
}

#[test]
fn lint_previous_is_clean_for_the_sample_revision() {
    let r = run(&["lint", "--previous", DEFAULT_DOCUMENT, SAMPLE], b"");
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.ends_with("no findings (17 highlighted passages, 55 sentences checked)\n"), "{}", r.stdout);
    let r = run(&["lint", "--previous", "missing-old.md", SAMPLE], b"");
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("could not read missing-old.md"), "{}", r.stderr);
}
