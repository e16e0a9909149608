//! The demo signup page (`index.html` built into `dist/`) and the widget's contract:
//! what the scenarios look for and how a reader gets through the document.

use serde_json::Value;
use std::ops::Deref;
use std::time::Duration;

use super::chromedriver::Chromedriver;
use super::server::StaticServer;
use super::webdriver::{Element, Session};
use super::{dist_dir, wait_until, READING_PAUSE};

pub const AGREE: &str = "#clausewrap .cw button.cw-agree";
pub const REGION: &str = "#clausewrap .cw .cw-scroll";
pub const STATUS: &str = "#clausewrap .cw .cw-status";
pub const ROOT: &str = "#clausewrap .cw";
pub const PASSAGE: &str = "#clausewrap strong.cw-passage[data-passage-id]";
pub const NAV: &str = "#clausewrap .cw nav.cw-nav";
pub const NAV_SUMMARY: &str = "#clausewrap .cw .cw-nav-summary";
pub const NAV_DETAILS: &str = "#clausewrap .cw details.cw-nav-details";
pub const NAV_ITEM: &str = "#clausewrap .cw button.cw-nav-item[data-passage-id]";
pub const NAV_NEXT: &str = "#clausewrap .cw button.cw-nav-next";
pub const PROGRESS: &str = "#clausewrap .cw .cw-progress[role=progressbar]";
pub const LIVE: &str = "#clausewrap .cw .cw-live[role=status][aria-live=polite]";
pub const ACK: &str = "#clausewrap .cw label.cw-ack input[type=checkbox][data-passage-id]";
pub const RECEIPT: &str = "#clausewrap .cw .cw-receipt";
pub const DOWNLOAD: &str = "#clausewrap .cw .cw-receipt a.cw-download[download]";
pub const PRINT: &str = "#clausewrap .cw .cw-receipt button.cw-print";
pub const RECEIPT_PRINT: &str = "#clausewrap .cw .cw-receipt-print";

/// Records every `clausewrap:accepted` event that reaches the window (capture phase, so
/// that even a non-bubbling event is seen and its flags can be checked).
/// Also logs, with `performance.now()`, every text the live region takes
/// (`window.__cwLive`) and every change of `document.visibilityState` (`window.__cwVisibility`).
const CAPTURE_EVENTS: &str = r#"
window.__cwEvents = [];
window.addEventListener('clausewrap:accepted', function (e) {
  window.__cwEvents.push({ detail: JSON.stringify(e.detail), target: e.target.id,
                           bubbles: e.bubbles, composed: e.composed });
}, true);
window.__cwLive = [];
var host = document.getElementById('clausewrap');
function liveText() {
  var live = host.querySelector('.cw-live');
  return live ? live.textContent.trim() : '';
}
var last = liveText();
if (last) window.__cwLive.push({ text: last, at: performance.now() });
new MutationObserver(function () {
  var now = liveText();
  if (now !== last) { last = now; if (now) window.__cwLive.push({ text: now, at: performance.now() }); }
}).observe(host, { subtree: true, childList: true, characterData: true });
window.__cwVisibility = [];
document.addEventListener('visibilitychange', function () {
  window.__cwVisibility.push({ state: document.visibilityState, at: performance.now() });
});
"#;

/// How a scenario opens the demo: window size, query string (`lang=en`, `require-ack`,
/// `min-visible-ms=N`), emulated media features, and a script the page runs before its
/// own (what an integrator's page would set up before the widget mounts).
#[derive(Clone, Debug)]
pub struct Options<'a> {
    pub width: u32,
    pub height: u32,
    pub query: &'a str,
    pub media: &'a [(&'a str, &'a str)],
    pub before_load: Option<&'a str>,
    /// The browser's preferred languages (`navigator.languages`), e.g. `en-US,en`.
    pub browser_languages: &'a str,
    /// A phone: the viewport is exactly `width` x `height` CSS px at this device pixel
    /// ratio, with a mobile browser's behaviour (`Emulation.setDeviceMetricsOverride`).
    pub phone_scale: Option<f64>,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options { width: 1280, height: 900, query: "", media: &[], before_load: None, browser_languages: "zh-CN,zh", phone_scale: None }
    }
}

