//! Re-acceptance, natively: the `previous` and `reacceptance` options, comparing with the
//! version accepted before, which changes the gate waits for under each policy, where
//! each change is shown, the wording, the ready detail, and the record split back into
//! highlighted passages and changes (signed and verified).

use chrono::{DateTime, Utc};
use clausewrap::errors::WidgetError;
use clausewrap::messages::{announcement, change_place, revision_summary, status_line, Locale};
use clausewrap::options::{Options, Policy, Previous};
use clausewrap::revision::{compact, Place, CONTEXT_CHARS};
use clausewrap::snapshot::{notices, snapshot, Notice};
use clausewrap::state::{Action, Prepared, WidgetState};
use clausewrap_core::base64url;
use clausewrap_core::diff::TextEdit;
use clausewrap_core::gate::{GateEvent, GateOptions, Moment};
use clausewrap_core::hash::sha256_hex;
use clausewrap_core::record::{verify, AcceptanceRecord, ChangeSeenKind, ReadingRules, RecordInput};
use ed25519_dalek::{Signer, SigningKey};
use serde_json::json;

const OLD: &str = "---\nid: r\ntitle: 规则\nversion: 2019-07-29\nlang: zh-CN\n---\n前言段落。\n\n1. 甲方提供服务。\n2. **乙方自行承担风险。**\n3. 本条将被删除。\n4. 其他事项。\n";
const NEW: &str = "---\nid: r\ntitle: 规则\nversion: 2026-12-01\nlang: zh-CN\n---\n前言段落。\n\n1. 甲方提供服务，并保障其安全。\n2. **乙方自行承担全部风险。**\n3. 其他事项。\n4. 新增的条款。\n";

fn t(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(1_764_000_000_000 + ms).unwrap()
}

fn m(ms: i64) -> Moment {
    t(ms).into()
}

fn previous(bytes: &str) -> Previous {
    Previous {
        version: "2019-07-29".into(),
        sha256: sha256_hex(bytes.as_bytes()),
        src: "/v1/documents/r/2019-07-29".into(),
        record_id: Some(base64url::encode(&[7u8; 16])),
        accepted_at: Some("2024-05-01T02:03:04.005Z".into()),
    }
}

fn open(policy: Policy, options: GateOptions) -> WidgetState {
    WidgetState::open_prepared(Prepared::now(NEW.as_bytes()), None, Some((&previous(OLD), policy, OLD.as_bytes())), t(0), options)
}

fn apply(state: WidgetState, action: Action) -> WidgetState {
    state.reduce_action(action).expect("the action changes the state")
}

/// Item `i` of the gate in view long enough to count, at `at` ms.
fn see(state: WidgetState, i: usize, at: i64) -> WidgetState {
    let state = state.reduce_action(Action::Gate(GateEvent::PassageShown(i), m(at))).unwrap_or(state);
    apply(state, Action::Gate(GateEvent::Tick, m(at + 400)))
}

fn decode(value: serde_json::Value) -> Result<Options, WidgetError> {
    let options: Options = serde_json::from_value(value).map_err(|e| WidgetError::InvalidOption(e.to_string()))?;
    options.validated()
}

#[test]
fn the_previous_option_is_checked_member_by_member() {
    let good = json!({"version": "2019-07-29", "sha256": "AB".repeat(32), "src": "/v1/documents/r/1"});
    let options = decode(json!({ "previous": good, "reacceptance": "highlighted" })).unwrap();
    let previous = options.previous.clone().unwrap();
    assert_eq!(previous.sha256, "ab".repeat(32), "the hash is compared in lowercase");
    assert_eq!(options.policy(), Policy::Highlighted);
    assert_eq!(decode(json!({})).unwrap().policy(), Policy::Any, "any is the default");

    let with = |member: &str, value: serde_json::Value| {
        let mut previous = good.clone();
        previous[member] = value;
        decode(json!({ "previous": previous }))
    };
    assert_eq!(with("recordId", json!(base64url::encode(&[1u8; 16]))).unwrap().previous.unwrap().record_id_bytes(), Some([1u8; 16]));
    assert!(with("acceptedAt", json!("2024-05-01")).is_ok());
    assert!(with("acceptedAt", json!("2024-05-01T08:00:00+08:00")).is_ok());
    for (member, value) in [
        ("recordId", json!("not-base64url!")),
        ("recordId", json!(base64url::encode(&[1u8; 15]))),
        ("acceptedAt", json!("May 1st")),
        ("acceptedAt", json!("2024-13-01")),
        ("acceptedAt", json!("2024-05-01 08:00")),
        ("sha256", json!("abc")),
        ("version", json!(" ")),
        ("src", json!("")),
        ("version", json!(3)),
        ("extra", json!("x")),
    ] {
        let result = with(member, value.clone());
        assert_eq!(result.err().map(|e| e.code()), Some("invalid-option"), "{member}: {value}");
    }
    for bad in [
        json!({"previous": {"version": "1", "sha256": "ab".repeat(32)}}),
        json!({"previous": "2019-07-29"}),
        json!({"reacceptance": "some"}),
        json!({"reacceptance": true}),
    ] {
        assert_eq!(decode(bad.clone()).err().map(|e| e.code()), Some("invalid-option"), "{bad}");
    }
}

