//! Signs a record's canonical bytes with the browser's key and returns the raw parts the
//! core needs to assemble the signed record.
//!
//! The key (and its exported public half) is loaded once per page and kept in memory, and
//! [`prepare`] loads it as soon as Agree becomes available, so that the click itself only
//! waits for one WebCrypto signature: the time between Agree and `clausewrap:accepted` is
//! the reader's, and opening IndexedDB in it would be wasted.

use std::cell::RefCell;

use js_sys::{ArrayBuffer, Object, Reflect, Uint8Array};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::CryptoKey;

use super::keystore;

/// The private key and the 32-byte raw public key.
#[derive(Clone)]
struct ReadyKey {
    private_key: CryptoKey,
    public_key: [u8; 32],
}

thread_local! {
    static KEY: RefCell<Option<ReadyKey>> = const { RefCell::new(None) };
}

/// Loads (or creates) the signing key ahead of the first signature.
pub async fn prepare() -> Result<(), JsValue> {
    ready_key().await.map(|_| ())
}

/// The 32-byte raw public key and the 64-byte Ed25519 signature over `message`.
pub async fn sign(message: &[u8]) -> Result<([u8; 32], [u8; 64]), JsValue> {
    let key = ready_key().await?;
    let subtle = gloo::utils::window().crypto()?.subtle();
    let algorithm = Object::new();
    Reflect::set(&algorithm, &"name".into(), &"Ed25519".into())?;
    let signature = JsFuture::from(subtle.sign_with_object_and_u8_array(&algorithm, &key.private_key, message)?).await?;
    Ok((key.public_key, fixed::<64>(&signature)?))
}

async fn ready_key() -> Result<ReadyKey, JsValue> {
    if let Some(key) = KEY.with(|k| k.borrow().clone()) {
        return Ok(key);
    }
    let pair = keystore::load_or_create().await?;
    let subtle = gloo::utils::window().crypto()?.subtle();
    let public = JsFuture::from(subtle.export_key("raw", &pair.public_key)?).await?;
    let key = ReadyKey { private_key: pair.private_key, public_key: fixed::<32>(&public)? };
    KEY.with(|k| *k.borrow_mut() = Some(key.clone()));
    Ok(key)
}

fn fixed<const N: usize>(buffer: &JsValue) -> Result<[u8; N], JsValue> {
    let bytes = Uint8Array::new(&ArrayBuffer::from(buffer.clone())).to_vec();
    bytes.try_into().map_err(|_| JsValue::from_str("WebCrypto returned a key or signature of unexpected length"))
}
