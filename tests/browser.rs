//! Component tests in a real browser (headless Chromium through wasm-bindgen-test):
//! the mounted widget starts gated, opens only after the observed visibility of the end
//! and every highlighted passage, and a click emits exactly one record that verifies.
//! Run with `cargo test --target wasm32-unknown-unknown --features talc --test browser`
//! (scripts/test; the feature gives them the package's allocator).
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use clausewrap::{ClauseWrap, ClauseWrapProps, DEFAULT_DOCUMENT};
use clausewrap_core::hash::sha256_hex;
use clausewrap_core::markdown;
use clausewrap_core::record::{check_against_document, verify};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};
use yew::platform::time::sleep;
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

const EVENT: &str = "clausewrap:accepted";

/// A mounted widget inside a host of fixed size, with the events it dispatched.
struct Mounted {
    host: Element,
    app: Option<yew::AppHandle<ClauseWrap>>,
    props: ClauseWrapProps,
    events: Rc<RefCell<Vec<JsValue>>>,
    _listener: Closure<dyn FnMut(web_sys::CustomEvent)>,
}

impl Mounted {
    async fn new(document: Option<&[u8]>, host_style: &str) -> Mounted {
        Mounted::with(document, host_style, |_| {}).await
    }

    /// As [`Mounted::new`], with further properties set by `change`.
    async fn with(document: Option<&[u8]>, host_style: &str, change: impl FnOnce(&mut ClauseWrapProps)) -> Mounted {
        let doc = gloo::utils::document();
        let host = doc.create_element("div").unwrap();
        host.set_attribute("style", host_style).unwrap();
        doc.body().unwrap().append_child(&host).unwrap();
        let events = Rc::new(RefCell::new(Vec::new()));
        let sink = events.clone();
        let listener = Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
            sink.borrow_mut().push(e.detail());
        });
        host.add_event_listener_with_callback(EVENT, listener.as_ref().unchecked_ref()).unwrap();
        let mut props = ClauseWrapProps {
            document: document.map(Rc::from),
            locale: Some("zh-CN".into()),
            host: Some(host.clone()),
            ..ClauseWrapProps::default()
        };
        change(&mut props);
        let app = yew::Renderer::<ClauseWrap>::with_root_and_props(host.clone(), props.clone()).render();
        settle().await;
        Mounted { host, app: Some(app), props, events, _listener: listener }
    }

    /// Re-renders the mounted widget with changed properties, as a host app would.
    async fn update(&mut self, change: impl FnOnce(&mut ClauseWrapProps)) {
        change(&mut self.props);
        if let Some(app) = self.app.as_mut() {
            app.update(self.props.clone());
        }
        settle().await;
    }

    fn find(&self, selector: &str) -> HtmlElement {
        self.host.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}")).dyn_into().unwrap()
    }

    fn agree_disabled(&self) -> String {
        self.find(".cw-agree").get_attribute("aria-disabled").unwrap_or_default()
    }

    fn status(&self) -> String {
        self.find(".cw-status").text_content().unwrap_or_default()
    }

    /// Scrolls the region by `step` pixels at a time, pausing on each view for longer
    /// than the dwell time as a reader would, until the bottom.
    async fn scroll_through(&self, step: i32) {
        let region = self.find(".cw-scroll");
        loop {
            let before = region.scroll_top();
            region.set_scroll_top(before + step);
            dwell().await;
            if region.scroll_top() == before {
                break;
            }
        }
    }

    async fn wait_for_events(&self, n: usize) {
        for _ in 0..200 {
            if self.events.borrow().len() >= n {
                return;
            }
            sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        self.host.remove();
    }
}

/// Lets Yew render and IntersectionObserver deliver (it reports after the next frame).
async fn settle() {
    sleep(Duration::from_millis(60)).await;
}

/// Stays on a view longer than the gate's dwell time, so what is in view counts as seen.
async fn dwell() {
    sleep(Duration::from_millis(clausewrap_core::gate::DEFAULT_MIN_DWELL_MS as u64 + 120)).await;
}

/// Fixed at the top of the viewport: visibility is judged on screen, as a reader sees it.
const TALL: &str = "position: fixed; top: 0; left: 0; width: 600px; font-size: 16px; background: #fff; z-index: 10;";

