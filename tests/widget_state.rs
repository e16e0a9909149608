//! The widget's reducer and wording, natively: what the UI decides lives here, not in
//! the DOM.

use chrono::{DateTime, Utc};
use clausewrap::messages::{announcement, passage_place, status_line, Locale};
use clausewrap::state::{Action, Signing, WidgetState};
use clausewrap::DEFAULT_DOCUMENT;
use clausewrap_core::document::Passage;
use clausewrap_core::gate::{GateEvent, GateOptions, Moment};

fn t(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(1_764_000_000_000 + ms).unwrap()
}

fn m(ms: i64) -> Moment {
    t(ms).into()
}

fn apply(state: WidgetState, action: Action) -> WidgetState {
    state.reduce_action(action).expect("the action changes the state")
}

fn read_everything(mut state: WidgetState) -> WidgetState {
    let passages = state.gate.passage_count();
    for i in 0..passages {
        let at = 1000 * i as i64;
        state = state.reduce_action(Action::Gate(GateEvent::PassageShown(i), t(at).into())).unwrap_or(state);
        state = apply(state, Action::Gate(GateEvent::Tick, m(at + 500)));
    }
    apply(state, Action::Gate(GateEvent::EndVisible, m(100_000)))
}

#[test]
fn the_default_document_opens_gated_with_its_passages() {
    let state = WidgetState::open(DEFAULT_DOCUMENT, None, t(0), GateOptions::default());
    assert!(state.document.ready().is_some());
    assert_eq!(state.gate.passage_count(), 17);
    assert!(!state.agree_available());
    assert_eq!(status_line(&state, Locale::ZhCn), "请阅读至文末，还有 17 处重点条款未阅读。");
    assert_eq!(announcement(&state, Locale::ZhCn), "");
}

#[test]
fn a_gated_press_is_refused_and_explained() {
    let state = WidgetState::open(DEFAULT_DOCUMENT, None, t(0), GateOptions::default());
    let state = apply(state, Action::Gate(GateEvent::AgreePressed, m(5)));
    assert!(state.refused);
    assert_eq!(state.signing, Signing::Idle);
    assert!(status_line(&state, Locale::ZhCn).starts_with("「同意」尚不可用："));
}

#[test]
fn the_status_says_what_is_missing() {
    let state = WidgetState::open(DEFAULT_DOCUMENT, None, t(0), GateOptions::default());
    let state = apply(state, Action::Gate(GateEvent::EndVisible, m(1)));
    assert_eq!(status_line(&state, Locale::ZhCn), "还有 17 处重点条款未阅读，请使用「下一处未读重点条款」查看。");
    assert_eq!(announcement(&state, Locale::ZhCn), "已到文末，但仍有重点条款未阅读");
    assert!(status_line(&state, Locale::En).starts_with("17 key clauses are not read yet"));
}

#[test]
fn reading_everything_then_agreeing_starts_one_signing() {
    let state = read_everything(WidgetState::open(DEFAULT_DOCUMENT, None, t(0), GateOptions::default()));
    assert!(state.agree_available());
    assert_eq!(announcement(&state, Locale::ZhCn), "「同意」现已可用");
    let state = apply(state, Action::Gate(GateEvent::AgreePressed, m(200_000)));
    assert_eq!(state.pending_attempt(), Some(1));
    assert!(!state.agree_available());
    // A second press changes nothing: no second signing.
    assert!(state.reduce_action(Action::Gate(GateEvent::AgreePressed, m(200_001))).is_none());
    let state = apply(state, Action::Emitted { record_json: "{}".into(), record_id: "abc".into() });
    assert_eq!(status_line(&state, Locale::ZhCn), "已同意。记录编号 abc");
    assert!(state.reduce_action(Action::Emitted { record_json: "{}".into(), record_id: "x".into() }).is_none());
}

#[test]
fn a_failed_signing_can_be_retried_and_keeps_the_acceptance() {
    let state = read_everything(WidgetState::open(DEFAULT_DOCUMENT, None, t(0), GateOptions::default()));
    let state = apply(state, Action::Gate(GateEvent::AgreePressed, m(200_000)));
    let state = apply(state, Action::SigningFailed("no WebCrypto".into()));
    assert!(status_line(&state, Locale::ZhCn).contains("no WebCrypto"));
    assert_eq!(state.pending_attempt(), None);
    let state = apply(state, Action::RetrySigning);
    assert_eq!(state.pending_attempt(), Some(2));
    assert!(state.gate.evidence().is_some(), "the evidence survives the failure");
}

