//! [`Workspace`]: where a call goes and as whom: base URL, enterprise, token.
//!
//! Every endpoint's route starts with `/enterprise/{enterpriseId}`, and every
//! request carries the token; neither belongs to the endpoint values, which
//! say only *what* to do. A workspace says *where*, once, and the same
//! endpoint value can be sent to any workspace.

use std::fmt;

use crate::base_url::BaseUrl;
use crate::id::EnterpriseId;
use crate::token::{Credential, SyncToken};

/// A TeleCRM workspace as one token reaches it: the base URL, the enterprise
/// and the token (a [`SyncToken`] for the Sync API, an
/// [`crate::AsyncToken`] for lead ingestion).
///
/// `Debug` never shows the token.
///
/// ```
/// use telecrm_core::{BaseUrl, SyncToken, Workspace};
///
/// let workspace = Workspace::new(SyncToken::new("t0k3n")?, "603d2b2f9b1e8a001c8e4f5a".parse()?)
///     .with_base_url(BaseUrl::parse("http://127.0.0.1:8080/autoupdate/v2")?);
/// assert_eq!(workspace.enterprise().as_str(), "603d2b2f9b1e8a001c8e4f5a");
/// assert!(!format!("{workspace:?}").contains("t0k3n"));
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Workspace<T: Credential = SyncToken> {
    base: BaseUrl,
    enterprise: EnterpriseId,
    token: T,
}

impl<T: Credential> Workspace<T> {
    /// The enterprise reached with `token`, at the token's production base
    /// URL (the Sync API's or the Async API's).
    pub fn new(token: T, enterprise: EnterpriseId) -> Self {
        Self {
            base: T::production_base_url(),
            enterprise,
            token,
        }
    }

    /// The same workspace at another base URL (a sandbox, a proxy).
    #[must_use]
    pub fn with_base_url(mut self, base: BaseUrl) -> Self {
        self.base = base;
        self
    }

    /// Where requests go.
    pub fn base_url(&self) -> &BaseUrl {
        &self.base
    }

    /// The enterprise every route names.
    pub fn enterprise(&self) -> &EnterpriseId {
        &self.enterprise
    }

    /// The token requests carry.
    pub fn token(&self) -> &T {
        &self.token
    }
}

impl<T: Credential> fmt::Debug for Workspace<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Workspace")
            .field("base_url", &self.base)
            .field("enterprise", &self.enterprise)
            .field("token", &"<redacted>")
            .finish()
    }
}