#[wasm_bindgen_test]
async fn starts_gated_and_a_gated_press_emits_nothing() {
    let w = Mounted::new(None, TALL).await;
    assert_eq!(w.agree_disabled(), "true");
    assert!(w.status().contains("请阅读至文末"), "status: {}", w.status());
    settle().await;
    let button = w.find(".cw-agree");
    assert!(!button.has_attribute("disabled"), "the gated button must stay focusable");
    assert_eq!(button.get_attribute("aria-describedby").unwrap(), w.find(".cw-status").id());
    button.click();
    settle().await;
    assert_eq!(w.events.borrow().len(), 0);
    assert!(w.status().contains("尚不可用"), "status after a gated press: {}", w.status());
    let region = w.find(".cw-scroll");
    assert_eq!(region.get_attribute("tabindex").as_deref(), Some("0"));
    assert!(region.get_attribute("aria-label").is_some());
}

#[wasm_bindgen_test]
async fn jumping_to_the_end_does_not_open_the_gate() {
    let w = Mounted::new(None, TALL).await;
    let region = w.find(".cw-scroll");
    region.set_scroll_top(region.scroll_height());
    dwell().await;
    dwell().await;
    assert_eq!(w.agree_disabled(), "true");
    // The end was seen (the status no longer asks to read to the end), the passages were not.
    assert!(w.status().starts_with("还有 ") && w.status().contains("处重点条款未阅读"), "status: {}", w.status());
}

#[wasm_bindgen_test]
async fn reading_everything_opens_the_gate_and_one_click_emits_one_verifiable_record() {
    let w = Mounted::new(None, TALL).await;
    w.scroll_through(200).await;
    assert_eq!(w.agree_disabled(), "false", "status: {}", w.status());
    let button = w.find(".cw-agree");
    button.click();
    button.click();
    w.wait_for_events(1).await;
    sleep(Duration::from_millis(300)).await;
    button.click();
    settle().await;
    let events = w.events.borrow();
    assert_eq!(events.len(), 1, "exactly one record");
    let json = String::from(js_sys::JSON::stringify(&events[0]).unwrap());
    let signed = verify(&json).expect("the record verifies");
    let record = signed.record();
    let document = markdown::parse(DEFAULT_DOCUMENT).unwrap();
    check_against_document(record, DEFAULT_DOCUMENT, &document).expect("the record fits the embedded document");
    assert_eq!(record.document.sha256, sha256_hex(DEFAULT_DOCUMENT));
    assert_eq!(record.document.highlights, document.passages.len() as u64);
    let seen: Vec<&str> = record.evidence.highlights_seen.iter().map(|h| h.id.as_str()).collect();
    let ids: Vec<&str> = document.passages.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(seen, ids);
    assert_eq!(w.agree_disabled(), "true", "inert after acceptance");
}

#[wasm_bindgen_test]
async fn a_document_that_fits_is_seen_at_once() {
    let short = "---\nid: short\ntitle: Short rules\nversion: 1\nlang: en\n---\nBy using this you accept **that we are not liable**.\n";
    let w = Mounted::new(Some(short.as_bytes()), TALL).await;
    dwell().await;
    assert_eq!(w.agree_disabled(), "false", "status: {}", w.status());
    w.find(".cw-agree").click();
    w.wait_for_events(1).await;
    assert_eq!(w.events.borrow().len(), 1);
}

#[wasm_bindgen_test]
async fn a_broken_document_never_activates_agree() {
    let broken = "---\nid: broken\ntitle: Broken\nversion: 1\nlang: en\n---\n<script>alert(1)</script>\n";
    let w = Mounted::new(Some(broken.as_bytes()), TALL).await;
    assert!(w.host.query_selector("script").unwrap().is_none(), "raw HTML must never be rendered");
    assert!(w.find(".cw-error").text_content().unwrap().contains("line 7"), "names where the error is");
    assert_eq!(w.agree_disabled(), "true");
    w.find(".cw-agree").click();
    settle().await;
    assert_eq!(w.events.borrow().len(), 0);
    assert!(w.status().contains("无法显示"), "status: {}", w.status());
}

