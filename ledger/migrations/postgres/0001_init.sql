-- The ledger's first schema (PostgreSQL). Kept in step with ../sqlite/0001_init.sql:
-- same tables, same columns, same rules.

-- Every version of every document the ledger published; never changed or removed.
CREATE TABLE documents (
    doc_id        TEXT   NOT NULL,
    version       TEXT   NOT NULL,
    title         TEXT   NOT NULL,
    sha256        TEXT   NOT NULL UNIQUE,
    bytes         BYTEA  NOT NULL,
    published_at  TEXT   NOT NULL,
    publish_order BIGINT NOT NULL UNIQUE,
    PRIMARY KEY (doc_id, version)
);

-- Single-use challenges; used_by is set once, to the record that used it.
CREATE TABLE nonces (
    nonce      TEXT PRIMARY KEY,
    subject    TEXT,
    issued_at  TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_by    TEXT
);

-- The append-only, hash-chained ledger: one row per stored record.
CREATE TABLE entries (
    sequence      BIGINT PRIMARY KEY,
    record_id     TEXT   NOT NULL UNIQUE,
    record_json   TEXT   NOT NULL,
    record_sha256 TEXT   NOT NULL,
    subject       TEXT,
    doc_id        TEXT   NOT NULL,
    doc_version   TEXT   NOT NULL,
    doc_sha256    TEXT   NOT NULL REFERENCES documents (sha256),
    accepted_at   TEXT   NOT NULL,
    received_at   TEXT   NOT NULL,
    previous_hash TEXT   NOT NULL,
    entry_hash    TEXT   NOT NULL UNIQUE,
    receipt_json  TEXT   NOT NULL
);
CREATE INDEX entries_by_subject ON entries (subject, doc_id, sequence);

-- The chain's head: one row, locked (SELECT ... FOR UPDATE) and updated with every entry
-- in the same transaction, so that concurrent writers, in one process or many, take
-- sequence numbers one at a time.
CREATE TABLE ledger_head (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    sequence    BIGINT  NOT NULL,
    entry_hash  TEXT    NOT NULL,
    received_at TEXT
);
INSERT INTO ledger_head (id, sequence, entry_hash, received_at)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', NULL);

CREATE FUNCTION clausewrap_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%: rows cannot be changed or removed', TG_TABLE_NAME;
END
$$;
CREATE TRIGGER entries_append_only BEFORE UPDATE OR DELETE ON entries
    FOR EACH ROW EXECUTE FUNCTION clausewrap_refuse_change();
CREATE TRIGGER documents_immutable BEFORE UPDATE OR DELETE ON documents
    FOR EACH ROW EXECUTE FUNCTION clausewrap_refuse_change();
