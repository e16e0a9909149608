//! The `clausewrap-cli` command: see `clausewrap_cli` (and `--help`).
#![forbid(unsafe_code)]

use std::io::{stderr, stdin, stdout};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<_> = std::env::args_os().skip(1).collect();
    ExitCode::from(clausewrap_cli::run(&args, &mut stdin().lock(), &mut stdout().lock(), &mut stderr().lock()))
}
