//! The status line and the gated Agree button.
//!
//! The button is a real `<button type="button">` (so it never submits the host's form),
//! `aria-disabled` rather than `disabled` while gated so that it stays focusable and its
//! explanation (the status line, linked by `aria-describedby`) can be reached. Whether a
//! press counts is decided by the reading gate in Rust, never by reading this attribute.
//!
//! A view of the root's, not a component of its own: it holds no state, and the root
//! renders it with every change of the reading anyway, while a component's lifecycle and
//! props builder, monomorphised for it, cost the package about 0.5 KB brotli.

use yew::prelude::*;

/// What the bar shows, and what its buttons do.
pub struct AgreeBar {
    pub status: AttrValue,
    pub status_id: AttrValue,
    pub available: bool,
    /// True once accepted: the button stays visible but inert.
    pub accepted: bool,
    pub label: AttrValue,
    pub on_agree: Callback<()>,
    /// Shown when signing failed, to try again.
    pub retry_label: Option<AttrValue>,
    pub on_retry: Callback<()>,
    /// Shown when the integrator enabled declining ("不同意"); never gated, since
    /// declining binds the reader to nothing.
    pub decline_label: Option<AttrValue>,
    pub on_decline: Callback<()>,
}

impl AgreeBar {
    pub fn view(self) -> Html {
        let onclick = self.on_agree.reform(|_: MouseEvent| ());
        let disabled = !self.available || self.accepted;
        html! {
            <div class="cw-footer">
                <p id={self.status_id.clone()} class="cw-status">{ self.status }</p>
                <div class="cw-actions">
                    if let Some(decline) = self.decline_label {
                        <button type="button" class="cw-decline" onclick={self.on_decline.reform(|_: MouseEvent| ())}>{ decline }</button>
                    }
                    if let Some(retry) = self.retry_label {
                        <button type="button" class="cw-retry" onclick={self.on_retry.reform(|_: MouseEvent| ())}>{ retry }</button>
                    }
                    <button
                        type="button"
                        ~className={if self.accepted { "cw-agree cw-accepted" } else { "cw-agree" }}
                        aria-disabled={if disabled { "true" } else { "false" }}
                        aria-describedby={self.status_id}
                        {onclick}
                    >{ self.label }</button>
                </div>
            </div>
        }
    }
}
