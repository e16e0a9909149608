//! Tells the host what happened: compares each new [`Snapshot`] with the previous one and
//! dispatches `clausewrap:ready`, `clausewrap:progress` and `clausewrap:error` on the host
//! element (bubbling, composed) and calls the matching callbacks. Which changes deserve an
//! event is decided by the pure [`notices`]; this hook only delivers.

use std::rc::Rc;

use web_sys::Element;
use yew::prelude::*;

use crate::snapshot::{notices, ErrorReport, Notice, Snapshot};
use crate::web::{browser, js};

/// The host's listeners besides the DOM events.
#[derive(Clone, PartialEq, Default)]
pub struct HostCallbacks {
    pub on_ready: Callback<Rc<Snapshot>>,
    pub on_progress: Callback<Rc<Snapshot>>,
    pub on_error: Callback<ErrorReport>,
    /// Every change of the snapshot (the JS handle's `state()`).
    pub on_state: Callback<Rc<Snapshot>>,
}

/// What the hook keeps between renders, in one hook: each hook is code of its own in the
/// package.
#[derive(Default)]
struct Memory {
    /// The snapshot last told.
    told: Option<Rc<Snapshot>>,
    /// The latest callbacks, whatever render the effect below last ran in.
    callbacks: HostCallbacks,
}

#[hook]
pub fn use_host_events(snapshot: Rc<Snapshot>, host: Option<Element>, fallback: NodeRef, callbacks: HostCallbacks) {
    let memory = use_mut_ref(Memory::default);
    memory.borrow_mut().callbacks = callbacks;
    use_effect_with(snapshot, move |snapshot| {
        let (before, callbacks) = {
            let mut memory = memory.borrow_mut();
            (memory.told.replace(snapshot.clone()), memory.callbacks.clone())
        };
        let target = host.or_else(|| fallback.cast::<Element>());
        callbacks.on_state.emit(snapshot.clone());
        let dispatch = |name: &str, detail: &wasm_bindgen::JsValue| {
            if let Some(target) = &target {
                let _ = browser::dispatch(target, name, detail);
            }
        };
        for notice in notices(before.as_deref(), snapshot) {
            match (notice, &snapshot.error) {
                (Notice::Ready, _) => {
                    dispatch("clausewrap:ready", &js::ready_detail(snapshot));
                    callbacks.on_ready.emit(snapshot.clone());
                }
                (Notice::Progress, _) => {
                    dispatch("clausewrap:progress", &js::progress_detail(snapshot));
                    callbacks.on_progress.emit(snapshot.clone());
                }
                (Notice::Error, Some(error)) => {
                    dispatch("clausewrap:error", &js::error_detail(error, snapshot.record_id.as_deref()));
                    callbacks.on_error.emit(error.clone());
                }
                (Notice::Error, None) => {}
            }
        }
    });
}
