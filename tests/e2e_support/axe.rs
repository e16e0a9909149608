//! The accessibility audit: axe-core (from npm, installed into `.tools/axe/` by
//! `scripts/setup`) injected into the page through WebDriver and run against the whole
//! document for the WCAG 2.0, 2.1 and 2.2 A and AA rules.

use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::OnceLock;

use super::webdriver::Session;

/// The rule tags the audit runs: WCAG 2.0, 2.1 and 2.2, levels A and AA.
pub const TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// `$AXE_CORE_JS`, or `<repo>/.tools/axe/node_modules/axe-core/axe.min.js`.
pub fn axe_path() -> PathBuf {
    std::env::var_os("AXE_CORE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|| super::repo_root().join(".tools/axe/node_modules/axe-core/axe.min.js"))
}

fn axe_source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = axe_path();
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read axe-core at {} ({e}): run scripts/setup", path.display()))
    })
}

const RUN: &str = r#"
const done = arguments[arguments.length - 1];
window.axe.run(document, { runOnly: { type: 'tag', values: arguments[0] }, resultTypes: ['violations'] })
  .then(function (results) {
    done({ version: window.axe.version, violations: results.violations.map(function (v) {
      return { id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
               nodes: v.nodes.map(function (n) {
                 return { target: n.target, html: n.html.slice(0, 200), summary: n.failureSummary };
               }) };
    }) });
  })
  .catch(function (e) { done({ error: String(e && e.stack || e) }); });
"#;

/// Runs axe-core on the current page; returns the violations (empty when there are none).
#[track_caller]
pub fn violations(session: &Session) -> Vec<Value> {
    let loaded = session.execute("return typeof window.axe === 'object' && typeof window.axe.run === 'function';", vec![]);
    if loaded != Value::Bool(true) {
        session.execute(axe_source(), vec![]);
    }
    let result = session.execute_async(RUN, vec![json!(TAGS)]);
    if let Some(error) = result["error"].as_str() {
        panic!("axe.run failed: {error}");
    }
    result["violations"].as_array().cloned().unwrap_or_default()
}

/// Runs the audit and panics, listing every violation and every element it found it on
/// (with a screenshot `target/e2e/axe-<label>.failed.png`), unless there are none.
#[track_caller]
pub fn assert_no_violations(session: &Session, label: &str) {
    let found = violations(session);
    if found.is_empty() {
        eprintln!("axe-core: no violations ({label})");
        return;
    }
    let shot = session.screenshot(&format!("axe-{label}.failed.png"));
    let mut report = format!("axe-core found {} violation(s) in {label} (screenshot {}):\n", found.len(), shot.display());
    for v in &found {
        report.push_str(&format!(
            "- {} [{}]: {} ({})\n",
            v["id"].as_str().unwrap_or("?"),
            v["impact"].as_str().unwrap_or("?"),
            v["help"].as_str().unwrap_or(""),
            v["helpUrl"].as_str().unwrap_or("")
        ));
        for node in v["nodes"].as_array().into_iter().flatten() {
            report.push_str(&format!(
                "    at {}\n      {}\n      {}\n",
                node["target"],
                node["html"].as_str().unwrap_or(""),
                node["summary"].as_str().unwrap_or("").replace('\n', "\n      ")
            ));
        }
    }
    panic!("{report}");
}
