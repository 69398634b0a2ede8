//! [`Client`]: sends any endpoint of the core, with timeouts, retries and tracing.

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::BuildHasher;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use http::header::{CONTENT_LENGTH, RETRY_AFTER};
use http::{HeaderMap, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client as HyperClient;
use telecrm_core::{
    BaseUrl, Credential, Endpoint, EnterpriseId, Failure, RetryDecision, RetryInput, RetryPolicy,
    SyncToken,
};
use tracing::{Instrument, field};

use crate::budget::RetryBudget;
use crate::builder::ClientBuilder;
use crate::connect::Connector;
use crate::error::{Error, Kind};

/// A client of the TeleCRM Sync API for one enterprise.
///
/// Cheap to clone (one `Arc`); every clone shares the connection pool and the
/// retry budget. `Debug` shows the base URL, enterprise and timeouts, never the
/// token.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

/// Everything a client holds, for either API: `T` is its token type.
pub(crate) struct Inner<T = SyncToken> {
    /// Bodies are sent from the encoded `Vec` itself: turning it into `Bytes`
    /// would allocate a shared handle for every request.
    pub(crate) http: HyperClient<HttpsConnector<Connector>, Full<std::io::Cursor<Vec<u8>>>>,
    pub(crate) base: BaseUrl,
    pub(crate) token: T,
    pub(crate) enterprise: EnterpriseId,
    pub(crate) attempt_timeout: Duration,
    pub(crate) total_timeout: Duration,
    pub(crate) policy: RetryPolicy,
    pub(crate) budget: RetryBudget,
    pub(crate) max_response_bytes: usize,
    pub(crate) jitter: Jitter,
    pub(crate) lead_identifier: Option<String>,
    pub(crate) check_schema: bool,
    pub(crate) schema_max_age: Duration,
    pub(crate) dropdowns: telecrm_core::Dropdowns,
    pub(crate) schema: std::sync::Mutex<Option<(Instant, Arc<telecrm_core::Schema>)>>,
}

/// Random numbers for backoff jitter: splitmix64 seeded from std's per-process
/// random keys. Not cryptographic, and need not be.
pub(crate) struct Jitter(AtomicU64);

impl Jitter {
    pub(crate) fn new() -> Self {
        Self(AtomicU64::new(RandomState::new().hash_one(0x5eed_u64)))
    }

    fn next(&self) -> u64 {
        let mut z = self
            .0
            .fetch_add(0x9e37_79b9_7f4a_7c15, Ordering::Relaxed)
            .wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// A successful answer: the decoded value, and the response it came from.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    value: T,
    attempts: u32,
}

impl<T> Response<T> {
    /// The HTTP status (a 2xx).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body exactly as the server sent it.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The decoded value.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The decoded value, by value.
    pub fn into_value(self) -> T {
        self.value
    }

    /// How many attempts it took.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base)
            .field("enterprise", &inner.enterprise)
            .field("attempt_timeout", &inner.attempt_timeout)
            .field("total_timeout", &inner.total_timeout)
            .field("max_attempts", &inner.policy.max_attempts())
            .finish_non_exhaustive()
    }
}

/// What one attempt ended in, before the core's decoding.
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Client {
    /// A builder for a client using `token` for enterprise `enterprise`.
    pub fn builder(token: SyncToken, enterprise: EnterpriseId) -> ClientBuilder {
        ClientBuilder::new(token, enterprise)
    }

    pub(crate) fn from_inner(inner: Inner) -> Self {
        Self {
            inner: Arc::new(inner),
        }
    }

    pub(crate) fn inner(&self) -> &Inner {
        &self.inner
    }

    /// The enterprise this client works for.
    pub fn enterprise(&self) -> &EnterpriseId {
        &self.inner.enterprise
    }

    /// Where requests go.
    pub fn base_url(&self) -> &BaseUrl {
        &self.inner.base
    }

    /// Whether writes are checked against the workspace schema first
    /// ([`crate::ClientBuilder::check_schema`]).
    pub fn checks_schema(&self) -> bool {
        self.inner.check_schema
    }

    /// The workspace's lead identifier field, when the builder was told it.
    pub fn lead_identifier(&self) -> Option<&str> {
        self.inner.lead_identifier.as_deref()
    }

    /// Sends any endpoint of the core and decodes its answer.
    ///
    /// # Errors
    ///
    /// [`Error`]: the API's refusal ([`Error::api_error`]), a transport failure,
    /// a timeout, or an answer that could not be understood.
    pub async fn send<E: Endpoint<Token = SyncToken>>(
        &self,
        endpoint: &E,
    ) -> Result<E::Response, Error> {
        self.send_raw(endpoint).await.map(Response::into_value)
    }

    /// Sends any endpoint of the core, and returns the decoded value together
    /// with the status, headers and the body exactly as received.
    ///
    /// # Errors
    ///
    /// [`Error`]: the API's refusal ([`Error::api_error`]), a transport failure,
    /// a timeout, or an answer that could not be understood.
    pub async fn send_raw<E: Endpoint<Token = SyncToken>>(
        &self,
        endpoint: &E,
    ) -> Result<Response<E::Response>, Error> {
        self.inner.send_raw(endpoint).await
    }

    /// Tokens left in the retry budget (for tests and metrics).
    pub fn retry_budget_available(&self) -> u32 {
        self.inner.budget.available()
    }
}

impl<T: Credential> Inner<T> {
    fn encode<E: Endpoint<Token = T>>(&self, endpoint: &E) -> Result<Request<Vec<u8>>, Error> {
        endpoint
            .to_http_request(&self.base, &self.token)
            .map_err(|e| Error::new(Kind::Encode, Some(Box::new(e))))
    }

    pub(crate) async fn send_raw<E: Endpoint<Token = T>>(
        &self,
        endpoint: &E,
    ) -> Result<Response<E::Response>, Error> {
        let request = self.encode(endpoint)?;
        let span = tracing::info_span!(
            "telecrm.call",
            method = %E::METHOD,
            route = E::ROUTE,
            status = field::Empty,
            attempts = field::Empty,
            elapsed_ms = field::Empty,
        );
        let started = Instant::now();
        let attempts = self.attempts(endpoint, request, started);
        // Without a subscriber listening the span is a no-op: skip the
        // wrapper and the bookkeeping entirely.
        if span.is_disabled() {
            return attempts.await;
        }
        let result = attempts.instrument(span.clone()).await;
        span.record("elapsed_ms", started.elapsed().as_millis() as u64);
        match &result {
            Ok(response) => {
                span.record("status", response.status.as_u16());
                span.record("attempts", response.attempts);
            }
            Err(err) => {
                if let Some(status) = err.status() {
                    span.record("status", status.as_u16());
                }
                span.record("attempts", err.attempts());
                let _entered = span.enter();
                tracing::debug!(error = %err, "call failed");
            }
        }
        result
    }

    /// The attempts of one call. The first sends `first` as encoded; a retry
    /// encodes the endpoint again (encoding is deterministic), so the common
    /// case of one attempt copies nothing for retries that never come.
    async fn attempts<E: Endpoint<Token = T>>(
        &self,
        endpoint: &E,
        first: Request<Vec<u8>>,
        started: Instant,
    ) -> Result<Response<E::Response>, Error> {
        let inner = self;
        let idempotent = endpoint.idempotent();
        let deadline = started + inner.total_timeout;
        let mut first = Some(first);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let request = match first.take() {
                Some(request) => request,
                None => self.encode(endpoint)?,
            };
            let span = tracing::debug_span!(
                "telecrm.attempt",
                attempt,
                status = field::Empty,
                elapsed_ms = field::Empty,
            );
            let attempt_started = Instant::now();
            // One timer per attempt, at whichever comes first: the attempt's own
            // timeout or the call's deadline.
            let attempt_deadline = attempt_started + inner.attempt_timeout;
            let (until, kind) = if attempt_deadline < deadline {
                (attempt_deadline, Kind::AttemptTimeout)
            } else {
                (deadline, Kind::Deadline)
            };
            let exchange = tokio::time::timeout_at(until.into(), self.exchange(request));
            let outcome = if span.is_disabled() {
                exchange.await
            } else {
                let outcome = exchange.instrument(span.clone()).await;
                span.record("elapsed_ms", attempt_started.elapsed().as_millis() as u64);
                if let Ok(Ok(answer)) = &outcome {
                    span.record("status", answer.status.as_u16());
                }
                outcome
            }
            .unwrap_or_else(|_| Err(Error::new(kind, None)));
            let (error, retry_after) = match outcome {
                Ok(answer) => {
                    match E::decode_response(answer.status, &answer.headers, &answer.body) {
                        Ok(value) => {
                            inner.budget.deposit();
                            return Ok(Response {
                                status: answer.status,
                                headers: answer.headers,
                                body: answer.body,
                                value,
                                attempts: attempt,
                            });
                        }
                        Err(err) => (Error::from(err), answer.headers.get(RETRY_AFTER).cloned()),
                    }
                }
                Err(err) => (err, None),
            };
            let Some(failure) = error.failure().filter(|_| !error.is_deadline()) else {
                return Err(error.with_attempts(attempt));
            };
            let decision = inner.policy.decide(&RetryInput {
                attempt,
                failure,
                retry_after: retry_after.as_ref(),
                now: SystemTime::now(),
                elapsed: started.elapsed(),
                deadline: Some(inner.total_timeout),
                random: inner.jitter.next(),
                idempotent,
            });
            match decision {
                RetryDecision::Retry { after } => {
                    if !inner
                        .budget
                        .try_withdraw(matches!(failure, Failure::Timeout))
                    {
                        tracing::warn!(
                            parent: &span,
                            "retry budget exhausted; not retrying"
                        );
                        return Err(error.with_attempts(attempt));
                    }
                    tracing::debug!(
                        parent: &span,
                        error = %error,
                        wait_ms = after.as_millis() as u64,
                        "retrying"
                    );
                    tokio::time::sleep(after).await;
                }
                RetryDecision::Stop(reason) => {
                    tracing::debug!(parent: &span, ?reason, "not retrying");
                    return Err(error.with_attempts(attempt));
                }
            }
        }
    }

    /// One exchange: send, then read the whole body within the limit.
    async fn exchange(&self, request: Request<Vec<u8>>) -> Result<Answer, Error> {
        let inner = self;
        let request = request.map(|body| Full::new(std::io::Cursor::new(body)));
        let response = inner.http.request(request).await.map_err(|err| {
            let kind = if err.is_connect() {
                Kind::Connect
            } else {
                Kind::Disconnected
            };
            Error::new(kind, Some(Box::new(err)))
        })?;
        let (head, incoming) = response.into_parts();
        let limit = inner.max_response_bytes;
        // A declared length over the limit is refused before reading a byte.
        let declared = head
            .headers
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|len| len > limit as u64) {
            return Err(Error::new(Kind::BodyTooLarge(limit), None));
        }
        let body = read_body(incoming, limit).await?;
        Ok(Answer {
            status: head.status,
            headers: head.headers,
            body,
        })
    }
}

