//! Signs a record's canonical bytes with the browser's key and returns the raw parts the
//! core needs to assemble the signed record.

use js_sys::{ArrayBuffer, Object, Reflect, Uint8Array};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use super::keystore;

/// The 32-byte raw public key and the 64-byte Ed25519 signature over `message`.
pub async fn sign(message: &[u8]) -> Result<([u8; 32], [u8; 64]), JsValue> {
    let key = keystore::load_or_create().await?;
    let subtle = gloo::utils::window().crypto()?.subtle();
    let public = JsFuture::from(subtle.export_key("raw", &key.public_key)?).await?;
    let algorithm = Object::new();
    Reflect::set(&algorithm, &"name".into(), &"Ed25519".into())?;
    let signature = JsFuture::from(subtle.sign_with_object_and_u8_array(&algorithm, &key.private_key, message)?).await?;
    Ok((fixed::<32>(&public)?, fixed::<64>(&signature)?))
}

fn fixed<const N: usize>(buffer: &JsValue) -> Result<[u8; N], JsValue> {
    let bytes = Uint8Array::new(&ArrayBuffer::from(buffer.clone())).to_vec();
    bytes.try_into().map_err(|_| JsValue::from_str("WebCrypto returned a key or signature of unexpected length"))
}
