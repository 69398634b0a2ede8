//! [`WorkspaceClient`]: one workspace through a [`Client`], the one door every
//! call goes through: pre-send checks, pacing, then the client's call path.

use std::fmt;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use http::HeaderValue;
use http::header::{CONTENT_LENGTH, HOST};
use telecrm_core::{
    Api, BaseUrl, Credential, Dropdowns, Endpoint, EnterpriseId, RequestHeaders, Rules, Schema,
    Warning, Workspace,
};

use crate::call::{CallOptions, Finish, Response, value_only};
use crate::client::Client;
use crate::error::Error;

/// The documented limit of the Async API: 18,000 requests per hour per token.
pub const DEFAULT_RATE_PER_HOUR: u32 = 18_000;

/// How long a fetched workspace schema is used before it is fetched again.
pub const DEFAULT_SCHEMA_MAX_AGE: Duration = Duration::from_secs(3600);

/// A workspace reached through a [`Client`]: every call to it goes through
/// [`WorkspaceClient::send`] (or [`WorkspaceClient::send_full`]), which runs
/// the pre-send checks ([`telecrm_core::Endpoint::check`]: the lead
/// identifier, the workspace schema when asked), waits for the pace of the
/// Async API, then sends with the client's retries, timeouts and tracing.
/// The typed methods (`create_lead`, `update_action`, ...) are that same door
/// with the endpoint built for you.
///
/// Cheap to clone; clones share the schema cache and the pace. `Debug` never
/// shows the token.
///
/// ```
/// use telecrm_hyper::{Client, CreateLead, LeadFields, NewLead, SyncToken, Workspace};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let crm = Client::new()?
///     .workspace(Workspace::new(SyncToken::new("YOUR_SYNC_TOKEN")?, "603d2b2f9b1e8a001c8e4f5a".parse()?))?
///     .with_lead_identifier("phone");
///
/// // The checks run for every send, whichever door: here, before any connection.
/// let lead = NewLead::new(LeadFields::new().text("name", "Jane"));
/// let refused = crm.send(&CreateLead::new(lead.clone())).await.unwrap_err();
/// assert!(refused.is_input());
/// assert!(crm.create_lead(lead).await.unwrap_err().is_input());
/// # Ok(())
/// # }
/// ```
pub struct WorkspaceClient<T: Credential = telecrm_core::SyncToken> {
    pub(crate) client: Client,
    pub(crate) shared: Arc<WorkspaceShared<T>>,
}

pub(crate) struct WorkspaceShared<T: Credential> {
    pub(crate) workspace: Workspace<T>,
    /// The headers of every request, made once and cloned per request: the
    /// core's, the `Host` header (hyper-util would otherwise format it from
    /// the URI for every HTTP/1 request), and a `Content-Length` that each
    /// request with a body overwrites in place.
    pub(crate) headers: RequestHeaders,
    settings: Settings,
    schema: Mutex<Option<(Instant, Arc<Schema>)>>,
    /// The pace, made from `settings.rate`.
    pub(crate) limiter: Option<DefaultDirectRateLimiter>,
}

impl<T: Credential> Clone for WorkspaceClient<T> {
    fn clone(&self) -> Self {
        Self {
            client: self.client.clone(),
            shared: self.shared.clone(),
        }
    }
}

