//! The test vectors in `tests/vectors/` (layout in its README): every valid record passes
//! every named check, and every invalid one gets exactly the verdict written in it.
//!
//! The invalid vectors are generated here, deterministically, from `valid/v1-basic.json`
//! (and the `reacceptance-*` ones from `valid/v1-reacceptance.json`) with the RFC 8032
//! test key 1 they name, and compared byte for byte. After an intended
//! change, `CLAUSEWRAP_WRITE_RECORD_VECTORS=1 cargo test -p clausewrap-core --no-fail-fast`
//! rewrites them, after `fixed_test_vectors` in `record.rs` has rewritten the valid ones.

use std::path::{Path, PathBuf};

use clausewrap_core::json::{canonical_json, parse, Value};
use clausewrap_core::markdown;
use clausewrap_core::record::{check_record, format_timestamp, parse_timestamp, Check, KnownDocument, Report, Status};
use clausewrap_core::{base64url, hash};
use ed25519_dalek::{Signer, SigningKey};

/// RFC 8032 §7.1, test 2: a key nobody trusts in these vectors.
const OTHER_SEED_HEX: &str = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";

fn dir(kind: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors").join(kind)
}

fn key(seed_hex: &str) -> SigningKey {
    let bytes: Vec<u8> = (0..seed_hex.len()).step_by(2).map(|i| u8::from_str_radix(&seed_hex[i..i + 2], 16).unwrap()).collect();
    SigningKey::from_bytes(&bytes.try_into().unwrap())
}

fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn field(file: &serde_json::Value, name: &str) -> String {
    file[name].as_str().unwrap_or_else(|| panic!("no string member {name}")).to_owned()
}

