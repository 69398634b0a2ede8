//! The pattern every endpoint follows: [`Endpoint`].
//!
//! An endpoint is a value holding everything its route and body need (the
//! enterprise, the IDs, the payload). It says which method and route template it
//! uses, writes its path and body, and decodes its success body. The provided
//! methods do the rest the same way for every endpoint: build an
//! `http::Request<Vec<u8>>` with the shared headers, and split a response on
//! its status into the result or a [`ResponseError`]. Adding one of the API's
//! endpoints is one module that implements these few items.
//!
//! What differs between endpoints is declared, not coded: query parameters
//! ([`Endpoint::write_query`]), a body or none ([`Endpoint::HAS_BODY`]), the
//! documented success status ([`Endpoint::SUCCESS`], `201` for creations),
//! and whether a repeat is harmless ([`Endpoint::IDEMPOTENT`], which the
//! retry rule reads).

use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use http::uri::PathAndQuery;
use http::{HeaderMap, HeaderValue, Method, Request, StatusCode, Uri};

use crate::base_url::BaseUrl;
use crate::error::RawBody;
use crate::error::{EncodeError, ResponseError, error_from_response};
use crate::query::Query;
use crate::token::Credential;

/// The `User-Agent` every request carries: this crate's name and version.
pub const DEFAULT_USER_AGENT: &str = concat!("telecrm-rs/", env!("CARGO_PKG_VERSION"));

const APPLICATION_JSON: HeaderValue = HeaderValue::from_static("application/json");

/// One endpoint of the Sync API.
pub trait Endpoint {
    /// What a success decodes to.
    type Response;

    /// The token the endpoint's API takes: [`crate::SyncToken`] for the Sync
    /// API, [`crate::AsyncToken`] for lead ingestion. A request cannot be built
    /// with the other one.
    type Token: Credential;

    /// The HTTP method.
    const METHOD: Method;

    /// The route template, with placeholders instead of IDs
    /// (`/enterprise/{enterpriseId}/lead/{leadId}/action/{actionId}`). For logs and
    /// metrics, where the raw IDs do not belong.
    const ROUTE: &'static str;

    /// Whether sending the request twice has the same effect as sending it once,
    /// which is what makes retrying after an ambiguous failure safe.
    const IDEMPOTENT: bool;

    /// Whether this request, with this body, may be repeated after an
    /// ambiguous failure. [`Endpoint::IDEMPOTENT`] unless the body decides
    /// (an ingest with actions appends them again on a repeat).
    fn idempotent(&self) -> bool {
        Self::IDEMPOTENT
    }

    /// Whether the request carries a JSON body.
    const HAS_BODY: bool = true;

    /// The success status the docs give (`200`, or `201` for a creation).
    /// Any 2xx decodes as success: what matters is the body, and a server
    /// answering `200` where the docs say `201` has still done the work.
    const SUCCESS: StatusCode = StatusCode::OK;

    /// Appends the path below the base URL, starting with `/`, each ID
    /// percent-encoded (see [`crate::path::push_segment`]).
    fn write_path(&self, path: &mut String);

    /// Appends query parameters, if the endpoint has any. The default has none.
    fn write_query(&self, query: &mut Query<'_>) {
        let _ = query;
    }

    /// Appends the JSON body. Not called when [`Endpoint::HAS_BODY`] is false.
    ///
    /// # Errors
    ///
    /// A serialisation error, which valid endpoint values never produce.
    fn write_body(&self, body: &mut Vec<u8>) -> Result<(), serde_json::Error>;

    /// Decodes a success (2xx) body.
    ///
    /// # Errors
    ///
    /// A JSON error when the body is not the documented success body.
    fn decode_success(status: StatusCode, body: &[u8])
    -> Result<Self::Response, serde_json::Error>;

    /// Builds the request: method, `{base}{path}`, `Authorization` (sensitive),
    /// `Content-Type`, `Accept`, `User-Agent` and body.
    ///
    /// # Errors
    ///
    /// [`EncodeError`] if the URI or body cannot be represented, which validated
    /// inputs do not cause.
    fn to_http_request(
        &self,
        base: &BaseUrl,
        token: &Self::Token,
    ) -> Result<Request<Vec<u8>>, EncodeError> {
        // Scheme and authority were parsed once, in `BaseUrl`; only the path is new.
        let mut path = String::with_capacity(base.path().len() + 112);
        path.push_str(base.path());
        self.write_path(&mut path);
        self.write_query(&mut Query::new(&mut path));
        let mut parts = http::uri::Parts::default();
        parts.scheme = Some(base.scheme().clone());
        parts.authority = Some(base.authority().clone());
        parts.path_and_query =
            Some(PathAndQuery::try_from(path).map_err(|e| EncodeError::Uri(e.into()))?);
        let uri = Uri::from_parts(parts).map_err(|e| EncodeError::Uri(e.into()))?;

        let mut body = Vec::new();
        if Self::HAS_BODY {
            body.reserve(128);
            self.write_body(&mut body).map_err(EncodeError::Body)?;
        }

        let mut request = Request::new(body);
        *request.method_mut() = Self::METHOD;
        *request.uri_mut() = uri;
        let headers = request.headers_mut();
        headers.reserve(4);
        headers.insert(AUTHORIZATION, Credential::authorization(token));
        if Self::HAS_BODY {
            headers.insert(CONTENT_TYPE, APPLICATION_JSON);
        }
        headers.insert(ACCEPT, APPLICATION_JSON);
        headers.insert(USER_AGENT, HeaderValue::from_static(DEFAULT_USER_AGENT));
        Ok(request)
    }

    /// Decodes a response from its status, headers and whole body.
    ///
    /// 2xx bodies go to [`Endpoint::decode_success`]; anything else becomes a
    /// [`ResponseError`]: the API's error envelope when the body is one, the raw
    /// (bounded) body when it is not.
    ///
    /// # Errors
    ///
    /// [`ResponseError`] for every non-success status, and for a success body
    /// that does not decode.
    fn decode_response(
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Self::Response, ResponseError> {
        // Headers carry nothing this API's decoding needs today; they are part of
        // the signature so that an endpoint that needs them is not a redesign.
        let _ = headers;
        if status.is_success() {
            Self::decode_success(status, body).map_err(|source| ResponseError::Decode {
                status,
                body: RawBody::new(body),
                source,
            })
        } else {
            Err(error_from_response(status, body))
        }
    }

    /// [`Endpoint::decode_response`] for an `http::Response` holding the body.
    ///
    /// # Errors
    ///
    /// As [`Endpoint::decode_response`].
    fn from_http_response<B: AsRef<[u8]>>(
        response: &http::Response<B>,
    ) -> Result<Self::Response, ResponseError> {
        Self::decode_response(
            response.status(),
            response.headers(),
            response.body().as_ref(),
        )
    }
}