/// RFC 8785 in the browser: the same canonical JSON code, compiled to wasm, reproduces the
/// RFC author's vectors byte for byte.
#[wasm_bindgen_test]
fn canonical_json_reproduces_the_rfc8785_vectors_in_the_browser() {
    use clausewrap_core::json::{canonical_json, parse};
    let vectors: [(&str, &str, &[u8]); 6] = [
        ("arrays", include_str!("fixtures/jcs/input/arrays.json"), include_bytes!("fixtures/jcs/output/arrays.json")),
        ("french", include_str!("fixtures/jcs/input/french.json"), include_bytes!("fixtures/jcs/output/french.json")),
        ("structures", include_str!("fixtures/jcs/input/structures.json"), include_bytes!("fixtures/jcs/output/structures.json")),
        ("unicode", include_str!("fixtures/jcs/input/unicode.json"), include_bytes!("fixtures/jcs/output/unicode.json")),
        ("values", include_str!("fixtures/jcs/input/values.json"), include_bytes!("fixtures/jcs/output/values.json")),
        ("weird", include_str!("fixtures/jcs/input/weird.json"), include_bytes!("fixtures/jcs/output/weird.json")),
    ];
    for (name, input, expected) in vectors {
        let value = parse(input).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(canonical_json(&value).as_bytes(), expected, "{name}");
    }
}

/// Numbers are written exactly as the browser's own JSON.stringify writes them, which is
/// what RFC 8785 defines them by.
#[wasm_bindgen_test]
fn canonical_numbers_match_the_browsers_json_stringify() {
    use clausewrap_core::json::{canonical_json, Number, Value};
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut checked = 0;
    for i in 0..20_000u32 {
        // xorshift over raw bit patterns, plus some integers and short decimals.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let x = match i % 3 {
            0 => f64::from_bits(state),
            1 => (state % 2_000_000_000_000) as f64 - 1e12,
            _ => (state % 100_000) as f64 / 1000.0,
        };
        if !x.is_finite() {
            continue;
        }
        let ours = canonical_json(&Value::Number(Number::new(x).unwrap()));
        let browser = String::from(js_sys::JSON::stringify(&JsValue::from_f64(x)).unwrap());
        assert_eq!(ours, browser, "bits {:016x}", x.to_bits());
        checked += 1;
    }
    assert!(checked > 19_000);
}

fn seen_labels(w: &Mounted) -> usize {
    w.host.query_selector_all(".cw-passage.cw-seen").unwrap().length() as usize
}

#[wasm_bindgen_test]
async fn switching_the_ui_language_keeps_what_was_read() {
    let mut w = Mounted::new(None, TALL).await;
    let region = w.find(".cw-scroll");
    for _ in 0..4 {
        region.set_scroll_top(region.scroll_top() + 200);
        dwell().await;
    }
    let seen = seen_labels(&w);
    assert!(seen > 0, "some passages read");
    w.update(|p| p.locale = Some("en".into())).await;
    assert_eq!(w.find(".cw-agree").text_content().unwrap(), "Agree");
    assert!(w.status().starts_with("Please read to the end;"), "status: {}", w.status());
    assert_eq!(seen_labels(&w), seen, "what was read survives the language switch");
    assert_eq!(region.scroll_top(), w.find(".cw-scroll").scroll_top(), "and so does the reading position");
}

#[wasm_bindgen_test]
async fn loading_another_document_resets_the_gate() {
    let short = "---\nid: short\ntitle: Short rules\nversion: 1\nlang: en\n---\nBy using this you accept **that we are not liable**.\n";
    let mut w = Mounted::new(Some(short.as_bytes()), TALL).await;
    dwell().await;
    assert_eq!(w.agree_disabled(), "false", "the short document was read");
    let v2 = short.replace("version: 1", "version: 2").replace("not liable", "never liable");
    w.update(|p| p.document = Some(Rc::from(v2.as_bytes()))).await;
    assert_eq!(w.agree_disabled(), "true", "a new version closes the gate again");
    assert!(w.find(".cw-doc").text_content().unwrap().contains("never liable"));
    dwell().await;
    assert_eq!(w.agree_disabled(), "false", "and reading it opens it");
    w.find(".cw-agree").click();
    w.wait_for_events(1).await;
    let json = String::from(js_sys::JSON::stringify(&w.events.borrow()[0]).unwrap());
    let signed = verify(&json).unwrap();
    assert_eq!(signed.record().document.version, "2");
    assert_eq!(signed.record().document.sha256, sha256_hex(v2.as_bytes()));
}

