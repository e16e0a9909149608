//! The ledger's HTTP API, end to end over real sockets, on SQLite and on PostgreSQL: every
//! scenario runs on both (the PostgreSQL ones are `--ignored` here and run by
//! `scripts/test`, which starts a server; see `tests/support`).

mod support;

use chrono::{Duration, Utc};
use clausewrap_core::base64url;
use clausewrap_core::json::{self, canonical_json, Value};
use clausewrap_ledger::receipt::{Receipt, GENESIS_HASH};
use ed25519_dalek::SigningKey;
use support::*;

/// Runs `scenario` as one SQLite test and one (ignored) PostgreSQL test.
macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[test] fn $name() { super::$name(super::Backend::Sqlite, stringify!($name)); })*
        }
        mod postgres {
            $(#[test] #[ignore = "needs PostgreSQL: scripts/postgres start, then CLAUSEWRAP_TEST_POSTGRES_URL"]
              fn $name() { super::$name(super::Backend::Postgres, stringify!($name)); })*
        }
    };
}

on_both!(stores_countersigns_and_answers_the_same_receipt_again, refuses_what_verify_refuses, nonces_are_single_use_fresh_and_bound, subject_status_follows_versions, limits, concurrent_writers_make_one_unbroken_chain, published_versions_are_immutable, tampering_is_found_at_the_first_broken_link, stopping_finishes_the_writes_in_flight, servers_starting_together_share_one_chain);

fn ledger_key() -> [u8; 32] {
    SigningKey::from_bytes(&LEDGER_SEED).verifying_key().to_bytes()
}

fn stores_countersigns_and_answers_the_same_receipt_again(backend: Backend, name: &str) {
    let server = TestServer::start(config(storage(&backend, name), vec![default_document()]));
    let record = reader(&default_document(), 1).record(record_id(), Some("user-1"), None, Utc::now()).unwrap();
    let first = post_record(&server.base, &record);
    assert_eq!(first.status, 201, "{first:?}");
    let record_id = json::parse(&record).unwrap().get("record_id").and_then(Value::as_str).unwrap().to_owned();
    assert_eq!(first.header("location"), Some(format!("/v1/acceptances/{record_id}").as_str()));

    // The published key is the one that signed; the receipt checks out against the record.
    let keys = get(&format!("{}/v1/keys", server.base)).json();
    let x = keys.get("keys").and_then(|k| k.as_array()).and_then(|k| k.first()).and_then(|k| k.get("x")).and_then(Value::as_str).unwrap().to_owned();
    assert_eq!(base64url::decode(&x).unwrap(), ledger_key());
    let receipt = Receipt::verify_with(&first.json(), &json::parse(&record).unwrap(), &ledger_key()).expect("the receipt verifies");
    assert_eq!((receipt.sequence, receipt.previous_hash.as_str()), (1, GENESIS_HASH));
    assert!((Utc::now() - receipt.received_at).num_seconds().abs() < 60);

    // Posting it again: the same receipt, no second entry.
    let again = post_record(&server.base, &record);
    assert_eq!((again.status, again.body.as_str()), (200, first.body.as_str()));
    let stored = get(&format!("{}/v1/acceptances/{record_id}", server.base));
    assert_eq!(stored.status, 200);
    assert_eq!(canonical_json(stored.json().get("receipt").unwrap()), first.body);
    assert_eq!(canonical_json(stored.json().get("record").unwrap()), record);
    let health = get(&format!("{}/v1/health", server.base)).json();
    assert_eq!(health.get("entries").and_then(Value::as_number).map(|n| n.get()), Some(1.0));
    assert_eq!(get(&format!("{}/v1/acceptances/AAAAAAAAAAAAAAAAAAAAAA", server.base)).code(), "not-found");
    server.stop();
}

