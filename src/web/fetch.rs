//! Fetches a document for `src`: resolved against the page's base URL, aborted after the
//! timeout (or when the widget asks for another document), refused early when the server
//! announces more bytes than any document may have. The fetching is `io.js`'s; each of its
//! failures becomes a [`WidgetError`] with its stable code here.

use clausewrap_core::document::MAX_DOCUMENT_BYTES;
use clausewrap_core::markdown::DocumentError;
use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::browser;
use crate::errors::WidgetError;

#[wasm_bindgen(module = "/src/web/io.js")]
extern "C" {
    /// An abortable fetch of one document.
    pub type DocumentFetch;
    #[wasm_bindgen(constructor)]
    pub fn new() -> DocumentFetch;
    /// Stops the fetch; its result is then ignored by the caller.
    #[wasm_bindgen(method)]
    pub fn abort(this: &DocumentFetch);
    #[wasm_bindgen(method, js_name = nextTask)]
    fn next_task_js(this: &DocumentFetch) -> js_sys::Promise;
    #[wasm_bindgen(method, js_name = run)]
    fn run_js(this: &DocumentFetch, url: &str, timeout_ms: u32, limit: f64) -> js_sys::Promise;
}

impl DocumentFetch {
    /// Waits for a task of its own (one timer turn); false when the widget left this
    /// document in the meantime.
    pub async fn next_task(&self) -> bool {
        JsFuture::from(self.next_task_js()).await.is_ok_and(|wanted| wanted.is_truthy())
    }

    /// The document's bytes, or why there are none.
    pub async fn run(&self, src: &str, timeout_ms: u32) -> Result<Vec<u8>, WidgetError> {
        let url = resolve(src)?;
        match JsFuture::from(self.run_js(&url, timeout_ms, MAX_DOCUMENT_BYTES as f64)).await {
            Ok(bytes) => Ok(Uint8Array::new(&bytes).to_vec()),
            Err(failure) => Err(failed(url, timeout_ms, &failure)),
        }
    }
}

/// The error for `io.js`'s `[code, detail]`; anything else it threw is a failed fetch too.
fn failed(url: String, timeout_ms: u32, failure: &JsValue) -> WidgetError {
    if !Array::is_array(failure) {
        return WidgetError::FetchFailed { url, reason: browser::describe(failure) };
    }
    let failure = Array::from(failure);
    let detail = failure.get(1);
    let number = detail.as_f64().unwrap_or(0.0);
    match failure.get(0).as_string().as_deref() {
        Some("http-status") => WidgetError::HttpStatus { url, status: number as u16 },
        Some("document-too-large") => WidgetError::Document(DocumentError::TooLarge { size: number as usize, limit: MAX_DOCUMENT_BYTES }),
        Some("fetch-timeout") => WidgetError::FetchTimeout { url, timeout_ms },
        _ => WidgetError::FetchFailed { url, reason: detail.as_string().unwrap_or_default() },
    }
}

/// `src` as an absolute URL, resolved like a link on the page.
fn resolve(src: &str) -> Result<String, WidgetError> {
    browser::absolute_url(src).ok_or_else(|| WidgetError::InvalidOption(format!("`src` is not a valid URL: {src}")))
}
