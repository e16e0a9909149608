//! The courier: posts each signed record to the integrator's endpoint until the endpoint
//! has it, as `docs/embedding.md` ("Delivery") promises. A record goes into the outbox
//! before anything is sent, leaves it only after a 2xx answer, and is retried with capped,
//! jittered backoff after a network error, 408, 425, 429 or 5xx; any other 4xx stops the
//! retries and leaves the record in the outbox, marked rejected (see `crate::delivery`).
//!
//! Nothing polls: a record waits on one backoff timer, and the `online` event wakes every
//! waiting record at once. A page delivers each record at most once at a time: the jobs
//! below, keyed by record id, are the records this page is delivering, whether a request
//! is under way or a timer is waiting. Records that could not be stored live only there.

use std::cell::{Cell, RefCell};

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{Element, Headers, Request, RequestCredentials, RequestInit, Response};

use crate::delivery::{self, Verdict};
use crate::messages::Locale;
use crate::web::{browser, js};
use crate::web::outbox::{self, Entry};

/// A signed record on its way to an endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parcel {
    pub record_id: String,
    pub endpoint: String,
    /// The record's canonical JSON, posted as is.
    pub body: String,
}

/// One record this page is delivering.
struct Job {
    parcel: Parcel,
    /// Where its events go while it is connected; `document` otherwise.
    host: Option<Element>,
    locale: Locale,
    /// Failed tries so far (including those of earlier pages, for records from the outbox).
    attempts: u32,
    /// Whether the record is in the outbox (and so must be updated there).
    stored: bool,
    /// The backoff timer while the record waits; `None` while a request is under way.
    timer: Option<Timeout>,
}

/// The records being delivered, found by record id: a handful at most, so a list (a hash
/// map's code would cost the wasm more than any search here).
struct Jobs(Vec<Job>);

impl Jobs {
    fn position(&self, record_id: &str) -> Option<usize> {
        self.0.iter().position(|job| job.parcel.record_id == record_id)
    }

    fn get(&self, record_id: &str) -> Option<&Job> {
        self.position(record_id).map(|i| &self.0[i])
    }

    fn get_mut(&mut self, record_id: &str) -> Option<&mut Job> {
        self.position(record_id).map(|i| &mut self.0[i])
    }

    fn remove(&mut self, record_id: &str) -> Option<Job> {
        self.position(record_id).map(|i| self.0.swap_remove(i))
    }
}

thread_local! {
    static JOBS: RefCell<Jobs> = const { RefCell::new(Jobs(Vec::new())) };
    static ONLINE: RefCell<Option<EventListener>> = const { RefCell::new(None) };
    static RESUMED: Cell<bool> = const { Cell::new(false) };
}

/// Writes the parcel to the outbox, then starts delivering it. Err(message) when the outbox
/// could not be written: delivery still proceeds from memory while the page lives.
pub async fn send(parcel: Parcel, host: Option<web_sys::Element>, locale: Locale) -> Result<(), String> {
    listen();
    let entry = Entry {
        record_id: parcel.record_id.clone(),
        endpoint: parcel.endpoint.clone(),
        body: parcel.body.clone(),
        attempts: 0,
        rejected: false,
        created_at: js_sys::Date::now(),
        last_status: None,
    };
    let stored = outbox::put(&entry).await.is_ok();
    enlist(Job { parcel, host, locale, attempts: 0, stored, timer: None });
    if stored {
        Ok(())
    } else {
        Err(delivery::storage_message(locale))
    }
}

/// Idempotent: the first call registers one `online` listener on window (which retries
/// every pending parcel at once) and delivers every pending parcel found in the outbox;
/// later calls do nothing. Never panics, never throws; does nothing without a window.
pub fn resume() {
    if web_sys::window().is_none() {
        return;
    }
    listen();
    if !RESUMED.replace(true) {
        spawn_local(flush());
    }
}

/// Registers the `online` listener once per page.
fn listen() {
    ONLINE.with_borrow_mut(|listener| {
        if listener.is_none() {
            if let Some(window) = web_sys::window() {
                *listener = Some(EventListener::new(&window, "online", |_| on_online()));
            }
        }
    });
}

/// Back online: every waiting record is tried now, and so is anything another page left
/// in the outbox.
fn on_online() {
    let waiting: Vec<String> =
        JOBS.with_borrow(|jobs| jobs.0.iter().filter(|job| job.timer.is_some()).map(|job| job.parcel.record_id.clone()).collect());
    for record_id in waiting {
        spawn_local(wake(record_id));
    }
    spawn_local(flush());
}

