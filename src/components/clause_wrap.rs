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
use super::navigator::{NavEntry, Navigator};
use super::receipt::Receipt;
use crate::hooks::{use_dwell_ticks, use_reading_observer, use_record_emitter, EmitterContext};
use crate::messages::{self, Locale};
use crate::state::{Action, Signing, WidgetState};
use crate::web::browser;

/// Properties of the widget. Everything is optional: with none, it shows the embedded
/// default rules, in the browser's language (Chinese unless it prefers English), and
/// dispatches events on its own root element.
#[derive(Properties, PartialEq, Clone, Default)]
pub struct ClauseWrapProps {
    /// The document's exact bytes (CommonMark subset with front matter); the embedded
    /// default rules when absent. A different document resets the gate.
    #[prop_or_default]
    pub document: Option<Rc<[u8]>>,
    /// The integrator's user id, copied into the record.
    #[prop_or_default]
    pub subject: Option<AttrValue>,
    /// The integrator's server challenge, copied into the record.
    #[prop_or_default]
    pub nonce: Option<AttrValue>,
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
    /// The element on which `clausewrap:accepted` is dispatched; the widget's root when absent.
    #[prop_or_default]
    pub host: Option<Element>,
    /// Called with the signed record's canonical JSON after the event was dispatched.
    #[prop_or_default]
    pub on_accepted: Callback<Rc<str>>,
}

impl ClauseWrapProps {
    fn gate_options(&self) -> GateOptions {
        GateOptions {
            min_visible_ms: f64::from(self.min_visible_ms.unwrap_or(0)),
            require_acknowledgement: self.require_ack,
            ..GateOptions::default()
        }
    }

