//! Files for the customer: a blob: URL to download the record, and printing.

use js_sys::Array;
use wasm_bindgen::JsValue;
use web_sys::{Blob, BlobPropertyBag, Url};

/// A `blob:` URL holding a text, revoked when dropped: its owner decides how long the
/// browser keeps the bytes.
pub struct ObjectUrl(String);

impl ObjectUrl {
    /// `text` with the given media type; `None` if the browser refuses to make the URL.
    pub fn new(text: &str, media_type: &str) -> Option<ObjectUrl> {
        let parts = Array::of1(&JsValue::from_str(text));
        let options = BlobPropertyBag::new();
        options.set_type(media_type);
        let blob = Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
        Url::create_object_url_with_blob(&blob).ok().map(ObjectUrl)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Drop for ObjectUrl {
    fn drop(&mut self) {
        let _ = Url::revoke_object_url(&self.0);
    }
}

/// Opens the browser's print dialog (print or save as PDF), styled by `@media print`.
pub fn print() {
    let _ = gloo::utils::window().print();
}
