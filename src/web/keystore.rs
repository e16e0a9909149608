//! The signing key: a WebCrypto Ed25519 key pair generated **non-extractable** on first
//! use and kept in IndexedDB, so later acceptances in the same browser profile are signed
//! by the same key. The private key never exists as bytes anywhere script can read.
//!
//! Where IndexedDB is unavailable (some private modes), a key is generated for this page
//! only; the record is still signed and verifiable, just by a key that will not recur.

use js_sys::{Array, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransactionMode};

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
    let factory = gloo::utils::window().indexed_db()?.ok_or_else(|| JsValue::from_str("IndexedDB is unavailable"))?;
    let request: IdbOpenDbRequest = factory.open_with_u32(DB_NAME, 1)?;
    let upgrade = Closure::once(Box::new({
        let request = request.clone();
        move |_event: web_sys::IdbVersionChangeEvent| {
            if let Ok(result) = request.result() {
                if let Ok(db) = result.dyn_into::<IdbDatabase>() {
                    let _ = db.create_object_store(STORE);
                }
            }
        }
    }) as Box<dyn FnOnce(_)>);
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let result = settle(&request).await;
    request.set_onupgradeneeded(None);
    drop(upgrade);
    result?.dyn_into::<IdbDatabase>()
}

async fn read_key(db: &IdbDatabase) -> Result<Option<SigningKey>, JsValue> {
    let store = db.transaction_with_str(STORE)?.object_store(STORE)?;
    let value = settle(&store.get(&KEY_NAME.into())?).await?;
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
    settle(&store.put_with_key(&value, &KEY_NAME.into())?).await?;
    Ok(())
}

/// Waits for an IndexedDB request to succeed or fail.
async fn settle(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let promise = Promise::new(&mut |resolve, reject| {
        let done = request.clone();
        let on_success = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &done.result().unwrap_or(JsValue::UNDEFINED));
        });
        let failed = request.clone();
        let on_error = Closure::once_into_js(move |_: web_sys::Event| {
            let error = failed.error().ok().flatten().map(JsValue::from).unwrap_or_else(|| "IndexedDB request failed".into());
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise).await
}