impl<T: Credential> fmt::Debug for WorkspaceClient<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WorkspaceClient")
            .field("workspace", &self.shared.workspace)
            .field("lead_identifier", &self.shared.settings.lead_identifier)
            .field("check_schema", &self.shared.settings.check_schema)
            .field("rate_per_hour", &self.shared.settings.rate)
            .field("client", &self.client)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A handle on `workspace` through this client: every call to the
    /// workspace goes through it. Cheap to clone.
    ///
    /// A workspace of the Async API ([`telecrm_core::AsyncToken`]) is paced
    /// at the documented 18,000 requests an hour
    /// ([`WorkspaceClient::with_rate_per_hour`] changes it).
    ///
    /// # Errors
    ///
    /// [`Error::is_builder`] for a plain `http` base URL to a host that is not
    /// loopback, unless the client allows it
    /// ([`crate::ClientBuilder::allow_insecure_http`]).
    pub fn workspace<T: Credential>(
        &self,
        workspace: Workspace<T>,
    ) -> Result<WorkspaceClient<T>, Error> {
        let base = workspace.base_url();
        if !base.is_https() && !base.is_loopback() && !self.shared.allow_insecure_http {
            return Err(Error::builder(
                "plain http to a non-loopback host needs allow_insecure_http(true)",
                None,
            ));
        }
        Ok(WorkspaceClient::new(self.clone(), workspace))
    }
}

/// `host[:port]`, the port only when it is not the scheme's default, as
/// hyper-util writes it.
fn host_header(base: &BaseUrl) -> Option<HeaderValue> {
    let authority = base.authority();
    let default_port = if base.is_https() { 443 } else { 80 };
    let value = match authority.port_u16() {
        Some(port) if port != default_port => format!("{}:{port}", authority.host()),
        _ => authority.host().to_owned(),
    };
    HeaderValue::from_str(&value).ok()
}

/// The headers of every request to `workspace`, `Host` included.
fn request_headers<T: Credential>(workspace: &Workspace<T>) -> RequestHeaders {
    let mut headers = RequestHeaders::new(workspace)
        .with_body_header(CONTENT_LENGTH, HeaderValue::from_static("0"));
    if let Some(host) = host_header(workspace.base_url()) {
        headers = headers.with(HOST, host);
    }
    headers
}

fn limiter(rate: Option<u32>) -> Option<DefaultDirectRateLimiter> {
    rate.and_then(NonZeroU32::new).map(|per_hour| {
        // One cell per interval and no burst: an even pace never above the rate.
        let period = Duration::from_secs(3600) / per_hour.get();
        let quota = Quota::with_period(period)
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
            .allow_burst(NonZeroU32::MIN);
        RateLimiter::direct(quota)
    })
}

/// Settings of a handle, changed by its `with_*` methods.
#[derive(Clone)]
struct Settings {
    lead_identifier: Option<String>,
    check_schema: bool,
    schema_max_age: Duration,
    dropdowns: Dropdowns,
    rate: Option<u32>,
}

impl<T: Credential> WorkspaceClient<T> {
    pub(crate) fn new(client: Client, workspace: Workspace<T>) -> Self {
        let rate = match T::API {
            Api::Async => Some(DEFAULT_RATE_PER_HOUR),
            _ => None,
        };
        Self::with_settings(
            client,
            workspace,
            Settings {
                lead_identifier: None,
                check_schema: false,
                schema_max_age: DEFAULT_SCHEMA_MAX_AGE,
                dropdowns: Dropdowns::Refuse,
                rate,
            },
        )
    }

    fn with_settings(client: Client, workspace: Workspace<T>, settings: Settings) -> Self {
        Self {
            client,
            shared: Arc::new(WorkspaceShared {
                headers: request_headers(&workspace),
                workspace,
                limiter: limiter(settings.rate),
                settings,
                schema: Mutex::new(None),
            }),
        }
    }

    /// The same handle with changed settings (a new schema cache and pace).
    fn change(self, change: impl FnOnce(&mut Settings)) -> Self {
        let mut settings = self.shared.settings.clone();
        change(&mut settings);
        Self::with_settings(self.client.clone(), self.shared.workspace.clone(), settings)
    }

    /// The workspace's lead identifier field (`phone` in new workspaces).
    /// When set, a lead created without it, or an update that includes it,
    /// is refused before sending; when not, the API judges.
    #[must_use]
    pub fn with_lead_identifier(self, field: impl Into<String>) -> Self {
        let field = field.into();
        self.change(|s| s.lead_identifier = Some(field))
    }

