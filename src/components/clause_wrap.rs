//! The widget's root: one reducer over [`WidgetState`], whose `reduce` calls the pure
//! transition; effects (observing visibility, ticking dwell times, signing and emitting)
//! live in hooks.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use clausewrap_core::gate::{GateEvent, GateOptions, GateStatus};
use clausewrap_core::record::format_timestamp;
use web_sys::Element;
use yew::prelude::*;

use super::agree_bar::AgreeBar;
use super::document_view::DocumentView;
use super::navigator::Navigator;
use super::receipt::Receipt;
use crate::errors::WidgetError;
use crate::hooks::{
    use_document_source, use_dwell_ticks, use_host_events, use_reading_observer, use_record_emitter, EmitterContext, HostCallbacks,
    ReadingWatch, SourceRequest, PART_BYTES,
};
use crate::messages::{self, Labels, Locale};
use crate::options::{Policy, Previous, DEFAULT_TIMEOUT_MS};
use crate::snapshot::{snapshot, status_name, Declined, ErrorReport, Snapshot};
use crate::state::{Action, DocumentSlot, LoadedDocument, Signing, WidgetState};
use crate::web::files::ObjectUrl;
use crate::web::{browser, js};

/// Properties of the widget. Everything is optional: with none, it shows the embedded
/// default rules, in the browser's language (Chinese unless it prefers English), and
/// dispatches events on its own root element. docs/embedding.md describes each option.
#[derive(Properties, PartialEq, Clone, Default)]
pub struct ClauseWrapProps {
    /// The document's exact bytes (CommonMark subset with front matter). A different
    /// document resets the gate.
    #[prop_or_default]
    pub document: Option<Rc<[u8]>>,
    /// The document's URL, fetched when `document` is absent; the embedded default rules
    /// when both are absent. A different URL loads it anew and resets the gate.
    #[prop_or_default]
    pub src: Option<AttrValue>,
    /// The document's SHA-256 (lowercase hex): any other bytes are refused.
    #[prop_or_default]
    pub sha256: Option<AttrValue>,
    /// How long fetching `src` may take, in ms (15 s when absent).
    #[prop_or_default]
    pub timeout_ms: Option<u32>,
    /// The integrator's user id, copied into the record.
    #[prop_or_default]
    pub subject: Option<AttrValue>,
    /// The integrator's server challenge, copied into the record.
    #[prop_or_default]
    pub nonce: Option<AttrValue>,
    /// Where each signed record is POSTed, through the durable outbox.
    #[prop_or_default]
    pub endpoint: Option<AttrValue>,
    /// UI language tag (`zh-CN` or `en`); the browser's preference when absent. Changing
    /// it keeps what was read.
    #[prop_or_default]
    pub locale: Option<AttrValue>,
    /// Each highlighted passage carries its own "I have read and understood" checkbox that
    /// must be ticked before Agree.
    #[prop_or_default]
    pub require_ack: bool,
    /// The total time each passage must have been in view before it counts, in ms.
    #[prop_or_default]
    pub min_visible_ms: Option<u32>,
    /// Shows a "不同意" / "Decline" button, which dispatches `clausewrap:declined`.
    #[prop_or_default]
    pub decline: bool,
    /// The version the reader accepted before: what changed since is marked, and must be
    /// seen before Agree (as `reacceptance` decides). A different one resets the gate.
    #[prop_or_default]
    pub previous: Option<Previous>,
    /// Which changes since `previous` require re-acceptance.
    #[prop_or_default]
    pub reacceptance: Policy,
    /// The options the host gave could not be used: the widget shows this error instead
    /// of a document (a `<clause-wrap>` with an invalid attribute).
    #[prop_or_default]
    pub config_error: Option<Rc<WidgetError>>,
    /// The element on which events are dispatched; the widget's root when absent.
    #[prop_or_default]
    pub host: Option<Element>,
    /// Called with the signed record's canonical JSON after `clausewrap:accepted`.
    #[prop_or_default]
    pub on_accepted: Callback<Rc<str>>,
    /// Called when a document is loaded and shown (`clausewrap:ready`).
    #[prop_or_default]
    pub on_ready: Callback<Rc<Snapshot>>,
    /// Called on meaningful reading progress (`clausewrap:progress`).
    #[prop_or_default]
    pub on_progress: Callback<Rc<Snapshot>>,
    /// Called when the reader declines (`clausewrap:declined`).
    #[prop_or_default]
    pub on_declined: Callback<Declined>,
    /// Called with every error (`clausewrap:error`).
    #[prop_or_default]
    pub on_error: Callback<ErrorReport>,
    /// Called with every change of the widget's state.
    #[prop_or_default]
    pub on_state: Callback<Rc<Snapshot>>,
}

