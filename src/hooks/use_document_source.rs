//! Loads the document named by `src` whenever the widget is waiting for one: fetches it,
//! checks it against the pin, parses it, and hands the reducer the opened state. A newer
//! request (another `src`, a reset) aborts the older fetch, and the reducer ignores a
//! result that arrives for a generation it has left.

use std::rc::Rc;

use clausewrap_core::gate::GateOptions;
use yew::prelude::*;

use crate::state::{Action, WidgetState};
use crate::web::browser;
use crate::web::fetch::DocumentFetch;

/// What to load, and for which generation of the widget's state.
#[derive(Clone, PartialEq)]
pub struct SourceRequest {
    pub src: Option<AttrValue>,
    pub pin: Option<AttrValue>,
    pub timeout_ms: u32,
    pub options: GateOptions,
    /// Whether the widget is waiting for its document.
    pub loading: bool,
    pub generation: u64,
}

#[hook]
pub fn use_document_source(request: SourceRequest, dispatch: Callback<Action>) {
    use_effect_with(request, move |request| {
        let fetch = match (&request.src, request.loading) {
            (Some(src), true) => {
                let fetch = Rc::new(DocumentFetch::new());
                let (src, request) = (src.clone(), request.clone());
                let running = fetch.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let state = match running.run(&src, request.timeout_ms).await {
                        Ok(bytes) => WidgetState::open(&bytes, request.pin.as_deref(), browser::moment(), request.options),
                        Err(error) => WidgetState::failed(error, browser::moment(), request.options),
                    };
                    dispatch.emit(Action::Loaded { generation: request.generation, state: Box::new(state) });
                });
                Some(fetch)
            }
            _ => None,
        };
        move || {
            if let Some(fetch) = fetch {
                fetch.abort();
            }
        }
    });
}
