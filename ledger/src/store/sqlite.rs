//! The SQLite ledger: one file in WAL mode with `synchronous=FULL`, so that a receipt is
//! only answered once its entry is on disk. One connection writes (SQLite has one writer
//! anyway), another reads; both are used from blocking threads.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use clausewrap_core::record::{format_timestamp, parse_timestamp};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use super::{new_documents, Acceptance, Appended, Listed, Sealer, StoredEntry, SubjectStatus};
use crate::admission::Admitted;
use crate::append::{decide, Decision, Found};
use crate::documents::Published;
use crate::nonce::IssuedNonce;
use crate::problem::Problem;
use crate::receipt::ChainHead;

const MIGRATIONS: &[(i64, &str)] = &[(1, include_str!("../../migrations/sqlite/0001_init.sql"))];

#[derive(Clone)]
pub struct SqliteStore {
    writer: Arc<Mutex<Connection>>,
    reader: Arc<Mutex<Connection>>,
}

fn storage(e: impl std::fmt::Display) -> Problem {
    Problem::storage(format!("SQLite: {e}"))
}

/// How long a statement waits for another connection's lock.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

fn connect(path: &PathBuf) -> rusqlite::Result<Connection> {
    let connection = Connection::open(path)?;
    connection.busy_timeout(BUSY_TIMEOUT)?;
    connection.pragma_update(None, "journal_mode", "WAL")?;
    connection.pragma_update(None, "synchronous", "FULL")?;
    connection.pragma_update(None, "foreign_keys", "ON")?;
    Ok(connection)
}

/// Both connections, the file migrated. Run again by [`SqliteStore::open`] while another
/// connection, of this process or another, holds a lock that SQLite will not wait for.
fn connect_migrated(path: &PathBuf) -> rusqlite::Result<(Connection, Connection)> {
    let mut writer = connect(path)?;
    migrate(&mut writer)?;
    let reader = connect(path)?;
    Ok((writer, reader))
}

/// SQLite answers "busy" without calling the busy handler where waiting could deadlock:
/// switching a new file to WAL while another connection does, or a read lock that must
/// become a write lock. Stores opened together on one new file meet the first: about one
/// opening in a hundred failed with "database is locked" (tests/sqlite_open.rs).
fn busy(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked))
}

fn migrate(connection: &mut Connection) -> rusqlite::Result<()> {
    // In a write transaction from the start (BEGIN IMMEDIATE waits for the lock), not a read
    // that would have to become a write.
    let tx = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute_batch("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")?;
    tx.commit()?;
    for (version, sql) in MIGRATIONS {
        let tx = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let applied: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = ?1)", [version], |row| row.get(0))?;
        if !applied {
            tx.execute_batch(sql)?;
            tx.execute("INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)", params![version, format_timestamp(Utc::now())])?;
        }
        tx.commit()?;
    }
    Ok(())
}

fn time(text: Option<String>) -> Option<DateTime<Utc>> {
    text.and_then(|t| parse_timestamp(&t).ok())
}

