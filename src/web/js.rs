//! The JS objects the widget hands to its host: event details and the handle's
//! `state()`, with the member names of docs/embedding.md.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::snapshot::{Declined, ErrorReport, ReacceptanceReport, Snapshot};

/// A plain object with `members`; `undefined` values are left out.
pub fn object(members: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (name, value) in members {
        if !value.is_undefined() {
            let _ = Reflect::set(&object, &JsValue::from_str(name), value);
        }
    }
    object.into()
}

fn text(value: &Option<String>) -> JsValue {
    value.as_deref().map(JsValue::from_str).unwrap_or(JsValue::NULL)
}

fn count(n: usize) -> JsValue {
    (n as f64).into()
}

/// `{ documentId, version, sha256, highlights, reacceptance }`
pub fn ready_detail(s: &Snapshot) -> JsValue {
    object(&[
        ("documentId", text(&s.document_id)),
        ("version", text(&s.version)),
        ("sha256", text(&s.sha256)),
        ("highlights", count(s.highlights)),
        ("reacceptance", reacceptance(s.reacceptance.as_ref())),
    ])
}

/// `{ required, policy, since: { version, sha256, acceptedAt }, changed, added, removed,
/// moved, highlightedChanges }`, or `null` without a previous version.
fn reacceptance(r: Option<&ReacceptanceReport>) -> JsValue {
    let Some(r) = r else { return JsValue::NULL };
    let since = object(&[("version", r.version.as_str().into()), ("sha256", r.sha256.as_str().into()), ("acceptedAt", text(&r.accepted_at))]);
    object(&[
        ("required", r.required.into()),
        ("policy", r.policy.into()),
        ("since", since),
        ("changed", count(r.changed)),
        ("added", count(r.added)),
        ("removed", count(r.removed)),
        ("moved", count(r.moved)),
        ("highlightedChanges", count(r.highlighted_changes)),
    ])
}

/// `{ status, seen, highlights, endSeen, progress, changesSeen }`
pub fn progress_detail(s: &Snapshot) -> JsValue {
    object(&[
        ("status", s.status.into()),
        ("seen", count(s.seen.len())),
        ("highlights", count(s.highlights)),
        ("endSeen", s.end_seen.into()),
        ("progress", f64::from(s.progress).into()),
        ("changesSeen", count(s.changes_seen.len())),
    ])
}

/// `{ code, message }`, plus `status` and `recordId` where they apply.
pub fn error_detail(e: &ErrorReport, record_id: Option<&str>) -> JsValue {
    object(&[
        ("code", e.code.into()),
        ("message", e.message.as_str().into()),
        ("status", e.status.map(|s| JsValue::from(f64::from(s))).unwrap_or(JsValue::UNDEFINED)),
        ("recordId", record_id.map(JsValue::from_str).unwrap_or(JsValue::UNDEFINED)),
    ])
}

/// `{ documentId, version, sha256, declinedAt }`
pub fn declined_detail(d: &Declined) -> JsValue {
    object(&[
        ("documentId", d.document_id.as_str().into()),
        ("version", d.version.as_str().into()),
        ("sha256", d.sha256.as_str().into()),
        ("declinedAt", d.declined_at.as_str().into()),
    ])
}

/// The handle's `state()`.
pub fn state(s: &Snapshot) -> JsValue {
    let ids = |ids: &[String]| -> JsValue { ids.iter().map(|id| JsValue::from_str(id)).collect::<Array>().into() };
    object(&[
        ("status", s.status.into()),
        ("documentId", text(&s.document_id)),
        ("version", text(&s.version)),
        ("sha256", text(&s.sha256)),
        ("highlights", count(s.highlights)),
        ("seen", ids(&s.seen)),
        ("endSeen", s.end_seen.into()),
        ("progress", f64::from(s.progress).into()),
        ("error", s.error.as_ref().map(|e| error_detail(e, None)).unwrap_or(JsValue::NULL)),
        ("recordId", text(&s.record_id)),
        ("reacceptance", reacceptance(s.reacceptance.as_ref())),
        ("changesSeen", ids(&s.changes_seen)),
    ])
}