/// One `clausewrap:accepted` event as the page saw it.
#[derive(Debug)]
pub struct Accepted {
    /// `JSON.stringify(event.detail)`
    pub detail: String,
    pub target: String,
    pub bubbles: bool,
    pub composed: bool,
}

/// The demo page open in its own browser session, served from its own server.
pub struct Demo {
    // Fields drop in order: the browser goes before the server it reads from.
    session: Session,
    server: StaticServer,
}

impl Deref for Demo {
    type Target = Session;
    fn deref(&self) -> &Session {
        &self.session
    }
}

impl Demo {
    /// Loads the demo in a `width` x `height` window and waits until the widget shows the
    /// document; starts recording acceptance events.
    #[track_caller]
    pub fn open(width: u32, height: u32) -> Demo {
        Demo::open_with(Options { width, height, ..Options::default() })
    }

    /// Like [`Demo::open`], with the query string, media emulation and set-up of `options`.
    #[track_caller]
    pub fn open_with(options: Options) -> Demo {
        let Options { width, height, query, media, before_load, browser_languages, phone_scale } = options;
        let dist = dist_dir();
        assert!(
            dist.join("index.html").is_file(),
            "{} is missing: run `trunk build --release --offline` first (or scripts/test)",
            dist.join("index.html").display()
        );
        let server = StaticServer::start(&dist).expect("the static server starts");
        let session = Session::start_with_languages(Chromedriver::shared(), width, height, browser_languages);
        if width < 500 {
            // Chromium widens a `--window-size` under 500 px to 500; the window rect command does not.
            session.set_window_rect(width, height);
        }
        if let Some(scale) = phone_scale {
            session.emulate_device(width, height, scale, true);
        }
        if !media.is_empty() {
            session.emulate_media(media);
        }
        if let Some(script) = before_load {
            session.on_new_document(script);
        }
        let query = if query.is_empty() { String::new() } else { format!("?{query}") };
        session.goto(&server.url(&format!("/{query}")));
        let demo = Demo { session, server };
        wait_until(Duration::from_secs(20), "the widget to show the document and its Agree button", || {
            demo.try_find(AGREE).is_some() && demo.try_find(".cw-end").is_some()
        });
        demo.execute(CAPTURE_EVENTS, vec![]);
        demo
    }

    pub fn agree(&self) -> Element {
        self.find(AGREE)
    }

    pub fn region(&self) -> Element {
        self.find(REGION)
    }

    /// The Agree button's `aria-disabled` ("true" while the gate is closed).
    pub fn agree_disabled(&self) -> String {
        self.attr(&self.agree(), "aria-disabled").unwrap_or_default()
    }

    /// The widget root's informational `data-state`.
    pub fn state(&self) -> String {
        self.attr(&self.find(ROOT), "data-state").unwrap_or_default()
    }

    pub fn status_text(&self) -> String {
        self.text(&self.find(STATUS))
    }

    /// The acceptance events recorded so far.
    pub fn events(&self) -> Vec<Accepted> {
        let events = self.execute("return window.__cwEvents;", vec![]);
        let events = events.as_array().cloned().unwrap_or_default();
        events
            .iter()
            .map(|e| Accepted {
                detail: e["detail"].as_str().unwrap_or_default().to_string(),
                target: e["target"].as_str().unwrap_or_default().to_string(),
                bubbles: e["bubbles"] == true,
                composed: e["composed"] == true,
            })
            .collect()
    }

