//! [`ClientBuilder`]: every setting of a [`Client`], with defaults that are
//! never "wait forever".

use std::sync::Arc;
use std::time::Duration;

use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use telecrm_core::RetryPolicy;

use crate::budget::{RetryBudget, RetryBudgetConfig};
use crate::client::{Client, Shared};
use crate::connect::{Connector, Proxy, Roots, tls_config};
use crate::error::Error;
use crate::transport::{Jitter, Transport};

/// Default time to establish a TCP connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time for one attempt: sending, the response head and the whole body.
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default time for a whole call, retries and backoff included.
pub const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(60);
/// Default idle time after which a pooled connection is closed: below the
/// 60 s many load balancers use, so we close first and never write into a
/// connection the server is closing.
pub const DEFAULT_POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// Default largest response body read.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 4 * 1024 * 1024;

impl Client {
    /// A client with every default (see [`crate::ClientBuilder`]).
    ///
    /// # Errors
    ///
    /// As [`crate::ClientBuilder::build`].
    pub fn new() -> Result<Self, Error> {
        ClientBuilder::default().build()
    }

    /// A builder for a client with settings of its own.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }
}

/// Builds a [`Client`] (start with [`Client::builder`]).
///
/// ```
/// use std::time::Duration;
/// use telecrm_hyper::Client;
///
/// let client = Client::builder()
///     .total_timeout(Duration::from_secs(20))
///     .max_attempts(5)
///     .build()?;
/// assert_eq!(client.retry_policy().max_attempts(), 5);
/// # Ok::<_, telecrm_hyper::Error>(())
/// ```
#[must_use]
pub struct ClientBuilder {
    connect_timeout: Duration,
    attempt_timeout: Duration,
    total_timeout: Duration,
    pool_idle_timeout: Duration,
    pool_max_idle_per_host: usize,
    policy: RetryPolicy,
    budget: RetryBudgetConfig,
    max_response_bytes: usize,
    roots: Roots,
    extra_roots_pem: Vec<Vec<u8>>,
    provider: Option<Arc<rustls::crypto::CryptoProvider>>,
    proxy: Proxy,
    allow_insecure_http: bool,
    http2_only: bool,
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("attempt_timeout", &self.attempt_timeout)
            .field("total_timeout", &self.total_timeout)
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            attempt_timeout: DEFAULT_ATTEMPT_TIMEOUT,
            total_timeout: DEFAULT_TOTAL_TIMEOUT,
            pool_idle_timeout: DEFAULT_POOL_IDLE_TIMEOUT,
            pool_max_idle_per_host: 64,
            policy: RetryPolicy::default(),
            budget: RetryBudgetConfig::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            roots: Roots::default(),
            extra_roots_pem: Vec::new(),
            provider: None,
            proxy: Proxy::default(),
            allow_insecure_http: false,
            http2_only: false,
        }
    }
}

impl ClientBuilder {
    /// Time to establish a TCP connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time for one attempt, the whole response body included (default 30 s).
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = timeout;
        self
    }

    /// Time for a whole call, retries and backoff included (default 60 s).
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.total_timeout = timeout;
        self
    }

    /// How long an idle pooled connection is kept (default 30 s).
    pub fn pool_idle_timeout(mut self, timeout: Duration) -> Self {
        self.pool_idle_timeout = timeout;
        self
    }

    /// The retry rule (default: 3 attempts, full-jitter backoff from 100 ms to 5 s).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// Attempts in all (1 disables retries); the backoff stays as it is.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.policy = self.policy.with_max_attempts(attempts);
        self
    }

    /// The per-client retry budget (default: [`RetryBudgetConfig::default`]).
    pub fn retry_budget(mut self, budget: RetryBudgetConfig) -> Self {
        self.budget = budget;
        self
    }

    /// The largest response body read (default 4 MiB); a larger one is an error.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Which root certificates to trust (default: [`Roots::WebPki`]).
    pub fn tls_roots(mut self, roots: Roots) -> Self {
        self.roots = roots;
        self
    }

    /// Trusts the certificates in `pem` too (one or more `CERTIFICATE` blocks).
    /// Checked when the client is built.
    pub fn add_root_certificates_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.extra_roots_pem.push(pem.into());
        self
    }

    /// The rustls crypto provider (default: ring). Passed explicitly, so that a
    /// second provider enabled elsewhere in the build never makes us panic.
    pub fn crypto_provider(mut self, provider: Arc<rustls::crypto::CryptoProvider>) -> Self {
        self.provider = Some(provider);
        self
    }

    /// Proxy use (default: [`Proxy::FromEnv`]; loopback is always reached directly).
    pub fn proxy(mut self, proxy: Proxy) -> Self {
        self.proxy = proxy;
        self
    }

    /// Allows plain `http` to a host that is not loopback (default: refused
    /// by [`Client::workspace`], since the token would cross the network
    /// unencrypted). Use with [`telecrm_core::BaseUrl::parse_allowing_http`],
    /// for a trusted network only.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Speaks HTTP/2 only (default: HTTP/1.1 or HTTP/2, chosen by ALPN).
    pub fn http2_only(mut self, only: bool) -> Self {
        self.http2_only = only;
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    ///
    /// [`Error`] (see [`Error::is_builder`]) for unusable settings: zero
    /// timeouts, unreadable PEM, no usable root.
    pub fn build(self) -> Result<Client, Error> {
        if self.connect_timeout.is_zero()
            || self.attempt_timeout.is_zero()
            || self.total_timeout.is_zero()
        {
            return Err(Error::builder("timeouts must be longer than zero", None));
        }
        let provider = self
            .provider
            .unwrap_or_else(|| Arc::new(rustls::crypto::ring::default_provider()));
        let tls = tls_config(provider, self.roots, &self.extra_roots_pem)?;
        let connector = Connector::new(self.connect_timeout, &self.proxy);
        // Which scheme a call uses is its workspace's; `Client::workspace`
        // refuses plain http beyond loopback unless allowed.
        let builder = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http();
        let https = if self.http2_only {
            builder.enable_http2().wrap_connector(connector)
        } else {
            builder
                .enable_http1()
                .enable_http2()
                .wrap_connector(connector)
        };
        let http = HyperClient::builder(TokioExecutor::new())
            .pool_idle_timeout(self.pool_idle_timeout)
            .pool_max_idle_per_host(self.pool_max_idle_per_host)
            // Without a timer the idle timeout never fires.
            .pool_timer(TokioTimer::new())
            .timer(TokioTimer::new())
            .http2_only(self.http2_only)
            .build(https);
        Ok(Client {
            shared: Arc::new(Shared {
                transport: Transport { http },
                attempt_timeout: self.attempt_timeout,
                total_timeout: self.total_timeout,
                policy: self.policy,
                budget: RetryBudget::new(self.budget),
                max_response_bytes: self.max_response_bytes,
                jitter: Jitter::new(),
                allow_insecure_http: self.allow_insecure_http,
            }),
        })
    }
}
