//! Small wrappers over `window`: the clock, randomness, the user agent, the viewport,
//! media preferences, events.

use chrono::{DateTime, Utc};
use clausewrap_core::gate::Moment;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, CustomEventInit, EventTarget};

/// 16 bytes from `crypto.getRandomValues`, for a record id.
pub fn random_record_id() -> Result<[u8; 16], JsValue> {
    let mut bytes = [0u8; 16];
    let crypto = gloo::utils::window().crypto()?;
    crypto.get_random_values_with_u8_array(&mut bytes)?;
    Ok(bytes)
}

/// `navigator.userAgent`, or an empty string where the browser will not say.
pub fn user_agent() -> String {
    gloo::utils::window().navigator().user_agent().unwrap_or_default()
}

/// Dispatches `CustomEvent(name, { bubbles: true, composed: true, detail })` on `target`
/// (the host element, or `document` when no widget is on the page).
pub fn dispatch(target: &EventTarget, name: &str, detail: &JsValue) -> Result<(), JsValue> {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    let event = CustomEvent::new_with_event_init_dict(name, &init)?;
    target.dispatch_event(&event)?;
    Ok(())
}

/// Turns any thrown JS value into a short message for the status line.
pub fn describe(error: &JsValue) -> String {
    if let Some(message) = error.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())) {
        return message;
    }
    error.as_string().unwrap_or_else(|| "unknown error".to_string())
}

/// Now: `Date.now()` for the record, `performance.now()` for durations.
pub fn moment() -> Moment {
    let wall_ms = js_sys::Date::now();
    let monotonic_ms = gloo::utils::window().performance().map_or(wall_ms, |p| p.now());
    // A clock beyond chrono's ±262,143 years becomes its last instant, which the record
    // builder refuses (years 0000–9999), rather than some plausible time.
    let wall = DateTime::from_timestamp_millis(wall_ms as i64).unwrap_or(DateTime::<Utc>::MAX_UTC);
    Moment::new(wall, monotonic_ms)
}

/// The layout viewport in CSS pixels and the device pixel ratio, for the record.
pub fn viewport() -> (u32, u32, f64) {
    let window = gloo::utils::window();
    let px = |v: Result<JsValue, JsValue>| v.ok().and_then(|v| v.as_f64()).unwrap_or(0.0).max(0.0) as u32;
    (px(window.inner_width()), px(window.inner_height()), window.device_pixel_ratio())
}

/// Whether the reader asked the system for reduced motion.
pub fn prefers_reduced_motion() -> bool {
    gloo::utils::window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|query| query.matches())
}

/// The browser's preferred languages, most preferred first.
pub fn preferred_languages() -> Vec<String> {
    let navigator = gloo::utils::window().navigator();
    let mut languages: Vec<String> = navigator.languages().iter().filter_map(|l| l.as_string()).collect();
    if languages.is_empty() {
        languages.extend(navigator.language());
    }
    languages
}

/// Whether the page is hidden (another tab, a minimised window, a locked phone).
pub fn page_hidden() -> bool {
    gloo::utils::document().hidden()
}

/// Moves focus to the element with `id` and scrolls it to the middle of its scroll
/// region: smoothly in a document drawn in one slice, instantly in a longer one or when
/// the reader prefers reduced motion.
pub fn jump_to(id: &str) {
    let Some(element) = gloo::utils::document().get_element_by_id(id) else { return };
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Center);
    // A longer document's later slices are laid out only near the view, the rest counted at
    // a placeholder height. A smooth scroll keeps the end it computed at its start, and the
    // text it passes takes its real height meanwhile: it stopped thousands of pixels short.
    // An instant one lands where the target is, and the browser keeps it there while what
    // is around it is laid out.
    let sliced = element.closest(".cw-doc").ok().flatten().is_some_and(|doc| matches!(doc.query_selector("[data-cw-later]"), Ok(Some(_))));
    let behavior = if sliced || prefers_reduced_motion() { web_sys::ScrollBehavior::Instant } else { web_sys::ScrollBehavior::Smooth };
    options.set_behavior(behavior);
    element.scroll_into_view_with_scroll_into_view_options(&options);
    if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
        let focus = web_sys::FocusOptions::new();
        focus.set_prevent_scroll(true);
        let _ = element.focus_with_options(&focus);
    }
}

/// `url` resolved against the page's base URL, as a link on the page would be; `None`
/// when it is not a valid URL.
pub fn absolute_url(url: &str) -> Option<String> {
    let base = gloo::utils::document().base_uri().ok().flatten().unwrap_or_default();
    web_sys::Url::new_with_base(url, &base).ok().map(|url| url.href())
}

/// A `performance.mark` for the benchmark (bench/): when the widget first rendered, when
/// its gate started watching. Costs one call per widget, nothing per scroll.
pub fn mark(name: &str) {
    if let Some(performance) = gloo::utils::window().performance() {
        let _ = performance.mark(name);
    }
}
