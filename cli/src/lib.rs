//! The compliance side of clausewrap, as a native command line: `verify` acceptance records
//! (every check named, for the people who must rely on a record months later), `hash`
//! documents (which file is a record about?), `lint` documents (which liability clause did
//! the author forget to mark?), `diff` two versions of a document (what must readers see
//! again?). Everything it decides comes from `clausewrap_core`, the same code the widget
//! runs; this crate reads files and arguments and words the results.
//!
//! Exit codes: [`EXIT_OK`], [`EXIT_INVALID`], [`EXIT_INPUT`].
#![forbid(unsafe_code)]
// No panics on any input: the code that runs may not unwrap; unit tests may.
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod args;
mod diff;
mod hash;
pub mod help;
mod input;
mod ledger;
mod ledger_args;
mod lint;
mod output;
mod verify;

use std::ffi::OsString;
use std::io::{Read, Write};

use args::Command;
use output::Out;

/// Every record valid, no lint findings, every document hashed.
pub const EXIT_OK: u8 = 0;
/// An invalid record, a lint finding, or a document the widget refuses.
pub const EXIT_INVALID: u8 = 1;
/// Input that could not be read, or a command line that cannot be run. Wins over
/// [`EXIT_INVALID`]: a run that could not read everything is incomplete.
pub const EXIT_INPUT: u8 = 2;

/// Runs the command line `args` (without the program name) and returns the exit code.
pub fn run(args: &[OsString], stdin: &mut dyn Read, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    let mut out = Out::new(stdout);
    let mut err = Out::new(stderr);
    match args::parse(args) {
        Ok(Command::Help(topic)) => {
            out.line(help::text(topic).trim_end());
            EXIT_OK
        }
        Ok(Command::Version) => {
            out.line(&format!("{} {} (records: {})", help::PROGRAM, env!("CARGO_PKG_VERSION"), clausewrap_core::record::SCHEMA));
            EXIT_OK
        }
        Ok(Command::Verify(args)) => verify::run(&args, stdin, &mut out, &mut err),
        Ok(Command::Hash(args)) => hash::run(&args, &mut out, &mut err),
        Ok(Command::Lint(args)) => lint::run(&args, &mut out, &mut err),
        Ok(Command::Diff(args)) => diff::run(&args, &mut out, &mut err),
        Ok(Command::Serve(args)) => ledger::run_serve(&args, &mut out, &mut err),
        Ok(Command::Keygen { out: path, json }) => ledger::run_keygen(&path, json, &mut out, &mut err),
        Ok(Command::Ledger(args)) => ledger::run_ledger(&args, &mut out, &mut err),
        Err(usage) => {
            let help = match usage.topic {
                Some(topic) => format!("{} {} --help", help::PROGRAM, topic.name()),
                None => format!("{} --help", help::PROGRAM),
            };
            err.line(&format!("{}: {}", help::PROGRAM, usage.message));
            err.line(&format!("Run '{help}' for usage."));
            EXIT_INPUT
        }
    }
}
