//! The JavaScript boundary: the only `#[wasm_bindgen]` exports of the package.
//!
//! `mount(element, options)` decodes the options with serde (strictly: an unknown key is
//! an error), mounts the Yew widget into the element and returns a [`Handle`]. Every error
//! crosses the boundary through one helper, [`to_js_error`], as an `Error` named
//! `ClauseWrapError` with a stable `code`. `clausewrap.js` (static/pkg/) wraps these
//! exports into the module pages import and the `<clause-wrap>` element.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

use crate::components::clause_wrap::{ClauseWrap, ClauseWrapProps};
use crate::errors::WidgetError;
use crate::messages::Locale;
use crate::options::Options;
use crate::snapshot::Snapshot;
use crate::web::{browser, courier, js};

mod decode;

/// Mounts the widget into `element` (its previous content is replaced). Throws a
/// `ClauseWrapError` for a missing or detached element and for invalid options.
#[wasm_bindgen(js_name = mount)]
pub fn mount_js(element: JsValue, options: JsValue) -> Result<Handle, JsValue> {
    let element = checked_element(element).map_err(|e| to_js_error(&e))?;
    let options = decode(options).map_err(|e| to_js_error(&e))?;
    Ok(Handle::start(element, Ok(options)))
}

/// Mounts the widget for `<clause-wrap>`: invalid options are shown in the widget and
/// reported with `clausewrap:error` instead of thrown, as an element cannot throw.
#[wasm_bindgen(js_name = mountElement)]
pub fn mount_element(element: Element, options: JsValue) -> Handle {
    Handle::start(element, decode(options))
}

/// Delivers the records left in the outbox by earlier pages; the package calls it once
/// when it loads.
#[wasm_bindgen(js_name = resumeDeliveries)]
pub fn resume_deliveries() {
    courier::resume();
}

/// A mounted widget.
#[wasm_bindgen]
pub struct Handle {
    app: Option<yew::AppHandle<ClauseWrap>>,
    shared: Rc<Shared>,
    host: Element,
}

/// What the widget reports back to its handle.
#[derive(Default)]
struct Shared {
    snapshot: RefCell<Option<Rc<Snapshot>>>,
    record: RefCell<Option<JsValue>>,
    waiters: RefCell<Vec<(Function, Function)>>,
    destroyed: Cell<bool>,
}

#[wasm_bindgen]
impl Handle {
    /// The widget's state: docs/embedding.md, "The handle".
    pub fn state(&self) -> JsValue {
        match &*self.shared.snapshot.borrow() {
            Some(snapshot) => js::state(snapshot),
            None => js::state(&Snapshot::loading()),
        }
    }

    /// The signed record, once the reader has accepted.
    pub fn accepted(&self) -> Promise {
        if let Some(record) = &*self.shared.record.borrow() {
            return Promise::resolve(record);
        }
        if self.shared.destroyed.get() {
            return Promise::reject(&to_js_error(&WidgetError::Destroyed));
        }
        let shared = self.shared.clone();
        Promise::new(&mut move |resolve, reject| shared.waiters.borrow_mut().push((resolve, reject)))
    }

    /// Replaces the options; throws `invalid-option` and keeps the old ones if invalid.
    pub fn update(&mut self, options: JsValue) -> Result<(), JsValue> {
        let options = decode(options).map_err(|e| to_js_error(&e))?;
        self.apply(Ok(options));
        Ok(())
    }

    /// Replaces the options; an invalid one is shown in the widget (the element's path).
    pub fn reconfigure(&mut self, options: JsValue) {
        self.apply(decode(options));
    }

    /// Removes the widget. Records already signed keep being delivered.
    pub fn destroy(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        self.shared.destroyed.set(true);
        let error = to_js_error(&WidgetError::Destroyed);
        for (_, reject) in self.shared.waiters.borrow_mut().drain(..) {
            let _ = reject.call1(&JsValue::NULL, &error);
        }
    }
}

impl Handle {
    fn start(element: Element, options: Result<Options, WidgetError>) -> Handle {
        element.set_text_content(None);
        // Styled from the first frame: no flash of unstyled text, no layout shift.
        crate::web::styles::install();
        let shared = Rc::new(Shared::default());
        let props = props(options, &element, &shared);
        let app = yew::Renderer::<ClauseWrap>::with_root_and_props(element.clone(), props).render();
        Handle { app: Some(app), shared, host: element }
    }

    fn apply(&mut self, options: Result<Options, WidgetError>) {
        let props = props(options, &self.host, &self.shared);
        if let Some(app) = &mut self.app {
            app.update(props);
        }
    }
}

/// The component's properties for `options`, wired to `shared`.
fn props(options: Result<Options, WidgetError>, host: &Element, shared: &Rc<Shared>) -> ClauseWrapProps {
    let on_state = {
        let shared = shared.clone();
        Callback::from(move |snapshot: Rc<Snapshot>| *shared.snapshot.borrow_mut() = Some(snapshot))
    };
    let on_accepted = {
        let shared = shared.clone();
        Callback::from(move |json: Rc<str>| {
            let record = js_sys::JSON::parse(&json).unwrap_or_else(|_| JsValue::from_str(&json));
            *shared.record.borrow_mut() = Some(record.clone());
            for (resolve, _) in shared.waiters.borrow_mut().drain(..) {
                let _ = resolve.call1(&JsValue::NULL, &record);
            }
        })
    };
    let base = ClauseWrapProps { host: Some(host.clone()), on_state, on_accepted, ..ClauseWrapProps::default() };
    let options = match options {
        Ok(options) => options,
        Err(error) => return ClauseWrapProps { config_error: Some(Rc::new(error)), ..base },
    };
    let text = |value: Option<String>| value.map(AttrValue::from);
    let reacceptance = options.policy();
    ClauseWrapProps {
        document: options.document.map(|text| Rc::from(text.into_bytes())),
        src: text(options.src),
        sha256: text(options.sha256),
        timeout_ms: options.timeout_ms,
        subject: text(options.subject),
        nonce: text(options.nonce),
        endpoint: text(options.endpoint),
        locale: text(options.lang),
        require_ack: options.require_ack.unwrap_or(false),
        min_visible_ms: options.min_visible_ms,
        decline: options.decline.unwrap_or(false),
        previous: options.previous,
        reacceptance,
        ..base
    }
}

fn checked_element(value: JsValue) -> Result<Element, WidgetError> {
    let element = value.dyn_into::<Element>().map_err(|_| WidgetError::ElementMissing)?;
    if !element.is_connected() {
        return Err(WidgetError::ElementDetached);
    }
    Ok(element)
}

fn decode(value: JsValue) -> Result<Options, WidgetError> {
    if value.is_undefined() || value.is_null() {
        return Ok(Options::default());
    }
    decode::options(&value)?.validated()
}

/// The one way an error leaves the package: `Error { name: "ClauseWrapError", code }`,
/// with a message in the browser's language.
pub fn to_js_error(error: &WidgetError) -> JsValue {
    let locale = Locale::negotiate(browser::preferred_languages().iter().map(String::as_str));
    let js_error = js_sys::Error::new(&error.message(locale));
    js_error.set_name("ClauseWrapError");
    let _ = Reflect::set(&js_error, &JsValue::from_str("code"), &JsValue::from_str(error.code()));
    js_error.into()
}
