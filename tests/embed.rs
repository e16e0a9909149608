//! End-to-end tests of the embeddable package (docs/embedding.md): `dist/pkg/` used by a
//! plain page (`dist/embed.html`) and by a harness page through the JS API, in headless
//! Chromium through WebDriver, with documents and an acceptance endpoint served by the
//! test's own server. They check the contract integrators rely on: element, attributes,
//! options, handle, events and their details, error codes, that no document can run
//! script in the page, and that every signed record reaches the endpoint exactly once.
//!
//! Run with `scripts/test`, or after a build of `dist/`:
//! `cargo test --test embed -- --ignored --test-threads=1`.

mod e2e_support;

use std::thread::sleep;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use e2e_support::documents::{self, check_record_for, highlights, sha256_hex, short_a, short_b};
use e2e_support::delivery::{accept_with_endpoint, all_keyed, requests_for};
use e2e_support::errors::{case, clicks_accept_nothing, error_problems, run_error_cases, settle, unused_port};
use e2e_support::harness::{target, Page};
use e2e_support::server::{CollectMode, Route};
use e2e_support::{wait_until, xss, READING_PAUSE};

/// The members of `state()` (docs/embedding.md, "The handle").
const STATE_KEYS: [&str; 12] = [
    "status",
    "documentId",
    "version",
    "sha256",
    "highlights",
    "seen",
    "endSeen",
    "progress",
    "error",
    "recordId",
    "reacceptance",
    "changesSeen",
];

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn custom_element_on_the_plain_page_gates_and_accepts() {
    let page = Page::start(1280, 900);
    page.open("/embed.html");
    let id = page.execute("var e = document.querySelector('clause-wrap'); return e ? e.id : null;", vec![]);
    let id = id.as_str().expect("dist/embed.html has a <clause-wrap> element");
    let host = if id.is_empty() { "clause-wrap".to_string() } else { format!("#{id}") };
    let ready = page.wait_events("ready", &target(&host), 1, Duration::from_secs(20)).remove(0);

    let bytes = page.element_document(&host);
    let count = highlights(&bytes);
    assert!(ready.bubbles && ready.composed, "ready bubbles and is composed: {ready:?}");
    assert_eq!(ready.detail["sha256"], sha256_hex(&bytes).as_str(), "ready.sha256 is the SHA-256 of the served bytes");
    assert_eq!(ready.detail["highlights"], count, "ready.highlights: {}", ready.json);
    assert!(count > 0 && ready.detail["documentId"].is_string() && ready.detail["version"].is_string(), "ready: {}", ready.json);
    assert_eq!(page.agree_disabled(&host).as_deref(), Some("true"), "Agree starts gated");
    assert_eq!(clicks_accept_nothing(&page, &[&host]), Vec::<String>::new());

    let steps = page.read(&host, 100);
    let progress = page.events_of("progress", &target(&host));
    let last = &progress.last().expect("clausewrap:progress fired while reading").detail;
    let expected = json!({ "status": "ready", "seen": count, "endSeen": true, "progress": 100 });
    assert_eq!(fields(last, &expected), expected, "the last progress event: {last}");
    // Never per scroll: more turns of the wheel over the read document add no event.
    let region = page.find(&format!("{host} .cw .cw-scroll"));
    for delta in [-300, 300, -300, 300, -300, 300] {
        page.wheel(&region, delta);
        sleep(Duration::from_millis(100));
    }
    sleep(READING_PAUSE);
    let after = page.events_of("progress", &target(&host)).len();
    eprintln!("{} progress events over {steps} wheel steps (+6 more: {after})", progress.len());
    assert_eq!(after, progress.len(), "wheel turns that change nothing fire no progress event");
    let (events, turns) = (progress.len(), steps + 6);
    assert!(events <= count + 4 && events < turns, "{events} progress events for {count} passages and {turns} wheel turns");

    let accepted = page.agree_and_wait(&host);
    assert!(accepted.bubbles && accepted.composed, "accepted bubbles and is composed");
    let record = check_record_for(&accepted.json, &bytes);
    for (member, attribute) in [("subject", "subject"), ("nonce", "nonce")] {
        let value = page.on_host(&host, &format!("return host.getAttribute('{attribute}');"));
        assert_eq!(record[member], value, "record.{member} is the element's {attribute} attribute");
    }
    let state = page.state(&host);
    assert_eq!((&state["status"], &state["recordId"]), (&json!("accepted"), &record["record_id"]), "element.state(): {state}");
    let again = page.execute_async(
        "var done = arguments[1]; document.querySelector(arguments[0]).accepted() \
           .then(function (r) { done(r.record_id); }, function (e) { done('rejected: ' + e); });",
        vec![Value::from(host.as_str())],
    );
    assert_eq!(again, record["record_id"], "element.accepted() resolves with the record");
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn js_api_handle_state_accepted_and_destroy() {
    let page = Page::harness();
    let doc = short_a();
    page.mount("api", json!({ "document": doc })).expect("mount takes a document's text");
    let first = page.state("#api");
    for key in STATE_KEYS {
        assert!(first.get(key).is_some(), "state() has {key}: {first}");
    }
    assert!(["loading", "reading", "ready"].contains(&first["status"].as_str().unwrap_or_default()), "first state: {first}");
    page.execute("window.cwResult = null; window.cwHandles.api.accepted().then(function (r) { window.cwResult = r; }, \
                  function (e) { window.cwResult = { rejected: String(e && e.code) }; });", vec![]);

    let ready = page.wait_events("ready", "api", 1, Duration::from_secs(10)).remove(0);
    let sha256 = sha256_hex(doc.as_bytes());
    let expected = json!({ "documentId": "embed-test-a", "version": "2024-01-01", "sha256": sha256, "highlights": 1, "reacceptance": null });
    assert_eq!(ready.detail, expected, "clausewrap:ready");
    let state = page.state("#api");
    assert!(state["seen"].is_array() && state["endSeen"].is_boolean() && state["progress"].is_number(), "state(): {state}");
    assert!(state["error"].is_null() && state["recordId"].is_null() && state["sha256"] == sha256, "state(): {state}");

    page.read("#api", 100);
    let state = page.state("#api");
    let expected = json!({ "status": "ready", "seen": ["c1-h1"], "endSeen": true, "progress": 100 });
    assert_eq!(fields(&state, &expected), expected, "state() once read");
    assert_eq!(page.execute("return window.cwResult;", vec![]), Value::Null, "accepted() waits for Agree");

    let accepted = page.agree_and_wait("#api");
    let record = check_record_for(&accepted.json, doc.as_bytes());
    wait_until(Duration::from_secs(5), "accepted() to resolve", || page.execute("return window.cwResult;", vec![]) != Value::Null);
    assert_eq!(page.execute("return window.cwResult.record_id;", vec![]), record["record_id"], "accepted() resolves with the record");
    let state = page.state("#api");
    assert_eq!((&state["status"], &state["recordId"]), (&json!("accepted"), &record["record_id"]), "state(): {state}");
    let mut statuses: Vec<Value> = page.events_of("progress", "api").iter().map(|e| e.detail["status"].clone()).collect();
    statuses.dedup();
    let at = |status: &str| statuses.iter().position(|s| s == status).unwrap_or(usize::MAX);
    assert!(at("reading") < at("ready") && at("ready") < at("accepted") && at("accepted") != usize::MAX, "statuses: {statuses:?}");

    let again = page.execute_async("var done = arguments[0]; window.cwHandles.api.accepted().then(function (r) { done(r.record_id); });", vec![]);
    assert_eq!(again, record["record_id"], "accepted() after acceptance resolves at once");
    page.execute("window.cwHandles.api.destroy();", vec![]);
    let left = || page.on_host("#api", "return [host.isConnected, host.innerHTML.trim()];");
    wait_until(Duration::from_secs(2), "destroy() to empty the element", || left() == json!([true, ""]));

    page.mount("api2", json!({ "document": doc })).expect("a second mount");
    let outcome = page.execute_async(
        "var done = arguments[0], h = window.cwHandles.api2; \
         h.accepted().then(function () { done('resolved'); }, function (e) { done([e && e.name, e && e.code]); }); \
         h.destroy();",
        vec![],
    );
    assert_eq!(outcome, json!(["ClauseWrapError", "destroyed"]), "accepted() of a widget destroyed first rejects");
}

/// The layout shifts (the `layout-shift` entries, as the browser buffered them since the
/// page loaded) that moved a node inside `host`: each one's value and what moved where.
fn shifts_inside(page: &Page, host: &str) -> Value {
    page.execute_async(
        "var host = document.querySelector(arguments[0]), done = arguments[1], shifts = []; \
         new PerformanceObserver(function (list) { \
           list.getEntries().forEach(function (e) { \
             var inside = (e.sources || []).some(function (s) { return s.node && host.contains(s.node); }); \
             if (inside) shifts.push({ value: e.value, moved: e.sources.map(function (s) { \
               return [s.node ? String(s.node.className || s.node.nodeName) : null, \
                       JSON.stringify(s.previousRect), JSON.stringify(s.currentRect)]; }) }); }); \
         }).observe({ type: 'layout-shift', buffered: true }); \
         setTimeout(function () { done(shifts); }, 300);",
        vec![Value::from(host)],
    )
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn the_widget_moves_nothing_of_its_own_while_it_loads() {
    // The embedded document (opened a task after the mount) and five fetched ones (a
    // loading line first): one highlights nothing, one is shorter than the reading column,
    // one is a re-acceptance (its summary arrives with it), one fails (404). Whatever the
    // widget shows first keeps its place when the document (or its error) arrives, the
    // navigator's row and the reading column's height included.
    // A tall window: the browser reports the shifts of what is in view only.
    let page = Page::harness_sized(1280, 2100);
    // Answered late, so that the loading state is painted before the document replaces it.
    let late = |text: String| Route::markdown(text).delayed(Duration::from_millis(500));
    page.server.route("/docs/long.md", late(documents::rules_variant("embed-test-long", "2024-03-01")));
    page.server.route("/docs/unmarked.md", late(documents::rules_variant("embed-test-unmarked", "2024-03-02").replace("**", "")));
    page.server.route("/docs/short.md", late(documents::with_front_matter("embed-test-tiny", "Tiny", "1", "One line.\n")));
    let old = earlier_a();
    let old_sha = sha256_hex(old.as_bytes());
    page.server.route("/docs/a.md", late(short_a()));
    page.server.route("/docs/a-2023.md", late(old));
    page.server.route("/docs/gone.md", Route::status(404).delayed(Duration::from_millis(500)));
    // The page's own scroll bar, which the widgets' height would bring, moves them all
    // sideways: that is the page's doing, so it has one from the start. Short reading
    // columns keep all six in view.
    page.execute(
        "document.documentElement.style.overflowY = 'scroll'; \
         var style = document.createElement('style'); \
         style.textContent = '.cw { --cw-scroll-height: 10rem; } #short .cw { --cw-scroll-height: 14rem; }'; \
         document.head.appendChild(style);",
        vec![],
    );
    // The short one first: its text is shorter than its column (14rem), whose shrinking
    // would move everything below it.
    page.add_element("short", &[("src", "/docs/short.md")]);
    page.mount("embedded", json!({})).expect("mount with no options");
    page.add_element("fetched", &[("src", "/docs/long.md")]);
    page.add_element("unmarked", &[("src", "/docs/unmarked.md")]);
    page.add_element(
        "revised",
        &[
            ("src", "/docs/a.md"),
            ("previous-src", "/docs/a-2023.md"),
            ("previous-sha256", old_sha.as_str()),
            ("previous-version", "2023-06-01"),
            ("lang", "en"),
        ],
    );
    page.add_element("broken", &[("src", "/docs/gone.md")]);
    let hosts = ["#short", "#embedded", "#fetched", "#unmarked", "#revised", "#broken"];
    for host in hosts {
        let event = if host == "#broken" { "error" } else { "ready" };
        page.wait_events(event, &host[1..], 1, Duration::from_secs(20));
    }
    // Later slices of the text land one per frame: give them time to arrive.
    sleep(Duration::from_millis(800));
    let out_of_view = page.execute(
        "return arguments[0].filter(function (id) { var r = document.querySelector(id).getBoundingClientRect(); \
           return r.top < 0 || r.bottom > innerHeight; });",
        vec![json!(hosts)],
    );
    assert_eq!(out_of_view, json!([]), "widgets not wholly in view, whose shifts the browser would not report");
    for host in hosts {
        let nav = page.on_host(host, "return !!host.querySelector('.cw-nav:not(.cw-nav-placeholder)');");
        assert_eq!(nav, host != "#broken", "{host} shows the navigator (but for a document that failed)");
        assert_eq!(shifts_inside(&page, host), json!([]), "layout shifts inside {host}");
    }
    // The row of a document without highlighted passages says so, and its "next unread"
    // is inactive.
    let none = page.on_host("#unmarked", "var p = host.querySelector('.cw-nav-none'), next = host.querySelector('.cw-nav-next'); \
         return [p && p.textContent, next && next.getAttribute('aria-disabled'), host.querySelectorAll('[data-cw-passage]').length];");
    assert_eq!(none, json!(["本文件未加粗标示重点条款", "true", 0]));
    // The short document leaves its column as tall as the page made it: the widget's size
    // does not depend on its document.
    let short = page.on_host("#short", "var s = host.querySelector('.cw-scroll'); \
         return [Math.round(s.getBoundingClientRect().height), host.querySelector('.cw-doc').offsetHeight < s.clientHeight];");
    assert_eq!(short, json!([224, true]), "the short document's column: [height, text shorter than it]");
    // The re-acceptance's summary is there, at the head of the text.
    let summary = page.on_host("#revised", "var p = host.querySelector('.cw-scroll > .cw-revision'); return p && p.textContent;");
    assert_eq!(summary, "Since you accepted version 2023-06-01: 1 change");
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn js_api_refuses_bad_arguments() {
    let page = Page::harness();
    let bad = [
        (json!({ "bogus": 1 }), "an unknown key"),
        (json!({ "requireAck": "yes" }), "a string for a boolean"),
        (json!({ "minVisibleMs": 600_001 }), "a number out of range"),
        (json!({ "minVisibleMs": 1.5 }), "a fraction for an integer"),
        (json!({ "minVisibleMs": -1 }), "a negative number"),
        (json!({ "timeoutMs": 0 }), "a zero timeout"),
        (json!({ "sha256": "abc" }), "a malformed pin"),
        (json!({ "src": "/docs/a.md", "document": short_a() }), "src together with document"),
    ];
    let mut problems = Vec::new();
    for (i, (options, what)) in bad.into_iter().enumerate() {
        match page.mount(&format!("bad{i}"), options.clone()) {
            Ok(()) => problems.push(format!("{what} ({options}): mount did not throw")),
            Err(t) if t.name == "ClauseWrapError" && t.code == "invalid-option" && t.is_error && !t.message.trim().is_empty() => {}
            Err(t) => problems.push(format!("{what}: threw {t:?}")),
        }
    }
    let thrown = |script: &str| {
        let script = format!("try {{ {script}; return null; }} catch (e) {{ return [e.name, e.code, e instanceof Error]; }}");
        page.execute(&script, vec![])
    };
    page.mount("good", json!({ "document": short_a() })).expect("valid options");
    for (script, code) in [
        ("window.cw.mount(null, {})", "element-missing"),
        ("window.cw.mount(document.createElement('div'), {})", "element-detached"),
        ("window.cwHandles.good.update({ bogus: 1 })", "invalid-option"),
        ("window.cwHandles.good.update({ requireAck: 'yes' })", "invalid-option"),
    ] {
        let got = thrown(script);
        if got != json!(["ClauseWrapError", code, true]) {
            problems.push(format!("{script}: expected a ClauseWrapError {code}, got {got}"));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn decline_fires_an_unsigned_declined_event() {
    let page = Page::harness();
    let doc = short_a();
    page.server.route("/docs/a.md", Route::markdown(doc.clone()));
    page.add_element("d1", &[("src", "/docs/a.md"), ("decline", ""), ("lang", "zh-CN")]);
    page.mount("d2", json!({ "document": doc, "decline": true, "lang": "en" })).expect("mount with decline");
    page.mount("d3", json!({ "document": doc })).expect("mount without decline");
    for id in ["d1", "d2", "d3"] {
        page.wait_events("ready", id, 1, Duration::from_secs(10));
    }
    let decline = page.button_labelled("#d3", &["不同意", "Decline"]).or_else(|| page.try_find("#d3 .cw-decline"));
    assert!(decline.is_none(), "no Decline button without the option");
    let expected = json!({ "documentId": "embed-test-a", "version": "2024-01-01", "sha256": sha256_hex(doc.as_bytes()) });
    for (id, label) in [("d1", "不同意"), ("d2", "Decline")] {
        let button = page.button_labelled(&format!("#{id}"), &[label]).unwrap_or_else(|| panic!("#{id} has a {label:?} button"));
        page.click(&button);
        let declined = page.wait_events("declined", id, 1, Duration::from_secs(5)).remove(0);
        let d = &declined.detail;
        assert_eq!(fields(d, &expected), expected, "{id}: clausewrap:declined {d}");
        let at = d["declinedAt"].as_str().unwrap_or_default();
        assert!(is_utc_millis(at), "{id}: declinedAt {at:?} is RFC 3339 UTC with milliseconds");
        let skew = page.execute("return Math.abs(Date.now() - Date.parse(arguments[0]));", vec![Value::from(at)]);
        assert!(skew.as_f64().is_some_and(|ms| ms < 60_000.0), "{id}: declinedAt {at} is now");
        assert!(d.get("signature").is_none() && d.get("record_id").is_none(), "{id}: declined is unsigned: {d}");
    }
    assert!(page.events_of("accepted", "").is_empty(), "declining accepts nothing");
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn changing_src_loads_the_other_document_and_resets_the_reading() {
    let page = Page::harness();
    let (a, b) = (short_a(), documents::rules_variant("embed-test-long", "2024-03-01"));
    page.server.route("/docs/a.md", Route::markdown(a.clone()));
    page.server.route("/docs/b.md", Route::markdown(b.clone()));
    page.add_element("s", &[("src", "/docs/a.md")]);
    let first = page.wait_events("ready", "s", 1, Duration::from_secs(10)).remove(0);
    assert_eq!(first.detail["sha256"], sha256_hex(a.as_bytes()), "first document");
    page.read("#s", 100);
    assert_eq!(page.status("#s"), "ready", "A read");

    page.on_host("#s", "host.setAttribute('src', '/docs/b.md');");
    let second = page.wait_events("ready", "s", 2, Duration::from_secs(10)).remove(1);
    assert_eq!(second.detail["sha256"], sha256_hex(b.as_bytes()), "the new src: {}", second.json);
    let expected = json!({ "documentId": "embed-test-long", "version": "2024-03-01", "highlights": highlights(b.as_bytes()) });
    assert_eq!(fields(&second.detail, &expected), expected, "{}", second.json);
    let state = page.state("#s");
    assert_eq!(page.agree_disabled("#s").as_deref(), Some("true"), "Agree inactive again; state {state}");
    assert!(state["status"] == "reading" && state["progress"].as_u64().is_some_and(|p| p < 100), "reading again: {state}");
    let seen = state["seen"].as_array().map_or(usize::MAX, Vec::len);
    assert!(seen < highlights(b.as_bytes()), "the passages of B are not all seen yet: {state}");
    let text = page.on_host("#s", "return host.textContent;");
    assert!(text.as_str().unwrap_or_default().contains("人脸识别服务规则"), "B is shown");
    assert!(page.events_of("accepted", "").is_empty());
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn fetch_errors_show_a_message_and_keep_agree_inactive() {
    let page = Page::harness();
    page.server.route("/docs/404.md", Route::status(404));
    page.server.route("/docs/500.md", Route::status(500));
    page.server.route("/docs/slow.md", Route::markdown(short_a()).delayed(Duration::from_secs(5)));
    let down = format!("http://127.0.0.1:{}/rules.md", unused_port());
    let cases = [
        case("e404", &[("src", "/docs/404.md")], "http-status"),
        case("e500", &[("src", "/docs/500.md")], "http-status"),
        case("slow", &[("src", "/docs/slow.md"), ("timeout-ms", "800")], "fetch-timeout"),
        case("down", &[("src", &down)], "fetch-failed"),
    ];
    let mut problems = run_error_cases(&page, &cases);
    for (id, status) in [("e404", 404), ("e500", 500)] {
        let errors = page.events_of("error", id);
        if !errors.iter().any(|e| e.detail["status"] == status) {
            let details: Vec<&String> = errors.iter().map(|e| &e.json).collect();
            problems.push(format!("#{id}: no error detail with status {status}: {details:?}"));
        }
    }
    let timed_out = page.events_of("error", "slow").first().map(|e| e.at);
    let elapsed = timed_out.map(|at| at - page.execute("return window.cwAdded.slow;", vec![]).as_f64().unwrap_or_default());
    if !elapsed.is_some_and(|ms| (700.0..4000.0).contains(&ms)) {
        problems.push(format!("#slow: the error came {elapsed:?} ms after the element, with timeout-ms=800"));
    }
    // The slow answer arrives after 5 s: it must not be shown then either.
    wait_until(Duration::from_secs(10), "the slow answer to have come", || {
        page.execute("return performance.now() - window.cwAdded.slow;", vec![]).as_f64().is_some_and(|ms| ms > 5600.0)
    });
    problems.extend(error_problems(&page, "#slow", "fetch-timeout"));
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn document_errors_show_a_message_and_keep_agree_inactive() {
    let page = Page::harness();
    let documents: [(&str, Vec<u8>, &str); 7] = [
        ("empty", Vec::new(), "document-empty"),
        ("blank", b"  \n\n \n".to_vec(), "document-empty"),
        ("bytes", documents::not_utf8(), "document-not-utf8"),
        ("open", documents::unclosed_front_matter().into_bytes(), "document-front-matter"),
        ("noid", documents::missing_id().into_bytes(), "document-front-matter"),
        ("noversion", documents::missing_version().into_bytes(), "document-front-matter"),
        ("large", documents::too_large(), "document-too-large"),
    ];
    let mut cases = Vec::new();
    for (id, bytes, code) in &documents {
        let src = format!("/docs/{id}.md");
        page.server.route(&src, Route::markdown(bytes.clone()));
        cases.push(case(id, &[("src", &src)], code));
    }
    let problems = run_error_cases(&page, &cases);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn pin_and_attribute_errors_show_a_message_and_keep_agree_inactive() {
    let page = Page::harness();
    page.server.route("/docs/a.md", Route::markdown(short_a()));
    let other = sha256_hex(short_b().as_bytes());
    let cases = [
        case("pinned", &[("src", "/docs/a.md"), ("sha256", &other)], "sha256-mismatch"),
        case("minvisible", &[("src", "/docs/a.md"), ("min-visible-ms", "abc")], "invalid-option"),
        case("timeout", &[("src", "/docs/a.md"), ("timeout-ms", "0")], "invalid-option"),
        case("pin", &[("src", "/docs/a.md"), ("sha256", "xyz")], "invalid-option"),
    ];
    let problems = run_error_cases(&page, &cases);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn error_messages_follow_the_widget_language() {
    let page = Page::harness();
    page.server.route("/docs/404.md", Route::status(404));
    page.server.route("/docs/noid.md", Route::markdown(documents::missing_id()));
    for (src, code) in [("/docs/404.md", "http-status"), ("/docs/noid.md", "document-front-matter")] {
        let (zh, en) = (format!("zh-{}", &code[..4]), format!("en-{}", &code[..4]));
        page.add_element(&zh, &[("src", src), ("lang", "zh-CN")]);
        page.add_element(&en, &[("src", src), ("lang", "en")]);
        settle(&page, &[&format!("#{zh}"), &format!("#{en}")], Duration::from_secs(10));
        let problems: Vec<String> = [&zh, &en].iter().flat_map(|id| error_problems(&page, &format!("#{id}"), code)).collect();
        assert!(problems.is_empty(), "{problems:#?}");
        let (zh_text, en_text) = (page.alert_text(&format!("#{zh}")), page.alert_text(&format!("#{en}")));
        assert_ne!(zh_text, en_text, "{code}: the message depends on lang");
        assert!(zh_text.chars().any(is_han), "{code}: the zh-CN message is Chinese: {zh_text:?}");
        assert!(!en_text.chars().any(is_han), "{code}: the en message is English: {en_text:?}");
        let message = |id: &str| page.events_of("error", id)[0].detail["message"].clone();
        assert_ne!(message(&zh), message(&en), "{code}: the event's message is in the widget's language");
    }
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn document_without_highlights_is_ready_and_accepted() {
    let page = Page::harness();
    let doc = documents::plain();
    page.server.route("/docs/plain.md", Route::markdown(doc.clone()));
    page.add_element("plain", &[("src", "/docs/plain.md")]);
    let ready = page.wait_events("ready", "plain", 1, Duration::from_secs(10)).remove(0);
    let expected = json!({ "highlights": 0, "sha256": sha256_hex(doc.as_bytes()) });
    assert_eq!(fields(&ready.detail, &expected), expected, "{}", ready.json);
    page.read("#plain", 100);
    let accepted = page.agree_and_wait("#plain");
    let record = check_record_for(&accepted.json, doc.as_bytes());
    assert_eq!(record["document"]["highlights"], 0);
    assert!(page.events_of("error", "").is_empty(), "no error: {:?}", page.events_of("error", ""));
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn xss_corpus_is_inert() {
    let payloads = xss::payloads();
    assert!(payloads.len() >= 30, "the corpus has {} payloads", payloads.len());
    let page = Page::harness();
    // Every payload through the JS API, and a few also from the server through `src`.
    let mut hosts = xss::mount_all(&page, &payloads);
    hosts.extend(xss::load_all(&page, payloads.iter().filter(|p| [1, 2, 11, 16, 24, 30, 51].contains(&p.n))));
    let mut outcome = xss::check_all(&page, &hosts);
    // Later: after a while, and with every widget scrolled through.
    let scroll_all = "document.querySelectorAll('.cw-scroll').forEach(function (r) { r.scrollIntoView(); r.scrollTop = r.scrollHeight; }); \
                      window.scrollTo(0, document.body.scrollHeight);";
    page.execute(scroll_all, vec![]);
    sleep(Duration::from_secs(1));
    outcome.problems.extend(xss::recheck_all(&page, &hosts));
    let (count, widgets, shown, refused) = (payloads.len(), hosts.len(), outcome.shown, outcome.refused);
    eprintln!("XSS corpus: {count} payloads in {widgets} widgets: {shown} rendered as inert text, {refused} refused");
    assert!(outcome.problems.is_empty(), "{:#?}", outcome.problems);
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn delivery_retries_until_stored_once() {
    let page = Page::harness();
    page.server.collect_mode(CollectMode::FailFirst(3));
    let (accepted, id) = accept_with_endpoint(&page, "a");
    wait_until(Duration::from_secs(20), "the record to be stored", || page.server.stored_count(&id) == 1);
    let delivered = page.wait_events("delivered", "a", 1, Duration::from_secs(5)).remove(0);
    assert_eq!(delivered.detail, json!({ "recordId": id, "status": 201 }), "clausewrap:delivered");
    let requests = requests_for(&page, &id);
    let answered: Vec<u16> = requests.iter().map(|r| r.answered).collect();
    assert_eq!(answered, [503, 503, 503, 201], "one request per attempt, none after the record was stored");
    for r in &requests {
        assert_eq!(r.idempotency_key.as_deref(), Some(id.as_str()), "Idempotency-Key is the record_id");
        let json = r.content_type.as_deref().is_some_and(|t| t.starts_with("application/json"));
        assert!(json, "Content-Type {:?}", r.content_type);
    }
    for (n, pair) in requests.windows(2).enumerate() {
        let (gap, cap) = ((pair[1].at - pair[0].at).as_secs_f64(), f64::from(1u32 << n));
        let (retry, least) = (n + 1, cap / 2.0);
        assert!(gap >= least - 0.05 && gap <= cap + 1.0, "retry {retry} came {gap:.2} s after the one before (backoff {least}-{cap} s)");
    }
    let stored = &page.server.stored()[0];
    let body = check_record_for(&stored.body, short_a().as_bytes());
    assert_eq!(body, serde_json::from_str::<Value>(&accepted.json).unwrap(), "the endpoint got the accepted record");
    wait_until(Duration::from_secs(5), "the outbox to be empty", || page.outbox().is_empty());
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn delivery_resumes_after_reload() {
    let page = Page::harness();
    page.server.collect_mode(CollectMode::FailAll);
    let (_, id) = accept_with_endpoint(&page, "b");
    wait_until(Duration::from_secs(5), "a first attempt", || !requests_for(&page, &id).is_empty());
    assert!(page.outbox().iter().any(|(key, _)| key == &id), "the record is in the outbox: {:?}", page.outbox());
    let before = requests_for(&page, &id).len();
    page.reload();
    page.wait_loaded();
    wait_until(Duration::from_secs(5), "the reloaded page to send the record", || requests_for(&page, &id).len() > before);
    page.server.collect_mode(CollectMode::Succeed);
    wait_until(Duration::from_secs(20), "the record to be stored", || page.server.stored_count(&id) == 1);
    wait_until(Duration::from_secs(5), "the outbox to be empty", || !page.outbox().iter().any(|(key, _)| key == &id));
    assert!(all_keyed(&page, &id), "every request carried the key: {:?}", requests_for(&page, &id));
    sleep(Duration::from_secs(1)); // a second delivery, if one were under way, would be stored by now
    assert_eq!(page.server.stored_count(&id), 1, "stored exactly once");
    let delivered: Vec<String> = page.events_of("delivered", "").into_iter().map(|e| format!("{} on {}", e.json, e.target)).collect();
    eprintln!("after the reload: clausewrap:delivered {delivered:?}");
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn delivery_of_two_records_stores_each_once() {
    let page = Page::harness();
    page.server.collect_mode(CollectMode::FailAll);
    let (_, first) = accept_with_endpoint(&page, "c1");
    let (_, second) = accept_with_endpoint(&page, "c2");
    assert_ne!(first, second, "two acceptances, two records");
    wait_until(Duration::from_secs(10), "both records to be attempted", || {
        !requests_for(&page, &first).is_empty() && !requests_for(&page, &second).is_empty()
    });
    page.server.collect_mode(CollectMode::Succeed);
    wait_until(Duration::from_secs(30), "both records to be stored", || {
        page.server.stored_count(&first) == 1 && page.server.stored_count(&second) == 1
    });
    for id in [&first, &second] {
        assert!(all_keyed(&page, id), "{id}: every request carried its key: {:?}", requests_for(&page, id));
    }
    assert_eq!(page.server.stored().len(), 2, "nothing else stored: {:?}", page.server.stored());
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn delivery_rejected_stays_in_the_outbox() {
    let page = Page::harness();
    page.server.collect_mode(CollectMode::Reject);
    let (_, id) = accept_with_endpoint(&page, "r");
    let error = page.wait_events("error", "", 1, Duration::from_secs(10)).remove(0);
    let expected = json!({ "code": "delivery-rejected", "recordId": id, "status": 400 });
    assert_eq!(fields(&error.detail, &expected), expected, "clausewrap:error {}", error.json);
    let entry = page.outbox().into_iter().find(|(key, _)| key == &id);
    let (_, value) = entry.unwrap_or_else(|| panic!("the rejected record stays in the outbox: {:?}", page.outbox()));
    assert!(value.to_lowercase().contains("rejected"), "the outbox entry is marked rejected: {value}");
    sleep(Duration::from_millis(2500)); // the first retry would have come by now
    assert_eq!(requests_for(&page, &id).len(), 1, "a rejected record is not retried");
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn delivery_resumes_when_the_browser_is_back_online() {
    let page = Page::harness();
    page.mount("o", json!({ "document": short_a(), "endpoint": "/collect" })).expect("mount with an endpoint");
    page.wait_events("ready", "o", 1, Duration::from_secs(10));
    page.read("#o", 100);
    page.cdp("Network.enable", json!({}));
    let conditions = |offline: bool| json!({ "offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 });
    page.cdp("Network.emulateNetworkConditions", conditions(true));
    wait_until(Duration::from_secs(3), "navigator.onLine to be false", || page.execute("return navigator.onLine;", vec![]) == false);
    let id = page.agree_and_wait("#o").detail["record_id"].as_str().expect("record_id").to_string();
    sleep(Duration::from_secs(12)); // offline long enough for the backoff to grow past several seconds
    assert!(page.server.collected().is_empty(), "nothing reaches the endpoint offline");
    let online = Instant::now();
    page.cdp("Network.emulateNetworkConditions", conditions(false));
    wait_until(Duration::from_millis(2500), "delivery right after coming back online", || page.server.stored_count(&id) == 1);
    eprintln!("delivered {:?} after the browser came back online", online.elapsed());
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn a_visitor_who_accepts_nothing_gets_no_outbox() {
    // Every page load looks for records that earlier pages left undelivered; where nothing was
    // ever stored, that look must not create the outbox.
    let page = Page::harness();
    page.mount("n", json!({ "document": short_a(), "endpoint": "/collect" })).expect("mount with an endpoint");
    page.wait_events("ready", "n", 1, Duration::from_secs(10));
    sleep(Duration::from_millis(2500)); // the look runs when the page is idle, within 2 s
    let names = page.execute_async(
        "var done = arguments[arguments.length - 1]; \
         indexedDB.databases().then(function (dbs) { done(dbs.map(function (d) { return d.name; })); }, \
                                    function (e) { done(String(e)); });",
        vec![],
    );
    let names = names.as_array().unwrap_or_else(|| panic!("indexedDB.databases(): {names}")).clone();
    assert!(!names.contains(&json!("clausewrap-outbox")), "no outbox without a record: {names:?}");
    // Accepting still stores the record (the outbox is created then) and delivers it.
    page.read("#n", 100);
    let id = page.agree_and_wait("#n").detail["record_id"].as_str().expect("record_id").to_string();
    wait_until(Duration::from_secs(10), "the record to be delivered", || page.server.stored_count(&id) == 1);
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn without_browser_storage_the_record_is_signed_and_delivered_from_the_page() {
    // A browser that refuses IndexedDB (as some private modes do): no stored key, no outbox.
    let page = Page::start(1280, 900);
    page.on_new_document(
        "Object.defineProperty(window, 'indexedDB', { get: function () { throw new DOMException('refused', 'SecurityError'); } });",
    );
    page.open("/harness.html");
    page.wait_loaded();
    page.server.collect_mode(CollectMode::FailFirst(1));
    let (accepted, id) = accept_with_endpoint(&page, "s");
    let error = page.wait_events("error", "s", 1, Duration::from_secs(5)).remove(0);
    let expected = json!({ "code": "storage-unavailable", "recordId": id });
    assert_eq!(fields(&error.detail, &expected), expected, "clausewrap:error {}", error.json);
    assert!(error.at <= accepted.at, "told before the record is announced as accepted");
    // Signed by a key of this page only, still verifiable (accept_with_endpoint checked it),
    // and delivered from memory, retry included.
    wait_until(Duration::from_secs(10), "the record to be stored", || page.server.stored_count(&id) == 1);
    let delivered = page.wait_events("delivered", "s", 1, Duration::from_secs(5)).remove(0);
    assert_eq!(delivered.detail, json!({ "recordId": id, "status": 201 }), "clausewrap:delivered");
    let answered: Vec<u16> = requests_for(&page, &id).iter().map(|r| r.answered).collect();
    assert_eq!(answered, [503, 201], "retried once, then stored");
}

/// A document of several slices: 240 paragraphs, and every 40th with a highlighted passage.
fn sliced_document() -> String {
    let mut body = String::new();
    for k in 1..=240 {
        let passage = if k % 40 == 0 { " **The provider is not liable for losses this clause names.**" } else { "" };
        body += &format!(
            "Paragraph {k}. The provider keeps the records of this service for as long as the law requires, \
             and deletes them when that period ends.{passage}\n\n"
        );
    }
    documents::with_front_matter("embed-test-slices", "Sliced", "1", &body)
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn a_document_of_several_slices_lays_out_later_slices_near_the_view_and_is_read_through() {
    // Later slices are laid out only as they near the view (`content-visibility: auto`):
    // reading them still counts, scrolling through still opens the gate, the navigator still
    // lands on their passages, and nothing in the widget moves.
    let page = Page::harness_sized(1280, 1000);
    let text = sliced_document();
    assert!(text.len() > 2 * 16 * 1024, "more than two slices of 16 KiB: {} B", text.len());
    page.server.route("/docs/slices.md", Route::markdown(text.clone()));
    page.execute(
        "var style = document.createElement('style'); style.textContent = '.cw { --cw-scroll-height: 40rem; }'; \
         document.head.appendChild(style);",
        vec![],
    );
    page.mount("long", json!({ "src": "/docs/slices.md" })).expect("mount");
    page.wait_events("ready", &target("#long"), 1, Duration::from_secs(20));
    wait_until(Duration::from_secs(5), "every slice to be drawn", || {
        page.on_host("#long", "return !!host.querySelector('[data-cw-end]');") == true
    });
    // The first slice is laid out as it is drawn; later ones are marked, and those far from
    // the view are not laid out (their passages are not even rendered).
    let layout = page.on_host(
        "#long",
        "var blocks = host.querySelectorAll('.cw-doc > .cw-p'), later = host.querySelectorAll('[data-cw-later]'); \
         var passages = host.querySelectorAll('[data-cw-passage]'); \
         return [blocks.length, later.length, getComputedStyle(blocks[0]).contentVisibility, \
                 getComputedStyle(later[later.length - 1]).contentVisibility, \
                 blocks[0].hasAttribute('data-cw-later'), \
                 passages[passages.length - 1].checkVisibility({ contentVisibilityAuto: true })];",
    );
    let later = layout[1].as_u64().unwrap_or(0);
    assert_eq!(layout[0], 240, "{layout}");
    assert!(later > 100 && later < 240, "most paragraphs are in later slices: {layout}");
    let expected = [json!("visible"), json!("auto"), json!(false), json!(false)];
    assert_eq!(layout.as_array().map(|a| a[2..].to_vec()), Some(expected.to_vec()), "[the first paragraph's content-visibility, the last's, the first marked, the last passage rendered]: {layout}");

    // Read through with the wheel: every passage, every paragraph and the end, though
    // most were not laid out when the reading began.
    let steps = page.read("#long", 500);
    let state = page.state("#long");
    let seen = state["seen"].as_array().map_or(0, Vec::len);
    assert_eq!((seen, &state["endSeen"], &state["progress"]), (6, &json!(true), &json!(100)), "{state}");
    eprintln!("read through {} B in {steps} wheel steps", text.len());

    assert_eq!(shifts_inside(&page, "#long"), json!([]), "layout shifts inside the widget");
    let accepted = page.agree_and_wait("#long");
    check_record_for(&accepted.json, text.as_bytes());

    // Another widget with the same document, where the navigator jumps to the last passage
    // at once, over slices never laid out: it lands in the column's view, focused.
    page.execute("document.getElementById('long').remove();", vec![]);
    page.mount("jump", json!({ "src": "/docs/slices.md" })).expect("mount");
    page.wait_events("ready", &target("#jump"), 1, Duration::from_secs(20));
    wait_until(Duration::from_secs(5), "every slice to be drawn", || {
        page.on_host("#jump", "return !!host.querySelector('[data-cw-end]');") == true
    });
    page.click(&page.find("#jump .cw-nav-summary"));
    // The entries are drawn in the render the `toggle` event asks for, not at the click.
    wait_until(Duration::from_secs(2), "the navigator's entries", || page.find_all("#jump .cw-nav-item").len() == 6);
    let entries = page.find_all("#jump .cw-nav-item");
    assert_eq!(entries.len(), 6);
    page.click(&entries[5]);
    sleep(READING_PAUSE);
    let jumped = page.on_host(
        "#jump",
        "var p = host.querySelectorAll('[data-cw-passage]')[5], r = p.getBoundingClientRect(), \
             s = host.querySelector('.cw-scroll').getBoundingClientRect(); \
         return [r.top >= s.top && r.bottom <= s.bottom, document.activeElement === p, \
                 JSON.stringify([r.top, r.bottom, s.top, s.bottom])];",
    );
    assert_eq!(jumped.as_array().map(|a| a[..2].to_vec()), Some(vec![json!(true), json!(true)]), "[in the column's view, focused, where]: {jumped}");
}

/// Short document A as accepted before: clause 2 said "the courts of first instance".
fn earlier_a() -> String {
    short_a().replace("version: 2024-01-01", "version: 2023-06-01").replace("the courts at", "the courts of first instance at")
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn reacceptance_through_attributes_and_through_a_previous_record() {
    let page = Page::harness();
    let (old, new) = (earlier_a(), short_a());
    let old_sha = sha256_hex(old.as_bytes());
    page.server.route("/docs/a.md", Route::markdown(new.clone()));
    page.server.route("/docs/a-2023.md", Route::markdown(old.clone()));

    // <clause-wrap> with previous-* attributes.
    let attributes = [
        ("src", "/docs/a.md"),
        ("previous-src", "/docs/a-2023.md"),
        ("previous-sha256", old_sha.as_str()),
        ("previous-version", "2023-06-01"),
        ("previous-accepted-at", "2024-05-01"),
        ("lang", "en"),
    ];
    page.add_element("r1", &attributes);
    let ready = page.wait_events("ready", "r1", 1, Duration::from_secs(10)).remove(0);
    let since = json!({ "version": "2023-06-01", "sha256": old_sha, "acceptedAt": "2024-05-01" });
    let expected = json!({ "required": true, "policy": "any", "since": since, "changed": 1, "added": 0, "removed": 0, "moved": 0,
                           "highlightedChanges": 0 });
    assert_eq!(ready.detail["reacceptance"], expected, "clausewrap:ready: {}", ready.json);
    let summary = page.on_host("#r1", "return host.querySelector('.cw-revision').textContent;");
    assert_eq!(summary, "Since you accepted version 2023-06-01 on 2024-05-01: 1 change");
    let marks = page.on_host("#r1", "return Array.from(host.querySelectorAll('[data-cw-change] ins, [data-cw-change] del')).map(function (e) { return e.tagName + ' ' + e.textContent; });");
    assert_eq!(marks, json!(["DEL Deleted: of first instance "]), "the edit, marked");
    page.read("#r1", 100);
    assert_eq!(page.state("#r1")["changesSeen"], json!(["c2"]));
    let accepted = page.agree_and_wait("#r1");
    let record = check_record_for(&accepted.json, new.as_bytes());
    assert_eq!(record["supersedes"], json!({ "record_id": null, "version": "2023-06-01", "sha256": old_sha }));
    assert_eq!(record["evidence"]["changes_seen"].as_array().map(Vec::len), Some(1));
    assert_eq!(record["evidence"]["changes_seen"][0]["id"], "c2");

    // The JS API with the earlier acceptance record itself, and where that version is.
    page.mount("first", json!({ "document": old })).expect("the first acceptance");
    page.wait_events("ready", "first", 1, Duration::from_secs(10));
    page.read("#first", 100);
    let earlier = check_record_for(&page.agree_and_wait("#first").json, old.as_bytes());
    assert!(earlier.get("supersedes").is_none(), "a first acceptance supersedes nothing");
    let options = json!({ "src": "/docs/a.md", "previous": earlier, "previousSrc": "/docs/a-2023.md", "reacceptance": "highlighted" });
    page.mount("r2", options).expect("mount takes the earlier record with previousSrc");
    let ready = page.wait_events("ready", "r2", 1, Duration::from_secs(10)).remove(0);
    let reacceptance = &ready.detail["reacceptance"];
    assert_eq!((&reacceptance["required"], &reacceptance["policy"]), (&json!(false), &json!("highlighted")), "{}", ready.json);
    assert_eq!(reacceptance["since"]["acceptedAt"], earlier["accepted_at"]);
    page.execute("window.cwHandles.r2.update({ src: '/docs/a.md', previous: arguments[0], previousSrc: '/docs/a-2023.md' });", vec![earlier.clone()]);
    let ready = page.wait_events("ready", "r2", 2, Duration::from_secs(10)).remove(1);
    assert_eq!(ready.detail["reacceptance"]["required"], true, "update() takes a record too: {}", ready.json);
    page.read("#r2", 100);
    let record = check_record_for(&page.agree_and_wait("#r2").json, new.as_bytes());
    assert_eq!(record["supersedes"]["record_id"], earlier["record_id"], "the record names the acceptance it supersedes");

    // A record without previousSrc, or previousSrc without a record, is refused.
    for (options, what) in [
        (json!({ "document": new, "previous": earlier }), "a record without previousSrc"),
        (json!({ "document": new, "previousSrc": "/docs/a-2023.md" }), "previousSrc without a record"),
        (json!({ "document": new, "previous": { "version": "1", "sha256": old_sha } }), "previous without src"),
    ] {
        match page.mount("bad", options) {
            Err(t) if t.name == "ClauseWrapError" && t.code == "invalid-option" => {}
            other => panic!("{what}: expected invalid-option, got {other:?}"),
        }
    }
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn reacceptance_marks_pass_the_accessibility_audit_in_both_languages_and_schemes() {
    let page = Page::harness();
    // Clause 2 changed, clause 3 added, the closing paragraph removed.
    let new = format!("{}3. **The provider may change these rules with thirty days' notice.**\n", short_a());
    let old = format!("{}\nThese rules were last reviewed in 2023.\n", earlier_a());
    page.server.route("/docs/a-2023.md", Route::markdown(old.clone()));
    let previous = json!({ "version": "2023-06-01", "sha256": sha256_hex(old.as_bytes()), "src": "/docs/a-2023.md", "acceptedAt": "2024-05-01" });
    for lang in ["zh-CN", "en"] {
        let id = format!("axe-{lang}");
        page.mount(&id, json!({ "document": new, "previous": previous, "lang": lang })).expect("mount");
        let ready = page.wait_events("ready", &id, 1, Duration::from_secs(10)).remove(0);
        let r = &ready.detail["reacceptance"];
        assert_eq!((&r["changed"], &r["added"], &r["removed"], &r["required"]), (&json!(1), &json!(1), &json!(1), &json!(true)), "{}", ready.json);
        let kinds = page.on_host(&format!("#{id}"), "return Array.from(host.querySelectorAll('[data-cw-change]')).map(function (e) { return e.getAttribute('data-change-id'); });");
        assert_eq!(kinds, json!(["c2", "old-b2", "c3"]), "every change is marked, in the record's order");
    }
    // The widget's controls sit on the host page: a dark page under the dark scheme.
    for (scheme, page_background) in [("light", "#ffffff"), ("dark", "#17191e")] {
        page.emulate_media(&[("prefers-color-scheme", scheme)]);
        page.execute("document.body.style.background = arguments[0];", vec![Value::from(page_background)]);
        e2e_support::axe::assert_no_violations(&page, &format!("reacceptance-{scheme}"));
        page.screenshot(&format!("reacceptance-{scheme}.png"));
    }
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn previous_version_errors_show_a_message_and_keep_agree_inactive() {
    let page = Page::harness();
    let old = earlier_a();
    page.server.route("/docs/a.md", Route::markdown(short_a()));
    page.server.route("/docs/a-2023.md", Route::markdown(old.clone()));
    page.server.route("/docs/404.md", Route::status(404));
    let (sha, other) = (sha256_hex(old.as_bytes()), sha256_hex(short_b().as_bytes()));
    let (a, old_src) = (("src", "/docs/a.md"), ("previous-src", "/docs/a-2023.md"));
    let cases = [
        case("mismatch", &[a, old_src, ("previous-sha256", &other), ("previous-version", "1")], "previous-sha256-mismatch"),
        case("missing", &[a, ("previous-src", "/docs/404.md"), ("previous-sha256", &sha), ("previous-version", "1")], "http-status"),
        case("noversion", &[a, old_src, ("previous-sha256", &sha)], "invalid-option"),
        case("policy", &[a, old_src, ("previous-sha256", &sha), ("previous-version", "1"), ("reacceptance", "always")], "invalid-option"),
    ];
    let problems = run_error_cases(&page, &cases);
    assert!(problems.is_empty(), "{problems:#?}");
}

/// The members of `value` named in `like` (an object), for comparing a part of a detail.
fn fields(value: &Value, like: &Value) -> Value {
    let keys = like.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()).unwrap_or_default();
    keys.into_iter().map(|key| (key.clone(), value[&key].clone())).collect::<serde_json::Map<_, _>>().into()
}

/// `YYYY-MM-DDTHH:MM:SS.mmmZ`
fn is_utc_millis(text: &str) -> bool {
    let pattern = "dddd-dd-ddTdd:dd:dd.dddZ";
    text.len() == pattern.len() && text.chars().zip(pattern.chars()).all(|(c, p)| if p == 'd' { c.is_ascii_digit() } else { c == p })
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}
