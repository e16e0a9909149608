//! The PostgreSQL ledger: the same schema and rules as SQLite. Writers take the next
//! sequence number by locking the one `ledger_head` row, so several server processes can
//! share a database; reads run in parallel on a connection pool.

use std::str::FromStr;

use chrono::{DateTime, Utc};
use clausewrap_core::record::{format_timestamp, parse_timestamp};
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::NoTls;

use super::{new_documents, Acceptance, Appended, Listed, Sealer, StoredEntry, SubjectStatus};
use crate::admission::Admitted;
use crate::append::{decide, Decision, Found};
use crate::documents::Published;
use crate::nonce::IssuedNonce;
use crate::problem::Problem;
use crate::receipt::ChainHead;

const MIGRATIONS: &[(i64, &str)] = &[(1, include_str!("../../migrations/postgres/0001_init.sql"))];

/// Connections per server process.
const POOL_SIZE: usize = 16;

#[derive(Clone)]
pub struct PgStore {
    pool: Pool,
}

/// The error with its causes: a driver error alone says only "db error"; the server's
/// message and SQLSTATE are in its source.
fn storage(e: impl std::error::Error) -> Problem {
    let mut text = format!("PostgreSQL: {e}");
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    Problem::storage(text)
}

/// The advisory lock that lets one of several servers starting at once migrate, while the
/// others wait (an arbitrary constant: "cw-migr").
const MIGRATION_LOCK: i64 = 0x0063_772d_6d69_6772;

fn time(text: Option<String>) -> Option<DateTime<Utc>> {
    text.and_then(|t| parse_timestamp(&t).ok())
}

