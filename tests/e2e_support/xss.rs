//! The cross-site scripting corpus (`tests/fixtures/xss/payloads.txt`) and what the
//! scenario checks in the page for each payload: that nothing ran, that the widget holds
//! no element or attribute that could run script, and whether the payload shows as text.

use serde_json::{json, Value};
use std::time::Duration;

use super::harness::Page;
use super::server::Route;

/// One payload of the corpus: its number (the value it would give `window.__cwXss`) and text.
#[derive(Clone, Debug)]
pub struct Payload {
    pub n: usize,
    pub text: String,
}

/// The corpus, numbered from 1; panics if a payload would not set the flag to its number.
#[track_caller]
pub fn payloads() -> Vec<Payload> {
    let path = super::repo_root().join("tests/fixtures/xss/payloads.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let lines = text.lines().filter(|line| !line.trim().is_empty() && !line.starts_with('#'));
    let payloads: Vec<Payload> = lines.enumerate().map(|(i, line)| Payload { n: i + 1, text: line.to_string() }).collect();
    for p in &payloads {
        let (call, assignment) = (format!("'\\x5f\\x5fcwXss',{})", p.n), format!("__cwXss={}", p.n));
        let sets_own_number = |marker: &str| {
            p.text.match_indices(marker).any(|(at, _)| !p.text[at + marker.len()..].starts_with(|c: char| c.is_ascii_digit()))
        };
        assert!(sets_own_number(&call) || sets_own_number(&assignment), "payload {} does not set __cwXss to {}: {}", p.n, p.n, p.text);
    }
    payloads
}

/// A valid document whose body holds `payload` as a paragraph of its own, between a
/// highlighted passage with a harmless link and a closing paragraph.
pub fn document_with(payload: &Payload) -> String {
    super::documents::with_front_matter(
        &format!("xss-probe-{}", payload.n),
        "XSS probe",
        "1",
        &format!(
            "Before the payload: **a highlighted passage** and [a harmless link](https://example.com/terms).\n\n\
             {}\n\nAfter the payload.\n",
            payload.text
        ),
    )
}

/// What [`inspect`] found in the widget of one host.
#[derive(Clone, Debug)]
pub struct Inspection {
    /// `String(window.__cwXss)` if anything set it.
    pub flag: Option<String>,
    /// Elements, attributes and links that must not be there, described.
    pub forbidden: Vec<String>,
    /// Whether the payload's marker is in the widget's text or in a link's href.
    pub marker_shown: bool,
}

/// Inspects the widget in the host `id` for payload `n`.
#[track_caller]
pub fn inspect(page: &Page, id: &str, n: usize) -> Inspection {
    let found = page.execute(INSPECT, vec![Value::from(id), Value::from(n)]);
    Inspection {
        flag: found["flag"].as_str().map(str::to_string),
        forbidden: found["forbidden"].as_array().into_iter().flatten().filter_map(|v| v.as_str().map(str::to_string)).collect(),
        marker_shown: found["marker"] == true,
    }
}

/// Whether anything set `window.__cwXss`: its value as text.
pub fn flag(page: &Page) -> Option<String> {
    page.execute("return window.__cwXss === undefined ? null : String(window.__cwXss);", vec![]).as_str().map(str::to_string)
}

/// Mounts each payload's document with `cw.mount` on `<div id="x<n>">`; returns the hosts' ids.
#[track_caller]
pub fn mount_all<'a>(page: &Page, payloads: &'a [Payload]) -> Vec<(String, &'a Payload)> {
    let mut hosts = Vec::new();
    for p in payloads {
        let id = format!("x{}", p.n);
        if let Err(thrown) = page.mount(&id, json!({ "document": document_with(p) })) {
            panic!("payload {}: mount threw {thrown:?}", p.n);
        }
        hosts.push((id, p));
    }
    hosts
}

/// Serves each payload's document as `/xss/<n>.md` and loads it into
/// `<clause-wrap id="xs<n>" src=…>`; returns the hosts' ids.
pub fn load_all<'a>(page: &Page, payloads: impl Iterator<Item = &'a Payload>) -> Vec<(String, &'a Payload)> {
    let mut hosts = Vec::new();
    for p in payloads {
        let (id, src) = (format!("xs{}", p.n), format!("/xss/{}.md", p.n));
        page.server.route(&src, Route::markdown(document_with(p)));
        page.add_element(&id, &[("src", &src)]);
        hosts.push((id, p));
    }
    hosts
}

