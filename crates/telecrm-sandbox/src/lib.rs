//! A local, stateful stand-in for the [TeleCRM] Sync API, as stripe-mock,
//! moto and LocalStack are for theirs: for the `telecrm demo`, for end-to-end
//! tests, and for testing your own integration with no account and no network.
//!
//! **What it is:** a hyper server on loopback (by default) that serves the
//! whole Sync API and the Async API's lead ingestion for one enterprise, or
//! for a world of them from a seed file, each with its own tokens and
//! workspace. For instance, the **Actions** group, on a real timeline per
//! lead: *Create actions* (fresh IDs, each entry `CREATED` or `IGNORED` with
//! remarks), *Get an action*, *Update an action* (the body's `type` must match
//! the action's, a custom action merges `fields`, a payment may change
//! `status` only, and `amount`, `currency` or `paymentid` get the documented
//! `400`) and *Search actions* (filters, newest first, paginated), each by the
//! rules of the docs: built-in types are searchable but never written or read
//! one by one, unknown actions get `404 ACTION_NOT_FOUND`, a wrong token
//! `401 NOT_AUTHORIZED`. State lives in SQLite, in memory or in a file
//! (`--state`): one transaction per request, committed before the answer.
//! Faults (latency, error statuses, dropped connections) can be injected,
//! deterministically.
//!
//! **What it is not:** TeleCRM. It checks requests independently of
//! `telecrm-core` (it shares no code with it, so a client-side mistake cannot
//! be mirrored here), but it knows only what the docs say: no rate limits,
//! none of the service's other validations. See `docs/sandbox.md`.
//!
//! ```
//! use telecrm_sandbox::{Sandbox, SandboxConfig, SEED_LEAD, SEED_PAYMENT_ACTION};
//! use tokio::io::{AsyncReadExt, AsyncWriteExt};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let sandbox = Sandbox::start(SandboxConfig::new().token("t0k3n")).await?;
//! let body = r#"{"type":"PAYMENT","status":"COMPLETED"}"#;
//! let request = format!(
//!     "POST /autoupdate/v2/enterprise/{}/lead/{SEED_LEAD}/action/{SEED_PAYMENT_ACTION} HTTP/1.1\r\n\
//!      Host: sandbox\r\nAuthorization: Bearer t0k3n\r\nContent-Type: application/json\r\n\
//!      Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
//!     sandbox.enterprise(),
//!     body.len(),
//! );
//! let mut stream = tokio::net::TcpStream::connect(sandbox.local_addr()).await?;
//! stream.write_all(request.as_bytes()).await?;
//! let mut answer = String::new();
//! stream.read_to_string(&mut answer).await?;
//! assert!(answer.starts_with("HTTP/1.1 200 OK"));
//! assert!(answer.ends_with(r#"{"type":"PAYMENT","status":"COMPLETED","currency":"INR","amount":"5000"}"#));
//! assert_eq!(sandbox.action(SEED_LEAD, SEED_PAYMENT_ACTION).unwrap()["status"], "COMPLETED");
//! sandbox.shutdown().await?;
//! # Ok(())
//! # }
//! ```
//!
//! [TeleCRM]: https://telecrm.in

mod api;
mod clock;
mod config;
mod fault;
mod server;
mod state;
mod workspace;
mod world;

use std::collections::VecDeque;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use api::actions::update::IMMUTABLE_PAYMENT_MESSAGE;
pub use api::ingest::IngestRecord;
pub use clock::{Clock, ClockParseError};
pub use config::{
    ASYNC_BASE_PATH, DEFAULT_BASE_PATH, DEFAULT_ENTERPRISE, DEFAULT_HEADER_TIMEOUT,
    DEFAULT_LICENSE_SEATS, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_CONNECTIONS, Limits, SandboxConfig,
};
pub use fault::Faults;
pub use server::{REQUEST_LOG_LIMIT, RequestRecord};
pub use state::{
    SEED_CUSTOM_ACTION, SEED_INCOMING_CALL, SEED_LEAD, SEED_OUTGOING_CALL, SEED_PAYMENT_ACTION,
};

use server::Shared;
use state::{Store, StoreOptions, TenantOptions};

/// How long shutdown waits for requests in flight.
pub(crate) const DRAIN_TIMEOUT: Duration = Duration::from_secs(5);

