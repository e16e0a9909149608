//! The signing key: a WebCrypto Ed25519 key pair generated **non-extractable** on first
//! use and kept in IndexedDB, so later acceptances in the same browser profile are signed
//! by the same key. The private key never exists as bytes anywhere script can read.
//!
//! Where IndexedDB is unavailable (some private modes), a key is generated for this page
//! only; the record is still signed and verifiable, just by a key that will not recur.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, IdbDatabase, IdbTransactionMode};

use super::idb;

const DB_NAME: &str = "clausewrap";
const STORE: &str = "keys";
const KEY_NAME: &str = "signing-key-ed25519";

/// The key pair used to sign records.
pub struct SigningKey {
    pub private_key: CryptoKey,
    pub public_key: CryptoKey,
}

/// The stored key pair, or a new one stored for next time.
pub async fn load_or_create() -> Result<SigningKey, JsValue> {
    match open_db().await {
        Ok(db) => {
            if let Some(key) = read_key(&db).await? {
                return Ok(key);
            }
            let key = generate().await?;
            // A failed write only means the next acceptance gets a new key.
            let _ = write_key(&db, &key).await;
            Ok(key)
        }
        Err(_) => generate().await,
    }
}

async fn generate() -> Result<SigningKey, JsValue> {
    let subtle = gloo::utils::window().crypto()?.subtle();
    let algorithm = Object::new();
    Reflect::set(&algorithm, &"name".into(), &"Ed25519".into())?;
    let usages = Array::of2(&"sign".into(), &"verify".into());
    let pair = JsFuture::from(subtle.generate_key_with_object(&algorithm, false, &usages)?).await?;
    let private_key = Reflect::get(&pair, &"privateKey".into())?.dyn_into::<CryptoKey>()?;
    let public_key = Reflect::get(&pair, &"publicKey".into())?.dyn_into::<CryptoKey>()?;
    Ok(SigningKey { private_key, public_key })
}

async fn open_db() -> Result<IdbDatabase, JsValue> {
    idb::open(DB_NAME, 1, |db| {
        let _ = db.create_object_store(STORE);
    })
    .await
}

async fn read_key(db: &IdbDatabase) -> Result<Option<SigningKey>, JsValue> {
    let store = db.transaction_with_str(STORE)?.object_store(STORE)?;
    let value = idb::settle(&store.get(&KEY_NAME.into())?).await?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let private_key = Reflect::get(&value, &"privateKey".into())?.dyn_into::<CryptoKey>();
    let public_key = Reflect::get(&value, &"publicKey".into())?.dyn_into::<CryptoKey>();
    match (private_key, public_key) {
        (Ok(private_key), Ok(public_key)) => Ok(Some(SigningKey { private_key, public_key })),
        // Something else is stored under our name: replace it rather than fail.
        _ => Ok(None),
    }
}

async fn write_key(db: &IdbDatabase, key: &SigningKey) -> Result<(), JsValue> {
    let store = db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)?.object_store(STORE)?;
    let value = Object::new();
    Reflect::set(&value, &"privateKey".into(), &key.private_key)?;
    Reflect::set(&value, &"publicKey".into(), &key.public_key)?;
    idb::settle(&store.put_with_key(&value, &KEY_NAME.into())?).await?;
    Ok(())
}
