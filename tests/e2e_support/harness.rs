//! The embedding scenarios' page: `dist/` served with extra routes (documents, an
//! acceptance endpoint, the harness page below) in a WebDriver browser that records every
//! `clausewrap:*` event reaching `document`, whatever page it opens.
//!
//! The harness page (`/harness.html`) is what an integrator without a framework writes:
//! it imports `/pkg/clausewrap.js` and keeps the module as `window.cw`; scenarios create
//! `<clause-wrap>` elements and call `cw.mount` through WebDriver. Widget helpers take a
//! CSS selector of the host (`#id`): the widget renders into the host's light DOM
//! (docs/embedding.md).

use serde_json::Value;
use std::ops::Deref;
use std::time::Duration;

use super::chromedriver::Chromedriver;
use super::server::{Route, StaticServer};
use super::webdriver::{Element, Session};
use super::{dist_dir, wait_until, READING_PAUSE};

/// Records every `clausewrap:*` event that reaches `document` (capture phase, so that an
/// event that does not bubble is still seen and its flags can be checked) into
/// `window.cwEvents`. Installed before any script of every page the browser opens.
pub const RECORDER: &str = r#"(function () {
  if (window.cwEvents) return;
  window.cwEvents = [];
  ['ready', 'progress', 'accepted', 'declined', 'error', 'delivered'].forEach(function (name) {
    document.addEventListener('clausewrap:' + name, function (e) {
      var t = e.target || {};
      var text; try { text = JSON.stringify(e.detail); } catch (x) { text = String(e.detail); }
      window.cwEvents.push({ type: e.type, detail: e.detail === undefined ? null : JSON.parse(text || 'null'), json: text,
                             target: t.id || t.tagName || t.nodeName || '', bubbles: e.bubbles, composed: e.composed,
                             at: performance.now() });
    }, true);
  });
})();"#;

/// The harness page: no framework, the package imported as a module.
pub fn harness_html() -> String {
    format!(
        r#"<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>clausewrap harness</title>
<script>{RECORDER}</script>
<script type="module" onerror="window.cwLoadError = 'cannot load /pkg/clausewrap.js'">
import * as cw from '/pkg/clausewrap.js';
window.cw = cw;
window.cwHandles = {{}};
window.cwAdded = {{}};
window.cwLoaded = true;
</script>
<script>window.addEventListener('error', function (e) {{ window.cwLoadError = String(e.message); }});</script>
</head>
<body><main id="main"></main></body>
</html>
"#
    )
}

/// The `target` events of `host` are recorded with: the id of `#id`, else the tag name.
pub fn target(host: &str) -> String {
    host.strip_prefix('#').map(str::to_string).unwrap_or_else(|| host.to_ascii_uppercase())
}

/// One event as the page recorded it.
#[derive(Clone, Debug)]
pub struct Event {
    /// e.g. `clausewrap:ready`
    pub kind: String,
    pub detail: Value,
    /// `JSON.stringify(event.detail)`: what a record's signature is checked on.
    pub json: String,
    /// The target's id, or its tag name when it has none.
    pub target: String,
    pub bubbles: bool,
    pub composed: bool,
    /// `performance.now()` when the page saw it.
    pub at: f64,
}

/// What `cw.mount` threw.
#[derive(Clone, Debug)]
pub struct Thrown {
    pub name: String,
    pub code: String,
    pub message: String,
    pub is_error: bool,
}

/// A browser (its own profile) and the server it reads from.
pub struct Page {
    // Fields drop in order: the browser goes before the server it reads from.
    browser: Session,
    pub server: StaticServer,
}

impl Deref for Page {
    type Target = Session;
    fn deref(&self) -> &Session {
        &self.browser
    }
}

impl Page {
    /// Serves `dist/` plus `/harness.html` and opens a `width` x `height` browser that records
    /// events on every page; nothing is loaded yet.
    #[track_caller]
    pub fn start(width: u32, height: u32) -> Page {
        let dist = dist_dir();
        for file in ["pkg/clausewrap.js", "pkg/widget.js", "pkg/widget_bg.wasm"] {
            assert!(dist.join(file).is_file(), "{} is missing: build dist/ first (scripts/test)", dist.join(file).display());
        }
        let server = StaticServer::start(&dist).expect("the static server starts");
        server.route("/harness.html", Route::html(&harness_html()));
        let browser = Session::start(Chromedriver::shared(), width, height);
        browser.on_new_document(RECORDER);
        Page { browser, server }
    }