    /// Waits until at least `count` events were recorded, then returns them all.
    #[track_caller]
    pub fn wait_for_events(&self, count: usize) -> Vec<Accepted> {
        wait_until(Duration::from_secs(10), &format!("{count} clausewrap:accepted event(s)"), || {
            self.events().len() >= count
        });
        self.events()
    }

    /// Reads the document as a person with a mouse would: turns the wheel over the scroll
    /// region, 200 px at a time, pausing on each view, until Agree becomes available. Returns the wheel steps.
    #[track_caller]
    pub fn read_with_wheel(&self, shot_on_failure: &str) -> usize {
        self.read_with_wheel_until(shot_on_failure, "Agree to become available", |page| page.agree_disabled() == "false")
    }

    /// Like [`Demo::read_with_wheel`], but stops as soon as `done` holds.
    #[track_caller]
    pub fn read_with_wheel_until(&self, shot_on_failure: &str, what: &str, done: impl Fn(&Demo) -> bool) -> usize {
        self.read_with_wheel_steps(shot_on_failure, what, usize::MAX, done)
    }

    /// Like [`Demo::read_with_wheel_until`], but also stops after `limit` wheel steps.
    #[track_caller]
    pub fn read_with_wheel_steps(&self, shot_on_failure: &str, what: &str, limit: usize, done: impl Fn(&Demo) -> bool) -> usize {
        const MAX_STEPS: usize = 300;
        let region = self.region();
        self.bring_on_screen(&region);
        // Down to the end; if Agree is still not available there, back up once and down
        // again, as a reader told "2 key clauses not read" would.
        let (mut delta, mut passes) = (200, 0);
        for step in 0..MAX_STEPS {
            if step >= limit || done(self) {
                return step;
            }
            let before = self.scroll_position(&region);
            self.wheel(&region, delta);
            // The pause starts once the smooth scroll has come to rest: on a loaded machine
            // the animation itself can take a good part of the dwell time.
            self.settle(&region);
            std::thread::sleep(READING_PAUSE);
            if self.scroll_position(&region) == before {
                // The region no longer moves: look at whatever of it the window cuts off.
                self.bring_on_screen(&region);
                if passes < 2 && (delta < 0 || self.agree_disabled() == "true") {
                    if delta > 0 {
                        eprintln!("{what}: not yet at the end of the first pass ({:?}); reading back up", self.status_text());
                    }
                    delta = -delta;
                    passes += 1;
                }
            }
        }
        // The last steps may still be settling: give the observer a moment.
        std::thread::sleep(Duration::from_millis(500));
        if done(self) {
            return MAX_STEPS;
        }
        let shot = self.screenshot(shot_on_failure);
        panic!(
            "still waiting for {what} after {MAX_STEPS} wheel steps of 200 px (down, up and down again); Agree aria-disabled={:?}; scroll {}; \
             status {:?}; data-state {:?}; screenshot {}",
            self.agree_disabled(),
            self.scroll_position(&region),
            self.status_text(),
            self.state(),
            shot.display()
        );
    }

    /// Scrolls the page, as a reader would, with the wheel beside `element` (in the page's
    /// left margin) until as much of `element` is on screen as the window can hold.
    pub fn bring_on_screen(&self, element: &Element) {
        let script = "const r = arguments[0].getBoundingClientRect(); \
                      return [r.left, r.top, r.bottom, window.innerHeight];";
        let rect = |s: &Self| -> Vec<f64> {
            let v = s.execute(script, vec![element.json()]);
            v.as_array().map(|a| a.iter().filter_map(Value::as_f64).collect()).unwrap_or_default()
        };
        let (left, top, bottom, height) = match rect(self)[..] {
            [left, top, bottom, height] => (left, top, bottom, height),
            _ => return,
        };
        let delta = if bottom > height { (bottom - height + 8.0).min(top - 8.0) } else { top.min(0.0) - 8.0 };
        if delta.abs() < 9.0 || (top >= 0.0 && bottom <= height) {
            return;
        }
        self.wheel_at((left / 2.0).max(1.0) as i64, (height / 2.0) as i64, delta as i64);
        let mut last = rect(self);
        wait_until(Duration::from_secs(2), "the page to stop scrolling", || {
            std::thread::sleep(Duration::from_millis(50));
            let now = rect(self);
            let settled = now == last;
            last = now;
            settled
        });
    }

