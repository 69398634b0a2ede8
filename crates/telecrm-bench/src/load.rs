//! The three clients, and one measurement cell: a mode at a concurrency for a
//! fixed time.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use http::{HeaderMap, HeaderValue, Method, Request, Uri};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use telecrm_core::{ActionId, ActionUpdate, BaseUrl, CustomUpdate, LeadId, SyncToken, Workspace};

use crate::Options;
use crate::handrolled::{Handrolled, UpdateActionBody};
use crate::server::{Child, ENTERPRISE, TOKEN};
use crate::stats::cpu_ns;

pub(crate) const LEAD: &str = "603d2b2f9b1e8a001c8e4f5c";
pub(crate) const ACTION: &str = "603d2b2f9b1e8a001c8e4f5d";
pub(crate) const BODY: &str = r#"{"type":"1001","fields":{"note":"Follow-up completed"}}"#;

/// Who sends the requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Mode {
    /// hyper-util's legacy client, a pre-built request, the body read and dropped.
    Hyper,
    /// `telecrm_hyper::WorkspaceClient::update_action_ref`.
    Sdk,
    /// reqwest with `.json()` both ways.
    Reqwest,
    /// `telecrm_hyper::WorkspaceClient::update_action_ref` against the sandbox.
    SdkOnSandbox,
    /// As `Hyper`, over TLS: hyper-rustls (ring) on the same client.
    HyperTls,
    /// As `Sdk`, over TLS.
    SdkTls,
    /// As `Reqwest`, over TLS (rustls with ring).
    ReqwestTls,
    /// The client a careful user writes: hyper-util, `serde_json` with
    /// derived structs, no timeout (`crate::handrolled`).
    Handrolled,
    /// As `Handrolled`, inside `tokio::time::timeout`.
    HandrolledTimeout,
    /// As `Handrolled`, over TLS (hyper-rustls, ring).
    HandrolledTls,
    /// As `HandrolledTimeout`, over TLS.
    HandrolledTimeoutTls,
}

/// The document's custom update, `BODY` as the SDK builds it.
pub(crate) fn document_update() -> Result<ActionUpdate, Box<dyn std::error::Error>> {
    Ok(ActionUpdate::from(
        CustomUpdate::new("1001".parse()?).with_field("note", "Follow-up completed"),
    ))
}

impl Mode {
    /// Whether this mode talks to the TLS server.
    pub(crate) fn is_tls(self) -> bool {
        matches!(
            self,
            Self::HyperTls
                | Self::SdkTls
                | Self::ReqwestTls
                | Self::HandrolledTls
                | Self::HandrolledTimeoutTls
        )
    }

    /// Every mode, for the command line.
    pub(crate) const ALL: [Mode; 11] = [
        Self::Hyper,
        Self::Sdk,
        Self::Reqwest,
        Self::SdkOnSandbox,
        Self::HyperTls,
        Self::SdkTls,
        Self::ReqwestTls,
        Self::Handrolled,
        Self::HandrolledTimeout,
        Self::HandrolledTls,
        Self::HandrolledTimeoutTls,
    ];

    /// The name `profile` takes (`None`: not profiled alone).
    pub(crate) fn arg(self) -> Option<&'static str> {
        Some(match self {
            Self::Hyper => "hyper",
            Self::Sdk => "sdk",
            Self::Reqwest => "reqwest",
            Self::SdkOnSandbox => return None,
            Self::HyperTls => "hyper-tls",
            Self::SdkTls => "sdk-tls",
            Self::ReqwestTls => "reqwest-tls",
            Self::Handrolled => "handrolled",
            Self::HandrolledTimeout => "handrolled-timeout",
            Self::HandrolledTls => "handrolled-tls",
            Self::HandrolledTimeoutTls => "handrolled-timeout-tls",
        })
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Hyper => "raw hyper",
            Self::Sdk => "telecrm-hyper",
            Self::Reqwest => "reqwest",
            Self::SdkOnSandbox => "telecrm-hyper → sandbox",
            Self::HyperTls => "raw hyper, TLS",
            Self::SdkTls => "telecrm-hyper, TLS",
            Self::ReqwestTls => "reqwest, TLS",
            Self::Handrolled => "hand-rolled",
            Self::HandrolledTimeout => "hand-rolled + timeout",
            Self::HandrolledTls => "hand-rolled, TLS",
            Self::HandrolledTimeoutTls => "hand-rolled + timeout, TLS",
        }
    }
}

