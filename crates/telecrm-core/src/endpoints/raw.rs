//! [`RawCall`]: any call below the base URL, for what the SDK does not wrap
//! yet (`telecrm api`). It takes the same door as every endpoint (token,
//! retries by its method's idempotency, timeouts, tracing) and hands back the
//! body as received; it is not in the registry, since it is not one of the
//! API's endpoints.

use std::marker::PhantomData;

use http::{HeaderMap, Method, StatusCode};

use crate::endpoint::Endpoint;
use crate::error::{ResponseError, error_from_response};
use crate::path::{PathArgs, Segment};
use crate::query::Query;
use crate::token::SyncToken;

mod sealed {
    pub trait Sealed {}
}

/// An HTTP method a [`RawCall`] can use, with whether repeating it is harmless.
pub trait RawMethod: sealed::Sealed {
    /// The method.
    const METHOD: Method;
    /// Whether a repeat after an ambiguous failure is safe: `POST` and `PATCH`
    /// are not assumed to be.
    const IDEMPOTENT: bool;
}

macro_rules! raw_method {
    ($(#[$doc:meta])* $name:ident, $method:expr, $idempotent:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct $name;
        impl sealed::Sealed for $name {}
        impl RawMethod for $name {
            const METHOD: Method = $method;
            const IDEMPOTENT: bool = $idempotent;
        }
    };
}

raw_method!(/// `GET`.
    Get, Method::GET, true);
raw_method!(/// `POST`: never resent once it may have arrived.
    Post, Method::POST, false);
raw_method!(/// `PUT`.
    Put, Method::PUT, true);
raw_method!(/// `PATCH`: never resent once it may have arrived.
    Patch, Method::PATCH, false);
raw_method!(/// `DELETE`.
    Delete, Method::DELETE, true);

/// Why a raw path is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RawPathError {
    /// It does not start with `/`.
    #[error(
        "the path must start with `/` (below the base URL, e.g. /enterprise/{{enterprise}}/metadata)"
    )]
    NotAbsolute,
    /// It holds a query or fragment, white space or a control character.
    #[error(
        "the path must not hold `?`, `#`, white space or control characters (give query parameters with -q)"
    )]
    Forbidden,
}

/// A path below the base URL, checked: starts with `/`, no query, fragment,
/// white space or control character; anything else outside RFC 3986's
/// unreserved characters and `/` is percent-encoded as it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawPath(String);

impl RawPath {
    /// Checks `path`.
    ///
    /// # Errors
    ///
    /// [`RawPathError`].
    pub fn new(path: &str) -> Result<Self, RawPathError> {
        if !path.starts_with('/') {
            return Err(RawPathError::NotAbsolute);
        }
        if path
            .chars()
            .any(|c| c == '?' || c == '#' || c.is_whitespace() || c.is_control())
        {
            return Err(RawPathError::Forbidden);
        }
        Ok(Self(path.to_owned()))
    }
}

impl Segment for RawPath {
    fn push_to(&self, path: &mut String) {
        // Segment by segment, each percent-encoded as IDs are, `/` kept.
        for segment in self.0[1..].split('/') {
            crate::path::push_segment(path, segment);
        }
    }
}

/// A call to any path below the base URL with method `M`, its query and an
/// optional JSON body; the answer is the body as received.
///
/// ```
/// use telecrm_core::endpoints::raw::{Get, RawCall, RawPath};
/// use telecrm_core::{Endpoint, SyncToken, Workspace};
///
/// let call = RawCall::<Get>::new(RawPath::new("/enterprise/ent-1/custom-fields")?).with_query("detail", "true");
/// let request = call.to_http_request(&Workspace::new(SyncToken::new("t0k3n")?, "ent-1".parse()?))?;
/// assert_eq!(request.uri().path_and_query().unwrap(), "/autoupdate/v2/enterprise/ent-1/custom-fields?detail=true");
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawCall<M: RawMethod> {
    path: RawPath,
    query: Vec<(String, String)>,
    body: Vec<u8>,
    method: PhantomData<M>,
}

impl<M: RawMethod> RawCall<M> {
    /// A call to `path`, with no query and no body.
    pub fn new(path: RawPath) -> Self {
        Self {
            path,
            query: Vec::new(),
            body: Vec::new(),
            method: PhantomData,
        }
    }

    /// Adds a query parameter (percent-encoded when written).
    #[must_use]
    pub fn with_query(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((key.into(), value.into()));
        self
    }

    /// Sends `json` (already checked to be JSON by the caller) as the body.
    #[must_use]
    pub fn with_body(mut self, json: Vec<u8>) -> Self {
        self.body = json;
        self
    }
}

impl<M: RawMethod> Endpoint for RawCall<M> {
    type Response = Vec<u8>;
    type Token = SyncToken;
    const METHOD: Method = M::METHOD;
    const ROUTE: &'static str = "/{path}";
    const IDEMPOTENT: bool = M::IDEMPOTENT;

    fn path_args(&self) -> PathArgs<'_> {
        PathArgs::one(&self.path)
    }

    fn write_query(&self, query: &mut Query<'_>) {
        for (key, value) in &self.query {
            query.pair(key, value);
        }
    }

    fn write_body(&self, body: &mut Vec<u8>) -> Result<(), serde_json::Error> {
        body.extend_from_slice(&self.body);
        Ok(())
    }

    /// Any 2xx body is the answer, as received (JSON or not).
    fn decode(
        &self,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Vec<u8>, ResponseError> {
        let _ = headers;
        if status.is_success() {
            Ok(body.to_vec())
        } else {
            Err(error_from_response(status, body))
        }
    }
}