    /// [`Page::start`] at 1280 x 900, with the harness page loaded.
    #[track_caller]
    pub fn harness() -> Page {
        Page::harness_sized(1280, 900)
    }

    /// [`Page::start`] at `width` x `height`, with the harness page loaded.
    #[track_caller]
    pub fn harness_sized(width: u32, height: u32) -> Page {
        let page = Page::start(width, height);
        page.open("/harness.html");
        page.wait_loaded();
        page
    }

    /// Loads `path` of the server.
    #[track_caller]
    pub fn open(&self, path: &str) {
        self.goto(&self.server.url(path));
    }

    /// Waits until the harness page has imported the package.
    #[track_caller]
    pub fn wait_loaded(&self) {
        let started = std::time::Instant::now();
        while self.execute("return window.cwLoaded === true;", vec![]) != true {
            let error = self.execute("return window.cwLoadError || null;", vec![]);
            if !error.is_null() || started.elapsed() > Duration::from_secs(20) {
                panic!("the harness page did not load the package: {error}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Reloads the current page (WebDriver Refresh).
    #[track_caller]
    pub fn reload(&self) {
        self.cmd("POST", "/refresh", None);
    }

    /// Every `clausewrap:*` event recorded since the page loaded.
    pub fn events(&self) -> Vec<Event> {
        let events = self.execute("return window.cwEvents || [];", vec![]);
        let events = events.as_array().cloned().unwrap_or_default();
        events
            .into_iter()
            .map(|e| Event {
                kind: e["type"].as_str().unwrap_or_default().to_string(),
                json: e["json"].as_str().unwrap_or("null").to_string(),
                target: e["target"].as_str().unwrap_or_default().to_string(),
                bubbles: e["bubbles"] == true,
                composed: e["composed"] == true,
                at: e["at"].as_f64().unwrap_or_default(),
                detail: e["detail"].clone(),
            })
            .collect()
    }

    /// The recorded `clausewrap:<name>` events, of the target `target` unless that is "".
    pub fn events_of(&self, name: &str, target: &str) -> Vec<Event> {
        let kind = format!("clausewrap:{name}");
        self.events().into_iter().filter(|e| e.kind == kind && (target.is_empty() || e.target == target)).collect()
    }

    /// Waits until `count` `clausewrap:<name>` events of `target` were recorded; returns them.
    #[track_caller]
    pub fn wait_events(&self, name: &str, target: &str, count: usize, timeout: Duration) -> Vec<Event> {
        let mut found = Vec::new();
        let started = std::time::Instant::now();
        while found.len() < count {
            if started.elapsed() > timeout {
                let all: Vec<String> = self.events().iter().map(|e| format!("{} on {}: {}", e.kind, e.target, e.json)).collect();
                panic!("timed out after {timeout:?} waiting for {count} clausewrap:{name} on {target:?}; events: {all:#?}");
            }
            std::thread::sleep(Duration::from_millis(50));
            found = self.events_of(name, target);
        }
        found
    }

    /// `cw.mount` on a new `<div id=…>` in the harness page, the handle kept for
    /// [`Page::state`]; `Err` with what it threw.
    #[track_caller]
    pub fn mount(&self, id: &str, options: Value) -> Result<(), Thrown> {
        let script = "var host = document.createElement('div'); host.id = arguments[0]; \
            document.getElementById('main').appendChild(host); window.cwAdded[arguments[0]] = performance.now(); \
            try { window.cwHandles[arguments[0]] = window.cw.mount(host, arguments[1]); return null; } \
            catch (e) { return { name: String(e && e.name), code: String(e && e.code), message: String(e && e.message), \
                                 isError: e instanceof Error }; }";
        let thrown = self.execute(script, vec![Value::from(id), options]);
        if thrown.is_null() {
            return Ok(());
        }
        let field = |name: &str| thrown[name].as_str().unwrap_or_default().to_string();
        Err(Thrown { name: field("name"), code: field("code"), message: field("message"), is_error: thrown["isError"] == true })
    }

    /// Adds `<clause-wrap id=… attributes…>` to the harness page.
    #[track_caller]
    pub fn add_element(&self, id: &str, attributes: &[(&str, &str)]) {
        let attributes: serde_json::Map<String, Value> =
            attributes.iter().map(|(name, value)| (name.to_string(), Value::from(*value))).collect();
        let script = "var e = document.createElement('clause-wrap'), attrs = arguments[1]; e.id = arguments[0]; \
            Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); }); \
            window.cwAdded[arguments[0]] = performance.now(); document.getElementById('main').appendChild(e);";
        self.execute(script, vec![Value::from(id), Value::Object(attributes)]);
    }

    /// `state()` of the handle mounted on `host` (`#id`), or of the `<clause-wrap>` element there.
    #[track_caller]
    pub fn state(&self, host: &str) -> Value {
        let script = "var h = (window.cwHandles || {})[arguments[0].replace(/^#/, '')] || document.querySelector(arguments[0]); \
                      return JSON.parse(JSON.stringify(h.state()));";
        self.execute(script, vec![Value::from(host)])
    }

    /// `state().status` of `host`.
    #[track_caller]
    pub fn status(&self, host: &str) -> String {
        self.state(host)["status"].as_str().unwrap_or_default().to_string()
    }

    /// Waits until `state().status` of `host` is one of `statuses`; returns it.
    #[track_caller]
    pub fn wait_status(&self, host: &str, statuses: &[&str], timeout: Duration) -> String {
        wait_until(timeout, &format!("{host} to be {statuses:?} (it was {:?} at first)", self.status(host)), || {
            statuses.contains(&self.status(host).as_str())
        });
        self.status(host)
    }

    /// Runs `script`, a function body with the host element as `host`, in the page.
    #[track_caller]
    pub fn on_host(&self, host: &str, script: &str) -> Value {
        let script = format!("return (function (host) {{ {script} }})(document.querySelector(arguments[0]));");
        self.execute(&script, vec![Value::from(host)])
    }

    /// The bytes the `<clause-wrap>` at `host` shows: its `src` as this server serves it, or
    /// the embedded rules when it has none.
    #[track_caller]
    pub fn element_document(&self, host: &str) -> Vec<u8> {
        let src = self.on_host(host, "return host.hasAttribute('src') ? new URL(host.getAttribute('src'), location.href).href : null;");
        match src.as_str() {
            Some(url) => ureq::get(url).call().expect("the document is served").body_mut().read_to_vec().expect("its bytes"),
            None => super::record::document_bytes(),
        }
    }

    /// The Agree button of the widget in `host`, if rendered.
    pub fn agree(&self, host: &str) -> Option<Element> {
        self.try_find(&format!("{host} .cw button.cw-agree"))
    }

    /// `aria-disabled` of Agree in `host` (`None` when there is no Agree button).
    pub fn agree_disabled(&self, host: &str) -> Option<String> {
        self.agree(host).map(|agree| self.attr(&agree, "aria-disabled").unwrap_or_default())
    }

    /// `data-state` of the widget root `.cw` in `host`.
    pub fn data_state(&self, host: &str) -> Option<String> {
        self.on_host(host, "var r = host && host.querySelector('.cw'); return r ? r.getAttribute('data-state') : null;")
            .as_str()
            .map(str::to_string)
    }

    /// The text of the `role="alert"` elements inside `host`, white space collapsed.
    pub fn alert_text(&self, host: &str) -> String {
        let script = "return Array.from(host.querySelectorAll('[role=alert]')) \
                      .map(function (e) { return e.textContent; }).join(' ').replace(/\\s+/g, ' ').trim();";
        self.on_host(host, script).as_str().unwrap_or_default().to_string()
    }

    /// The button inside `host` whose text is one of `labels`, if any.
    pub fn button_labelled(&self, host: &str, labels: &[&str]) -> Option<Element> {
        self.find_all(&format!("{host} button")).into_iter().find(|button| {
            let text = self.execute("return arguments[0].textContent.trim();", vec![button.json()]);
            labels.iter().any(|label| text == *label)
        })
    }

    /// Reads the widget in `host` as a person with a mouse: turns the wheel over its
    /// scroll region `step` px at a time, pausing on each view, until Agree is available.
    /// Returns the wheel steps.
    #[track_caller]
    pub fn read(&self, host: &str, step: i64) -> usize {
        const MAX_STEPS: usize = 300;
        let region = self.find(&format!("{host} .cw .cw-scroll"));
        self.bring_on_screen(&region);
        for steps in 0..MAX_STEPS {
            if self.agree_disabled(host).as_deref() == Some("false") {
                return steps;
            }
            let before = self.scroll_top(&region);
            self.wheel(&region, step);
            // Pause from when the smooth scroll has come to rest, as in `Demo::settle`.
            let mut last = self.scroll_top(&region);
            for _ in 0..20 {
                std::thread::sleep(Duration::from_millis(50));
                let now = self.scroll_top(&region);
                if now == last {
                    break;
                }
                last = now;
            }
            std::thread::sleep(READING_PAUSE);
            if self.scroll_top(&region) == before {
                // The region no longer moves: look at whatever of it the window cuts off.
                self.bring_on_screen(&region);
            }
        }
        std::thread::sleep(Duration::from_millis(500));
        if self.agree_disabled(host).as_deref() == Some("false") {
            return MAX_STEPS;
        }
        let shot = self.screenshot("embed-read.failed.png");
        let state = self.state(host);
        panic!("Agree in {host} still unavailable after {MAX_STEPS} wheel steps; state {state}; screenshot {}", shot.display());
    }

    /// Clicks Agree in `host` and returns the `clausewrap:accepted` event it fires.
    #[track_caller]
    pub fn agree_and_wait(&self, host: &str) -> Event {
        let agree = self.agree(host).unwrap_or_else(|| panic!("no Agree button in {host}"));
        self.click(&agree);
        self.wait_events("accepted", &target(host), 1, Duration::from_secs(10)).remove(0)
    }

    /// Scrolls the page with the wheel (in the left margin) until as much of `element` is
    /// on screen as the window can hold.
    pub fn bring_on_screen(&self, element: &Element) {
        let script = "const r = arguments[0].getBoundingClientRect(); return [r.left, r.top, r.bottom, window.innerHeight];";
        let rect = || -> Vec<f64> {
            let v = self.execute(script, vec![element.json()]);
            v.as_array().map(|a| a.iter().filter_map(Value::as_f64).collect()).unwrap_or_default()
        };
        let [left, top, bottom, height] = rect()[..] else { return };
        let delta = if bottom > height { (bottom - height + 8.0).min(top - 8.0) } else { top.min(0.0) - 8.0 };
        if delta.abs() < 9.0 || (top >= 0.0 && bottom <= height) {
            return;
        }
        self.wheel_at((left / 2.0).max(1.0) as i64, (height / 2.0) as i64, delta as i64);
        let mut last = rect();
        wait_until(Duration::from_secs(2), "the page to stop scrolling", || {
            std::thread::sleep(Duration::from_millis(50));
            let now = rect();
            let settled = now == last;
            last = now;
            settled
        });
    }

    fn scroll_top(&self, element: &Element) -> Value {
        self.execute("return arguments[0].scrollTop;", vec![element.json()])
    }

    /// The outbox (IndexedDB `clausewrap-outbox`, store `outbox`): `(key, JSON of the value)`
    /// of each entry; empty when the database does not exist (it is never created here).
    #[track_caller]
    pub fn outbox(&self) -> Vec<(String, String)> {
        let found = self.execute_async(OUTBOX, vec![]);
        if let Some(error) = found["error"].as_str() {
            panic!("reading the outbox failed: {error}");
        }
        let entries = found["entries"].as_array().cloned().unwrap_or_default();
        let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
        entries.iter().map(|e| (text(&e["key"]), text(&e["value"]))).collect()
    }
}

const OUTBOX: &str = r#"var done = arguments[arguments.length - 1];
indexedDB.databases().then(function (dbs) {
  if (!dbs.some(function (d) { return d.name === 'clausewrap-outbox'; })) return done({ entries: [] });
  var open = indexedDB.open('clausewrap-outbox');
  open.onerror = function () { done({ error: String(open.error) }); };
  open.onsuccess = function () {
    var db = open.result;
    if (!db.objectStoreNames.contains('outbox')) { db.close(); return done({ error: 'no store "outbox"' }); }
    var tx = db.transaction('outbox', 'readonly'), store = tx.objectStore('outbox');
    var keys = store.getAllKeys(), values = store.getAll();
    tx.oncomplete = function () {
      db.close();
      done({ entries: keys.result.map(function (k, i) {
        var v; try { v = JSON.stringify(values.result[i]); } catch (e) { v = String(values.result[i]); }
        return { key: String(k), value: v };
      }) });
    };
    tx.onerror = function () { db.close(); done({ error: String(tx.error) }); };
  };
}, function (e) { done({ error: String(e) }); });"#;