/// `signature` as a record carries it.
fn signature_member(key: &SigningKey, signature: &[u8; 64]) -> String {
    let public = base64url::encode(&key.verifying_key().to_bytes());
    format!(r#""signature":{{"alg":"Ed25519","public_key":"{public}","value":"{}"}}"#, base64url::encode(signature))
}

/// A record text from the exact `signed_bytes` (a JSON object) and a signature made over
/// them by `signer`, carrying `carrier`'s public key.
fn attach(signed_bytes: &str, carrier: &SigningKey, signer: &SigningKey) -> String {
    let signature = signer.sign(signed_bytes.as_bytes()).to_bytes();
    let body = signed_bytes.strip_suffix('}').unwrap();
    format!("{body},{}}}", signature_member(carrier, &signature))
}

/// The members of a record's `evidence` object.
fn evidence(value: &mut Value) -> &mut Vec<(String, Value)> {
    let Value::Object(members) = value else { panic!() };
    let Some((_, Value::Object(evidence))) = members.iter_mut().find(|(k, _)| k == "evidence") else { panic!() };
    evidence
}

/// A vector as written to `tests/vectors/invalid/`.
struct Invalid {
    name: &'static str,
    description: &'static str,
    document_text: String,
    trusted_keys: Vec<String>,
    seed_hex: String,
    signed_bytes: String,
    record: String,
    /// The failed check and its error.
    check: Check,
    error: &'static str,
    /// The result of every check, in order.
    results: [&'static str; 6],
}

const P: &str = "passed";
const F: &str = "failed";
const N: &str = "not-run";

/// A valid vector that invalid ones are derived from: its document, its key and its record
/// without `signature`.
struct Source {
    document_text: String,
    seed_hex: String,
    key: SigningKey,
    unsigned: Value,
}

impl Source {
    fn read(name: &str) -> Source {
        let file = read_json(&dir("valid").join(format!("{name}.json")));
        let seed_hex = field(&file, "private_key_seed_hex");
        let mut unsigned = parse(&field(&file, "record")).unwrap();
        unsigned.remove("signature");
        Source { document_text: field(&file, "document_text"), key: key(&seed_hex), seed_hex, unsigned }
    }

    /// The valid record itself, with the verdict the vector expects.
    fn base(&self, name: &'static str, description: &'static str, check: Check, error: &'static str, results: [&'static str; 6]) -> Invalid {
        let canonical = canonical_json(&self.unsigned);
        Invalid {
            name,
            description,
            document_text: self.document_text.clone(),
            trusted_keys: vec![],
            seed_hex: self.seed_hex.clone(),
            record: attach(&canonical, &self.key, &self.key),
            signed_bytes: canonical,
            check,
            error,
            results,
        }
    }

    /// [`Self::base`] with the record changed by `edit` and signed properly.
    fn resigned(
        &self,
        name: &'static str,
        description: &'static str,
        check: Check,
        error: &'static str,
        results: [&'static str; 6],
        edit: &dyn Fn(&mut Value),
    ) -> Invalid {
        let mut v = self.base(name, description, check, error, results);
        (v.signed_bytes, v.record) = self.resign(edit);
        v
    }

    /// Signs a changed record properly: canonical bytes, the right key.
    fn resign(&self, edit: &dyn Fn(&mut Value)) -> (String, String) {
        let mut value = self.unsigned.clone();
        edit(&mut value);
        let bytes = canonical_json(&value);
        (bytes.clone(), attach(&bytes, &self.key, &self.key))
    }
}

fn invalid_vectors() -> Vec<Invalid> {
    let source = Source::read("v1-basic");
    let Source { document_text, key, unsigned, .. } = &source;
    let other = self::key(OTHER_SEED_HEX);
    let canonical = canonical_json(unsigned);
    let base = |name, description, check, error, results| source.base(name, description, check, error, results);
    let mut vectors = Vec::new();

    let mut v = base(
        "bad-signature",
        "The v1-basic record with a signature made over its exact signing input by another key (RFC 8032 test key 2), while public_key still names test key 1.",
        Check::Signature,
        "the signature does not match the record and its public key",
        [P, F, N, N, N, N],
    );
    v.record = attach(&canonical, key, &other);
    vectors.push(v);

    let mut v = base(
        "changed-document-byte",
        "The valid v1-basic record, checked against its document with one byte changed (\"monthly\" became \"Monthly\"): the document still parses, with the same passages.",
        Check::Document,
        "mismatch: document.sha256 differs from the SHA-256 of the document bytes",
        [P, P, F, N, P, N],
    );
    v.document_text = document_text.replacen("charged monthly", "charged Monthly", 1);
    assert_eq!(v.document_text.len(), document_text.len());
    vectors.push(v);

    vectors.push(source.resigned(
        "missing-highlight",
        "evidence.highlights_seen lacks the entry for passage c1-h1 (document.highlights is still 4); signed properly.",
        Check::Highlights,
        "mismatch: evidence.highlights_seen[1].id is not the document's highlighted passage at this position",
        [P, P, P, F, P, N],
        &|value| {
            let Some((_, Value::Array(seen))) = evidence(value).iter_mut().find(|(k, _)| k == "highlights_seen") else { panic!() };
            seen.remove(1);
        },
    ));

    vectors.push(source.resigned(
        "reordered-timestamps",
        "accepted_at and evidence.reached_end_at swapped, so Agree was pressed before the end was reached; signed properly.",
        Check::Timestamps,
        "times out of order: accepted_at is earlier than evidence.reached_end_at",
        [P, P, P, P, F, N],
        &|value| {
            let accepted = value.get("accepted_at").cloned().unwrap();
            let reached = evidence(value).iter_mut().find(|(k, _)| k == "reached_end_at").unwrap();
            let reached = std::mem::replace(&mut reached.1, accepted);
            let Value::Object(members) = value else { panic!() };
            members.iter_mut().find(|(k, _)| k == "accepted_at").unwrap().1 = reached;
        },
    ));

    vectors.push(source.resigned(
        "wrong-schema",
        "schema is \"clausewrap.acceptance.v2\", which a v1 verifier must refuse; signed properly.",
        Check::Schema,
        "invalid record: schema must be \"clausewrap.acceptance.v1\"",
        [F, N, N, N, N, N],
        &|value| {
            let Value::Object(members) = value else { panic!() };
            members.iter_mut().find(|(k, _)| k == "schema").unwrap().1 = "clausewrap.acceptance.v2".into();
        },
    ));

    let mut v = base(
        "non-canonical-number",
        "Signed over bytes that write document.highlights as 4.0 instead of 4; the record carries those bytes. A verifier that checks the bytes it received instead of the RFC 8785 bytes it rebuilds would accept it.",
        Check::Signature,
        "the signature does not match the record and its public key",
        [P, F, N, N, N, N],
    );
    v.signed_bytes = canonical.replacen("\"highlights\":4,", "\"highlights\":4.0,", 1);
    assert_ne!(v.signed_bytes, canonical);
    v.record = attach(&v.signed_bytes, key, key);
    vectors.push(v);

    let mut v = base(
        "non-canonical-string-escape",
        "subject is \"josé@example.com\", signed over bytes that write é as \\u00e9 where RFC 8785 writes the character itself; the record carries those bytes.",
        Check::Signature,
        "the signature does not match the record and its public key",
        [P, F, N, N, N, N],
    );
    let with_subject = {
        let mut value = unsigned.clone();
        let Value::Object(members) = &mut value else { panic!() };
        members.iter_mut().find(|(k, _)| k == "subject").unwrap().1 = "josé@example.com".into();
        canonical_json(&value)
    };
    v.signed_bytes = with_subject.replacen('é', "\\u00e9", 1);
    assert_ne!(v.signed_bytes, with_subject);
    v.record = attach(&v.signed_bytes, key, key);
    vectors.push(v);

    let mut v = base(
        "untrusted-key",
        "The valid v1-basic record, checked with a list of trusted keys that holds only RFC 8032 test key 2.",
        Check::TrustedKey,
        "mismatch: signature.public_key is not one of the trusted keys",
        [P, P, P, P, P, F],
    );
    v.trusted_keys = vec![base64url::encode(&other.verifying_key().to_bytes())];
    vectors.push(v);
    vectors.extend(reacceptance_vectors());
    vectors
}

/// The members of `value` at `path` (object keys from the record down).
fn object_at<'a>(mut value: &'a mut Value, path: &[&str]) -> &'a mut Vec<(String, Value)> {
    for key in path {
        let Value::Object(members) = value else { panic!() };
        value = &mut members.iter_mut().find(|(k, _)| k == key).unwrap().1;
    }
    let Value::Object(members) = value else { panic!() };
    members
}

