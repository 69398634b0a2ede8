//! What can go wrong on the way out (encoding) and on the way back (decoding).
//!
//! Decoding keeps two things apart: *the server said no* ([`ApiError`], a
//! well-formed `{"error":{"code","message"}}` envelope) and *we could not
//! understand the server* (an HTML page from a proxy, an empty or truncated body,
//! a `200` that is not the documented JSON). The second kind keeps the raw body,
//! bounded, for the log.

use std::fmt;

use http::StatusCode;
use serde::Deserialize;

/// How many bytes of an unexpected body are kept for diagnostics.
pub const MAX_RAW_BODY: usize = 1024;

/// An error code from the API's error envelope.
///
/// The documented codes have variants; any other code is kept as it came in
/// [`ErrorCode::Other`], so a new code on the server never breaks decoding.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// `BAD_REQUEST` (400): the update is not permitted (non-writable type,
    /// immutable payment field) or malformed.
    BadRequest,
    /// `NOT_AUTHORIZED` (401): missing, wrong, revoked or wrongly typed token.
    NotAuthorized,
    /// `ACTION_NOT_FOUND` (404): no such action on the lead.
    ActionNotFound,
    /// `LEAD_NOT_FOUND` (404): no such lead.
    LeadNotFound,
    /// `INVALID_LEAD` (403): the change is not allowed on this lead (its
    /// identifier field cannot be modified).
    InvalidLead,
    /// `LEAD_ALREADY_EXISTS` (409): a lead with the same identifier exists.
    LeadAlreadyExists,
    /// `TEAM_MEMBER_NOT_FOUND` (404): no (undeleted) team member with that email.
    TeamMemberNotFound,
    /// `BUY_LICENSE` (402): no licence seat is left for a new team member.
    BuyLicense,
    /// `NOT_FOUND` (404): no custom field or custom action by that name.
    NotFound,
    /// `ENTERPRISE_NOT_FOUND` (404): no such enterprise.
    EnterpriseNotFound,
    /// Any code not listed above, as sent.
    Other(String),
}

impl ErrorCode {
    /// The code as it appears on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            Self::BadRequest => "BAD_REQUEST",
            Self::NotAuthorized => "NOT_AUTHORIZED",
            Self::ActionNotFound => "ACTION_NOT_FOUND",
            Self::LeadNotFound => "LEAD_NOT_FOUND",
            Self::InvalidLead => "INVALID_LEAD",
            Self::LeadAlreadyExists => "LEAD_ALREADY_EXISTS",
            Self::TeamMemberNotFound => "TEAM_MEMBER_NOT_FOUND",
            Self::BuyLicense => "BUY_LICENSE",
            Self::NotFound => "NOT_FOUND",
            Self::EnterpriseNotFound => "ENTERPRISE_NOT_FOUND",
            Self::Other(code) => code,
        }
    }
}

impl From<&str> for ErrorCode {
    fn from(code: &str) -> Self {
        match code {
            "BAD_REQUEST" => Self::BadRequest,
            "NOT_AUTHORIZED" => Self::NotAuthorized,
            "ACTION_NOT_FOUND" => Self::ActionNotFound,
            "LEAD_NOT_FOUND" => Self::LeadNotFound,
            "INVALID_LEAD" => Self::InvalidLead,
            "LEAD_ALREADY_EXISTS" => Self::LeadAlreadyExists,
            "TEAM_MEMBER_NOT_FOUND" => Self::TeamMemberNotFound,
            "BUY_LICENSE" => Self::BuyLicense,
            "NOT_FOUND" => Self::NotFound,
            "ENTERPRISE_NOT_FOUND" => Self::EnterpriseNotFound,
            other => Self::Other(other.to_owned()),
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The API refused the request and said why, in its error envelope.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("TeleCRM answered {status} {code}: {message}")]
pub struct ApiError {
    status: StatusCode,
    code: ErrorCode,
    message: String,
    details: Vec<ErrorDetail>,
}

/// One per-field message of an error's `details` (`{"field", "message"}`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ErrorDetail {
    /// The field it is about (`role`), when the server names one.
    #[serde(default)]
    pub field: Option<String>,
    /// What is wrong with it.
    #[serde(default)]
    pub message: String,
}

impl ApiError {
    /// An API error, as a server or a test double would describe it.
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            details: Vec::new(),
        }
    }

    /// The same error with per-field details.
    #[must_use]
    pub fn with_details(mut self, details: Vec<ErrorDetail>) -> Self {
        self.details = details;
        self
    }

    /// The per-field messages the server sent (`400` validation failures).
    pub fn details(&self) -> &[ErrorDetail] {
        &self.details
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The API's error code.
    pub fn code(&self) -> &ErrorCode {
        &self.code
    }

    /// The API's message, as sent.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// The start of a body that could not be understood, kept for diagnostics.
#[derive(Clone, PartialEq, Eq)]
pub struct RawBody {
    head: Vec<u8>,
    len: usize,
}

impl RawBody {
    /// Keeps at most [`MAX_RAW_BODY`] bytes of `body`.
    pub fn new(body: &[u8]) -> Self {
        Self {
            head: body[..body.len().min(MAX_RAW_BODY)].to_vec(),
            len: body.len(),
        }
    }

    /// The bytes kept.
    pub fn as_bytes(&self) -> &[u8] {
        &self.head
    }

    /// The length of the whole body, in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the body was empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether bytes were left out.
    pub fn is_truncated(&self) -> bool {
        self.len > self.head.len()
    }
}

impl fmt::Debug for RawBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawBody({:?}", String::from_utf8_lossy(&self.head))?;
        if self.is_truncated() {
            write!(f, " … {} bytes in all", self.len)?;
        }
        f.write_str(")")
    }
}

