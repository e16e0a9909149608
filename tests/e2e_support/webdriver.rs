//! A minimal W3C WebDriver client over `ureq` + `serde_json`: just the commands the
//! scenarios use. Commands panic with the command and the driver's answer when they fail
//! (`#[track_caller]` points the panic at the scenario line); `try_*` variants return
//! what polling needs instead.

use base64::Engine as _;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use super::chromedriver::Chromedriver;

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// W3C key codes for `Session::press_keys`.
pub mod keys {
    pub const TAB: &str = "\u{E004}";
    pub const ENTER: &str = "\u{E007}";
    pub const PAGE_DOWN: &str = "\u{E00F}";
    pub const END: &str = "\u{E010}";
    pub const SPACE: &str = " ";
    pub const SHIFT: &str = "\u{E008}";
}

/// A reference to an element of the current page.
#[derive(Clone, Debug)]
pub struct Element(String);

impl Element {
    /// The element as a script argument or action origin.
    pub fn json(&self) -> Value {
        json!({ ELEMENT_KEY: self.0 })
    }
}

/// One browser session with its own fresh profile; deleted when dropped.
pub struct Session {
    agent: ureq::Agent,
    base: String,
    profile: PathBuf,
}

impl Session {
    /// Opens headless Chromium (`$CHROMIUM`, default `/usr/bin/chromium`) with a window of
    /// `width` x `height`, a fresh profile directory and Chinese as the preferred language.
    pub fn start(driver: &Chromedriver, width: u32, height: u32) -> Session {
        Session::start_with_languages(driver, width, height, "zh-CN")
    }

