//! Watches what the reader can actually see, with one IntersectionObserver: the end
//! marker and every highlighted passage. No scroll, wheel or touch listener is involved,
//! so scrolling costs the host page nothing; the observer reports threshold crossings
//! after layout, off the scroll path.
//!
//! The observer's root is the viewport, not the scroll region: a passage counts only when
//! it is visible on screen, i.e. inside the region's visible box *and* inside the page's.

use chrono::Utc;
use clausewrap_core::gate::{counts_as_seen, GateEvent, DEFAULT_MIN_DWELL_MS};
use gloo::timers::callback::Timeout;
use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};
use yew::prelude::*;

use crate::state::Action;

/// Fine thresholds, so that a passage taller than the view still reports as it scrolls.
const THRESHOLDS: [f64; 11] = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];

/// Observes the elements marked `data-cw-passage` / `data-cw-end` inside `region` while
/// `active` is true, and dispatches gate events for them. `generation` changes whenever
/// the rendered document changes, which re-arms the observer.
#[hook]
pub fn use_reading_observer(region: NodeRef, active: bool, generation: u64, dispatch: Callback<Action>) {
    use_effect_with((active, generation), move |&(active, _)| {
        let observer = active.then(|| region.cast::<Element>()).flatten().and_then(|region| arm(&region, dispatch));
        move || {
            if let Some((observer, _callback)) = observer {
                observer.disconnect();
            }
        }
    });
}

type EntriesCallback = Closure<dyn FnMut(Array, IntersectionObserver)>;

fn arm(region: &Element, dispatch: Callback<Action>) -> Option<(IntersectionObserver, EntriesCallback)> {
    let view = region.clone();
    let callback: EntriesCallback = Closure::new(move |entries: Array, _observer: IntersectionObserver| {
        // What the reader can see of the region: its own height, or the viewport's if smaller.
        let region_height = f64::from(view.client_height());
        let now = Utc::now();
        let mut shown = false;
        for entry in entries.iter() {
            let Ok(entry) = entry.dyn_into::<IntersectionObserverEntry>() else { continue };
            if let Some(event) = event_for(&entry, region_height) {
                shown |= matches!(event, GateEvent::PassageShown(_));
                dispatch.emit(Action::Gate(event, now));
            }
        }
        if shown {
            // When the dwell time has run out, let the gate count what is still in view.
            let dispatch = dispatch.clone();
            Timeout::new(DEFAULT_MIN_DWELL_MS as u32 + 20, move || dispatch.emit(Action::Gate(GateEvent::Tick, Utc::now())))
                .forget();
        }
    });
    let options = IntersectionObserverInit::new();
    let thresholds: Array = THRESHOLDS.iter().map(|t| JsValue::from_f64(*t)).collect();
    options.set_threshold(&thresholds);
    let observer = IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options).ok()?;
    let targets = region.query_selector_all("[data-cw-passage],[data-cw-end]").ok()?;
    for i in 0..targets.length() {
        if let Some(target) = targets.item(i).and_then(|node| node.dyn_into::<Element>().ok()) {
            observer.observe(&target);
        }
    }
    Some((observer, callback))
}

fn event_for(entry: &IntersectionObserverEntry, region_height: f64) -> Option<GateEvent> {
    let target = entry.target();
    if target.has_attribute("data-cw-end") {
        return entry.is_intersecting().then_some(GateEvent::EndVisible);
    }
    let index = target.get_attribute("data-cw-passage")?.parse::<usize>().ok()?;
    let viewport_height = entry.root_bounds().map(|r| r.height()).unwrap_or(0.0);
    let view_height = if viewport_height > 0.0 { region_height.min(viewport_height) } else { region_height };
    let in_view = entry.is_intersecting()
        && counts_as_seen(entry.intersection_ratio(), entry.intersection_rect().height(), view_height);
    Some(if in_view { GateEvent::PassageShown(index) } else { GateEvent::PassageHidden(index) })
}