/// Why a sandbox could not start, save or stop.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SandboxError {
    /// The address could not be bound.
    #[error("could not listen on {addr}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// The state file could not be read or parsed.
    #[error("could not load the state file {}", path.display())]
    StateLoad {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// Another sandbox holds the state file: one process per file.
    #[error("another sandbox holds the state file {}", path.display())]
    StateLocked {
        /// The file.
        path: PathBuf,
    },
    /// The world file could not be read, or says something impossible.
    #[error("could not read the world file {}", path.display())]
    World {
        /// The file.
        path: PathBuf,
        /// What is wrong, and where.
        #[source]
        source: std::io::Error,
    },
    /// The state file could not be written.
    #[error("could not save the state file {}", path.display())]
    StateSave {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// Waiting for a shutdown signal failed.
    #[error("could not wait for a shutdown signal")]
    Signal(#[source] std::io::Error),
}

/// One enterprise a sandbox serves, and the tokens that serve it (for tests
/// and scripts; `Debug` hides the tokens).
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EnterpriseAccess {
    /// The enterprise ID.
    pub enterprise: String,
    /// Its Sync token.
    pub token: String,
    /// Its Async token.
    pub async_token: String,
}

impl fmt::Debug for EnterpriseAccess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EnterpriseAccess")
            .field("enterprise", &self.enterprise)
            .field("token", &"<redacted>")
            .field("async_token", &"<redacted>")
            .finish()
    }
}

/// A running sandbox. Dropping it shuts it down; [`Sandbox::shutdown`] does so
/// and waits.
pub struct Sandbox {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
    worker: Option<JoinHandle<()>>,
}

impl fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sandbox")
            .field("base_url", &self.base_url())
            .field("enterprise", &self.enterprise())
            .field("token", &"<redacted>")
            .finish()
    }
}

impl Sandbox {
    /// Starts a sandbox and returns once it accepts connections.
    ///
    /// # Errors
    ///
    /// [`SandboxError`] when the address cannot be bound or the state file
    /// cannot be loaded or created.
    pub async fn start(config: SandboxConfig) -> Result<Self, SandboxError> {
        // The enterprises: the configured one, or a world file's.
        let mut tenants = Vec::new();
        let mut stores = Vec::new();
        match &config.world_file {
            None => {
                tenants.push(server::Tenant {
                    enterprise: config.enterprise.clone(),
                    token: config.token.clone(),
                    async_token: config.async_token.clone(),
                    limiter: config.async_rate_per_hour.and_then(async_limiter),
                });
                stores.push(TenantOptions {
                    enterprise: config.enterprise.clone(),
                    workspace: Arc::new(workspace::Workspace::builtin()),
                    initial: None,
                });
            }
            Some(path) => {
                let world = world::read(path).map_err(|source| SandboxError::World {
                    path: path.clone(),
                    source,
                })?;
                for (i, enterprise) in world.into_iter().enumerate() {
                    let made_up = |salt: u64| match config.seed {
                        Some(seed) => clock::seeded_token(seed, 100 + 2 * i as u64 + salt),
                        None => config::made_up_token(),
                    };
                    tenants.push(server::Tenant {
                        enterprise: enterprise.id.clone(),
                        token: enterprise.token.unwrap_or_else(|| made_up(0)),
                        async_token: enterprise
                            .async_token
                            .unwrap_or_else(|| format!("async_{}", made_up(1))),
                        limiter: config.async_rate_per_hour.and_then(async_limiter),
                    });
                    stores.push(TenantOptions {
                        enterprise: enterprise.id,
                        workspace: Arc::new(enterprise.workspace),
                        initial: Some(enterprise.initial),
                    });
                }
            }
        }
        let options = StoreOptions {
            file: config.state_file.clone(),
            tenants: stores,
            clock: config.clock,
            seed: config.seed,
        };
        // Opening may import a JSON file or wait on the disk: not on the runtime.
        let store = tokio::task::spawn_blocking(move || Store::open(options))
            .await
            .map_err(|e| SandboxError::StateLoad {
                path: config.state_file.clone().unwrap_or_default(),
                source: std::io::Error::other(e),
            })??;
        let listener =
            TcpListener::bind(config.listen)
                .await
                .map_err(|source| SandboxError::Bind {
                    addr: config.listen,
                    source,
                })?;
        let addr = listener.local_addr().map_err(|source| SandboxError::Bind {
            addr: config.listen,
            source,
        })?;
        let waiting: usize = tenants
            .iter()
            .filter_map(|t| store.read(&t.enterprise, |tx| tx.queued()))
            .sum();
        let shared = Arc::new(Shared {
            store,
            base_path: config.base_path,
            tenants,
            faults: config.faults,
            max_body_bytes: config.max_body_bytes,
            license_seats: config.license_seats,
            limits: config.limits,
            echo_requests: config.echo_requests,
            ingest: server::IngestQueue {
                wake: tokio::sync::Notify::new(),
                accepted: AtomicU64::new(waiting as u64),
                processed: AtomicU64::new(0),
                log: std::sync::Mutex::new(Vec::new()),
            },
            counter: AtomicU64::new(0),
            log: std::sync::Mutex::new(VecDeque::new()),
        });
        let (stop, stopped) = watch::channel(false);
        let worker = tokio::spawn(shared.clone().work_queue(stopped.clone()));
        let task = tokio::spawn(serve(listener, shared.clone(), stopped));
        Ok(Self {
            addr,
            shared,
            stop,
            task: Some(task),
            worker: Some(worker),
        })
    }

