//! The words of delivery's errors, in both languages: the courier (`web/io.js`, which
//! keeps the outbox and retries) reports `delivery-rejected` with the first, and the widget
//! reports `storage-unavailable` with the second, as `docs/embedding.md` ("Delivery")
//! says. The courier's decisions (which answers are final, how long a retry waits) are in
//! `io.js`, tested in Node (`tests/js/`).

use crate::messages::Locale;

/// The error code fired when the outbox (IndexedDB) cannot be written.
pub const STORAGE_CODE: &str = "storage-unavailable";

/// What the courier substitutes with the endpoint's HTTP status in [`rejected_message`].
pub const STATUS_PLACEHOLDER: &str = "{status}";

/// The message of `delivery-rejected`, with [`STATUS_PLACEHOLDER`] where the endpoint's
/// status goes: the record is kept and will not be sent again by itself.
pub fn rejected_message(locale: Locale) -> &'static str {
    match locale {
        Locale::ZhCn => "服务器拒绝接收签名的同意记录（HTTP {status}），将不再自动重新发送。记录已保留在本浏览器中，请联系网站运营者。",
        Locale::En => {
            "The server refused the signed acceptance record (HTTP {status}), so it will not be sent again automatically. \
             The record is kept in this browser; please contact the site's operator."
        }
    }
}

/// The message of `storage-unavailable`: the outbox could not be written, so the record
/// is kept in this page and sent from there only while the page stays open.
pub fn storage_message(locale: Locale) -> &'static str {
    match locale {
        Locale::ZhCn => "无法将签名的同意记录保存到本浏览器的存储中。记录保留在当前页面中并会继续发送，请在发送完成前不要关闭此页面。",
        Locale::En => {
            "The signed acceptance record could not be saved in this browser's storage. \
             It is kept in this page and is still being sent; please keep the page open until it is delivered."
        }
    }
}
