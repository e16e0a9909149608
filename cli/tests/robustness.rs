//! Arbitrary input never makes the command panic: random bytes, damaged records, damaged
//! documents and random command lines, fed to `verify` and `lint` in process (thousands of
//! cases) and to the built binary (hundreds of files in a few runs). A seeded generator
//! keeps every failure reproducible.

mod support;

use std::ffi::OsString;
use std::path::Path;

use clausewrap_cli::{run as run_cli, EXIT_INPUT};
use support::{run, scratch, vectors, write, DEFAULT_DOCUMENT};

/// SplitMix64.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const PIECES: &[&[u8]] = &[
    b"{", b"}", b"[", b"]", b"\"", b",", b":", b"\\", b"\\u0000", b"\\ud800", b"0", b"1e999", b"-", b" ", b"\n", b"\r\n", b"null",
    b"**", b"<b>", b"---\n", b"1. ", b"\xff", b"\xef\xbb\xbf", "免责。".as_bytes(), b"\"schema\":\"clausewrap.acceptance.v1\"",
];

/// Random bytes, random pieces, or `base` damaged in a few places.
fn sample(rng: &mut Rng, base: &[u8]) -> Vec<u8> {
    match rng.below(4) {
        0 => (0..rng.below(300)).map(|_| rng.next() as u8).collect(),
        1 => (0..rng.below(80)).flat_map(|_| PIECES[rng.below(PIECES.len())].iter().copied()).collect(),
        _ => {
            let mut bytes = base.to_vec();
            for _ in 0..=rng.below(4) {
                let at = rng.below(bytes.len() + 1);
                if rng.below(2) == 0 && at < bytes.len() {
                    let end = (at + rng.below(12)).min(bytes.len());
                    bytes.drain(at..end);
                } else {
                    bytes.splice(at..at, PIECES[rng.below(PIECES.len())].iter().copied());
                }
            }
            bytes
        }
    }
}

fn run_in_process(args: &[OsString], stdin: &[u8]) -> (u8, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run_cli(args, &mut &stdin[..], &mut out, &mut err);
    let (out, err) = (String::from_utf8(out).expect("UTF-8 output"), String::from_utf8(err).expect("UTF-8 errors"));
    assert!(code <= EXIT_INPUT, "exit code {code}");
    (code, out, err)
}

fn os(args: &[&str]) -> Vec<OsString> {
    args.iter().map(OsString::from).collect()
}

/// Records as JSON Lines, arrays and single records, damaged, on standard input.
/// (Ed25519 checks are slow in unoptimised test builds, so the batches stay small.)
#[test]
fn verify_never_panics_in_process() {
    let records: Vec<String> = vectors("valid").iter().chain(&vectors("invalid")).map(|v| v.field("record").to_owned()).collect();
    let jsonl = records[..3].join("\n");
    let array = format!("[{}]", records[..3].join(","));
    let args = os(&["verify", "-", "--document", DEFAULT_DOCUMENT, "--json"]);
    let mut rng = Rng(496);
    let mut codes = [0; 3];
    for round in 0..2_000 {
        let base = match round % 6 {
            0 => jsonl.as_bytes(),
            1 => array.as_bytes(),
            _ => records[rng.below(records.len())].as_bytes(),
        };
        let input = sample(&mut rng, base);
        let (code, out, _) = run_in_process(&args, &input);
        codes[usize::from(code)] += 1;
        assert!(out.ends_with("}\n"), "the JSON result is always printed");
    }
    // The document is not the one the records are about, so none passes; input that holds
    // no records at all (empty, or not text) cannot be read.
    assert_eq!(codes[0], 0, "{codes:?}");
    assert!(codes[1] > 1_000 && codes[2] > 100, "{codes:?}");
}

/// Documents, damaged, through `lint` and `hash`.
#[test]
fn lint_and_hash_never_panic_in_process() {
    let dir = scratch("fuzz-lint");
    let base = std::fs::read(DEFAULT_DOCUMENT).unwrap();
    let mut rng = Rng(2019);
    for round in 0..1_500 {
        let path = write(&dir, &format!("d{}.md", round % 7), sample(&mut rng, &base));
        let name = path.to_string_lossy().into_owned();
        let (code, out, _) = run_in_process(&os(&["lint", &name]), b"");
        assert!(code <= 1, "{code}");
        assert!(out.lines().last().is_some_and(|l| l.starts_with(&format!("{name}: "))), "{out}");
        let (code, out, _) = run_in_process(&os(&["hash", &name]), b"");
        assert!(code <= 1 && out.starts_with(|c: char| c.is_ascii_hexdigit()), "{code}: {out}");
    }
}

/// Random command lines.
#[test]
fn any_command_line_is_answered() {
    let tokens = ["verify", "hash", "lint", "help", "--document", "--public-key", "--json", "-q", "--quiet", "-h", "--help", "-V", "-", "--", "--document=", "=", "x.json", DEFAULT_DOCUMENT, "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", "--bogus", ""];
    let mut rng = Rng(7);
    for _ in 0..2_000 {
        let args: Vec<&str> = (0..rng.below(7)).map(|_| tokens[rng.below(tokens.len())]).collect();
        let (code, out, err) = run_in_process(&os(&args), b"{}");
        assert!(!(out.is_empty() && err.is_empty()), "{args:?} says nothing");
        if code == EXIT_INPUT && out.is_empty() {
            assert!(err.starts_with("clausewrap: "), "{args:?}: {err}");
        }
    }
}

/// The built binary, with a few hundred damaged files per run.
#[test]
fn the_binary_never_panics_on_damaged_files() {
    let dir = scratch("fuzz-bin");
    let mut rng = Rng(8032);
    let record = vectors("valid")[0].field("record").to_owned();
    let document = std::fs::read(DEFAULT_DOCUMENT).unwrap();
    let records: Vec<OsString> = (0..200).map(|i| write(&dir, &format!("r{i}.json"), sample(&mut rng, record.as_bytes())).into()).collect();
    let documents: Vec<OsString> = (0..200).map(|i| write(&dir, &format!("d{i}.md"), sample(&mut rng, &document)).into()).collect();

    let mut args: Vec<OsString> = vec!["verify".into(), "--document".into(), DEFAULT_DOCUMENT.into()];
    args.extend(records.iter().cloned());
    let r = run(&args, b"");
    assert!(r.stdout.lines().last().is_some_and(|l| l.contains(" checked: ")), "{}", r.stdout);
    let json = run(&[args.as_slice(), &["--json".into()]].concat(), b"").json();
    assert!(json.get("summary").is_some());

    let mut args: Vec<OsString> = vec!["lint".into()];
    args.extend(documents.iter().cloned());
    let r = run(&args, b"");
    assert_eq!(r.code, 1, "some damaged document has findings");
    let summaries = r.stdout.lines().filter(|l| documents.iter().any(|d| l.starts_with(&format!("{}: ", Path::new(d).display())))).count();
    assert_eq!(summaries, documents.len(), "one summary line per file");
    let r = run(&[&["lint".into(), "--json".into()], documents.as_slice()].concat(), b"");
    assert!(r.json().get("files").and_then(|f| f.as_array()).is_some_and(|f| f.len() == documents.len()));
}
