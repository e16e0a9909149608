//! clausewrap (crate docs to be written)
#![forbid(unsafe_code)]

/// The embedded default document: the face-recognition service rules, exactly the bytes
/// of `static/face-recognition-service-rules.md`, so the record's hash is that file's hash.
pub const DEFAULT_DOCUMENT: &[u8] = include_bytes!("../static/face-recognition-service-rules.md");

pub mod messages;
pub mod state;

#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
mod hooks;
#[cfg(target_arch = "wasm32")]
mod web;

#[cfg(target_arch = "wasm32")]
pub use components::clause_wrap::{ClauseWrap, ClauseWrapProps};

/// Mounts the widget into `host` with the embedded default document; events are
/// dispatched on `host`. Used by the demo page.
#[cfg(target_arch = "wasm32")]
pub fn mount_default(host: web_sys::Element) -> yew::AppHandle<ClauseWrap> {
    let props = ClauseWrapProps { host: Some(host.clone()), ..ClauseWrapProps::default() };
    yew::Renderer::<ClauseWrap>::with_root_and_props(host, props).render()
}
