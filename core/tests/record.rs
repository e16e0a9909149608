//! The acceptance record: building, signing, verifying, checking against the document,
//! and the fixed valid test vectors in `tests/vectors/valid/`.
//!
//! Signing here uses `ed25519_dalek::SigningKey`; in the browser WebCrypto signs the same
//! signing input.

mod support;
use support::Rng;
#[path = "support/mutate.rs"]
mod mutate;
use mutate::changed;

use std::path::PathBuf;

use chrono::{DateTime, TimeZone, Utc};
use clausewrap_core::document::{Document, Metadata, Passage};
use clausewrap_core::gate::Evidence;
use clausewrap_core::hash::sha256_hex;
use clausewrap_core::json::{canonical_json, parse, Number, Value};
use clausewrap_core::record::{
    check_against_document, format_timestamp, verify, AcceptanceRecord, ChangeSeenKind, Reacceptance, ReadingRules, RecordError, RecordInput,
    SignedRecord, Supersedes, Viewport,
};
use clausewrap_core::{base64url, diff, markdown, record};
use ed25519_dalek::{Signer, SigningKey};

/// RFC 8032 §7.1, test 1.
const SEED_HEX: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const PUBLIC_KEY_HEX: &str = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
/// RFC 8032 §7.1, test 2.
const OTHER_SEED_HEX: &str = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";

