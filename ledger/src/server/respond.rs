//! Building responses: JSON bodies, RFC 9457 problems, and the note each response carries
//! for the request log.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::problem::Problem;

/// What the request log adds about a response besides its status: which record, which
/// entry, which refusal. Carried as a response extension.
#[derive(Clone, Debug, Default)]
pub struct LogNote {
    pub record_id: Option<String>,
    pub sequence: Option<u64>,
    pub code: Option<&'static str>,
}

/// A JSON response with `status` and the (already serialised) `body`.
pub fn json(status: u16, body: String) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response()
}

/// The problem as `application/problem+json`, with `Retry-After` when it says when.
pub fn problem(problem: &Problem) -> Response {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"))], problem.to_json()).into_response();
    if let Some(seconds) = problem.retry_after {
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response.extensions_mut().insert(LogNote { code: Some(problem.code), ..LogNote::default() });
    response
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        problem(&self)
    }
}

/// Adds `note` to `response` for the log.
pub fn noted(mut response: Response, note: LogNote) -> Response {
    response.extensions_mut().insert(note);
    response
}
