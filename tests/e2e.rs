//! End-to-end tests: the built demo (`dist/`) served on 127.0.0.1 and driven through
//! WebDriver in headless Chromium, the way a person reads, clicks and types.
//!
//! Run with `scripts/test`, or after `trunk build --release --offline`:
//! `cargo test --test e2e -- --ignored --test-threads=1`. Screenshots and the chromedriver
//! log go to `target/e2e/`. `CHROMIUM` and `CHROMEDRIVER` override the browser and driver
//! paths, `CLAUSEWRAP_E2E_DIST` the directory served instead of `dist/`.

mod e2e_support;

use std::thread::sleep;
use std::time::Duration;

use e2e_support::page::{Demo, STATUS};
use e2e_support::record::check_record;
use e2e_support::{wait_until, READING_PAUSE};
use e2e_support::webdriver::keys;

const DESKTOP: (u32, u32) = (1280, 900);

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn gated_click_emits_nothing_and_wheel_reading_activates() {
    let page = Demo::open(DESKTOP.0, DESKTOP.1);
    let agree = page.agree();
    let status = page.find(STATUS);
    let status_id = page.attr(&status, "id").unwrap_or_default();
    assert_eq!(page.agree_disabled(), "true", "Agree starts gated");
    assert_eq!(page.attr(&agree, "disabled"), None, "gated with aria-disabled, not the disabled attribute");
    assert!(!status_id.is_empty(), "the status line has an id");
    assert_eq!(page.attr(&agree, "aria-describedby"), Some(status_id), "Agree is described by the status line");
    let text = page.text(&status);
    assert!(text.contains("请阅读至文末"), "status before reading: {text:?}");

    page.click(&agree);
    sleep(Duration::from_millis(500));
    assert_eq!(page.events().len(), 0, "a gated click emits nothing");
    assert_eq!(page.state(), "reading", "a gated click leaves the widget reading");

    let steps = page.read_with_wheel("gated-then-ready.failed.png");
    eprintln!("Agree became available after {steps} wheel steps");
    page.screenshot("gated-then-ready.png");

    page.click(&agree);
    let events = page.wait_for_events(1);
    page.click(&agree);
    page.send_keys(&agree, keys::ENTER);
    sleep(Duration::from_secs(1));
    assert_eq!(page.events().len(), 1, "Agree accepts exactly once");
    let event = &events[0];
    assert_eq!(event.target, "clausewrap", "dispatched on the host element");
    assert!(event.bubbles && event.composed, "bubbles and composed: {event:?}");
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn record_verifies_natively() {
    let page = Demo::open(DESKTOP.0, DESKTOP.1);
    page.read_with_wheel("record.failed.png");
    page.click(&page.agree());
    let events = page.wait_for_events(1);
    let record = check_record(&events[0].detail);
    // Kept for the verification with other languages' standard tools (scripts/test).
    std::fs::write(e2e_support::artifacts_dir().join("record.json"), &events[0].detail).expect("record.json is written");

    // The page highlights the same passages as the record names, in the same order.
    let mut on_page: Vec<String> =
        page.find_all(e2e_support::page::PASSAGE).iter().filter_map(|p| page.attr(p, "data-passage-id")).collect();
    on_page.dedup();
    let seen = &record["evidence"]["highlights_seen"];
    let seen: Vec<&str> = seen.as_array().unwrap().iter().filter_map(|h| h["id"].as_str()).collect();
    assert_eq!(on_page, seen, "passages on the page vs. in the record");
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn end_key_jump_leaves_gate_closed() {
    let page = Demo::open(DESKTOP.0, DESKTOP.1);
    let region = page.region();
    page.click(&region);
    assert!(page.is_focused(&region), "a click focuses the scroll region, not {}", page.focused_description());
    page.press_keys(keys::END);
    sleep(Duration::from_secs(1));
    let end_in_view = "const r = arguments[0].getBoundingClientRect(), \
                             e = arguments[0].querySelector('.cw-end').getBoundingClientRect(); \
                       return e.bottom > r.top && e.top < r.bottom;";
    let position = page.scroll_position(&region);
    assert_eq!(page.execute(end_in_view, vec![region.json()]), true, "End shows the end marker: {position}");

    let (disabled, text) = (page.agree_disabled(), page.status_text());
    if disabled != "true" || !text.contains("处重点条款未阅读") {
        let shot = page.screenshot("end-key.failed.png");
        panic!(
            "jumping to the end must leave passages unread and Agree gated; got aria-disabled {disabled:?}, \
             status {text:?}; screenshot {}",
            shot.display()
        );
    }
    page.click(&page.agree());
    sleep(Duration::from_millis(500));
    assert_eq!(page.events().len(), 0, "a gated click emits nothing");
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn keyboard_only_reading_accepts() {
    let page = Demo::open(DESKTOP.0, DESKTOP.1);
    let region = page.region();
    page.send_keys(&page.find("#email"), keys::TAB);
    assert!(page.is_focused(&region), "Tab from #email reaches the scroll region, not {}", page.focused_description());

    let mut presses = 0;
    while page.agree_disabled() != "false" {
        assert!(presses < 200, "Agree still gated after {presses} PageDown/Space presses: {}", page.status_text());
        page.press_keys(if presses % 2 == 0 { keys::PAGE_DOWN } else { keys::SPACE });
        presses += 1;
        sleep(READING_PAUSE);
    }
    eprintln!("Agree became available after {presses} key presses");

    let agree = page.agree();
    for _ in 0..10 {
        if page.is_focused(&agree) {
            break;
        }
        page.press_keys(keys::TAB);
    }
    assert!(page.is_focused(&agree), "Tab reaches Agree; focus is on {}", page.focused_description());
    page.press_keys(keys::SPACE);
    page.wait_for_events(1);
    sleep(Duration::from_secs(1));
    assert_eq!(page.events().len(), 1, "one Space press, one record");
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn continue_requires_acceptance() {
    let page = Demo::open(DESKTOP.0, DESKTOP.1);
    page.send_keys(&page.find("#email"), "reader@example.com");
    let (message, done) = (page.find("#signup-message"), page.find("#signup-done"));
    page.click(&page.find("#continue"));
    wait_until(Duration::from_secs(2), "#signup-message to show", || page.is_displayed(&message));
    assert!(!page.is_displayed(&done), "no acceptance, no proceeding");

    page.read_with_wheel("continue.failed.png");
    page.click(&page.agree());
    let events = page.wait_for_events(1);
    let record = check_record(&events[0].detail);
    page.click(&page.find("#continue"));
    wait_until(Duration::from_secs(2), "#signup-done to show", || page.is_displayed(&done));
    assert_eq!(page.text(&page.find("#done-record")), record["record_id"].as_str().unwrap());
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn phone_viewport() {
    let page = Demo::open(360, 640);
    // Chromium widens a `--window-size` under 500 px to 500; the window rect command does not.
    page.set_window_rect(360, 640);
    let width = page.execute("return window.innerWidth;", vec![]);
    assert!(width.as_u64().is_some_and(|w| w <= 400), "a phone-sized viewport, got innerWidth {width}");

    page.read_with_wheel("phone.failed.png");
    page.click(&page.agree());
    let events = page.wait_for_events(1);
    sleep(Duration::from_millis(500));
    assert_eq!(page.events().len(), 1, "one click, one record");
    check_record(&events[0].detail);
    page.screenshot("phone.png");
}

/// The harness's own file server (no browser needed, so this one always runs).
#[test]
fn static_server_serves_dist_files() {
    use std::io::{Read, Write};
    let root = std::env::temp_dir().join(format!("clausewrap-e2e-server-{}", std::process::id()));
    std::fs::create_dir_all(root.join("sub")).unwrap();
    for (name, body) in [("index.html", "<p>hi</p>"), ("app_bg.wasm", "\0asm"), ("rules.md", "# 规则"), ("sub/x.js", "1")] {
        std::fs::write(root.join(name), body).unwrap();
    }
    let server = e2e_support::server::StaticServer::start(&root).unwrap();
    let get = |target: &str| -> String {
        let address = server.url("").trim_start_matches("http://").to_string();
        let mut stream = std::net::TcpStream::connect(address).unwrap();
        write!(stream, "GET {target} HTTP/1.1\r\nHost: test\r\n\r\n").unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    };
    let cases = [
        ("/", "200 OK", "text/html; charset=utf-8"),
        ("/index.html?v=1", "200 OK", "text/html; charset=utf-8"),
        ("/app_bg.wasm", "200 OK", "application/wasm"),
        ("/rules.md", "200 OK", "text/markdown; charset=utf-8"),
        ("/sub/x.js", "200 OK", "text/javascript"),
        ("/nothing.css", "404 Not Found", "text/plain"),
        ("/sub", "404 Not Found", "text/plain"),
        ("/../Cargo.toml", "403 Forbidden", "text/plain"),
        ("/sub/%2e%2e/%2E%2E/Cargo.toml", "403 Forbidden", "text/plain"),
    ];
    for (target, status, content_type) in cases {
        let answer = get(target);
        assert!(answer.starts_with(&format!("HTTP/1.1 {status}\r\n")), "{target}: {answer}");
        assert!(answer.contains(&format!("Content-Type: {content_type}")), "{target}: {answer}");
        assert!(answer.contains("Connection: close\r\n"), "{target}: {answer}");
    }
    assert!(get("/rules.md").ends_with("\r\n\r\n# 规则"), "the body follows the headers");
    let address = server.url("").trim_start_matches("http://").to_string();
    drop(server);
    assert!(std::net::TcpStream::connect(address).is_err(), "the server stops when dropped");
    std::fs::remove_dir_all(&root).unwrap();
}
