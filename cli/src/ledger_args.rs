//! The arguments of the ledger commands: `serve`, `keygen`, `ledger verify`,
//! `ledger export`.

use std::ffi::OsString;
use std::path::PathBuf;

use crate::args::{Command, Topic, UsageError};

#[derive(Debug, PartialEq, Eq)]
pub struct StoreArgs {
    /// `--data DIR`: the SQLite file and the default key live here.
    pub data: PathBuf,
    /// `--database-url URL`; else `DATABASE_URL` is read when the command runs.
    pub database_url: Option<String>,
    /// `--key FILE`.
    pub key: Option<PathBuf>,
}

impl Default for StoreArgs {
    fn default() -> Self {
        StoreArgs { data: PathBuf::from("data"), database_url: None, key: None }
    }
}

impl StoreArgs {
    pub fn key_path(&self) -> PathBuf {
        self.key.clone().unwrap_or_else(|| self.data.join("ledger.key"))
    }
}

#[derive(Debug, PartialEq, Eq)]
pub struct ServeArgs {
    pub listen: String,
    pub store: StoreArgs,
    /// `--documents PATH`, repeatable: files or folders of documents to publish.
    pub documents: Vec<PathBuf>,
    pub site: Option<PathBuf>,
    pub max_body: usize,
    pub rate_limit: u32,
    pub nonce_ttl: u64,
    pub require_nonce: bool,
}

impl Default for ServeArgs {
    fn default() -> Self {
        ServeArgs {
            listen: "127.0.0.1:8080".to_owned(),
            store: StoreArgs::default(),
            documents: Vec::new(),
            site: None,
            max_body: 262_144,
            rate_limit: 50,
            nonce_ttl: 900,
            require_nonce: false,
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum LedgerAction {
    Verify,
    Export,
}

#[derive(Debug, PartialEq, Eq)]
pub struct LedgerArgs {
    pub action: LedgerAction,
    pub store: StoreArgs,
    /// `--public-key KEY`: the ledger key the receipts must be signed with.
    pub public_key: Option<String>,
    /// `--out FILE` for export.
    pub out: Option<PathBuf>,
    pub json: bool,
}

/// Parses the arguments of `topic` (one of the ledger commands).
pub fn parse(topic: Topic, args: &[OsString]) -> Result<Command, UsageError> {
    let fail = |message: String| UsageError { topic: Some(topic), message };
    let mut args = args.iter().map(|a| a.to_string_lossy().into_owned()).collect::<Vec<_>>().into_iter().peekable();
    let action = match topic {
        Topic::Ledger => match args.next().as_deref() {
            Some("verify") => Some(LedgerAction::Verify),
            Some("export") => Some(LedgerAction::Export),
            Some("-h" | "--help") | None => return Ok(Command::Help(Some(topic))),
            Some(other) => return Err(fail(format!("'ledger {other}' is not a command; use 'ledger verify' or 'ledger export'"))),
        },
        _ => None,
    };
    let mut serve = ServeArgs::default();
    let mut public_key = None;
    let mut out = None;
    let mut json = false;
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name.to_owned(), Some(value.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut value = |what: &str| inline.clone().or_else(|| args.next()).ok_or_else(|| fail(format!("{name} needs {what} after it")));
        let number = |text: String, what: &str| text.parse::<u64>().map_err(|_| fail(format!("{name} needs {what}, not '{text}'")));
        match (topic, name.as_str()) {
            (_, "-h" | "--help") => return Ok(Command::Help(Some(topic))),
            (Topic::Serve | Topic::Keygen | Topic::Ledger, "--data") => serve.store.data = value("a folder")?.into(),
            (Topic::Serve | Topic::Ledger, "--database-url") => serve.store.database_url = Some(value("a postgres:// URL")?),
            (Topic::Serve | Topic::Ledger, "--key") => serve.store.key = Some(value("a key file")?.into()),
            (Topic::Keygen | Topic::Ledger, "--out") => out = Some(PathBuf::from(value("a file")?)),
            (Topic::Ledger, "--public-key") => public_key = Some(value("a public key")?),
            (Topic::Keygen | Topic::Ledger, "--json") => json = true,
            (Topic::Serve, "--listen") => serve.listen = value("an address such as 127.0.0.1:8080")?,
            (Topic::Serve, "--documents") => serve.documents.push(value("a document file or folder")?.into()),
            (Topic::Serve, "--site") => serve.site = Some(value("a folder")?.into()),
            (Topic::Serve, "--max-body") => serve.max_body = usize::try_from(number(value("a size in bytes")?, "a size in bytes")?).unwrap_or(usize::MAX),
            (Topic::Serve, "--rate-limit") => serve.rate_limit = u32::try_from(number(value("requests per second")?, "requests per second")?).unwrap_or(u32::MAX),
            (Topic::Serve, "--nonce-ttl") => serve.nonce_ttl = number(value("seconds")?, "seconds")?,
            (Topic::Serve, "--require-nonce") => serve.require_nonce = true,
            _ => return Err(fail(format!("unknown option '{name}' for {}", topic.name()))),
        }
    }
    if topic == Topic::Serve && !(1..=86_400).contains(&serve.nonce_ttl) {
        return Err(fail("--nonce-ttl must be between 1 and 86400 seconds".to_owned()));
    }
    if topic == Topic::Serve && serve.max_body < 1024 {
        return Err(fail("--max-body below 1024 bytes would refuse every record".to_owned()));
    }
    Ok(match (topic, action) {
        (Topic::Serve, _) => Command::Serve(serve),
        (Topic::Keygen, _) => Command::Keygen { out: out.unwrap_or_else(|| serve.store.key_path()), json },
        (_, Some(action)) => Command::Ledger(LedgerArgs { action, store: serve.store, public_key, out, json }),
        _ => Command::Help(Some(topic)),
    })
}
