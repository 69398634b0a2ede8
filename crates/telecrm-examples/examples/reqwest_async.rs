//! Driving `telecrm-core` from an async client: reqwest.
//!
//! The whole call is [`send`]: the core builds the request, and the core's
//! sans-IO [`Call`] drives the attempts: before each one it says whether there
//! is time for it and how much; after it, told the status and headers (or what
//! kind of failure it was), it says done, wait and try again, or stop. reqwest
//! only carries the bytes, and the core decodes the answer. There is no retry
//! loop of the example's own: attempts, backoff, `Retry-After`, the deadline
//! and never repeating a non-idempotent request that may have arrived are all
//! the core's rules.
//!
//! `main` runs the API document's two updates, against a real account when
//! `TELECRM_BASE_URL`, `TELECRM_TOKEN` and `TELECRM_ENTERPRISE_ID` are set, or
//! else against the sandbox on loopback.
//!
//! `cargo run -p telecrm-examples --example reqwest_async`

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::BuildHasher;
use std::time::{Duration, Instant, SystemTime};

use http::{HeaderMap, StatusCode};
use telecrm_core::{
    Action, ActionUpdate, BaseUrl, Call, EncodeError, Endpoint, Failure, Moment, Outcome,
    ResponseError, RetryPolicy, Step, SyncToken, UpdateAction, Workspace,
};

/// The largest response body read; a larger one is an error, not an allocation.
const MAX_BODY: usize = 4 * 1024 * 1024;
/// The whole call, retries and waits included, ends within this.
const DEADLINE: Duration = Duration::from_secs(30);
/// Each attempt ends within this (or what is left of [`DEADLINE`]).
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);

/// What a call through reqwest can end in.
#[derive(Debug)]
pub(crate) enum CallError {
    /// The request could not be built.
    Encode(EncodeError),
    /// reqwest could not complete the exchange.
    Transport(reqwest::Error),
    /// The response body was larger than [`MAX_BODY`].
    BodyTooLarge,
    /// The server answered, and the core says it is an error.
    Response(ResponseError),
    /// [`DEADLINE`] passed before another attempt could start.
    DeadlineExceeded,
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Encode(_) => f.write_str("could not build the request"),
            Self::Transport(_) => f.write_str("could not reach TeleCRM"),
            Self::BodyTooLarge => f.write_str("response body too large"),
            Self::Response(err) => write!(f, "{err}"),
            Self::DeadlineExceeded => f.write_str("the call's deadline passed"),
        }
    }
}

impl std::error::Error for CallError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Encode(err) => Some(err),
            Self::Transport(err) => Some(err),
            Self::BodyTooLarge => None,
            Self::Response(err) => err.source(),
            Self::DeadlineExceeded => None,
        }
    }
}

/// A client that speaks HTTPS (the API is served only over it), never follows
/// a redirect (which would carry the bearer token elsewhere) and bounds each
/// attempt.
///
/// TLS is rustls on ring with Mozilla's roots, as telecrm-hyper uses, handed
/// to reqwest ready-made: reqwest's own rustls default would pull in aws-lc-rs,
/// and without a TLS feature at all reqwest refuses every `https` URL.
///
/// # Errors
///
/// When the TLS configuration or reqwest's client cannot be built.
pub(crate) fn client() -> Result<reqwest::Client, Box<dyn std::error::Error>> {
    let roots = rustls::RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let tls = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()?
    .with_root_certificates(roots)
    .with_no_client_auth();
    Ok(reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(10))
        .timeout(ATTEMPT_TIMEOUT)
        .build()?)
}

/// Sends any endpoint of the core. The core's [`Call`] decides every
/// attempt, wait and stop; this function only does the I/O.
pub(crate) async fn send<E: Endpoint<Token = SyncToken>>(
    client: &reqwest::Client,
    workspace: &Workspace,
    endpoint: &E,
    policy: &RetryPolicy,
) -> Result<E::Response, CallError> {
    // 1. The core builds the request once; every attempt sends the same bytes.
    let request = endpoint
        .to_http_request(workspace)
        .map_err(CallError::Encode)?;
    let mut call = Call::of(endpoint, *policy)
        .with_deadline(DEADLINE)
        .with_attempt_timeout(ATTEMPT_TIMEOUT);
    let (started, jitter) = (Instant::now(), RandomState::new());
    // 2. Before each attempt the core says whether there is time for it, and how much.
    while let Some(attempt) = call.start(started.elapsed()) {
        // 3. Your stack sends the request and reads the whole answer...
        let attempted = exchange(client, &request, attempt.timeout).await?;
        // 4. ...and the core decides; time and randomness come from here.
        let moment = Moment {
            now: SystemTime::now(),
            elapsed: started.elapsed(),
            random: jitter.hash_one(attempt.number),
        };
        match call.handle(outcome(&attempted), moment) {
            Step::Retry { after } => tokio::time::sleep(after).await,
            Step::Done | Step::Stop(_) => {
                // 5. An answer, success or refusal, is the core's to decode.
                let (status, headers, body) = attempted.map_err(|(_, err)| err)?;
                return endpoint
                    .decode(status, &headers, &body)
                    .map_err(CallError::Response);
            }
        }
    }
    Err(CallError::DeadlineExceeded)
}

