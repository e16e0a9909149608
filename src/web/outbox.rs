//! The outbox: signed records waiting for their endpoint, kept in IndexedDB (database
//! `clausewrap-outbox`, store `outbox`, keyed by `recordId`) so that a record outlives a
//! closed tab, a crash or a lost connection until the endpoint has answered 2xx.
//!
//! Each entry is a plain object `{recordId, endpoint, body, attempts, state, createdAt,
//! lastStatus}`; `state` is `"pending"` (still to deliver) or `"rejected"` (the endpoint
//! refused it for good; kept, never retried). Every call opens the database, runs one
//! transaction and closes it again, so no connection lingers and several tabs share the
//! store without coordination. A write succeeds only once its transaction has committed.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Event, IdbDatabase, IdbObjectStore, IdbObjectStoreParameters, IdbTransactionMode};

use super::idb;

const DB_NAME: &str = "clausewrap-outbox";
const DB_VERSION: u32 = 1;
const STORE: &str = "outbox";

const PENDING: &str = "pending";
const REJECTED: &str = "rejected";

/// One record waiting in the outbox.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub record_id: String,
    pub endpoint: String,
    /// The record's canonical JSON, exactly the bytes to POST.
    pub body: String,
    /// How many tries have failed so far.
    pub attempts: u32,
    /// Whether the endpoint refused the record for good.
    pub rejected: bool,
    /// When the record entered the outbox, in ms since the epoch.
    pub created_at: f64,
    /// The HTTP status of the last try; `None` before any, or after a network error.
    pub last_status: Option<u16>,
}

/// Writes `entry`, replacing any entry with the same record id.
pub async fn put(entry: &Entry) -> Result<(), JsValue> {
    let value = to_object(entry)?;
    write(move |store| store.put(&value).map(drop)).await
}

/// Removes the entry of `record_id`, if there is one.
pub async fn delete(record_id: &str) -> Result<(), JsValue> {
    let key = JsValue::from_str(record_id);
    write(move |store| store.delete(&key).map(drop)).await
}

/// Every entry still to deliver, oldest first. Entries that are not ours to read (a
/// malformed object) are left alone.
pub async fn list_pending() -> Result<Vec<Entry>, JsValue> {
    let db = open().await?;
    let listed = async {
        let store = db.transaction_with_str(STORE)?.object_store(STORE)?;
        idb::settle(&store.get_all()?).await
    }
    .await;
    db.close();
    // Oldest first, each put in its place as it is read: a handful of entries, for which a
    // sort's code would cost the wasm more than these inserts cost here.
    let mut pending: Vec<Entry> = Vec::new();
    for entry in listed?.dyn_into::<Array>()?.iter().filter_map(|value| from_value(&value)).filter(|e| !e.rejected) {
        let order = |e: &Entry| e.created_at.total_cmp(&entry.created_at).then_with(|| e.record_id.cmp(&entry.record_id));
        let at = pending.partition_point(|e| order(e).is_le());
        pending.insert(at, entry);
    }
    Ok(pending)
}

/// Marks the entry of `record_id` as refused with `status`: it stays, and is not retried.
pub async fn mark_rejected(record_id: &str, status: u16) -> Result<(), JsValue> {
    modify(record_id, move |entry| {
        Reflect::set(entry, &"state".into(), &REJECTED.into())?;
        Reflect::set(entry, &"lastStatus".into(), &status.into())
    })
    .await
}

/// Records that `attempts` tries have failed, the last one with `last_status`.
pub async fn update_attempts(record_id: &str, attempts: u32, last_status: Option<u16>) -> Result<(), JsValue> {
    modify(record_id, move |entry| {
        Reflect::set(entry, &"attempts".into(), &attempts.into())?;
        Reflect::set(entry, &"lastStatus".into(), &last_status.map_or(JsValue::NULL, JsValue::from))
    })
    .await
}

fn to_object(entry: &Entry) -> Result<Object, JsValue> {
    let object = Object::new();
    let state = if entry.rejected { REJECTED } else { PENDING };
    let last_status = entry.last_status.map_or(JsValue::NULL, JsValue::from);
    for (key, value) in [
        ("recordId", JsValue::from_str(&entry.record_id)),
        ("endpoint", JsValue::from_str(&entry.endpoint)),
        ("body", JsValue::from_str(&entry.body)),
        ("attempts", JsValue::from(entry.attempts)),
        ("state", JsValue::from_str(state)),
        ("createdAt", JsValue::from(entry.created_at)),
        ("lastStatus", last_status),
    ] {
        Reflect::set(&object, &key.into(), &value)?;
    }
    Ok(object)
}

fn from_value(value: &JsValue) -> Option<Entry> {
    let field = |key: &str| Reflect::get(value, &key.into()).ok();
    let state = field("state")?.as_string()?;
    Some(Entry {
        record_id: field("recordId")?.as_string()?,
        endpoint: field("endpoint")?.as_string()?,
        body: field("body")?.as_string()?,
        attempts: field("attempts").and_then(|v| v.as_f64()).map_or(0, |n| n.max(0.0) as u32),
        rejected: match state.as_str() {
            PENDING => false,
            REJECTED => true,
            _ => return None,
        },
        created_at: field("createdAt").and_then(|v| v.as_f64()).unwrap_or(0.0),
        last_status: field("lastStatus").and_then(|v| v.as_f64()).map(|n| n as u16),
    })
}

/// Opens the database, creating the store on first use.
async fn open() -> Result<IdbDatabase, JsValue> {
    idb::open(DB_NAME, DB_VERSION, |db| {
        let parameters = IdbObjectStoreParameters::new();
        parameters.set_key_path(&"recordId".into());
        let _ = db.create_object_store_with_optional_parameters(STORE, &parameters);
    })
    .await
}

/// Runs `work` in one read-write transaction and waits until it has committed.
async fn write(work: impl FnOnce(&IdbObjectStore) -> Result<(), JsValue>) -> Result<(), JsValue> {
    let db = open().await?;
    let written = async {
        let transaction = db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)?;
        let store = transaction.object_store(STORE)?;
        if let Err(error) = work(&store) {
            let _ = transaction.abort();
            return Err(error);
        }
        idb::finish(&transaction).await
    }
    .await;
    db.close();
    written
}

/// Changes the stored entry of `record_id` in place, if it still exists: the read and the
/// write share one transaction, so a tab that deletes the entry meanwhile is not undone.
async fn modify(record_id: &str, change: impl FnOnce(&JsValue) -> Result<bool, JsValue> + 'static) -> Result<(), JsValue> {
    let key = JsValue::from_str(record_id);
    let mut handler = None;
    let result = write(|store| {
        let read = store.get(&key)?;
        let (store, request) = (store.clone(), read.clone());
        let mut change = Some(change);
        // Runs inside the success event, while the transaction still accepts requests.
        let on_read = Closure::<dyn FnMut(Event)>::new(move |_: Event| {
            let entry = request.result().unwrap_or(JsValue::UNDEFINED);
            if let (true, Some(change)) = (entry.is_object(), change.take()) {
                if change(&entry).and_then(|_| store.put(&entry)).is_err() {
                    let _ = store.transaction().abort();
                }
            }
        });
        read.set_onsuccess(Some(on_read.as_ref().unchecked_ref()));
        handler = Some(on_read);
        Ok(())
    })
    .await;
    drop(handler);
    result
}