    fn bytes(&self) -> Rc<[u8]> {
        self.document.clone().unwrap_or_else(|| Rc::from(crate::DEFAULT_DOCUMENT))
    }
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

#[component]
pub fn ClauseWrap(props: &ClauseWrapProps) -> Html {
    let state = {
        let (bytes, options) = (props.bytes(), props.gate_options());
        use_reducer(move || WidgetState::open(&bytes, browser::moment(), options))
    };
    let id_prefix = use_memo((), |_| {
        let n = INSTANCES.with(|c| {
            c.set(c.get() + 1);
            c.get()
        });
        AttrValue::from(format!("cw{n}"))
    });
    let locale = props
        .locale
        .as_deref()
        .and_then(Locale::from_tag)
        .unwrap_or_else(|| Locale::negotiate(browser::preferred_languages().iter().map(String::as_str)));
    let labels = messages::labels(locale);
    let root = use_node_ref();
    let region = use_node_ref();
    let dispatch = {
        let state = state.clone();
        Callback::from(move |action: Action| state.dispatch(action))
    };

    // A different document or different reading options: a new gate. (Not on first render.)
    {
        let first = use_mut_ref(|| true);
        let dispatch = dispatch.clone();
        use_effect_with((props.bytes(), props.gate_options()), move |(bytes, options)| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                dispatch.emit(Action::Reopen(Box::new(WidgetState::open(bytes, browser::moment(), *options))));
            }
        });
    }
    use_effect_with((), |_| crate::web::styles::install());
    use_reading_observer(region.clone(), state.document.is_ok(), state.generation, dispatch.clone());
    use_dwell_ticks(state.gate.next_deadline(), dispatch.clone());
    use_record_emitter(
        state.pending_attempt(),
        state.document.as_ref().ok().cloned(),
        state.gate.evidence(),
        EmitterContext {
            subject: props.subject.as_ref().map(|s| s.to_string()),
            nonce: props.nonce.as_ref().map(|s| s.to_string()),
            locale: locale.tag(),
            options: props.gate_options(),
            host: props.host.clone(),
            on_accepted: props.on_accepted.clone(),
        },
        root.clone(),
        dispatch.clone(),
    );

    let on_agree = {
        let dispatch = dispatch.clone();
        Callback::from(move |()| dispatch.emit(Action::Gate(GateEvent::AgreePressed, browser::moment())))
    };
    let on_acknowledge = {
        let dispatch = dispatch.clone();
        Callback::from(move |(index, ticked)| dispatch.emit(Action::Gate(GateEvent::Acknowledged(index, ticked), browser::moment())))
    };
    let on_retry = dispatch.reform(|()| Action::RetrySigning);
    let last_jump = use_mut_ref(|| None::<usize>);
    let passage_ids: Rc<Vec<String>> = Rc::new(match &state.document {
        Ok(d) => d.document.passages.iter().map(|p| p.id.clone()).collect(),
        Err(_) => Vec::new(),
    });
    let on_jump = jump_callback(&id_prefix, &passage_ids, &last_jump);
    let on_next = {
        let (state, on_jump, last_jump) = (state.clone(), on_jump.clone(), last_jump.clone());
        Callback::from(move |()| {
            let after = *last_jump.borrow();
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
    let entries: Rc<Vec<NavEntry>> = Rc::new(match &state.document {
        Ok(d) => d
            .document
            .passages
            .iter()
            .zip(seen.iter())
            .map(|(p, seen)| NavEntry { id: p.id.clone().into(), place: messages::passage_place(p, locale).into(), seen: *seen })
            .collect(),
        Err(_) => Vec::new(),
    });
    let progress = state.progress_percent();

    html! {
        <div ref={root} class="cw" data-state={state_name(&state)} lang={locale.tag()}>
            if !accepted {
                <Navigator {entries} {locale} {on_jump} {on_next} any_unread={state.gate.next_unread(None).is_some()} />
            }
            <progress class="cw-progress" role="progressbar" max="100" value={progress.to_string()}
                      aria-valuemin="0" aria-valuemax="100" aria-valuenow={progress.to_string()}
                      aria-label={labels.progress_name}></progress>
            <div ref={region} class="cw-scroll" tabindex="0" role="region" aria-label={labels.region_name}>
                {
                    match &state.document {
                        Ok(document) => html! {
                            <DocumentView document={document.clone()} {seen} {acknowledged}
                                require_ack={props.require_ack} {on_acknowledge}
                                id_prefix={(*id_prefix).clone()} {locale} />
                        },
                        Err(error) => html! {
                            <div class="cw-error" role="alert">
                                <p><strong>{ labels.broken_document }</strong></p>
                                <p>{ error.to_string() }</p>
                            </div>
                        },
                    }
                }
            </div>
            <AgreeBar
                status={AttrValue::from(messages::status_line(&state, locale))}
                status_id={status_id}
                available={state.agree_available()}
                {accepted}
                label={labels.agree}
                {on_agree}
                retry_label={failed.then_some(AttrValue::from(labels.retry))}
                {on_retry}
            />
            { receipt(&state, locale) }
            <p class="cw-live cw-visually-hidden" role="status" aria-live="polite">{ messages::announcement(&state, locale) }</p>
        </div>
    }
}

fn jump_callback(id_prefix: &AttrValue, passage_ids: &Rc<Vec<String>>, last_jump: &Rc<RefCell<Option<usize>>>) -> Callback<usize> {
    let (id_prefix, passage_ids, last_jump) = (id_prefix.clone(), passage_ids.clone(), last_jump.clone());
    Callback::from(move |index: usize| {
        if let Some(id) = passage_ids.get(index) {
            *last_jump.borrow_mut() = Some(index);
            browser::jump_to(&format!("{id_prefix}-{id}"));
        }
    })
}

fn receipt(state: &WidgetState, locale: Locale) -> Html {
    let (Signing::Emitted { record_json, record_id }, Ok(document), Some(evidence)) =
        (&state.signing, &state.document, state.gate.evidence())
    else {
        return Html::default();
    };
    html! {
        <Receipt record_json={record_json.clone()} record_id={record_id.clone()}
                 version={AttrValue::from(document.document.meta.version.clone())}
                 sha256={AttrValue::from(document.sha256.clone())}
                 accepted_at={AttrValue::from(format_timestamp(evidence.accepted_at))} {locale} />
    }
}

/// A coarse state name on the root element, for styling and for integrators' tests only:
/// nothing reads it back to decide anything.
fn state_name(state: &WidgetState) -> &'static str {
    match (&state.document, state.gate.status(), &state.signing) {
        (Err(_), _, _) => "error",
        (_, GateStatus::Reading { .. }, _) => "reading",
        (_, GateStatus::Ready, _) => "ready",
        (_, GateStatus::Accepted, Signing::Emitted { .. }) => "accepted",
        (_, GateStatus::Accepted, Signing::Failed { .. }) => "failed",
        (_, GateStatus::Accepted, _) => "signing",
    }
}
