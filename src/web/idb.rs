//! IndexedDB's requests and transactions as futures, for the outbox and the key store:
//! one way to open a database, wait for a request and wait for a commit.

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Event, IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction};

/// Opens database `name` at `version`; `upgrade` creates its stores when it is new.
pub async fn open(name: &str, version: u32, upgrade: impl Fn(&IdbDatabase) + 'static) -> Result<IdbDatabase, JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let factory = window.indexed_db()?.ok_or_else(|| JsValue::from_str("IndexedDB is unavailable"))?;
    let request: IdbOpenDbRequest = factory.open_with_u32(name, version)?;
    let on_upgrade = Closure::<dyn FnMut(Event)>::new({
        let request = request.clone();
        move |_: Event| {
            if let Some(db) = request.result().ok().and_then(|db| db.dyn_into::<IdbDatabase>().ok()) {
                upgrade(&db);
            }
        }
    });
    request.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
    let opened = settle(&request).await;
    request.set_onupgradeneeded(None);
    opened?.dyn_into::<IdbDatabase>()
}

/// A promise with its two settling functions.
fn deferred() -> Result<(Promise, Function, Function), JsValue> {
    let mut settlers = None;
    let promise = Promise::new(&mut |resolve, reject| settlers = Some((resolve, reject)));
    let (resolve, reject) = settlers.ok_or_else(|| JsValue::from_str("promise executor did not run"))?;
    Ok((promise, resolve, reject))
}

/// Waits for an IndexedDB request to succeed (its result) or fail (its error).
pub async fn settle(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let (promise, resolve, reject) = deferred()?;
    let done = request.clone();
    let on_success = Closure::<dyn FnMut(Event)>::new(move |_: Event| {
        let _ = resolve.call1(&JsValue::NULL, &done.result().unwrap_or(JsValue::UNDEFINED));
    });
    let failed = request.clone();
    let on_error = Closure::<dyn FnMut(Event)>::new(move |_: Event| {
        let error = failed.error().ok().flatten().map(JsValue::from);
        let _ = reject.call1(&JsValue::NULL, &error.unwrap_or_else(|| "IndexedDB request failed".into()));
    });
    request.set_onsuccess(Some(on_success.as_ref().unchecked_ref()));
    request.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let settled = JsFuture::from(promise).await;
    request.set_onsuccess(None);
    request.set_onerror(None);
    settled
}

/// Waits for a transaction to commit, or reports why it failed or was aborted.
pub async fn finish(transaction: &IdbTransaction) -> Result<(), JsValue> {
    let (promise, resolve, reject) = deferred()?;
    let on_complete = Closure::<dyn FnMut(Event)>::new(move |_: Event| {
        let _ = resolve.call0(&JsValue::NULL);
    });
    let failed = transaction.clone();
    let on_failure = Closure::<dyn FnMut(Event)>::new(move |_: Event| {
        let error = failed.error().map(JsValue::from);
        let _ = reject.call1(&JsValue::NULL, &error.unwrap_or_else(|| "IndexedDB transaction aborted".into()));
    });
    transaction.set_oncomplete(Some(on_complete.as_ref().unchecked_ref()));
    transaction.set_onerror(Some(on_failure.as_ref().unchecked_ref()));
    transaction.set_onabort(Some(on_failure.as_ref().unchecked_ref()));
    let finished = JsFuture::from(promise).await.map(drop);
    transaction.set_oncomplete(None);
    transaction.set_onerror(None);
    transaction.set_onabort(None);
    finished
}
