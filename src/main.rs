//! The demo: mounts the widget into the signup page's `#clausewrap` element.

#[cfg(target_arch = "wasm32")]
fn main() {
    let Some(host) = gloo::utils::document().get_element_by_id("clausewrap") else { return };
    std::mem::forget(clausewrap::mount_default(host));
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("clausewrap is a browser widget: build it with `trunk build` (see README.md).");
}
