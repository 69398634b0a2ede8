//! [`Client`]: what every call shares (the pool, TLS, the retry policy and
//! budget, the timeouts), and [`Client::workspace`], the door to a workspace.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use telecrm_core::RetryPolicy;

use crate::budget::RetryBudget;
use crate::transport::{Jitter, Transport};

/// A client of the TeleCRM APIs: the connection pool, TLS, the retry policy
/// and budget, timeouts and tracing, shared by every workspace it serves.
///
/// Cheap to clone (one `Arc`); every clone shares the pool and the retry
/// budget. Calls go through a workspace handle ([`Client::workspace`]).
///
/// ```
/// use telecrm_hyper::{BaseUrl, Client, SyncToken, Workspace};
///
/// let client = Client::builder().max_attempts(2).build()?;
/// let crm = client.workspace(
///     Workspace::new(SyncToken::new("YOUR_SYNC_TOKEN")?, "603d2b2f9b1e8a001c8e4f5a".parse()?)
///         .with_base_url(BaseUrl::parse("http://127.0.0.1:8080/autoupdate/v2")?),
/// )?;
/// assert_eq!(crm.enterprise().as_str(), "603d2b2f9b1e8a001c8e4f5a");
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) shared: Arc<Shared>,
}

/// Everything a client's calls share.
pub(crate) struct Shared {
    pub(crate) transport: Transport,
    pub(crate) attempt_timeout: Duration,
    pub(crate) total_timeout: Duration,
    pub(crate) policy: RetryPolicy,
    pub(crate) budget: RetryBudget,
    pub(crate) max_response_bytes: usize,
    pub(crate) jitter: Jitter,
    pub(crate) allow_insecure_http: bool,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shared = &*self.shared;
        f.debug_struct("Client")
            .field("attempt_timeout", &shared.attempt_timeout)
            .field("total_timeout", &shared.total_timeout)
            .field("max_attempts", &shared.policy.max_attempts())
            .finish_non_exhaustive()
    }
}

impl Client {
    /// The retry policy calls follow unless a call overrides its attempts.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.shared.policy
    }

    /// Tokens left in the retry budget (for tests and metrics).
    pub fn retry_budget_available(&self) -> u32 {
        self.shared.budget.available()
    }
}