/// One measurement.
#[derive(Debug, Clone)]
pub(crate) struct Cell {
    pub(crate) rep: usize,
    pub(crate) mode: Mode,
    pub(crate) concurrency: usize,
    pub(crate) requests: u64,
    pub(crate) errors: u64,
    pub(crate) seconds: f64,
    /// Latencies in microseconds, sorted.
    pub(crate) latencies_us: Vec<u32>,
    /// Client CPU time (all threads of this process) over the cell.
    pub(crate) cpu_ns: u64,
}

impl Cell {
    pub(crate) fn rps(&self) -> f64 {
        self.requests as f64 / self.seconds
    }

    pub(crate) fn percentile_us(&self, p: f64) -> u32 {
        if self.latencies_us.is_empty() {
            return 0;
        }
        let index = ((self.latencies_us.len() - 1) as f64 * p).round() as usize;
        self.latencies_us[index]
    }

    pub(crate) fn cpu_us_per_request(&self) -> f64 {
        if self.requests == 0 {
            return f64::NAN;
        }
        self.cpu_ns as f64 / 1000.0 / self.requests as f64
    }
}

/// The TLS clients, against the minimal server behind rustls.
struct TlsClients {
    hyper: HyperClient<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>>,
    uri: Uri,
    sdk: telecrm_hyper::WorkspaceClient,
    reqwest: reqwest::Client,
    url: String,
    handrolled: Handrolled<hyper_rustls::HttpsConnector<HttpConnector>>,
}

/// A rustls client configuration as a user would build one: Mozilla's roots
/// (the SDK's default) plus the bench server's self-signed certificate.
pub(crate) fn rustls_config(
    cert_pem: &str,
) -> Result<rustls::ClientConfig, Box<dyn std::error::Error>> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    for cert in CertificateDer::pem_slice_iter(cert_pem.as_bytes()) {
        roots.add(cert?)?;
    }
    Ok(rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()?
    .with_root_certificates(roots)
    .with_no_client_auth())
}

fn raw_hyper_tls(
    cert_pem: &str,
) -> Result<
    HyperClient<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>>,
    Box<dyn std::error::Error>,
> {
    let mut http = HttpConnector::new();
    http.set_nodelay(true);
    http.enforce_http(false);
    let connector = hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(rustls_config(cert_pem)?)
        .https_only()
        .enable_http1()
        .wrap_connector(http);
    Ok(HyperClient::builder(TokioExecutor::new()).build(connector))
}

fn reqwest_tls(cert_pem: &str) -> Result<reqwest::Client, Box<dyn std::error::Error>> {
    Ok(reqwest::Client::builder()
        .tcp_nodelay(true)
        .redirect(reqwest::redirect::Policy::none())
        .tls_backend_preconfigured(rustls_config(cert_pem)?)
        .build()?)
}

/// The bench's workspace on the server at `base_url`.
fn workspace(base_url: &str) -> Result<Workspace, Box<dyn std::error::Error>> {
    Ok(Workspace::new(SyncToken::new(TOKEN)?, ENTERPRISE.parse()?)
        .with_base_url(BaseUrl::parse(base_url)?))
}

fn sdk_tls(
    base_url: &str,
    cert_pem: &str,
) -> Result<telecrm_hyper::WorkspaceClient, Box<dyn std::error::Error>> {
    Ok(telecrm_hyper::Client::builder()
        .add_root_certificates_pem(cert_pem.as_bytes().to_vec())
        .build()?
        .workspace(workspace(base_url)?)?)
}

/// The document's action on `server`, as a URL.
fn action_url(server: &Child) -> String {
    format!(
        "{}/enterprise/{ENTERPRISE}/lead/{LEAD}/action/{ACTION}",
        server.base_url
    )
}

/// The TLS server's self-signed certificate, the clients' only root.
fn cert_pem(tls: &Child) -> Result<&str, Box<dyn std::error::Error>> {
    Ok(tls
        .cert_pem
        .as_deref()
        .ok_or("the TLS server sent no certificate")?)
}

