//! The JS objects the widget hands to its host: event details and the handle's
//! `state()`, with the member names of docs/embedding.md.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::snapshot::{Declined, ErrorReport, Snapshot};

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

/// `{ documentId, version, sha256, highlights }`
pub fn ready_detail(s: &Snapshot) -> JsValue {
    object(&[
        ("documentId", text(&s.document_id)),
        ("version", text(&s.version)),
        ("sha256", text(&s.sha256)),
        ("highlights", (s.highlights as f64).into()),
    ])
}

/// `{ status, seen, highlights, endSeen, progress }`
pub fn progress_detail(s: &Snapshot) -> JsValue {
    object(&[
        ("status", s.status.into()),
        ("seen", (s.seen.len() as f64).into()),
        ("highlights", (s.highlights as f64).into()),
        ("endSeen", s.end_seen.into()),
        ("progress", f64::from(s.progress).into()),
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
    let seen: Array = s.seen.iter().map(|id| JsValue::from_str(id)).collect();
    object(&[
        ("status", s.status.into()),
        ("documentId", text(&s.document_id)),
        ("version", text(&s.version)),
        ("sha256", text(&s.sha256)),
        ("highlights", (s.highlights as f64).into()),
        ("seen", seen.into()),
        ("endSeen", s.end_seen.into()),
        ("progress", f64::from(s.progress).into()),
        ("error", s.error.as_ref().map(|e| error_detail(e, None)).unwrap_or(JsValue::NULL)),
        ("recordId", text(&s.record_id)),
    ])
}
