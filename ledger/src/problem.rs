//! Why the ledger refuses a request: RFC 9457 problem details with a stable `code`.

use clausewrap_core::json::{canonical_json, Number, Value};
use clausewrap_core::record::Check;

/// A refusal, as the API answers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub status: u16,
    pub code: &'static str,
    pub title: &'static str,
    pub detail: String,
    /// The `clausewrap verify` check that failed, if it was one.
    pub check: Option<Check>,
    /// Seconds to wait before trying again (429).
    pub retry_after: Option<u64>,
}

impl Problem {
    pub fn new(status: u16, code: &'static str, title: &'static str, detail: impl Into<String>) -> Problem {
        Problem { status, code, title, detail: detail.into(), check: None, retry_after: None }
    }

    /// A failed record check.
    pub fn check(check: Check, detail: impl Into<String>) -> Problem {
        let (code, title) = match check {
            Check::Schema => ("record-schema", "The record is not a valid v1 acceptance record"),
            Check::Signature => ("record-signature", "The record's signature does not verify"),
            Check::Document => ("record-document", "The record does not match the published document"),
            Check::Highlights => ("record-highlights", "The record's highlighted passages do not match the document"),
            Check::Timestamps => ("record-timestamps", "The record's times are not plausible"),
            Check::TrustedKey => ("record-key", "The record is signed by a key the ledger does not trust"),
        };
        Problem { check: Some(check), ..Problem::new(422, code, title, detail) }
    }

    pub fn not_found(detail: impl Into<String>) -> Problem {
        Problem::new(404, "not-found", "Not found", detail)
    }

    pub fn storage(detail: impl Into<String>) -> Problem {
        Problem::new(503, "storage-unavailable", "The ledger's storage is unavailable; nothing was stored, retry", detail)
    }

    /// The `application/problem+json` body.
    pub fn to_json(&self) -> String {
        let mut members = vec![
            ("type".to_owned(), Value::String(format!("urn:clausewrap:problem:{}", self.code))),
            ("title".to_owned(), self.title.into()),
            ("status".to_owned(), Number::new(f64::from(self.status)).map_or(Value::Null, Value::Number)),
            ("code".to_owned(), self.code.into()),
            ("detail".to_owned(), self.detail.as_str().into()),
        ];
        if let Some(check) = self.check {
            members.push(("check".to_owned(), check.name().into()));
        }
        canonical_json(&Value::Object(members))
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.status, self.code, self.detail)
    }
}