/// How the payloads fared.
#[derive(Debug, Default)]
pub struct Outcome {
    pub shown: usize,
    pub refused: usize,
    pub problems: Vec<String>,
}

/// Waits for each host to show its document or refuse it, then checks it: refused with a
/// `document-*` error event and a message, or shown with the payload as inert text; and
/// nothing ran, nothing that could run is in the widget.
#[track_caller]
pub fn check_all(page: &Page, hosts: &[(String, &Payload)]) -> Outcome {
    let mut outcome = Outcome::default();
    for (id, p) in hosts {
        let host = format!("#{id}");
        let status = page.wait_status(&host, &["reading", "ready", "error"], Duration::from_secs(10));
        let found = inspect(page, id, p.n);
        if status == "error" {
            outcome.refused += 1;
            let codes: Vec<Value> = page.events_of("error", id).iter().map(|e| e.detail["code"].clone()).collect();
            let document_error = codes.iter().any(|c| c.as_str().is_some_and(|c| c.starts_with("document-")));
            if !document_error || page.alert_text(&host).is_empty() {
                outcome.problems.push(format!("payload {} ({id}) refused without a document error event and message: {codes:?}", p.n));
            }
        } else if found.marker_shown {
            outcome.shown += 1;
        } else {
            outcome.problems.push(format!("payload {} ({id}) rendered with the payload missing: {}", p.n, p.text));
        }
        if found.flag.is_some() || !found.forbidden.is_empty() {
            outcome.problems.push(format!("payload {} ({id}): __cwXss {:?}, found {:?}", p.n, found.flag, found.forbidden));
        }
    }
    outcome
}

/// The checks of [`check_all`] that must hold at any later time: nothing ran, nothing that
/// could run is in any widget.
pub fn recheck_all(page: &Page, hosts: &[(String, &Payload)]) -> Vec<String> {
    let mut problems: Vec<String> = hosts
        .iter()
        .map(|(id, p)| (id, p.n, inspect(page, id, p.n).forbidden))
        .filter(|(_, _, forbidden)| !forbidden.is_empty())
        .map(|(id, n, forbidden)| format!("payload {n} ({id}) later: found {forbidden:?}"))
        .collect();
    if let Some(flag) = flag(page) {
        problems.push(format!("a payload ran: window.__cwXss = {flag}"));
    }
    problems
}

const INSPECT: &str = r#"
var host = document.getElementById(arguments[0]), n = arguments[1], forbidden = [];
var tags = 'script,iframe,frame,img,svg,math,style,link,meta,base,object,embed,form,video,audio,source,template';
host.querySelectorAll(tags).forEach(function (e) { forbidden.push('<' + e.tagName.toLowerCase() + '>'); });
host.querySelectorAll('*').forEach(function (e) {
  Array.prototype.forEach.call(e.attributes, function (a) {
    if (/^on/i.test(a.name)) forbidden.push(e.tagName.toLowerCase() + '[' + a.name + ']');
    if (/^(src|srcdoc|action|formaction|xlink:href|data)$/i.test(a.name))
      forbidden.push(e.tagName.toLowerCase() + '[' + a.name + '=' + a.value + ']');
  });
  if (e.shadowRoot) forbidden.push('a shadow root on <' + e.tagName.toLowerCase() + '>');
});
var marker = new RegExp("cwXss(?:',|=)" + n + "(?![0-9])"), shown = marker.test(host.textContent);
host.querySelectorAll('a').forEach(function (a) {
  var href = a.getAttribute('href') || '', rel = (a.getAttribute('rel') || '').toLowerCase().split(/\s+/);
  if (!/^(https?:|mailto:)/.test(href)) forbidden.push('a[href=' + href + ']');
  if (rel.indexOf('noopener') < 0 || rel.indexOf('noreferrer') < 0)
    forbidden.push('a[rel=' + a.getAttribute('rel') + '] (href ' + href + ')');
  var decoded = href; try { decoded = decodeURIComponent(href); } catch (e) {}
  if (marker.test(decoded)) shown = true;
});
return { flag: window.__cwXss === undefined ? null : String(window.__cwXss), forbidden: forbidden, marker: shown };
"#;
