//! Small wrappers over `window`: randomness, the user agent, events.
//! (Time comes from `chrono::Utc::now()`, which reads `Date.now()` in the browser.)

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, CustomEventInit, Element};

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

/// Dispatches `CustomEvent(name, { bubbles: true, composed: true, detail })` on `target`.
pub fn dispatch(target: &Element, name: &str, detail: &JsValue) -> Result<(), JsValue> {
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
