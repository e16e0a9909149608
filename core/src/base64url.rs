//! Base64url without padding (RFC 4648 §5), the encoding of the record's id, public key
//! and signature.
//!
//! Decoding is strict: padding, characters outside the alphabet and non-zero unused
//! trailing bits are errors, so that every byte string has exactly one accepted text.
//! A record whose key or signature could be respelled would not be byte-for-byte unique.

use core::fmt;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Encodes `bytes` as base64url without padding.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let group = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        // A chunk of n bytes needs n + 1 characters.
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((group >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

/// Why a text is not canonical unpadded base64url.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// A character outside `A-Z a-z 0-9 - _` (padding `=` included), at this byte offset.
    InvalidCharacter(usize),
    /// The length leaves a single character over, which cannot encode a byte.
    InvalidLength,
    /// The last character has unused low bits set: another spelling of the same bytes.
    NonCanonical,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::InvalidCharacter(at) => write!(f, "invalid base64url character at byte {at}"),
            DecodeError::InvalidLength => f.write_str("invalid base64url length"),
            DecodeError::NonCanonical => f.write_str("non-canonical base64url (unused bits set)"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decodes unpadded base64url, accepting only the one canonical spelling of each byte string.
pub fn decode(text: &str) -> Result<Vec<u8>, DecodeError> {
    let bytes = text.as_bytes();
    if bytes.len() % 4 == 1 {
        return Err(DecodeError::InvalidLength);
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3 + 2);
    for (chunk_index, chunk) in bytes.chunks(4).enumerate() {
        let mut group = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            let sextet = match c {
                b'A'..=b'Z' => c - b'A',
                b'a'..=b'z' => c - b'a' + 26,
                b'0'..=b'9' => c - b'0' + 52,
                b'-' => 62,
                b'_' => 63,
                _ => return Err(DecodeError::InvalidCharacter(chunk_index * 4 + i)),
            };
            group |= u32::from(sextet) << (18 - 6 * i);
        }
        // n characters carry n - 1 whole bytes; the bits after them must be zero.
        let len = chunk.len() - 1;
        if (group << (8 * len)) & 0x00ff_ffff != 0 {
            return Err(DecodeError::NonCanonical);
        }
        out.extend_from_slice(&group.to_be_bytes()[1..=len]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4648_vectors() {
        for (bytes, text) in [("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy")] {
            assert_eq!(encode(bytes.as_bytes()), text);
            assert_eq!(decode(text).unwrap(), bytes.as_bytes());
        }
        assert_eq!(encode(&[0xfb, 0xff, 0xbf]), "-_-_");
        assert_eq!(decode("-_-_").unwrap(), [0xfb, 0xff, 0xbf]);
    }

    #[test]
    fn round_trips_every_length() {
        let data: Vec<u8> = (0..=255u8).rev().collect();
        for len in 0..data.len() {
            assert_eq!(decode(&encode(&data[..len])).unwrap(), &data[..len]);
        }
    }

    #[test]
    fn rejects_non_canonical_text() {
        assert_eq!(decode("Zg=="), Err(DecodeError::InvalidCharacter(2)));
        assert_eq!(decode("Zm8="), Err(DecodeError::InvalidCharacter(3)));
        assert_eq!(decode("Zm9v+/"), Err(DecodeError::InvalidCharacter(4)));
        assert_eq!(decode("Zm 9"), Err(DecodeError::InvalidCharacter(2)));
        assert_eq!(decode("Zm9vY"), Err(DecodeError::InvalidLength));
        assert_eq!(decode("Zh"), Err(DecodeError::NonCanonical));
        assert_eq!(decode("Zm9"), Err(DecodeError::NonCanonical));
        assert_eq!(decode("é"), Err(DecodeError::InvalidCharacter(0)));
    }
}