#[test]
fn changes_are_extra_gate_items_after_the_passages() {
    let state = open(Policy::Any, GateOptions::default());
    let loaded = state.document.ready().expect("opened");
    let revision = loaded.revision.as_ref().unwrap();
    assert!(revision.required);
    let summary = revision.summary;
    assert_eq!((summary.changed, summary.added, summary.removed, summary.moved, summary.highlighted_changes), (2, 1, 1, 1, 1));
    let changes: Vec<(&str, ChangeSeenKind, Place)> = loaded.changes().iter().map(|c| (c.id.as_str(), c.kind, c.place)).collect();
    assert_eq!(
        changes,
        [
            ("c1", ChangeSeenKind::Changed, Place::Before),
            ("c2", ChangeSeenKind::Changed, Place::Before),
            ("old-c3", ChangeSeenKind::Removed, Place::After),
            ("c4", ChangeSeenKind::Added, Place::Wrap),
        ]
    );
    // Shown where they are: clause items of the list (block 1); the removed clause after
    // clause 2, where it was.
    let at: Vec<_> = loaded.changes().iter().map(|c| c.at).collect();
    assert_eq!(at, [(1, Some(0)), (1, Some(1)), (1, Some(1)), (1, Some(3))]);
    assert!(loaded.changes()[1].highlighted && !loaded.changes()[0].highlighted);
    assert_eq!(loaded.changes()[2].edits, [TextEdit::Deleted("本条将被删除。".into())]);
    assert_eq!(loaded.changes()[3].edits, []);

    // One passage, then four changes, each named by the id its element carries.
    let ids: Vec<_> = (0..6).map(|i| loaded.item_id(i)).collect();
    let passage = Some(loaded.document.passages[0].id.clone());
    let change = |id: &str| Some(format!("change-{id}"));
    assert_eq!(ids, [passage, change("c1"), change("c2"), change("old-c3"), change("c4"), None]);
    assert_eq!(state.gate.passage_count(), 5);
    assert_eq!(state.passage_total(), 1);
    assert_eq!(state.changes_unseen(), 4);
    assert_eq!(status_line(&state, Locale::ZhCn), "请阅读至文末，还有 1 处重点条款、4 处修改未阅读。");
    assert_eq!(status_line(&state, Locale::En), "Please read to the end; 1 key clause and 4 changes are not read yet.");

    // The passage and the end are not enough.
    let state = see(state, 0, 100);
    let state = apply(state, Action::Gate(GateEvent::EndVisible, m(1000)));
    assert!(!state.agree_available());
    assert_eq!(status_line(&state, Locale::ZhCn), "还有 4 处修改未阅读，请使用「下一处未读重点条款或修改」查看。");
    assert_eq!(announcement(&state, Locale::ZhCn), "已到文末，但仍有重点条款或修改未阅读");
    assert_eq!(state.gate.next_unread(None), Some(1), "the next unread item is the first change");
    let mut state = state;
    for k in 0..3 {
        state = see(state, 1 + k, 2000 + 1000 * k as i64);
    }
    assert_eq!(status_line(&state, Locale::En), "1 change is not read yet; use “Next unread key clause or change”.");
    assert!(!state.agree_available());
    let state = see(state, 4, 9000);
    assert!(state.agree_available());
    assert_eq!(status_line(&state, Locale::ZhCn), "您已阅读全文、全部重点条款及全部修改，可以点击「同意」。");
    assert_eq!(announcement(&state, Locale::En), "Agree is now available");
}

