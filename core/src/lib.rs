//! clausewrap-core (crate docs to be written)
#![forbid(unsafe_code)]

pub mod base64url;
pub mod document;
pub mod gate;
pub mod hash;
pub mod json;
pub mod markdown;
pub mod record;
