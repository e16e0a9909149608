//! The `clausewrap` command: see `clausewrap_cli` (and `--help`).
#![forbid(unsafe_code)]

use std::io::{stderr, stdin, stdout, BufWriter, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<_> = std::env::args_os().skip(1).collect();
    // Buffered: a backend export can hold many thousands of records, a line or more each.
    // Not locked for the whole run: `serve` logs to standard error from other threads.
    let mut out = BufWriter::new(stdout());
    let code = clausewrap_cli::run(&args, &mut stdin(), &mut out, &mut stderr());
    // A closed output (say, `| head`) is not a failure of the check.
    let _ = out.flush();
    ExitCode::from(code)
}
