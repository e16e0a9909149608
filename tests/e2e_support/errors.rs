//! How a widget that cannot show its document must look and behave (docs/embedding.md,
//! "Error codes"): one check that lists every way it falls short, so that a scenario with
//! many broken inputs reports all of them at once.

use super::harness::{target, Page};

/// What is wrong with how the widget in `host` reports the error `code`; empty when all is
/// right: a `clausewrap:error` with `code` and a message, a non-empty `role="alert"` message
/// inside the host, `data-state="error"`, `state()` in `error` with that code, Agree present
/// and `aria-disabled="true"`, and no `clausewrap:ready`.
pub fn error_problems(page: &Page, host: &str, code: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let errors = page.events_of("error", &target(host));
    match errors.iter().find(|e| e.detail["code"] == code) {
        None => {
            let seen: Vec<&String> = errors.iter().map(|e| &e.json).collect();
            problems.push(format!("no clausewrap:error with this code; errors: {seen:?}"))
        }
        Some(e) if e.detail["message"].as_str().is_none_or(|m| m.trim().is_empty()) => {
            problems.push(format!("the error event has no message: {}", e.json))
        }
        Some(_) => {}
    }
    if page.alert_text(host).is_empty() {
        problems.push("no message with role=\"alert\" in the widget".into());
    }
    let data_state = page.data_state(host);
    if data_state.as_deref() != Some("error") {
        problems.push(format!(".cw data-state is {data_state:?}"));
    }
    let state = page.state(host);
    if state["status"] != "error" || state["error"]["code"] != code {
        problems.push(format!("state() is {state}"));
    }
    let agree = page.agree_disabled(host);
    if agree.as_deref() != Some("true") {
        problems.push(format!("Agree aria-disabled is {agree:?}"));
    }
    let ready = page.events_of("ready", &target(host));
    if !ready.is_empty() {
        problems.push(format!("clausewrap:ready fired: {}", ready[0].json));
    }
    problems.into_iter().map(|p| format!("{host} ({code}): {p}")).collect()
}

/// Clicks every Agree of `hosts`, then checks that no `clausewrap:accepted` followed.
#[track_caller]
pub fn clicks_accept_nothing(page: &Page, hosts: &[&str]) -> Vec<String> {
    for host in hosts {
        if let Some(agree) = page.agree(host) {
            page.click(&agree);
        }
    }
    // Nothing to poll for: an acceptance, if one were to come, comes within this time.
    std::thread::sleep(std::time::Duration::from_millis(600));
    page.events_of("accepted", "").iter().map(|e| format!("a gated click accepted on {}: {}", e.target, e.json)).collect()
}

/// Waits until every one of `hosts` has fired `clausewrap:error` or `clausewrap:ready`, or
/// `timeout` has passed (what is still missing then shows in [`error_problems`]).
pub fn settle(page: &Page, hosts: &[&str], timeout: std::time::Duration) {
    let started = std::time::Instant::now();
    while started.elapsed() < timeout {
        let events = page.events();
        let done = |host: &&str| {
            let t = target(host);
            events.iter().any(|e| e.target == t && (e.kind == "clausewrap:error" || e.kind == "clausewrap:ready"))
        };
        if hosts.iter().all(done) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// A broken input: a `<clause-wrap>` with `id` and `attributes`, and the error code it must give.
pub struct Case<'a> {
    pub id: &'a str,
    pub attributes: Vec<(&'a str, String)>,
    pub code: &'a str,
}

/// A [`Case`].
pub fn case<'a>(id: &'a str, attributes: &[(&'a str, &str)], code: &'a str) -> Case<'a> {
    Case { id, attributes: attributes.iter().map(|(name, value)| (*name, value.to_string())).collect(), code }
}

/// Adds a `<clause-wrap>` per case to the harness page, waits for them to settle, and lists
/// every way they fall short of the error contract (gated clicks included).
pub fn run_error_cases(page: &Page, cases: &[Case]) -> Vec<String> {
    for case in cases {
        let attributes: Vec<(&str, &str)> = case.attributes.iter().map(|(name, value)| (*name, value.as_str())).collect();
        page.add_element(case.id, &attributes);
    }
    let hosts: Vec<String> = cases.iter().map(|case| format!("#{}", case.id)).collect();
    let hosts: Vec<&str> = hosts.iter().map(String::as_str).collect();
    settle(page, &hosts, std::time::Duration::from_secs(10));
    let mut problems: Vec<String> = cases.iter().flat_map(|case| error_problems(page, &format!("#{}", case.id), case.code)).collect();
    problems.extend(clicks_accept_nothing(page, &hosts));
    problems
}

/// A port on 127.0.0.1 nobody listens on ("network down"): bound, then released.
pub fn unused_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port()
}