/// What one attempt ended in: the answer (status, headers, whole body), or
/// the core's class of the failure and the error.
type Attempted = Result<(StatusCode, HeaderMap, Vec<u8>), (Failure, CallError)>;

/// What the core is told of an attempt.
fn outcome(attempted: &Attempted) -> Outcome<'_> {
    match attempted {
        Ok((status, headers, _)) => Outcome::Answered {
            status: *status,
            headers,
        },
        Err((failure, _)) => Outcome::Failed(*failure),
    }
}

/// One attempt, bounded by `timeout`: status, headers and the whole body (at
/// most [`MAX_BODY`]), or the core's class of the failure and the error. The
/// outer error ends the call whatever the retry rule says: a request reqwest
/// cannot take, or a body too large (no repeat reads it smaller).
async fn exchange(
    client: &reqwest::Client,
    request: &http::Request<Vec<u8>>,
    timeout: Option<Duration>,
) -> Result<Attempted, CallError> {
    let mut request = reqwest::Request::try_from(copy(request)).map_err(CallError::Transport)?;
    *request.timeout_mut() = timeout;
    let response = match client.execute(request).await {
        Ok(response) => response,
        Err(err) => return Ok(Err((classify(&err), CallError::Transport(err)))),
    };
    let (status, headers) = (response.status(), response.headers().clone());
    match read_bounded(response).await {
        Ok(body) => Ok(Ok((status, headers, body))),
        Err(CallError::BodyTooLarge) => Err(CallError::BodyTooLarge),
        // A body cut short may follow a request that arrived.
        Err(err) => Ok(Err((Failure::Disconnected, err))),
    }
}

/// Reads the body chunk by chunk, refusing to grow past [`MAX_BODY`].
async fn read_bounded(mut response: reqwest::Response) -> Result<Vec<u8>, CallError> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(CallError::Transport)? {
        if body.len() + chunk.len() > MAX_BODY {
            return Err(CallError::BodyTooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Which of the core's failure classes a reqwest error is.
fn classify(err: &reqwest::Error) -> Failure {
    if err.is_connect() {
        Failure::Connect
    } else if err.is_timeout() {
        Failure::Timeout
    } else {
        Failure::Disconnected
    }
}

/// `http::Request` is not `Clone`; this copies one, body bytes included.
fn copy(request: &http::Request<Vec<u8>>) -> http::Request<Vec<u8>> {
    let mut copy = http::Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.headers_mut() = request.headers().clone();
    copy
}

/// The API document's two updates: a custom action's note, then a payment
/// marked completed. Returns the two actions' states.
pub(crate) async fn document_examples(
    workspace: &Workspace,
) -> Result<(Action, Action), Box<dyn std::error::Error>> {
    let client = client()?;
    let policy = RetryPolicy::default();
    let note = UpdateAction::new(
        "603d2b2f9b1e8a001c8e4f5c".parse()?,
        "603d2b2f9b1e8a001c8e4f5d".parse()?,
        ActionUpdate::from_json(br#"{"type":"1001","fields":{"note":"Follow-up completed"}}"#)?,
    );
    let paid = UpdateAction::new(
        "603d2b2f9b1e8a001c8e4f5c".parse()?,
        "603d2b2f9b1e8a001c8e4f5e".parse()?,
        ActionUpdate::from_json(br#"{"type":"PAYMENT","status":"COMPLETED"}"#)?,
    );
    let note = send(&client, workspace, &note, &policy).await?;
    let paid = send(&client, workspace, &paid, &policy).await?;
    Ok((note, paid))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let configured = (
        std::env::var("TELECRM_BASE_URL"),
        std::env::var("TELECRM_TOKEN"),
        std::env::var("TELECRM_ENTERPRISE_ID"),
    );
    // With no account configured, a sandbox runs on loopback beside the client.
    let mut _sandbox = None;
    let (base, token, enterprise) = match configured {
        (Ok(base), Ok(token), Ok(enterprise)) => (base, token, enterprise),
        _ => {
            let sandbox =
                telecrm_sandbox::Sandbox::start(telecrm_sandbox::SandboxConfig::new()).await?;
            let triple = (
                sandbox.base_url(),
                sandbox.token().to_owned(),
                sandbox.enterprise().to_owned(),
            );
            println!("no account configured; using a sandbox at {}", triple.0);
            _sandbox = Some(sandbox);
            triple
        }
    };
    let workspace = Workspace::new(SyncToken::new(&token)?, enterprise.parse()?)
        .with_base_url(BaseUrl::parse(&base)?);
    let (note, paid) = document_examples(&workspace).await?;
    println!("custom action: {}", serde_json::to_string(&note)?);
    println!("payment:       {}", serde_json::to_string(&paid)?);
    Ok(())
}
