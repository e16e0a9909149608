//! The integrator's options, as `mount(element, options)` and `<clause-wrap>` give them
//! (docs/embedding.md). Decoded with serde, strictly: an unknown key or a value of the
//! wrong type is an error, never silently ignored, because a typo such as `requireAk`
//! would otherwise weaken the reading gate without anyone noticing. Pure, so the rules
//! are tested natively; the browser layer decodes a JS object into [`Options`].

use serde::Deserialize;

use crate::errors::WidgetError;

/// The longest `minVisibleMs` accepted: ten minutes per passage is already more than any
/// reasonable reading rule.
pub const MAX_MIN_VISIBLE_MS: u32 = 600_000;
/// How long fetching `src` may take unless `timeoutMs` says otherwise.
pub const DEFAULT_TIMEOUT_MS: u32 = 15_000;
/// The longest `timeoutMs` accepted.
pub const MAX_TIMEOUT_MS: u32 = 120_000;

/// The option keys, in the order of docs/embedding.md.
pub const OPTION_KEYS: [&str; 11] =
    ["src", "document", "sha256", "subject", "nonce", "endpoint", "lang", "requireAck", "minVisibleMs", "decline", "timeoutMs"];

/// Everything an integrator can set. All optional; see docs/embedding.md for each.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Options {
    pub src: Option<String>,
    pub document: Option<String>,
    pub sha256: Option<String>,
    pub subject: Option<String>,
    pub nonce: Option<String>,
    pub endpoint: Option<String>,
    pub lang: Option<String>,
    pub require_ack: Option<bool>,
    pub min_visible_ms: Option<u32>,
    pub decline: Option<bool>,
    pub timeout_ms: Option<u32>,
}

impl Options {
    /// Checks what serde's types cannot express; returns the options with the pin in
    /// lowercase.
    pub fn validated(mut self) -> Result<Options, WidgetError> {
        let invalid = |message: String| Err(WidgetError::InvalidOption(message));
        if self.src.is_some() && self.document.is_some() {
            return invalid("give either `src` or `document`, not both".into());
        }
        for (name, value) in [("src", &self.src), ("endpoint", &self.endpoint), ("subject", &self.subject), ("nonce", &self.nonce)] {
            if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
                return invalid(format!("`{name}` is empty"));
            }
        }
        if let Some(pin) = &self.sha256 {
            let pin = pin.trim().to_ascii_lowercase();
            if pin.len() != 64 || !pin.bytes().all(|b| b.is_ascii_hexdigit()) {
                return invalid("`sha256` must be 64 hexadecimal digits".into());
            }
            self.sha256 = Some(pin);
        }
        if self.min_visible_ms.is_some_and(|ms| ms > MAX_MIN_VISIBLE_MS) {
            return invalid(format!("`minVisibleMs` must be at most {MAX_MIN_VISIBLE_MS}"));
        }
        if self.timeout_ms.is_some_and(|ms| ms == 0 || ms > MAX_TIMEOUT_MS) {
            return invalid(format!("`timeoutMs` must be between 1 and {MAX_TIMEOUT_MS}"));
        }
        Ok(self)
    }

    /// The fetch timeout in effect.
    pub fn timeout(&self) -> u32 {
        self.timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS)
    }
}

/// The message for a key that is not an option, naming the ones there are.
pub fn unknown_option(key: &str) -> String {
    let expected = OPTION_KEYS.map(|k| format!("`{k}`")).join(", ");
    format!("unknown option `{key}`, expected one of {expected}")
}
