//! Driving `telecrm-core` from an async client: reqwest.
//!
//! The whole loop is [`send`]: build the request with the core, send it with
//! reqwest, hand the status, headers and bytes back to the core, and let the
//! core's retry policy decide whether to try again. `main` runs the API
//! document's two updates, against a real account when `TELECRM_BASE_URL`,
//! `TELECRM_TOKEN` and `TELECRM_ENTERPRISE_ID` are set, or else against the
//! sandbox on loopback.
//!
//! `cargo run -p telecrm-examples --example reqwest_async`

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::BuildHasher;
use std::time::{Duration, Instant, SystemTime};

use http::header::RETRY_AFTER;
use telecrm_core::{
    Action, ActionUpdate, BaseUrl, EncodeError, Endpoint, EnterpriseId, Failure, ResponseError,
    RetryDecision, RetryInput, RetryPolicy, SyncToken, UpdateAction,
};

/// The largest response body read; a larger one is an error, not an allocation.
const MAX_BODY: usize = 4 * 1024 * 1024;
/// The whole call, retries and waits included, ends within this.
const DEADLINE: Duration = Duration::from_secs(30);

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
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Encode(_) => f.write_str("could not build the request"),
            Self::Transport(_) => f.write_str("could not reach TeleCRM"),
            Self::BodyTooLarge => f.write_str("response body too large"),
            Self::Response(err) => write!(f, "{err}"),
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
        .timeout(Duration::from_secs(30))
        .build()?)
}

/// Sends any endpoint of the core, with the core's retry rule.
pub(crate) async fn send<E: Endpoint<Token = SyncToken>>(
    client: &reqwest::Client,
    base: &BaseUrl,
    token: &SyncToken,
    endpoint: &E,
    policy: &RetryPolicy,
) -> Result<E::Response, CallError> {
    // 1. The core builds the request once; every attempt sends the same bytes.
    let request = endpoint
        .to_http_request(base, token)
        .map_err(CallError::Encode)?;
    let started = Instant::now();
    let jitter = RandomState::new();
    let mut attempt = 0;
    loop {
        attempt += 1;
        // 2. Your stack sends it...
        let outcome = match reqwest::Request::try_from(copy(&request)) {
            Ok(request) => client.execute(request).await,
            Err(err) => return Err(CallError::Transport(err)),
        };
        let (failure, retry_after, error) = match outcome {
            Ok(response) => {
                let status = response.status();
                let headers = response.headers().clone();
                match read_bounded(response).await {
                    // 3. ...and hands status, headers and bytes back to the core.
                    Ok(body) => match E::decode_response(status, &headers, &body) {
                        Ok(value) => return Ok(value),
                        Err(err) => (
                            Failure::Status(status),
                            headers.get(RETRY_AFTER).cloned(),
                            CallError::Response(err),
                        ),
                    },
                    Err(CallError::BodyTooLarge) => return Err(CallError::BodyTooLarge),
                    Err(err) => (Failure::Disconnected, None, err),
                }
            }
            Err(err) => (classify(&err), None, CallError::Transport(err)),
        };
        // 4. The core decides whether to retry; time and randomness come from here.
        let decision = policy.decide(&RetryInput {
            attempt,
            failure,
            retry_after: retry_after.as_ref(),
            now: SystemTime::now(),
            elapsed: started.elapsed(),
            deadline: Some(DEADLINE),
            random: jitter.hash_one(attempt),
            idempotent: E::IDEMPOTENT,
        });
        match decision {
            RetryDecision::Retry { after } => tokio::time::sleep(after).await,
            RetryDecision::Stop(_) => return Err(error),
        }
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
    base: &BaseUrl,
    token: &SyncToken,
    enterprise: &EnterpriseId,
) -> Result<(Action, Action), Box<dyn std::error::Error>> {
    let client = client()?;
    let policy = RetryPolicy::default();
    let note = UpdateAction::new(
        enterprise.clone(),
        "603d2b2f9b1e8a001c8e4f5c".parse()?,
        "603d2b2f9b1e8a001c8e4f5d".parse()?,
        ActionUpdate::from_json(br#"{"type":"1001","fields":{"note":"Follow-up completed"}}"#)?,
    );
    let paid = UpdateAction::new(
        enterprise.clone(),
        "603d2b2f9b1e8a001c8e4f5c".parse()?,
        "603d2b2f9b1e8a001c8e4f5e".parse()?,
        ActionUpdate::from_json(br#"{"type":"PAYMENT","status":"COMPLETED"}"#)?,
    );
    let note = send(&client, base, token, &note, &policy).await?;
    let paid = send(&client, base, token, &paid, &policy).await?;
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
    let (note, paid) = document_examples(
        &BaseUrl::parse(&base)?,
        &SyncToken::new(&token)?,
        &enterprise.parse()?,
    )
    .await?;
    println!("custom action: {}", serde_json::to_string(&note)?);
    println!("payment:       {}", serde_json::to_string(&paid)?);
    Ok(())
}
