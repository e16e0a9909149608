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
pub const OPTION_KEYS: [&str; 13] = [
    "src",
    "document",
    "sha256",
    "subject",
    "nonce",
    "endpoint",
    "lang",
    "requireAck",
    "minVisibleMs",
    "decline",
    "timeoutMs",
    "previous",
    "reacceptance",
];
/// The keys of the `previous` option's object.
pub const PREVIOUS_KEYS: [&str; 5] = ["version", "sha256", "src", "recordId", "acceptedAt"];

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
    /// The version the reader accepted before: shows what changed since, and gates on it.
    pub previous: Option<Previous>,
    /// Which changes call for re-acceptance: `any` (the default), `highlighted`, `none`.
    pub reacceptance: Option<String>,
}

/// The version of the document a reader accepted before (option `previous`): its front
/// matter version, the SHA-256 of its exact bytes, where those bytes are, and optionally
/// the record of that acceptance and when it was made.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Previous {
    pub version: String,
    pub sha256: String,
    pub src: String,
    /// The earlier record's `record_id` (base64url of 16 bytes).
    pub record_id: Option<String>,
    /// When it was accepted: an RFC 3339 date or date-time (the earlier record's `accepted_at`).
    pub accepted_at: Option<String>,
}

impl Previous {
    /// Checks the form of every member; returns it with the hash in lowercase.
    pub fn validated(mut self) -> Result<Previous, WidgetError> {
        let invalid = |message: &str| Err(WidgetError::InvalidOption(message.into()));
        if self.version.trim().is_empty() || self.src.trim().is_empty() {
            return invalid("`previous.version` and `previous.src` must not be empty");
        }
        self.sha256 = match lowercase_sha256(&self.sha256) {
            Some(hash) => hash,
            None => return invalid("`previous.sha256` must be 64 hexadecimal digits"),
        };
        if self.record_id.is_some() && self.record_id_bytes().is_none() {
            return invalid("`previous.recordId` must be a record id: 16 bytes in base64url (22 characters)");
        }
        if self.accepted_at.is_some() && self.accepted_on().is_none() {
            return invalid("`previous.acceptedAt` must be an RFC 3339 date or date-time, e.g. 2024-05-01T08:00:00.000Z");
        }
        Ok(self)
    }

    /// The earlier record's id as bytes, if given and well-formed.
    pub fn record_id_bytes(&self) -> Option<[u8; 16]> {
        let bytes = clausewrap_core::base64url::decode(self.record_id.as_deref()?).ok()?;
        bytes.try_into().ok()
    }

    /// The date the reader accepted on (`YYYY-MM-DD`, as written), if given and well-formed.
    pub fn accepted_on(&self) -> Option<&str> {
        let text = self.accepted_at.as_deref()?;
        let date = text.get(..10)?;
        let b = date.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        let shape = digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10);
        let (month, day) = (date.get(5..7)?, date.get(8..10)?);
        let in_range = ("01"..="12").contains(&month) && ("01"..="31").contains(&day);
        let rest = &text[10..];
        (shape && in_range && (rest.is_empty() || rest.starts_with(['T', 't']))).then_some(date)
    }
}

/// Which changes since the previous version require re-acceptance (option `reacceptance`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Policy {
    /// Any changed, added or removed section.
    #[default]
    Any,
    /// Only changes that touch a highlighted passage.
    Highlighted,
    /// None: the new version is shown as to a first-time reader.
    None,
}

impl Policy {
    pub const ALL: [Policy; 3] = [Policy::Any, Policy::Highlighted, Policy::None];

    /// The option's value: `any`, `highlighted` or `none`.
    pub fn name(self) -> &'static str {
        match self {
            Policy::Any => "any",
            Policy::Highlighted => "highlighted",
            Policy::None => "none",
        }
    }

    pub fn from_name(name: &str) -> Option<Policy> {
        Policy::ALL.into_iter().find(|p| p.name() == name)
    }
}

fn lowercase_sha256(text: &str) -> Option<String> {
    let hash = text.trim().to_ascii_lowercase();
    (hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit())).then_some(hash)
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
            match lowercase_sha256(pin) {
                Some(pin) => self.sha256 = Some(pin),
                None => return invalid("`sha256` must be 64 hexadecimal digits".into()),
            }
        }
        if let Some(previous) = self.previous.take() {
            self.previous = Some(previous.validated()?);
        }
        if self.reacceptance.as_deref().is_some_and(|p| Policy::from_name(p).is_none()) {
            return invalid("`reacceptance` must be \"any\", \"highlighted\" or \"none\"".into());
        }
        if self.min_visible_ms.is_some_and(|ms| ms > MAX_MIN_VISIBLE_MS) {
            return invalid(format!("`minVisibleMs` must be at most {MAX_MIN_VISIBLE_MS}"));
        }
        if self.timeout_ms.is_some_and(|ms| ms == 0 || ms > MAX_TIMEOUT_MS) {
            return invalid(format!("`timeoutMs` must be between 1 and {MAX_TIMEOUT_MS}"));
        }
        Ok(self)
    }

    /// The re-acceptance policy in effect.
    pub fn policy(&self) -> Policy {
        self.reacceptance.as_deref().and_then(Policy::from_name).unwrap_or_default()
    }

    /// The fetch timeout in effect.
    pub fn timeout(&self) -> u32 {
        self.timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS)
    }
}

/// The message for a key that is not an option, naming the ones there are.
pub fn unknown_option(key: &str) -> String {
    let expected = ["`", &OPTION_KEYS.join("`, `"), "`"].concat();
    format!("unknown option `{key}`, expected one of {expected}")
}

/// The message for a key that is not one of `previous`'s.
pub fn unknown_previous_key(key: &str) -> String {
    let expected = ["`", &PREVIOUS_KEYS.join("`, `"), "`"].concat();
    format!("unknown key `{key}` in `previous`, expected one of {expected}")
}