impl ClauseWrapProps {
    fn gate_options(&self) -> GateOptions {
        GateOptions {
            min_visible_ms: f64::from(self.min_visible_ms.unwrap_or(0)),
            require_acknowledgement: self.require_ack,
            ..GateOptions::default()
        }
    }

    /// What the widget shows before anything is fetched: the configuration error, a
    /// loading state for `src`, or the given (or default) document, opened.
    ///
    /// At mount (`at_mount`) every document, given or embedded too, is left to
    /// hooks::use_document_source, which opens it in a task after the mount's: the task
    /// that instantiated the wasm and mounted the widget ends before the document is parsed
    /// and drawn, so that they do not add up to one long task. Later, when the page gives
    /// another document, a short one is opened at once, so the old view never gives way to
    /// a loading line for one task (which would shift the layout).
    fn initial_state(&self, at_mount: bool) -> WidgetState {
        let (now, options) = (browser::moment(), self.gate_options());
        if let Some(error) = &self.config_error {
            return WidgetState::failed(error.clone(), now, options);
        }
        match (&self.document, &self.src) {
            _ if at_mount => WidgetState::loading(now, options),
            // The previous version is fetched first, whatever the current one is.
            _ if self.previous.is_some() => WidgetState::loading(now, options),
            // A long one is parsed a part per task.
            (Some(bytes), _) if bytes.len() > PART_BYTES => WidgetState::loading(now, options),
            (Some(bytes), _) => WidgetState::open(bytes, self.sha256.as_deref(), now, options),
            (None, Some(_)) => WidgetState::loading(now, options),
            (None, None) => WidgetState::open(crate::DEFAULT_DOCUMENT, self.sha256.as_deref(), now, options),
        }
    }

    /// Whether the document is in memory (given, or the embedded one): nothing to fetch.
    fn in_memory(&self) -> bool {
        self.previous.is_none() && (self.document.is_some() || self.src.is_none())
    }

    /// Everything that, when it changes, means another document (or another gate).
    fn source_key(&self) -> SourceKey {
        SourceKey {
            document: self.document.clone(),
            src: self.src.clone(),
            sha256: self.sha256.clone(),
            timeout_ms: self.timeout_ms,
            config_error: self.config_error.clone(),
            options: self.gate_options(),
            previous: self.previous.clone(),
            reacceptance: self.reacceptance,
        }
    }
}

#[derive(PartialEq)]
struct SourceKey {
    document: Option<Rc<[u8]>>,
    src: Option<AttrValue>,
    sha256: Option<AttrValue>,
    timeout_ms: Option<u32>,
    config_error: Option<Rc<WidgetError>>,
    options: GateOptions,
    previous: Option<Previous>,
    reacceptance: Policy,
}

impl Reducible for WidgetState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match self.reduce_action(action) {
            Some(next) => Rc::new(next),
            None => self,
        }
    }
}

thread_local! {
    static INSTANCES: Cell<u64> = const { Cell::new(0) };
}

/// What the root remembers between renders, besides its reducer's state.
struct Instance {
    /// Prefixes the ids of this widget's elements: unique in the page (`cw1`, `cw2`, …).
    id_prefix: AttrValue,
    /// No render has run the source-key effect yet: its first run is the mount's, whose
    /// state the reducer was created with.
    first_source: bool,
    /// `clausewrap:first-render` is marked once.
    marked: bool,
    /// The gate item the navigator last jumped to: "next unread" goes on from there.
    last_jump: Option<usize>,
    /// The widget's root element (where events go when the host gave no element) and its
    /// scroll region (what the reading observer watches).
    root: NodeRef,
    region: NodeRef,
    /// The signed record as a download: one blob: URL per record, revoked when the record
    /// goes away (another document is opened, or the widget is unmounted).
    download: Option<(Rc<str>, Option<ObjectUrl>)>,
    /// The reading observer once armed, shared with the document view.
    watch: ReadingWatch,
    /// A passage's checkbox was ticked or cleared. One callback for the root's life: the
    /// document view and its chunks, which compare their props, need not render again for
    /// a new one at every render of the root.
    on_acknowledge: Callback<(usize, bool)>,
}

