//! The ledger's Ed25519 key on disk: PKCS #8 PEM (what `openssl pkey` reads), created
//! with mode 0600 and refused when others can read it. The key is never printed or logged;
//! only its public half is.

use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use ed25519_dalek::SigningKey;

/// Writes a new key from the caller's 32 random bytes to `path`; refuses to overwrite.
pub fn create(path: &Path, seed: [u8; 32]) -> Result<SigningKey, String> {
    let key = SigningKey::from_bytes(&seed);
    let pem = key.to_pkcs8_pem(Default::default()).map_err(|e| format!("cannot encode the key: {e}"))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => format!("{} already exists; a ledger key is never overwritten", path.display()),
            _ => format!("cannot create {}: {e}", path.display()),
        })?;
    file.write_all(pem.as_bytes()).and_then(|()| file.sync_all()).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(key)
}

/// Reads the key at `path`.
pub fn load(path: &Path) -> Result<SigningKey, String> {
    let metadata = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("no ledger key at {}; create one with `clausewrap keygen --out {}`", path.display(), path.display()),
        _ => format!("cannot read {}: {e}", path.display()),
    })?;
    let mode = metadata.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(format!("{} can be read by other users (mode {mode:o}); run `chmod 600 {}`", path.display(), path.display()));
    }
    let pem = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    SigningKey::from_pkcs8_pem(&pem).map_err(|_| format!("{} is not an Ed25519 private key in PKCS #8 PEM", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_refusals() {
        let dir = std::env::temp_dir().join(format!("clausewrap-keyfile-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("ledger.key");
        let key = create(&path, [9; 32]).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        assert!(std::fs::read_to_string(&path).unwrap().starts_with("-----BEGIN PRIVATE KEY-----"));
        assert_eq!(load(&path).unwrap().to_bytes(), key.to_bytes());
        assert!(create(&path, [8; 32]).unwrap_err().contains("never overwritten"));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(load(&path).unwrap_err().contains("chmod 600"));
        assert!(load(&dir.join("missing.key")).unwrap_err().contains("clausewrap keygen"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
