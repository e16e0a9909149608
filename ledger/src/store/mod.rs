//! Where the ledger lives: a SQLite file by default, PostgreSQL when given a URL. Both
//! have the same schema (`migrations/`) and behave the same; the rules for appending are
//! one pure function ([`crate::append::decide`]) that each runs inside its own write
//! transaction.

mod postgres;
mod sqlite;

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use ed25519_dalek::SigningKey;

use crate::admission::Admitted;
use crate::documents::Published;
use crate::nonce::IssuedNonce;
use crate::problem::Problem;

/// Which database, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageConfig {
    Sqlite(PathBuf),
    Postgres(String),
}

/// What appending needs besides the record: the key that countersigns, the clock that
/// dates receipts, and the nonce rule.
#[derive(Clone)]
pub struct Sealer {
    pub key: SigningKey,
    pub clock: Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>,
    pub require_nonce: bool,
}

/// One stored entry: the record and its receipt, both canonical JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredEntry {
    pub sequence: u64,
    pub record_json: String,
    pub receipt_json: String,
}

/// The answer to an append.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Appended {
    /// A new entry; its receipt.
    Created(StoredEntry),
    /// The record was already stored; the receipt it got then.
    Existing(StoredEntry),
}

/// The last version of a document, and a subject's latest acceptance of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubjectStatus {
    pub latest_version: String,
    pub latest_sha256: String,
    /// The subject's acceptance of the latest version if there is one, else its last
    /// acceptance of any version.
    pub accepted: Option<Acceptance>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acceptance {
    pub record_id: String,
    pub version: String,
    pub sha256: String,
    pub accepted_at: String,
    pub received_at: String,
    pub sequence: u64,
}

/// A published document as listed: id, version, title, hash, publication order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    pub id: String,
    pub version: String,
    pub title: String,
    pub sha256: String,
    pub latest: bool,
}

/// An open ledger database.
#[derive(Clone)]
pub enum Store {
    Sqlite(sqlite::SqliteStore),
    Postgres(postgres::PgStore),
}

impl Store {
    /// Opens the database and brings its schema up to date.
    pub async fn open(config: &StorageConfig) -> Result<Store, String> {
        match config {
            StorageConfig::Sqlite(path) => Ok(Store::Sqlite(sqlite::SqliteStore::open(path.clone()).await?)),
            StorageConfig::Postgres(url) => Ok(Store::Postgres(postgres::PgStore::open(url).await?)),
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "sqlite",
            Store::Postgres(_) => "postgres",
        }
    }

    /// Publishes `documents` (in order) and returns every published document, old and new.
    /// A document whose id and version are published with other bytes is refused.
    pub async fn publish(&self, documents: Vec<Published>, now: DateTime<Utc>) -> Result<Vec<Published>, String> {
        match self {
            Store::Sqlite(s) => s.publish(documents, now).await,
            Store::Postgres(s) => s.publish(documents, now).await,
        }
    }

    /// Every published document, in the order published: a read, which takes no lock
    /// (`ledger verify` reads them while a server may be starting on the same database).
    pub async fn published(&self) -> Result<Vec<Published>, String> {
        match self {
            Store::Sqlite(s) => s.published().await,
            Store::Postgres(s) => s.published().await,
        }
    }

    pub async fn issue_nonce(&self, nonce: IssuedNonce) -> Result<(), Problem> {
        match self {
            Store::Sqlite(s) => s.issue_nonce(nonce).await,
            Store::Postgres(s) => s.issue_nonce(nonce).await,
        }
    }

    /// Appends the admitted record, or finds it already stored.
    pub async fn append(&self, admitted: Admitted, sealer: &Sealer) -> Result<Appended, Problem> {
        match self {
            Store::Sqlite(s) => s.append(admitted, sealer.clone()).await,
            Store::Postgres(s) => s.append(admitted, sealer).await,
        }
    }

    pub async fn entry(&self, record_id: &str) -> Result<Option<StoredEntry>, Problem> {
        match self {
            Store::Sqlite(s) => s.entry(record_id.to_owned()).await,
            Store::Postgres(s) => s.entry(record_id).await,
        }
    }

    /// Up to `limit` entries after sequence number `after`, in order.
    pub async fn entries(&self, after: u64, limit: u32) -> Result<Vec<StoredEntry>, Problem> {
        match self {
            Store::Sqlite(s) => s.entries(after, limit).await,
            Store::Postgres(s) => s.entries(after, limit).await,
        }
    }

    /// `None` when no document `document_id` is published.
    pub async fn status(&self, subject: &str, document_id: &str) -> Result<Option<SubjectStatus>, Problem> {
        match self {
            Store::Sqlite(s) => s.status(subject.to_owned(), document_id.to_owned()).await,
            Store::Postgres(s) => s.status(subject, document_id).await,
        }
    }

    pub async fn documents(&self) -> Result<Vec<Listed>, Problem> {
        match self {
            Store::Sqlite(s) => s.documents().await,
            Store::Postgres(s) => s.documents().await,
        }
    }

    /// The bytes of document `id` at `version`.
    pub async fn document_bytes(&self, id: &str, version: &str) -> Result<Option<Vec<u8>>, Problem> {
        match self {
            Store::Sqlite(s) => s.document_bytes(id.to_owned(), version.to_owned()).await,
            Store::Postgres(s) => s.document_bytes(id, version).await,
        }
    }

    /// How many entries the ledger has.
    pub async fn count(&self) -> Result<u64, Problem> {
        match self {
            Store::Sqlite(s) => s.count().await,
            Store::Postgres(s) => s.count().await,
        }
    }
}

/// Decides, for documents to publish against those already published (id, version,
/// sha256), which are new; refuses one published before with other bytes.
fn new_documents(documents: Vec<Published>, published: &[(String, String, String)]) -> Result<Vec<Published>, String> {
    let mut fresh = Vec::new();
    for document in documents {
        match published.iter().find(|(id, version, _)| *id == document.id && *version == document.version) {
            Some((_, _, sha256)) if *sha256 == document.sha256 => {}
            Some((_, _, sha256)) => {
                return Err(format!(
                    "document {} version {} is already published with SHA-256 {sha256}, and these bytes differ ({}); published versions are immutable: give the new text a new version",
                    document.id, document.version, document.sha256
                ))
            }
            None => fresh.push(document),
        }
    }
    Ok(fresh)
}