#[wasm_bindgen_test]
async fn the_record_carries_per_passage_time_viewport_and_reading_time() {
    let short = "---\nid: short\ntitle: Short rules\nversion: 1\nlang: en\n---\nWe **exclude liability** and **choose the courts**.\n";
    let w = Mounted::new(Some(short.as_bytes()), TALL).await;
    sleep(Duration::from_millis(700)).await;
    w.find(".cw-agree").click();
    w.wait_for_events(1).await;
    let json = String::from(js_sys::JSON::stringify(&w.events.borrow()[0]).unwrap());
    let record = verify(&json).unwrap().record().clone();
    for seen in &record.evidence.highlights_seen {
        let ms = seen.visible_ms.expect("visible_ms");
        assert!((300..5000).contains(&ms), "{}: {ms} ms in view", seen.id);
        assert_eq!(seen.acknowledged_at, None);
    }
    let viewport = record.evidence.viewport.expect("viewport");
    assert!(viewport.width > 0 && viewport.height > 0 && viewport.device_pixel_ratio > 0.0);
    assert!(record.evidence.reading_ms.unwrap() >= 700);
    let rules = record.evidence.reading_rules.unwrap();
    assert_eq!((rules.min_dwell_ms, rules.acknowledgement_required), (300, false));
}

/// The signing key is made once per browser profile and kept: a second acceptance, in
/// another widget, is signed by the same key.
#[wasm_bindgen_test]
async fn later_acceptances_reuse_the_stored_key() {
    let short = "---\nid: short\ntitle: Short rules\nversion: 1\nlang: en\n---\nWe **exclude liability**.\n";
    let mut keys = Vec::new();
    for _ in 0..2 {
        let w = Mounted::new(Some(short.as_bytes()), TALL).await;
        dwell().await;
        w.find(".cw-agree").click();
        w.wait_for_events(1).await;
        let json = String::from(js_sys::JSON::stringify(&w.events.borrow()[0]).unwrap());
        keys.push(*verify(&json).unwrap().public_key());
    }
    assert_eq!(keys[0], keys[1], "one key per browser profile");
}

/// The Yew component's typed props and callbacks, as a Yew host uses them.
#[wasm_bindgen_test]
async fn a_yew_host_gets_typed_callbacks_for_src_errors_and_declining() {
    use clausewrap::snapshot::{Declined, ErrorReport, Snapshot};

    let ready = Rc::new(RefCell::new(Vec::<Rc<Snapshot>>::new()));
    let errors = Rc::new(RefCell::new(Vec::<ErrorReport>::new()));
    let declined = Rc::new(RefCell::new(Vec::<Declined>::new()));
    let mut w = Mounted::new(Some(DEFAULT_DOCUMENT), "height: 400px").await;
    let (r, e, d) = (ready.clone(), errors.clone(), declined.clone());
    w.update(move |p| {
        p.decline = true;
        p.on_ready = Callback::from(move |s| r.borrow_mut().push(s));
        p.on_error = Callback::from(move |x| e.borrow_mut().push(x));
        p.on_declined = Callback::from(move |x| d.borrow_mut().push(x));
    })
    .await;

    // Declining needs no reading, and reports which bytes were declined.
    w.find(".cw-decline").click();
    settle().await;
    let first = declined.borrow()[0].clone();
    assert_eq!(first.sha256, sha256_hex(DEFAULT_DOCUMENT));
    assert!(first.declined_at.ends_with('Z'), "{}", first.declined_at);
    assert_eq!(w.agree_disabled(), "true", "declining accepts nothing");

    // A URL that is not there: a typed error, a message, and Agree stays inactive.
    w.update(|p| {
        p.document = None;
        p.src = Some("/clausewrap-missing-document.md".into());
    })
    .await;
    for _ in 0..100 {
        if !errors.borrow().is_empty() {
            break;
        }
        sleep(Duration::from_millis(20)).await;
    }
    let error = errors.borrow().first().cloned().expect("an error is reported");
    assert_eq!((error.code, error.status), ("http-status", Some(404)));
    assert_eq!(w.find(".cw").get_attribute("data-state").as_deref(), Some("error"));
    assert!(w.find(".cw-error").text_content().unwrap_or_default().contains("HTTP 404"));
    assert_eq!(w.agree_disabled(), "true");
    assert!(w.host.query_selector(".cw-decline").unwrap().is_none(), "nothing to decline without a document");

    // A document given as a data: URL loads, and is ready with its own hash.
    let text = "---\nid: short\ntitle: Short\nversion: 1\nlang: en\n---\nOne **key** line.\n";
    w.update(|p| p.src = Some(format!("data:text/markdown;charset=utf-8,{}", js_sys::encode_uri_component(text)).into())).await;
    for _ in 0..100 {
        if ready.borrow().iter().any(|s| s.document_id.as_deref() == Some("short")) {
            break;
        }
        sleep(Duration::from_millis(20)).await;
    }
    let last = ready.borrow().last().cloned().unwrap();
    assert_eq!((last.document_id.as_deref(), last.highlights), (Some("short"), 1));
    assert_eq!(last.sha256.as_deref(), Some(sha256_hex(text.as_bytes()).as_str()));
}

