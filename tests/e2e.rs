//! End-to-end tests: the built demo (`dist/`) served on 127.0.0.1 and driven through
//! WebDriver in headless Chromium, the way a person reads, clicks and types.
//!
//! Run with `scripts/test`, or after `trunk build --release --offline`:
//! `cargo test --test e2e -- --ignored --test-threads=1`. Screenshots and the chromedriver
//! log go to `target/e2e/`. `CHROMIUM` and `CHROMEDRIVER` override the browser and driver
//! paths, `CLAUSEWRAP_E2E_DIST` the directory served instead of `dist/`, `AXE_CORE_JS` the
//! axe-core script of the accessibility audit. With `CLAUSEWRAP_UPDATE_SCREENSHOTS=1` the
//! `screenshots` scenario also refreshes the README's pictures in `docs/`.

mod e2e_support;

use std::thread::sleep;
use std::time::{Duration, Instant};

use serde_json::Value;

use e2e_support::axe::assert_no_violations;
use e2e_support::page::{Demo, Options, AGREE, DOWNLOAD, LIVE, NAV, NAV_ITEM, NAV_NEXT, PASSAGE, PRINT, PROGRESS, RECEIPT, RECEIPT_PRINT, REGION, STATUS};
use e2e_support::record::{check_record, check_record_in, highlight};
use e2e_support::webdriver::keys;
use e2e_support::{wait_until, READING_PAUSE};

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

    // The reading evidence: each passage dwelt on, none acknowledged (the option is off),
    // the window as it was, and the reading time.
    assert_eq!(page.progress(), 100, "the whole document was displayed");
    for h in record["evidence"]["highlights_seen"].as_array().unwrap() {
        assert!(h["visible_ms"].as_u64().is_some_and(|ms| ms >= 300), "visible_ms at least the dwell time: {h}");
        assert!(h["acknowledged_at"].is_null(), "acknowledged_at is null without the option: {h}");
    }
    let window = page.execute("return { width: window.innerWidth, height: window.innerHeight, device_pixel_ratio: window.devicePixelRatio };", vec![]);
    assert_eq!(record["evidence"]["viewport"], window, "evidence.viewport");
    let reading_ms = record["evidence"]["reading_ms"].as_u64().unwrap();
    let longest = record["evidence"]["highlights_seen"].as_array().unwrap().iter().filter_map(|h| h["visible_ms"].as_u64()).max();
    assert!(reading_ms >= 1000 && Some(reading_ms) >= longest, "evidence.reading_ms {reading_ms} (longest visible_ms {longest:?})");
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn end_key_jump_leaves_gate_closed() {
    let page = Demo::open(DESKTOP.0, DESKTOP.1);
    let region = page.region();
    page.click(&region);
    let inside = page.execute("return arguments[0].contains(document.activeElement);", vec![region.json()]);
    assert_eq!(inside, true, "a click puts the focus in the scroll region, not on {}", page.focused_description());
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
    page.send_keys(&page.find("#email"), keys::TAB);
    let presses = page.tab_to(REGION, false, 30);
    eprintln!("Tab reached the scroll region after {} presses from #email", presses + 1);

    // Read a little with PageDown and Space, then jump to the end, skipping passages.
    for key in [keys::PAGE_DOWN, keys::SPACE, keys::PAGE_DOWN] {
        page.press_keys(key);
        sleep(READING_PAUSE);
    }
    page.press_keys(keys::END);
    sleep(Duration::from_secs(1));
    let skipped = page.unseen_passages();
    assert!(!skipped.is_empty(), "End skips passages");
    assert_eq!(page.agree_disabled(), "true", "End does not open the gate: {}", page.status_text());

    // The navigator's "next unread" action, reached and pressed with the keyboard only.
    let mut visited = Vec::new();
    while page.agree_disabled() != "false" {
        assert!(visited.len() <= skipped.len(), "Agree still gated after {visited:?}: {}", page.status_text());
        keyboard_to(&page, NAV_NEXT);
        page.press_keys(keys::ENTER);
        let focused = page.focused_passage();
        let Some(id) = focused else {
            panic!("Enter on the next-unread action moves the focus to a passage, not {}", page.focused_description())
        };
        assert!(skipped.contains(&id), "{id} was not among the skipped passages {skipped:?}");
        visited.push(id);
        sleep(READING_PAUSE);
    }
    eprintln!("the navigator led the keyboard through {visited:?}");

    keyboard_to(&page, AGREE);
    page.press_keys(keys::SPACE);
    let events = page.wait_for_events(1);
    sleep(Duration::from_secs(1));
    assert_eq!(page.events().len(), 1, "one Space press, one record");
    check_record(&events[0].detail);
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
    let page = Demo::open_with(Options { width: 360, height: 640, phone_scale: Some(2.0), ..Options::default() });
    let size = page.execute("return [window.innerWidth, window.innerHeight, window.devicePixelRatio];", vec![]);
    assert_eq!(size, serde_json::json!([360, 640, 2]), "a 360 x 640 phone viewport");
    let overflow = page.execute("return document.documentElement.scrollWidth - window.innerWidth;", vec![]);
    assert!(overflow.as_i64().is_some_and(|o| o <= 0), "the page scrolls sideways by {overflow} px");
    assert!(page.is_displayed(&page.find(NAV)), "the navigator is shown on a phone");
    assert_eq!(small_targets(&page), Vec::<String>::new(), "touch targets under 24 x 24 px");

    page.read_with_wheel("phone.failed.png");
    page.click(&page.agree());
    let events = page.wait_for_events(1);
    sleep(Duration::from_millis(500));
    assert_eq!(page.events().len(), 1, "one click, one record");
    let record = check_record(&events[0].detail);
    let viewport = &record["evidence"]["viewport"];
    assert_eq!(viewport, &serde_json::json!({ "width": 360, "height": 640, "device_pixel_ratio": 2 }), "evidence.viewport");
    page.screenshot("phone.png");
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn short_document_is_seen_at_once() {
    // The integrator lets the container grow to the whole text (a theming property), and the
    // window holds it all: the document is shorter than its container.
    let page = Demo::open_with(Options { width: 1280, height: 4000, before_load: Some(TALL_CONTAINER), ..Options::default() });
    let fits = "const r = document.querySelector('#clausewrap .cw-scroll'); const b = r.getBoundingClientRect(); \
                return r.scrollHeight <= r.clientHeight + 1 && b.bottom <= window.innerHeight;";
    assert_eq!(page.execute(fits, vec![]), true, "the whole document fits in its container and the window");
    let started = Instant::now();
    wait_until(Duration::from_millis(1500), "Agree to become available on a document that fits", || {
        page.agree_disabled() == "false"
    });
    eprintln!("Agree available {:?} after the widget showed", started.elapsed());
    assert_eq!(page.unseen_passages(), Vec::<String>::new(), "every passage is seen");
    assert_eq!(page.progress(), 100, "progress of a document shown whole");
    assert!(page.nav_summary().contains("17 / 17"), "navigator: {:?}", page.nav_summary());
    page.click(&page.agree());
    let events = page.wait_for_events(1);
    check_record(&events[0].detail);
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn resize_mid_read() {
    let page = Demo::open(DESKTOP.0, DESKTOP.1);
    page.read_with_wheel_steps("resize.failed.png", "half the document", 8, |page| page.agree_disabled() == "false");
    let progress = page.progress();
    let read_before = 17 - page.unseen_passages().len();
    assert!(read_before > 0 && progress < 100, "half read: {read_before} passages, progress {progress}");

    page.set_window_rect(820, 620);
    wait_until(Duration::from_secs(5), "the window to shrink", || {
        page.execute("return window.innerWidth;", vec![]).as_u64().is_some_and(|w| w <= 820)
    });
    sleep(READING_PAUSE);
    assert!(page.progress() >= progress, "resizing does not lose progress");
    assert!(17 - page.unseen_passages().len() >= read_before, "resizing does not forget read passages");
    page.read_with_wheel("resize.failed.png");
    page.click(&page.agree());
    let events = page.wait_for_events(1);
    let record = check_record(&events[0].detail);
    let inner = page.execute("return [window.innerWidth, window.innerHeight];", vec![]);
    let viewport = &record["evidence"]["viewport"];
    assert_eq!((&viewport["width"], &viewport["height"]), (&inner[0], &inner[1]), "evidence.viewport is the resized window");
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn zoom_200_percent_mid_read() {
    let page = Demo::open(DESKTOP.0, DESKTOP.1);
    page.read_with_wheel_steps("zoom.failed.png", "a third of the document", 5, |page| page.agree_disabled() == "false");
    let read_before = 17 - page.unseen_passages().len();

    // Browser zoom at 200 %: twice the device pixels per CSS pixel, half the CSS viewport.
    page.set_device_metrics(DESKTOP.0 / 2, DESKTOP.1 / 2, 2.0);
    let zoomed = page.execute("return [window.innerWidth, window.innerHeight, window.devicePixelRatio];", vec![]);
    assert_eq!(zoomed, serde_json::json!([640, 450, 2]), "200 % zoom: CSS viewport and device pixel ratio");
    sleep(READING_PAUSE);
    assert!(17 - page.unseen_passages().len() >= read_before, "zooming does not forget read passages");
    let overflow = page.execute("return document.documentElement.scrollWidth - window.innerWidth;", vec![]);
    assert!(overflow.as_i64().is_some_and(|o| o <= 0), "at 200 % the page scrolls sideways by {overflow} px");

    page.read_with_wheel("zoom.failed.png");
    page.screenshot("zoom-200.png");
    page.click(&page.agree());
    let events = page.wait_for_events(1);
    let record = check_record(&events[0].detail);
    let viewport = &record["evidence"]["viewport"];
    assert_eq!(viewport, &serde_json::json!({ "width": 640, "height": 450, "device_pixel_ratio": 2 }), "evidence.viewport at 200 %");
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn hidden_time_does_not_count() {
    const HIDDEN: Duration = Duration::from_millis(2500);
    let page = Demo::open(DESKTOP.0, DESKTOP.1);
    let first = "p-h1";
    assert!(page.passage_in_view(first), "{first} is on screen when the page opens");
    sleep(Duration::from_millis(500));

    let changes = page.hide_for(HIDDEN);
    let states: Vec<&str> = changes.iter().map(|(state, _)| state.as_str()).collect();
    assert_eq!(states, ["hidden", "visible"], "the page saw itself hidden, then shown: {changes:?}");
    let hidden_ms = changes[1].1 - changes[0].1;
    assert!(hidden_ms >= 2000.0, "hidden for {hidden_ms} ms only");
    assert!(page.passage_in_view(first), "{first} is still on screen");
    sleep(Duration::from_millis(300));

    // Read on; note (on the page's clock) when the first passage leaves the view.
    let left_at = std::cell::Cell::new(None);
    page.read_with_wheel_until("hidden.failed.png", "Agree to become available", |page| {
        if left_at.get().is_none() && !page.passage_in_view(first) {
            left_at.set(page.execute("return Date.now();", vec![]).as_f64());
        }
        page.agree_disabled() == "false"
    });
    page.click(&page.agree());
    let events = page.wait_for_events(1);
    let record = check_record(&events[0].detail);

    let opened_at = page.execute("return Date.parse(arguments[0]);", vec![record["evidence"]["opened_at"].clone()]);
    let wall_ms = left_at.get().expect("the first passage left the view") - opened_at.as_f64().expect("opened_at parses");
    let visible_ms = highlight(&record, first)["visible_ms"].as_f64().expect("visible_ms");
    eprintln!("{first}: on screen for at most {wall_ms} ms of wall time, hidden {hidden_ms} ms, visible_ms {visible_ms}");
    assert!(visible_ms >= 300.0, "{first} counted as seen with visible_ms {visible_ms}");
    assert!(
        visible_ms < wall_ms - 1500.0,
        "visible_ms {visible_ms} of {first} includes time the page was hidden (wall {wall_ms} ms, hidden {hidden_ms} ms)"
    );
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn navigator_leads_to_every_skipped_passage() {
    let page = Demo::open(DESKTOP.0, DESKTOP.1);
    let nav = page.find(NAV);
    assert!(!page.attr(&nav, "aria-label").unwrap_or_default().trim().is_empty(), "the navigator has an aria-label");
    // The entries exist only while the list is open.
    assert!(page.find_all(NAV_ITEM).is_empty(), "no entries behind the closed summary");
    assert_eq!(page.open_navigator(), 17);
    let items: Vec<String> = page.find_all(NAV_ITEM).iter().filter_map(|i| page.attr(i, "data-passage-id")).collect();
    let mut passages: Vec<String> = page.find_all(PASSAGE).iter().filter_map(|p| page.attr(p, "data-passage-id")).collect();
    passages.dedup();
    assert_eq!(items, passages, "one navigator entry per passage, in document order");
    assert_summary_counts_read(&page, summary_zh);
    let progress = page.find(PROGRESS);
    assert_eq!(page.attr(&progress, "aria-valuemin").as_deref(), Some("0"));
    assert_eq!(page.attr(&progress, "aria-valuemax").as_deref(), Some("100"));
    assert!(!page.attr(&progress, "aria-label").unwrap_or_default().trim().is_empty(), "the progress indicator has a label");
    let mut shown = page.progress();
    assert!(shown < 100, "a long document starts part-shown: {shown} %");

    let region = page.region();
    page.bring_on_screen(&region);
    page.click(&region);
    page.press_keys(keys::END);
    sleep(Duration::from_secs(1));
    let skipped = page.unseen_passages();
    assert!(!skipped.is_empty() && page.agree_disabled() == "true", "End leaves passages unread and Agree gated");

    let next = page.find(NAV_NEXT);
    assert_eq!(page.text(&next), "下一处未读重点条款");
    let mut visited: Vec<String> = Vec::new();
    while page.agree_disabled() != "false" {
        assert!(visited.len() <= skipped.len(), "Agree still gated after visiting {visited:?}: {}", page.status_text());
        if page.attr(&next, "aria-disabled").as_deref() == Some("true") {
            // The last dwell may just be running out: nothing is left to visit.
            let status = page.status_text();
            wait_until(Duration::from_secs(2), &format!("Agree once nothing is left unread ({status})"), || {
                page.agree_disabled() == "false"
            });
            break;
        }
        page.click(&next);
        let id = page.focused_passage().unwrap_or_else(|| {
            panic!(
                "activating next-unread moves the focus to a passage, not {}; visited {visited:?}, unseen {:?}, status {:?}",
                page.focused_description(),
                page.unseen_passages(),
                page.status_text()
            )
        });
        assert!(!visited.contains(&id), "next-unread went back to {id}, already read");
        wait_until(Duration::from_secs(2), &format!("{id} to be scrolled into view"), || page.passage_in_view(&id));
        visited.push(id);
        sleep(READING_PAUSE);
        assert_summary_counts_read(&page, summary_zh);
        let now = page.progress();
        assert!(now >= shown, "progress never goes back: {shown} -> {now}");
        shown = now;
    }
    // A jump centres its passage, so a skipped neighbour may be read on the same view:
    // next-unread visits skipped passages only, in document order, and leaves none unread.
    assert!(!visited.is_empty(), "next-unread was needed after End");
    let order: Vec<usize> = visited.iter().map(|id| skipped.iter().position(|s| s == id).expect("only skipped passages")).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "in document order: {visited:?} of {skipped:?}");
    assert!(page.unseen_passages().is_empty());
    // The entries fold behind the summary; opening it shows them.
    assert_eq!(page.open_navigator(), 17);
    for item in page.find_all(NAV_ITEM) {
        assert!(page.text(&item).contains('✓'), "every entry is ticked once read: {:?}", page.text(&item));
    }

    // An entry jumps to its passage, wherever the reader is.
    page.click(&page.find(&format!("{NAV_ITEM}[data-passage-id=\"c9-h1\"]")));
    assert_eq!(page.focused_passage().as_deref(), Some("c9-h1"), "an entry moves the focus to its passage");
    wait_until(Duration::from_secs(2), "c9-h1 to be scrolled into view", || page.passage_in_view("c9-h1"));
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn navigator_jumps_without_smooth_scrolling_under_reduced_motion() {
    let page = Demo::open_with(Options { media: &[("prefers-reduced-motion", "reduce")], ..Options::default() });
    let reduce = page.execute("return matchMedia('(prefers-reduced-motion: reduce)').matches;", vec![]);
    assert_eq!(reduce, true, "prefers-reduced-motion: reduce is emulated");
    let target = "c14-h3";
    page.open_navigator();
    page.click(&page.find(&format!("{NAV_ITEM}[data-passage-id=\"{target}\"]")));
    // No waiting: an instant jump has already happened when the click returns.
    assert!(page.passage_in_view(target), "{target} is in view at once: no smooth scrolling under reduced motion");
    assert_eq!(page.focused_passage().as_deref(), Some(target));

    // Without the preference the jump may animate; either way it arrives.
    page.emulate_media(&[("prefers-reduced-motion", "no-preference")]);
    page.click(&page.find(&format!("{NAV_ITEM}[data-passage-id=\"p-h1\"]")));
    let at_once = page.passage_in_view("p-h1");
    wait_until(Duration::from_secs(3), "p-h1 to be scrolled into view", || page.passage_in_view("p-h1"));
    eprintln!("without reduced motion the jump was {}", if at_once { "instant" } else { "animated" });
}

/// The UI texts of one language, as the widget's contract gives them.
struct Ui {
    query: &'static str,
    locale: &'static str,
    summary: fn(usize, usize) -> String,
    next: &'static str,
    end_unread: &'static str,
    all_read: &'static str,
    agree_available: &'static str,
    accepted: &'static str,
}

/// Checks the navigator's count against the passages marked read. A passage in view becomes
/// read when its dwell runs out, which can fall between reading the one and the other (it
/// did, once: "0 / 17" against one passage marked): so they are read again until they agree,
/// for up to 2 s, and only a count that stays wrong fails.
#[track_caller]
fn assert_summary_counts_read(page: &Demo, summary: fn(usize, usize) -> String) {
    let started = Instant::now();
    loop {
        let shown = page.nav_summary();
        let expected = summary(17 - page.unseen_passages().len(), 17);
        if shown == expected {
            return;
        }
        assert!(started.elapsed() < Duration::from_secs(2), "the navigator says {shown:?} where the passages marked read give {expected:?}");
        sleep(Duration::from_millis(50));
    }
}

fn summary_zh(read: usize, total: usize) -> String {
    format!("重点条款 {read} / {total} 已阅读")
}

fn summary_en(read: usize, total: usize) -> String {
    format!("Key clauses: {read} / {total} read")
}

const ZH: Ui = Ui {
    query: "lang=zh-CN",
    locale: "zh-CN",
    summary: summary_zh,
    next: "下一处未读重点条款",
    end_unread: "已到文末，但仍有重点条款未阅读",
    all_read: "所有重点条款均已阅读",
    agree_available: "「同意」现已可用",
    accepted: "已同意，记录已生成",
};

const EN: Ui = Ui {
    query: "lang=en",
    locale: "en",
    summary: summary_en,
    next: "Next unread key clause",
    end_unread: "End reached, but some key clauses are still unread",
    all_read: "All key clauses have been read",
    agree_available: "Agree is now available",
    accepted: "Accepted; the record was created",
};

/// The live region at each milestone, in both orders a reader can take: the end first
/// (then the skipped passages), or every passage first (then the end).
fn live_region_milestones(ui: &Ui) {
    // End first.
    let page = Demo::open_with(Options { query: ui.query, ..Options::default() });
    let live = page.find(LIVE);
    assert_eq!(page.attr(&live, "aria-live").as_deref(), Some("polite"));
    assert_summary_counts_read(&page, ui.summary);
    assert_eq!(page.text(&page.find(NAV_NEXT)), ui.next);
    page.read_with_wheel_steps("live.failed.png", "a few views", 4, |_| false);
    assert_eq!(page.live_log(), Vec::<String>::new(), "scrolling alone announces nothing");
    page.click(&page.region());
    page.press_keys(keys::END);
    page.wait_for_live(ui.end_unread);
    while page.agree_disabled() != "false" {
        assert!(page.unseen_passages().len() <= 17, "unreachable");
        page.click(&page.find(NAV_NEXT));
        sleep(READING_PAUSE);
    }
    page.wait_for_live(ui.agree_available);
    page.click(&page.agree());
    page.wait_for_live(ui.accepted);
    let log = page.live_log();
    assert_eq!(log.first().map(String::as_str), Some(ui.end_unread), "first announcement: {log:?}");
    assert_eq!(log.last().map(String::as_str), Some(ui.accepted), "last announcement: {log:?}");
    assert!(log.len() <= 4, "a few announcements, not one per step: {log:?}");
    let events = page.wait_for_events(1);
    check_record_in(&events[0].detail, ui.locale);
    drop(page);

    // Every passage first: a short container keeps the end out of view while the navigator
    // visits the passages one by one.
    let page = Demo::open_with(Options { query: ui.query, before_load: Some(SHORT_CONTAINER), ..Options::default() });
    while !page.unseen_passages().is_empty() {
        page.click(&page.find(NAV_NEXT));
        sleep(READING_PAUSE);
    }
    assert_eq!(page.agree_disabled(), "true", "the end is not read yet: {}", page.status_text());
    page.wait_for_live(ui.all_read);
    page.click(&page.region());
    page.press_keys(keys::END);
    page.wait_for_live(ui.agree_available);
    assert_eq!(page.live_log(), [ui.all_read, ui.agree_available], "announcements");
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn live_region_zh() {
    live_region_milestones(&ZH);
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn live_region_en() {
    live_region_milestones(&EN);
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn receipt_download_and_print() {
    let page = Demo::open(DESKTOP.0, DESKTOP.1);
    let downloads = e2e_support::artifacts_dir().join(format!("downloads-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&downloads);
    std::fs::create_dir_all(&downloads).unwrap();
    page.cdp("Browser.setDownloadBehavior", serde_json::json!({ "behavior": "allow", "downloadPath": downloads }));
    assert!(page.try_find(RECEIPT).is_none(), "no receipt before acceptance");

    page.read_with_wheel("receipt.failed.png");
    page.click(&page.agree());
    let events = page.wait_for_events(1);
    let detail = &events[0].detail;
    let record = check_record(detail);
    let id = record["record_id"].as_str().unwrap();

    wait_until(Duration::from_secs(5), "the receipt", || page.try_find(DOWNLOAD).is_some());
    let link = page.find(DOWNLOAD);
    assert!(page.is_displayed(&link), "the download link is shown");
    let file_name = format!("clausewrap-record-{id}.json");
    assert_eq!(page.attr(&link, "download"), Some(file_name.clone()), "download file name");
    let href = page.attr(&link, "href").unwrap_or_default();
    assert!(href.starts_with("blob:"), "the record is offered as a blob: URL, not {href:?}");
    let fetched = page.execute_async(
        "const done = arguments[1]; fetch(arguments[0]).then(r => r.blob()) \
           .then(b => b.text().then(t => done({ type: b.type, text: t }))).catch(e => done({ error: String(e) }));",
        vec![Value::from(href)],
    );
    assert!(fetched["error"].is_null(), "fetching the blob: {}", fetched["error"]);
    assert_eq!(fetched["text"].as_str(), Some(detail.as_str()), "the download is the event's record, byte for byte");
    assert!(fetched["type"].as_str().unwrap_or_default().starts_with("application/json"), "blob type {}", fetched["type"]);

    // A real download, as the customer gets it.
    page.click(&link);
    let saved = downloads.join(&file_name);
    wait_until(Duration::from_secs(10), &format!("{} to be downloaded", saved.display()), || saved.is_file());
    sleep(Duration::from_millis(200));
    assert_eq!(std::fs::read_to_string(&saved).unwrap(), *detail, "the downloaded file is the record");
    let _ = std::fs::remove_dir_all(&downloads);

    // Print: the button calls window.print(); the print view holds the full text and the receipt.
    page.execute("window.__cwPrinted = 0; window.print = function () { window.__cwPrinted += 1; };", vec![]);
    page.click(&page.find(PRINT));
    assert_eq!(page.execute("return window.__cwPrinted;", vec![]), 1, "the print button calls window.print()");
    let receipt = page.find(RECEIPT_PRINT);
    assert!(!page.is_displayed(&receipt), "the printed receipt is not shown on screen");
    let text = page.text_content(RECEIPT_PRINT).unwrap_or_default();
    for (what, value) in [
        ("record id", &record["record_id"]),
        ("document version", &record["document"]["version"]),
        ("sha256", &record["document"]["sha256"]),
    ] {
        assert!(text.contains(value.as_str().unwrap()), "the printed receipt shows the {what} {value}: {text:?}");
    }
    page.emulate_print(true);
    let print_view = page.execute(
        "const shown = s => { const e = document.querySelector(s); return !!e && e.checkVisibility(); }; \
         const r = document.querySelector('#clausewrap .cw-scroll'); \
         return { receipt: shown('#clausewrap .cw-receipt-print'), nav: shown('#clausewrap .cw-nav'), \
                  buttons: shown('#clausewrap .cw-footer') || shown('#clausewrap .cw-download') \
                           || shown('#clausewrap .cw-print'), email: shown('#email'), \
                  clipped: r.scrollHeight > r.clientHeight + 1, overflow: getComputedStyle(r).overflowY };",
        vec![],
    );
    assert_eq!(
        print_view,
        serde_json::json!({ "receipt": true, "nav": false, "buttons": false, "email": false, "clipped": false, "overflow": "visible" }),
        "in print: the receipt shown, the controls hidden, the whole text unclipped"
    );
    let pdf = page.print_pdf("receipt.pdf");
    eprintln!("printed to {}", pdf.display());
    page.emulate_print(false);
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn acknowledgement_option() {
    let page = Demo::open_with(Options { query: "require-ack", ..Options::default() });
    let boxes = page.find_all(ACK_BOX);
    let ids: Vec<String> = boxes.iter().filter_map(|b| page.attr(b, "data-passage-id")).collect();
    let mut passages: Vec<String> = page.find_all(PASSAGE).iter().filter_map(|p| page.attr(p, "data-passage-id")).collect();
    passages.dedup();
    assert_eq!(ids, passages, "one acknowledgement box per passage");
    let label = page.text_content("#clausewrap label.cw-ack").unwrap_or_default();
    assert_eq!(label, "我已阅读并理解", "the box's label");

    page.read_with_wheel_until("ack.failed.png", "the reading to be done", |page| page.status_text().contains("未确认"));
    sleep(READING_PAUSE);
    assert_eq!(page.unseen_passages(), Vec::<String>::new(), "everything was read");
    assert_eq!(page.agree_disabled(), "true", "read but not acknowledged: Agree stays gated");
    assert!(page.status_text().contains("还有 17 处重点条款未确认"), "status: {:?}", page.status_text());
    assert_no_violations(&page, "require-ack-zh-light");

    for (i, check) in boxes.iter().enumerate().take(boxes.len() - 1) {
        page.click(check);
        assert_eq!(page.prop(check, "checked"), true, "box {i} ticked");
        assert_eq!(page.agree_disabled(), "true", "Agree gated with {} box(es) left", boxes.len() - 1 - i);
    }
    assert!(page.status_text().contains("还有 1 处重点条款未确认"), "status: {:?}", page.status_text());
    // Untick and tick again; the last one with the keyboard.
    page.click(&boxes[0]);
    assert!(page.status_text().contains("还有 2 处重点条款未确认"), "status after unticking: {:?}", page.status_text());
    page.click(&boxes[0]);
    let last = boxes.last().unwrap();
    page.send_keys(last, keys::SPACE);
    wait_until(Duration::from_secs(2), "Agree to become available once every box is ticked", || {
        page.agree_disabled() == "false"
    });

    page.click(&page.agree());
    let events = page.wait_for_events(1);
    let record = check_record(&events[0].detail);
    for id in &ids {
        let h = highlight(&record, id);
        let acknowledged = h["acknowledged_at"].as_str().unwrap_or_else(|| panic!("{id} has no acknowledged_at: {h}"));
        let times = page.execute(
            "return [Date.parse(arguments[0]), Date.parse(arguments[1])];",
            vec![h["first_seen_at"].clone(), Value::from(acknowledged)],
        );
        let (seen, ticked) = (times[0].as_f64(), times[1].as_f64());
        assert!(seen.is_some() && ticked.is_some() && seen <= ticked, "{id}: seen {} then acknowledged {acknowledged}", h["first_seen_at"]);
    }
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn min_visible_ms_option() {
    let page = Demo::open_with(Options { query: "min-visible-ms=1500", ..Options::default() });
    assert!(page.passage_in_view("p-h1"), "p-h1 is on screen");
    sleep(Duration::from_millis(700));
    assert!(page.unseen_passages().contains(&"p-h1".to_string()), "700 ms on screen is not enough with min-visible-ms=1500");
    wait_until(Duration::from_secs(3), "p-h1 to count after 1.5 s on screen", || {
        !page.unseen_passages().contains(&"p-h1".to_string())
    });
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn focus_rings_and_touch_targets() {
    let page = Demo::open_with(Options { query: "require-ack", ..Options::default() });
    assert_eq!(small_targets(&page), Vec::<String>::new(), "targets under 24 x 24 px");
    // Walk the widget with Tab: every stop shows a solid ring at least 2 px wide.
    page.send_keys(&page.find("#email"), keys::TAB);
    let mut stops = Vec::new();
    for _ in 0..60 {
        let stop = page.execute(
            "const e = document.activeElement, s = getComputedStyle(e); \
             return { inside: !!e.closest('#clausewrap'), tag: e.outerHTML.slice(0, 80), style: s.outlineStyle, \
                      width: parseFloat(s.outlineWidth), agree: e.matches('.cw-agree') };",
            vec![],
        );
        if stop["inside"] == true {
            let width = stop["width"].as_f64().unwrap_or(0.0);
            assert!(stop["style"] != "none" && width >= 2.0, "no visible focus ring on {}: {stop}", stop["tag"]);
            stops.push(stop["tag"].as_str().unwrap_or_default().to_string());
        }
        if stop["agree"] == true {
            break;
        }
        page.press_keys(keys::TAB);
    }
    assert!(stops.len() >= 3, "Tab went through the widget: {stops:?}");
    // A passage focused by the navigator shows its ring too.
    page.click(&page.find(NAV_NEXT));
    let ring = page.execute("const s = getComputedStyle(document.activeElement); return [s.outlineStyle, parseFloat(s.outlineWidth)];", vec![]);
    assert!(ring[0] != "none" && ring[1].as_f64().unwrap_or(0.0) >= 2.0, "focused passage ring: {ring}");
}

fn audit_both_states(ui: &Ui, scheme: &str) {
    let page = Demo::open_with(Options { query: ui.query, media: &[("prefers-color-scheme", scheme)], ..Options::default() });
    let matches = page.execute("return matchMedia(arguments[0]).matches;", vec![Value::from(format!("(prefers-color-scheme: {scheme})"))]);
    assert_eq!(matches, true, "prefers-color-scheme: {scheme} is emulated");
    let label = format!("{}-{scheme}", ui.locale);
    page.read_with_wheel_steps("axe.failed.png", "two views", 2, |_| false);
    assert_no_violations(&page, &format!("gated-{label}"));
    page.screenshot(&format!("axe-gated-{label}.png"));
    // The navigator unfolded: its entries are audited too.
    page.open_navigator();
    assert!(page.is_displayed(&page.find(NAV_ITEM)), "the navigator's entries are shown");
    assert_no_violations(&page, &format!("gated-navigator-open-{label}"));
    page.read_with_wheel(&format!("axe-{label}.failed.png"));
    page.click(&page.agree());
    page.wait_for_events(1);
    wait_until(Duration::from_secs(5), "the receipt", || page.try_find(RECEIPT).is_some());
    assert_no_violations(&page, &format!("accepted-{label}"));
    page.screenshot(&format!("axe-accepted-{label}.png"));
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn axe_zh_light() {
    audit_both_states(&ZH, "light");
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn axe_zh_dark() {
    audit_both_states(&ZH, "dark");
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn axe_en_light() {
    audit_both_states(&EN, "light");
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn axe_en_dark() {
    audit_both_states(&EN, "dark");
}

#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn colour_scheme_follows_the_reader_and_can_be_pinned() {
    let surface = |page: &Demo| -> String {
        let script = "return getComputedStyle(document.querySelector('#clausewrap .cw-scroll')).backgroundColor;";
        page.execute(script, vec![]).as_str().unwrap_or_default().to_string()
    };
    let page = Demo::open_with(Options { media: &[("prefers-color-scheme", "dark")], ..Options::default() });
    assert_eq!(surface(&page), "rgb(23, 25, 30)", "dark reading column under prefers-color-scheme: dark");
    page.execute("document.getElementById('clausewrap').setAttribute('data-cw-theme', 'light');", vec![]);
    assert_eq!(surface(&page), "rgb(255, 255, 255)", "data-cw-theme=light on the host pins the light scheme");
    page.emulate_media(&[("prefers-color-scheme", "light")]);
    page.execute("document.getElementById('clausewrap').setAttribute('data-cw-theme', 'dark');", vec![]);
    assert_eq!(surface(&page), "rgb(23, 25, 30)", "data-cw-theme=dark on the host pins the dark scheme");
    page.execute("document.getElementById('clausewrap').removeAttribute('data-cw-theme');", vec![]);
    assert_eq!(surface(&page), "rgb(255, 255, 255)", "light reading column under prefers-color-scheme: light");
    // An integrator's own rule on .cw wins over the defaults, wherever it comes in the cascade.
    page.execute(
        "const s = new CSSStyleSheet(); s.replaceSync('.cw { --cw-bg: rgb(250, 250, 240); }'); \
         document.adoptedStyleSheets = [s, ...document.adoptedStyleSheets];",
        vec![],
    );
    assert_eq!(surface(&page), "rgb(250, 250, 240)", "a host rule setting --cw-bg on .cw");
}

/// The README's pictures: the demo part-read, on a desktop and on a phone. Written to
/// `target/e2e/`, and to `docs/` with `CLAUSEWRAP_UPDATE_SCREENSHOTS=1`.
#[test]
#[ignore = "needs Chromium and a built dist/: run scripts/test"]
fn screenshots() {
    for (name, width, height, phone, steps) in [("desktop", 1280, 1200, None, 6), ("phone", 360, 740, Some(1.0), 5)] {
        let page = Demo::open_with(Options { width, height, phone_scale: phone, ..Options::default() });
        page.read_with_wheel_steps(&format!("screenshot-{name}.failed.png"), "a few views", steps, |_| false);
        sleep(READING_PAUSE);
        if phone.is_none() {
            // On a desktop, the navigator unfolded: its entries, read and unread.
            page.open_navigator();
        }
        // Whatever the wheel scrolled of the page itself goes back: the picture starts at the top.
        page.execute("window.scrollTo(0, 0);", vec![]);
        sleep(Duration::from_millis(300));
        let shot = page.screenshot(&format!("screenshot-{name}.png"));
        if std::env::var_os("CLAUSEWRAP_UPDATE_SCREENSHOTS").is_some_and(|v| v == "1") {
            let docs = e2e_support::repo_root().join("docs").join(format!("screenshot-{name}.png"));
            std::fs::copy(&shot, &docs).expect("docs/ is writable");
            eprintln!("updated {}", docs.display());
        }
    }
}

/// Lets the scroll region grow to the whole document (`--cw-scroll-height`, a theming
/// property), set up as an integrator's page would before the widget mounts.
const TALL_CONTAINER: &str = "(function () { const s = new CSSStyleSheet(); \
    s.replaceSync('.cw { --cw-scroll-height: none; }'); \
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, s]; })();";

/// A short scroll region (9 lines or so), so that the end stays out of view while a passage is in it.
const SHORT_CONTAINER: &str = "(function () { const s = new CSSStyleSheet(); \
    s.replaceSync('.cw { --cw-scroll-height: 10rem; }'); \
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, s]; })();";

const ACK_BOX: &str = e2e_support::page::ACK;

/// Moves the focus to `css` with Tab or Shift+Tab, whichever way it lies in the tab order.
#[track_caller]
fn keyboard_to(page: &Demo, css: &str) {
    let after = page.execute(
        "return !!(document.querySelector(arguments[0]).compareDocumentPosition(document.activeElement) \
                   & Node.DOCUMENT_POSITION_FOLLOWING);",
        vec![Value::from(css)],
    );
    page.tab_to(css, after == true, 40);
}

/// The widget's controls smaller than 24 x 24 CSS px (WCAG 2.2 target size), described.
fn small_targets(page: &Demo) -> Vec<String> {
    let script = "return Array.from(document.querySelectorAll( \
          '#clausewrap button, #clausewrap summary, #clausewrap .cw-receipt a, #clausewrap input[type=checkbox]')) \
        .filter(e => e.getClientRects().length > 0) \
        .map(e => [e.outerHTML.slice(0, 60), e.getBoundingClientRect()]) \
        .filter(([, r]) => r.width < 24 || r.height < 24) \
        .map(([d, r]) => `${d} ${r.width}x${r.height}`);";
    let small = page.execute(script, vec![]);
    small.as_array().map(|a| a.iter().filter_map(|t| t.as_str().map(str::to_string)).collect()).unwrap_or_default()
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
