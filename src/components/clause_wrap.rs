//! The widget's root: one reducer over [`WidgetState`], whose `reduce` calls the pure
//! transition; effects (observing visibility, signing and emitting) live in hooks.

use std::cell::Cell;
use std::rc::Rc;

use chrono::Utc;
use clausewrap_core::gate::{GateEvent, GateStatus};
use web_sys::Element;
use yew::prelude::*;

use super::agree_bar::AgreeBar;
use super::document_view::DocumentView;
use crate::hooks::{use_reading_observer, use_record_emitter, EmitterContext};
use crate::messages::{self, Locale};
use crate::state::{Action, Signing, WidgetState};

/// Properties of the widget. Everything is optional: with none, it shows the embedded
/// default rules in Chinese and dispatches events on its own root element.
#[derive(Properties, PartialEq, Clone, Default)]
pub struct ClauseWrapProps {
    /// The document's exact bytes (CommonMark subset with front matter); the embedded
    /// default rules when absent.
    #[prop_or_default]
    pub document: Option<Rc<[u8]>>,
    /// The integrator's user id, copied into the record.
    #[prop_or_default]
    pub subject: Option<AttrValue>,
    /// The integrator's server challenge, copied into the record.
    #[prop_or_default]
    pub nonce: Option<AttrValue>,
    /// UI language tag (`zh-CN` or `en`); Chinese when absent.
    #[prop_or_default]
    pub locale: Option<AttrValue>,
    /// The element on which `clausewrap:accepted` is dispatched; the widget's root when absent.
    #[prop_or_default]
    pub host: Option<Element>,
    /// Called with the signed record's canonical JSON after the event was dispatched.
    #[prop_or_default]
    pub on_accepted: Callback<Rc<str>>,
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
    let bytes = props.document.clone().unwrap_or_else(|| Rc::from(crate::DEFAULT_DOCUMENT));
    let state = use_reducer(move || WidgetState::open(&bytes, Utc::now()));
    let id_prefix = use_memo((), |_| {
        let n = INSTANCES.with(|c| {
            c.set(c.get() + 1);
            c.get()
        });
        AttrValue::from(format!("cw{n}"))
    });
    let locale = Locale::from_tag(props.locale.as_deref().unwrap_or("zh-CN"));
    let labels = messages::labels(locale);
    let root = use_node_ref();
    let region = use_node_ref();
    let dispatch = {
        let state = state.clone();
        Callback::from(move |action: Action| state.dispatch(action))
    };

    use_effect_with((), |_| crate::web::styles::install());
    use_reading_observer(region.clone(), state.document.is_ok(), 0, dispatch.clone());
    use_record_emitter(
        state.pending_attempt(),
        state.document.as_ref().ok().cloned(),
        state.gate.evidence(),
        EmitterContext {
            subject: props.subject.as_ref().map(|s| s.to_string()),
            nonce: props.nonce.as_ref().map(|s| s.to_string()),
            locale: locale.tag(),
            host: props.host.clone(),
            on_accepted: props.on_accepted.clone(),
        },
        root.clone(),
        dispatch.clone(),
    );

    let on_agree = {
        let dispatch = dispatch.clone();
        Callback::from(move |()| dispatch.emit(Action::Gate(GateEvent::AgreePressed, Utc::now())))
    };
    let on_retry = dispatch.reform(|()| Action::RetrySigning);
    let status_id = AttrValue::from(format!("{}-status", id_prefix));
    let accepted = state.gate.status() == GateStatus::Accepted;
    let failed = matches!(state.signing, Signing::Failed { .. });
    let seen: Rc<Vec<bool>> = Rc::new((0..state.gate.passage_count()).map(|i| state.gate.passage_seen(i)).collect());

    html! {
        <div ref={root} class="cw" data-state={state_name(&state)}>
            <div ref={region} class="cw-scroll" tabindex="0" role="region" aria-label={labels.region_name}>
                {
                    match &state.document {
                        Ok(document) => html! {
                            <DocumentView document={document.clone()} {seen} id_prefix={(*id_prefix).clone()} {locale} />
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
            <p class="cw-visually-hidden" role="status" aria-live="polite">{ messages::announcement(&state, locale) }</p>
        </div>
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
