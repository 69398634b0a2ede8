//! Driving the core's sans-IO [`telecrm_core::Call`] over the transport:
//! timers, waits, the retry budget and tracing. The loop is not generic over
//! the endpoint; only encoding and decoding are.

use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use http::header::CONTENT_LENGTH;
use http::{HeaderMap, HeaderValue, Request, StatusCode};
use telecrm_core::call::{Bound, Call, Moment, Outcome, Step};
use telecrm_core::error::error_from_response;
use telecrm_core::{Credential, Endpoint, Failure, RequestHeaders, Warning, Workspace};
use tracing::{Instrument, field};

use crate::client::Client;
use crate::error::{Error, Kind};
use crate::transport::Answer;

/// Settings one call may change from its client's (smithy-rs calls these
/// config overrides).
///
/// ```
/// use std::time::Duration;
/// use telecrm_hyper::CallOptions;
///
/// // One attempt only, within 5 s, for a health check.
/// let options = CallOptions::new().attempts(1).deadline(Duration::from_secs(5));
/// assert_eq!(options.attempts, Some(1));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallOptions {
    /// Attempts in all (the client's backoff stays).
    pub attempts: Option<u32>,
    /// The whole call's deadline, retries included.
    pub deadline: Option<Duration>,
    /// The largest response body read.
    pub max_response_bytes: Option<usize>,
}

impl CallOptions {
    /// The client's settings, unchanged.
    pub fn new() -> Self {
        Self::default()
    }

    /// Attempts in all, for this call.
    #[must_use]
    pub fn attempts(mut self, attempts: u32) -> Self {
        self.attempts = Some(attempts);
        self
    }

    /// The deadline, for this call.
    #[must_use]
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// The largest response body, for this call.
    #[must_use]
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }
}

/// Bodies shorter than this have their `Content-Length` value in
/// [`LENGTHS`]: most request bodies of this API are small JSON objects.
const SMALL_BODY: usize = 1024;

/// The decimal digits of every length below [`SMALL_BODY`], right-aligned
/// in four bytes with leading zeros, made at compile time.
static LENGTHS: [[u8; 4]; SMALL_BODY] = {
    let mut table = [[b'0'; 4]; SMALL_BODY];
    let mut n = 0;
    while n < SMALL_BODY {
        let mut value = n;
        let mut i = 4;
        while value > 0 {
            i -= 1;
            table[n][i] = b'0' + (value % 10) as u8;
            value /= 10;
        }
        n += 1;
    }
    table
};

/// The same lengths as text, leading zeros off (one digit at least), made
/// at compile time: no UTF-8 check per request.
static LENGTH_TEXT: [&str; SMALL_BODY] = {
    let mut table = [""; SMALL_BODY];
    let mut n = 0;
    while n < SMALL_BODY {
        let digits: &'static [u8; 4] = &LENGTHS[n];
        let mut start = 0;
        while start < 3 && digits[start] == b'0' {
            start += 1;
        }
        let (_, text) = digits.as_slice().split_at(start);
        table[n] = match std::str::from_utf8(text) {
            Ok(text) => text,
            Err(_) => panic!("digits are ASCII"),
        };
        n += 1;
    }
    table
};

/// `len` as a `Content-Length` value: a static one (no allocation) below
/// [`SMALL_BODY`], a new one above.
fn content_length(len: usize) -> HeaderValue {
    match LENGTH_TEXT.get(len) {
        Some(text) => HeaderValue::from_static(text),
        None => HeaderValue::from(len),
    }
}

/// What a successful call gives back, made from the answer, its decoded
/// value, the attempts and the checks' warnings: [`Response::new`], or
/// [`value_only`].
pub(crate) type Finish<T, R> = fn(Answer, T, u32, Vec<Warning>) -> R;

/// The decoded value alone ([`crate::WorkspaceClient::send`]): no
/// [`Response`] is built to be taken apart again.
pub(crate) fn value_only<T>(_: Answer, value: T, _: u32, _: Vec<Warning>) -> T {
    value
}

/// A request maker: the endpoint encoded again for each retry (encoding is
/// deterministic, so every attempt sends the same bytes).
type Encode<'a> = &'a (dyn Fn() -> Result<Request<Vec<u8>>, Error> + Send + Sync);