#[test]
fn a_change_seen_is_progress_and_the_snapshot_names_it() {
    let state = open(Policy::Any, GateOptions::default());
    let before = snapshot(&state, Locale::En);
    let state = see(state, 2, 100);
    let after = snapshot(&state, Locale::En);
    assert_eq!(after.changes_seen, ["c2"]);
    assert!(after.seen.is_empty(), "a change is not a highlighted passage");
    assert_eq!(notices(Some(&before), &after), [Notice::Progress]);
    let report = after.reacceptance.unwrap();
    assert_eq!((report.required, report.policy, report.version.as_str()), (true, "any", "2019-07-29"));
    assert_eq!(report.accepted_at.as_deref(), Some("2024-05-01T02:03:04.005Z"));
    assert_eq!((report.changed, report.added, report.removed, report.moved, report.highlighted_changes), (2, 1, 1, 1, 1));
    assert_eq!(report.sha256, sha256_hex(OLD.as_bytes()));
}

#[test]
fn the_policy_decides_whether_the_changes_must_be_seen() {
    let required = |policy| open(policy, GateOptions::default()).document.ready().unwrap().revision.as_ref().unwrap().required;
    assert!(required(Policy::Any));
    assert!(required(Policy::Highlighted), "clause 2's passage changed");
    assert!(!required(Policy::None));

    // No highlighted passage touched: under `highlighted` the reader sees the new version
    // as a first-time reader would, with nothing but the passages and the end to read.
    let old = OLD.replace("乙方自行承担风险", "乙方自行承担全部风险");
    let state = WidgetState::open_prepared(Prepared::now(NEW.as_bytes()), None, Some((&previous(&old), Policy::Highlighted, old.as_bytes())), t(0), GateOptions::default());
    let revision = state.document.ready().unwrap().revision.clone().unwrap();
    assert!(!revision.required && revision.changes.is_empty());
    assert_eq!((revision.summary.changes(), revision.summary.highlighted_changes), (3, 0));
    assert_eq!(state.gate.passage_count(), 1);
    assert_eq!(revision_summary(&revision, Locale::ZhCn), None);
    assert_eq!(snapshot(&state, Locale::En).reacceptance.map(|r| (r.required, r.policy)), Some((false, "highlighted")));

    let none = open(Policy::None, GateOptions::default());
    assert_eq!(none.gate.passage_count(), 1);
    assert_eq!(status_line(&none, Locale::ZhCn), "请阅读至文末，还有 1 处重点条款未阅读。", "worded as for a first acceptance");
}

#[test]
fn the_same_bytes_leave_nothing_to_reaccept() {
    let state = WidgetState::open_prepared(Prepared::now(NEW.as_bytes()), None, Some((&previous(NEW), Policy::Any, NEW.as_bytes())), t(0), GateOptions::default());
    let revision = state.document.ready().unwrap().revision.clone().unwrap();
    assert!(!revision.required);
    assert_eq!(revision.summary.changes() + revision.summary.moved, 0);
    assert_eq!(state.gate.passage_count(), 1);
    let report = snapshot(&state, Locale::En).reacceptance.unwrap();
    assert_eq!((report.required, report.changed, report.added, report.removed, report.moved, report.highlighted_changes), (false, 0, 0, 0, 0, 0));
}

#[test]
fn bytes_that_do_not_match_the_previous_hash_are_refused() {
    let mut claimed = previous(OLD);
    claimed.sha256 = "0".repeat(64);
    let state = WidgetState::open_prepared(Prepared::now(NEW.as_bytes()), None, Some((&claimed, Policy::Any, OLD.as_bytes())), t(0), GateOptions::default());
    let error = state.document.error().expect("refused");
    assert_eq!(error.code(), "previous-sha256-mismatch");
    assert!(error.message(Locale::ZhCn).contains(&sha256_hex(OLD.as_bytes())));
    assert!(error.message(Locale::En).contains("does not match its SHA-256"));
    assert!(state.reduce_action(Action::Gate(GateEvent::EndVisible, m(1))).is_none());
    assert!(!state.agree_available());
    assert_eq!(snapshot(&state, Locale::En).error.map(|e| e.code), Some("previous-sha256-mismatch"));

    // A previous version that is no document keeps its own code, and says whose it is.
    let broken = "<b>not rules</b>";
    let state = WidgetState::open_prepared(Prepared::now(NEW.as_bytes()), None, Some((&previous(broken), Policy::Any, broken.as_bytes())), t(0), GateOptions::default());
    let error = state.document.error().unwrap();
    assert_eq!(error.code(), "document-front-matter");
    assert!(error.message(Locale::ZhCn).starts_with("无法载入您之前同意的版本："), "{}", error.message(Locale::ZhCn));
    let fetch = WidgetError::Previous(Box::new(WidgetError::HttpStatus { url: "u".into(), status: 404 }));
    assert_eq!((fetch.code(), fetch.status()), ("http-status", Some(404)));
    // The current document's own pin is still checked first.
    let pinned = WidgetState::open_prepared(Prepared::now(NEW.as_bytes()), Some(&"1".repeat(64)), Some((&previous(OLD), Policy::Any, OLD.as_bytes())), t(0), GateOptions::default());
    assert_eq!(pinned.document.error().map(|e| e.code()), Some("sha256-mismatch"));
}

