//! Driving `telecrm-core` from a blocking client: ureq 3.
//!
//! The whole call is [`send`]: the core builds the request, and the core's
//! sans-IO [`Call`] drives the attempts: before each one it says whether there
//! is time for it and how much; after it, told the status and headers (or what
//! kind of failure it was), it says done, wait and try again, or stop. ureq
//! only carries the bytes, and the core decodes the answer. There is no retry
//! loop of the example's own: attempts, backoff, `Retry-After`, the deadline
//! and never repeating a non-idempotent request that may have arrived are all
//! the core's rules.
//!
//! `main` runs the API document's two updates, against a real account when
//! `TELECRM_BASE_URL`, `TELECRM_TOKEN` and `TELECRM_ENTERPRISE_ID` are set, or
//! else against the sandbox on loopback.
//!
//! `cargo run -p telecrm-examples --example ureq_blocking`

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
const MAX_BODY: u64 = 4 * 1024 * 1024;
/// The whole call, retries and waits included, ends within this.
const DEADLINE: Duration = Duration::from_secs(30);
/// Each attempt ends within this (or what is left of [`DEADLINE`]).
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);

/// What a call through ureq can end in.
#[derive(Debug)]
pub(crate) enum CallError {
    /// The request could not be built.
    Encode(EncodeError),
    /// ureq could not complete the exchange.
    Transport(ureq::Error),
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
            Self::Response(err) => err.source(),
            Self::DeadlineExceeded => None,
        }
    }
}

/// An agent that hands every status back (the core decodes errors) and never
/// follows a redirect (which would carry the bearer token elsewhere). Each
/// request also carries its attempt's own bound (see [`send`]).
pub(crate) fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(ATTEMPT_TIMEOUT))
        .build()
        .into()
}

/// Sends any endpoint of the core. The core's [`Call`] decides every
/// attempt, wait and stop; this function only does the I/O.
pub(crate) fn send<E: Endpoint<Token = SyncToken>>(
    agent: &ureq::Agent,
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
        let attempted = exchange(agent, &request, attempt.timeout);
        // 4. ...and the core decides; time and randomness come from here.
        let moment = Moment {
            now: SystemTime::now(),
            elapsed: started.elapsed(),
            random: jitter.hash_one(attempt.number),
        };
        match call.handle(outcome(&attempted), moment) {
            Step::Retry { after } => std::thread::sleep(after),
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

/// One attempt: status, headers and the whole body (at most [`MAX_BODY`]), or
/// the core's failure class and the error.
fn exchange(
    agent: &ureq::Agent,
    request: &http::Request<Vec<u8>>,
    timeout: Option<Duration>,
) -> Attempted {
    let request = agent
        .configure_request(copy(request))
        .timeout_global(timeout)
        .build();
    let response = agent
        .run(request)
        .map_err(|err| (classify(&err), CallError::Transport(err)))?;
    let (status, headers) = (response.status(), response.headers().clone());
    let body = response
        .into_body()
        .with_config()
        .limit(MAX_BODY)
        .read_to_vec();
    // A body cut short may follow a request that arrived.
    let body = body.map_err(|err| (Failure::Disconnected, CallError::Transport(err)))?;
    Ok((status, headers, body))
}

/// Which of the core's failure classes a ureq error is.
fn classify(err: &ureq::Error) -> Failure {
    match err {
        ureq::Error::ConnectionFailed | ureq::Error::HostNotFound => Failure::Connect,
        ureq::Error::Timeout(_) => Failure::Timeout,
        _ => Failure::Disconnected,
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
pub(crate) fn document_examples(
    workspace: &Workspace,
) -> Result<(Action, Action), Box<dyn std::error::Error>> {
    let agent = agent();
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
    let note = send(&agent, workspace, &note, &policy)?;
    let paid = send(&agent, workspace, &paid, &policy)?;
    Ok((note, paid))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let configured = (
        std::env::var("TELECRM_BASE_URL"),
        std::env::var("TELECRM_TOKEN"),
        std::env::var("TELECRM_ENTERPRISE_ID"),
    );
    // With no account configured, a sandbox runs on loopback in a background runtime.
    let mut _sandbox = None;
    let (base, token, enterprise) = match configured {
        (Ok(base), Ok(token), Ok(enterprise)) => (base, token, enterprise),
        _ => {
            let runtime = tokio::runtime::Runtime::new()?;
            let sandbox = runtime.block_on(telecrm_sandbox::Sandbox::start(
                telecrm_sandbox::SandboxConfig::new(),
            ))?;
            let triple = (
                sandbox.base_url(),
                sandbox.token().to_owned(),
                sandbox.enterprise().to_owned(),
            );
            println!("no account configured; using a sandbox at {}", triple.0);
            // The sandbox goes first so that it shuts down while its runtime still runs.
            _sandbox = Some((sandbox, runtime));
            triple
        }
    };
    let workspace = Workspace::new(SyncToken::new(&token)?, enterprise.parse()?)
        .with_base_url(BaseUrl::parse(&base)?);
    let (note, paid) = document_examples(&workspace)?;
    println!("custom action: {}", serde_json::to_string(&note)?);
    println!("payment:       {}", serde_json::to_string(&paid)?);
    Ok(())
}