impl TlsClients {
    fn new(tls: &Child) -> Result<Self, Box<dyn std::error::Error>> {
        let pem = cert_pem(tls)?;
        let url = action_url(tls);
        Ok(Self {
            hyper: raw_hyper_tls(pem)?,
            uri: url.parse()?,
            sdk: sdk_tls(&tls.base_url, pem)?,
            reqwest: reqwest_tls(pem)?,
            url,
            handrolled: Handrolled::new(raw_hyper_tls(pem)?, &tls.base_url, ENTERPRISE, TOKEN)?,
        })
    }
}

/// The clients, built once, reused by every cell.
struct Clients {
    tls: Option<TlsClients>,
    hyper: HyperClient<HttpConnector, Full<Bytes>>,
    hyper_uri: Uri,
    hyper_headers: HeaderMap,
    sdk: telecrm_hyper::WorkspaceClient,
    sdk_sandbox: telecrm_hyper::WorkspaceClient,
    reqwest: reqwest::Client,
    reqwest_url: String,
    body_value: serde_json::Value,
    lead: LeadId,
    action: ActionId,
    update: ActionUpdate,
    handrolled: Handrolled<HttpConnector>,
    handrolled_body: UpdateActionBody,
}

/// The hand-written client's timeout: the SDK's default per attempt.
const HANDROLLED_TIMEOUT: Duration = Duration::from_secs(30);