// ---- Re-acceptance: the changes since the version accepted before ------------------------

/// Twelve clauses, two of them with a highlighted passage, a few screens long.
fn rules(version: &str, edit: impl Fn(u32, String) -> String, extra: &str) -> String {
    let mut text = format!("---\nid: rules\ntitle: 服务规则\nversion: {version}\nlang: zh-CN\n---\n本规则适用于本服务的全部用户。\n\n");
    for n in 1..=12u32 {
        let key = match n {
            5 => "**腾讯云对因不可抗力造成的损失不承担责任。**",
            9 => "**争议由深圳市南山区人民法院管辖。**",
            _ => "",
        };
        let clause = format!("第{n}条：本服务的使用者应当遵守相关法律法规及本规则的约定，合理使用本服务，不得损害他人合法权益。{key}");
        text += &format!("{n}. {}\n", edit(n, clause));
    }
    text + extra
}

/// The version accepted before: clause 3 said "合理地使用", clause 9 named another court,
/// and a clause 13 that is gone now.
fn earlier_rules() -> String {
    let edit = |n, clause: String| match n {
        3 => clause.replace("合理使用", "合理地使用"),
        9 => clause.replace("深圳市南山区", "北京市海淀区"),
        _ => clause,
    };
    rules("2018-01-01", edit, "13. 本条已被删除：用户应当每年重新确认本规则。\n")
}

fn current_rules() -> String {
    rules("2026-12-01", |_, clause| clause, "")
}

fn data_url(text: &str) -> String {
    format!("data:text/markdown;charset=utf-8,{}", js_sys::encode_uri_component(text))
}

/// `previous` for `text`, claimed to hash to `sha256`, served as a data: URL.
fn earlier(text: &str, sha256: String) -> clausewrap::options::Previous {
    clausewrap::options::Previous {
        version: "2018-01-01".into(),
        sha256,
        src: data_url(text),
        record_id: Some("AAECAwQFBgcICQoLDA0O_w".into()),
        accepted_at: Some("2024-05-01T02:03:04.005Z".into()),
    }
}

/// Waits (up to 4 s) until `done` holds.
async fn until(mut done: impl FnMut() -> bool) {
    for _ in 0..200 {
        if done() {
            return;
        }
        sleep(Duration::from_millis(20)).await;
    }
}

