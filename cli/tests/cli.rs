//! The command line as people meet it: help, usage errors, exit codes, `hash` and `lint`.

mod support;

use std::ffi::OsStr;

use clausewrap_core::hash::sha256_hex;
use clausewrap_core::json::Value;
use support::{run, scratch, write, BIN, DEFAULT_DOCUMENT};

#[test]
fn the_binary_is_named_as_its_help_says() {
    let name = std::path::Path::new(BIN).file_stem().unwrap().to_string_lossy().into_owned();
    assert_eq!(name, clausewrap_cli::help::PROGRAM);
}

#[test]
fn help_for_every_command() {
    let general = run(&["--help"], b"");
    assert_eq!(general.code, 0);
    for words in ["verify", "hash", "lint", "Exit codes:", "0  everything checked out", "2  something could not be checked"] {
        assert!(general.stdout.contains(words), "{words}: {}", general.stdout);
    }
    assert_eq!(run::<&str>(&[], b"").stdout, general.stdout);
    for (command, words) in [
        ("verify", ["--document FILE", "--public-key KEY", "trusted-key", "JSON Lines"]),
        ("hash", ["SHA-256", "front", "highlighted passages", "Exit codes:"]),
        ("lint", ["unmarked-liability", "bold-whole-clause", "raw-html", "art. 496"]),
    ] {
        let help = run(&[command, "--help"], b"");
        assert_eq!(help.code, 0);
        assert!(help.stdout.starts_with(&format!("Usage: clausewrap {command}")), "{}", help.stdout);
        for w in words {
            assert!(help.stdout.contains(w), "{command}: {w}");
        }
        assert!(help.stdout.contains("Exit codes:"), "{command}");
        assert_eq!(run(&["help", command], b"").stdout, help.stdout);
        assert_eq!(run(&[command, "-h"], b"").stdout, help.stdout);
    }
    let version = run(&["--version"], b"");
    assert!(version.stdout.starts_with("clausewrap 0.1.0 (records: clausewrap.acceptance.v1)"), "{}", version.stdout);
}

#[test]
fn usage_errors_exit_2_with_a_way_forward() {
    for (args, says, help) in [
        (vec!["frobnicate"], "there is no command 'frobnicate'", "clausewrap --help"),
        (vec!["verify", "r.json"], "--document FILE", "clausewrap verify --help"),
        (vec!["verify", "--document", DEFAULT_DOCUMENT], "at least one record file", "clausewrap verify --help"),
        (vec!["verify", "r.json", "--document"], "--document needs a document file", "clausewrap verify --help"),
        (vec!["lint", "--fast", "x.md"], "unknown option '--fast' for lint", "clausewrap lint --help"),
        (vec!["hash"], "at least one document file", "clausewrap hash --help"),
    ] {
        let r = run(&args, b"");
        assert_eq!(r.code, 2, "{args:?}");
        assert!(r.stdout.is_empty(), "{args:?}");
        assert!(r.stderr.starts_with("clausewrap: "), "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(says), "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(&format!("Run '{help}' for usage.")), "{args:?}: {}", r.stderr);
    }
    let r = run(&["verify", "r.json", "--document", DEFAULT_DOCUMENT, "--public-key", "not-a-key"], b"");
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--public-key not-a-key: not a public key"), "{}", r.stderr);
}

#[test]
fn hash_prints_what_a_record_would_carry() {
    let bytes = std::fs::read(DEFAULT_DOCUMENT).unwrap();
    let sha = sha256_hex(&bytes);
    let r = run(&["hash", DEFAULT_DOCUMENT], b"");
    assert_eq!(r.code, 0);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines[0], format!("{sha}  {DEFAULT_DOCUMENT}"));
    assert_eq!(&lines[1..], ["  id          face-recognition-service-rules", "  title       人脸识别服务规则", "  version     2019-07-29 15:49:27", "  highlights  17"]);

    let json = run(&["hash", "--json", DEFAULT_DOCUMENT], b"").json();
    let document = &json.get("files").unwrap().as_array().unwrap()[0].get("document").unwrap().clone();
    assert_eq!(document.get("sha256").and_then(Value::as_str), Some(sha.as_str()));
    assert_eq!(document.get("highlights").and_then(Value::as_number).map(|n| n.get()), Some(17.0));
    assert_eq!(document.get("version").and_then(Value::as_str), Some("2019-07-29 15:49:27"));
}

