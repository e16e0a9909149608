//! The courier's decisions, kept apart from the browser so they are tested natively: what
//! an endpoint's answer means for a signed record (delivered, try again, stop), how long
//! to wait before trying again, and the messages of the errors delivery reports.
//! `docs/embedding.md` ("Delivery") is the contract these implement.

use crate::messages::Locale;

/// The error code fired when the endpoint refuses a record for good.
pub const REJECTED_CODE: &str = "delivery-rejected";
/// The error code fired when the outbox (IndexedDB) cannot be written.
pub const STORAGE_CODE: &str = "storage-unavailable";

/// The wait before the first retry, in milliseconds; each further retry doubles it.
pub const BACKOFF_BASE_MS: u32 = 1_000;
/// The longest wait between two tries, in milliseconds.
pub const BACKOFF_CAP_MS: u32 = 60_000;

/// What to do with a record after one try at posting it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The endpoint has it: remove it from the outbox.
    Delivered,
    /// Nothing is known to be wrong with the record itself: try again later.
    Retry,
    /// The endpoint refuses this record: stop trying, keep it in the outbox.
    Rejected,
}

/// Classifies the HTTP status of one try; `None` is a network error (no answer at all).
pub fn classify(status: Option<u16>) -> Verdict {
    match status {
        None => Verdict::Retry,
        Some(200..=299) => Verdict::Delivered,
        // Request Timeout, Too Early, Too Many Requests: the request was fine, the moment
        // was not.
        Some(408 | 425 | 429) => Verdict::Retry,
        // Any other 4xx says the request itself is wrong; sending it again cannot help.
        Some(400..=499) => Verdict::Rejected,
        // 5xx is the server's own trouble. The rest never means the record arrived: fetch
        // handles 1xx itself and follows redirects, so a 1xx or 3xx seen here (or status 0,
        // or a non-standard code) is a transport oddity. Retrying is the only choice that
        // neither loses the record nor gives up on it, and the backoff keeps it cheap.
        Some(_) => Verdict::Retry,
    }
}

/// The upper end of the wait before retry `retry` (1, 2, …): min(60 s, 1 s × 2^(retry−1)).
/// Retry 0 is treated as retry 1; the doubling stops at the cap, so no `retry` overflows.
pub fn backoff_cap_ms(retry: u32) -> u32 {
    // 1 s × 2^6 = 64 s is already above the cap: larger exponents need not be computed.
    let exponent = retry.saturating_sub(1).min(6);
    (BACKOFF_BASE_MS << exponent).min(BACKOFF_CAP_MS)
}

/// The wait before retry `retry` (1, 2, …), in milliseconds: between half and all of
/// [`backoff_cap_ms`]. `unit`, a random number in [0, 1) chosen by the caller, picks the
/// point in that span, so that many clients coming back at once do not retry in step.
/// A `unit` outside [0, 1] is clamped; one that is not a number counts as 0.
pub fn backoff_ms(retry: u32, unit: f64) -> u32 {
    let cap = backoff_cap_ms(retry);
    let floor = cap / 2;
    let span = cap - floor;
    let unit = if unit.is_nan() { 0.0 } else { unit.clamp(0.0, 1.0) };
    // The float-to-int cast saturates; `min` keeps the result within the cap regardless.
    floor + ((f64::from(span) * unit) as u32).min(span)
}

/// The message of `delivery-rejected`: the endpoint answered `status`, the record is kept
/// and will not be sent again by itself.
pub fn rejected_message(locale: Locale, status: u16) -> String {
    match locale {
        Locale::ZhCn => format!(
            "服务器拒绝接收签名的同意记录（HTTP {status}），将不再自动重新发送。记录已保留在本浏览器中，请联系网站运营者。"
        ),
        Locale::En => format!(
            "The server refused the signed acceptance record (HTTP {status}), so it will not be sent again automatically. \
             The record is kept in this browser; please contact the site's operator."
        ),
    }
}

/// The message of `storage-unavailable`: the outbox could not be written, so the record
/// is kept in this page and sent from there only while the page stays open.
pub fn storage_message(locale: Locale) -> String {
    match locale {
        Locale::ZhCn => "无法将签名的同意记录保存到本浏览器的存储中。记录保留在当前页面中并会继续发送，请在发送完成前不要关闭此页面。"
            .to_string(),
        Locale::En => "The signed acceptance record could not be saved in this browser's storage. \
             It is kept in this page and is still being sent; please keep the page open until it is delivered."
            .to_string(),
    }
}
