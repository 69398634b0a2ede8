//! [`AsyncClient`]: lead ingestion through the Async API, paced to its rate
//! limit.

use std::fmt;
use std::num::NonZeroU32;
use std::sync::Arc;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use telecrm_core::{AsyncToken, Endpoint, EnterpriseId, IngestLead, NewLead, Queued};

use crate::builder::ClientBuilder;
use crate::client::{Inner, Response};
use crate::error::Error;

/// The documented limit: 18,000 requests per hour per token.
pub const DEFAULT_RATE_PER_HOUR: u32 = 18_000;

/// A client of the Async API for one enterprise: an [`AsyncToken`], requests
/// paced by a rate limiter (`governor`, one request every 200 ms at the
/// documented 18,000 per hour), `429` and `Retry-After` honoured by the retry
/// rule.
///
/// What is retried: the endpoint creates or updates by the lead identifier,
/// so sending the same fields twice leaves the lead as sending them once, and
/// a request without actions is retried after any transient failure. Actions
/// are appended, so a request carrying them is retried only when it provably
/// never arrived (connection refused, `429`, `503`).
///
/// Cheap to clone; clones share the pool and the limiter.
#[derive(Clone)]
pub struct AsyncClient {
    inner: Arc<Inner<AsyncToken>>,
    limiter: Option<Arc<DefaultDirectRateLimiter>>,
    rate: Option<u32>,
}

impl fmt::Debug for AsyncClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsyncClient")
            .field("base_url", &self.inner.base)
            .field("enterprise", &self.inner.enterprise)
            .field("rate_per_hour", &self.rate)
            .finish_non_exhaustive()
    }
}

impl AsyncClient {
    /// A builder for a client using `token` for `enterprise`; production's
    /// Async base URL and the documented rate by default.
    pub fn builder(token: AsyncToken, enterprise: EnterpriseId) -> ClientBuilder<AsyncToken> {
        ClientBuilder::new(token, enterprise).rate_per_hour(Some(DEFAULT_RATE_PER_HOUR))
    }

    pub(crate) fn from_inner(inner: Inner<AsyncToken>, rate: Option<u32>) -> Self {
        let limiter = rate.and_then(NonZeroU32::new).map(|per_hour| {
            // One cell per interval and no burst: an even pace never above the rate.
            let period = std::time::Duration::from_secs(3600) / per_hour.get();
            let quota = Quota::with_period(period)
                .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
                .allow_burst(NonZeroU32::MIN);
            Arc::new(RateLimiter::direct(quota))
        });
        Self {
            inner: Arc::new(inner),
            limiter,
            rate,
        }
    }

    /// The enterprise this client ingests into.
    pub fn enterprise(&self) -> &EnterpriseId {
        &self.inner.enterprise
    }

    /// The pace, requests per hour (`None`: unpaced).
    pub fn rate_per_hour(&self) -> Option<u32> {
        self.rate
    }

    /// **Create or update a lead**: waits for the limiter, sends, and returns
    /// once the service has queued it (not processed it).
    ///
    /// # Errors
    ///
    /// [`Error`]: `401` for a Sync token, transport failures, timeouts, a `429`
    /// that outlasted the retries.
    pub async fn ingest_lead(&self, lead: IngestLead) -> Result<Queued, Error> {
        self.send(&lead).await
    }

    /// [`AsyncClient::ingest_lead`] from a [`NewLead`], checked to hold the
    /// workspace's `identifier` field first.
    ///
    /// # Errors
    ///
    /// [`Error::is_input`] without the identifier; otherwise as
    /// [`AsyncClient::ingest_lead`].
    pub async fn ingest(&self, lead: NewLead, identifier: &str) -> Result<Queued, Error> {
        let lead =
            IngestLead::new(self.enterprise().clone(), lead, identifier).map_err(Error::input)?;
        self.ingest_lead(lead).await
    }

    /// Waits for the limiter's next free slot. Sending with it
    /// ([`AsyncClient::send_in`]) then goes at once: a caller that must stop
    /// cleanly (on Ctrl-C, say) can stop while waiting here, when nothing is
    /// on the wire, rather than in the middle of a request.
    pub async fn slot(&self) -> Slot {
        if let Some(limiter) = &self.limiter {
            limiter.until_ready().await;
        }
        Slot(())
    }

    /// Sends in a slot taken with [`AsyncClient::slot`], without waiting again.
    ///
    /// # Errors
    ///
    /// As [`AsyncClient::ingest_lead`].
    pub async fn send_in<E: Endpoint<Token = AsyncToken>>(
        &self,
        slot: Slot,
        endpoint: &E,
    ) -> Result<Response<E::Response>, Error> {
        let Slot(()) = slot;
        self.inner.send_raw(endpoint).await
    }

    /// Sends any Async endpoint, paced.
    ///
    /// # Errors
    ///
    /// As [`AsyncClient::ingest_lead`].
    pub async fn send<E: Endpoint<Token = AsyncToken>>(
        &self,
        endpoint: &E,
    ) -> Result<E::Response, Error> {
        self.send_raw(endpoint).await.map(Response::into_value)
    }

    /// As [`AsyncClient::send`], with the status, headers and body.
    ///
    /// # Errors
    ///
    /// As [`AsyncClient::ingest_lead`].
    pub async fn send_raw<E: Endpoint<Token = AsyncToken>>(
        &self,
        endpoint: &E,
    ) -> Result<Response<E::Response>, Error> {
        let slot = self.slot().await;
        self.send_in(slot, endpoint).await
    }
}

/// One request's turn under the rate limit, from [`AsyncClient::slot`]; spent
/// by [`AsyncClient::send_in`]. Not `Clone`: one slot, one request.
#[derive(Debug)]
#[must_use = "a slot is the right to send one request; drop it to give the turn up"]
pub struct Slot(());