#[test]
fn hash_of_a_refused_or_missing_document() {
    let dir = scratch("hash");
    let refused = write(&dir, "refused.md", "no front matter\n");
    let r = run(&[OsStr::new("hash"), refused.as_os_str(), OsStr::new("--json")], b"");
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("the widget refuses this document"), "{}", r.stderr);
    assert!(r.stdout.contains(&sha256_hex(b"no front matter\n")), "the SHA-256 is still printed: {}", r.stdout);
    let r = run(&["hash".as_ref(), dir.join("missing.md").as_os_str()], b"");
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("could not read") && r.stderr.contains("there is no such file"), "{}", r.stderr);
}

#[test]
fn the_default_rules_lint_clean() {
    let r = run(&["lint", DEFAULT_DOCUMENT], b"");
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(r.stdout, format!("{DEFAULT_DOCUMENT}: no findings (17 highlighted passages, 51 sentences checked)\n"));
    let json = run(&["lint", "--json", DEFAULT_DOCUMENT], b"").json();
    assert_eq!(json.get("exit_code").and_then(Value::as_number).map(|n| n.get()), Some(0.0));
}

#[test]
fn clause_14_without_bold_is_flagged() {
    let text = std::fs::read_to_string(DEFAULT_DOCUMENT).unwrap();
    let start = text.lines().position(|l| l.starts_with("14. ")).unwrap();
    let copy: String = text.lines().enumerate().map(|(i, l)| if i >= start { l.replace("**", "") } else { l.to_owned() } + "\n").collect();
    let dir = scratch("lint14");
    let path = write(&dir, "rules.md", &copy);
    let name = path.to_string_lossy().into_owned();
    let r = run(&["lint", name.as_str()], b"");
    assert_eq!(r.code, 1, "{}", r.stdout);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{}", r.stdout);
    for (line, place) in lines.iter().zip(["66:8", "68:8", "70:8", "70:32"]) {
        assert!(line.starts_with(&format!("{name}:{place}: unmarked-liability: clause 14: ")), "{line}");
    }
    assert!(lines[0].contains("(\"签订地\")"), "{}", lines[0]);
    assert!(lines[3].contains("(\"争议\", \"法院\", \"管辖\")"), "{}", lines[3]);
    assert_eq!(lines[4], format!("{name}: 4 findings (14 highlighted passages, 51 sentences checked)"));

    let json = run(&["lint", "--json", name.as_str()], b"").json();
    let findings = json.get("files").unwrap().as_array().unwrap()[0].get("findings").unwrap().as_array().unwrap().to_vec();
    assert_eq!(findings.len(), 4);
    for f in &findings {
        assert_eq!(f.get("rule").and_then(Value::as_str), Some("unmarked-liability"));
        assert_eq!(f.get("clause").and_then(Value::as_number).map(|n| n.get()), Some(14.0));
    }
    let terms = findings[0].get("terms").unwrap().as_array().unwrap();
    assert_eq!(terms[0].get("category").and_then(Value::as_str), Some("jurisdiction or governing law"));
}

#[test]
fn lint_reports_every_rule_with_line_and_column() {
    let dir = scratch("lint");
    let html = write(&dir, "html.md", "---\nid: a\ntitle: A\nversion: 1\nlang: en\n---\n# **Terms**\n\nWe are not liable. <b>Really</b>.\n");
    let r = run(&["lint".as_ref(), html.as_os_str()], b"");
    assert_eq!(r.code, 1);
    let rules: Vec<&str> = r.stdout.lines().filter_map(|l| l.split(": ").nth(1)).collect();
    assert_eq!(rules, ["raw-html", "raw-html", "2 findings (the widget refuses the document, so its clauses were not checked)"]);
    assert!(r.stdout.starts_with(&format!("{}:9:20: raw-html: ", html.display())), "{}", r.stdout);

    let ok = write(&dir, "ok.md", "---\nid: a\ntitle: A\nversion: 1\nlang: en\n---\n# **Terms**\n\nWe are not liable.\n");
    let r = run(&["lint".as_ref(), ok.as_os_str(), dir.join("missing.md").as_os_str()], b"");
    assert_eq!(r.code, 2, "a file that cannot be read wins: {r:?}");
    assert!(r.stdout.contains(":7:5: bold-heading: ") && r.stdout.contains(":9:1: unmarked-liability: "), "{}", r.stdout);
    assert!(r.stderr.contains("missing.md: there is no such file"), "{}", r.stderr);
}
