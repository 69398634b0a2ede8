//! **Update an action**: `POST /enterprise/{enterpriseId}/lead/{leadId}/action/{actionId}`.
//!
//! Changes an existing action on a lead's timeline and returns its full current
//! state. A custom action is sent with its numeric code and the fields to change;
//! a payment may change its `status` only (`amount`, `currency` and `paymentid`
//! are immutable, and the service answers `400` if they are sent). Errors:
//! `400 BAD_REQUEST`, `401 NOT_AUTHORIZED`, `404 ACTION_NOT_FOUND`.
//!
//! Contract: `shared/seed/000_4303f9971ad01c76.txt`, "Update an action" (the
//! seed wins over the docs pages for this endpoint).

use http::{Method, StatusCode};

use crate::action::Action;
use crate::endpoint::Endpoint;
use crate::id::{ActionId, EnterpriseId, LeadId};
use crate::token::SyncToken;
use crate::update::ActionUpdate;

/// A request to update one action.
///
/// ```
/// use telecrm_core::{BaseUrl, Endpoint, SyncToken, UpdateAction};
/// use telecrm_core::{ActionUpdate, PaymentStatus, PaymentUpdate};
///
/// let request = UpdateAction::new(
///     "ent-1".parse().unwrap(),
///     "603d2b2f9b1e8a001c8e4f5c".parse().unwrap(),
///     "603d2b2f9b1e8a001c8e4f5e".parse().unwrap(),
///     PaymentUpdate::with_status(PaymentStatus::COMPLETED).into(),
/// )
/// .to_http_request(&BaseUrl::default(), &SyncToken::new("t0k3n").unwrap())
/// .unwrap();
/// assert_eq!(request.method(), "POST");
/// assert_eq!(
///     request.uri(),
///     "https://next.telecrm.in/autoupdate/v2/enterprise/ent-1/lead/603d2b2f9b1e8a001c8e4f5c/action/603d2b2f9b1e8a001c8e4f5e"
/// );
/// assert_eq!(request.body(), br#"{"type":"PAYMENT","status":"COMPLETED"}"#);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateAction {
    /// The enterprise (workspace).
    pub enterprise: EnterpriseId,
    /// The lead holding the action.
    pub lead: LeadId,
    /// The action to change.
    pub action: ActionId,
    /// What to change.
    pub update: ActionUpdate,
}

impl UpdateAction {
    /// Bundles the IDs and the update.
    pub fn new(
        enterprise: EnterpriseId,
        lead: LeadId,
        action: ActionId,
        update: ActionUpdate,
    ) -> Self {
        Self {
            enterprise,
            lead,
            action,
            update,
        }
    }
}

impl UpdateAction {
    /// The same request, borrowing: what [`UpdateActionRef`] sends.
    pub fn borrowed(&self) -> UpdateActionRef<'_> {
        UpdateActionRef {
            enterprise: &self.enterprise,
            lead: &self.lead,
            action: &self.action,
            update: &self.update,
        }
    }
}

/// [`UpdateAction`] borrowing its IDs and update, for callers that send the
/// same values in a loop and should not clone them for each call. Encodes
/// and decodes exactly as [`UpdateAction`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UpdateActionRef<'a> {
    /// The enterprise (workspace).
    pub enterprise: &'a EnterpriseId,
    /// The lead holding the action.
    pub lead: &'a LeadId,
    /// The action to change.
    pub action: &'a ActionId,
    /// What to change.
    pub update: &'a ActionUpdate,
}

impl Endpoint for UpdateActionRef<'_> {
    type Response = Action;
    type Token = SyncToken;

    const METHOD: Method = Method::POST;
    const ROUTE: &'static str = "/enterprise/{enterpriseId}/lead/{leadId}/action/{actionId}";
    // The body states what the action should become, so applying it twice leaves
    // the action as applying it once does: a retry after an ambiguous failure
    // cannot do harm.
    const IDEMPOTENT: bool = true;

    fn write_path(&self, path: &mut String) {
        super::write_action_stem(path, self.enterprise, self.lead);
        self.action.push_segment_to(path);
    }

    fn write_body(&self, body: &mut Vec<u8>) -> Result<(), serde_json::Error> {
        self.update.write_direct(body)
    }

    fn decode_success(_status: StatusCode, body: &[u8]) -> Result<Action, serde_json::Error> {
        serde_json::from_slice(body)
    }
}

impl Endpoint for UpdateAction {
    type Response = Action;
    type Token = SyncToken;

    const METHOD: Method = UpdateActionRef::METHOD;
    const ROUTE: &'static str = UpdateActionRef::ROUTE;
    const IDEMPOTENT: bool = UpdateActionRef::IDEMPOTENT;

    fn write_path(&self, path: &mut String) {
        self.borrowed().write_path(path);
    }

    fn write_body(&self, body: &mut Vec<u8>) -> Result<(), serde_json::Error> {
        self.borrowed().write_body(body)
    }

    fn decode_success(status: StatusCode, body: &[u8]) -> Result<Action, serde_json::Error> {
        UpdateActionRef::decode_success(status, body)
    }
}
