//! The Async API: lead ingestion through a workspace handle with an
//! [`AsyncToken`], paced to the documented rate limit.

use telecrm_core::{AsyncToken, Endpoint, IngestLead, NewLead, Queued};

use crate::call::{CallOptions, Response};
use crate::error::Error;
use crate::workspace::WorkspaceClient;

/// A workspace handle on the Async API: an [`AsyncToken`], requests paced by
/// a rate limiter (`governor`, one request every 200 ms at the documented
/// 18,000 per hour), `429` and `Retry-After` honoured by the retry rule.
///
/// What is retried: the endpoint creates or updates by the lead identifier,
/// so sending the same fields twice leaves the lead as sending them once, and
/// a request without actions is retried after any transient failure. Actions
/// are appended, so a request carrying them is retried only when it provably
/// never arrived (connection refused, `429`, `503`).
///
/// ```
/// use telecrm_hyper::{AsyncClient, AsyncToken, Client, Workspace};
///
/// let ingest: AsyncClient = Client::new()?
///     .workspace(Workspace::new(AsyncToken::new("YOUR_ASYNC_TOKEN")?, "603d2b2f9b1e8a001c8e4f5a".parse()?))?;
/// assert_eq!(ingest.rate_per_hour(), Some(18_000));
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub type AsyncClient = WorkspaceClient<AsyncToken>;

impl WorkspaceClient<AsyncToken> {
    /// **Create or update a lead**: waits for the pace, sends, and returns
    /// once the service has queued it (not processed it).
    ///
    /// # Errors
    ///
    /// [`Error`]: `401` for a Sync token, transport failures, timeouts, a `429`
    /// that outlasted the retries.
    pub async fn ingest_lead(&self, lead: IngestLead) -> Result<Queued, Error> {
        self.send(&lead).await
    }

    /// [`WorkspaceClient::ingest_lead`] from a [`NewLead`], checked to hold
    /// the workspace's `identifier` field first.
    ///
    /// # Errors
    ///
    /// [`Error::is_input`] without the identifier; otherwise as
    /// [`WorkspaceClient::ingest_lead`].
    pub async fn ingest(&self, lead: NewLead, identifier: &str) -> Result<Queued, Error> {
        let lead = IngestLead::new(lead, identifier).map_err(|e| Error::input(e.into()))?;
        self.ingest_lead(lead).await
    }

    /// Waits for the pace's next free slot. Sending with it
    /// ([`WorkspaceClient::send_in`]) then goes at once: a caller that must
    /// stop cleanly (on Ctrl-C, say) can stop while waiting here, when nothing
    /// is on the wire, rather than in the middle of a request.
    pub async fn slot(&self) -> Slot {
        if let Some(limiter) = &self.shared.limiter {
            limiter.until_ready().await;
        }
        Slot(())
    }

    /// Sends in a slot taken with [`WorkspaceClient::slot`], without waiting
    /// again; the pre-send checks run as for any send.
    ///
    /// # Errors
    ///
    /// As [`WorkspaceClient::ingest_lead`].
    pub async fn send_in<E>(&self, slot: Slot, endpoint: &E) -> Result<Response<E::Response>, Error>
    where
        E: Endpoint<Token = AsyncToken> + Sync,
    {
        let Slot(()) = slot;
        let warnings = self.check(endpoint).await?;
        self.send_checked(endpoint, &CallOptions::default(), warnings)
            .await
    }
}

/// One request's turn under the rate limit, from [`WorkspaceClient::slot`];
/// spent by [`WorkspaceClient::send_in`]. Not `Clone`: one slot, one request.
#[derive(Debug)]
#[must_use = "a slot is the right to send one request; drop it to give the turn up"]
pub struct Slot(());
