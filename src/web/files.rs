//! Files for the customer: a blob: URL to download the record, and printing.

use js_sys::Array;
use wasm_bindgen::JsValue;
use web_sys::{Blob, BlobPropertyBag, Url};

/// A `blob:` URL holding `text` with the given media type.
pub fn object_url(text: &str, media_type: &str) -> Option<String> {
    let parts = Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(media_type);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    Url::create_object_url_with_blob(&blob).ok()
}

pub fn revoke(url: &str) {
    let _ = Url::revoke_object_url(url);
}

/// Opens the browser's print dialog (print or save as PDF), styled by `@media print`.
pub fn print() {
    let _ = gloo::utils::window().print();
}
