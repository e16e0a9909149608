//! The courier: posts each signed record to the integrator's endpoint until the endpoint
//! has it, as `docs/embedding.md` ("Delivery") promises. The outbox (IndexedDB) and the
//! retries are `io.js`'s: a record goes into the outbox before anything is sent, leaves it
//! only after a 2xx answer, and is retried with capped, jittered backoff after a network
//! error, 408, 425, 429 or 5xx; any other 4xx stops the retries and leaves the record in
//! the outbox, marked rejected. What this side gives it is the record and the words of its
//! error (`crate::delivery`), in the widget's language.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::Element;

use crate::delivery;
use crate::messages::Locale;
use crate::web::browser;

#[wasm_bindgen(module = "/src/web/io.js")]
extern "C" {
    #[wasm_bindgen(js_name = send)]
    fn send_js(record_id: &str, endpoint: &str, body: &str, host: Option<Element>, rejected_message: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = resume)]
    fn resume_js(rejected_message: &str);
}

/// A signed record on its way to an endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parcel {
    pub record_id: String,
    pub endpoint: String,
    /// The record's canonical JSON, posted as is.
    pub body: String,
}

/// Writes the parcel to the outbox, then starts delivering it; its events go to `host`
/// while it is in the page. Err(message) when the outbox could not be written: delivery
/// still proceeds from memory while the page lives.
pub async fn send(parcel: Parcel, host: Option<Element>, locale: Locale) -> Result<(), String> {
    let promise = send_js(&parcel.record_id, &parcel.endpoint, &parcel.body, host, delivery::rejected_message(locale));
    match JsFuture::from(promise).await {
        Ok(stored) if stored.is_truthy() => Ok(()),
        _ => Err(delivery::storage_message(locale).to_string()),
    }
}

/// Idempotent: the first call delivers every pending record found in the outbox, and
/// from then on the `online` event retries every pending record at once. With no widget
/// to speak for those records, their messages use the browser's language. Never throws;
/// does nothing without a window.
pub fn resume() {
    let locale = Locale::negotiate(browser::preferred_languages().iter().map(String::as_str));
    resume_js(delivery::rejected_message(locale));
}