    /// Checks leads and actions against the workspace's schema before
    /// sending (fetched on first use, four calls, then cached). Off by default.
    #[must_use]
    pub fn with_schema_checks(self, check: bool) -> Self {
        self.change(|s| s.check_schema = check)
    }

    /// How long a fetched schema is used (default 1 hour, as the docs advise
    /// refreshing slowly).
    #[must_use]
    pub fn with_schema_max_age(self, age: Duration) -> Self {
        self.change(|s| s.schema_max_age = age)
    }

    /// What the schema check does with an unknown dropdown label (default:
    /// refuse, since the service would create a new option).
    #[must_use]
    pub fn with_dropdowns(self, policy: Dropdowns) -> Self {
        self.change(|s| s.dropdowns = policy)
    }

    /// Requests per hour, paced evenly; `None` sends as fast as the answers
    /// come. The Async API's default is the documented 18,000; the Sync
    /// API's is none.
    ///
    /// # Errors
    ///
    /// [`Error::is_builder`] for a rate of zero.
    pub fn with_rate_per_hour(self, rate: Option<u32>) -> Result<Self, Error> {
        if rate == Some(0) {
            return Err(Error::builder(
                "the rate must be at least 1 request per hour",
                None,
            ));
        }
        Ok(self.change(|s| s.rate = rate))
    }

    /// The workspace.
    pub fn workspace(&self) -> &Workspace<T> {
        &self.shared.workspace
    }

    /// The enterprise every call names.
    pub fn enterprise(&self) -> &EnterpriseId {
        self.shared.workspace.enterprise()
    }

    /// Where calls go.
    pub fn base_url(&self) -> &BaseUrl {
        self.shared.workspace.base_url()
    }

    /// The client this handle sends through.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The workspace's lead identifier field, when set.
    pub fn lead_identifier(&self) -> Option<&str> {
        self.shared.settings.lead_identifier.as_deref()
    }

    /// Whether writes are checked against the workspace schema first.
    pub fn checks_schema(&self) -> bool {
        self.shared.settings.check_schema
    }

    /// The pace, requests per hour (`None`: unpaced).
    pub fn rate_per_hour(&self) -> Option<u32> {
        self.shared.settings.rate
    }

    /// Sends any endpoint of this workspace's API and decodes its answer.
    ///
    /// # Errors
    ///
    /// [`Error`]: a refusal before sending ([`Error::is_input`]), the API's
    /// refusal ([`Error::api_error`]), a transport failure, a timeout, or an
    /// answer that could not be understood.
    pub async fn send<E>(&self, endpoint: &E) -> Result<E::Response, Error>
    where
        E: Endpoint<Token = T> + Sync,
    {
        self.send_finished(endpoint, &CallOptions::default(), value_only)
            .await
    }

    /// [`WorkspaceClient::send`], and the status, headers, the body exactly
    /// as received, the attempts, and the checks' warnings.
    ///
    /// # Errors
    ///
    /// As [`WorkspaceClient::send`].
    pub async fn send_full<E>(&self, endpoint: &E) -> Result<Response<E::Response>, Error>
    where
        E: Endpoint<Token = T> + Sync,
    {
        self.send_finished(endpoint, &CallOptions::default(), Response::new)
            .await
    }

    /// [`WorkspaceClient::send_full`] with this call's own settings.
    ///
    /// # Errors
    ///
    /// As [`WorkspaceClient::send`].
    pub fn send_with<E>(
        &self,
        endpoint: &E,
        options: &CallOptions,
    ) -> impl Future<Output = Result<Response<E::Response>, Error>>
    where
        E: Endpoint<Token = T> + Sync,
    {
        // The door's own future, not one more `async` layer around it.
        self.send_finished(endpoint, options, Response::new)
    }