impl Client {
    /// Sends `endpoint` to `workspace` and decodes the answer: the one path
    /// every call takes after its pre-send checks. `finish` makes what the
    /// caller gets from the answer and its value: the whole [`Response`]
    /// ([`Response::new`]), or only the value, without building one.
    pub(crate) async fn call<E, R>(
        &self,
        workspace: &Workspace<E::Token>,
        headers: &RequestHeaders,
        endpoint: &E,
        options: &CallOptions,
        warnings: Vec<Warning>,
        finish: Finish<E::Response, R>,
    ) -> Result<R, Error>
    where
        E: Endpoint + Sync,
        E::Token: Sync,
    {
        let encode = || {
            // The headers cloned from the workspace's, `Host` included.
            let mut request = endpoint
                .to_http_request_with(workspace, headers)
                .map_err(|e| Error::new(Kind::Encode, Some(Box::new(e))))?;
            // hyper would write the body's length into a new (allocated)
            // header value; it sends a `Content-Length` it is given as is.
            // A request with a body has the place for it already.
            let length = request.body().len();
            if length > 0 {
                request
                    .headers_mut()
                    .insert(CONTENT_LENGTH, content_length(length));
            }
            Ok(request)
        };
        let first = encode()?;
        let span = tracing::info_span!(
            "telecrm.call",
            method = %E::METHOD,
            route = E::ROUTE,
            status = field::Empty,
            attempts = field::Empty,
            elapsed_ms = field::Empty,
        );
        let started = Instant::now();
        let idempotent = endpoint.idempotent();
        // Without a subscriber listening the span is a no-op: the attempts
        // are awaited directly, without the wrapper or the bookkeeping.
        if span.is_disabled() {
            let (answer, attempts) = self
                .attempts(idempotent, first, &encode, options, started)
                .await
                .map_err(|e| e.with_elapsed(started.elapsed()))?;
            return self
                .decoded(workspace, endpoint, answer, attempts, warnings, finish)
                .map_err(|e| e.with_elapsed(started.elapsed()));
        }
        let call = async {
            let (answer, attempts) = self
                .attempts(idempotent, first, &encode, options, started)
                .await?;
            let status = answer.status;
            self.decoded(workspace, endpoint, answer, attempts, warnings, finish)
                .map(|done| (done, status, attempts))
        };
        let result = call
            .instrument(span.clone())
            .await
            .map_err(|e| e.with_elapsed(started.elapsed()));
        span.record("elapsed_ms", started.elapsed().as_millis() as u64);
        match &result {
            Ok((_, status, attempts)) => {
                span.record("status", status.as_u16());
                span.record("attempts", attempts);
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
        result.map(|(done, _, _)| done)
    }

    /// The answer decoded; a success deposits in the retry budget. A
    /// refusal's body loses any echo of the token first, so that no error,
    /// message or log made from it can show the token.
    fn decoded<E: Endpoint, R>(
        &self,
        workspace: &Workspace<E::Token>,
        endpoint: &E,
        mut answer: Answer,
        attempts: u32,
        warnings: Vec<Warning>,
        finish: Finish<E::Response, R>,
    ) -> Result<R, Error> {
        if !answer.status.is_success() {
            let authorization = workspace.token().authorization();
            answer.body = crate::wire::without_token(answer.body, &authorization);
        }
        match endpoint.decode(answer.status, &answer.headers, &answer.body) {
            Ok(value) => {
                self.shared.budget.deposit();
                Ok(finish(answer, value, attempts, warnings))
            }
            Err(err) => Err(Error::from(err).with_attempts(attempts)),
        }
    }

    /// The attempts of one call, for any endpoint: the answer that ends it (a
    /// 2xx, or the refusal not worth retrying) and how many attempts it
    /// took, or the transport's failure.
    async fn attempts(
        &self,
        idempotent: bool,
        first: Request<Vec<u8>>,
        encode: Encode<'_>,
        options: &CallOptions,
        started: Instant,
    ) -> Result<(Answer, u32), Error> {
        let shared = &*self.shared;
        let policy = match options.attempts {
            Some(attempts) => shared.policy.with_max_attempts(attempts),
            None => shared.policy,
        };
        let limit = options
            .max_response_bytes
            .unwrap_or(shared.max_response_bytes);
        let mut call = Call::new(policy, idempotent)
            .with_deadline(options.deadline.unwrap_or(shared.total_timeout))
            .with_attempt_timeout(shared.attempt_timeout);
        let mut first = Some(first);
        loop {
            // The first attempt starts as the call does (`started` is read
            // just before): no clock read for it.
            let elapsed = if first.is_some() {
                Duration::ZERO
            } else {
                started.elapsed()
            };
            let Some(attempt) = call.start(elapsed) else {
                return Err(Error::new(Kind::Deadline { in_flight: false }, None)
                    .with_attempts(call.attempts()));
            };
            let request = match first.take() {
                Some(request) => request,
                None => encode()?,
            };
            let span = tracing::debug_span!(
                "telecrm.attempt",
                attempt = attempt.number,
                status = field::Empty,
                elapsed_ms = field::Empty,
            );
            let timed_out = |bound: Option<Bound>| {
                let kind = match bound {
                    Some(Bound::Deadline) => Kind::Deadline { in_flight: true },
                    _ => Kind::AttemptTimeout,
                };
                Error::new(kind, None)
            };
            // The token, to redact from what the events below show; only
            // read when something listens.
            let secret = (!span.is_disabled() || crate::wire::bodies_traced())
                .then(|| crate::wire::token_of(request.headers()))
                .flatten();
            // -vv and -vvv of the wire (a check of a cached interest when
            // nobody listens): the request now, its answer below.
            crate::wire::request(&request, secret.as_deref());
            let outcome = if span.is_disabled() {
                // No subscriber: the exchange is awaited where it is made.
                match attempt.timeout {
                    Some(timeout) => {
                        tokio::time::timeout(timeout, shared.transport.exchange(request, limit))
                            .await
                            .unwrap_or_else(|_| Err(timed_out(attempt.bound)))
                    }
                    None => shared.transport.exchange(request, limit).await,
                }
            } else {
                let attempt_started = Instant::now();
                let exchange = shared.transport.exchange(request, limit);
                let timed = async {
                    match attempt.timeout {
                        Some(timeout) => tokio::time::timeout(timeout, exchange)
                            .await
                            .unwrap_or_else(|_| Err(timed_out(attempt.bound))),
                        None => exchange.await,
                    }
                };
                let outcome = timed.instrument(span.clone()).await;
                span.record("elapsed_ms", attempt_started.elapsed().as_millis() as u64);
                if let Ok(answer) = &outcome {
                    span.record("status", answer.status.as_u16());
                }
                outcome
            };
            if let Ok(answer) = &outcome {
                crate::wire::response(
                    answer.status,
                    &answer.headers,
                    &answer.body,
                    secret.as_deref(),
                );
            }
            // Read only when a retry is considered: a 2xx needs no clock.
            let moment = || Moment {
                now: SystemTime::now(),
                elapsed: started.elapsed(),
                random: shared.jitter.next(),
            };
            let (step, failure, ended) = match outcome {
                Ok(answer) => {
                    let step = call.handle_with(
                        Outcome::Answered {
                            status: answer.status,
                            headers: &answer.headers,
                        },
                        moment,
                    );
                    (step, Failure::Status(answer.status), Ok(answer))
                }
                Err(error) => {
                    let Some(failure) = error.failure() else {
                        return Err(error.with_attempts(call.attempts()));
                    };
                    // The deadline passed: nothing is left to retry in.
                    if error.is_deadline() {
                        return Err(error.with_attempts(call.attempts()));
                    }
                    (
                        call.handle_with(Outcome::Failed(failure), moment),
                        failure,
                        Err(error),
                    )
                }
            };
            // The call ends with this answer or this error, and its attempts.
            let attempts = call.attempts();
            let finish = |ended: Result<Answer, Error>| {
                ended
                    .map(|answer| (answer, attempts))
                    .map_err(|e| e.with_attempts(attempts))
            };
            match step {
                Step::Done => return finish(ended),
                Step::Stop(reason) => {
                    if !span.is_disabled() {
                        tracing::debug!(parent: &span, ?reason, "not retrying");
                    }
                    return finish(ended);
                }
                Step::Retry { after } => {
                    if !shared
                        .budget
                        .try_withdraw(matches!(failure, Failure::Timeout))
                    {
                        tracing::warn!(parent: &span, "retry budget exhausted; not retrying");
                        return finish(ended);
                    }
                    if !span.is_disabled() {
                        let error = match &ended {
                            Ok(answer) => {
                                error_from_response(answer.status, &answer.body).to_string()
                            }
                            Err(error) => error.to_string(),
                        };
                        let error = crate::wire::redact_text(error, secret.as_deref());
                        tracing::debug!(
                            parent: &span,
                            error = %error,
                            wait_ms = after.as_millis() as u64,
                            "retrying"
                        );
                    }
                    tokio::time::sleep(after).await;
                }
            }
        }
    }
}

/// A successful answer: the decoded value, the response it came from, the
/// attempts it took and the pre-send checks' warnings.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    value: T,
    attempts: u32,
    warnings: Vec<Warning>,
}

impl<T> Response<T> {
    pub(crate) fn new(answer: Answer, value: T, attempts: u32, warnings: Vec<Warning>) -> Self {
        Self {
            status: answer.status,
            headers: answer.headers,
            body: answer.body,
            value,
            attempts,
            warnings,
        }
    }

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

    /// What the pre-send checks let through with a warning (an unknown
    /// dropdown label the service will add, say).
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_length_is_the_decimal_length() {
        for len in [
            1, 7, 9, 10, 56, 99, 100, 999, 1000, 1023, 1024, 1025, 65_536,
        ] {
            assert_eq!(content_length(len), HeaderValue::from(len), "{len}");
        }
        for len in 1..SMALL_BODY {
            assert_eq!(content_length(len).to_str().unwrap(), len.to_string());
        }
    }
}