    /// The base URL clients use, e.g. `http://127.0.0.1:41234/autoupdate/v2`.
    pub fn base_url(&self) -> String {
        format!("http://{}{}", self.addr, self.shared.base_path)
    }

    /// The base URL of its Async API, e.g. `http://127.0.0.1:41234/async`.
    pub fn async_base_url(&self) -> String {
        format!("http://{}{}", self.addr, config::ASYNC_BASE_PATH)
    }

    /// The Async token of its (first) enterprise.
    pub fn async_token(&self) -> &str {
        &self.default_tenant().async_token
    }

    /// Every enterprise it serves, the default first, with its tokens.
    pub fn enterprises(&self) -> Vec<EnterpriseAccess> {
        self.shared
            .tenants
            .iter()
            .map(|t| EnterpriseAccess {
                enterprise: t.enterprise.clone(),
                token: t.token.clone(),
                async_token: t.async_token.clone(),
            })
            .collect()
    }

    fn default_tenant(&self) -> &server::Tenant {
        // `start` never makes a sandbox without one.
        &self.shared.tenants[0]
    }

    /// Reads the default enterprise's state.
    fn read<R: Default>(&self, f: impl FnOnce(&state::Tx<'_>) -> R) -> R {
        self.shared
            .store
            .read(&self.default_tenant().enterprise, f)
            .unwrap_or_default()
    }

    /// What became of every payload the Async API queued and applied so far.
    pub fn ingested(&self) -> Vec<IngestRecord> {
        self.shared
            .ingest
            .log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Waits until every payload queued so far (and, with a state file, left
    /// queued by an earlier run) has been applied.
    pub async fn drain_ingest(&self) {
        let queue = &self.shared.ingest;
        while queue.processed.load(std::sync::atomic::Ordering::SeqCst)
            < queue.accepted.load(std::sync::atomic::Ordering::SeqCst)
        {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }

    /// How many Async payloads wait to be applied, in all enterprises.
    pub fn queued(&self) -> usize {
        self.shared
            .tenants
            .iter()
            .filter_map(|t| self.shared.store.read(&t.enterprise, |tx| tx.queued()))
            .sum()
    }

    /// Makes every commit fail (`true`) or succeed again: for tests that a
    /// failed commit answers `500` and changes nothing.
    #[doc(hidden)]
    pub fn fail_commits(&self, on: bool) {
        self.shared.store.fail_commits(on);
    }

    /// The address it listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The Sync token of its (first) enterprise.
    pub fn token(&self) -> &str {
        &self.default_tenant().token
    }

    /// The ID of its (first) enterprise; the helpers below work on its state.
    pub fn enterprise(&self) -> &str {
        &self.default_tenant().enterprise
    }

    /// A snapshot of one action's state.
    pub fn action(&self, lead: &str, action: &str) -> Option<Value> {
        self.read(|tx| tx.get(lead, action))
    }

    /// A snapshot of one lead's fields.
    pub fn lead(&self, lead: &str) -> Option<serde_json::Map<String, Value>> {
        self.read(|tx| tx.lead(lead).map(|l| l.fields.clone()))
    }

    /// How many leads it holds.
    pub fn lead_count(&self) -> usize {
        self.read(|tx| tx.leads().count())
    }

    /// Adds or replaces an action, created now (for tests that need more
    /// than the seed). Its lead becomes known.
    ///
    /// # Errors
    ///
    /// [`SandboxError::StateSave`] when the change could not be committed.
    pub fn insert_action(
        &self,
        lead: &str,
        action: &str,
        state: Value,
    ) -> Result<(), SandboxError> {
        self.commit(|tx| tx.insert(lead, action, state))
    }

    /// Makes a lead known, with an empty timeline.
    ///
    /// # Errors
    ///
    /// [`SandboxError::StateSave`] when the change could not be committed.
    pub fn insert_lead(&self, lead: &str) -> Result<(), SandboxError> {
        self.commit(|tx| tx.insert_lead(lead))
    }

    fn commit(&self, f: impl FnOnce(&mut state::Tx<'_>)) -> Result<(), SandboxError> {
        self.shared
            .store
            .with_tx(&self.default_tenant().enterprise, f)
            .map_err(|e| SandboxError::StateSave {
                path: self
                    .shared
                    .store
                    .file()
                    .map(Path::to_owned)
                    .unwrap_or_default(),
                source: std::io::Error::other(e),
            })
    }

    /// A lead's timeline, newest first: each action's ID and state.
    pub fn timeline(&self, lead: &str) -> Vec<(String, Value)> {
        self.read(|tx| {
            tx.timeline(lead)
                .into_iter()
                .map(|(id, stored)| (id.to_owned(), stored.state.clone()))
                .collect()
        })
    }

    /// The requests served so far (the newest [`REQUEST_LOG_LIMIT`]): method,
    /// path and status. Never headers, so never the token.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.shared.requests()
    }

    /// Stops accepting, lets requests in flight finish (up to 5 s), then
    /// applies queued Async payloads for up to 5 s more; what is left stays
    /// queued in the state file for the next start.
    ///
    /// # Errors
    ///
    /// None today; kept for errors of the final steps.
    pub async fn shutdown(mut self) -> Result<(), SandboxError> {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        if let Some(worker) = self.worker.take() {
            let _ = worker.await;
        }
        Ok(())
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        // The server task sees this, drains and saves on its own; nothing here
        // needs a runtime, so dropping outside one is fine.
        let _ = self.stop.send(true);
    }
}

async fn serve(listener: TcpListener, shared: Arc<Shared>, mut stopped: watch::Receiver<bool>) {
    let graceful = GracefulShutdown::new();
    let limits = shared.limits;
    // One permit per open connection: beyond the cap, the next connection
    // waits in the listen backlog until one closes.
    let permits = Arc::new(tokio::sync::Semaphore::new(limits.max_connections.max(1)));
    loop {
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            _ = stopped.changed() => break,
        };
        tokio::select! {
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(err) => {
                        // E.g. too many open files: back off instead of spinning.
                        tracing::warn!("sandbox: accept failed: {err}");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let shared = shared.clone();
                let service = hyper::service::service_fn(move |request| shared.clone().handle(request));
                // The header-read timeout also runs while a kept-alive
                // connection waits for its next request: idle ones close.
                let connection = http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(limits.header_timeout)
                    .serve_connection(TokioIo::new(stream), service);
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    let _ = connection.await;
                    drop(permit);
                });
            }
            _ = stopped.changed() => break,
        }
    }
    drop(listener);
    let _ = tokio::time::timeout(DRAIN_TIMEOUT, graceful.shutdown()).await;
    let shared = shared.clone();
    let _ = tokio::task::spawn_blocking(move || shared.store.checkpoint()).await;
}

/// A limiter of `per_hour` requests, spread evenly: beyond it, `429`.
fn async_limiter(per_hour: u32) -> Option<governor::DefaultDirectRateLimiter> {
    let per_hour = std::num::NonZeroU32::new(per_hour)?;
    let period = Duration::from_secs(3600) / per_hour.get();
    let quota = governor::Quota::with_period(period)?.allow_burst(std::num::NonZeroU32::MIN);
    Some(governor::RateLimiter::direct(quota))
}

/// Runs a sandbox until Ctrl-C (or SIGTERM on Unix): starts it, calls
/// `on_ready` (the CLI prints its address line there), then shuts down
/// gracefully, state saved.
///
/// # Errors
///
/// [`SandboxError`] from starting, waiting for the signal, or the final save.
pub async fn run_until_signal(
    config: SandboxConfig,
    on_ready: impl FnOnce(&Sandbox),
) -> Result<(), SandboxError> {
    // Listening for the signals before anyone is told the sandbox is ready:
    // a SIGTERM right after the first line then stops it gracefully.
    let signal = wait_for_signal()?;
    let sandbox = Sandbox::start(config).await?;
    on_ready(&sandbox);
    signal.await?;
    sandbox.shutdown().await
}

/// Installs the handlers now; the future ends at Ctrl-C or SIGTERM.
#[cfg(unix)]
fn wait_for_signal() -> Result<impl Future<Output = Result<(), SandboxError>>, SandboxError> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).map_err(SandboxError::Signal)?;
    let mut interrupt = signal(SignalKind::interrupt()).map_err(SandboxError::Signal)?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = term.recv() => {}
        }
        Ok(())
    })
}

#[cfg(not(unix))]
fn wait_for_signal() -> Result<impl Future<Output = Result<(), SandboxError>>, SandboxError> {
    Ok(async { tokio::signal::ctrl_c().await.map_err(SandboxError::Signal) })
}

/// This crate's README and `docs/sandbox.md`, compiled as doctests so that
/// they cannot drift from the code.
#[cfg(doctest)]
mod documents {
    #[doc = include_str!("../README.md")]
    struct Readme;
    #[doc = include_str!("../../../docs/sandbox.md")]
    struct SandboxDoc;
}