fn seq(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

impl PgStore {
    pub async fn open(url: &str) -> Result<PgStore, String> {
        let config = tokio_postgres::Config::from_str(url).map_err(|e| format!("DATABASE_URL is not a PostgreSQL URL: {e}"))?;
        let manager = Manager::from_config(config, NoTls, ManagerConfig { recycling_method: RecyclingMethod::Fast });
        let pool = Pool::builder(manager).max_size(POOL_SIZE).build().map_err(|e| format!("cannot set up the PostgreSQL pool: {e}"))?;
        let store = PgStore { pool };
        store.migrate().await.map_err(|e| format!("cannot open the PostgreSQL ledger: {e}"))?;
        Ok(store)
    }

    async fn migrate(&self) -> Result<(), Problem> {
        let mut client = self.pool.get().await.map_err(storage)?;
        let tx = client.transaction().await.map_err(storage)?;
        // Servers starting together on a new database: one migrates, the others wait here
        // and then find the work done. Taken before anything else, even creating the
        // bookkeeping table, which PostgreSQL cannot do twice at once.
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).await.map_err(storage)?;
        tx.batch_execute("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)").await.map_err(storage)?;
        for (version, sql) in MIGRATIONS {
            let applied = tx.query_opt("SELECT 1 FROM schema_migrations WHERE version = $1", &[version]).await.map_err(storage)?.is_some();
            if !applied {
                tx.batch_execute(sql).await.map_err(storage)?;
                tx.execute("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)", &[version, &format_timestamp(Utc::now())])
                    .await
                    .map_err(storage)?;
            }
        }
        tx.commit().await.map_err(storage)
    }

    pub async fn publish(&self, documents: Vec<Published>, now: DateTime<Utc>) -> Result<Vec<Published>, String> {
        let fail = |p: Problem| p.detail;
        let mut client = self.pool.get().await.map_err(storage).map_err(fail)?;
        let tx = client.transaction().await.map_err(storage).map_err(fail)?;
        tx.batch_execute("LOCK TABLE documents IN EXCLUSIVE MODE").await.map_err(storage).map_err(fail)?;
        let rows = tx.query("SELECT doc_id, version, sha256 FROM documents", &[]).await.map_err(storage).map_err(fail)?;
        let published: Vec<(String, String, String)> = rows.iter().map(|r| (r.get(0), r.get(1), r.get(2))).collect();
        for document in new_documents(documents, &published)? {
            tx.execute(
                "INSERT INTO documents (doc_id, version, title, sha256, bytes, published_at, publish_order)
                 VALUES ($1, $2, $3, $4, $5, $6, (SELECT COALESCE(MAX(publish_order), 0) + 1 FROM documents))",
                &[&document.id, &document.version, &document.title, &document.sha256, &document.bytes, &format_timestamp(now)],
            )
            .await
            .map_err(storage)
            .map_err(fail)?;
        }
        let rows = tx.query("SELECT doc_id || ' ' || version, bytes FROM documents ORDER BY publish_order", &[]).await.map_err(storage).map_err(fail)?;
        tx.commit().await.map_err(storage).map_err(fail)?;
        rows.iter().map(|r| Published::from_bytes(&format!("published document {}", r.get::<_, String>(0)), r.get(1))).collect()
    }

    pub async fn published(&self) -> Result<Vec<Published>, String> {
        let fail = |p: Problem| p.detail;
        let client = self.pool.get().await.map_err(storage).map_err(fail)?;
        let rows = client.query("SELECT doc_id || ' ' || version, bytes FROM documents ORDER BY publish_order", &[]).await.map_err(storage).map_err(fail)?;
        rows.iter().map(|r| Published::from_bytes(&format!("published document {}", r.get::<_, String>(0)), r.get(1))).collect()
    }

    pub async fn issue_nonce(&self, nonce: IssuedNonce) -> Result<(), Problem> {
        let client = self.pool.get().await.map_err(storage)?;
        client
            .execute(
                "INSERT INTO nonces (nonce, subject, issued_at, expires_at) VALUES ($1, $2, $3, $4)",
                &[&nonce.nonce, &nonce.subject, &format_timestamp(nonce.issued_at), &format_timestamp(nonce.expires_at)],
            )
            .await
            .map_err(storage)?;
        Ok(())
    }

    pub async fn append(&self, admitted: Admitted, sealer: &Sealer) -> Result<Appended, Problem> {
        let mut client = self.pool.get().await.map_err(storage)?;
        let tx = client.transaction().await.map_err(storage)?;
        // Taken first: everything below is read and written by one writer at a time, so a
        // record posted twice at once is found by the second, and nonces are used once.
        let head = tx.query_one("SELECT sequence, entry_hash, received_at FROM ledger_head WHERE id = 1 FOR UPDATE", &[]).await.map_err(storage)?;
        let head = ChainHead { sequence: seq(head.get(0)), entry_hash: head.get(1), received_at: time(head.get(2)) };
        let existing = tx
            .query_opt("SELECT record_sha256, receipt_json, record_json, sequence FROM entries WHERE record_id = $1", &[&admitted.record_id])
            .await
            .map_err(storage)?
            .map(|r| (r.get::<_, String>(0), r.get::<_, String>(1), r.get::<_, String>(2), seq(r.get(3))));
        let nonce = match &admitted.nonce {
            None => None,
            Some(nonce) => tx
                .query_opt("SELECT nonce, subject, issued_at, expires_at, used_by FROM nonces WHERE nonce = $1 FOR UPDATE", &[nonce])
                .await
                .map_err(storage)?
                .and_then(|r| {
                    Some(IssuedNonce {
                        nonce: r.get(0),
                        subject: r.get(1),
                        issued_at: time(r.get(2))?,
                        expires_at: time(r.get(3))?,
                        used_by: r.get(4),
                    })
                }),
        };
        let found = Found {
            existing: existing.as_ref().map(|(sha, receipt, _, _)| (sha.clone(), receipt.clone())),
            nonce,
            head,
            now: (sealer.clock)(),
            key: &sealer.key,
            require_nonce: sealer.require_nonce,
        };
        let receipt = match decide(&admitted, found)? {
            Decision::Existing(receipt_json) => {
                let (_, _, record_json, sequence) = existing.unwrap_or_default();
                return Ok(Appended::Existing(StoredEntry { sequence, record_json, receipt_json }));
            }
            Decision::Append(receipt) => receipt,
        };
        let receipt_json = receipt.to_json();
        let received_at = format_timestamp(receipt.received_at);
        let sequence = i64::try_from(receipt.sequence).map_err(storage)?;
        tx.execute(
            "INSERT INTO entries (sequence, record_id, record_json, record_sha256, subject, doc_id, doc_version, doc_sha256,
                                  accepted_at, received_at, previous_hash, entry_hash, receipt_json)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            &[
                &sequence,
                &admitted.record_id,
                &admitted.record_json,
                &admitted.record_sha256,
                &admitted.subject,
                &admitted.document_id,
                &admitted.document_version,
                &admitted.document_sha256,
                &format_timestamp(admitted.accepted_at),
                &received_at,
                &receipt.previous_hash,
                &receipt.entry_hash,
                &receipt_json,
            ],
        )
        .await
        .map_err(storage)?;
        tx.execute("UPDATE ledger_head SET sequence = $1, entry_hash = $2, received_at = $3 WHERE id = 1", &[&sequence, &receipt.entry_hash, &received_at])
            .await
            .map_err(storage)?;
        if let Some(nonce) = &admitted.nonce {
            tx.execute("UPDATE nonces SET used_by = $1 WHERE nonce = $2 AND used_by IS NULL", &[&admitted.record_id, nonce]).await.map_err(storage)?;
        }
        tx.commit().await.map_err(storage)?;
        Ok(Appended::Created(StoredEntry { sequence: receipt.sequence, record_json: admitted.record_json, receipt_json }))
    }

    pub async fn entry(&self, record_id: &str) -> Result<Option<StoredEntry>, Problem> {
        let client = self.pool.get().await.map_err(storage)?;
        let row = client.query_opt("SELECT sequence, record_json, receipt_json FROM entries WHERE record_id = $1", &[&record_id]).await.map_err(storage)?;
        Ok(row.map(|r| StoredEntry { sequence: seq(r.get(0)), record_json: r.get(1), receipt_json: r.get(2) }))
    }

    pub async fn entries(&self, after: u64, limit: u32) -> Result<Vec<StoredEntry>, Problem> {
        let client = self.pool.get().await.map_err(storage)?;
        let after = i64::try_from(after).map_err(storage)?;
        let rows = client
            .query("SELECT sequence, record_json, receipt_json FROM entries WHERE sequence > $1 ORDER BY sequence LIMIT $2", &[&after, &i64::from(limit)])
            .await
            .map_err(storage)?;
        Ok(rows.iter().map(|r| StoredEntry { sequence: seq(r.get(0)), record_json: r.get(1), receipt_json: r.get(2) }).collect())
    }

    pub async fn status(&self, subject: &str, document_id: &str) -> Result<Option<SubjectStatus>, Problem> {
        let client = self.pool.get().await.map_err(storage)?;
        let latest = client
            .query_opt("SELECT version, sha256 FROM documents WHERE doc_id = $1 ORDER BY publish_order DESC LIMIT 1", &[&document_id])
            .await
            .map_err(storage)?;
        let Some(latest) = latest else { return Ok(None) };
        let (latest_version, latest_sha256): (String, String) = (latest.get(0), latest.get(1));
        let accepted = client
            .query_opt(
                "SELECT record_id, doc_version, doc_sha256, accepted_at, received_at, sequence FROM entries
                 WHERE subject = $1 AND doc_id = $2 ORDER BY (doc_sha256 = $3) DESC, sequence DESC LIMIT 1",
                &[&subject, &document_id, &latest_sha256],
            )
            .await
            .map_err(storage)?
            .map(|r| Acceptance { record_id: r.get(0), version: r.get(1), sha256: r.get(2), accepted_at: r.get(3), received_at: r.get(4), sequence: seq(r.get(5)) });
        Ok(Some(SubjectStatus { latest_version, latest_sha256, accepted }))
    }

    pub async fn documents(&self) -> Result<Vec<Listed>, Problem> {
        let client = self.pool.get().await.map_err(storage)?;
        let rows = client
            .query(
                "SELECT d.doc_id, d.version, d.title, d.sha256,
                        d.publish_order = (SELECT MAX(publish_order) FROM documents l WHERE l.doc_id = d.doc_id)
                 FROM documents d ORDER BY d.doc_id, d.publish_order",
                &[],
            )
            .await
            .map_err(storage)?;
        Ok(rows.iter().map(|r| Listed { id: r.get(0), version: r.get(1), title: r.get(2), sha256: r.get(3), latest: r.get(4) }).collect())
    }

    pub async fn document_bytes(&self, id: &str, version: &str) -> Result<Option<Vec<u8>>, Problem> {
        let client = self.pool.get().await.map_err(storage)?;
        let row = client.query_opt("SELECT bytes FROM documents WHERE doc_id = $1 AND version = $2", &[&id, &version]).await.map_err(storage)?;
        Ok(row.map(|r| r.get(0)))
    }

    pub async fn count(&self) -> Result<u64, Problem> {
        let client = self.pool.get().await.map_err(storage)?;
        let row = client.query_one("SELECT sequence FROM ledger_head WHERE id = 1", &[]).await.map_err(storage)?;
        Ok(seq(row.get(0)))
    }
}
