//! Documents the embedding scenarios serve or pass to `mount`: small valid ones, variants
//! of the shipped face-recognition rules, and one of each kind of broken input that
//! docs/embedding.md gives an error code for. Also the native checks that work for any
//! document: its SHA-256 and a record's signature and fit to it.

use serde_json::Value;
use sha2::{Digest, Sha256};

use clausewrap_core::markdown;
use clausewrap_core::record::{check_against_document, verify};

/// docs/embedding.md: a document larger than this is `document-too-large`.
pub const MAX_DOCUMENT_BYTES: usize = 2 * 1024 * 1024;

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Front matter with every required key (`id`, `title`, `version`, `lang`), then `body`.
pub fn with_front_matter(id: &str, title: &str, version: &str, body: &str) -> String {
    format!("---\nid: {id}\ntitle: {title}\nversion: {version}\nlang: en\n---\n{body}")
}

/// A short English document that fits in the widget at once: one highlighted passage.
pub fn short(id: &str, version: &str) -> String {
    with_front_matter(
        id,
        &format!("Rules {id}"),
        version,
        "These rules are short, so that the whole text fits on screen.\n\n\
         1. **The provider is not liable for outages of the service.**\n\n\
         2. Disputes go to the courts at the seat of the provider.\n",
    )
}

/// Short document A (`embed-test-a`).
pub fn short_a() -> String {
    short("embed-test-a", "2024-01-01")
}

/// Short document B (`embed-test-b`), a different text from A.
pub fn short_b() -> String {
    short("embed-test-b", "2024-02-01")
}

/// A short document without any highlighted passage.
pub fn plain() -> String {
    with_front_matter("embed-test-plain", "Plain rules", "1", "Nothing here is highlighted.\n\n1. The service is provided as is.\n")
}

/// The shipped face-recognition rules (long enough to need scrolling) with another `id`
/// and `version`: the same format, a different document.
pub fn rules_variant(id: &str, version: &str) -> String {
    let original = String::from_utf8(super::record::document_bytes()).expect("the rules are UTF-8");
    let mut changed = 0;
    let lines: Vec<String> = original
        .split('\n')
        .map(|line| {
            if line.starts_with("id: ") {
                changed += 1;
                format!("id: {id}")
            } else if line.starts_with("version: ") {
                changed += 1;
                format!("version: {version}")
            } else {
                line.to_string()
            }
        })
        .collect();
    assert_eq!(changed, 2, "the rules' front matter has one id and one version line");
    lines.join("\n")
}

/// Not UTF-8: valid front matter, then bytes no UTF-8 text contains.
pub fn not_utf8() -> Vec<u8> {
    let mut bytes = with_front_matter("embed-test-bytes", "Bytes", "1", "Text, then ").into_bytes();
    bytes.extend_from_slice(b"\xff\xfe\xc3(\n");
    bytes
}

/// Front matter that is never closed.
pub fn unclosed_front_matter() -> String {
    "---\nid: embed-test-open\ntitle: Open\nversion: 1\nlang: en\n\nThe body, with no closing line above.\n".into()
}

/// Front matter without the `id` key.
pub fn missing_id() -> String {
    "---\ntitle: No id\nversion: 1\nlang: en\n---\nThe body.\n".into()
}

/// Front matter without the `version` key.
pub fn missing_version() -> String {
    "---\nid: embed-test-no-version\ntitle: No version\nlang: en\n---\nThe body.\n".into()
}

/// A valid document a little larger than [`MAX_DOCUMENT_BYTES`].
pub fn too_large() -> Vec<u8> {
    let mut text = with_front_matter("embed-test-large", "Large", "1", "");
    let paragraph = "This paragraph is repeated to make the document larger than the limit.\n\n";
    while text.len() <= MAX_DOCUMENT_BYTES + 4096 {
        text.push_str(paragraph);
    }
    text.into_bytes()
}

/// Checks the record JSON `text` against `document`: the schema, the document's hash, the
/// Ed25519 signature, and that its evidence fits the document. Returns it parsed.
#[track_caller]
pub fn check_record_for(text: &str, document: &[u8]) -> Value {
    let record: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("record is not JSON ({e}): {text}"));
    assert_eq!(record["schema"], "clausewrap.acceptance.v1", "schema of {text}");
    assert_eq!(record["document"]["sha256"], sha256_hex(document).as_str(), "document.sha256 is the SHA-256 of the document");
    let signed = verify(text).unwrap_or_else(|e| panic!("the record does not verify: {e}\n{text}"));
    let parsed = markdown::parse(document).unwrap_or_else(|e| panic!("the document does not parse: {e:?}"));
    check_against_document(signed.record(), document, &parsed)
        .unwrap_or_else(|e| panic!("the record does not fit the document: {e}\n{text}"));
    record
}

/// How many highlighted passages `document` has (the native parser's count).
#[track_caller]
pub fn highlights(document: &[u8]) -> usize {
    markdown::parse(document).unwrap_or_else(|e| panic!("the document does not parse: {e:?}")).passages.len()
}