impl fmt::Display for RawBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("(empty body)");
        }
        f.write_str(&String::from_utf8_lossy(&self.head))?;
        if self.is_truncated() {
            write!(f, "… ({} bytes in all)", self.len)?;
        }
        Ok(())
    }
}

/// Why a response did not yield the endpoint's result.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ResponseError {
    /// The API refused the request with its error envelope.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// A non-success status whose body is not the API's error envelope (an HTML
    /// page from a proxy, an empty or truncated body).
    #[error("unexpected {status} response without an API error body")]
    Unrecognized {
        /// The HTTP status.
        status: StatusCode,
        /// The start of the body.
        body: RawBody,
    },
    /// A success status whose body is not what the endpoint documents.
    #[error("could not decode the {status} response body at {path}")]
    Decode {
        /// The HTTP status.
        status: StatusCode,
        /// The start of the body.
        body: RawBody,
        /// Where in the JSON decoding failed (`data[3].fields`, or `.` for
        /// the whole body).
        path: String,
        /// What the JSON decoder said.
        #[source]
        source: serde_json::Error,
    },
}

impl ResponseError {
    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Api(api) => api.status,
            Self::Unrecognized { status, .. } | Self::Decode { status, .. } => *status,
        }
    }

    /// The API's error, when the server sent its envelope.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Self::Api(api) => Some(api),
            _ => None,
        }
    }
}

#[derive(Deserialize)]
struct Envelope {
    error: EnvelopeError,
}

#[derive(Deserialize)]
struct EnvelopeError {
    code: String,
    #[serde(default)]
    message: String,
    // A malformed `details` must not hide the code and message.
    #[serde(default, deserialize_with = "lenient_details")]
    details: Vec<ErrorDetail>,
}

fn lenient_details<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<ErrorDetail>, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    Ok(serde_json::from_value(value).unwrap_or_default())
}

/// Decodes a success body as JSON; on failure, decodes it again to find the
/// JSON path where it failed (only errors pay for the path tracking).
///
/// The body is checked as UTF-8 once, then parsed as text: parsed as bytes,
/// `serde_json` checks every string it reads again. A body that is not
/// UTF-8 is parsed as bytes, so that it fails exactly as it always did (a
/// [`ResponseError::Decode`] at the string holding the bad bytes, or at an
/// earlier syntax error).
pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(
    status: StatusCode,
    body: &[u8],
) -> Result<T, ResponseError> {
    let decoded = match std::str::from_utf8(body) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(body),
    };
    decoded.map_err(|source| {
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        let path = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
            Err(err) => err.path().to_string(),
            Ok(_) => ".".to_owned(),
        };
        ResponseError::Decode {
            status,
            body: RawBody::new(body),
            path,
            source,
        }
    })
}

/// Turns a non-success response into the most precise error it supports:
/// the API's envelope, or the raw body when it is not one.
pub fn error_from_response(status: StatusCode, body: &[u8]) -> ResponseError {
    match serde_json::from_slice::<Envelope>(body) {
        Ok(Envelope { error }) => ResponseError::Api(ApiError {
            status,
            code: ErrorCode::from(error.code.as_str()),
            message: error.message,
            details: error.details,
        }),
        Err(_) => ResponseError::Unrecognized {
            status,
            body: RawBody::new(body),
        },
    }
}