/// The invalid vectors derived from `valid/v1-reacceptance.json`: each rule of the
/// re-acceptance members broken once, and signed properly.
fn reacceptance_vectors() -> Vec<Invalid> {
    let source = Source::read("v1-reacceptance");
    let mut vectors = Vec::new();
    let changes = |value: &mut Value| -> Vec<Value> {
        let Some((_, Value::Array(changes))) = object_at(value, &["evidence"]).iter_mut().find(|(k, _)| k == "changes_seen") else { panic!() };
        std::mem::take(changes)
    };
    let set_changes = |value: &mut Value, list: Vec<Value>| {
        object_at(value, &["evidence"]).iter_mut().find(|(k, _)| k == "changes_seen").unwrap().1 = Value::Array(list);
    };

    vectors.push(source.resigned(
        "reacceptance-supersedes-own-version",
        "supersedes names the version the record accepts (its sha256 and version are the record's own document.sha256 and document.version): a record cannot supersede the version it accepts; signed properly.",
        Check::Schema,
        "invalid record: supersedes.sha256 must differ from document.sha256: a record cannot supersede the version it accepts",
        [F, N, N, N, N, N],
        &|value| {
            let document = value.get("document").cloned().unwrap();
            for (key, member) in object_at(value, &["supersedes"]).iter_mut() {
                if key == "sha256" || key == "version" {
                    *member = document.get(key).cloned().unwrap();
                }
            }
        },
    ));

    vectors.push(source.resigned(
        "reacceptance-missing-changes-seen",
        "supersedes without evidence.changes_seen: a re-acceptance must say which changed sections were seen; signed properly.",
        Check::Schema,
        "invalid record: evidence.changes_seen is missing although supersedes is present",
        [F, N, N, N, N, N],
        &|value| object_at(value, &["evidence"]).retain(|(k, _)| k != "changes_seen"),
    ));

    vectors.push(source.resigned(
        "reacceptance-missing-supersedes",
        "evidence.changes_seen without supersedes: changes are only meaningful against the version they changed from; signed properly.",
        Check::Schema,
        "invalid record: supersedes is missing although evidence.changes_seen is present",
        [F, N, N, N, N, N],
        &|value| object_at(value, &[]).retain(|(k, _)| k != "supersedes"),
    ));

    vectors.push(source.resigned(
        "reacceptance-moved-change",
        "evidence.changes_seen lists clause 2 with kind \"moved\" (same text under a new number): only changed, added and removed sections are changes to read; signed properly.",
        Check::Schema,
        "invalid record: evidence.changes_seen[2].kind must be \"changed\", \"added\" or \"removed\"",
        [F, N, N, N, N, N],
        &|value| {
            let mut list = changes(value);
            let mut moved = list[2].clone();
            for (key, member) in object_at(&mut moved, &[]).iter_mut() {
                match key.as_str() {
                    "id" => *member = "c2".into(),
                    "kind" => *member = "moved".into(),
                    _ => {}
                }
            }
            list.insert(2, moved);
            set_changes(value, list);
        },
    ));

    vectors.push(source.resigned(
        "reacceptance-change-seen-after-acceptance",
        "evidence.changes_seen[2].first_seen_at is 1 ms after accepted_at: the added clause was first seen after Agree was pressed; signed properly.",
        Check::Timestamps,
        "times out of order: evidence.changes_seen[2].first_seen_at is not between evidence.opened_at and accepted_at",
        [P, P, P, P, F, N],
        &|value| {
            let accepted = value.get("accepted_at").and_then(Value::as_str).map(parse_timestamp).unwrap().unwrap();
            let mut list = changes(value);
            let late = format_timestamp(accepted + chrono::Duration::milliseconds(1));
            object_at(&mut list[2], &[]).iter_mut().find(|(k, _)| k == "first_seen_at").unwrap().1 = late.into();
            set_changes(value, list);
        },
    ));
    vectors
}