impl SqliteStore {
    pub async fn open(path: PathBuf) -> Result<SqliteStore, String> {
        tokio::task::spawn_blocking(move || {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            }
            let fail = |e: rusqlite::Error| format!("cannot open the SQLite ledger {}: {e}", path.display());
            // As long as the busy timeout: other servers opening the same file get that long.
            let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
            let (writer, reader) = loop {
                match connect_migrated(&path) {
                    Err(e) if busy(&e) && std::time::Instant::now() < deadline => std::thread::sleep(std::time::Duration::from_millis(20)),
                    opened => break opened.map_err(fail)?,
                }
            };
            Ok(SqliteStore { writer: Arc::new(Mutex::new(writer)), reader: Arc::new(Mutex::new(reader)) })
        })
        .await
        .map_err(|e| format!("cannot open the SQLite ledger: {e}"))?
    }

    async fn with<T: Send + 'static>(
        connection: &Arc<Mutex<Connection>>,
        work: impl FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> Result<T, Problem> {
        let connection = Arc::clone(connection);
        tokio::task::spawn_blocking(move || {
            // A panic while holding the lock cannot leave a half-written transaction behind
            // (SQLite rolls it back), so a poisoned lock is still safe to use.
            let mut guard = connection.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            work(&mut guard)
        })
        .await
        .map_err(storage)?
        .map_err(storage)
    }

    pub async fn publish(&self, documents: Vec<Published>, now: DateTime<Utc>) -> Result<Vec<Published>, String> {
        let result = Self::with(&self.writer, move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let published: Vec<(String, String, String)> = {
                let mut query = tx.prepare("SELECT doc_id, version, sha256 FROM documents")?;
                let rows = query.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            let fresh = match new_documents(documents, &published) {
                Ok(fresh) => fresh,
                Err(message) => return Ok(Err(message)),
            };
            for document in fresh {
                tx.execute(
                    "INSERT INTO documents (doc_id, version, title, sha256, bytes, published_at, publish_order)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT COALESCE(MAX(publish_order), 0) + 1 FROM documents))",
                    params![document.id, document.version, document.title, document.sha256, document.bytes, format_timestamp(now)],
                )?;
            }
            let all: Vec<(String, Vec<u8>)> = {
                let mut query = tx.prepare("SELECT doc_id || ' ' || version, bytes FROM documents ORDER BY publish_order")?;
                let rows = query.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            tx.commit()?;
            Ok(Ok(all))
        })
        .await
        .map_err(|p| p.detail)??;
        result.into_iter().map(|(name, bytes)| Published::from_bytes(&format!("published document {name}"), bytes)).collect()
    }

    pub async fn published(&self) -> Result<Vec<Published>, String> {
        let all: Vec<(String, Vec<u8>)> = Self::with(&self.reader, move |c| {
            let mut query = c.prepare("SELECT doc_id || ' ' || version, bytes FROM documents ORDER BY publish_order")?;
            let rows = query.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()
        })
        .await
        .map_err(|p| p.detail)?;
        all.into_iter().map(|(name, bytes)| Published::from_bytes(&format!("published document {name}"), bytes)).collect()
    }

    pub async fn issue_nonce(&self, nonce: IssuedNonce) -> Result<(), Problem> {
        Self::with(&self.writer, move |c| {
            c.execute(
                "INSERT INTO nonces (nonce, subject, issued_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
                params![nonce.nonce, nonce.subject, format_timestamp(nonce.issued_at), format_timestamp(nonce.expires_at)],
            )
            .map(drop)
        })
        .await
    }

    pub async fn append(&self, admitted: Admitted, sealer: Sealer) -> Result<Appended, Problem> {
        Self::with(&self.writer, move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let existing: Option<(String, String, String, u64)> = tx
                .query_row("SELECT record_sha256, receipt_json, record_json, sequence FROM entries WHERE record_id = ?1", [&admitted.record_id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })
                .optional()?;
            let nonce = match admitted.nonce.as_deref() {
                None => None,
                Some(nonce) => tx
                    .query_row("SELECT nonce, subject, issued_at, expires_at, used_by FROM nonces WHERE nonce = ?1", [nonce], |r| {
                        Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                    })
                    .optional()?
                    .and_then(|(nonce, subject, issued, expires, used_by)| {
                        Some(IssuedNonce { nonce, subject, issued_at: time(Some(issued))?, expires_at: time(Some(expires))?, used_by })
                    }),
            };
            let head = tx.query_row("SELECT sequence, entry_hash, received_at FROM ledger_head WHERE id = 1", [], |r| {
                Ok(ChainHead { sequence: r.get(0)?, entry_hash: r.get(1)?, received_at: time(r.get(2)?) })
            })?;
            let found = Found {
                existing: existing.as_ref().map(|(sha, receipt, _, _)| (sha.clone(), receipt.clone())),
                nonce,
                head,
                now: (sealer.clock)(),
                key: &sealer.key,
                require_nonce: sealer.require_nonce,
            };
            let receipt = match decide(&admitted, found) {
                Err(problem) => return Ok(Err(problem)),
                Ok(Decision::Existing(receipt_json)) => {
                    let (_, _, record_json, sequence) = existing.unwrap_or_default();
                    return Ok(Ok(Appended::Existing(StoredEntry { sequence, record_json, receipt_json })));
                }
                Ok(Decision::Append(receipt)) => receipt,
            };
            let receipt_json = receipt.to_json();
            let received_at = format_timestamp(receipt.received_at);
            tx.execute(
                "INSERT INTO entries (sequence, record_id, record_json, record_sha256, subject, doc_id, doc_version, doc_sha256,
                                      accepted_at, received_at, previous_hash, entry_hash, receipt_json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                params![
                    receipt.sequence,
                    admitted.record_id,
                    admitted.record_json,
                    admitted.record_sha256,
                    admitted.subject,
                    admitted.document_id,
                    admitted.document_version,
                    admitted.document_sha256,
                    format_timestamp(admitted.accepted_at),
                    received_at,
                    receipt.previous_hash,
                    receipt.entry_hash,
                    receipt_json
                ],
            )?;
            tx.execute(
                "UPDATE ledger_head SET sequence = ?1, entry_hash = ?2, received_at = ?3 WHERE id = 1",
                params![receipt.sequence, receipt.entry_hash, received_at],
            )?;
            if let Some(nonce) = &admitted.nonce {
                tx.execute("UPDATE nonces SET used_by = ?1 WHERE nonce = ?2 AND used_by IS NULL", params![admitted.record_id, nonce])?;
            }
            tx.commit()?;
            Ok(Ok(Appended::Created(StoredEntry { sequence: receipt.sequence, record_json: admitted.record_json, receipt_json })))
        })
        .await?
    }

    pub async fn entry(&self, record_id: String) -> Result<Option<StoredEntry>, Problem> {
        Self::with(&self.reader, move |c| {
            c.query_row("SELECT sequence, record_json, receipt_json FROM entries WHERE record_id = ?1", [record_id], |r| {
                Ok(StoredEntry { sequence: r.get(0)?, record_json: r.get(1)?, receipt_json: r.get(2)? })
            })
            .optional()
        })
        .await
    }

    pub async fn entries(&self, after: u64, limit: u32) -> Result<Vec<StoredEntry>, Problem> {
        Self::with(&self.reader, move |c| {
            let mut query = c.prepare("SELECT sequence, record_json, receipt_json FROM entries WHERE sequence > ?1 ORDER BY sequence LIMIT ?2")?;
            let rows = query.query_map(params![after, limit], |r| Ok(StoredEntry { sequence: r.get(0)?, record_json: r.get(1)?, receipt_json: r.get(2)? }))?;
            rows.collect()
        })
        .await
    }

    pub async fn status(&self, subject: String, document_id: String) -> Result<Option<SubjectStatus>, Problem> {
        Self::with(&self.reader, move |c| {
            let latest: Option<(String, String)> = c
                .query_row("SELECT version, sha256 FROM documents WHERE doc_id = ?1 ORDER BY publish_order DESC LIMIT 1", [&document_id], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?;
            let Some((latest_version, latest_sha256)) = latest else { return Ok(None) };
            // The acceptance of the latest version first; else the last acceptance of any.
            let accepted = c
                .query_row(
                    "SELECT record_id, doc_version, doc_sha256, accepted_at, received_at, sequence FROM entries
                     WHERE subject = ?1 AND doc_id = ?2 ORDER BY (doc_sha256 = ?3) DESC, sequence DESC LIMIT 1",
                    params![subject, document_id, latest_sha256],
                    |r| Ok(Acceptance { record_id: r.get(0)?, version: r.get(1)?, sha256: r.get(2)?, accepted_at: r.get(3)?, received_at: r.get(4)?, sequence: r.get(5)? }),
                )
                .optional()?;
            Ok(Some(SubjectStatus { latest_version, latest_sha256, accepted }))
        })
        .await
    }

    pub async fn documents(&self) -> Result<Vec<Listed>, Problem> {
        Self::with(&self.reader, |c| {
            let mut query = c.prepare(
                "SELECT d.doc_id, d.version, d.title, d.sha256,
                        d.publish_order = (SELECT MAX(publish_order) FROM documents l WHERE l.doc_id = d.doc_id)
                 FROM documents d ORDER BY d.doc_id, d.publish_order",
            )?;
            let rows = query.query_map([], |r| Ok(Listed { id: r.get(0)?, version: r.get(1)?, title: r.get(2)?, sha256: r.get(3)?, latest: r.get(4)? }))?;
            rows.collect()
        })
        .await
    }

    pub async fn document_bytes(&self, id: String, version: String) -> Result<Option<Vec<u8>>, Problem> {
        Self::with(&self.reader, move |c| {
            c.query_row("SELECT bytes FROM documents WHERE doc_id = ?1 AND version = ?2", [id, version], |r| r.get(0)).optional()
        })
        .await
    }

    pub async fn count(&self) -> Result<u64, Problem> {
        Self::with(&self.reader, |c| c.query_row("SELECT sequence FROM ledger_head WHERE id = 1", [], |r| r.get(0))).await
    }
}