fn hex32(hex: &str) -> [u8; 32] {
    let bytes: Vec<u8> = (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect();
    bytes.try_into().unwrap()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn at(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(1_795_921_445_678 + ms).unwrap()
}

/// A document as the parser would give it; only the front matter and passages matter here.
fn document(id: &str, title: &str, version: &str, lang: &str, passages: &[&str]) -> Document {
    Document {
        meta: Metadata { id: id.into(), title: title.into(), version: version.into(), lang: lang.into(), source: None, extra: vec![] },
        blocks: vec![],
        passages: passages.iter().map(|p| Passage { id: (*p).into(), clause: None, text: String::new() }).collect(),
    }
}

const BASIC_TEXT: &str = "---
id: sample-service-rules
title: Sample Service Rules
version: 2026-11-01
lang: en
---
# Sample Service Rules

Please read these rules. **We are not liable for indirect losses.**

1. Fees are charged monthly. **Fees already paid are not refunded.**
2. Either party may end the service with 30 days' notice.
3. **Disputes go to the courts of the provider's seat.** **This clause survives termination.**
";

fn basic_document() -> Document {
    document("sample-service-rules", "Sample Service Rules", "2026-11-01", "en", &["p-h1", "c1-h1", "c3-h1", "c3-h2"])
}

/// Evidence as the gate gives it: each passage in view for a second (or for the whole
/// reading, if shorter), nothing acknowledged.
fn evidence(opened_at: DateTime<Utc>, reached_end_at: DateTime<Utc>, passages_first_seen: Vec<DateTime<Utc>>, accepted_at: DateTime<Utc>) -> Evidence {
    let reading_ms = (accepted_at - opened_at).num_milliseconds().max(0) as u64;
    Evidence {
        opened_at,
        reached_end_at,
        passages_visible_ms: vec![reading_ms.min(1000); passages_first_seen.len()],
        passages_acknowledged_at: vec![None; passages_first_seen.len()],
        passages_first_seen,
        accepted_at,
        reading_ms,
    }
}

fn basic_evidence() -> Evidence {
    evidence(at(0), at(9_000), vec![at(1_200), at(3_400), at(8_100), at(8_100)], at(12_345))
}

fn build(doc: &Document, text: &str, evidence: &Evidence, subject: Option<&str>, nonce: Option<&str>) -> AcceptanceRecord {
    build_input(doc, text, evidence, subject, nonce, None).unwrap()
}

fn build_input(
    doc: &Document,
    text: &str,
    evidence: &Evidence,
    subject: Option<&str>,
    nonce: Option<&str>,
    reacceptance: Option<Reacceptance>,
) -> Result<AcceptanceRecord, RecordError> {
    let sha = sha256_hex(text.as_bytes());
    AcceptanceRecord::new(RecordInput {
        document: doc,
        document_sha256: &sha,
        evidence,
        record_id: *b"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\xff",
        subject: subject.map(String::from),
        nonce: nonce.map(String::from),
        locale: "en-GB".into(),
        user_agent: "Mozilla/5.0 (X11; Linux x86_64) Test/1.0".into(),
        viewport: Some(Viewport { width: 1280, height: 800, device_pixel_ratio: 1.5 }),
        reading_rules: Some(ReadingRules { min_dwell_ms: 300, min_visible_ms: 0, acknowledgement_required: false }),
        reacceptance,
    })
}

fn sign(record: AcceptanceRecord, seed_hex: &str) -> SignedRecord {
    let key = SigningKey::from_bytes(&hex32(seed_hex));
    let signature = key.sign(record.signing_input().as_bytes()).to_bytes();
    record.into_signed(key.verifying_key().to_bytes(), signature)
}

/// Signs any JSON object the way records are signed, returning the canonical record text.
fn sign_value(mut value: Value, seed_hex: &str) -> String {
    let key = SigningKey::from_bytes(&hex32(seed_hex));
    let signature = key.sign(canonical_json(&value).as_bytes()).to_bytes();
    let Value::Object(members) = &mut value else { panic!("not an object") };
    members.push((
        "signature".into(),
        Value::Object(vec![
            ("alg".into(), "Ed25519".into()),
            ("public_key".into(), base64url::encode(&key.verifying_key().to_bytes()).into()),
            ("value".into(), base64url::encode(&signature).into()),
        ]),
    ));
    canonical_json(&value)
}

fn basic_signed() -> SignedRecord {
    sign(build(&basic_document(), BASIC_TEXT, &basic_evidence(), None, None), SEED_HEX)
}

fn schema_member(result: Result<SignedRecord, RecordError>) -> String {
    match result {
        Err(RecordError::Schema { member, .. }) => member,
        other => panic!("expected a schema error, got {other:?}"),
    }
}

#[test]
fn sign_then_verify_round_trips() {
    let signed = basic_signed();
    let json = signed.to_json();
    assert_eq!(hex(signed.public_key()), PUBLIC_KEY_HEX);
    let verified = verify(&json).unwrap();
    assert_eq!(verified, signed);
    assert_eq!(verified.to_json(), json);
    assert_eq!(verified.record().evidence.highlights_seen.len(), 4);
    check_against_document(verified.record(), BASIC_TEXT.as_bytes(), &basic_document()).unwrap();

    // The exact layout of the record.
    let r = signed.record();
    let expected_start = [
        r#"{"accepted_at":"2026-11-29T03:04:18.023Z","document":{"highlights":4,"id":"sample-service-rules","#,
        r#""sha256":""#,
        &sha256_hex(BASIC_TEXT.as_bytes()),
        r#"","title":"Sample Service Rules","version":"2026-11-01"},"evidence":{"highlights_seen":[{"acknowledged_at":null,"first_seen_at":"2026-11-29T03:04:06.878Z","id":"p-h1","visible_ms":1000},"#,
    ]
    .concat();
    assert!(json.starts_with(&expected_start), "{json}");
    assert!(json.contains(r#""nonce":null,"record_id":"AAECAwQFBgcICQoLDA0O_w","schema":"clausewrap.acceptance.v1","signature":{"alg":"Ed25519","public_key":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","value":""#), "{json}");
    assert!(json.ends_with(r#""},"subject":null}"#), "{json}");
    assert_eq!(r.record_id[15], 0xff);
}

#[test]
fn record_json_equals_serde_jcs_of_the_same_value() {
    for signed in [basic_signed(), chinese_signed(), reaccept_signed()] {
        let json = signed.to_json();
        let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_jcs::to_string(&value).unwrap(), json);
        value.as_object_mut().unwrap().remove("signature");
        assert_eq!(serde_jcs::to_string(&value).unwrap(), signed.record().signing_input());
    }
}

#[test]
fn verification_does_not_depend_on_layout() {
    let json = basic_signed().to_json();
    let pretty = serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(&json).unwrap()).unwrap();
    assert_ne!(pretty, json);
    assert_eq!(verify(&pretty).unwrap().to_json(), json);
}

const CHINESE_TEXT: &str = "---
id: face-recognition-service-rules
title: 人脸识别服务规则
version: 2019-07-29 15:49:27
lang: zh-CN
---
# 人脸识别服务规则

欢迎您使用人脸识别服务。**请您务必审慎阅读、充分理解各条款内容。**

1. **您应当确保已获得个人信息主体的单独同意。**
2. 本服务按调用量计费。**已支付的费用不予退还。**
";

fn chinese_document() -> Document {
    document("face-recognition-service-rules", "人脸识别服务规则", "2019-07-29 15:49:27", "zh-CN", &["p-h1", "c1-h1", "c2-h1"])
}

fn chinese_record() -> AcceptanceRecord {
    let evidence = evidence(at(0), at(20_000), vec![at(0), at(6_000), at(20_001)], at(31_000));
    let mut record = build(&chinese_document(), CHINESE_TEXT, &evidence, Some("用户-😀-42"), Some("n0nce\u{2028}\"\\\u{7f}\u{1}"));
    record.evidence.locale = "zh-CN".into();
    record
}

fn chinese_signed() -> SignedRecord {
    sign(chinese_record(), SEED_HEX)
}

#[test]
fn non_ascii_text_subject_and_nonce() {
    let signed = chinese_signed();
    let json = signed.to_json();
    assert!(json.contains(r#""title":"人脸识别服务规则""#), "{json}");
    assert!(json.contains(r#""subject":"用户-😀-42""#), "{json}");
    assert!(json.contains("\"nonce\":\"n0nce\u{2028}\\\"\\\\\u{7f}\\u0001\""), "{json}");
    let verified = verify(&json).unwrap();
    assert_eq!(verified.record().subject.as_deref(), Some("用户-😀-42"));
    check_against_document(verified.record(), CHINESE_TEXT.as_bytes(), &chinese_document()).unwrap();
}

// ---- Re-acceptance ---------------------------------------------------------------------

/// The next version of BASIC_TEXT: clause 1 changed, clause 2 removed (clause 3 is now
/// clause 2, unchanged), clause 3 added.
const REACCEPT_TEXT: &str = "---
id: sample-service-rules
title: Sample Service Rules
version: 2026-12-01
lang: en
---
# Sample Service Rules

Please read these rules. **We are not liable for indirect losses.**

1. Fees are charged monthly. **Fees already paid are refunded pro rata when the service ends early.**
2. **Disputes go to the courts of the provider's seat.** **This clause survives termination.**
3. **Personal data stays in the EU.**
";

fn reaccept_document() -> Document {
    document("sample-service-rules", "Sample Service Rules", "2026-12-01", "en", &["p-h1", "c1-h1", "c2-h1", "c2-h2", "c3-h1"])
}

fn reaccept_evidence() -> Evidence {
    evidence(at(0), at(7_000), vec![at(900), at(2_100), at(4_000), at(4_000), at(5_600)], at(9_870))
}

/// Replaces an acceptance of v1-basic's document (version 2026-11-01) whose record is known.
fn reacceptance() -> Reacceptance {
    Reacceptance {
        supersedes: Supersedes { record_id: Some(*b"\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f"), version: "2026-11-01".into(), sha256: sha256_hex(BASIC_TEXT.as_bytes()) },
        changes: vec![("c1".into(), ChangeSeenKind::Changed), ("old-c2".into(), ChangeSeenKind::Removed), ("c3".into(), ChangeSeenKind::Added)],
        changes_first_seen: vec![at(2_100), at(3_050), at(5_600)],
    }
}

fn reaccept_build(reacceptance: Reacceptance) -> Result<AcceptanceRecord, RecordError> {
    build_input(&reaccept_document(), REACCEPT_TEXT, &reaccept_evidence(), None, None, Some(reacceptance))
}

fn reaccept_signed() -> SignedRecord {
    sign(reaccept_build(reacceptance()).unwrap(), SEED_HEX)
}

/// The changes the vector lists are the sections `clausewrap diff` says must be read again.
#[test]
fn reacceptance_changes_are_the_diffs_sections_to_read() {
    let old = markdown::parse(BASIC_TEXT.as_bytes()).unwrap();
    let new = markdown::parse(REACCEPT_TEXT.as_bytes()).unwrap();
    let diff = diff::diff_documents(&old, &new);
    let from_diff: Vec<(String, Option<ChangeSeenKind>)> = diff.to_read().map(|c| (c.id(), ChangeSeenKind::from_name(c.kind.name()))).collect();
    let listed: Vec<(String, Option<ChangeSeenKind>)> = reacceptance().changes.into_iter().map(|(id, kind)| (id, Some(kind))).collect();
    assert_eq!(from_diff, listed);
    let passages: Vec<String> = new.passages.iter().map(|p| p.id.clone()).collect();
    assert_eq!(passages, reaccept_document().passages.iter().map(|p| p.id.clone()).collect::<Vec<_>>());
    assert_eq!(ChangeSeenKind::from_name("moved"), None);
}

#[test]
fn reacceptance_round_trips() {
    let signed = reaccept_signed();
    let json = signed.to_json();
    let verified = verify(&json).unwrap();
    assert_eq!(verified, signed);
    check_against_document(verified.record(), REACCEPT_TEXT.as_bytes(), &reaccept_document()).unwrap();
    let r = verified.record();
    let supersedes = r.supersedes.as_ref().unwrap();
    assert_eq!((supersedes.version.as_str(), supersedes.record_id.map(|id| id[0])), ("2026-11-01", Some(0x10)));
    let kinds: Vec<(&str, &str)> = r.evidence.changes_seen.iter().flatten().map(|c| (c.id.as_str(), c.kind.name())).collect();
    assert_eq!(kinds, [("c1", "changed"), ("old-c2", "removed"), ("c3", "added")]);

    let basic_sha = sha256_hex(BASIC_TEXT.as_bytes());
    let supersedes_json = format!(r#""supersedes":{{"record_id":"EBESExQVFhcYGRobHB0eHw","sha256":"{basic_sha}","version":"2026-11-01"}}"#);
    assert!(json.contains(&supersedes_json), "{json}");
    let changes_json = [
        r#""changes_seen":[{"first_seen_at":"2026-11-29T03:04:07.778Z","id":"c1","kind":"changed"},"#,
        r#"{"first_seen_at":"2026-11-29T03:04:08.728Z","id":"old-c2","kind":"removed"},"#,
        r#"{"first_seen_at":"2026-11-29T03:04:11.278Z","id":"c3","kind":"added"}],"#,
    ]
    .concat();
    assert!(json.contains(&changes_json), "{json}");

    // Only the version known: record_id is null. Nothing changed but the front matter: no changes.
    let mut known = reacceptance();
    known.supersedes.record_id = None;
    (known.changes, known.changes_first_seen) = (vec![], vec![]);
    let signed = sign(reaccept_build(known).unwrap(), SEED_HEX);
    assert!(signed.to_json().contains(r#""changes_seen":[],"#) && signed.to_json().contains(r#""supersedes":{"record_id":null,"#));
    assert_eq!(verify(&signed.to_json()).unwrap(), signed);

    // A first acceptance says nothing of either.
    let basic = basic_signed().to_json();
    assert!(!basic.contains("supersedes") && !basic.contains("changes_seen"), "{basic}");
    assert_eq!(basic_signed().record().supersedes, None);
}

/// `base` with the member at `path` replaced (or removed, with `None`), signed: the member
/// its schema error names.
fn edited_member(base: &Value, path: &[&str], replacement: Option<Value>) -> String {
    let mut value = base.clone();
    let path: Vec<Seg> = path.iter().map(|k| k.parse().map_or_else(|_| Seg::Key((*k).into()), Seg::Index)).collect();
    match (replacement, path.split_last()) {
        (Some(replacement), _) => *at_path(&mut value, &path) = replacement,
        (None, Some((Seg::Key(last), parent))) => drop(at_path(&mut value, parent).remove(last)),
        (None, _) => panic!("only members can be removed"),
    }
    schema_member(verify(&sign_value(value, SEED_HEX)))
}

#[test]
fn reacceptance_shape_errors_name_the_member() {
    let base = reaccept_build(reacceptance()).unwrap().to_value();
    let own_sha: Value = sha256_hex(REACCEPT_TEXT.as_bytes()).into();
    let own_id: Value = "AAECAwQFBgcICQoLDA0O_w".into();
    let (sup, ev, ch) = ("supersedes", "evidence", "changes_seen");
    let cases: &[(&[&str], Option<Value>, &str)] = &[
        // Both or neither.
        (&[sup], None, "supersedes"),
        (&[ev, ch], None, "evidence.changes_seen"),
        (&[sup], Some(Value::Null), "supersedes"),
        (&[sup], Some("x".into()), "supersedes"),
        (&[sup, "record_id"], None, "supersedes.record_id"),
        (&[sup, "record_id"], Some("EBESExQVFhcYGRobHB0eHx".into()), "supersedes.record_id"),
        (&[sup, "record_id"], Some("EBESExQVFhcYGRobHB0e".into()), "supersedes.record_id"),
        (&[sup, "record_id"], Some(Value::Number(Number::from(1u32))), "supersedes.record_id"),
        // A record cannot supersede itself, nor the version it accepts.
        (&[sup, "record_id"], Some(own_id), "supersedes.record_id"),
        (&[sup, "sha256"], Some(own_sha), "supersedes.sha256"),
        (&[sup, "version"], None, "supersedes.version"),
        (&[sup, "version"], Some(Value::Null), "supersedes.version"),
        (&[sup, "sha256"], None, "supersedes.sha256"),
        (&[sup, "sha256"], Some(sha256_hex(b"x").to_uppercase().into()), "supersedes.sha256"),
        (&[sup, "sha256"], Some("abc".into()), "supersedes.sha256"),
        (&[ev, ch], Some(Value::Null), "evidence.changes_seen"),
        (&[ev, ch], Some(Value::Object(vec![])), "evidence.changes_seen"),
        (&[ev, ch, "0"], Some(Value::Null), "evidence.changes_seen[0]"),
        (&[ev, ch, "1", "id"], None, "evidence.changes_seen[1].id"),
        (&[ev, ch, "1", "id"], Some(Value::Number(Number::from(2u32))), "evidence.changes_seen[1].id"),
        (&[ev, ch, "1", "kind"], None, "evidence.changes_seen[1].kind"),
        (&[ev, ch, "1", "kind"], Some("moved".into()), "evidence.changes_seen[1].kind"),
        (&[ev, ch, "1", "kind"], Some("Changed".into()), "evidence.changes_seen[1].kind"),
        (&[ev, ch, "1", "first_seen_at"], None, "evidence.changes_seen[1].first_seen_at"),
        (&[ev, ch, "1", "first_seen_at"], Some("2026-11-29T03:04:08.728".into()), "evidence.changes_seen[1].first_seen_at"),
    ];
    for (path, replacement, member) in cases {
        assert_eq!(edited_member(&base, path, replacement.clone()), *member, "{path:?}");
    }
    let text = |path: &[&str], replacement: Value| {
        let mut value = base.clone();
        *at_path(&mut value, &path.iter().map(|k| Seg::Key((*k).into())).collect::<Vec<_>>()) = replacement;
        verify(&sign_value(value, SEED_HEX)).unwrap_err().to_string()
    };
    assert_eq!(
        text(&[sup, "sha256"], sha256_hex(REACCEPT_TEXT.as_bytes()).into()),
        "invalid record: supersedes.sha256 must differ from document.sha256: a record cannot supersede the version it accepts"
    );
    assert_eq!(text(&[sup, "record_id"], Value::Bool(true)), "invalid record: supersedes.record_id must be base64url (no padding) of 16 bytes, or null");
    let kind = [Seg::Key(ev.into()), Seg::Key(ch.into()), Seg::Index(2), Seg::Key("kind".into())];
    let mut value = base.clone();
    *at_path(&mut value, &kind) = "moved".into();
    let error = verify(&sign_value(value, SEED_HEX)).unwrap_err().to_string();
    assert_eq!(error, r#"invalid record: evidence.changes_seen[2].kind must be "changed", "added" or "removed""#);
    // Members unknown to v1 may ride in both, like anywhere outside signature.
    let mut value = base;
    let Value::Object(members) = at_path(&mut value, &[Seg::Key(sup.into())]) else { panic!() };
    members.push(("x_note".into(), "from the integrator".into()));
    assert!(verify(&sign_value(value, SEED_HEX)).is_ok());
}

#[test]
fn changes_are_seen_between_opening_and_acceptance() {
    let order = |record: &AcceptanceRecord| match check_against_document(record, REACCEPT_TEXT.as_bytes(), &reaccept_document()) {
        Err(RecordError::TimeOrder { member, .. }) => member,
        other => panic!("expected a time order error, got {other:?}"),
    };
    let base = reaccept_signed().record().clone();
    let seen_at = |i: usize, t: DateTime<Utc>| {
        let mut r = base.clone();
        r.evidence.changes_seen.as_mut().unwrap()[i].first_seen_at = t;
        r
    };
    assert_eq!(order(&seen_at(0, at(-1))), "evidence.changes_seen[0].first_seen_at");
    assert_eq!(order(&seen_at(2, at(9_871))), "evidence.changes_seen[2].first_seen_at");
    // The bounds themselves are in order, and changes need not be seen in document order.
    let mut r = seen_at(0, at(9_870));
    r.evidence.changes_seen.as_mut().unwrap()[1].first_seen_at = at(0);
    check_against_document(&r, REACCEPT_TEXT.as_bytes(), &reaccept_document()).unwrap();
    let error = seen_at(1, at(10_000)).check_times().unwrap_err().to_string();
    assert_eq!(error, "times out of order: evidence.changes_seen[1].first_seen_at is not between evidence.opened_at and accepted_at");
}

#[test]
fn building_refuses_an_inconsistent_reacceptance() {
    let refused = |edit: &dyn Fn(&mut Reacceptance)| {
        let mut r = reacceptance();
        edit(&mut r);
        match reaccept_build(r) {
            Err(RecordError::Schema { member, .. } | RecordError::Mismatch { member, .. } | RecordError::TimeOrder { member, .. }) => member,
            other => panic!("expected an error, got {other:?}"),
        }
    };
    assert_eq!(refused(&|r| r.changes_first_seen.truncate(2)), "evidence.changes_seen");
    assert_eq!(refused(&|r| r.changes.push(("c9".into(), ChangeSeenKind::Added))), "evidence.changes_seen");
    assert_eq!(refused(&|r| r.supersedes.sha256 = r.supersedes.sha256.to_uppercase()), "supersedes.sha256");
    assert_eq!(refused(&|r| r.supersedes.sha256 = sha256_hex(REACCEPT_TEXT.as_bytes())), "supersedes.sha256");
    assert_eq!(refused(&|r| r.supersedes.record_id = Some(*b"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\xff")), "supersedes.record_id");
    assert_eq!(refused(&|r| r.changes_first_seen[1] = at(-1)), "evidence.changes_seen[1].first_seen_at");
    assert_eq!(refused(&|r| r.changes_first_seen[0] = Utc.with_ymd_and_hms(10_000, 1, 1, 0, 0, 0).unwrap()), "evidence.changes_seen");
    // Sub-millisecond precision is dropped, as it is in the JSON.
    let mut fine = reacceptance();
    fine.changes_first_seen[0] += chrono::Duration::microseconds(999);
    assert_eq!(reaccept_build(fine).unwrap().evidence.changes_seen.unwrap()[0].first_seen_at, at(2_100));
    // A typed record with one member and not the other is refused too.
    let mut r = reaccept_build(reacceptance()).unwrap();
    r.evidence.changes_seen = None;
    assert!(matches!(r.check_consistency(), Err(RecordError::Schema { member, .. }) if member == "evidence.changes_seen"));
    let mut r = reaccept_build(reacceptance()).unwrap();
    r.supersedes = None;
    assert!(matches!(r.check_consistency(), Err(RecordError::Schema { member, .. }) if member == "supersedes"));
}

// ---- Tampering -------------------------------------------------------------------------

#[derive(Clone, Debug)]
enum Seg {
    Key(String),
    Index(usize),
}

fn leaf_paths(value: &Value, path: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
    match value {
        Value::Object(members) => {
            for (key, member) in members {
                path.push(Seg::Key(key.clone()));
                leaf_paths(member, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                leaf_paths(item, path, out);
                path.pop();
            }
        }
        _ => out.push(path.clone()),
    }
}

fn object_paths(value: &Value, path: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
    match value {
        Value::Object(members) => {
            out.push(path.clone());
            for (key, member) in members {
                path.push(Seg::Key(key.clone()));
                object_paths(member, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                object_paths(item, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn at_path<'a>(value: &'a mut Value, path: &[Seg]) -> &'a mut Value {
    path.iter().fold(value, |v, seg| match (v, seg) {
        (Value::Object(members), Seg::Key(k)) => &mut members.iter_mut().find(|(key, _)| key == k).unwrap().1,
        (Value::Array(items), Seg::Index(i)) => &mut items[*i],
        _ => panic!("bad path"),
    })
}

fn path_name(path: &[Seg]) -> String {
    path.iter().map(|s| match s { Seg::Key(k) => format!(".{k}"), Seg::Index(i) => format!("[{i}]") }).collect()
}

#[test]
fn changing_any_single_value_breaks_verification() {
    for signed in [basic_signed(), chinese_signed(), reaccept_signed()] {
        let original = signed.to_value();
        let mut paths = Vec::new();
        leaf_paths(&original, &mut vec![], &mut paths);
        assert!(paths.len() >= 20, "{}", paths.len());
        for path in &paths {
            let name = path_name(path);
            let mut value = original.clone();
            let leaf = at_path(&mut value, path);
            *leaf = changed(leaf);
            let result = verify(&canonical_json(&value));
            assert!(result.is_err(), "{name} changed, still verifies");
            // Content keeps its form when changed, so only the signature can catch it (a
            // null acknowledgement changed to a string is a malformed timestamp first, a
            // changed kind is no kind).
            if !(name == ".schema" || name.starts_with(".signature") || name.ends_with(".acknowledged_at") || name.ends_with(".kind")) {
                assert_eq!(result, Err(RecordError::Signature), "{name}");
            }
        }
    }
}

#[test]
fn removing_any_member_breaks_verification() {
    let mut removed = 0;
    for original in [chinese_signed().to_value(), reaccept_signed().to_value()] {
        let mut objects = Vec::new();
        object_paths(&original, &mut vec![], &mut objects);
        for object_path in objects {
            let keys: Vec<String> = at_path(&mut original.clone(), &object_path).as_object().unwrap().iter().map(|(k, _)| k.clone()).collect();
            for key in keys {
                let mut value = original.clone();
                at_path(&mut value, &object_path).remove(&key);
                let name = path_name(&object_path) + "." + &key;
                assert!(verify(&canonical_json(&value)).is_err(), "{name} removed, still verifies");
                removed += 1;
            }
        }
    }
    // 21 members and more in each record; the re-acceptance adds 2 + 3 + 3 per change.
    assert!(removed >= 2 * 21 + 14, "{removed}");
}

#[test]
fn reordering_or_dropping_highlights_breaks_verification() {
    let original = basic_signed().to_value();
    let seen_path = [Seg::Key("evidence".into()), Seg::Key("highlights_seen".into())];
    let edits: [fn(&mut Vec<Value>); 4] = [|v| v.swap(0, 1), |v| drop(v.remove(2)), |v| v.push(v[0].clone()), |v| v.clear()];
    for edit in edits {
        let mut value = original.clone();
        let Value::Array(items) = at_path(&mut value, &seen_path) else { panic!() };
        edit(items);
        assert_eq!(verify(&canonical_json(&value)), Err(RecordError::Signature));
    }
}

#[test]
fn unsigned_additions_break_verification() {
    let original = basic_signed().to_value();
    let added = |path: &[Seg]| {
        let mut value = original.clone();
        let Value::Object(members) = at_path(&mut value, path) else { panic!() };
        members.push(("added".into(), Value::Bool(true)));
        verify(&canonical_json(&value))
    };
    for path in [vec![], vec![Seg::Key("document".into())], vec![Seg::Key("evidence".into())]] {
        assert_eq!(added(&path), Err(RecordError::Signature), "{}", path_name(&path));
    }
    // `signature` itself is not signed, so it may hold nothing else.
    assert_eq!(schema_member(added(&[Seg::Key("signature".into())])), "signature.added");
}

#[test]
fn wrong_key_or_damaged_signature_fails() {
    let signed = basic_signed();
    let original = signed.to_value();
    let with_signature = |member: &str, text: String| {
        let mut value = original.clone();
        *at_path(&mut value, &[Seg::Key("signature".into()), Seg::Key(member.into())]) = Value::String(text);
        verify(&canonical_json(&value))
    };
    let other_key = SigningKey::from_bytes(&hex32(OTHER_SEED_HEX)).verifying_key().to_bytes();
    assert_eq!(with_signature("public_key", base64url::encode(&other_key)), Err(RecordError::Signature));

    let sig = base64url::encode(signed.signature());
    assert_eq!(schema_member(with_signature("value", sig[..sig.len() - 2].to_owned())), "signature.value");
    assert_eq!(schema_member(with_signature("value", base64url::encode(&signed.signature()[..63]))), "signature.value");
    assert_eq!(schema_member(with_signature("value", sig.clone() + "=")), "signature.value");
    assert_eq!(with_signature("value", base64url::encode(&[0; 64])), Err(RecordError::Signature));
    // Another record's signature by the same key.
    assert_eq!(with_signature("value", base64url::encode(chinese_signed().signature())), Err(RecordError::Signature));
    // A signature made by another key over the right bytes.
    let forged = SigningKey::from_bytes(&hex32(OTHER_SEED_HEX)).sign(signed.record().signing_input().as_bytes()).to_bytes();
    assert_eq!(with_signature("value", base64url::encode(&forged)), Err(RecordError::Signature));
    // Small-order public key (the identity point): refused by strict verification.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    assert!(with_signature("public_key", base64url::encode(&identity)).is_err());
    assert_eq!(schema_member(with_signature("public_key", sig[..43].to_owned() + "A")), "signature.public_key");
}

#[test]
fn extra_signed_members_are_accepted_and_kept() {
    let mut value = build(&basic_document(), BASIC_TEXT, &basic_evidence(), None, None).to_value();
    let Value::Object(members) = &mut value else { panic!() };
    members.push(("x_integrator".into(), parse(r#"{"tenant":"acme","weights":[0.1,1e21]}"#).unwrap()));
    let json = sign_value(value, SEED_HEX);
    let verified = verify(&json).unwrap();
    assert_eq!(verified.to_json(), json);
    assert!(json.contains(r#""weights":[0.1,1e+21]"#));
}

#[test]
fn shape_errors_name_the_member() {
    let base = build(&chinese_document(), CHINESE_TEXT, &evidence(at(0), at(1), vec![at(0); 3], at(2)), None, None).to_value();
    let cases: &[(&[&str], Value, &str)] = &[
        (&["schema"], "clausewrap.acceptance.v2".into(), "schema"),
        (&["schema"], Value::Null, "schema"),
        (&["record_id"], "AAECAwQFBgcICQoLDA0O_x".into(), "record_id"),
        (&["record_id"], "AAECAwQFBgcICQoLDA0O".into(), "record_id"),
        (&["record_id"], "AAECAwQFBgcICQoLDA0O_w==".into(), "record_id"),
        (&["document", "sha256"], "ABC".into(), "document.sha256"),
        (&["document", "sha256"], sha256_hex(b"x").to_uppercase().into(), "document.sha256"),
        (&["document", "highlights"], Value::Number(Number::new(-1.0).unwrap()), "document.highlights"),
        (&["document", "highlights"], Value::Number(Number::new(1.5).unwrap()), "document.highlights"),
        (&["document", "highlights"], "3".into(), "document.highlights"),
        (&["document", "title"], Value::Null, "document.title"),
        (&["document"], Value::Array(vec![]), "document"),
        (&["accepted_at"], "2026-11-29T03:04:05Z".into(), "accepted_at"),
        (&["accepted_at"], "2026-11-29T03:04:05.678+00:00".into(), "accepted_at"),
        (&["subject"], Value::Bool(false), "subject"),
        (&["nonce"], Value::Number(Number::from(1u32)), "nonce"),
        (&["evidence", "opened_at"], "yesterday".into(), "evidence.opened_at"),
        (&["evidence", "highlights_seen"], Value::Null, "evidence.highlights_seen"),
        (&["evidence", "locale"], Value::Null, "evidence.locale"),
        (&["evidence", "user_agent"], Value::Array(vec![]), "evidence.user_agent"),
    ];
    for (path, replacement, member) in cases {
        let mut value = base.clone();
        let path: Vec<Seg> = path.iter().map(|k| Seg::Key((*k).into())).collect();
        *at_path(&mut value, &path) = replacement.clone();
        // Signed, so that only the shape is wrong.
        assert_eq!(schema_member(verify(&sign_value(value, SEED_HEX))), *member);
    }
    let mut value = base.clone();
    let entry = at_path(&mut value, &[Seg::Key("evidence".into()), Seg::Key("highlights_seen".into()), Seg::Index(1)]);
    *entry = parse(r#"{"id":"c1-h1","first_seen_at":"2026-11-29T03:04:05.678"}"#).unwrap();
    assert_eq!(schema_member(verify(&sign_value(value.clone(), SEED_HEX))), "evidence.highlights_seen[1].first_seen_at");
    *at_path(&mut value, &[Seg::Key("evidence".into()), Seg::Key("highlights_seen".into()), Seg::Index(1)]) = Value::Null;
    assert_eq!(schema_member(verify(&sign_value(value, SEED_HEX))), "evidence.highlights_seen[1]");

    assert_eq!(schema_member(verify("[]")), "");
    assert!(matches!(verify("{\"schema\":1,\"schema\":2}"), Err(RecordError::Json(e)) if e.message == "duplicate object key"));
    let mut value = base;
    value.remove("signature");
    assert_eq!(schema_member(verify(&canonical_json(&value))), "signature");
}

#[test]
fn errors_describe_the_failed_check() {
    let text = |e: RecordError| e.to_string();
    assert_eq!(text(RecordError::Signature), "the signature does not match the record and its public key");
    assert_eq!(text(verify("{").unwrap_err()), "not valid JSON: expected a string key at byte 1");
    assert_eq!(text(verify("1").unwrap_err()), "invalid record: the record must be an object");
    assert_eq!(text(verify("{}").unwrap_err()), "invalid record: schema is missing");
    let other = document("other", "Other", "1", "en", &[]);
    let err = check_against_document(basic_signed().record(), b"other", &other).unwrap_err();
    assert_eq!(text(err), "mismatch: document.sha256 differs from the SHA-256 of the document bytes");
}

// ---- Against the document ---------------------------------------------------------------

#[test]
fn check_against_document_names_the_mismatch() {
    let signed = basic_signed();
    let record = signed.record();
    let bytes = BASIC_TEXT.as_bytes();
    let mismatch = |result: Result<(), RecordError>| match result {
        Err(RecordError::Mismatch { member, .. }) => member,
        other => panic!("expected a mismatch, got {other:?}"),
    };
    let edited = BASIC_TEXT.replace("monthly", "weekly");
    assert_eq!(mismatch(check_against_document(record, edited.as_bytes(), &basic_document())), "document.sha256");
    let mut doc = basic_document();
    doc.meta.version = "2026-12-01".into();
    assert_eq!(mismatch(check_against_document(record, bytes, &doc)), "document.version");
    let mut doc = basic_document();
    doc.passages.pop();
    assert_eq!(mismatch(check_against_document(record, bytes, &doc)), "document.highlights");
    let mut doc = basic_document();
    doc.passages.swap(1, 2);
    assert_eq!(mismatch(check_against_document(record, bytes, &doc)), "evidence.highlights_seen[1].id");

    let mut short = record.clone();
    short.evidence.highlights_seen.pop();
    assert_eq!(mismatch(check_against_document(&short, bytes, &basic_document())), "evidence.highlights_seen");
}

#[test]
fn times_must_be_in_reading_order() {
    let order = |record: &AcceptanceRecord| match check_against_document(record, BASIC_TEXT.as_bytes(), &basic_document()) {
        Err(RecordError::TimeOrder { member, .. }) => member,
        other => panic!("expected a time order error, got {other:?}"),
    };
    let base = basic_signed().record().clone();
    let mut r = base.clone();
    r.evidence.reached_end_at = at(-1);
    assert_eq!(order(&r), "evidence.reached_end_at");
    let mut r = base.clone();
    r.accepted_at = at(8_999);
    assert_eq!(order(&r), "accepted_at");
    let mut r = base.clone();
    r.evidence.highlights_seen[2].first_seen_at = at(12_346);
    assert_eq!(order(&r), "evidence.highlights_seen[2].first_seen_at");
    let mut r = base.clone();
    r.evidence.highlights_seen[0].first_seen_at = at(-1);
    assert_eq!(order(&r), "evidence.highlights_seen[0].first_seen_at");
    // Equal times are in order: a document that fits on the screen is seen at once.
    let mut r = base;
    r.evidence.reached_end_at = r.evidence.opened_at;
    r.accepted_at = r.evidence.opened_at;
    for h in &mut r.evidence.highlights_seen {
        h.first_seen_at = r.evidence.opened_at;
    }
    check_against_document(&r, BASIC_TEXT.as_bytes(), &basic_document()).unwrap();
}

#[test]
fn building_refuses_inconsistent_input() {
    let doc = basic_document();
    let sha = sha256_hex(BASIC_TEXT.as_bytes());
    let try_build = |sha: &str, evidence: &Evidence| {
        AcceptanceRecord::new(RecordInput {
            document: &doc,
            document_sha256: sha,
            evidence,
            record_id: [7; 16],
            subject: None,
            nonce: None,
            locale: "en".into(),
            user_agent: "ua".into(),
            viewport: None,
            reading_rules: None,
            reacceptance: None,
        })
    };
    let good = basic_evidence();
    assert!(try_build(&sha, &good).is_ok());
    assert!(matches!(try_build(&sha.to_uppercase(), &good), Err(RecordError::Schema { member, .. }) if member == "document.sha256"));
    let mut fewer = good.clone();
    fewer.passages_first_seen.pop();
    assert!(matches!(try_build(&sha, &fewer), Err(RecordError::Mismatch { member, .. }) if member == "evidence.highlights_seen"));
    let mut backwards = good.clone();
    backwards.accepted_at = at(-5);
    assert!(matches!(try_build(&sha, &backwards), Err(RecordError::TimeOrder { .. })));
    let mut far = good.clone();
    far.accepted_at = Utc.with_ymd_and_hms(10_000, 1, 1, 0, 0, 0).unwrap();
    assert!(matches!(try_build(&sha, &far), Err(RecordError::Schema { member, .. }) if member == "accepted_at"));
    // Sub-millisecond precision is dropped, as it is in the JSON.
    let mut fine = good;
    fine.accepted_at = at(12_345) + chrono::Duration::microseconds(999);
    assert_eq!(try_build(&sha, &fine).unwrap().accepted_at, at(12_345));
    assert_eq!(format_timestamp(at(12_345) + chrono::Duration::microseconds(999)), "2026-11-29T03:04:18.023Z");
}

#[test]
fn into_signed_only_attaches_and_verify_catches_a_bad_signature() {
    let record = build(&basic_document(), BASIC_TEXT, &basic_evidence(), None, None);
    let key = SigningKey::from_bytes(&hex32(SEED_HEX));
    let wrong = key.sign(b"something else").to_bytes();
    let signed = record.clone().into_signed(key.verifying_key().to_bytes(), wrong);
    assert_eq!(signed.record(), &record);
    assert_eq!(signed.signature(), &wrong);
    assert_eq!(verify(&signed.to_json()), Err(RecordError::Signature));
    assert_eq!(signed.to_value(), parse(&signed.to_json()).unwrap());
}

// ---- Robustness ------------------------------------------------------------------------



#[test]
fn verification_never_panics_and_accepts_only_the_signed_value() {
    let json = chinese_signed().to_json();
    let pieces = ["{", "}", "[", "]", "\"", ",", ":", "\\", "\\u0000", "0", "1", "-", "e", " ", "null", "A", "_", "=", "😀", "\u{2028}"];
    let mut rng = Rng(7);
    let mut rejected = 0;
    for round in 0..3_000 {
        let mut chars: Vec<String> = json.chars().map(String::from).collect();
        for _ in 0..=rng.below(3) {
            let at = rng.below(chars.len());
            match rng.below(3) {
                0 => drop(chars.remove(at)),
                1 => chars[at] = pieces[rng.below(pieces.len())].to_owned(),
                _ => chars.insert(at, pieces[rng.below(pieces.len())].to_owned()),
            }
        }
        let text = match round % 10 {
            0 => chars[..rng.below(chars.len())].concat(),
            1 => (0..rng.below(40)).map(|_| pieces[rng.below(pieces.len())]).collect(),
            2 => (0..rng.below(40)).filter_map(|_| char::from_u32(rng.below(0x11_0000) as u32)).collect(),
            _ => chars.concat(),
        };
        match verify(&text) {
            // Only a respelling of the same value (white space, say) may still verify.
            Ok(signed) => assert_eq!(signed.to_json(), json, "{text}"),
            Err(_) => rejected += 1,
        }
    }
    assert!(rejected > 2_700, "{rejected}");
    for text in ["", "null", "{\"schema\":\"clausewrap.acceptance.v1\"}", "\u{feff}{}", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]"] {
        assert!(verify(text).is_err());
    }
}

// ---- Fixed test vectors ------------------------------------------------------------------

/// One vector in `tests/vectors/valid/`. The file holds everything an outside verifier
/// needs; the test rebuilds it from the inputs here and compares byte for byte. Set
/// `CLAUSEWRAP_WRITE_RECORD_VECTORS=1` to rewrite the files after an intended change.
struct Vector {
    name: &'static str,
    description: &'static str,
    document_text: &'static str,
    document: Document,
    signed_value: Value,
}

fn vectors() -> Vec<Vector> {
    let basic = build(&basic_document(), BASIC_TEXT, &basic_evidence(), None, None);
    let chinese = chinese_record();

    const NO_HIGHLIGHTS_TEXT: &str = "---\nid: short-notice\ntitle: \"Short notice\"\nversion: 1\nlang: en\n---\nNothing here is highlighted.\n";
    let no_highlights_doc = document("short-notice", "Short notice", "1", "en", &[]);
    let evidence = evidence(at(0), at(0), vec![], at(700));
    let mut extended = build(&no_highlights_doc, NO_HIGHLIGHTS_TEXT, &evidence, Some("alice@example.com"), None).to_value();
    let Value::Object(members) = &mut extended else { panic!() };
    // Members a later v1 writer might add. Their keys and numbers are where hand-rolled
    // canonicalisers go wrong: U+1F600 sorts before U+FB33 in UTF-16 order, 1e21 is
    // written "1e+21", 0.5e-6 is written "5e-7" and 100.0 is written "100".
    members.push(("x_extension".into(), parse(r#"{"\ufb33":"dalet","\ud83d\ude00":"grin","a":[1e21,5e-7,100.0,-0.0,0.1]}"#).unwrap()));

    vec![
        Vector {
            name: "v1-basic",
            description: "English document with four highlighted passages; subject and nonce null.",
            document_text: BASIC_TEXT,
            document: basic_document(),
            signed_value: basic.to_value(),
        },
        Vector {
            name: "v1-zh-subject-nonce",
            description: "Chinese title; subject and nonce given, with an emoji, U+2028, a quote, a backslash, U+007F and U+0001.",
            document_text: CHINESE_TEXT,
            document: chinese_document(),
            signed_value: chinese.to_value(),
        },
        Vector {
            name: "v1-extension",
            description: "No highlighted passages; an extra top-level member (allowed in v1 and covered by the signature) whose keys need UTF-16 ordering and whose numbers need ECMAScript formatting.",
            document_text: NO_HIGHLIGHTS_TEXT,
            document: no_highlights_doc,
            signed_value: extended,
        },
        Vector {
            name: "v1-reacceptance",
            description: "Re-acceptance: version 2026-12-01 of v1-basic's document, accepted by a customer who had accepted version 2026-11-01 (supersedes names that document's SHA-256 and the earlier record); evidence.changes_seen lists clause 1 changed, old clause 2 removed and clause 3 added, in the new document's order.",
            document_text: REACCEPT_TEXT,
            document: reaccept_document(),
            signed_value: reaccept_build(reacceptance()).unwrap().to_value(),
        },
    ]
}

fn vector_file(v: &Vector) -> String {
    let signing_input = canonical_json(&v.signed_value);
    let key = SigningKey::from_bytes(&hex32(SEED_HEX));
    let record = sign_value(v.signed_value.clone(), SEED_HEX);
    let signature = key.sign(signing_input.as_bytes()).to_bytes();
    let s = |text: &str| serde_json::to_string(text).unwrap();
    let ids: Vec<String> = v.document.passages.iter().map(|p| s(&p.id)).collect();
    [
        "{\n",
        "  \"description\": ", &s(v.description), ",\n",
        "  \"document_text\": ", &s(v.document_text), ",\n",
        "  \"document_sha256\": ", &s(&sha256_hex(v.document_text.as_bytes())), ",\n",
        "  \"passage_ids\": [", &ids.join(", "), "],\n",
        "  \"private_key_seed_hex\": ", &s(SEED_HEX), ",\n",
        "  \"public_key\": ", &s(&base64url::encode(&key.verifying_key().to_bytes())), ",\n",
        "  \"signing_input\": ", &s(&signing_input), ",\n",
        "  \"signature\": ", &s(&base64url::encode(&signature)), ",\n",
        "  \"record\": ", &s(&record), "\n",
        "}\n",
    ]
    .concat()
}

#[test]
fn fixed_test_vectors() {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/valid"));
    let write = std::env::var_os("CLAUSEWRAP_WRITE_RECORD_VECTORS").is_some();
    for v in vectors() {
        let path = dir.join(format!("{}.json", v.name));
        let expected = vector_file(&v);
        if write {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &expected).unwrap();
        }
        let on_disk = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(on_disk == expected.as_bytes(), "{} differs from what the code produces", path.display());

        // Check the file on its own terms, with independent tools where there are some.
        let file: serde_json::Value = serde_json::from_slice(&on_disk).unwrap();
        let field = |name: &str| file[name].as_str().unwrap().to_owned();
        let record_text = field("record");
        let mut record_json: serde_json::Value = serde_json::from_str(&record_text).unwrap();
        assert_eq!(serde_jcs::to_string(&record_json).unwrap(), record_text, "{}: record is canonical", v.name);
        record_json.as_object_mut().unwrap().remove("signature");
        assert_eq!(serde_jcs::to_string(&record_json).unwrap(), field("signing_input"), "{}", v.name);
        assert_eq!(record_json["document"]["sha256"], sha256_hex(field("document_text").as_bytes()), "{}", v.name);
        let key = SigningKey::from_bytes(&hex32(&field("private_key_seed_hex")));
        let signature = key.sign(field("signing_input").as_bytes());
        assert_eq!(base64url::encode(&signature.to_bytes()), field("signature"), "{}", v.name);
        key.verifying_key().verify_strict(field("signing_input").as_bytes(), &signature).unwrap();

        let signed = verify(&record_text).unwrap();
        assert_eq!(signed.to_json(), record_text);
        check_against_document(signed.record(), field("document_text").as_bytes(), &v.document).unwrap();
    }
    assert!(!write, "vectors written; unset CLAUSEWRAP_WRITE_RECORD_VECTORS and run again");
}

#[test]
fn schema_constant_is_v1() {
    assert_eq!(record::SCHEMA, "clausewrap.acceptance.v1");
}

/// The v1 additions are checked when present: time in view within the reading, and what
/// the gate required was met.
#[test]
fn reading_rules_and_visible_time_must_agree_with_the_record() {
    let doc = basic_document();
    let sha = sha256_hex(BASIC_TEXT.as_bytes());
    let build_with = |evidence: &Evidence, rules: ReadingRules| {
        AcceptanceRecord::new(RecordInput {
            document: &doc,
            document_sha256: &sha,
            evidence,
            record_id: [9; 16],
            subject: None,
            nonce: None,
            locale: "en".into(),
            user_agent: "ua".into(),
            viewport: None,
            reading_rules: Some(rules),
            reacceptance: None,
        })
    };
    let plain = ReadingRules { min_dwell_ms: 300, min_visible_ms: 0, acknowledgement_required: false };
    assert!(build_with(&basic_evidence(), plain).is_ok());

    let mut too_long = basic_evidence();
    too_long.passages_visible_ms[2] = too_long.reading_ms + 1;
    assert!(matches!(build_with(&too_long, plain), Err(RecordError::Mismatch { member, .. }) if member == "evidence.highlights_seen[2].visible_ms"));

    let needs_ack = ReadingRules { acknowledgement_required: true, ..plain };
    assert!(matches!(build_with(&basic_evidence(), needs_ack), Err(RecordError::Mismatch { member, .. }) if member == "evidence.highlights_seen[0].acknowledged_at"));
    let mut acknowledged = basic_evidence();
    acknowledged.passages_acknowledged_at = vec![Some(at(9_500)); 4];
    assert!(build_with(&acknowledged, needs_ack).is_ok());
    acknowledged.passages_acknowledged_at[1] = Some(at(99_000));
    assert!(matches!(build_with(&acknowledged, needs_ack), Err(RecordError::TimeOrder { member, .. }) if member == "evidence.highlights_seen[1].acknowledged_at"));

    let minimum = ReadingRules { min_visible_ms: 1500, ..plain };
    assert!(matches!(build_with(&basic_evidence(), minimum), Err(RecordError::Mismatch { member, .. }) if member == "evidence.highlights_seen[0].visible_ms"));
}
