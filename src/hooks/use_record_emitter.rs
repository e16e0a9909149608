//! Once the gate has accepted, builds the record in the core, has the browser sign it,
//! and dispatches `clausewrap:accepted` on the host element. Runs as an effect keyed on
//! the signing attempt, so a retry after a failure signs again and a re-render does not.

use std::rc::Rc;

use clausewrap_core::base64url;
use clausewrap_core::gate::GateOptions;
use clausewrap_core::record::{AcceptanceRecord, ReadingRules, RecordInput, Viewport};
use wasm_bindgen::JsValue;
use web_sys::Element;
use yew::prelude::*;

use clausewrap_core::gate::Evidence;

use crate::delivery;
use crate::messages::Locale;
use crate::snapshot::ErrorReport;
use crate::state::{Action, LoadedDocument};
use crate::web::courier::{self, Parcel};
use crate::web::{browser, js, signer};

/// What the record needs besides the reading evidence.
#[derive(Clone, PartialEq)]
pub struct EmitterContext {
    pub subject: Option<String>,
    pub nonce: Option<String>,
    pub locale: &'static str,
    /// What the gate required, written into the record.
    pub options: GateOptions,
    /// Where every signed record is POSTed, through the outbox.
    pub endpoint: Option<String>,
    pub ui_locale: Locale,
    /// Where `clausewrap:accepted` is dispatched.
    pub host: Option<Element>,
    pub on_accepted: Callback<Rc<str>>,
    /// Told when the record cannot be kept durably.
    pub on_error: Callback<ErrorReport>,
}

#[hook]
pub fn use_record_emitter(
    attempt: Option<u32>,
    document: Option<Rc<LoadedDocument>>,
    evidence: Option<Evidence>,
    context: EmitterContext,
    fallback_host: NodeRef,
    dispatch: Callback<Action>,
) {
    use_effect_with(attempt, move |attempt| {
        if attempt.is_some() {
            if let (Some(document), Some(evidence)) = (document, evidence) {
                let host = context.host.clone().or_else(|| fallback_host.cast::<Element>());
                wasm_bindgen_futures::spawn_local(async move {
                    match emit(&document, &evidence, &context, host).await {
                        Ok((record_json, record_id)) => dispatch.emit(Action::Emitted { record_json, record_id }),
                        Err(error) => dispatch.emit(Action::SigningFailed(browser::describe(&error).into())),
                    }
                });
            }
        }
    });
}

async fn emit(
    loaded: &LoadedDocument,
    evidence: &Evidence,
    context: &EmitterContext,
    host: Option<Element>,
) -> Result<(Rc<str>, Rc<str>), JsValue> {
    // The gate's items after the passages are the changes since the version accepted before.
    let (evidence, changes_first_seen) = evidence.split_changes(loaded.document.passages.len());
    let record = AcceptanceRecord::new(RecordInput {
        document: &loaded.document,
        document_sha256: &loaded.sha256,
        evidence: &evidence,
        record_id: browser::random_record_id()?,
        subject: context.subject.clone(),
        nonce: context.nonce.clone(),
        locale: context.locale.to_string(),
        user_agent: browser::user_agent(),
        viewport: {
            let (width, height, device_pixel_ratio) = browser::viewport();
            Some(Viewport { width, height, device_pixel_ratio })
        },
        reading_rules: Some(ReadingRules {
            min_dwell_ms: context.options.min_dwell_ms as u64,
            min_visible_ms: context.options.min_visible_ms as u64,
            acknowledgement_required: context.options.require_acknowledgement,
        }),
        reacceptance: loaded.revision.as_ref().and_then(|r| r.record_part(changes_first_seen)),
    })
    .map_err(|e| JsValue::from_str(&e.to_string()))?;
    let record_id: Rc<str> = base64url::encode(&record.record_id).into();
    let (public_key, signature) = signer::sign(record.signing_input().as_bytes()).await?;
    let signed = record.into_signed(public_key, signature);
    let json: Rc<str> = signed.to_json().into();
    // Stored in the outbox before it is announced or sent: from here on it is never lost.
    if let Some(endpoint) = &context.endpoint {
        let endpoint = browser::absolute_url(endpoint).unwrap_or_else(|| endpoint.clone());
        let parcel = Parcel { record_id: record_id.to_string(), endpoint, body: json.to_string() };
        if let Err(message) = courier::send(parcel, host.clone(), context.ui_locale).await {
            let report = ErrorReport { code: delivery::STORAGE_CODE, message, status: None };
            if let Some(host) = &host {
                browser::dispatch(host, "clausewrap:error", &js::error_detail(&report, Some(&record_id)))?;
            }
            context.on_error.emit(report);
        }
    }
    let detail = js_sys::JSON::parse(&json)?;
    if let Some(host) = &host {
        browser::dispatch(host, "clausewrap:accepted", &detail)?;
    }
    context.on_accepted.emit(json.clone());
    Ok((json, record_id))
}