    /// `scrollTop/scrollHeight (clientHeight)` of an element, for failure messages.
    /// Waits (up to a second) until `element`'s scroll position stops changing.
    pub fn settle(&self, element: &Element) {
        let mut last = self.scroll_position(element);
        for _ in 0..20 {
            std::thread::sleep(Duration::from_millis(50));
            let now = self.scroll_position(element);
            if now == last {
                return;
            }
            last = now;
        }
    }

    pub fn scroll_position(&self, element: &Element) -> String {
        let script = "const e = arguments[0]; return `${e.scrollTop}/${e.scrollHeight} (${e.clientHeight})`;";
        self.execute(script, vec![element.json()]).as_str().unwrap_or_default().to_string()
    }

    /// Whether `element` is the focused element of the page.
    pub fn is_focused(&self, element: &Element) -> bool {
        self.execute("return document.activeElement === arguments[0];", vec![element.json()]) == Value::Bool(true)
    }

    /// `textContent` of the first element matching `css`, with runs of white space made one
    /// space (unlike WebDriver's element text, this also reads visually hidden elements).
    pub fn text_content(&self, css: &str) -> Option<String> {
        let script = "const e = document.querySelector(arguments[0]); \
                      return e ? e.textContent.replace(/\\s+/g, ' ').trim() : null;";
        self.execute(script, vec![Value::from(css)]).as_str().map(str::to_string)
    }

    /// What the polite live region says now ("" when it says nothing or is missing).
    pub fn live_text(&self) -> String {
        self.text_content(LIVE).unwrap_or_default()
    }

    /// Every text the live region took since the page was opened, in order.
    pub fn live_log(&self) -> Vec<String> {
        let log = self.execute("return window.__cwLive.map(function (e) { return e.text; });", vec![]);
        log.as_array().map(|a| a.iter().filter_map(|t| t.as_str().map(str::to_string)).collect()).unwrap_or_default()
    }