fn invalid_file(v: &Invalid) -> String {
    let s = |text: &str| serde_json::to_string(text).unwrap();
    let keys: Vec<String> = v.trusted_keys.iter().map(|k| s(k)).collect();
    let mut signing_input = parse(&v.record).unwrap();
    signing_input.remove("signature");
    let results: Vec<String> = Check::ALL.iter().zip(v.results).map(|(check, status)| format!("{}: {}", s(check.name()), s(status))).collect();
    [
        "{\n",
        "  \"description\": ", &s(v.description), ",\n",
        "  \"document_text\": ", &s(&v.document_text), ",\n",
        "  \"document_sha256\": ", &s(&hash::sha256_hex(v.document_text.as_bytes())), ",\n",
        "  \"trusted_keys\": [", &keys.join(", "), "],\n",
        "  \"private_key_seed_hex\": ", &s(&v.seed_hex), ",\n",
        "  \"signed_bytes\": ", &s(&v.signed_bytes), ",\n",
        "  \"signing_input\": ", &s(&canonical_json(&signing_input)), ",\n",
        "  \"record\": ", &s(&v.record), ",\n",
        "  \"expected\": {\n",
        "    \"valid\": false,\n",
        "    \"check\": ", &s(v.check.name()), ",\n",
        "    \"error\": ", &s(v.error), ",\n",
        "    \"results\": {", &results.join(", "), "}\n",
        "  }\n",
        "}\n",
    ]
    .concat()
}

/// Runs every check on a vector file's record against its document and trusted keys.
fn check_vector(file: &serde_json::Value) -> Report {
    let document_text = field(file, "document_text");
    let document = markdown::parse(document_text.as_bytes()).expect("a vector's document parses");
    let known = [KnownDocument::new(document_text.as_bytes(), &document)];
    let trusted: Vec<[u8; 32]> = file["trusted_keys"]
        .as_array()
        .map(|keys| keys.iter().map(|k| base64url::decode(k.as_str().unwrap()).unwrap().try_into().unwrap()).collect())
        .unwrap_or_default();
    check_record(&field(file, "record"), &known, &trusted)
}

fn json_files(kind: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir(kind)).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "json")).collect();
    files.sort();
    files
}

