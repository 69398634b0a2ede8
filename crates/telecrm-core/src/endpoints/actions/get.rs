//! **Get an action**: `GET /enterprise/{enterpriseId}/lead/{leadId}/action/{actionId}`.
//!
//! Reads one custom or payment action. Other types answer
//! `400 BAD_REQUEST` "Only custom actions and payment actions can be retrieved"
//! (search finds them); an unknown action `404 ACTION_NOT_FOUND`.
//!
//! Contract: `docs.telecrm.in/sync-api/actions/get`.

use http::Method;

use super::action::Action;
use crate::endpoint::Endpoint;
use crate::id::{ActionId, LeadId};
use crate::path::PathArgs;
use crate::token::SyncToken;

/// A request to read one action.
///
/// ```
/// use telecrm_core::{Endpoint, GetAction, SyncToken, Workspace};
///
/// let request = GetAction::new("603d2b2f9b1e8a001c8e4f5c".parse()?, "603d2b2f9b1e8a001c8e4f5d".parse()?)
///     .to_http_request(&Workspace::new(SyncToken::new("t0k3n")?, "ent-1".parse()?))?;
/// assert_eq!(request.method(), "GET");
/// assert!(request.body().is_empty());
/// assert!(request.headers().get("content-type").is_none());
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetAction {
    /// The lead holding the action.
    pub lead: LeadId,
    /// The action to read.
    pub action: ActionId,
}

impl GetAction {
    /// Bundles the IDs.
    pub fn new(lead: LeadId, action: ActionId) -> Self {
        Self { lead, action }
    }
}

impl Endpoint for GetAction {
    type Response = Action;
    type Token = SyncToken;

    const METHOD: Method = Method::GET;
    const ROUTE: &'static str = "/enterprise/{enterpriseId}/lead/{leadId}/action/{actionId}";
    const IDEMPOTENT: bool = true;

    fn path_args(&self) -> PathArgs<'_> {
        PathArgs::two(&self.lead, &self.action)
    }
}
