//! The command line, read by hand: a few commands with a few options each do not need a
//! parser crate, and writing it out keeps every error message one a reader can act on.

use std::ffi::{OsStr, OsString};

pub use crate::ledger_args::{LedgerAction, LedgerArgs, ServeArgs, StoreArgs};

/// A command to run.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    /// `--help`, `help [COMMAND]`, `COMMAND --help`.
    Help(Option<Topic>),
    Version,
    Verify(VerifyArgs),
    Hash(FileArgs),
    Lint(LintArgs),
    Diff(DiffArgs),
    Serve(ServeArgs),
    /// Where to write the new key, and whether to answer in JSON.
    Keygen { out: std::path::PathBuf, json: bool },
    Ledger(LedgerArgs),
}

/// A command with its own help text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topic {
    Verify,
    Hash,
    Lint,
    Diff,
    Serve,
    Keygen,
    Ledger,
}

impl Topic {
    pub fn name(self) -> &'static str {
        match self {
            Topic::Verify => "verify",
            Topic::Hash => "hash",
            Topic::Lint => "lint",
            Topic::Diff => "diff",
            Topic::Serve => "serve",
            Topic::Keygen => "keygen",
            Topic::Ledger => "ledger",
        }
    }

    fn from_name(name: &str) -> Option<Topic> {
        [Topic::Verify, Topic::Hash, Topic::Lint, Topic::Diff, Topic::Serve, Topic::Keygen, Topic::Ledger].into_iter().find(|t| t.name() == name)
    }
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct VerifyArgs {
    /// Record files; `-` is standard input.
    pub records: Vec<OsString>,
    pub documents: Vec<OsString>,
    /// As given; checked when the keys are read.
    pub public_keys: Vec<String>,
    pub json: bool,
    /// Print only invalid records and the summary.
    pub quiet: bool,
    /// `--ledger-key KEY`: the key ledger receipts must be signed with.
    pub ledger_key: Option<String>,
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct FileArgs {
    pub files: Vec<OsString>,
    pub json: bool,
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct LintArgs {
    pub files: Vec<OsString>,
    pub json: bool,
    /// `--previous OLD`: the version readers accepted before, to find highlights lost since.
    pub previous: Option<OsString>,
}

/// `diff OLD NEW`: two versions of a document.
#[derive(Debug, PartialEq, Eq)]
pub struct DiffArgs {
    pub old: OsString,
    pub new: OsString,
    pub json: bool,
}

/// A command line that cannot be run, and why.
#[derive(Debug, PartialEq, Eq)]
pub struct UsageError {
    /// The command it was for, if known, so that the message can point at its help.
    pub topic: Option<Topic>,
    pub message: String,
}

fn usage(topic: Option<Topic>, message: impl Into<String>) -> UsageError {
    UsageError { topic, message: message.into() }
}

/// Reads the arguments after the program name.
pub fn parse(args: &[OsString]) -> Result<Command, UsageError> {
    let Some((first, rest)) = args.split_first() else {
        return Ok(Command::Help(None));
    };
    let first = first.to_string_lossy();
    match first.as_ref() {
        "-h" | "--help" => Ok(Command::Help(None)),
        "-V" | "--version" => Ok(Command::Version),
        "help" => match rest.first().map(|a| a.to_string_lossy()) {
            None => Ok(Command::Help(None)),
            Some(name) => Topic::from_name(&name)
                .map(|topic| Command::Help(Some(topic)))
                .ok_or_else(|| usage(None, format!("there is no command '{name}'; the commands are verify, hash, lint, diff, serve, keygen and ledger"))),
        },
        name => match Topic::from_name(name) {
            Some(topic) => parse_command(topic, rest),
            None if name.starts_with('-') => Err(usage(None, format!("unknown option '{name}'; put a command first: verify, hash, lint, diff, serve, keygen or ledger"))),
            None => Err(usage(None, format!("there is no command '{name}'; the commands are verify, hash, lint, diff, serve, keygen and ledger"))),
        },
    }
}

fn parse_command(topic: Topic, args: &[OsString]) -> Result<Command, UsageError> {
    if matches!(topic, Topic::Serve | Topic::Keygen | Topic::Ledger) {
        return crate::ledger_args::parse(topic, args);
    }
    let mut verify = VerifyArgs::default();
    let mut previous = None;
    let mut positional = Vec::new();
    let mut json = false;
    let mut iter = args.iter();
    let mut options_done = false;
    while let Some(arg) = iter.next() {
        let text = arg.to_string_lossy();
        if options_done || text == "-" || !text.starts_with('-') {
            positional.push(arg.clone());
            continue;
        }
        let (name, inline_value) = match text.split_once('=') {
            Some((name, _)) if name.starts_with("--") => (name.to_owned(), Some(value_after_equals(arg, name.len()))),
            _ => (text.clone().into_owned(), None),
        };
        let mut value = |what: &str| -> Result<OsString, UsageError> {
            inline_value.clone().or_else(|| iter.next().cloned()).ok_or_else(|| usage(Some(topic), format!("{name} needs {what} after it")))
        };
        match (topic, name.as_str()) {
            (_, "--") => options_done = true,
            (_, "-h" | "--help") => return Ok(Command::Help(Some(topic))),
            (_, "--json") => json = true,
            (Topic::Verify, "-q" | "--quiet") => verify.quiet = true,
            (Topic::Verify, "--document") => verify.documents.push(value("a document file")?),
            (Topic::Verify, "--public-key") => verify.public_keys.push(value("a public key")?.to_string_lossy().into_owned()),
            (Topic::Verify, "--ledger-key") => verify.ledger_key = Some(value("a public key")?.to_string_lossy().into_owned()),
            (Topic::Lint, "--previous") if previous.is_none() => previous = Some(value("the previous version's file")?),
            (Topic::Lint, "--previous") => return Err(usage(Some(topic), "--previous may be given once: the one version readers accepted before")),
            _ => return Err(usage(Some(topic), format!("unknown option '{name}' for {}", topic.name()))),
        }
        if inline_value.is_some() && matches!(name.as_str(), "--json" | "--quiet" | "--help") {
            return Err(usage(Some(topic), format!("{name} takes no value")));
        }
    }
    match topic {
        Topic::Verify => {
            if verify.documents.is_empty() {
                return Err(usage(
                    Some(topic),
                    "give the document the records are about with --document FILE: the exact file that was shown to the readers",
                ));
            }
            if positional.is_empty() {
                return Err(usage(Some(topic), "give at least one record file to verify (or - to read records from standard input)"));
            }
            verify.records = positional;
            verify.json = json;
            Ok(Command::Verify(verify))
        }
        Topic::Serve | Topic::Keygen | Topic::Ledger => crate::ledger_args::parse(topic, args),
        Topic::Hash | Topic::Lint | Topic::Diff => {
            if positional.is_empty() {
                return Err(usage(Some(topic), match topic {
                    Topic::Diff => "give the two versions to compare: OLD NEW".to_owned(),
                    _ => format!("give at least one document file to {}", topic.name()),
                }));
            }
            if positional.iter().chain(&previous).any(|p| p.as_os_str() == OsStr::new("-")) {
                return Err(usage(Some(topic), format!("{} reads files, not standard input; save the document to a file first", topic.name())));
            }
            Ok(match topic {
                Topic::Hash => Command::Hash(FileArgs { files: positional, json }),
                Topic::Lint => Command::Lint(LintArgs { files: positional, json, previous }),
                _ => match <[OsString; 2]>::try_from(positional) {
                    Ok([old, new]) => Command::Diff(DiffArgs { old, new, json }),
                    Err(given) => {
                        let given = if given.len() == 1 { "only one was given".to_owned() } else { format!("{} were given", given.len()) };
                        return Err(usage(Some(topic), format!("diff compares two files, OLD and NEW; {given}")));
                    }
                },
            })
        }
    }
}

/// The part of `arg` after `--name=`. A file name that is not UTF-8 reaches the file system
/// unchanged only in the `--name VALUE` form; here it is read as UTF-8 as far as possible.
fn value_after_equals(arg: &OsStr, name_len: usize) -> OsString {
    let bytes = arg.as_encoded_bytes();
    OsString::from(String::from_utf8_lossy(bytes.get(name_len + 1..).unwrap_or_default()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    fn parsed(list: &[&str]) -> Result<Command, UsageError> {
        parse(&args(list))
    }

    #[test]
    fn commands_and_options() {
        assert_eq!(parsed(&[]), Ok(Command::Help(None)));
        assert_eq!(parsed(&["help", "lint"]), Ok(Command::Help(Some(Topic::Lint))));
        assert_eq!(parsed(&["verify", "--help"]), Ok(Command::Help(Some(Topic::Verify))));
        assert_eq!(parsed(&["--version"]), Ok(Command::Version));
        let Ok(Command::Verify(v)) = parsed(&["verify", "a.json", "--document=d.md", "--public-key", "K", "-", "--json", "-q", "--", "--odd"]) else {
            panic!()
        };
        assert_eq!(v.records, args(&["a.json", "-", "--odd"]));
        assert_eq!(v.documents, args(&["d.md"]));
        assert_eq!(v.public_keys, ["K"]);
        assert!(v.json && v.quiet);
        assert_eq!(parsed(&["lint", "x.md", "--json"]), Ok(Command::Lint(LintArgs { files: args(&["x.md"]), json: true, previous: None })));
        let lint = LintArgs { files: args(&["x.md"]), json: false, previous: Some("o.md".into()) };
        assert_eq!(parsed(&["lint", "--previous=o.md", "x.md"]), Ok(Command::Lint(lint)));
        let diff = DiffArgs { old: "a.md".into(), new: "b.md".into(), json: true };
        assert_eq!(parsed(&["diff", "a.md", "--json", "b.md"]), Ok(Command::Diff(diff)));
    }

    #[test]
    fn usage_errors_say_what_to_do() {
        let message = |list: &[&str]| parsed(list).unwrap_err().message;
        assert!(message(&["verify", "a.json"]).contains("--document FILE"));
        assert!(message(&["verify", "--document", "d.md"]).contains("at least one record file"));
        assert!(message(&["verify", "a.json", "--document"]).contains("--document needs a document file"));
        assert!(message(&["verify", "--frobnicate"]).contains("unknown option '--frobnicate' for verify"));
        assert!(message(&["lint", "--document", "x"]).contains("unknown option '--document' for lint"));
        assert!(message(&["hash"]).contains("at least one document file"));
        assert!(message(&["lint", "-"]).contains("not standard input"));
        assert!(message(&["sign"]).contains("there is no command 'sign'"));
        assert!(message(&["--json=1", "x"]).contains("put a command first"));
        assert!(message(&["lint", "--json=yes", "x"]).contains("--json takes no value"));
        assert!(message(&["lint", "x", "--previous"]).contains("--previous needs the previous version's file"));
        assert!(message(&["lint", "x", "--previous", "a", "--previous", "b"]).contains("may be given once"));
        assert!(message(&["lint", "x", "--previous", "-"]).contains("not standard input"));
        assert!(message(&["diff", "a"]).contains("only one was given"));
        assert!(message(&["diff"]).contains("OLD NEW"));
        assert!(message(&["diff", "a", "b", "--previous", "c"]).contains("unknown option '--previous' for diff"));
    }
}
