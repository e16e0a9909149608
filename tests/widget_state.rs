//! The widget's reducer and wording, natively: what the UI decides lives here, not in
//! the DOM.

use chrono::{DateTime, Utc};
use clausewrap::messages::{announcement, status_line, Locale};
use clausewrap::state::{Action, Signing, WidgetState};
use clausewrap::DEFAULT_DOCUMENT;
use clausewrap_core::gate::GateEvent;

fn t(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(1_764_000_000_000 + ms).unwrap()
}

fn apply(state: WidgetState, action: Action) -> WidgetState {
    state.reduce_action(action).expect("the action changes the state")
}

fn read_everything(mut state: WidgetState) -> WidgetState {
    let passages = state.gate.passage_count();
    for i in 0..passages {
        let at = 1000 * i as i64;
        state = state.reduce_action(Action::Gate(GateEvent::PassageShown(i), t(at))).unwrap_or(state);
        state = apply(state, Action::Gate(GateEvent::Tick, t(at + 500)));
    }
    apply(state, Action::Gate(GateEvent::EndVisible, t(100_000)))
}

#[test]
fn the_default_document_opens_gated_with_its_passages() {
    let state = WidgetState::open(DEFAULT_DOCUMENT, t(0));
    assert!(state.document.is_ok());
    assert_eq!(state.gate.passage_count(), 17);
    assert!(!state.agree_available());
    assert_eq!(status_line(&state, Locale::ZhCn), "请阅读至文末，还有 17 处重点条款未阅读。");
    assert_eq!(announcement(&state, Locale::ZhCn), "");
}

#[test]
fn a_gated_press_is_refused_and_explained() {
    let state = WidgetState::open(DEFAULT_DOCUMENT, t(0));
    let state = apply(state, Action::Gate(GateEvent::AgreePressed, t(5)));
    assert!(state.refused);
    assert_eq!(state.signing, Signing::Idle);
    assert!(status_line(&state, Locale::ZhCn).starts_with("「同意」尚不可用："));
}

#[test]
fn the_status_says_what_is_missing() {
    let state = WidgetState::open(DEFAULT_DOCUMENT, t(0));
    let state = apply(state, Action::Gate(GateEvent::EndVisible, t(1)));
    assert_eq!(status_line(&state, Locale::ZhCn), "还有 17 处重点条款未阅读，请向上查看标有「重点条款」的段落。");
    assert_eq!(announcement(&state, Locale::ZhCn), "已到文末，但仍有重点条款未阅读");
    assert!(status_line(&state, Locale::En).starts_with("17 key clauses have not been read yet"));
}

#[test]
fn reading_everything_then_agreeing_starts_one_signing() {
    let state = read_everything(WidgetState::open(DEFAULT_DOCUMENT, t(0)));
    assert!(state.agree_available());
    assert_eq!(announcement(&state, Locale::ZhCn), "「同意」现已可用");
    let state = apply(state, Action::Gate(GateEvent::AgreePressed, t(200_000)));
    assert_eq!(state.pending_attempt(), Some(1));
    assert!(!state.agree_available());
    // A second press changes nothing: no second signing.
    assert!(state.reduce_action(Action::Gate(GateEvent::AgreePressed, t(200_001))).is_none());
    let state = apply(state, Action::Emitted { record_json: "{}".into(), record_id: "abc".into() });
    assert_eq!(status_line(&state, Locale::ZhCn), "已同意。记录编号 abc");
    assert!(state.reduce_action(Action::Emitted { record_json: "{}".into(), record_id: "x".into() }).is_none());
}

#[test]
fn a_failed_signing_can_be_retried_and_keeps_the_acceptance() {
    let state = read_everything(WidgetState::open(DEFAULT_DOCUMENT, t(0)));
    let state = apply(state, Action::Gate(GateEvent::AgreePressed, t(200_000)));
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
        let state = WidgetState::open(bytes, t(0));
        assert!(state.document.is_err());
        assert!(state.reduce_action(Action::Gate(GateEvent::EndVisible, t(1))).is_none());
        assert!(state.reduce_action(Action::Gate(GateEvent::AgreePressed, t(2))).is_none());
        assert!(!state.agree_available());
        assert!(status_line(&state, Locale::ZhCn).starts_with("无法显示服务规则"));
    }
}