    /// The door itself: checks, pace, then the call, its success made into
    /// what the caller asked for by `finish`.
    async fn send_finished<E, R>(
        &self,
        endpoint: &E,
        options: &CallOptions,
        finish: Finish<E::Response, R>,
    ) -> Result<R, Error>
    where
        E: Endpoint<Token = T> + Sync,
    {
        let warnings = if E::USES_SCHEMA && self.shared.settings.check_schema {
            self.check(endpoint).await?
        } else {
            // No schema to fetch: the checks need no await.
            self.check_with(endpoint, None)?
        };
        if let Some(limiter) = &self.shared.limiter {
            limiter.until_ready().await;
        }
        // `send_checked` written out: one async layer less on every call
        // (74 instructions a request under callgrind).
        self.client
            .call(
                &self.shared.workspace,
                &self.shared.headers,
                endpoint,
                options,
                warnings,
                finish,
            )
            .await
    }

    /// Runs `endpoint`'s pre-send checks with what this handle knows of the
    /// workspace (fetching the schema first when checks are on and the
    /// endpoint reads it).
    ///
    /// # Errors
    ///
    /// [`Error::is_input`] for a refusal; the schema's fetch failing.
    pub async fn check<E>(&self, endpoint: &E) -> Result<Vec<Warning>, Error>
    where
        E: Endpoint<Token = T>,
    {
        let schema = if E::USES_SCHEMA && self.shared.settings.check_schema {
            Some(self.schema_for_checks().await?)
        } else {
            None
        };
        self.check_with(endpoint, schema.as_deref())
    }

    /// The checks with what is at hand: the lead identifier, and `schema`.
    fn check_with<E>(&self, endpoint: &E, schema: Option<&Schema>) -> Result<Vec<Warning>, Error>
    where
        E: Endpoint<Token = T>,
    {
        let mut rules = Rules::new();
        if let Some(identifier) = self.shared.settings.lead_identifier.as_deref() {
            rules = rules.with_lead_identifier(identifier);
        }
        if let Some(schema) = schema {
            rules = rules.with_schema(schema);
        }
        endpoint.check(&rules).map_err(Error::input)
    }

    /// Sends without checks or pacing: for a caller that ran
    /// [`WorkspaceClient::check`] and waited for its turn itself.
    pub(crate) async fn send_checked<E>(
        &self,
        endpoint: &E,
        options: &CallOptions,
        warnings: Vec<Warning>,
    ) -> Result<Response<E::Response>, Error>
    where
        E: Endpoint<Token = T> + Sync,
    {
        self.client
            .call(
                &self.shared.workspace,
                &self.shared.headers,
                endpoint,
                options,
                warnings,
                Response::new,
            )
            .await
    }

    /// The schema cache, for the Sync API's metadata methods.
    pub(crate) fn cached_schema(&self) -> Option<Arc<Schema>> {
        let cache = self.shared.schema.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .as_ref()
            .filter(|(at, _)| at.elapsed() < self.shared.settings.schema_max_age)
            .map(|(_, schema)| schema.clone())
    }

    pub(crate) fn store_schema(&self, schema: Schema) -> Arc<Schema> {
        let schema = Arc::new(schema.with_dropdowns(self.shared.settings.dropdowns));
        *self.shared.schema.lock().unwrap_or_else(|e| e.into_inner()) =
            Some((Instant::now(), schema.clone()));
        schema
    }

    async fn schema_for_checks(&self) -> Result<Arc<Schema>, Error> {
        if let Some(schema) = self.cached_schema() {
            return Ok(schema);
        }
        // The schema is read through the Sync API's metadata endpoints; an
        // Async workspace has no way to read it (and no endpoint that uses it).
        match (self as &dyn std::any::Any)
            .downcast_ref::<WorkspaceClient<telecrm_core::SyncToken>>()
        {
            // Boxed: the fetch holds four calls at once, and held inline they
            // would make the future of every send of an endpoint that reads
            // the schema four calls big (about 12 KB), copied whenever it is
            // boxed or spawned, for a fetch made once an hour.
            Some(sync) => Box::pin(sync.refresh_schema()).await,
            None => Err(Error::builder(
                "schema checks need the Sync API: the Async API cannot read the workspace's schema",
                None,
            )),
        }
    }
}