fn refuses_what_verify_refuses(backend: Backend, name: &str) {
    let server = TestServer::start(config(storage(&backend, name), vec![default_document()]));
    let signer = reader(&default_document(), 2);
    let url = format!("{}/v1/acceptances", server.base);
    let id = record_id();
    let record = signer.record(id, None, None, Utc::now()).unwrap();
    let encoded_id = base64url::encode(&id);

    let code = |answer: Answer, status: u16| {
        assert_eq!(answer.status, status, "{answer:?}");
        answer.code()
    };
    assert_eq!(code(post(&url, "application/json", None, "{not json"), 400), "malformed-json");
    assert_eq!(code(post(&url, "application/json", None, "[1]"), 400), "malformed-json");
    assert_eq!(code(post(&url, "text/plain", None, &record), 415), "unsupported-media-type");
    assert_eq!(code(post(&url, "application/json", Some("someone-else"), &record), 400), "idempotency-key-mismatch");
    let altered = record.replacen("zh-CN", "en-GB", 1);
    assert_eq!(code(post_record(&server.base, &altered), 422), "record-signature");
    let missing = record.replacen("\"nonce\":null,", "", 1);
    assert_eq!(code(post_record(&server.base, &missing), 422), "record-schema");
    let other = second_version();
    let about_other = reader(&other, 2).record(record_id(), None, None, Utc::now()).unwrap();
    assert_eq!(code(post_record(&server.base, &about_other), 422), "unknown-document");
    let future = signer.record(record_id(), None, None, Utc::now() + Duration::minutes(30)).unwrap();
    let answer = post_record(&server.base, &future);
    assert_eq!(answer.json().get("check").and_then(Value::as_str), Some("timestamps"));
    assert_eq!(code(answer, 422), "record-timestamps");

    // Nothing was stored; the good record still goes in, and a different record under
    // its id is a conflict, not a second entry.
    assert_eq!(post_record(&server.base, &record).status, 201);
    let impostor = signer.record(id, Some("someone"), None, Utc::now()).unwrap();
    assert_eq!(code(post_record(&server.base, &impostor), 409), "record-id-conflict");
    let stored = get(&format!("{}/v1/acceptances/{encoded_id}", server.base)).json();
    assert_eq!(canonical_json(stored.get("record").unwrap()), record);
    assert_eq!(get(&format!("{}/v1/health", server.base)).json().get("entries").and_then(Value::as_number).map(|n| n.get()), Some(1.0));
    server.stop();
}

fn nonce(base: &str, subject: Option<&str>) -> String {
    let body = subject.map_or(String::new(), |s| format!("{{\"subject\":\"{s}\"}}"));
    let answer = post(&format!("{base}/v1/nonces"), "application/json", None, &body);
    assert_eq!(answer.status, 201, "{answer:?}");
    let value = answer.json();
    assert_eq!(value.get("subject").and_then(Value::as_str), subject);
    value.get("nonce").and_then(Value::as_str).unwrap().to_owned()
}

fn nonces_are_single_use_fresh_and_bound(backend: Backend, name: &str) {
    let mut settings = config(storage(&backend, name), vec![default_document()]);
    settings.nonce_ttl_seconds = 2;
    let server = TestServer::start(settings);
    let signer = reader(&default_document(), 3);
    let base = server.base.as_str();
    let code = |record: String| post_record(base, &record).code();

    let bound = nonce(base, Some("user-3"));
    assert_eq!(code(signer.record(record_id(), Some("user-4"), Some(&bound), Utc::now()).unwrap()), "nonce-subject-mismatch");
    let first = signer.record(record_id(), Some("user-3"), Some(&bound), Utc::now()).unwrap();
    assert_eq!(post_record(base, &first).status, 201);
    assert_eq!(post_record(base, &first).status, 200, "the same record again is not a reuse");
    assert_eq!(code(signer.record(record_id(), Some("user-3"), Some(&bound), Utc::now()).unwrap()), "nonce-reused");
    assert_eq!(code(signer.record(record_id(), None, Some("never-issued"), Utc::now()).unwrap()), "nonce-unknown");
    let open = nonce(base, None);
    let late = signer.record(record_id(), Some("anyone"), Some(&open), Utc::now()).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(2_300));
    assert_eq!(code(late), "nonce-expired");
    let bad = post(&format!("{base}/v1/nonces"), "application/json", None, "{\"subject\":1}");
    assert_eq!((bad.status, bad.code()), (400, "malformed-json".to_owned()));
    server.stop();

    let mut strict = config(storage(&backend, &format!("{name}-strict")), vec![default_document()]);
    strict.require_nonce = true;
    let server = TestServer::start(strict);
    assert_eq!(post_record(&server.base, &signer.record(record_id(), None, None, Utc::now()).unwrap()).code(), "nonce-required");
    server.stop();
}