    /// Waits until the live region says `text`.
    #[track_caller]
    pub fn wait_for_live(&self, text: &str) {
        let started = std::time::Instant::now();
        while self.live_text() != text {
            if started.elapsed() > Duration::from_secs(5) {
                let shot = self.screenshot("live.failed.png");
                panic!(
                    "the live region says {:?}, not {text:?}; it said {:?}; status {:?}; screenshot {}",
                    self.live_text(),
                    self.live_log(),
                    self.status_text(),
                    shot.display()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Opens the navigator's folded list (a click on its summary, unless it is open) and
    /// waits for its entries, which are rendered only while it is open; returns how many
    /// there are.
    pub fn open_navigator(&self) -> usize {
        if self.attr(&self.find(NAV_DETAILS), "open").is_none() {
            self.click(&self.find(NAV_SUMMARY));
        }
        let mut count = 0;
        wait_until(std::time::Duration::from_secs(3), "the navigator's entries", || {
            count = self.find_all(NAV_ITEM).len();
            count > 0
        });
        count
    }

    /// The navigator's summary ("重点条款 3 / 17 已阅读").
    pub fn nav_summary(&self) -> String {
        self.text_content(NAV_SUMMARY).unwrap_or_default()
    }

    /// The progress indicator's `aria-valuenow`.
    #[track_caller]
    pub fn progress(&self) -> u32 {
        let value = self.attr(&self.find(PROGRESS), "aria-valuenow").unwrap_or_default();
        value.trim().parse().unwrap_or_else(|_| panic!("aria-valuenow of the progress indicator is {value:?}"))
    }

    /// The ids of the passages not marked as seen yet, in document order.
    pub fn unseen_passages(&self) -> Vec<String> {
        let script = "const ids = []; \
            document.querySelectorAll('#clausewrap strong.cw-passage[data-passage-id]:not(.cw-seen)') \
              .forEach(function (p) { const id = p.dataset.passageId; if (!ids.includes(id)) ids.push(id); }); \
            return ids;";
        let ids = self.execute(script, vec![]);
        ids.as_array().map(|a| a.iter().filter_map(|t| t.as_str().map(str::to_string)).collect()).unwrap_or_default()
    }

    /// `data-passage-id` of the focused element if it is a highlighted passage.
    pub fn focused_passage(&self) -> Option<String> {
        let script = "const e = document.activeElement; \
                      return e && e.matches('strong.cw-passage[data-passage-id]') ? e.dataset.passageId : null;";
        self.execute(script, vec![]).as_str().map(str::to_string)
    }

    /// Whether the passage `id` is on screen: at least half of it inside both the scroll
    /// region's visible box and the window (or filling half of the region when taller).
    pub fn passage_in_view(&self, id: &str) -> bool {
        let script = r#"
            const p = document.querySelector('#clausewrap strong.cw-passage[data-passage-id="' + arguments[0] + '"]');
            const r = document.querySelector('#clausewrap .cw-scroll').getBoundingClientRect();
            if (!p) return false;
            const b = p.getBoundingClientRect();
            const top = Math.max(b.top, r.top, 0), bottom = Math.min(b.bottom, r.bottom, window.innerHeight);
            const visible = Math.max(0, bottom - top);
            return visible >= 0.5 * Math.min(b.height, r.height);"#;
        self.execute(script, vec![Value::from(id)]) == Value::Bool(true)
    }

    /// Hides the page for `duration` the way a reader does: another tab comes to the front,
    /// then this one again. Returns the visibility changes the page saw meanwhile
    /// (`(state, performance.now())`), so that a scenario can check they really happened.
    #[track_caller]
    pub fn hide_for(&self, duration: Duration) -> Vec<(String, f64)> {
        let this = self.window_handle();
        let before = self.visibility_log().len();
        let other = self.new_tab();
        self.switch_to_window(&other);
        std::thread::sleep(duration);
        self.close_window();
        self.switch_to_window(&this);
        wait_until(Duration::from_secs(5), "the page to be visible again", || {
            self.execute("return document.visibilityState;", vec![]) == "visible"
        });
        self.visibility_log().split_off(before)
    }

    /// Every `visibilitychange` the page saw: `(visibilityState, performance.now())`.
    pub fn visibility_log(&self) -> Vec<(String, f64)> {
        let log = self.execute("return window.__cwVisibility;", vec![]);
        log.as_array()
            .map(|a| {
                a.iter()
                    .map(|e| (e["state"].as_str().unwrap_or_default().to_string(), e["at"].as_f64().unwrap_or_default()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Moves the focus with Tab (or Shift+Tab when `backwards`) until `css` is focused;
    /// panics after `max` presses. Returns the number of presses.
    #[track_caller]
    pub fn tab_to(&self, css: &str, backwards: bool, max: usize) -> usize {
        for presses in 0..=max {
            let focused = self.execute("return document.activeElement.matches(arguments[0]);", vec![Value::from(css)]);
            if focused == Value::Bool(true) {
                return presses;
            }
            if backwards {
                self.press_shift_tab();
            } else {
                self.press_keys(super::webdriver::keys::TAB);
            }
        }
        panic!("{max} {} presses did not reach `{css}`; focus is on {}", if backwards { "Shift+Tab" } else { "Tab" }, self.focused_description());
    }

    /// A short description of the focused element, for failure messages.
    pub fn focused_description(&self) -> String {
        let script = "const e = document.activeElement; return e ? e.outerHTML.slice(0, 120) : 'none';";
        self.execute(script, vec![]).as_str().unwrap_or_default().to_string()
    }
}
