//! The pattern every endpoint follows: [`Endpoint`].
//!
//! An endpoint is a value holding what the call is about (the IDs, the
//! payload), never where it goes: the [`Workspace`] says that (base URL,
//! enterprise, token). The endpoint declares its method, its route template
//! (the only source of its path), whether a repeat is harmless, and, where it
//! has them, its path arguments, query, body, pre-send checks and decoding;
//! everything else has a default. The provided methods do the rest the same
//! way for every endpoint: build an `http::Request<Vec<u8>>` with the shared
//! headers, and split a response on its status into the result or a
//! [`ResponseError`].
//!
//! Adding one of the API's endpoints is one module that implements this trait,
//! and one line in the registry ([`crate::endpoints::REGISTRY`]).

use std::fmt;

use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use http::uri::PathAndQuery;
use http::{HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode, Uri};
use serde::de::DeserializeOwned;

use crate::check::{InputError, Rules, Warning};
use crate::error::{EncodeError, ResponseError, decode_json, error_from_response};
use crate::path::{PathArgs, RoutePlan, write_planned};
use crate::query::Query;
use crate::token::Credential;
use crate::workspace::Workspace;

/// The `User-Agent` every request carries: this crate's name and version.
pub const DEFAULT_USER_AGENT: &str = concat!("telecrm-rs/", env!("CARGO_PKG_VERSION"));

const APPLICATION_JSON: HeaderValue = HeaderValue::from_static("application/json");

