//! The floor under the widget's code size: a Yew app with one component, one state hook
//! and one click listener, mounted into an element by an exported function. The benchmark
//! builds it exactly as `scripts/package` builds the widget (standard library rebuilt, short
//! import and export names, `wasm-opt -Oz`, minified glue) and reports its size next to the
//! widget's: what a page pays for Yew itself, before any code of the widget.
//!
//! With the `core` feature it also carries every pure computation the widget runs in the
//! browser, and with `embedded` the widget's stylesheet and default document too
//! (`core_bound.rs`): a lower bound for the widget's size, whatever its UI.
#![forbid(unsafe_code)]
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::prelude::*;
use yew::prelude::*;

#[cfg(all(not(target_feature = "atomics"), feature = "talc"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[component]
fn Counter() -> Html {
    let count = use_state(|| 0u32);
    let onclick = {
        let count = count.clone();
        Callback::from(move |_| count.set(*count + 1))
    };
    html! {
        <div>
            <p>{ *count }</p>
            <button type="button" {onclick}>{ "+1" }</button>
        </div>
    }
}

/// Renders the app into `element`.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element) {
    yew::Renderer::<Counter>::with_root(element).render();
}

#[cfg(feature = "core")]
mod core_bound;
