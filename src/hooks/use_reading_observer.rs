//! Watches what the reader can actually see, with one IntersectionObserver: the end
//! marker, every highlighted passage, every change to re-read (after a new version) and
//! every text block (for the progress indicator).
//! No scroll, wheel or touch listener is involved, so scrolling costs the host page
//! nothing; the observer reports threshold crossings after layout, off the scroll path.
//! A `visibilitychange` listener tells the gate when the page is hidden, so that time in
//! another tab counts for nothing.
//!
//! The observer's root is the viewport, not the scroll region: a passage counts only when
//! it is visible on screen, i.e. inside the region's visible box *and* inside the page's.

use std::cell::RefCell;
use std::rc::Rc;

use clausewrap_core::gate::{counts_as_seen, GateEvent};
use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};
use yew::prelude::*;

use crate::state::Action;
use crate::web::browser;

/// Fine thresholds, so that a passage taller than the view still reports as it scrolls.
const THRESHOLDS: [f64; 11] = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];

const TARGETS: &str = "[data-cw-passage],[data-cw-change],[data-cw-block],[data-cw-end]";

/// The armed observer, shared with the document view: a document rendered in slices adds
/// passages and blocks after the observer was armed, and they must be watched too.
#[derive(Clone, Default)]
pub struct ReadingWatch(Rc<RefCell<Option<IntersectionObserver>>>);

impl PartialEq for ReadingWatch {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl ReadingWatch {
    /// Watches `count` sibling elements from `first` on, and what they contain. Before the
    /// observer is armed there is nothing to do: arming finds every element then present.
    pub fn observe_siblings(&self, first: &Element, count: usize) {
        let Some(observer) = &*self.0.borrow() else { return };
        let mut next = Some(first.clone());
        for _ in 0..count {
            let Some(element) = next else { break };
            if element.matches(TARGETS).unwrap_or(false) {
                observer.observe(&element);
            }
            observe_all(observer, &element);
            next = element.next_element_sibling();
        }
    }
}

/// Observes the elements marked `data-cw-passage` / `data-cw-change` (both carry the
/// gate's item index: passages first, then changes) / `data-cw-block` / `data-cw-end`
/// inside `region` while `active` is true, and dispatches actions for them. `generation`
/// changes whenever a document is (re)opened, which re-arms the observer. `watch` holds
/// the armed observer, with which the document view adds elements rendered later; the
/// caller keeps one for the component's life.
#[hook]
pub fn use_reading_observer(region: NodeRef, watch: &ReadingWatch, active: bool, generation: u64, dispatch: Callback<Action>) {
    let shared = watch.clone();
    use_effect_with((active, generation), move |&(active, _)| {
        let armed = active.then(|| region.cast::<Element>()).flatten().and_then(|region| arm(&region, dispatch.clone()));
        *shared.0.borrow_mut() = armed.as_ref().map(|(observer, _)| observer.clone());
        let visibility = active.then(|| {
            if browser::page_hidden() {
                dispatch.emit(Action::Gate(GateEvent::PageHidden, browser::moment()));
            }
            EventListener::new(&gloo::utils::document(), "visibilitychange", move |_| {
                let event = if browser::page_hidden() { GateEvent::PageHidden } else { GateEvent::PageShown };
                dispatch.emit(Action::Gate(event, browser::moment()));
            })
        });
        move || {
            shared.0.borrow_mut().take();
            if let Some((observer, _callback)) = armed {
                observer.disconnect();
            }
            drop(visibility);
        }
    });
}

/// Schedules a tick for when the gate's next passage will have dwelt long enough.
#[hook]
pub fn use_dwell_ticks(deadline: Option<f64>, dispatch: Callback<Action>) {
    // Keyed on the deadline rounded to the millisecond: a new deadline replaces the timer.
    use_effect_with(deadline.map(|d| d as i64), move |deadline| {
        let timer = deadline.map(|deadline| {
            let wait = (deadline as f64 - browser::moment().monotonic_ms).max(0.0) as u32 + 5;
            Timeout::new(wait, move || dispatch.emit(Action::Gate(GateEvent::Tick, browser::moment())))
        });
        move || drop(timer)
    });
}

type EntriesCallback = Closure<dyn FnMut(Array, IntersectionObserver)>;

fn arm(region: &Element, dispatch: Callback<Action>) -> Option<(IntersectionObserver, EntriesCallback)> {
    let view = region.clone();
    // The passages last reported in view. A passage rendered later is first reported out of
    // view: telling the gate that one it never saw is hidden changes nothing but its clock,
    // and would redraw the widget for every slice of a long document.
    let mut in_view: Vec<usize> = Vec::new();
    let callback: EntriesCallback = Closure::new(move |entries: Array, _observer: IntersectionObserver| {
        // Read only when a passage is in view: reading it forces a layout, and most
        // callbacks (each slice of a long document adds targets) report nothing in view.
        let mut region_height = None;
        let mut height = || *region_height.get_or_insert_with(|| f64::from(view.client_height()));
        let now = browser::moment();
        for entry in entries.iter() {
            let Ok(entry) = entry.dyn_into::<IntersectionObserverEntry>() else { continue };
            let Some(action) = action_for(&entry, &mut height, now) else { continue };
            // A few passages are in view at a time: a list is enough (and smaller than a set).
            let known = |i: &usize| in_view.iter().position(|k| k == i);
            match &action {
                Action::Gate(GateEvent::PassageShown(i), _) if known(i).is_some() => continue,
                Action::Gate(GateEvent::PassageShown(i), _) => in_view.push(*i),
                Action::Gate(GateEvent::PassageHidden(i), _) => match known(i) {
                    Some(k) => {
                        in_view.swap_remove(k);
                    }
                    None => continue,
                },
                _ => {}
            }
            dispatch.emit(action);
        }
    });
    let options = IntersectionObserverInit::new();
    let thresholds: Array = THRESHOLDS.iter().map(|t| JsValue::from_f64(*t)).collect();
    options.set_threshold(&thresholds);
    let observer = IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options).ok()?;
    observe_all(&observer, region);
    browser::mark("clausewrap:gate-armed");
    Some((observer, callback))
}