/// Starts delivering every pending record of the outbox that this page is not already
/// delivering. With no widget to speak for, their messages use the browser's language.
async fn flush() {
    let Ok(pending) = outbox::list_pending().await else { return };
    if pending.is_empty() {
        return;
    }
    let locale = Locale::negotiate(browser::preferred_languages().iter().map(String::as_str));
    for entry in pending {
        let parcel = Parcel { record_id: entry.record_id, endpoint: entry.endpoint, body: entry.body };
        enlist(Job { parcel, host: None, locale, attempts: entry.attempts, stored: true, timer: None });
    }
}

/// Takes on `job` and tries it at once, unless this page is already delivering that record.
fn enlist(job: Job) {
    let record_id = job.parcel.record_id.clone();
    let taken = JOBS.with_borrow_mut(|jobs| {
        if jobs.position(&record_id).is_some() {
            return false;
        }
        jobs.0.push(job);
        true
    });
    if taken {
        spawn_local(attempt(record_id));
    }
}

/// Ends a record's wait: tries it now if it is still waiting (not already under way).
/// Runs as a task of its own, so a timer is never dropped from inside its own callback.
async fn wake(record_id: String) {
    let waiting = JOBS.with_borrow_mut(|jobs| jobs.get_mut(&record_id).and_then(|job| job.timer.take()).is_some());
    if waiting {
        attempt(record_id).await;
    }
}

/// One try: posts the record and acts on the answer.
async fn attempt(record_id: String) {
    let Some(parcel) = JOBS.with_borrow(|jobs| jobs.get(&record_id).map(|job| job.parcel.clone())) else { return };
    let status = post(&parcel).await;
    match (delivery::classify(status), status) {
        (Verdict::Delivered, Some(status)) => {
            let Some(job) = JOBS.with_borrow_mut(|jobs| jobs.remove(&record_id)) else { return };
            if job.stored {
                let _ = outbox::delete(&record_id).await;
            }
            let detail = js::object(&[("recordId", record_id.as_str().into()), ("status", status.into())]);
            announce(job.host.as_ref(), "clausewrap:delivered", &detail);
        }
        (Verdict::Rejected, Some(status)) => {
            let Some(job) = JOBS.with_borrow_mut(|jobs| jobs.remove(&record_id)) else { return };
            if job.stored {
                let _ = outbox::mark_rejected(&record_id, status).await;
            }
            let detail = js::object(&[
                ("code", delivery::REJECTED_CODE.into()),
                ("message", delivery::rejected_message(job.locale, status).into()),
                ("status", status.into()),
                ("recordId", record_id.as_str().into()),
            ]);
            announce(job.host.as_ref(), "clausewrap:error", &detail);
        }
        _ => {
            let counted = JOBS.with_borrow_mut(|jobs| {
                let job = jobs.get_mut(&record_id)?;
                job.attempts = job.attempts.saturating_add(1);
                Some((job.attempts, job.stored))
            });
            let Some((attempts, stored)) = counted else { return };
            if stored {
                // Losing this count only shortens the first wait after the next page load.
                let _ = outbox::update_attempts(&record_id, attempts, status).await;
            }
            let wait = delivery::backoff_ms(attempts, js_sys::Math::random());
            JOBS.with_borrow_mut(|jobs| {
                if let Some(job) = jobs.get_mut(&record_id) {
                    let record_id = record_id.clone();
                    job.timer = Some(Timeout::new(wait, move || spawn_local(wake(record_id))));
                }
            });
        }
    }
}

/// POSTs the parcel; the answer's status, or `None` when no answer came (network error,
/// CORS refusal, or a request the browser would not even build).
async fn post(parcel: &Parcel) -> Option<u16> {
    let window = web_sys::window()?;
    let request = request(parcel).ok()?;
    let answer = JsFuture::from(window.fetch_with_request(&request)).await.ok()?;
    answer.dyn_into::<Response>().ok().map(|response| response.status())
}

fn request(parcel: &Parcel) -> Result<Request, JsValue> {
    let headers = Headers::new()?;
    headers.set("Content-Type", "application/json")?;
    headers.set("Idempotency-Key", &parcel.record_id)?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(&parcel.body));
    init.set_credentials(RequestCredentials::SameOrigin);
    // Not a beacon: an unload does not need to carry the record, the outbox does.
    Reflect::set(&init, &"keepalive".into(), &JsValue::FALSE)?;
    Request::new_with_str_and_init(&parcel.endpoint, &init)
}

/// Dispatches on the widget's host while it is in the page; on `document` once it is
/// gone (or for records from the outbox, which have no widget).
fn announce(host: Option<&Element>, name: &str, detail: &JsValue) {
    match host.filter(|host| host.is_connected()) {
        Some(host) => {
            let _ = browser::dispatch(host, name, detail);
        }
        None => {
            if let Some(document) = web_sys::window().and_then(|window| window.document()) {
                let _ = browser::dispatch(&document, name, detail);
            }
        }
    }
}