#[test]
fn a_broken_document_never_opens_the_gate() {
    for bytes in [&b""[..], b"no front matter", b"---\nid: x\n---\n", &[0xff, 0xfe, 0x00]] {
        let state = WidgetState::open(bytes, None, t(0), GateOptions::default());
        assert!(state.document.error().is_some());
        assert!(state.reduce_action(Action::Gate(GateEvent::EndVisible, m(1))).is_none());
        assert!(state.reduce_action(Action::Gate(GateEvent::AgreePressed, m(2))).is_none());
        assert!(!state.agree_available());
        assert!(status_line(&state, Locale::ZhCn).starts_with("无法显示服务规则"));
    }
}

#[test]
fn progress_counts_text_blocks_shown() {
    let state = WidgetState::open(DEFAULT_DOCUMENT, None, t(0), GateOptions::default());
    let blocks = state.blocks_shown.len();
    assert!(blocks > 30, "{blocks} paragraphs and sub-items");
    assert_eq!(state.progress_percent(), 0);
    let mut state = state;
    for k in 0..blocks / 2 {
        state = apply(state, Action::BlockShown(k));
    }
    assert_eq!(state.progress_percent() as usize, (blocks / 2) * 100 / blocks);
    assert!(state.reduce_action(Action::BlockShown(0)).is_none(), "a block counts once");
    assert!(state.reduce_action(Action::BlockShown(blocks)).is_none());
}

#[test]
fn a_new_document_resets_the_gate_but_not_during_signing() {
    let state = read_everything(WidgetState::open(DEFAULT_DOCUMENT, None, t(0), GateOptions::default()));
    let other = b"---\nid: other\ntitle: Other\nversion: 2\nlang: en\n---\nText **with a passage**.\n";
    let reopened = apply(state, Action::Reopen(Box::new(WidgetState::open(other, None, t(5), GateOptions::default()))));
    assert_eq!(reopened.generation, 1);
    assert_eq!(reopened.gate.passage_count(), 1);
    assert!(!reopened.agree_available());

    let signing = apply(read_everything(reopened), Action::Gate(GateEvent::AgreePressed, m(900_000)));
    assert!(signing.reduce_action(Action::Reopen(Box::new(WidgetState::open(other, None, t(6), GateOptions::default())))).is_none());
}

#[test]
fn the_ui_language_follows_the_option_then_the_browser() {
    assert_eq!(Locale::from_tag("en-GB"), Some(Locale::En));
    assert_eq!(Locale::from_tag("zh-Hant-TW"), Some(Locale::ZhCn));
    assert_eq!(Locale::from_tag("fr"), None);
    // The primary subtag decides, in any case, before a hyphen or an underscore.
    assert_eq!(Locale::from_tag("EN_us"), Some(Locale::En));
    assert_eq!(Locale::from_tag("ZH"), Some(Locale::ZhCn));
    assert_eq!(Locale::from_tag("english"), None);
    assert_eq!(Locale::from_tag("-en"), None);
    assert_eq!(Locale::from_tag(""), None);
    assert_eq!(Locale::negotiate(["fr-FR", "en-US", "zh-CN"]), Locale::En);
    assert_eq!(Locale::negotiate(["de"]), Locale::ZhCn);
}

#[test]
fn acknowledgement_when_required_is_explained() {
    let options = GateOptions { require_acknowledgement: true, ..GateOptions::default() };
    let state = read_everything(WidgetState::open(DEFAULT_DOCUMENT, None, t(0), options));
    assert!(!state.agree_available());
    assert_eq!(status_line(&state, Locale::ZhCn), "还有 17 处重点条款未确认，请勾选「我已阅读并理解」。");
    assert!(status_line(&state, Locale::En).starts_with("17 key clauses not yet acknowledged"));
    let mut state = state;
    for i in 0..17 {
        state = apply(state, Action::Gate(GateEvent::Acknowledged(i, true), m(200_000 + i as i64)));
    }
    assert!(state.agree_available());
}

