//! **Get an action**: `GET /enterprise/{enterpriseId}/lead/{leadId}/action/{actionId}`.
//!
//! Reads one custom or payment action. Other types answer
//! `400 BAD_REQUEST` "Only custom actions and payment actions can be retrieved"
//! (search finds them); an unknown action `404 ACTION_NOT_FOUND`.
//!
//! Contract: `docs.telecrm.in/sync-api/actions/get`.

use http::{Method, StatusCode};

use crate::action::Action;
use crate::endpoint::Endpoint;
use crate::id::{ActionId, EnterpriseId, LeadId};
use crate::token::SyncToken;

/// A request to read one action.
///
/// ```
/// use telecrm_core::{BaseUrl, Endpoint, GetAction, SyncToken};
///
/// let request = GetAction::new("ent-1".parse()?, "603d2b2f9b1e8a001c8e4f5c".parse()?, "603d2b2f9b1e8a001c8e4f5d".parse()?)
///     .to_http_request(&BaseUrl::default(), &SyncToken::new("t0k3n")?)?;
/// assert_eq!(request.method(), "GET");
/// assert!(request.body().is_empty());
/// assert!(request.headers().get("content-type").is_none());
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetAction {
    /// The enterprise (workspace).
    pub enterprise: EnterpriseId,
    /// The lead holding the action.
    pub lead: LeadId,
    /// The action to read.
    pub action: ActionId,
}

impl GetAction {
    /// Bundles the IDs.
    pub fn new(enterprise: EnterpriseId, lead: LeadId, action: ActionId) -> Self {
        Self {
            enterprise,
            lead,
            action,
        }
    }
}

impl Endpoint for GetAction {
    type Response = Action;
    type Token = SyncToken;

    const METHOD: Method = Method::GET;
    const ROUTE: &'static str = "/enterprise/{enterpriseId}/lead/{leadId}/action/{actionId}";
    const IDEMPOTENT: bool = true;
    const HAS_BODY: bool = false;

    fn write_path(&self, path: &mut String) {
        super::write_action_stem(path, &self.enterprise, &self.lead);
        self.action.push_segment_to(path);
    }

    fn write_body(&self, _body: &mut Vec<u8>) -> Result<(), serde_json::Error> {
        Ok(())
    }

    fn decode_success(_status: StatusCode, body: &[u8]) -> Result<Action, serde_json::Error> {
        serde_json::from_slice(body)
    }
}