/// Reads a whole body of at most `limit` bytes. The usual answer arrives as
/// one data frame, which is kept as it is; only a body in several frames is
/// copied together, and none grows past the limit.
async fn read_body(mut incoming: hyper::body::Incoming, limit: usize) -> Result<Bytes, Error> {
    let too_large = || Error::new(Kind::BodyTooLarge(limit), None);
    let broken = |err: hyper::Error| Error::new(Kind::Disconnected, Some(Box::new(err)));
    let mut first: Option<Bytes> = None;
    let mut joined: Option<bytes::BytesMut> = None;
    while let Some(frame) = incoming.frame().await {
        // Trailers carry nothing this API uses.
        let Ok(data) = frame.map_err(broken)?.into_data() else {
            continue;
        };
        if data.is_empty() {
            continue;
        }
        match (&mut first, &mut joined) {
            (None, None) => {
                if data.len() > limit {
                    return Err(too_large());
                }
                first = Some(data);
            }
            (Some(head), None) => {
                if head.len() + data.len() > limit {
                    return Err(too_large());
                }
                let mut buffer = bytes::BytesMut::with_capacity(head.len() + data.len());
                buffer.extend_from_slice(head);
                buffer.extend_from_slice(&data);
                joined = Some(buffer);
            }
            (_, Some(buffer)) => {
                if buffer.len() + data.len() > limit {
                    return Err(too_large());
                }
                buffer.extend_from_slice(&data);
            }
        }
    }
    Ok(match joined {
        Some(buffer) => buffer.freeze(),
        None => first.unwrap_or_default(),
    })
}