#[wasm_bindgen_test]
async fn changes_since_the_previous_version_are_marked_and_must_be_seen() {
    let (text, current) = (earlier_rules(), current_rules());
    let previous = earlier(&text, sha256_hex(text.as_bytes()));
    let w = Mounted::with(Some(current.as_bytes()), TALL, |p| p.previous = Some(previous)).await;
    until(|| w.host.query_selector(".cw-end").unwrap().is_some()).await;
    assert_eq!(w.find(".cw-revision").text_content().unwrap(), "自您于 2024-05-01 同意 2018-01-01 版以来：3 处修改，其中 1 处为重点条款");

    // Each change is a box with a text label and its edits as <ins> and <del>, each with
    // its own hidden prefix; the removed clause is struck out where it was.
    assert_eq!(w.host.query_selector_all("[data-cw-change]").unwrap().length(), 3);
    let (c3, c9, removed) = (w.find("[data-change-id=c3]"), w.find("[data-change-id=c9]"), w.find("[data-change-id=old-c13]"));
    assert_eq!(c3.get_attribute("data-cw-change").as_deref(), Some("2"), "the gate's items after the 2 passages");
    assert_eq!(c3.query_selector(".cw-change-tag").unwrap().unwrap().text_content().unwrap(), "已修改");
    assert_eq!(c3.query_selector("del").unwrap().unwrap().text_content().unwrap(), "删除：地");
    assert!(c9.text_content().unwrap().contains("第 9 条 · 重点条款"), "a change to a key clause says so");
    let (ins, del) = (c9.query_selector("ins").unwrap().unwrap(), c9.query_selector("del").unwrap().unwrap());
    assert_eq!((del.text_content().unwrap(), ins.text_content().unwrap()), ("删除：北京".into(), "插入：深圳".into()));
    assert_eq!(removed.query_selector(".cw-change-tag").unwrap().unwrap().text_content().unwrap(), "已删除");
    assert!(removed.query_selector("del").unwrap().unwrap().text_content().unwrap().contains("用户应当每年重新确认本规则"));
    assert_eq!(removed.parent_element().unwrap().tag_name(), "LI", "inside the clauses' list, a list item of its own");
    let style = |e: &Element| gloo::utils::window().get_computed_style(e).unwrap().unwrap();
    let hidden = c3.query_selector("del > .cw-visually-hidden").unwrap().unwrap();
    assert_eq!(style(&hidden).get_property_value("position").unwrap(), "absolute", "the prefix is for screen readers only");
    assert_eq!(style(&del).get_property_value("text-decoration-line").unwrap(), "line-through");
    assert_eq!(style(&ins).get_property_value("text-decoration-line").unwrap(), "underline");
    assert_ne!(style(&c3).get_property_value("border-left-style").unwrap(), "none", "a side rule, not colour alone");

    // Read every passage and the end while the boxes cannot be seen: Agree stays inactive.
    let hide = gloo::utils::document().create_element("style").unwrap();
    hide.set_text_content(Some(".cw-changed, .cw-removed { display: none !important; }"));
    gloo::utils::document().head().unwrap().append_child(&hide).unwrap();
    w.scroll_through(200).await;
    assert_eq!(w.agree_disabled(), "true", "status: {}", w.status());
    assert_eq!(w.status(), "还有 3 处修改未阅读，请使用「下一处未读重点条款或修改」查看。");
    assert!(w.find(".cw-nav-summary").text_content().unwrap().ends_with("修改 0 / 3 已阅读"));

    // Once each comes into view and stays there, it opens.
    hide.remove();
    for change in [&c3, &c9] {
        change.scroll_into_view();
        dwell().await;
        assert_eq!(w.agree_disabled(), "true", "status: {}", w.status());
    }
    assert_eq!(w.status(), "还有 1 处修改未阅读，请使用「下一处未读重点条款或修改」查看。");
    removed.scroll_into_view();
    dwell().await;
    assert_eq!(w.agree_disabled(), "false", "status: {}", w.status());
    assert!(c9.class_name().contains("cw-seen"));

    w.find(".cw-agree").click();
    w.wait_for_events(1).await;
    let json = String::from(js_sys::JSON::stringify(&w.events.borrow()[0]).unwrap());
    let signed = verify(&json).expect("the record verifies");
    let record = signed.record();
    check_against_document(record, current.as_bytes(), &markdown::parse(current.as_bytes()).unwrap()).expect("fits the document");
    assert_eq!(record.evidence.highlights_seen.len(), 2);
    let supersedes = record.supersedes.as_ref().expect("supersedes");
    assert_eq!((supersedes.version.as_str(), supersedes.sha256.clone()), ("2018-01-01", sha256_hex(text.as_bytes())));
    assert_eq!(supersedes.record_id.map(|id| clausewrap_core::base64url::encode(&id)).as_deref(), Some("AAECAwQFBgcICQoLDA0O_w"));
    let seen: Vec<(&str, &str)> = record.evidence.changes_seen.iter().flatten().map(|c| (c.id.as_str(), c.kind.name())).collect();
    assert_eq!(seen, [("c3", "changed"), ("c9", "changed"), ("old-c13", "removed")]);
}