/// One endpoint of the API.
///
/// ```
/// use telecrm_core::{Endpoint, GetAction, SyncToken, Workspace};
///
/// let workspace = Workspace::new(SyncToken::new("t0k3n")?, "ent-1".parse()?);
/// let get = GetAction::new("603d2b2f9b1e8a001c8e4f5c".parse()?, "603d2b2f9b1e8a001c8e4f5d".parse()?);
/// let request = get.to_http_request(&workspace)?;
/// assert_eq!(
///     request.uri().path(),
///     "/autoupdate/v2/enterprise/ent-1/lead/603d2b2f9b1e8a001c8e4f5c/action/603d2b2f9b1e8a001c8e4f5d"
/// );
/// assert!(request.body().is_empty(), "a GET has no body");
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub trait Endpoint {
    /// What a success decodes to.
    type Response: DeserializeOwned;

    /// The token the endpoint's API takes: [`crate::SyncToken`] for the Sync
    /// API, [`crate::AsyncToken`] for lead ingestion. A request cannot be built
    /// with the other one.
    type Token: Credential;

    /// The HTTP method.
    const METHOD: Method;

    /// The route template below the base URL
    /// (`/enterprise/{enterpriseId}/lead/{leadId}/action/{actionId}`): the
    /// path is this, with `{enterpriseId}` filled from the workspace and each
    /// other placeholder, in order, from [`Endpoint::path_args`]. Logs and
    /// metrics name the route by it, without the IDs.
    const ROUTE: &'static str;

    /// Whether sending the request twice has the same effect as sending it once,
    /// which is what makes retrying after an ambiguous failure safe.
    const IDEMPOTENT: bool;

    /// [`Endpoint::ROUTE`] split once, at compile time. Never overridden.
    #[doc(hidden)]
    const ROUTE_PLAN: RoutePlan = RoutePlan::new(Self::ROUTE);

    /// The success status the docs give (`200`, or `201` for a creation).
    /// Any 2xx decodes as success: what matters is the body, and a server
    /// answering `200` where the docs say `201` has still done the work.
    const SUCCESS: StatusCode = StatusCode::OK;

    /// Whether [`Endpoint::check`] reads the workspace schema, so that a
    /// caller fetches it only for the calls that use it.
    const USES_SCHEMA: bool = false;

    /// Whether this request, with this body, may be repeated after an
    /// ambiguous failure. [`Endpoint::IDEMPOTENT`] unless the body decides
    /// (an ingest with actions appends them again on a repeat).
    fn idempotent(&self) -> bool {
        Self::IDEMPOTENT
    }

    /// The values of the route's placeholders after `{enterpriseId}`, in
    /// order. The default has none.
    fn path_args(&self) -> PathArgs<'_> {
        PathArgs::NONE
    }

    /// Appends query parameters, if the endpoint has any. The default has none.
    fn write_query(&self, query: &mut Query<'_>) {
        let _ = query;
    }

    /// Appends the JSON body, if the endpoint has one; a request whose body
    /// stays empty is sent without one (and without `Content-Type`). The
    /// default has none.
    ///
    /// # Errors
    ///
    /// A serialisation error, which valid endpoint values never produce.
    fn write_body(&self, body: &mut Vec<u8>) -> Result<(), serde_json::Error> {
        let _ = body;
        Ok(())
    }

    /// Checks the call against what the caller knows of the workspace, before
    /// anything is sent: refuses with an [`InputError`], or lets it through
    /// with warnings. The default checks nothing.
    ///
    /// # Errors
    ///
    /// [`InputError`] naming the field and the rule.
    fn check(&self, rules: &Rules<'_>) -> Result<Vec<Warning>, InputError> {
        let _ = rules;
        Ok(Vec::new())
    }

    /// Decodes a response from its status, headers and whole body.
    ///
    /// The default decodes a 2xx body as JSON into [`Endpoint::Response`]
    /// (a failure names the JSON path where it failed) and anything else
    /// into a [`ResponseError`]: the API's error envelope when the body is
    /// one, the raw (bounded) body when it is not.
    ///
    /// # Errors
    ///
    /// [`ResponseError`] for every non-success status, and for a success body
    /// that does not decode.
    fn decode(
        &self,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Self::Response, ResponseError> {
        // Headers carry nothing this API's decoding needs today; they are part of
        // the signature so that an endpoint that needs them is not a redesign.
        let _ = headers;
        if status.is_success() {
            decode_json(status, body)
        } else {
            Err(error_from_response(status, body))
        }
    }

    /// Builds the request for `workspace`: method, `{base}{route}{query}`,
    /// `Authorization` (sensitive), `Content-Type` (with a body), `Accept`,
    /// `User-Agent` and body.
    ///
    /// # Errors
    ///
    /// [`EncodeError`] if the URI or body cannot be represented, which validated
    /// inputs do not cause.
    fn to_http_request(
        &self,
        workspace: &Workspace<Self::Token>,
    ) -> Result<Request<Vec<u8>>, EncodeError> {
        let (path, body) = path_and_body(self, workspace)?;
        let headers = shared_headers(workspace.token().authorization(), !body.is_empty());
        assemble(Self::METHOD, workspace.base_url(), path, body, headers)
    }

    /// [`Endpoint::to_http_request`], its headers cloned from `headers`, made
    /// once for `workspace` ([`RequestHeaders::new`]) rather than inserted
    /// one by one: the same request, for a transport that sends many.
    ///
    /// # Errors
    ///
    /// As [`Endpoint::to_http_request`].
    fn to_http_request_with(
        &self,
        workspace: &Workspace<Self::Token>,
        headers: &RequestHeaders,
    ) -> Result<Request<Vec<u8>>, EncodeError> {
        let (path, body) = path_and_body(self, workspace)?;
        let headers = if body.is_empty() {
            headers.no_body.clone()
        } else {
            headers.body.clone()
        };
        assemble(Self::METHOD, workspace.base_url(), path, body, headers)
    }

    /// [`Endpoint::decode`] for an `http::Response` holding the body.
    ///
    /// # Errors
    ///
    /// As [`Endpoint::decode`].
    fn decode_response<B: AsRef<[u8]>>(
        &self,
        response: &http::Response<B>,
    ) -> Result<Self::Response, ResponseError> {
        self.decode(
            response.status(),
            response.headers(),
            response.body().as_ref(),
        )
    }
}

/// The path (base path, route, query) and the body of `endpoint`'s request.
fn path_and_body<E: Endpoint + ?Sized>(
    endpoint: &E,
    workspace: &Workspace<E::Token>,
) -> Result<(String, Vec<u8>), EncodeError> {
    let base = workspace.base_url();
    // Scheme and authority were parsed once, in `BaseUrl`; only the path is new.
    let mut path = String::with_capacity(base.path().len() + 112);
    path.push_str(base.path());
    write_planned(
        &mut path,
        E::ROUTE,
        &E::ROUTE_PLAN,
        workspace.enterprise(),
        endpoint.path_args(),
    )
    .map_err(EncodeError::Route)?;
    endpoint.write_query(&mut Query::new(&mut path));
    // Most requests with a body are small JSON objects: one allocation
    // for them; none for a GET, which has no body.
    let mut body = if E::METHOD == Method::GET {
        Vec::new()
    } else {
        Vec::with_capacity(128)
    };
    endpoint.write_body(&mut body).map_err(EncodeError::Body)?;
    Ok((path, body))
}

