//! The pure core of clausewrap: everything the clause-acceptance widget *decides*, with
//! nothing that touches a browser.
//!
//! A signup flow shows a customer a set of service rules. Under art. 496 of the PRC Civil
//! Code the provider must prove it drew the customer's attention to the clauses that
//! exempt or limit its liability; otherwise those clauses may not bind. This crate
//! parses such a document ([`markdown`] into the [`document`] model, where every bolded
//! passage is a *highlighted passage* with a stable id), runs the [`gate`] that keeps
//! "Agree" closed until the end and every highlighted passage have been seen, builds the
//! signed acceptance [`record`], writes RFC 8785 canonical [`json`], hashes documents
//! ([`hash`]) and verifies records' Ed25519 signatures.
//!
//! It imports no web crates: time, randomness and keys are passed in, so the same code
//! runs in the wasm widget, in native tests and in command-line tools.
//!
//! ```
//! use chrono::{DateTime, Utc};
//! use clausewrap_core::gate::{GateEvent, GateStatus, Outcome, ReadingGate};
//! use clausewrap_core::markdown;
//!
//! let text = "---\nid: demo\ntitle: Demo rules\nversion: 1\nlang: en\n---\n\
//!             1. You may use the service.\n2. **We are not liable for lost data.**\n";
//! let document = markdown::parse(text.as_bytes())?;
//! assert_eq!(document.passages[0].id, "c2-h1");
//!
//! let t = |ms| DateTime::<Utc>::from_timestamp_millis(ms).unwrap();
//! let mut gate = ReadingGate::new(document.passages.len(), t(0));
//! gate.apply(GateEvent::EndVisible, t(900)); // pressed End: the passage was skipped
//! assert_eq!(gate.apply(GateEvent::AgreePressed, t(1000)), Outcome::Refused);
//! gate.apply(GateEvent::PassageShown(0), t(1500)); // scrolled back: the passage in view…
//! gate.apply(GateEvent::Tick, t(1800));             // …long enough to count as seen
//! assert_eq!(gate.status(), GateStatus::Ready);
//! assert_eq!(gate.apply(GateEvent::AgreePressed, t(2000)), Outcome::Accepted);
//! # Ok::<(), clausewrap_core::markdown::DocumentError>(())
//! ```
#![forbid(unsafe_code)]

pub mod base64url;
pub mod diff;
pub mod document;
pub mod gate;
pub mod hash;
pub mod json;
pub mod lint;
pub mod markdown;
pub mod record;