fn observe_all(observer: &IntersectionObserver, within: &Element) {
    let Ok(targets) = within.query_selector_all(TARGETS) else { return };
    for i in 0..targets.length() {
        if let Some(target) = targets.item(i).and_then(|node| node.dyn_into::<Element>().ok()) {
            observer.observe(&target);
        }
    }
}

fn action_for(entry: &IntersectionObserverEntry, region_height: &mut impl FnMut() -> f64, now: clausewrap_core::gate::Moment) -> Option<Action> {
    let target = entry.target();
    if target.has_attribute("data-cw-end") {
        return entry.is_intersecting().then_some(Action::Gate(GateEvent::EndVisible, now));
    }
    if let Some(block) = target.get_attribute("data-cw-block") {
        let block = block.parse::<usize>().ok()?;
        return entry.is_intersecting().then_some(Action::BlockShown(block));
    }
    let index = target.get_attribute("data-cw-passage").or_else(|| target.get_attribute("data-cw-change"))?.parse::<usize>().ok()?;
    let in_view = entry.is_intersecting() && {
        let region_height = region_height();
        let viewport_height = entry.root_bounds().map(|r| r.height()).unwrap_or(0.0);
        let view_height = if viewport_height > 0.0 { region_height.min(viewport_height) } else { region_height };
        counts_as_seen(entry.intersection_ratio(), entry.intersection_rect().height(), view_height)
    };
    let event = if in_view { GateEvent::PassageShown(index) } else { GateEvent::PassageHidden(index) };
    Some(Action::Gate(event, now))
}
