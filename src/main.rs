//! The demo: mounts the widget into the signup page's `#clausewrap` element. The page's
//! query string sets the integrator options, so every variant can be tried (and tested):
//! `?lang=en`, `?require-ack`, `?min-visible-ms=2000`. Without `lang`, the widget speaks
//! the page's own language (`<html lang>`), as an integrator's page would set it.

#[cfg(target_arch = "wasm32")]
fn main() {
    use clausewrap::ClauseWrapProps;
    use web_sys::UrlSearchParams;

    let Some(host) = gloo::utils::document().get_element_by_id("clausewrap") else { return };
    let query = gloo::utils::window().location().search().unwrap_or_default();
    let params = UrlSearchParams::new_with_str(&query).ok();
    let param = |name: &str| params.as_ref().and_then(|p| p.get(name));
    let props = ClauseWrapProps {
        // The demo is a Chinese signup page: its UI language is the page's unless asked.
        locale: param("lang").or_else(|| gloo::utils::document().document_element().and_then(|e| e.get_attribute("lang"))).map(Into::into),
        require_ack: params.as_ref().is_some_and(|p| p.has("require-ack")),
        min_visible_ms: param("min-visible-ms").and_then(|v| v.parse().ok()),
        ..ClauseWrapProps::default()
    };
    std::mem::forget(clausewrap::mount(host, props));
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("clausewrap is a browser widget: build it with `trunk build` (see README.md).");
}
