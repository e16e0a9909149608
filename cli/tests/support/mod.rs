//! Running the built `clausewrap` binary, and the files its tests share.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use clausewrap_core::json::{self, Value};

pub const BIN: &str = env!("CARGO_BIN_EXE_clausewrap");
pub const DEFAULT_DOCUMENT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../static/face-recognition-service-rules.md");

/// What a run of the binary gave.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The `--json` output.
    pub fn json(&self) -> Value {
        json::parse(self.stdout.trim_end()).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }
}

/// Runs the binary with `args`, feeding `stdin`; checks that it neither panicked nor
/// printed Rust debug output.
pub fn run<S: AsRef<OsStr>>(args: &[S], stdin: &[u8]) -> Run {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    // A command that does not read standard input may exit before taking all of it.
    let _ = child.stdin.take().expect("stdin").write_all(stdin);
    let output = child.wait_with_output().expect("the binary runs");
    let run = Run {
        code: output.status.code().expect("exited, not killed by a signal"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    };
    for marker in ["panicked", "RUST_BACKTRACE", "Error {", "Os {", "Some(", "Ok("] {
        assert!(!run.stderr.contains(marker) && !run.stdout.contains(marker), "debug output or a panic ({marker}): {run:?}");
    }
    assert!([0, 1, 2].contains(&run.code), "{run:?}");
    run
}

/// A fresh directory for one test's files.
pub fn scratch(test: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{test}-{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed)));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write a scratch file");
    path
}

/// A vector file of `tests/vectors/`.
pub struct Vector {
    pub path: PathBuf,
    pub value: Value,
}

impl Vector {
    pub fn field(&self, name: &str) -> &str {
        self.value.get(name).and_then(Value::as_str).unwrap_or_else(|| panic!("{}: no {name}", self.path.display()))
    }

    pub fn name(&self) -> String {
        self.path.file_stem().unwrap().to_string_lossy().into_owned()
    }
}

/// The vectors in `tests/vectors/<kind>/`, by file name.
pub fn vectors(kind: &str) -> Vec<Vector> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors").join(kind);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "json")).collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let value = json::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
            Vector { path, value }
        })
        .collect()
}