#[wasm_bindgen_test]
async fn the_same_version_as_before_has_nothing_to_reaccept() {
    use clausewrap::snapshot::Snapshot;
    let current = std::str::from_utf8(DEFAULT_DOCUMENT).unwrap();
    let ready = Rc::new(RefCell::new(Vec::<Rc<Snapshot>>::new()));
    let sink = ready.clone();
    let w = Mounted::with(None, TALL, |p| {
        p.previous = Some(earlier(current, sha256_hex(DEFAULT_DOCUMENT)));
        p.on_ready = Callback::from(move |s| sink.borrow_mut().push(s));
    })
    .await;
    until(|| !ready.borrow().is_empty()).await;
    let report = ready.borrow()[0].reacceptance.clone().expect("a previous version was given");
    assert_eq!((report.required, report.changed + report.added + report.removed + report.moved), (false, 0));
    assert!(w.host.query_selector(".cw-revision").unwrap().is_none());
    assert_eq!(w.host.query_selector_all("[data-cw-change]").unwrap().length(), 0);
    assert!(w.status().contains("还有 17 处重点条款未阅读"), "status: {}", w.status());
}

#[wasm_bindgen_test]
async fn a_previous_version_whose_bytes_differ_from_its_hash_is_refused() {
    let text = earlier_rules();
    let w = Mounted::with(None, TALL, |p| p.previous = Some(earlier(&text, "0".repeat(64)))).await;
    until(|| w.host.query_selector(".cw-error").unwrap().is_some()).await;
    assert_eq!(w.find(".cw").get_attribute("data-state").as_deref(), Some("error"));
    assert!(w.find(".cw-error").text_content().unwrap().contains(&sha256_hex(text.as_bytes())));
    w.find(".cw-agree").click();
    settle().await;
    assert_eq!(w.agree_disabled(), "true");
    assert_eq!(w.events.borrow().len(), 0);
}

/// A document over one part (64 KiB) is hashed and parsed a part per task: the widget shows
/// its loading state with Agree inactive, then the document. Another document given while
/// the first is still being parsed replaces it for good.
#[wasm_bindgen_test]
async fn a_long_document_is_parsed_in_parts_and_a_newer_one_wins() {
    let long = |title: &str| {
        let mut text = format!("---\nid: long\ntitle: {title}\nversion: 1\nlang: en\n---\n");
        for k in 1..=1500 {
            text += &format!("\nParagraph {k}: the provider keeps records of this service for the period the law requires, and **is not liable for outages** beyond its control.\n");
        }
        text
    };
    let first = long("First long rules");
    assert!(first.len() > 3 * 64 * 1024, "several parts of 64 KiB");
    let state = |w: &Mounted| w.find(".cw").get_attribute("data-state").unwrap_or_default();
    // Every state the widget reports, from the first render on.
    let statuses = Rc::new(RefCell::new(Vec::<&'static str>::new()));
    let sink = statuses.clone();
    let on_state = Callback::from(move |snapshot: Rc<clausewrap::snapshot::Snapshot>| sink.borrow_mut().push(snapshot.status));
    let mut w = Mounted::with(None, TALL, |p| {
        p.document = Some(Rc::from(first.as_bytes()));
        p.on_state = on_state;
    })
    .await;
    until(|| statuses.borrow().last() != Some(&"loading")).await;
    let seen = statuses.borrow().clone();
    assert_eq!(seen.first(), Some(&"loading"), "the long document was parsed after the first render: {seen:?}");
    assert_eq!(seen.last(), Some(&"reading"), "{seen:?}");
    assert_eq!(w.find(".cw-title").text_content().as_deref(), Some("First long rules"));
    assert_eq!(w.agree_disabled(), "true", "nothing is read yet");

    // A second long document, then a short one at once: the short one stays.
    let second = long("Second long rules");
    w.update(|p| p.document = Some(Rc::from(second.as_bytes()))).await;
    let short = "---\nid: short\ntitle: Short rules\nversion: 1\nlang: en\n---\nBy using this you accept **that we are not liable**.\n";
    w.update(|p| p.document = Some(Rc::from(short.as_bytes()))).await;
    sleep(Duration::from_millis(1500)).await;
    assert_eq!(w.find(".cw-title").text_content().as_deref(), Some("Short rules"));
    assert!(["reading", "ready"].contains(&state(&w).as_str()), "{}", state(&w));
}
