//! The browser side of the shell: the few places that touch Web APIs directly.
//! Everything here is wiring; decisions live in the core and in `crate::state`.

pub mod browser;
pub mod courier;
pub mod fetch;
pub mod files;
pub mod js;
pub mod signer;
pub mod styles;