#[test]
fn acknowledgement_is_asked_for_passages_only() {
    let options = GateOptions { require_acknowledgement: true, ..GateOptions::default() };
    let mut state = open(Policy::Any, options);
    for i in 0..5 {
        state = see(state, i, 1000 * i as i64);
    }
    let state = apply(state, Action::Gate(GateEvent::EndVisible, m(9000)));
    assert!(!state.agree_available());
    assert_eq!(status_line(&state, Locale::ZhCn), "还有 1 处重点条款未确认，请勾选「我已阅读并理解」。");
    let state = apply(state, Action::Gate(GateEvent::Acknowledged(0, true), m(9500)));
    assert!(state.agree_available());
}

#[test]
fn the_summary_says_what_changed_since_when() {
    let state = open(Policy::Any, GateOptions::default());
    let revision = state.document.ready().unwrap().revision.clone().unwrap();
    assert_eq!(
        revision_summary(&revision, Locale::ZhCn).unwrap(),
        "自您于 2024-05-01 同意 2019-07-29 版以来：4 处修改，其中 1 处为重点条款；另有 1 条仅位置或编号变动"
    );
    assert_eq!(
        revision_summary(&revision, Locale::En).unwrap(),
        "Since you accepted version 2019-07-29 on 2024-05-01: 4 changes, 1 of them to a key clause; 1 section only moved or renumbered"
    );
    let mut undated = revision.clone();
    undated.since.accepted_at = None;
    undated.summary.moved = 0;
    undated.summary.highlighted_changes = 3;
    assert_eq!(revision_summary(&undated, Locale::ZhCn).unwrap(), "自您同意 2019-07-29 版以来：4 处修改，其中 3 处为重点条款");
    assert_eq!(revision_summary(&undated, Locale::En).unwrap(), "Since you accepted version 2019-07-29: 4 changes, 3 of them to key clauses");
    undated.summary = clausewrap_core::diff::DiffSummary { changed: 1, highlighted_changes: 1, ..Default::default() };
    assert_eq!(revision_summary(&undated, Locale::En).unwrap(), "Since you accepted version 2019-07-29: 1 change, to a key clause");
    undated.summary.highlighted_changes = 0;
    assert_eq!(revision_summary(&undated, Locale::ZhCn).unwrap(), "自您同意 2019-07-29 版以来：1 处修改");

    let places: Vec<String> = revision.changes.iter().map(|c| change_place(c, Locale::ZhCn)).collect();
    assert_eq!(places, ["第 1 条", "第 2 条", "原第 3 条", "第 4 条"]);
    assert_eq!(change_place(&revision.changes[2], Locale::En), "Former clause 3");
}

#[test]
fn long_unchanged_runs_are_shortened_around_the_edits() {
    let long = "甲".repeat(100);
    let edits = [TextEdit::Same(long.clone()), TextEdit::Deleted("乙".into()), TextEdit::Same(long.clone()), TextEdit::Inserted("丙".into()), TextEdit::Same(long)];
    let compacted = compact(&edits);
    let tail = format!("…{}", "甲".repeat(CONTEXT_CHARS));
    let head = format!("{}…", "甲".repeat(CONTEXT_CHARS));
    let middle = format!("{}…{}", "甲".repeat(CONTEXT_CHARS), "甲".repeat(CONTEXT_CHARS));
    assert_eq!(
        compacted,
        [TextEdit::Same(tail), TextEdit::Deleted("乙".into()), TextEdit::Same(middle), TextEdit::Inserted("丙".into()), TextEdit::Same(head)]
    );
    let short = [TextEdit::Same("甲方".into()), TextEdit::Inserted("乙".into())];
    assert_eq!(compact(&short), short, "short runs stay whole");
}

