//! Single-use challenges: the ledger issues a nonce, the widget signs it into the record,
//! and the ledger accepts one record per nonce, before it expires, for the subject it was
//! issued to. That is what makes a record fresh: it was signed after the server asked.

use chrono::{DateTime, Duration, Utc};
use clausewrap_core::base64url;

use crate::problem::Problem;

/// The longest lifetime a nonce may be given.
pub const MAX_TTL: Duration = Duration::days(1);

/// An issued nonce, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssuedNonce {
    pub nonce: String,
    pub subject: Option<String>,
    pub issued_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// The record that used it.
    pub used_by: Option<String>,
}

impl IssuedNonce {
    /// A new nonce from 32 bytes of the caller's cryptographic randomness.
    pub fn issue(random: [u8; 32], subject: Option<String>, now: DateTime<Utc>, ttl: Duration) -> IssuedNonce {
        let issued_at = crate::receipt::truncate_ms(now);
        IssuedNonce { nonce: base64url::encode(&random), subject, issued_at, expires_at: issued_at + ttl.min(MAX_TTL), used_by: None }
    }
}

/// Whether a record with `nonce` (found as `issued`, if the ledger knows it) and `subject`
/// may be stored at `now` as `record_id`.
pub fn check_nonce(nonce: &str, issued: Option<&IssuedNonce>, subject: Option<&str>, record_id: &str, now: DateTime<Utc>) -> Result<(), Problem> {
    let Some(issued) = issued else {
        return Err(Problem::new(422, "nonce-unknown", "The ledger never issued this nonce", format!("nonce {nonce} is unknown")));
    };
    if let Some(user) = issued.used_by.as_deref().filter(|user| *user != record_id) {
        return Err(Problem::new(422, "nonce-reused", "The nonce was already used", format!("nonce {nonce} was used by record {user}")));
    }
    if now > issued.expires_at {
        return Err(Problem::new(
            422,
            "nonce-expired",
            "The nonce has expired",
            format!("nonce {nonce} expired at {}", clausewrap_core::record::format_timestamp(issued.expires_at)),
        ));
    }
    if let Some(expected) = issued.subject.as_deref().filter(|expected| Some(*expected) != subject) {
        return Err(Problem::new(
            422,
            "nonce-subject-mismatch",
            "The nonce was issued for another subject",
            format!("nonce {nonce} was issued for subject {expected:?}, the record's subject is {subject:?}"),
        ));
    }
    Ok(())
}

/// The rule for records without a nonce.
pub fn check_missing(required: bool) -> Result<(), Problem> {
    if required {
        return Err(Problem::new(422, "nonce-required", "This ledger requires a nonce", "the record's nonce is null; get one from POST /v1/nonces"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(s: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_795_921_445 + s, 0).unwrap()
    }

    #[test]
    fn the_four_refusals() {
        let issued = IssuedNonce::issue([1; 32], Some("user-42".into()), at(0), Duration::seconds(900));
        let nonce = issued.nonce.clone();
        let n = nonce.as_str();
        let code = |r: Result<(), Problem>| r.err().map(|p| p.code);
        assert_eq!(code(check_nonce(n, Some(&issued), Some("user-42"), "r1", at(900))), None);
        assert_eq!(code(check_nonce(n, None, Some("user-42"), "r1", at(1))), Some("nonce-unknown"));
        assert_eq!(code(check_nonce(n, Some(&issued), Some("user-42"), "r1", at(901))), Some("nonce-expired"));
        assert_eq!(code(check_nonce(n, Some(&issued), Some("user-7"), "r1", at(1))), Some("nonce-subject-mismatch"));
        assert_eq!(code(check_nonce(n, Some(&issued), None, "r1", at(1))), Some("nonce-subject-mismatch"));
        let used = IssuedNonce { used_by: Some("r1".into()), ..issued.clone() };
        assert_eq!(code(check_nonce(n, Some(&used), Some("user-42"), "r2", at(1))), Some("nonce-reused"));
        let open = IssuedNonce { subject: None, ..issued };
        assert_eq!(code(check_nonce(n, Some(&open), Some("anyone"), "r1", at(1))), None);
        assert_eq!(code(check_missing(true)), Some("nonce-required"));
        assert_eq!(IssuedNonce::issue([1; 32], None, at(0), Duration::days(9)).expires_at, at(86_400));
    }
}