impl Instance {
    fn new(dispatcher: UseReducerDispatcher<WidgetState>) -> Self {
        let n = INSTANCES.with(|c| {
            c.set(c.get() + 1);
            c.get()
        });
        Instance {
            id_prefix: AttrValue::from(format!("cw{n}")),
            first_source: true,
            marked: false,
            last_jump: None,
            root: NodeRef::default(),
            region: NodeRef::default(),
            download: None,
            watch: ReadingWatch::default(),
            on_acknowledge: Callback::from(move |(index, ticked)| {
                dispatcher.dispatch(Action::Gate(GateEvent::Acknowledged(index, ticked), browser::moment()))
            }),
        }
    }

    /// The download URL of `record_json`, made at its first render (the same record keeps
    /// its URL); the one of a record no longer shown is revoked.
    fn download_url(&mut self, record_json: Option<&Rc<str>>) -> Option<String> {
        let Some(json) = record_json else {
            self.download = None;
            return None;
        };
        if self.download.as_ref().is_none_or(|(shown, _)| shown != json) {
            self.download = Some((json.clone(), ObjectUrl::new(json, "application/json")));
        }
        self.download.as_ref().and_then(|(_, url)| url.as_ref()).map(|url| url.as_str().to_owned())
    }
}

#[component]
pub fn ClauseWrap(props: &ClauseWrapProps) -> Html {
    let state = {
        let props = props.clone();
        use_reducer(move || props.initial_state(true))
    };
    // The root's own memory between renders, in one hook: each hook is code of its own in
    // the package, and these were seven.
    let instance = {
        let dispatcher = state.dispatcher();
        use_mut_ref(move || Instance::new(dispatcher))
    };
    let id_prefix = instance.borrow().id_prefix.clone();
    let locale = props
        .locale
        .as_deref()
        .and_then(Locale::from_tag)
        .unwrap_or_else(|| Locale::negotiate(browser::preferred_languages().iter().map(String::as_str)));
    let labels = messages::labels(locale);
    let (root, region) = {
        let instance = instance.borrow();
        (instance.root.clone(), instance.region.clone())
    };
    let dispatch = {
        let state = state.clone();
        Callback::from(move |action: Action| state.dispatch(action))
    };

    // A different document or different reading options: a new gate. (Not on first render.)
    {
        let (instance, dispatch, props) = (instance.clone(), dispatch.clone(), props.clone());
        use_effect_with(props.source_key(), move |_| {
            if !std::mem::replace(&mut instance.borrow_mut().first_source, false) {
                dispatch.emit(Action::Reopen(Box::new(props.initial_state(false))));
            }
        });
    }
    // A document in memory is opened a task after the mount: until then the loading state
    // takes its place unseen (`cw-opening`), rather than a loading line shown for a frame.
    // Its first render is the one that shows something.
    let loading = state.document == DocumentSlot::Loading;
    let opening = loading && state.generation == 0 && props.in_memory();
    {
        let instance = instance.clone();
        use_effect_with((opening, state.agree_available()), move |&(opening, available)| {
            // At the first render: the stylesheet and the outbox's resume, which `mount`
            // already saw to, but a Yew host renders the component directly. Both happen once
            // per page however often they are asked for.
            crate::web::styles::install();
            crate::web::courier::resume();
            if !opening && !std::mem::replace(&mut instance.borrow_mut().marked, true) {
                browser::mark("clausewrap:first-render");
            }
            // Agree is available: have the key ready before the click (preparing it again
            // gives the same key).
            if available {
                wasm_bindgen_futures::spawn_local(async {
                    // A failure here shows up, with its message, when the record is signed.
                    let _ = crate::web::signer::prepare().await;
                });
            }
        });
    }
    use_document_source(
        SourceRequest {
            src: props.src.clone().filter(|_| props.document.is_none()),
            bytes: props.document.clone(),
            previous: props.previous.clone().map(|previous| (previous, props.reacceptance)),
            pin: props.sha256.clone(),
            timeout_ms: props.timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS),
            options: props.gate_options(),
            loading,
            generation: state.generation,
        },
        dispatch.clone(),
    );
    let loaded = state.document.ready().cloned();
    let watch = instance.borrow().watch.clone();
    use_reading_observer(region.clone(), &watch, loaded.is_some(), state.generation, dispatch.clone());
    use_dwell_ticks(state.gate.next_deadline(), dispatch.clone());
    use_record_emitter(
        state.pending_attempt(),
        loaded.clone(),
        state.gate.evidence(),
        EmitterContext {
            subject: props.subject.as_ref().map(|s| s.to_string()),
            nonce: props.nonce.as_ref().map(|s| s.to_string()),
            locale: locale.tag(),
            options: props.gate_options(),
            endpoint: props.endpoint.as_ref().map(|s| s.to_string()),
            ui_locale: locale,
            host: props.host.clone(),
            on_accepted: props.on_accepted.clone(),
            on_error: props.on_error.clone(),
        },
        root.clone(),
        dispatch.clone(),
    );
    use_host_events(
        Rc::new(snapshot(&state, locale)),
        props.host.clone(),
        root.clone(),
        HostCallbacks {
            on_ready: props.on_ready.clone(),
            on_progress: props.on_progress.clone(),
            on_error: props.on_error.clone(),
            on_state: props.on_state.clone(),
        },
    );

    let on_agree = {
        let dispatch = dispatch.clone();
        Callback::from(move |()| dispatch.emit(Action::Gate(GateEvent::AgreePressed, browser::moment())))
    };
    let on_acknowledge = instance.borrow().on_acknowledge.clone();
    let on_retry = dispatch.reform(|()| Action::RetrySigning);
    let on_decline = decline_callback(loaded.clone(), props.host.clone(), root.clone(), props.on_declined.clone());
    let record_json = match &state.signing {
        Signing::Emitted { record_json, .. } => Some(record_json),
        _ => None,
    };
    let download_url = instance.borrow_mut().download_url(record_json);
    let on_jump = jump_callback(&id_prefix, loaded.clone(), &instance);
    let on_next = {
        let (state, on_jump, instance) = (state.clone(), on_jump.clone(), instance.clone());
        Callback::from(move |()| {
            let after = instance.borrow().last_jump;
            if let Some(index) = state.gate.next_unread(after) {
                on_jump.emit(index);
            }
        })
    };

    let status_id = AttrValue::from(format!("{}-status", id_prefix));
    let accepted = state.gate.status() == GateStatus::Accepted;
    let failed = matches!(state.signing, Signing::Failed { .. });
    let count = state.gate.passage_count();
    let seen: Rc<Vec<bool>> = Rc::new((0..count).map(|i| state.gate.passage_seen(i)).collect());
    let acknowledged: Rc<Vec<bool>> = Rc::new((0..count).map(|i| state.gate.passage_acknowledged(i)).collect());
    let summary = loaded.as_ref().and_then(|d| d.revision.as_ref()).and_then(|r| messages::revision_summary(r, locale));
    let progress = state.progress_percent();

    html! {
        <div ref={root} ~className={if opening { "cw cw-opening" } else { "cw" }} data-state={status_name(&state)} lang={locale.tag()}>
            // The navigator's row, held while the document loads: the navigator takes it
            // when the document arrives, so the text and the buttons below do not move. A
            // document that failed keeps the row empty, for the same reason.
            if loaded.is_none() {
                <div class="cw-nav cw-nav-placeholder" aria-hidden="true">
                    <div class="cw-nav-details"><span class="cw-nav-summary">{ messages::navigator_summary(0, 0, locale) }</span></div>
                    <span class="cw-nav-next">{ labels.next_unread }</span>
                </div>
            }
            // Rendered with the document, in the same render: a frame painted with the
            // document but not yet the navigator above it would shift the layout.
            if let (false, Some(document)) = (accepted, &loaded) {
                { Navigator {
                    document,
                    seen: &seen,
                    open: state.navigator_open,
                    locale,
                    labels: &labels,
                    on_jump: &on_jump,
                    on_next,
                    any_unread: state.gate.next_unread(None).is_some(),
                    on_toggle: dispatch.reform(Action::NavigatorToggled),
                }.view() }
            }
            <progress class="cw-progress" role="progressbar" max="100" value={progress.to_string()}
                      aria-valuemin="0" aria-valuemax="100" aria-valuenow={progress.to_string()}
                      aria-label={labels.progress_name}></progress>
            <div ref={region} class="cw-scroll" tabindex="0" role="region" aria-label={labels.region_name}>
                {
                    match &state.document {
                        // What changed since the version accepted before heads the text, in
                        // the column: above it, its arrival with the document would move the
                        // whole widget down.
                        DocumentSlot::Ready(document) => html! {
                            <>
                                if let Some(summary) = summary {
                                    <p class="cw-revision">{ summary }</p>
                                }
                                <DocumentView document={document.clone()} {seen} {acknowledged}
                                    require_ack={props.require_ack} {on_acknowledge}
                                    id_prefix={id_prefix.clone()} {locale} watch={watch.clone()} />
                            </>
                        },
                        DocumentSlot::Loading => html! {
                            <p class="cw-loading">{ labels.loading }</p>
                        },
                        DocumentSlot::Failed(error) => html! {
                            <div class="cw-error" role="alert">
                                <p><strong>{ labels.broken_document }</strong></p>
                                <p>{ error.message(locale) }</p>
                            </div>
                        },
                    }
                }
            </div>
            { AgreeBar {
                status: AttrValue::from(messages::status_line(&state, locale)),
                status_id,
                available: state.agree_available(),
                accepted,
                label: labels.agree.into(),
                on_agree,
                retry_label: failed.then_some(AttrValue::from(labels.retry)),
                on_retry,
                decline_label: (props.decline && loaded.is_some() && !accepted).then_some(AttrValue::from(labels.decline)),
                on_decline,
            }.view() }
            { receipt(&state, &labels, download_url.as_deref()) }
            <p class="cw-live cw-visually-hidden" role="status" aria-live="polite">{ messages::announcement(&state, locale) }</p>
        </div>
    }
}

