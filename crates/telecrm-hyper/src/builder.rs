//! [`ClientBuilder`]: every setting of a [`Client`], with defaults that are
//! never "wait forever".

use std::sync::Arc;
use std::time::Duration;

use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use telecrm_core::{AsyncToken, BaseUrl, Credential, EnterpriseId, RetryPolicy, SyncToken};

use crate::budget::{RetryBudget, RetryBudgetConfig};
use crate::client::{Client, Inner};
use crate::connect::{Connector, Proxy, Roots, tls_config};
use crate::error::Error;

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

/// Builds a [`Client`] (start with [`Client::builder`]) or, with an
/// [`AsyncToken`], an [`crate::AsyncClient`] (start with
/// [`crate::AsyncClient::builder`]). The token's type decides which.
#[must_use]
pub struct ClientBuilder<T = SyncToken> {
    token: T,
    enterprise: EnterpriseId,
    base: BaseUrl,
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
    lead_identifier: Option<String>,
    check_schema: bool,
    schema_max_age: Duration,
    dropdowns: telecrm_core::Dropdowns,
    rate_per_hour: Option<u32>,
}

/// How long a fetched workspace schema is used before it is fetched again.
pub const DEFAULT_SCHEMA_MAX_AGE: Duration = Duration::from_secs(3600);

impl<T: Credential + std::fmt::Debug> std::fmt::Debug for ClientBuilder<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("token", &self.token)
            .field("enterprise", &self.enterprise)
            .field("base", &self.base)
            .field("total_timeout", &self.total_timeout)
            .finish_non_exhaustive()
    }
}

impl<T: Credential> ClientBuilder<T> {
    pub(crate) fn new(token: T, enterprise: EnterpriseId) -> Self {
        Self {
            token,
            enterprise,
            base: T::production_base_url(),
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
            lead_identifier: None,
            check_schema: false,
            schema_max_age: DEFAULT_SCHEMA_MAX_AGE,
            dropdowns: telecrm_core::Dropdowns::Refuse,
            rate_per_hour: None,
        }
    }
}

impl ClientBuilder<SyncToken> {
    /// Checks leads and actions against the workspace's schema before
    /// sending (fetched on first use, four calls, then cached). Off by default.
    pub fn check_schema(mut self, check: bool) -> Self {
        self.check_schema = check;
        self
    }

    /// How long a fetched schema is used (default 1 hour, as the docs advise
    /// refreshing slowly).
    pub fn schema_max_age(mut self, age: Duration) -> Self {
        self.schema_max_age = age;
        self
    }

    /// What the schema check does with an unknown dropdown label (default:
    /// refuse, since the service would create a new option).
    pub fn dropdowns(mut self, policy: telecrm_core::Dropdowns) -> Self {
        self.dropdowns = policy;
        self
    }

    /// The workspace's lead identifier field (`phone` by default in new
    /// workspaces). When set, a lead created without it, or an update that
    /// includes it, is refused before sending; when not, the API judges.
    pub fn lead_identifier(mut self, field: impl Into<String>) -> Self {
        self.lead_identifier = Some(field.into());
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    ///
    /// [`Error`] (see [`Error::is_builder`]) for unusable settings: zero timeouts,
    /// unreadable PEM, no usable root, plain `http` to a non-loopback host.
    pub fn build(self) -> Result<Client, Error> {
        self.build_inner().map(Client::from_inner)
    }
}

impl ClientBuilder<AsyncToken> {
    /// Requests per hour, paced evenly (default: the documented 18,000);
    /// `None` sends as fast as the answers come.
    pub fn rate_per_hour(mut self, rate: Option<u32>) -> Self {
        self.rate_per_hour = rate;
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    ///
    /// As [`ClientBuilder::build`] for a Sync client, and a zero rate.
    pub fn build(self) -> Result<crate::AsyncClient, Error> {
        let rate = self.rate_per_hour;
        if rate == Some(0) {
            return Err(Error::builder(
                "the rate must be at least 1 request per hour",
                None,
            ));
        }
        self.build_inner()
            .map(|inner| crate::AsyncClient::from_inner(inner, rate))
    }
}

impl<T: Credential> ClientBuilder<T> {
    /// Where to send requests (default: production, `https://next.telecrm.in/autoupdate/v2`).
    pub fn base_url(mut self, base: BaseUrl) -> Self {
        self.base = base;
        self
    }

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

    /// Attempts in all, with the default backoff (1 disables retries).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.policy = RetryPolicy::new(attempts);
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

    /// Allows plain `http` to a host that is not loopback (default: refused,
    /// since the token would cross the network unencrypted). Use with
    /// [`BaseUrl::parse_allowing_http`], for a trusted network only.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Speaks HTTP/2 only (default: HTTP/1.1 or HTTP/2, chosen by ALPN).
    pub fn http2_only(mut self, only: bool) -> Self {
        self.http2_only = only;
        self
    }

    /// Everything both clients share, built: the pool, TLS, the settings.
    fn build_inner(self) -> Result<Inner<T>, Error> {
        if !self.base.is_https() && !self.base.is_loopback() && !self.allow_insecure_http {
            return Err(Error::builder(
                "plain http to a non-loopback host needs allow_insecure_http(true)",
                None,
            ));
        }
        if self.connect_timeout.is_zero()
            || self.attempt_timeout.is_zero()
            || self.total_timeout.is_zero()
        {
            return Err(Error::builder("timeouts must be longer than zero", None));
        }
        let provider = self
            .provider
            .unwrap_or_else(|| Arc::new(rustls::crypto::ring::default_provider()));
        // Only an https base needs roots; a loopback http client must not fail
        // for want of a trust store.
        let tls = if self.base.is_https() {
            tls_config(provider, self.roots, &self.extra_roots_pem)?
        } else {
            tls_config(provider, Roots::WebPki, &self.extra_roots_pem)?
        };
        let connector = Connector::new(self.connect_timeout, &self.proxy);
        let builder = hyper_rustls::HttpsConnectorBuilder::new().with_tls_config(tls);
        let builder = if self.base.is_https() {
            builder.https_only()
        } else {
            builder.https_or_http()
        };
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
        Ok(Inner {
            http,
            base: self.base,
            token: self.token,
            enterprise: self.enterprise,
            attempt_timeout: self.attempt_timeout,
            total_timeout: self.total_timeout,
            policy: self.policy,
            budget: RetryBudget::new(self.budget),
            max_response_bytes: self.max_response_bytes,
            jitter: crate::client::Jitter::new(),
            lead_identifier: self.lead_identifier,
            check_schema: self.check_schema,
            schema_max_age: self.schema_max_age,
            dropdowns: self.dropdowns,
            schema: std::sync::Mutex::new(None),
        })
    }
}