fn status(base: &str, subject: &str) -> Value {
    let answer = get(&format!("{base}/v1/subjects/{subject}/status?document=face-recognition-service-rules"));
    assert_eq!(answer.status, 200, "{answer:?}");
    answer.json()
}

fn subject_status_follows_versions(backend: Backend, name: &str) {
    let storage = storage(&backend, name);
    let server = TestServer::start(config(storage.clone(), vec![default_document()]));
    let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    assert_eq!(text(&status(&server.base, "user-5"), "status").as_deref(), Some("never-accepted"));
    assert!(status(&server.base, "user-5").get("last_accepted").unwrap().is_null());
    let record = reader(&default_document(), 5).record(record_id(), Some("user-5"), None, Utc::now()).unwrap();
    assert_eq!(post_record(&server.base, &record).status, 201);
    let accepted = status(&server.base, "user-5");
    assert_eq!(text(&accepted, "status").as_deref(), Some("accepted-latest"));
    assert_eq!(accepted.get("accepted_latest").and_then(Value::as_bool), Some(true));
    assert_eq!(get(&format!("{}/v1/subjects/user-5/status", server.base)).code(), "missing-document");
    assert_eq!(get(&format!("{}/v1/subjects/user-5/status?document=nope", server.base)).code(), "unknown-document");
    server.stop();

    // A new version is published: the subject's acceptance is now of an older one, until
    // the subject accepts the new version.
    let server = TestServer::start(config(storage, vec![default_document(), second_version()]));
    let older = status(&server.base, "user-5");
    assert_eq!(text(&older, "status").as_deref(), Some("accepted-older"));
    assert_eq!(older.get("last_accepted").and_then(|a| text(a, "version")).as_deref(), Some("2019-07-29 15:49:27"));
    assert_eq!(older.get("latest").and_then(|l| text(l, "version")).as_deref(), Some("2026-12-01"));
    let listed = get(&format!("{}/v1/documents", server.base)).json();
    let hrefs: Vec<String> = listed.get("documents").and_then(Value::as_array).unwrap().iter().filter_map(|d| text(d, "href")).collect();
    assert_eq!(hrefs.len(), 2);
    let bytes = get(&format!("{}{}", server.base, hrefs[1]));
    assert_eq!(bytes.body.as_bytes(), second_version().bytes.as_slice());
    let renewed = reader(&second_version(), 5).record(record_id(), Some("user-5"), None, Utc::now()).unwrap();
    assert_eq!(post_record(&server.base, &renewed).status, 201);
    assert_eq!(text(&status(&server.base, "user-5"), "status").as_deref(), Some("accepted-latest"));
    server.stop();
}

fn limits(backend: Backend, name: &str) {
    let mut settings = config(storage(&backend, name), vec![default_document()]);
    settings.max_body = 4096;
    settings.rate_limit = 3;
    let server = TestServer::start(settings);
    let big = format!("{{\"pad\":\"{}\"}}", "x".repeat(5000));
    let answer = post(&format!("{}/v1/acceptances", server.base), "application/json", None, &big);
    assert_eq!((answer.status, answer.code()), (413, "payload-too-large".to_owned()));
    // Bursts of 2 × 3 requests pass; the next one is told when to come back.
    let answers: Vec<Answer> = (0..8).map(|_| get(&format!("{}/v1/keys", server.base))).collect();
    let limited = answers.iter().find(|a| a.status == 429).expect("the rate limit answers 429");
    assert_eq!(limited.code(), "rate-limited");
    assert!(limited.header("retry-after").is_some_and(|s| s.parse::<u64>().is_ok_and(|n| n >= 1)));
    server.stop();
}

