//! The status line and the gated Agree button.
//!
//! The button is a real `<button type="button">` (so it never submits the host's form),
//! `aria-disabled` rather than `disabled` while gated so that it stays focusable and its
//! explanation (the status line, linked by `aria-describedby`) can be reached. Whether a
//! press counts is decided by the reading gate in Rust, never by reading this attribute.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AgreeBarProps {
    pub status: AttrValue,
    pub status_id: AttrValue,
    pub available: bool,
    /// True once accepted: the button stays visible but inert.
    pub accepted: bool,
    pub label: AttrValue,
    pub on_agree: Callback<()>,
    /// Shown when signing failed, to try again.
    #[prop_or_default]
    pub retry_label: Option<AttrValue>,
    #[prop_or_default]
    pub on_retry: Callback<()>,
    /// Shown when the integrator enabled declining ("不同意"); never gated, since
    /// declining binds the reader to nothing.
    #[prop_or_default]
    pub decline_label: Option<AttrValue>,
    #[prop_or_default]
    pub on_decline: Callback<()>,
}

#[component]
pub fn AgreeBar(props: &AgreeBarProps) -> Html {
    let onclick = props.on_agree.reform(|_: MouseEvent| ());
    let disabled = !props.available || props.accepted;
    html! {
        <div class="cw-footer">
            <p id={props.status_id.clone()} class="cw-status">{ props.status.clone() }</p>
            <div class="cw-actions">
                if let Some(decline) = props.decline_label.clone() {
                    <button type="button" class="cw-decline" onclick={props.on_decline.reform(|_: MouseEvent| ())}>{ decline }</button>
                }
                if let Some(retry) = props.retry_label.clone() {
                    <button type="button" class="cw-retry" onclick={props.on_retry.reform(|_: MouseEvent| ())}>{ retry }</button>
                }
                <button
                    type="button"
                    class={if props.accepted { "cw-agree cw-accepted" } else { "cw-agree" }}
                    aria-disabled={if disabled { "true" } else { "false" }}
                    aria-describedby={props.status_id.clone()}
                    {onclick}
                >{ props.label.clone() }</button>
            </div>
        </div>
    }
}