/// A long document is hashed and parsed a part per step; the state it opens is the one
/// opening it at once gives, pin mismatches and syntax errors included.
#[test]
fn a_document_prepared_in_parts_opens_as_one_opened_at_once() {
    use clausewrap::state::{Preparation, Prepared};
    use std::rc::Rc;

    let prepared = |bytes: &[u8], budget: usize| {
        let mut preparation = Preparation::new(Rc::from(bytes));
        let mut steps = 1;
        loop {
            if let Some(prepared) = preparation.step(budget) {
                return (prepared, steps);
            }
            steps += 1;
        }
    };
    let wrong_pin = "0".repeat(64);
    let mut broken = DEFAULT_DOCUMENT.to_vec();
    broken.extend_from_slice("\n\n> a block quote at the end\n".as_bytes());
    let mut early_error = DEFAULT_DOCUMENT.to_vec();
    let at = early_error.windows(2).position(|w| w == b"\n\n").unwrap() + 2;
    early_error.splice(at..at, b"*** \n\n".iter().copied());
    for bytes in [DEFAULT_DOCUMENT, broken.as_slice(), early_error.as_slice()] {
        for pin in [None, Some(wrong_pin.as_str())] {
            let expected = WidgetState::open(bytes, pin, t(0), GateOptions::default());
            for budget in [1, 500, 4096, usize::MAX] {
                let (parts, steps) = prepared(bytes, budget);
                assert_eq!(parts.sha256, Prepared::now(bytes).sha256);
                if budget == 500 {
                    assert!(steps >= bytes.len() / 600, "{steps} steps");
                }
                assert_eq!(WidgetState::open_prepared(parts, pin, None, t(0), GateOptions::default()), expected);
            }
        }
    }
}

#[test]
fn the_navigator_list_is_folded_until_the_reader_unfolds_it() {
    let state = WidgetState::open(DEFAULT_DOCUMENT, None, t(0), GateOptions::default());
    assert!(!state.navigator_open, "a document opens with the list folded");
    assert!(state.reduce_action(Action::NavigatorToggled(false)).is_none(), "folding a folded list changes nothing");
    let state = apply(state, Action::NavigatorToggled(true));
    assert!(state.navigator_open);
    // Reading goes on with the list open: it stays open.
    let state = apply(state, Action::Gate(GateEvent::PassageShown(0), m(10)));
    assert!(state.navigator_open);
    assert!(state.reduce_action(Action::NavigatorToggled(true)).is_none(), "unfolding an open list changes nothing");
    let folded = apply(state, Action::NavigatorToggled(false));
    assert!(!folded.navigator_open);
    // Another document: its navigator starts folded, as its `<details>` is a new element.
    let state = apply(folded, Action::NavigatorToggled(true));
    let other = WidgetState::open(DEFAULT_DOCUMENT, None, t(20), GateOptions::default());
    assert!(!apply(state, Action::Reopen(Box::new(other))).navigator_open);
}

#[test]
fn a_navigator_entry_is_named_after_its_clause_and_its_place_in_it() {
    let passage = |id: &str, clause: Option<u64>| Passage { id: id.into(), clause, text: String::new() };
    let cases = [
        (passage("c9-h1", Some(9)), "第 9 条", "Clause 9"),
        (passage("c14-h3", Some(14)), "第 14 条 (3)", "Clause 14c"),
        (passage("c2-h10", Some(2)), "第 2 条 (10)", "Clause 2j"),
        (passage("p-h1", None), "导言 1", "Preamble 1"),
        (passage("p-h12", None), "导言 12", "Preamble 12"),
    ];
    for (passage, zh, en) in cases {
        assert_eq!(passage_place(&passage, Locale::ZhCn), zh, "{}", passage.id);
        assert_eq!(passage_place(&passage, Locale::En), en, "{}", passage.id);
    }
    // The default document's entries can be told apart.
    let state = WidgetState::open(DEFAULT_DOCUMENT, None, t(0), GateOptions::default());
    let passages = &state.document.ready().unwrap().document.passages;
    for locale in [Locale::ZhCn, Locale::En] {
        let mut names: Vec<String> = passages.iter().map(|p| passage_place(p, locale)).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), passages.len(), "{names:?}");
    }
}