fn concurrent_writers_make_one_unbroken_chain(backend: Backend, name: &str) {
    let server = TestServer::start(config(storage(&backend, name), vec![default_document()]));
    let base = server.base.clone();
    let receipts: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..8u8)
            .map(|worker| {
                let base = base.clone();
                scope.spawn(move || {
                    let signer = reader(&default_document(), 10 + worker);
                    (0..15)
                        .map(|_| {
                            let answer = post_record(&base, &signer.record(record_id(), Some("crowd"), None, Utc::now()).unwrap());
                            assert_eq!(answer.status, 201, "{answer:?}");
                            answer.body
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap()).collect()
    });
    let mut receipts: Vec<Receipt> = receipts.iter().map(|r| Receipt::verify_text(r).unwrap()).collect();
    receipts.sort_by_key(|r| r.sequence);
    assert_eq!(receipts.iter().map(|r| r.sequence).collect::<Vec<_>>(), (1..=120).collect::<Vec<_>>());
    for pair in receipts.windows(2) {
        assert_eq!(pair[1].previous_hash, pair[0].entry_hash, "entry {} links to entry {}", pair[1].sequence, pair[0].sequence);
        assert!(pair[1].received_at >= pair[0].received_at);
    }
    server.stop();
}

fn published_versions_are_immutable(backend: Backend, name: &str) {
    let storage = storage(&backend, name);
    TestServer::start(config(storage.clone(), vec![default_document()])).stop();
    let mut forged = default_document();
    let text = String::from_utf8(forged.bytes.clone()).unwrap().replacen("人脸识别", "人脸辨认", 1);
    forged = clausewrap_ledger::documents::Published::from_bytes("forged", text.into_bytes()).unwrap();
    let error = TestServer::try_start(config(storage.clone(), vec![forged])).err().expect("a changed published version is refused");
    assert!(error.contains("already published") && error.contains("immutable"), "{error}");
    // The same bytes again are fine.
    TestServer::start(config(storage, vec![default_document()])).stop();
}

fn tampering_is_found_at_the_first_broken_link(backend: Backend, name: &str) {
    use clausewrap_ledger::chain::ChainWalker;
    use clausewrap_ledger::store::Store;
    let storage = storage(&backend, name);
    let server = TestServer::start(config(storage.clone(), vec![default_document()]));
    let signer = reader(&default_document(), 6);
    for _ in 0..5 {
        assert_eq!(post_record(&server.base, &signer.record(record_id(), None, None, Utc::now()).unwrap()).status, 201);
    }
    server.stop();

    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let walk = |runtime: &tokio::runtime::Runtime| {
        runtime.block_on(async {
            let store = Store::open(&storage).await.unwrap();
            let documents = store.published().await.unwrap();
            let entries = store.entries(0, 100).await.unwrap();
            let mut walker = ChainWalker::new(&documents, Some(ledger_key()));
            entries.iter().try_for_each(|e| walker.push(e)).map(|()| entries.len())
        })
    };
    assert_eq!(walk(&runtime), Ok(5));

    // The database refuses changes; an attacker who gets past that (drops the trigger) is
    // found at the entry changed.
    let change = "UPDATE entries SET record_json = replace(record_json, 'zh-CN', 'en-GB') WHERE sequence = 3";
    match &storage {
        clausewrap_ledger::store::StorageConfig::Sqlite(path) => {
            let connection = rusqlite::Connection::open(path).unwrap();
            let refused = connection.execute(change, []).unwrap_err().to_string();
            assert!(refused.contains("append-only"), "{refused}");
            connection.execute_batch(&format!("DROP TRIGGER entries_no_update; {change};")).unwrap();
        }
        clausewrap_ledger::store::StorageConfig::Postgres(url) => runtime.block_on(async {
            let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await.unwrap();
            tokio::spawn(connection);
            let refused = client.batch_execute(change).await.unwrap_err();
            assert!(format!("{refused:?}").contains("cannot be changed"), "{refused:?}");
            client.batch_execute(&format!("DROP TRIGGER entries_append_only ON entries; {change};")).await.unwrap();
        }),
    }
    let broken = walk(&runtime).unwrap_err();
    assert_eq!(broken.sequence, 3, "{broken}");
    assert!(broken.problem.contains("record_sha256"), "{broken}");
}

fn stopping_finishes_the_writes_in_flight(backend: Backend, name: &str) {
    let storage = storage(&backend, name);
    let server = TestServer::start(config(storage.clone(), vec![default_document()]));
    let base = server.base.clone();
    let stop = std::sync::atomic::AtomicBool::new(false);
    let receipts: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..4u8)
            .map(|worker| {
                let (base, stop) = (base.clone(), &stop);
                scope.spawn(move || {
                    let signer = reader(&default_document(), 30 + worker);
                    let mut receipts = Vec::new();
                    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                        let record = signer.record(record_id(), None, None, Utc::now()).unwrap();
                        let Some(answer) = try_post_record(&base, &record) else { break };
                        assert_eq!(answer.status, 201, "{answer:?}");
                        receipts.push(answer.body);
                    }
                    receipts
                })
            })
            .collect();
        std::thread::sleep(std::time::Duration::from_millis(1_500));
        server.stop();
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        workers.into_iter().flat_map(|w| w.join().unwrap()).collect()
    });
    assert!(receipts.len() >= 4, "the writers were busy when the server stopped ({} receipts)", receipts.len());
    println!("{} records answered before the server stopped", receipts.len());

    // Every answered write is stored, and nothing else is.
    let server = TestServer::start(config(storage, vec![default_document()]));
    for body in &receipts {
        let receipt = Receipt::verify_text(body).unwrap();
        let stored = get(&format!("{}/v1/acceptances/{}", server.base, receipt.record_id)).json();
        assert_eq!(&canonical_json(stored.get("receipt").unwrap()), body);
    }
    let entries = get(&format!("{}/v1/health", server.base)).json().get("entries").and_then(Value::as_number).map(|n| n.get());
    assert_eq!(entries, Some(receipts.len() as f64));
    server.stop();
}

fn servers_starting_together_share_one_chain(backend: Backend, name: &str) {
    let storage = storage(&backend, name);
    // Three servers start at once on a new database: one migrates, the others wait.
    let servers: Vec<TestServer> = std::thread::scope(|scope| {
        let starting: Vec<_> = (0..3).map(|_| scope.spawn(|| TestServer::start(config(storage.clone(), vec![default_document()])))).collect();
        starting.into_iter().map(|s| s.join().expect("every server starts")).collect()
    });
    let signer = reader(&default_document(), 40);
    let mut receipts: Vec<Receipt> = (0..9)
        .map(|i| {
            let answer = post_record(&servers[i % 3].base, &signer.record(record_id(), None, None, Utc::now()).unwrap());
            assert_eq!(answer.status, 201, "{answer:?}");
            Receipt::verify_text(&answer.body).unwrap()
        })
        .collect();
    receipts.sort_by_key(|r| r.sequence);
    assert_eq!(receipts.iter().map(|r| r.sequence).collect::<Vec<_>>(), (1..=9).collect::<Vec<_>>());
    assert!(receipts.windows(2).all(|w| w[1].previous_hash == w[0].entry_hash), "one chain across the servers");
    servers.into_iter().for_each(TestServer::stop);
}
