//! `serve`, `keygen`, `ledger verify` and `ledger export`: the command-line face of
//! `clausewrap_ledger`.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;

use clausewrap_core::base64url;
use clausewrap_core::json::{self, canonical_json, Value};
use clausewrap_ledger::chain::ChainWalker;
use clausewrap_ledger::documents::{load, Published};
use clausewrap_ledger::keyfile;
use clausewrap_ledger::server::{serve, ServeConfig};
use clausewrap_ledger::store::{StorageConfig, Store};

use crate::args::{LedgerAction, LedgerArgs, ServeArgs, StoreArgs};
use crate::output::{number, object, string, Out};
use crate::{EXIT_INPUT, EXIT_INVALID, EXIT_OK};

/// Entries read from the database at a time.
const BATCH: u32 = 500;

fn storage(store: &StoreArgs) -> StorageConfig {
    let url = store.database_url.clone().or_else(|| std::env::var("DATABASE_URL").ok()).filter(|url| !url.is_empty());
    match url {
        Some(url) => StorageConfig::Postgres(url),
        None => StorageConfig::Sqlite(store.data.join("ledger.sqlite3")),
    }
}

fn fail(err: &mut Out<'_>, message: &str) -> u8 {
    err.line(&format!("{}: {message}", crate::help::PROGRAM));
    EXIT_INPUT
}

pub fn run_serve(args: &ServeArgs, out: &mut Out<'_>, err: &mut Out<'_>) -> u8 {
    let listen: SocketAddr = match args.listen.parse() {
        Ok(listen) => listen,
        Err(_) => return fail(err, &format!("--listen {}: not an address such as 127.0.0.1:8080", args.listen)),
    };
    let key = match keyfile::load(&args.store.key_path()) {
        Ok(key) => key,
        Err(message) => return fail(err, &message),
    };
    let documents = if args.documents.is_empty() {
        vec![Published::default_document()]
    } else {
        match load(&args.documents) {
            Ok(documents) => documents,
            Err(message) => return fail(err, &message),
        }
    };
    let site = args.site.clone().or_else(|| Some(PathBuf::from("dist")).filter(|d| d.join("index.html").is_file()));
    if let Some(site) = site.as_ref().filter(|s| !s.is_dir()) {
        return fail(err, &format!("--site {}: not a folder", site.display()));
    }
    let config = ServeConfig {
        listen,
        storage: storage(&args.store),
        key,
        documents,
        site,
        max_body: args.max_body,
        rate_limit: args.rate_limit,
        nonce_ttl_seconds: args.nonce_ttl,
        require_nonce: args.require_nonce,
    };
    // Tests and scripts wait for this line: the server accepts connections from here on.
    let mut ready = |address: SocketAddr| {
        out.line(&format!("listening on http://{address}"));
        out.flush();
    };
    match serve(config, &mut ready) {
        Ok(()) => EXIT_OK,
        Err(message) => fail(err, &message),
    }
}

pub fn run_keygen(path: &std::path::Path, json: bool, out: &mut Out<'_>, err: &mut Out<'_>) -> u8 {
    let mut seed = [0u8; 32];
    if let Err(e) = getrandom::fill(&mut seed) {
        return fail(err, &format!("no randomness for a key: {e}"));
    }
    match keyfile::create(path, seed) {
        Ok(key) => {
            let public = base64url::encode(&key.verifying_key().to_bytes());
            if json {
                out.json(&object(vec![("key_file", string(path.display().to_string())), ("public_key", string(public))]));
            } else {
                out.line(&format!("wrote {} (mode 0600); ledger public key: {public}", path.display()));
            }
            EXIT_OK
        }
        Err(message) => fail(err, &message),
    }
}

pub fn run_ledger(args: &LedgerArgs, out: &mut Out<'_>, err: &mut Out<'_>) -> u8 {
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => return fail(err, &format!("cannot start: {e}")),
    };
    runtime.block_on(async {
        let store = match Store::open(&storage(&args.store)).await {
            Ok(store) => store,
            Err(message) => return fail(err, &message),
        };
        match args.action {
            LedgerAction::Export => export(&store, args, out, err).await,
            LedgerAction::Verify => verify(&store, args, out, err).await,
        }
    })
}

