//! The `clausewrap` command: see `clausewrap_cli` (and `--help`).
#![forbid(unsafe_code)]

use std::io::{stderr, stdin, stdout, BufWriter, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<_> = std::env::args_os().skip(1).collect();
    // Buffered: a backend export can hold many thousands of records, a line or more each.
    let mut out = BufWriter::new(stdout().lock());
    let code = clausewrap_cli::run(&args, &mut stdin().lock(), &mut out, &mut stderr().lock());
    // A closed output (say, `| head`) is not a failure of the check.
    let _ = out.flush();
    ExitCode::from(code)
}