impl Clients {
    fn new(
        minimal: &Child,
        sandbox: &Child,
        tls: Option<&Child>,
    ) -> Result<Self, Box<dyn std::error::Error>> {
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        let hyper = HyperClient::builder(TokioExecutor::new()).build(connector.clone());
        // A pool of its own, as a user's client would have.
        let handrolled_http = HyperClient::builder(TokioExecutor::new()).build(connector);
        let url = action_url(minimal);
        let mut hyper_headers = HeaderMap::new();
        hyper_headers.insert(
            AUTHORIZATION,
            HeaderValue::from_str(&format!("Bearer {TOKEN}"))?,
        );
        hyper_headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        hyper_headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        hyper_headers.insert(USER_AGENT, HeaderValue::from_static("bench"));
        let sdk = |base: &str| -> Result<_, Box<dyn std::error::Error>> {
            Ok(telecrm_hyper::Client::new()?.workspace(workspace(base)?)?)
        };
        Ok(Self {
            tls: tls.map(TlsClients::new).transpose()?,
            hyper,
            hyper_uri: url.parse()?,
            hyper_headers,
            sdk: sdk(&minimal.base_url)?,
            sdk_sandbox: sdk(&sandbox.base_url)?,
            reqwest: reqwest::Client::builder()
                .tcp_nodelay(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()?,
            reqwest_url: url,
            body_value: serde_json::from_str(BODY)?,
            lead: LEAD.parse()?,
            action: ACTION.parse()?,
            update: document_update()?,
            handrolled: Handrolled::new(handrolled_http, &minimal.base_url, ENTERPRISE, TOKEN)?,
            handrolled_body: crate::handrolled::document_body(),
        })
    }

    /// One request in `mode`; true when it succeeded.
    async fn one(&self, mode: Mode) -> bool {
        match mode {
            Mode::Hyper => raw_hyper_one(&self.hyper, &self.hyper_uri, &self.hyper_headers).await,
            Mode::Handrolled => self
                .handrolled
                .update_action(LEAD, ACTION, &self.handrolled_body)
                .await
                .is_ok(),
            Mode::HandrolledTimeout => self
                .handrolled
                .update_action_timeout(LEAD, ACTION, &self.handrolled_body, HANDROLLED_TIMEOUT)
                .await
                .is_ok(),
            Mode::HyperTls
            | Mode::SdkTls
            | Mode::ReqwestTls
            | Mode::HandrolledTls
            | Mode::HandrolledTimeoutTls => {
                let Some(tls) = &self.tls else {
                    return false;
                };
                match mode {
                    Mode::HandrolledTls => tls
                        .handrolled
                        .update_action(LEAD, ACTION, &self.handrolled_body)
                        .await
                        .is_ok(),
                    Mode::HandrolledTimeoutTls => tls
                        .handrolled
                        .update_action_timeout(
                            LEAD,
                            ACTION,
                            &self.handrolled_body,
                            HANDROLLED_TIMEOUT,
                        )
                        .await
                        .is_ok(),
                    Mode::HyperTls => {
                        raw_hyper_one(&tls.hyper, &tls.uri, &self.hyper_headers).await
                    }
                    Mode::SdkTls => tls
                        .sdk
                        .update_action_ref(&self.lead, &self.action, &self.update)
                        .await
                        .is_ok(),
                    _ => reqwest_one(&tls.reqwest, &tls.url, &self.body_value).await,
                }
            }
            Mode::Sdk | Mode::SdkOnSandbox => {
                let client = if mode == Mode::Sdk {
                    &self.sdk
                } else {
                    &self.sdk_sandbox
                };
                client
                    .update_action_ref(&self.lead, &self.action, &self.update)
                    .await
                    .is_ok()
            }
            Mode::Reqwest => reqwest_one(&self.reqwest, &self.reqwest_url, &self.body_value).await,
        }
    }
}

/// Raw hyper's request: pre-built parts cloned, the body read and dropped.
async fn raw_hyper_one<C>(
    client: &HyperClient<C, Full<Bytes>>,
    uri: &Uri,
    headers: &HeaderMap,
) -> bool
where
    C: hyper_util::client::legacy::connect::Connect + Clone + Send + Sync + 'static,
{
    let mut request = Request::new(Full::new(Bytes::from_static(BODY.as_bytes())));
    *request.method_mut() = Method::POST;
    *request.uri_mut() = uri.clone();
    *request.headers_mut() = headers.clone();
    match client.request(request).await {
        Ok(response) => {
            let ok = response.status().is_success();
            ok && response.into_body().collect().await.is_ok()
        }
        Err(_) => false,
    }
}

/// What a reqwest user writes: `.json()` both ways.
async fn reqwest_one(client: &reqwest::Client, url: &str, body: &serde_json::Value) -> bool {
    let sent = client.post(url).bearer_auth(TOKEN).json(body).send().await;
    match sent {
        Ok(response) if response.status().is_success() => {
            response.json::<serde_json::Value>().await.is_ok()
        }
        _ => false,
    }
}

/// The time from nothing to the first response over TLS, for a client built
/// from scratch in `mode` (root store, TLS configuration, connection pool,
/// TCP connect, TLS handshake, one request and its body).
pub(crate) async fn cold_first_response(
    tls: &Child,
    mode: Mode,
) -> Result<Duration, Box<dyn std::error::Error>> {
    let pem = cert_pem(tls)?;
    let url = action_url(tls);
    let started = Instant::now();
    let ok = match mode {
        Mode::HyperTls => {
            let client = raw_hyper_tls(pem)?;
            let mut headers = HeaderMap::new();
            headers.insert(
                AUTHORIZATION,
                HeaderValue::from_str(&format!("Bearer {TOKEN}"))?,
            );
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            raw_hyper_one(&client, &url.parse()?, &headers).await
        }
        Mode::SdkTls => {
            let client = sdk_tls(&tls.base_url, pem)?;
            client
                .update_action(LEAD.parse()?, ACTION.parse()?, document_update()?)
                .await
                .is_ok()
        }
        Mode::ReqwestTls => {
            let client = reqwest_tls(pem)?;
            reqwest_one(&client, &url, &serde_json::from_str(BODY)?).await
        }
        Mode::HandrolledTimeoutTls => {
            let client = Handrolled::new(raw_hyper_tls(pem)?, &tls.base_url, ENTERPRISE, TOKEN)?;
            client
                .update_action_timeout(
                    LEAD,
                    ACTION,
                    &crate::handrolled::document_body(),
                    HANDROLLED_TIMEOUT,
                )
                .await
                .is_ok()
        }
        other => return Err(format!("{} is not a TLS mode", other.name()).into()),
    };
    let elapsed = started.elapsed();
    if ok {
        Ok(elapsed)
    } else {
        Err(format!("{} cold request failed", mode.name()).into())
    }
}

async fn cell(
    clients: &Arc<Clients>,
    mode: Mode,
    concurrency: usize,
    duration: Duration,
    rep: usize,
) -> Cell {
    // Warm the pool and the caches; not measured.
    run_for(
        clients,
        mode,
        concurrency,
        duration.mul_f64(0.2).max(Duration::from_millis(100)),
    )
    .await;
    let cpu_before = cpu_ns();
    let started = Instant::now();
    let (requests, errors, mut latencies_us) = run_for(clients, mode, concurrency, duration).await;
    let seconds = started.elapsed().as_secs_f64();
    let cpu = cpu_ns().saturating_sub(cpu_before);
    latencies_us.sort_unstable();
    Cell {
        rep,
        mode,
        concurrency,
        requests,
        errors,
        seconds,
        latencies_us,
        cpu_ns: cpu,
    }
}

async fn run_for(
    clients: &Arc<Clients>,
    mode: Mode,
    concurrency: usize,
    duration: Duration,
) -> (u64, u64, Vec<u32>) {
    let deadline = Instant::now() + duration;
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..concurrency {
        let clients = clients.clone();
        tasks.spawn(async move {
            let mut latencies = Vec::with_capacity(1 << 14);
            let mut errors = 0u64;
            loop {
                let start = Instant::now();
                if start >= deadline {
                    break;
                }
                if clients.one(mode).await {
                    let us = start.elapsed().as_micros();
                    latencies.push(u32::try_from(us).unwrap_or(u32::MAX));
                } else {
                    errors += 1;
                }
            }
            (latencies, errors)
        });
    }
    let mut all = Vec::new();
    let mut errors = 0;
    while let Some(Ok((latencies, e))) = tasks.join_next().await {
        all.extend(latencies);
        errors += e;
    }
    (all.len() as u64, errors, all)
}

/// `n` requests one after another in `mode` (for instruction counts).
pub(crate) async fn sequential(
    minimal: &Child,
    tls: Option<&Child>,
    mode: Mode,
    n: u64,
) -> Result<u64, Box<dyn std::error::Error>> {
    let clients = Clients::new(minimal, minimal, tls)?;
    let mut ok = 0;
    for _ in 0..n {
        ok += u64::from(clients.one(mode).await);
    }
    Ok(ok)
}

/// Every cell: for each repetition, for each concurrency, every mode in turn.
pub(crate) async fn measure_all(
    options: &Options,
    minimal: &Child,
    sandbox: &Child,
    tls: &Child,
    duration: Duration,
) -> Result<Vec<Cell>, Box<dyn std::error::Error>> {
    let clients = Arc::new(Clients::new(minimal, sandbox, Some(tls))?);
    // Fail fast if a mode cannot talk to its server at all.
    for mode in Mode::ALL {
        if !clients.one(mode).await {
            return Err(format!("{} cannot complete a request", mode.name()).into());
        }
    }
    let mut cells = Vec::new();
    for rep in 0..options.reps {
        for &c in &options.concurrency {
            // Rotate the order each repetition, so no mode always runs first.
            let mut modes = vec![
                Mode::Hyper,
                Mode::Sdk,
                Mode::Reqwest,
                Mode::Handrolled,
                Mode::HandrolledTimeout,
            ];
            if c == 8 {
                modes.push(Mode::SdkOnSandbox);
            }
            if c >= 8 {
                modes.extend([
                    Mode::HyperTls,
                    Mode::SdkTls,
                    Mode::ReqwestTls,
                    Mode::HandrolledTls,
                    Mode::HandrolledTimeoutTls,
                ]);
            }
            let shift = rep % modes.len();
            modes.rotate_left(shift);
            for mode in modes {
                let cell = cell(&clients, mode, c, duration, rep).await;
                eprintln!(
                    "  rep {} c={:<3} {:<26} {:>9.0} req/s  p50 {:>6} µs  p99 {:>6} µs  cpu {:>6.2} µs/req{}",
                    rep + 1,
                    c,
                    mode.name(),
                    cell.rps(),
                    cell.percentile_us(0.5),
                    cell.percentile_us(0.99),
                    cell.cpu_us_per_request(),
                    if cell.errors > 0 {
                        format!("  ({} errors)", cell.errors)
                    } else {
                        String::new()
                    }
                );
                cells.push(cell);
            }
        }
    }
    Ok(cells)
}

/// Allocations and bytes allocated by `n` sequential requests in `mode`,
/// after as many unmeasured ones to fill the pool and the caches.
pub(crate) async fn allocations(
    minimal: &Child,
    mode: Mode,
    n: u64,
) -> Result<(u64, u64), Box<dyn std::error::Error>> {
    let clients = Clients::new(minimal, minimal, None)?;
    for _ in 0..n {
        if !clients.one(mode).await {
            return Err(format!("{} cannot complete a request", mode.name()).into());
        }
    }
    let (allocations, bytes) = crate::allocs::snapshot();
    for _ in 0..n {
        clients.one(mode).await;
    }
    let (allocations_after, bytes_after) = crate::allocs::snapshot();
    Ok((allocations_after - allocations, bytes_after - bytes))
}
