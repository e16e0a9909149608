//! clausewrap: a clause-acceptance widget for signup flows, in Yew.
//!
//! It renders a set of service rules, highlights the passages that exempt or limit the
//! provider's liability, restrict the user's rights or settle disputes (so the provider
//! can prove it drew attention to them, as art. 496 of the PRC Civil Code requires),
//! keeps "Agree" inactive until the reader has seen the end and every highlighted
//! passage, and then dispatches `clausewrap:accepted` with an Ed25519-signed record.
//!
//! The decisions live in [`clausewrap_core`] (parsing, the reading gate, the record) and
//! in [`state`]/[`messages`], all pure and tested natively; this crate's browser modules
//! only wire DOM events to them. Fetching, the signing key, the outbox and the courier are
//! plain JavaScript (`src/web/io.js`, which the wasm's bindings import); the courier's
//! retry policy lives there with it and is tested in Node. In a Yew app (wasm32 only):
//!
//! ```ignore
//! use clausewrap::{ClauseWrap, ClauseWrapProps};
//! use yew::prelude::*;
//!
//! #[component]
//! fn Signup() -> Html {
//!     let on_accepted = Callback::from(|record_json: std::rc::Rc<str>| {
//!         // send record_json to your backend
//!     });
//!     html! { <ClauseWrap subject={Some(AttrValue::from("user-42"))} {on_accepted} /> }
//! }
//! ```
#![forbid(unsafe_code)]

/// The embedded default document: the face-recognition service rules, exactly the bytes
/// of `static/face-recognition-service-rules.md`, so the record's hash is that file's hash.
pub const DEFAULT_DOCUMENT: &[u8] = include_bytes!("../static/face-recognition-service-rules.md");

/// The package's allocator (see the `talc` feature in Cargo.toml).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics"), feature = "talc"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub mod delivery;
pub mod errors;
pub mod messages;
pub mod options;
pub mod revision;
pub mod snapshot;
pub mod state;

#[cfg(target_arch = "wasm32")]
mod api;
#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
mod hooks;
#[cfg(target_arch = "wasm32")]
mod web;

#[cfg(target_arch = "wasm32")]
pub use components::clause_wrap::{ClauseWrap, ClauseWrapProps};

/// Mounts the widget into `host` with `props` from a Rust host without Yew; events are
/// dispatched on `host`. (Pages use the package's JS `mount`, docs/embedding.md.)
#[cfg(target_arch = "wasm32")]
pub fn mount(host: web_sys::Element, props: ClauseWrapProps) -> yew::AppHandle<ClauseWrap> {
    let props = ClauseWrapProps { host: Some(host.clone()), ..props };
    web::styles::install();
    yew::Renderer::<ClauseWrap>::with_root_and_props(host, props).render()
}
