//! Delivery scenarios' shared steps: an acceptance on the harness page with `endpoint`
//! set to the test server's `/collect`, and what that endpoint received for one record.

use serde_json::json;
use std::time::Duration;

use super::documents::{check_record_for, short_a};
use super::harness::{Event, Page};
use super::server::{Collected, COLLECT};

/// Mounts short document A on a new `<div id=…>` with `endpoint` set to `/collect`, reads it
/// and agrees. Returns the accepted event (its record checked) and the record's id.
#[track_caller]
pub fn accept_with_endpoint(page: &Page, id: &str) -> (Event, String) {
    page.mount(id, json!({ "document": short_a(), "endpoint": COLLECT })).expect("mount with an endpoint");
    page.wait_events("ready", id, 1, Duration::from_secs(10));
    page.read(&format!("#{id}"), 100);
    let accepted = page.agree_and_wait(&format!("#{id}"));
    check_record_for(&accepted.json, short_a().as_bytes());
    let record_id = accepted.detail["record_id"].as_str().expect("record_id").to_string();
    (accepted, record_id)
}

/// The requests the endpoint received for `record_id` (by `Idempotency-Key` or by body).
pub fn requests_for(page: &Page, record_id: &str) -> Vec<Collected> {
    let in_body = format!("\"record_id\":\"{record_id}\"");
    page.server
        .collected()
        .into_iter()
        .filter(|r| r.idempotency_key.as_deref() == Some(record_id) || r.body.contains(&in_body))
        .collect()
}

/// Whether every request for `record_id` carried `Idempotency-Key: <record_id>`.
pub fn all_keyed(page: &Page, record_id: &str) -> bool {
    requests_for(page, record_id).iter().all(|r| r.idempotency_key.as_deref() == Some(record_id))
}