async fn export(store: &Store, args: &LedgerArgs, out: &mut Out<'_>, err: &mut Out<'_>) -> u8 {
    let mut file = match &args.out {
        None => None,
        Some(path) => match std::fs::File::create(path) {
            Ok(file) => Some(std::io::BufWriter::new(file)),
            Err(e) => return fail(err, &format!("cannot write {}: {e}", path.display())),
        },
    };
    let (mut after, mut count) = (0, 0u64);
    loop {
        let batch = match store.entries(after, BATCH).await {
            Ok(batch) => batch,
            Err(problem) => return fail(err, &problem.detail),
        };
        let Some(last) = batch.last() else { break };
        after = last.sequence;
        for entry in &batch {
            let (Ok(record), Ok(receipt)) = (json::parse(&entry.record_json), json::parse(&entry.receipt_json)) else {
                return fail(err, &format!("entry {} is not JSON in the database; run 'ledger verify'", entry.sequence));
            };
            let line = canonical_json(&Value::Object(vec![("receipt".to_owned(), receipt), ("record".to_owned(), record)]));
            match &mut file {
                Some(file) => {
                    if let Err(e) = writeln!(file, "{line}") {
                        return fail(err, &format!("cannot write the export: {e}"));
                    }
                }
                None => out.line(&line),
            }
            count += 1;
        }
    }
    if let Some(Err(e)) = file.as_mut().map(Write::flush) {
        return fail(err, &format!("cannot write the export: {e}"));
    }
    err.line(&format!("{}: exported {count} entries", crate::help::PROGRAM));
    EXIT_OK
}

async fn verify(store: &Store, args: &LedgerArgs, out: &mut Out<'_>, err: &mut Out<'_>) -> u8 {
    let pinned = match ledger_key(args) {
        Ok(key) => key,
        Err(message) => return fail(err, &message),
    };
    let documents = match store.published().await {
        Ok(documents) => documents,
        Err(message) => return fail(err, &message),
    };
    let mut walker = ChainWalker::new(&documents, pinned);
    let mut after = 0;
    let broken = loop {
        let batch = match store.entries(after, BATCH).await {
            Ok(batch) => batch,
            Err(problem) => return fail(err, &problem.detail),
        };
        let Some(last) = batch.last() else { break None };
        after = last.sequence;
        if let Some(broken) = batch.iter().find_map(|entry| walker.push(entry).err()) {
            break Some(broken);
        }
    };
    let walked = walker.head().sequence;
    let broken = match (broken, store.count().await) {
        (Some(broken), _) => Some(broken.to_string()),
        (None, Ok(head)) if head != walked => Some(format!("the ledger's head says {head} entries, but {walked} are stored: entries were removed")),
        (None, Ok(_)) => None,
        (None, Err(problem)) => return fail(err, &problem.detail),
    };
    let key = walker.ledger_key().map(|k| base64url::encode(&k));
    if args.json {
        out.json(&object(vec![
            ("command", string("ledger verify")),
            ("storage", string(store.kind())),
            ("entries", number(usize::try_from(walked).unwrap_or(usize::MAX))),
            ("ledger_key", key.clone().map_or(Value::Null, string)),
            ("key_pinned", Value::Bool(pinned.is_some())),
            ("head", string(walker.head().entry_hash.clone())),
            ("valid", Value::Bool(broken.is_none())),
            ("first_broken_link", broken.clone().map_or(Value::Null, string)),
        ]));
    } else if let Some(broken) = &broken {
        out.line(&format!("BROKEN after {walked} good entries: {broken}"));
    } else {
        let key = key.map(|k| format!(", ledger key {k}{}", if pinned.is_some() { "" } else { " (not pinned: give --key or --public-key)" })).unwrap_or_default();
        out.line(&format!("ledger OK: {walked} entries, head {}{key}", walker.head().entry_hash));
    }
    if broken.is_some() {
        EXIT_INVALID
    } else {
        EXIT_OK
    }
}

/// The key receipts must be signed with: `--public-key`, else the public half of `--key`
/// (or of the default key file, if there is one).
fn ledger_key(args: &LedgerArgs) -> Result<Option<[u8; 32]>, String> {
    if let Some(text) = &args.public_key {
        let bytes = base64url::decode(text).ok().and_then(|b| <[u8; 32]>::try_from(b).ok());
        return bytes.map(Some).ok_or_else(|| format!("--public-key {text}: not a base64url Ed25519 public key (43 characters)"));
    }
    let path = args.store.key_path();
    if args.store.key.is_none() && !path.exists() {
        return Ok(None);
    }
    keyfile::load(&path).map(|key| Some(key.verifying_key().to_bytes()))
}