/// Jumps to gate item `index` of `loaded`; its element's id is worked out at the jump,
/// not at every render.
fn jump_callback(id_prefix: &AttrValue, loaded: Option<Rc<LoadedDocument>>, instance: &Rc<RefCell<Instance>>) -> Callback<usize> {
    let (id_prefix, instance) = (id_prefix.clone(), instance.clone());
    Callback::from(move |index: usize| {
        if let Some(id) = loaded.as_ref().and_then(|d| d.item_id(index)) {
            instance.borrow_mut().last_jump = Some(index);
            browser::jump_to(&format!("{id_prefix}-{id}"));
        }
    })
}

fn receipt(state: &WidgetState, labels: &Labels, download_url: Option<&str>) -> Html {
    let (Signing::Emitted { record_id, .. }, Some(document), Some(evidence)) =
        (&state.signing, state.document.ready(), state.gate.evidence())
    else {
        return Html::default();
    };
    Receipt {
        download_url,
        record_id,
        version: &document.document.meta.version,
        sha256: &document.sha256,
        accepted_at: format_timestamp(evidence.accepted_at),
        labels,
    }
    .view()
}

/// Dispatches `clausewrap:declined` for the document shown, and tells the host.
fn decline_callback(loaded: Option<Rc<LoadedDocument>>, host: Option<Element>, root: NodeRef, on_declined: Callback<Declined>) -> Callback<()> {
    Callback::from(move |()| {
        let Some(document) = &loaded else { return };
        let declined = Declined {
            document_id: document.document.meta.id.clone(),
            version: document.document.meta.version.clone(),
            sha256: document.sha256.clone(),
            declined_at: format_timestamp(browser::moment().wall),
        };
        if let Some(target) = host.clone().or_else(|| root.cast::<Element>()) {
            let _ = browser::dispatch(&target, "clausewrap:declined", &js::declined_detail(&declined));
        }
        on_declined.emit(declined);
    })
}
