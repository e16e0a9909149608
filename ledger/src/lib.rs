//! The acceptance ledger behind `clausewrap serve`.
#![forbid(unsafe_code)]

pub mod admission;
pub mod documents;
pub mod keyfile;
pub mod nonce;
pub mod problem;
pub mod receipt;
pub mod sample;
pub mod append;
pub mod chain;
pub mod store;
pub mod server;