    /// Like [`Session::start`], with the browser's preferred languages (`navigator.languages`)
    /// set to `languages`, a comma-separated list such as `en-US,en`.
    pub fn start_with_languages(driver: &Chromedriver, width: u32, height: u32, languages: &str) -> Session {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let binary = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let n = COUNT.fetch_add(1, Ordering::SeqCst);
        let profile = std::env::temp_dir().join(format!("clausewrap-e2e-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&profile);
        std::fs::create_dir_all(&profile).expect("a temporary profile directory");
        let args = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", "--disable-quic",
        ];
        let mut args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        args.push(format!("--window-size={width},{height}"));
        args.push(format!("--accept-lang={languages}"));
        args.push(format!("--user-data-dir={}", profile.display()));
        let capabilities = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": binary, "args": args },
            "timeouts": { "script": 30_000, "pageLoad": 30_000, "implicit": 0 },
        }}});
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let mut session = Session { agent, base: format!("{}/session", driver.url), profile };
        let created = session.cmd("POST", "", Some(capabilities));
        let id = created["sessionId"].as_str().expect("a session id").to_string();
        session.base = format!("{}/session/{id}", driver.url);
        session
    }

    /// Sends one command; `Err` says which command failed and what the driver said.
    pub fn try_cmd(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let url = format!("{}{path}", self.base);
        let sent = match method {
            "GET" => self.agent.get(&url).call(),
            "DELETE" => self.agent.delete(&url).call(),
            _ => self.agent.post(&url).send_json(body.unwrap_or_else(|| json!({}))),
        };
        let what = format!("{method} {path}");
        let mut response = sent.map_err(|e| format!("{what}: {e}"))?;
        let status = response.status();
        let text = response.body_mut().with_config().limit(64 << 20).read_to_string();
        let text = text.map_err(|e| format!("{what}: reading the answer: {e}"))?;
        let mut answer: Value = serde_json::from_str(&text).map_err(|e| format!("{what}: {e}: {text}"))?;
        if status.is_success() {
            return Ok(answer["value"].take());
        }
        let error = answer["value"]["error"].as_str().unwrap_or("?");
        let message = answer["value"]["message"].as_str().unwrap_or(&text);
        let message = message.lines().next().unwrap_or("");
        Err(format!("{what} -> HTTP {status}: {error}: {message}"))
    }

    #[track_caller]
    pub fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        match self.try_cmd(method, path, body) {
            Ok(value) => value,
            Err(e) => panic!("WebDriver command failed: {e}"),
        }
    }

    #[track_caller]
    pub fn goto(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }

    pub fn try_find(&self, css: &str) -> Option<Element> {
        let found = self.try_cmd("POST", "/element", Some(json!({ "using": "css selector", "value": css })));
        found.ok().and_then(|v| v[ELEMENT_KEY].as_str().map(|id| Element(id.to_string())))
    }

    #[track_caller]
    pub fn find(&self, css: &str) -> Element {
        match self.try_find(css) {
            Some(element) => element,
            None => panic!("no element matches `{css}`"),
        }
    }

    #[track_caller]
    pub fn find_all(&self, css: &str) -> Vec<Element> {
        let found = self.cmd("POST", "/elements", Some(json!({ "using": "css selector", "value": css })));
        let found = found.as_array().cloned().unwrap_or_default();
        found.iter().filter_map(|v| v[ELEMENT_KEY].as_str()).map(|id| Element(id.to_string())).collect()
    }

    #[track_caller]
    pub fn click(&self, element: &Element) {
        self.cmd("POST", &format!("/element/{}/click", element.0), None);
    }

    /// Types `text` into `element` (focusing it first).
    #[track_caller]
    pub fn send_keys(&self, element: &Element, text: &str) {
        self.cmd("POST", &format!("/element/{}/value", element.0), Some(json!({ "text": text })));
    }

    #[track_caller]
    pub fn attr(&self, element: &Element, name: &str) -> Option<String> {
        let value = self.cmd("GET", &format!("/element/{}/attribute/{name}", element.0), None);
        value.as_str().map(str::to_string)
    }

    #[track_caller]
    pub fn prop(&self, element: &Element, name: &str) -> Value {
        self.cmd("GET", &format!("/element/{}/property/{name}", element.0), None)
    }

    #[track_caller]
    pub fn text(&self, element: &Element) -> String {
        let value = self.cmd("GET", &format!("/element/{}/text", element.0), None);
        value.as_str().unwrap_or_default().to_string()
    }

    #[track_caller]
    pub fn is_displayed(&self, element: &Element) -> bool {
        self.cmd("GET", &format!("/element/{}/displayed", element.0), None) == true
    }

    /// Runs `script` as a function body with `args` as `arguments`; returns its result.
    #[track_caller]
    pub fn execute(&self, script: &str, args: Vec<Value>) -> Value {
        self.cmd("POST", "/execute/sync", Some(json!({ "script": script, "args": args })))
    }

    /// Like `execute`, but the result is what the script passes to its last argument.
    #[track_caller]
    pub fn execute_async(&self, script: &str, args: Vec<Value>) -> Value {
        self.cmd("POST", "/execute/async", Some(json!({ "script": script, "args": args })))
    }

    /// Performs a list of input sources (the W3C Actions API), then releases them.
    #[track_caller]
    pub fn perform(&self, sources: Value) {
        self.cmd("POST", "/actions", Some(json!({ "actions": sources })));
        self.cmd("DELETE", "/actions", None);
    }

    /// Turns the mouse wheel by `delta_y` pixels with the pointer over `element`'s centre.
    #[track_caller]
    pub fn wheel(&self, element: &Element, delta_y: i64) {
        let scroll = json!({ "type": "scroll", "x": 0, "y": 0, "deltaX": 0, "deltaY": delta_y,
                             "duration": 0, "origin": element.json() });
        self.perform(json!([{ "type": "wheel", "id": "wheel", "actions": [scroll] }]));
    }

    /// Turns the mouse wheel by `delta_y` pixels with the pointer at (`x`, `y`) in the viewport.
    #[track_caller]
    pub fn wheel_at(&self, x: i64, y: i64, delta_y: i64) {
        let scroll = json!({ "type": "scroll", "x": x, "y": y, "deltaX": 0, "deltaY": delta_y,
                             "duration": 0, "origin": "viewport" });
        self.perform(json!([{ "type": "wheel", "id": "wheel", "actions": [scroll] }]));
    }

    /// Presses and releases each key of `keys` (see [`keys`]) on the focused element.
    #[track_caller]
    pub fn press_keys(&self, keys: &str) {
        let actions: Vec<Value> = keys
            .chars()
            .flat_map(|k| [json!({ "type": "keyDown", "value": k }), json!({ "type": "keyUp", "value": k })])
            .collect();
        self.perform(json!([{ "type": "key", "id": "keyboard", "actions": actions }]));
    }

    #[track_caller]
    pub fn set_window_rect(&self, width: u32, height: u32) {
        self.cmd("POST", "/window/rect", Some(json!({ "width": width, "height": height })));
    }

    /// Presses Tab with Shift held: focus moves backwards.
    #[track_caller]
    pub fn press_shift_tab(&self) {
        let actions = json!([
            { "type": "keyDown", "value": keys::SHIFT }, { "type": "keyDown", "value": keys::TAB },
            { "type": "keyUp", "value": keys::TAB }, { "type": "keyUp", "value": keys::SHIFT },
        ]);
        self.perform(json!([{ "type": "key", "id": "keyboard", "actions": actions }]));
    }

    /// Runs one Chrome DevTools Protocol command through chromedriver
    /// (`POST /session/{id}/goog/cdp/execute`) and returns its result.
    #[track_caller]
    pub fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.cmd("POST", "/goog/cdp/execute", Some(json!({ "cmd": cmd, "params": params })))
    }

    /// Emulates CSS media features, e.g. `[("prefers-color-scheme", "dark")]`
    /// (`Emulation.setEmulatedMedia`); an empty list ends the emulation.
    #[track_caller]
    pub fn emulate_media(&self, features: &[(&str, &str)]) {
        let features: Vec<Value> = features.iter().map(|(name, value)| json!({ "name": name, "value": value })).collect();
        self.cdp("Emulation.setEmulatedMedia", json!({ "media": "", "features": features }));
    }

    /// Emulates the print media type (`Emulation.setEmulatedMedia`), or ends that emulation.
    #[track_caller]
    pub fn emulate_print(&self, print: bool) {
        self.cdp("Emulation.setEmulatedMedia", json!({ "media": if print { "print" } else { "" }, "features": [] }));
    }

    /// Gives the page a `width` x `height` CSS-pixel viewport at `scale` device pixels per
    /// CSS pixel (`Emulation.setDeviceMetricsOverride`). Browser zoom at 200 % is exactly
    /// this: twice the device pixel ratio, half the CSS width and height.
    #[track_caller]
    pub fn set_device_metrics(&self, width: u32, height: u32, scale: f64) {
        self.emulate_device(width, height, scale, false);
    }

    /// Like [`Session::set_device_metrics`]; `mobile` also emulates a phone's browser
    /// (overlay scrollbars, the page's viewport meta tag honoured).
    #[track_caller]
    pub fn emulate_device(&self, width: u32, height: u32, scale: f64, mobile: bool) {
        let params = json!({ "width": width, "height": height, "deviceScaleFactor": scale, "mobile": mobile });
        self.cdp("Emulation.setDeviceMetricsOverride", params);
    }

    #[track_caller]
    pub fn clear_device_metrics(&self) {
        self.cdp("Emulation.clearDeviceMetricsOverride", json!({}));
    }

    /// Runs `script` in every new document before its own scripts
    /// (`Page.addScriptToEvaluateOnNewDocument`): for what an integrator's page would set up.
    #[track_caller]
    pub fn on_new_document(&self, script: &str) {
        self.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": script }));
    }

    /// The handle of the current window (tab).
    #[track_caller]
    pub fn window_handle(&self) -> String {
        self.cmd("GET", "/window", None).as_str().unwrap_or_default().to_string()
    }

    /// Opens a new tab (which becomes the current browsing context's sibling, not current).
    #[track_caller]
    pub fn new_tab(&self) -> String {
        let opened = self.cmd("POST", "/window/new", Some(json!({ "type": "tab" })));
        opened["handle"].as_str().expect("a window handle").to_string()
    }

    /// Makes `handle` the current window and brings its tab to the front.
    #[track_caller]
    pub fn switch_to_window(&self, handle: &str) {
        self.cmd("POST", "/window", Some(json!({ "handle": handle })));
    }

    /// Closes the current window (tab).
    #[track_caller]
    pub fn close_window(&self) {
        self.cmd("DELETE", "/window", None);
    }

    /// Prints the page to PDF (`POST /print`) as `target/e2e/<name>` and returns its path.
    #[track_caller]
    pub fn print_pdf(&self, name: &str) -> PathBuf {
        let encoded = self.cmd("POST", "/print", Some(json!({ "background": true })));
        let pdf = base64::engine::general_purpose::STANDARD
            .decode(encoded.as_str().unwrap_or_default())
            .expect("the PDF is base64");
        let path = super::artifacts_dir().join(name);
        std::fs::write(&path, pdf).expect("target/e2e is writable");
        path
    }

    /// Saves a screenshot of the viewport as `target/e2e/<name>` and returns its path.
    #[track_caller]
    pub fn screenshot(&self, name: &str) -> PathBuf {
        let encoded = self.cmd("GET", "/screenshot", None);
        let png = base64::engine::general_purpose::STANDARD
            .decode(encoded.as_str().unwrap_or_default())
            .expect("the screenshot is base64");
        let path = super::artifacts_dir().join(name);
        std::fs::write(&path, png).expect("target/e2e is writable");
        path
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.try_cmd("DELETE", "", None);
        // Chromium may still be writing to its profile for a moment after it quits.
        for _ in 0..20 {
            if std::fs::remove_dir_all(&self.profile).is_ok() || !self.profile.exists() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}