/// The headers every request carries: `Authorization`, `Content-Type` (with
/// a body), `Accept` and `User-Agent`.
fn shared_headers(authorization: HeaderValue, has_body: bool) -> HeaderMap {
    let mut headers = HeaderMap::new();
    // Room for the four below and what a transport adds (`Host`,
    // `Content-Length`, and hyper's look-up of `Transfer-Encoding`, which
    // grows a full map): one allocation of each table, never a second.
    headers.reserve(7);
    headers.insert(AUTHORIZATION, authorization);
    if has_body {
        headers.insert(CONTENT_TYPE, APPLICATION_JSON);
    }
    headers.insert(ACCEPT, APPLICATION_JSON);
    headers.insert(USER_AGENT, HeaderValue::from_static(DEFAULT_USER_AGENT));
    headers
}

/// The headers of every request to one workspace, made once, for
/// [`Endpoint::to_http_request_with`]: `Authorization` (sensitive), `Accept`,
/// `User-Agent`, `Content-Type` on a request with a body, and what a
/// transport adds ([`RequestHeaders::with`], [`RequestHeaders::with_body_header`]).
/// Cloning made maps costs a fraction of inserting the headers one by one
/// (each insert hashes its name and probes the table).
///
/// `Debug` shows no header value.
///
/// ```
/// use telecrm_core::http::header::HOST;
/// use telecrm_core::http::HeaderValue;
/// use telecrm_core::{Endpoint, GetAction, RequestHeaders, SyncToken, Workspace};
///
/// let workspace = Workspace::new(SyncToken::new("t0k3n")?, "ent-1".parse()?);
/// let headers = RequestHeaders::new(&workspace).with(HOST, HeaderValue::from_static("api.example"));
/// let get = GetAction::new("603d2b2f9b1e8a001c8e4f5c".parse()?, "603d2b2f9b1e8a001c8e4f5d".parse()?);
/// let request = get.to_http_request_with(&workspace, &headers)?;
/// assert_eq!(request.headers()[HOST], "api.example");
/// let plain = get.to_http_request(&workspace)?;
/// assert_eq!((request.method(), request.uri()), (plain.method(), plain.uri()));
/// assert!(!format!("{headers:?}").contains("t0k3n"));
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct RequestHeaders {
    body: HeaderMap,
    no_body: HeaderMap,
}

impl RequestHeaders {
    /// The headers [`Endpoint::to_http_request`] sets, for `workspace`'s token.
    pub fn new<T: Credential>(workspace: &Workspace<T>) -> Self {
        let authorization = workspace.token().authorization();
        Self {
            body: shared_headers(authorization.clone(), true),
            no_body: shared_headers(authorization, false),
        }
    }

    /// The same, and `name: value` on every request (a transport's `Host`).
    #[must_use]
    pub fn with(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.body.insert(name.clone(), value.clone());
        self.no_body.insert(name, value);
        self
    }

    /// The same, and `name: value` on every request with a body: a
    /// `Content-Length` a transport overwrites with each body's length, so
    /// that the clone has its place already and never grows.
    #[must_use]
    pub fn with_body_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.body.insert(name, value);
        self
    }
}

impl fmt::Debug for RequestHeaders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestHeaders")
            .field("body", &self.body.keys().collect::<Vec<_>>())
            .field("no_body", &self.no_body.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// The part of encoding that is the same for every endpoint, compiled once.
fn assemble(
    method: Method,
    base: &crate::BaseUrl,
    path: String,
    body: Vec<u8>,
    headers: HeaderMap,
) -> Result<Request<Vec<u8>>, EncodeError> {
    let mut parts = http::uri::Parts::default();
    parts.scheme = Some(base.scheme().clone());
    parts.authority = Some(base.authority().clone());
    parts.path_and_query =
        Some(PathAndQuery::try_from(path).map_err(|e| EncodeError::Uri(e.into()))?);
    let uri = Uri::from_parts(parts).map_err(|e| EncodeError::Uri(e.into()))?;
    let mut request = Request::new(body);
    *request.method_mut() = method;
    *request.uri_mut() = uri;
    *request.headers_mut() = headers;
    Ok(request)
}
