//! Loads what the widget is waiting for: the document named by `src` (or given, or the
//! embedded one) and, for a reader who accepted an earlier version, that version's bytes
//! from `previous.src`. Fetches, checks against the pins, parses, compares, and hands the
//! reducer the opened state. A newer request (another `src`, a reset) aborts the older
//! fetches, and the reducer ignores a result that arrives for a generation it has left.

use std::rc::Rc;

use clausewrap_core::gate::GateOptions;
use yew::prelude::*;

use crate::errors::WidgetError;
use crate::options::{Policy, Previous};
use crate::state::{Action, Preparation, WidgetState};
use crate::web::browser;
use crate::web::fetch::DocumentFetch;

/// What to load, and for which generation of the widget's state.
#[derive(Clone, PartialEq)]
pub struct SourceRequest {
    /// The document's URL; when absent, `bytes` (or the embedded document) is shown.
    pub src: Option<AttrValue>,
    pub bytes: Option<Rc<[u8]>>,
    /// The version accepted before, and which of its changes must be seen.
    pub previous: Option<(Previous, Policy)>,
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
        let fetch = request.loading.then(|| {
            let fetch = Rc::new(DocumentFetch::new());
            let (request, running) = (request.clone(), fetch.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let state = match load(&running, &request).await {
                    Ok(Some(state)) => state,
                    // Left for another document (or unmounted) while being parsed.
                    Ok(None) => return,
                    Err(error) => WidgetState::failed(error, browser::moment(), request.options),
                };
                dispatch.emit(Action::Loaded { generation: request.generation, state: Box::new(state) });
            });
            fetch
        });
        move || {
            if let Some(fetch) = fetch {
                fetch.abort();
            }
        }
    });
}

/// How much of a document one task hashes and parses: a few milliseconds of work in the
/// wasm, so that a 1 MiB document never makes a long task (over 50 ms) of the host page.
pub const PART_BYTES: usize = 64 * 1024;

/// The opened state, or `None` when the widget left this document while it was parsed.
async fn load(fetch: &DocumentFetch, request: &SourceRequest) -> Result<Option<WidgetState>, WidgetError> {
    let bytes: Rc<[u8]> = match &request.src {
        Some(src) => fetch.run(src, request.timeout_ms).await?.into(),
        None => request.bytes.clone().unwrap_or_else(|| Rc::from(crate::DEFAULT_DOCUMENT)),
    };
    let old = match &request.previous {
        Some((previous, _)) => Some(fetch.run(&previous.src, request.timeout_ms).await.map_err(|e| WidgetError::Previous(Box::new(e)))?),
        None => None,
    };
    // Each part in a task of its own, and the opening and first drawing in another: the
    // page's input, painting and own tasks run in between. Bytes at hand too are parsed after
    // the mount's task, and a fetched text after the task that received it. The first part
    // is smaller, as it also compiles the parser's code (on the main thread, at first call).
    let mut preparation = Preparation::new(bytes);
    let mut budget = PART_BYTES / 4;
    let prepared = loop {
        if !fetch.next_task().await {
            return Ok(None);
        }
        if let Some(prepared) = preparation.step(budget) {
            break prepared;
        }
        budget = PART_BYTES;
    };
    if !fetch.next_task().await {
        return Ok(None);
    }
    let previous = request.previous.as_ref().zip(old.as_deref()).map(|((previous, policy), old)| (previous, *policy, old));
    Ok(Some(WidgetState::open_prepared(prepared, request.pin.as_deref(), previous, browser::moment(), request.options)))
}
