//! Fetches a document for `src`: resolved against the page's base URL, aborted after the
//! timeout (or when the widget asks for another document), refused early when the server
//! announces more bytes than any document may have. Every failure becomes a
//! [`WidgetError`] with its stable code.

use std::cell::Cell;
use std::rc::Rc;

use clausewrap_core::document::MAX_DOCUMENT_BYTES;
use clausewrap_core::markdown::DocumentError;
use gloo::timers::callback::Timeout;
use js_sys::{ArrayBuffer, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, RequestInit, Response};

use super::browser;
use crate::errors::WidgetError;

/// An abortable fetch of one document.
pub struct DocumentFetch {
    controller: Option<AbortController>,
}

impl DocumentFetch {
    pub fn new() -> Self {
        DocumentFetch { controller: AbortController::new().ok() }
    }

    /// Stops the fetch; its result is then ignored by the caller.
    pub fn abort(&self) {
        if let Some(controller) = &self.controller {
            controller.abort();
        }
    }

    /// Whether [`Self::abort`] was called: the widget has left this document.
    pub fn aborted(&self) -> bool {
        self.controller.as_ref().is_some_and(|controller| controller.signal().aborted())
    }

    /// The document's bytes, or why there are none.
    pub async fn run(&self, src: &str, timeout_ms: u32) -> Result<Vec<u8>, WidgetError> {
        let url = resolve(src)?;
        let timed_out = Rc::new(Cell::new(false));
        let _timer = self.controller.clone().map(|controller| {
            let timed_out = timed_out.clone();
            Timeout::new(timeout_ms, move || {
                timed_out.set(true);
                controller.abort();
            })
        });
        let failed = |error: JsValue| {
            if timed_out.get() {
                WidgetError::FetchTimeout { url: url.clone(), timeout_ms }
            } else {
                WidgetError::FetchFailed { url: url.clone(), reason: browser::describe(&error) }
            }
        };
        let init = RequestInit::new();
        init.set_method("GET");
        if let Some(controller) = &self.controller {
            init.set_signal(Some(&controller.signal()));
        }
        let response = JsFuture::from(gloo::utils::window().fetch_with_str_and_init(&url, &init)).await.map_err(failed)?;
        let response: Response = response.dyn_into().map_err(failed)?;
        if !response.ok() {
            self.abort();
            return Err(WidgetError::HttpStatus { url, status: response.status() });
        }
        let announced = response.headers().get("content-length").ok().flatten().and_then(|v| v.trim().parse::<usize>().ok());
        if let Some(size) = announced.filter(|size| *size > MAX_DOCUMENT_BYTES) {
            self.abort();
            return Err(WidgetError::Document(DocumentError::TooLarge { size, limit: MAX_DOCUMENT_BYTES }));
        }
        let buffer = JsFuture::from(response.array_buffer().map_err(failed)?).await.map_err(failed)?;
        let buffer: ArrayBuffer = buffer.dyn_into().map_err(failed)?;
        Ok(Uint8Array::new(&buffer).to_vec())
    }
}

/// `src` as an absolute URL, resolved like a link on the page.
fn resolve(src: &str) -> Result<String, WidgetError> {
    browser::absolute_url(src).ok_or_else(|| WidgetError::InvalidOption(format!("`src` is not a valid URL: {src}")))
}
