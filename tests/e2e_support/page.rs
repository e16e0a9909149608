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

/// Records every `clausewrap:accepted` event that reaches the window (capture phase, so
/// that even a non-bubbling event is seen and its flags can be checked).
const CAPTURE_EVENTS: &str = r#"
window.__cwEvents = [];
window.addEventListener('clausewrap:accepted', function (e) {
  window.__cwEvents.push({ detail: JSON.stringify(e.detail), target: e.target.id,
                           bubbles: e.bubbles, composed: e.composed });
}, true);
"#;

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
        let dist = dist_dir();
        assert!(
            dist.join("index.html").is_file(),
            "{} is missing: run `trunk build --release --offline` first (or scripts/test)",
            dist.join("index.html").display()
        );
        let server = StaticServer::start(&dist).expect("the static server starts");
        let session = Session::start(Chromedriver::shared(), width, height);
        session.goto(&server.url("/"));
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
        const MAX_STEPS: usize = 200;
        let region = self.region();
        self.bring_on_screen(&region);
        for step in 0..MAX_STEPS {
            if self.agree_disabled() == "false" {
                return step;
            }
            let before = self.scroll_position(&region);
            self.wheel(&region, 200);
            std::thread::sleep(READING_PAUSE);
            if self.scroll_position(&region) == before {
                // The region no longer moves: look at whatever of it the window cuts off.
                self.bring_on_screen(&region);
            }
        }
        // The last steps may still be settling: give the observer a moment.
        std::thread::sleep(Duration::from_millis(500));
        if self.agree_disabled() == "false" {
            return MAX_STEPS;
        }
        let shot = self.screenshot(shot_on_failure);
        panic!(
            "Agree still aria-disabled={:?} after {MAX_STEPS} wheel steps of 200 px; scroll {}; \
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
    pub fn scroll_position(&self, element: &Element) -> String {
        let script = "const e = arguments[0]; return `${e.scrollTop}/${e.scrollHeight} (${e.clientHeight})`;";
        self.execute(script, vec![element.json()]).as_str().unwrap_or_default().to_string()
    }

    /// Whether `element` is the focused element of the page.
    pub fn is_focused(&self, element: &Element) -> bool {
        self.execute("return document.activeElement === arguments[0];", vec![element.json()]) == Value::Bool(true)
    }

    /// A short description of the focused element, for failure messages.
    pub fn focused_description(&self) -> String {
        let script = "const e = document.activeElement; return e ? e.outerHTML.slice(0, 120) : 'none';";
        self.execute(script, vec![]).as_str().unwrap_or_default().to_string()
    }
}