#[test]
fn invalid_vectors_are_generated_byte_for_byte() {
    let write = std::env::var_os("CLAUSEWRAP_WRITE_RECORD_VECTORS").is_some();
    let vectors = invalid_vectors();
    for v in &vectors {
        let path = dir("invalid").join(format!("{}.json", v.name));
        let expected = invalid_file(v);
        if write {
            std::fs::create_dir_all(dir("invalid")).unwrap();
            std::fs::write(&path, &expected).unwrap();
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(on_disk == expected, "{} differs from what the code produces", path.display());
    }
    let names: Vec<PathBuf> = vectors.iter().map(|v| dir("invalid").join(format!("{}.json", v.name))).collect();
    let mut names = names;
    names.sort();
    assert_eq!(json_files("invalid"), names, "every file in tests/vectors/invalid/ is generated here");
    assert!(!write, "vectors written; unset CLAUSEWRAP_WRITE_RECORD_VECTORS and run again");
}

#[test]
fn invalid_vectors_get_exactly_their_verdict() {
    let files = json_files("invalid");
    assert!(files.len() >= 8, "{files:?}");
    for path in files {
        let file = read_json(&path);
        let expected = &file["expected"];
        let report = check_vector(&file);
        let name = path.display();
        assert!(!report.passed(), "{name} passes");
        assert_eq!(expected["valid"], false, "{name}");
        let (check, error) = report.failure().unwrap();
        assert_eq!(check.name(), expected["check"], "{name}");
        assert_eq!(error.to_string(), expected["error"], "{name}");
        for (check, status) in &report.results {
            assert_eq!(status.name(), expected["results"][check.name()], "{name}: {}", check.name());
        }
        // Whatever the bytes that were signed, the signed record is rebuilt canonically.
        let mut value = parse(&field(&file, "record")).unwrap();
        value.remove("signature");
        assert_eq!(canonical_json(&value), field(&file, "signing_input"), "{name}");
    }
}

#[test]
fn valid_vectors_pass_every_check() {
    let files = json_files("valid");
    assert!(files.len() >= 3, "{files:?}");
    for path in files {
        let mut file = read_json(&path);
        let key = field(&file, "public_key");
        file["trusted_keys"] = serde_json::json!([key]);
        let report = check_vector(&file);
        for (check, status) in &report.results {
            assert_eq!(status, &Status::Passed, "{}: {}", path.display(), check.name());
        }
        assert_eq!(report.document, Some(0));
    }
}

#[test]
fn the_record_names_the_document_it_is_about() {
    // Given several documents, a record is checked against the one whose hash it names.
    let valid: Vec<serde_json::Value> = json_files("valid").iter().map(|p| read_json(p)).collect();
    let texts: Vec<String> = valid.iter().map(|f| field(f, "document_text")).collect();
    let parsed: Vec<_> = texts.iter().map(|t| markdown::parse(t.as_bytes()).unwrap()).collect();
    let known: Vec<KnownDocument<'_>> = texts.iter().zip(&parsed).map(|(t, d)| KnownDocument::new(t.as_bytes(), d)).collect();
    for (i, file) in valid.iter().enumerate() {
        let report = check_record(&field(file, "record"), &known, &[]);
        assert!(report.passed());
        assert_eq!(report.document, Some(i));
        assert_eq!(report.status(Check::TrustedKey), Some(&Status::NotRun("no trusted keys were given")));
    }
    // None of them: checked against the first, and the document check says so.
    let report = check_record(&field(&valid[0], "record"), &known[1..], &[]);
    assert_eq!(report.failure().map(|(c, _)| c), Some(Check::Document));
    assert_eq!(report.status(Check::Highlights), Some(&Status::NotRun("the record is about another document")));
    // No document at all: those checks are not run.
    let report = check_record(&field(&valid[0], "record"), &[], &[]);
    assert!(report.passed());
    assert_eq!(report.status(Check::Document), Some(&Status::NotRun("no document was given")));
}

#[test]
fn check_names_round_trip() {
    for check in Check::ALL {
        assert_eq!(Check::from_name(check.name()), Some(check));
    }
    assert_eq!(Check::from_name("nonsense"), None);
}