#[test]
fn the_record_splits_highlights_from_changes_and_verifies() {
    let mut state = open(Policy::Any, GateOptions::default());
    // Seen in another order than the document's: the record lists them in document order.
    for (n, i) in [3, 0, 1, 4, 2].into_iter().enumerate() {
        state = see(state, i, 1000 * n as i64);
    }
    let state = apply(state, Action::Gate(GateEvent::EndVisible, m(8000)));
    let state = apply(state, Action::Gate(GateEvent::AgreePressed, m(9000)));
    let evidence = state.gate.evidence().expect("accepted");
    let loaded = state.document.ready().unwrap();
    let (highlights, changes_first_seen) = evidence.split_changes(loaded.document.passages.len());
    assert_eq!(highlights.passages_first_seen, [t(1000)]);
    assert_eq!(changes_first_seen, [t(2000), t(4000), t(0), t(3000)]);
    let reacceptance = loaded.revision.as_ref().unwrap().record_part(changes_first_seen);
    let record = AcceptanceRecord::new(RecordInput {
        document: &loaded.document,
        document_sha256: &loaded.sha256,
        evidence: &highlights,
        record_id: [9u8; 16],
        subject: None,
        nonce: None,
        locale: "zh-CN".into(),
        user_agent: "test".into(),
        viewport: None,
        reading_rules: Some(ReadingRules { min_dwell_ms: 300, min_visible_ms: 0, acknowledgement_required: false }),
        reacceptance,
    })
    .expect("a valid record");
    let key = SigningKey::from_bytes(&[42u8; 32]);
    let signature = key.sign(record.signing_input().as_bytes()).to_bytes();
    let json = record.into_signed(key.verifying_key().to_bytes(), signature).to_json();
    let verified = verify(&json).expect("verifies");
    let record = verified.record();
    let supersedes = record.supersedes.as_ref().expect("supersedes");
    assert_eq!((supersedes.record_id, supersedes.version.as_str()), (Some([7u8; 16]), "2019-07-29"));
    assert_eq!(supersedes.sha256, sha256_hex(OLD.as_bytes()));
    let seen: Vec<(&str, &str)> = record.evidence.changes_seen.iter().flatten().map(|c| (c.id.as_str(), c.kind.name())).collect();
    assert_eq!(seen, [("c1", "changed"), ("c2", "changed"), ("old-c3", "removed"), ("c4", "added")]);
    assert_eq!(record.evidence.highlights_seen.len(), 1);
    assert!(json.contains("\"supersedes\":{\"record_id\":\"BwcHBwcHBwcHBwcHBwcHBw\""), "{json}");
}

#[test]
fn without_a_required_reacceptance_the_record_is_a_first_acceptance() {
    let state = open(Policy::None, GateOptions::default());
    let revision = state.document.ready().unwrap().revision.clone().unwrap();
    assert_eq!(revision.record_part(Vec::new()), None);
}

/// The embedded rules against an earlier version of them, as tests/browser.rs builds it:
/// clause 3 without "全部且", clause 11's late fee 千分之五, and a closing paragraph since removed.
fn earlier_default_rules() -> String {
    let current = std::str::from_utf8(clausewrap::DEFAULT_DOCUMENT).unwrap();
    let earlier = current.replacen("version: 2019-07-29 15:49:27", "version: 2018-01-01", 1).replacen("全部且仅用于", "仅用于", 1).replacen("千分之三", "千分之五", 1);
    earlier + "\n附则：本规则自发布之日起施行。\n"
}

#[test]
fn the_embedded_rules_against_an_earlier_version() {
    let earlier = earlier_default_rules();
    let mut since = previous(&earlier);
    since.version = "2018-01-01".into();
    let state = WidgetState::open_prepared(Prepared::now(clausewrap::DEFAULT_DOCUMENT), None, Some((&since, Policy::Any, earlier.as_bytes())), t(0), GateOptions::default());
    let loaded = state.document.ready().unwrap();
    let revision = loaded.revision.as_ref().unwrap();
    assert_eq!(revision_summary(revision, Locale::ZhCn).unwrap(), "自您于 2024-05-01 同意 2018-01-01 版以来：3 处修改，其中 1 处为重点条款");
    let changes: Vec<(&str, ChangeSeenKind, bool)> = loaded.changes().iter().map(|c| (c.id.as_str(), c.kind, c.highlighted)).collect();
    assert_eq!(changes, [("c3", ChangeSeenKind::Changed, false), ("c11", ChangeSeenKind::Changed, true), ("old-b5", ChangeSeenKind::Removed, false)]);
    assert_eq!(loaded.changes()[0].edits.iter().filter(|e| matches!(e, TextEdit::Inserted(text) if text == "全部且")).count(), 1);
    assert_eq!(state.gate.passage_count(), 17 + 3);
}