/// Why an endpoint could not be turned into a request.
///
/// Every input was validated when it was built, so this is rare: it means a
/// value could not be represented in an HTTP request at all.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// The URI built from the base URL and the path is not valid.
    #[error("could not build the request URI")]
    Uri(#[source] http::Error),
    /// The body could not be serialised.
    #[error("could not serialise the request body")]
    Body(#[source] serde_json::Error),
    /// The endpoint's route and path arguments do not fit together.
    #[error(transparent)]
    Route(#[from] crate::path::RouteError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_becomes_api_error() {
        let err = error_from_response(
            StatusCode::NOT_FOUND,
            br#"{"error":{"code":"ACTION_NOT_FOUND","message":"Action with ID 62ab16e was not found in the lead."}}"#,
        );
        let api = err.api_error().unwrap();
        assert_eq!(api.status(), StatusCode::NOT_FOUND);
        assert_eq!(api.code(), &ErrorCode::ActionNotFound);
        assert_eq!(
            api.message(),
            "Action with ID 62ab16e was not found in the lead."
        );
    }

    #[test]
    fn details_are_kept_and_never_in_the_way() {
        let err = error_from_response(
            StatusCode::BAD_REQUEST,
            br#"{"error":{"code":"BAD_REQUEST","message":"Validation failed","details":[{"field":"role","message":"Invalid role. Allowed roles: ADMIN, MANAGER, CALLER, MARKETING_USER"}]}}"#,
        );
        let api = err.api_error().unwrap();
        assert_eq!(api.details().len(), 1);
        assert_eq!(api.details()[0].field.as_deref(), Some("role"));
        let err = error_from_response(
            StatusCode::BAD_REQUEST,
            br#"{"error":{"code":"BAD_REQUEST","message":"x","details":"not a list"}}"#,
        );
        assert_eq!(err.api_error().unwrap().message(), "x");
        assert!(err.api_error().unwrap().details().is_empty());
    }

    #[test]
    fn a_body_that_is_not_utf8_is_a_decode_error_as_before() {
        #[derive(Debug, serde::Deserialize)]
        struct Answer {
            #[allow(dead_code)]
            status: String,
        }
        for body in [
            &b"{\"status\":\"COMPL\xffETED\"}"[..],
            b"{\"status\":\"x\"}\xff",
            b"\xfe{}",
        ] {
            let err = decode_json::<Answer>(StatusCode::OK, body).unwrap_err();
            let ResponseError::Decode {
                source, body: raw, ..
            } = &err
            else {
                panic!("{err:?}")
            };
            // The same error as parsing the bytes directly.
            let direct = serde_json::from_slice::<Answer>(body).unwrap_err();
            assert_eq!(source.to_string(), direct.to_string());
            assert_eq!(raw.len(), body.len());
        }
        let ok: Answer =
            decode_json(StatusCode::OK, "{\"status\":\"pay\u{e9}\"}".as_bytes()).unwrap();
        assert_eq!(ok.status, "pay\u{e9}");
    }

    #[test]
    fn unknown_codes_are_kept() {
        let err = error_from_response(
            StatusCode::TOO_MANY_REQUESTS,
            br#"{"error":{"code":"RATE_LIMITED","message":"slow down"}}"#,
        );
        assert_eq!(
            err.api_error().unwrap().code(),
            &ErrorCode::Other("RATE_LIMITED".into())
        );
        assert_eq!(err.api_error().unwrap().code().as_str(), "RATE_LIMITED");
    }

    #[test]
    fn other_bodies_are_kept_raw_and_bounded() {
        let html = format!("<html>{}</html>", "x".repeat(5000));
        let err = error_from_response(StatusCode::BAD_GATEWAY, html.as_bytes());
        let ResponseError::Unrecognized { status, body } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(*status, StatusCode::BAD_GATEWAY);
        assert_eq!(body.as_bytes().len(), MAX_RAW_BODY);
        assert_eq!(body.len(), html.len());
        assert!(body.is_truncated());
        assert!(body.as_bytes().starts_with(b"<html>"));

        for body in [
            &b""[..],
            b"{\"error\":",
            b"{\"error\":{\"message\":\"no code\"}}",
        ] {
            let err = error_from_response(StatusCode::INTERNAL_SERVER_ERROR, body);
            assert!(matches!(err, ResponseError::Unrecognized { .. }), "{err:?}");
        }
    }
}
