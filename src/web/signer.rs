//! Signs a record's canonical bytes with the browser's key (`io.js`: a non-extractable
//! WebCrypto Ed25519 key kept in IndexedDB) and returns the raw parts the core needs to
//! assemble the signed record.
//!
//! The key and its exported public half are loaded once per page, and [`prepare`] loads
//! them as soon as Agree becomes available, so that the click itself only waits for one
//! WebCrypto signature: the time between Agree and `clausewrap:accepted` is the reader's,
//! and opening IndexedDB in it would be wasted.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/web/io.js")]
extern "C" {
    #[wasm_bindgen(js_name = prepareKey)]
    fn prepare_key() -> js_sys::Promise;
    #[wasm_bindgen(js_name = sign)]
    fn sign_js(message: &[u8]) -> js_sys::Promise;
}

/// Loads (or creates) the signing key ahead of the first signature.
pub async fn prepare() -> Result<(), JsValue> {
    JsFuture::from(prepare_key()).await.map(drop)
}

/// The 32-byte raw public key and the 64-byte Ed25519 signature over `message`.
pub async fn sign(message: &[u8]) -> Result<([u8; 32], [u8; 64]), JsValue> {
    let parts = Array::from(&JsFuture::from(sign_js(message)).await?);
    Ok((fixed(&parts.get(0))?, fixed(&parts.get(1))?))
}

fn fixed<const N: usize>(bytes: &JsValue) -> Result<[u8; N], JsValue> {
    let bytes = Uint8Array::new(bytes).to_vec();
    bytes.try_into().map_err(|_| JsValue::from_str("WebCrypto returned a key or signature of unexpected length"))
}
