//! **Create actions**: `POST /enterprise/{enterpriseId}/lead/{leadId}/action`.
//!
//! Appends custom actions and payments to a lead's timeline. Each entry
//! succeeds or is ignored on its own: the `200` lists, in request order, a new
//! `action_id` with `CREATED` or `null` with `IGNORED`, and `remarks` say why
//! (`actions[1].fields.email`: `Email is invalid`). A request naming a
//! non-writable type is refused whole with `400 BAD_REQUEST`.
//!
//! **Not idempotent**: sending it twice creates the actions twice. The
//! transport retries it only when it provably never arrived.
//!
//! Contract: `docs.telecrm.in/sync-api/actions/create`.

use http::Method;
use serde::{Deserialize, Deserializer};

use super::new::NewActions;
use crate::check::{InputError, Rules, Warning};
use crate::endpoint::Endpoint;
use crate::id::{ActionId, LeadId};
use crate::path::PathArgs;
use crate::token::SyncToken;

/// A request to create one or more actions on a lead.
///
/// ```
/// use telecrm_core::{CreateActions, Endpoint, NewActions, NewCustomAction, SyncToken, Workspace};
///
/// let note = NewCustomAction::new("1001".parse()?).with_field("note", "Demo scheduled");
/// let call = CreateActions::new("603d2b2f9b1e8a001c8e4f5c".parse()?, NewActions::one(note));
/// let request = call.to_http_request(&Workspace::new(SyncToken::new("t0k3n")?, "ent-1".parse()?))?;
/// assert_eq!(request.uri().path(), "/autoupdate/v2/enterprise/ent-1/lead/603d2b2f9b1e8a001c8e4f5c/action");
/// assert_eq!(request.body(), br#"{"actions":[{"type":"1001","fields":{"note":"Demo scheduled"}}]}"#);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CreateActions {
    /// The lead to add the actions to.
    pub lead: LeadId,
    /// The actions, at least one.
    pub actions: NewActions,
}

impl CreateActions {
    /// Bundles the IDs and the actions.
    pub fn new(lead: LeadId, actions: NewActions) -> Self {
        Self { lead, actions }
    }
}

impl Endpoint for CreateActions {
    type Response = CreatedActions;
    type Token = SyncToken;

    const METHOD: Method = Method::POST;
    const ROUTE: &'static str = "/enterprise/{enterpriseId}/lead/{leadId}/action";
    // Each send appends new actions: a repeat is a duplicate.
    const IDEMPOTENT: bool = false;
    const USES_SCHEMA: bool = true;

    fn path_args(&self) -> PathArgs<'_> {
        PathArgs::one(&self.lead)
    }

    fn write_body(&self, body: &mut Vec<u8>) -> Result<(), serde_json::Error> {
        serde_json::to_writer(body, &self.actions)
    }

    fn check(&self, rules: &Rules<'_>) -> Result<Vec<Warning>, InputError> {
        if let Some(schema) = rules.schema {
            schema.check_new_actions(self.actions.as_slice())?;
        }
        Ok(Vec::new())
    }
}

/// What happened to one entry of the request.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum OutcomeStatus {
    /// `CREATED`: the action is on the timeline.
    Created,
    /// `IGNORED`: the action was not stored; see the remarks.
    Ignored,
    /// A status this crate does not know, as sent.
    Other(String),
}

impl OutcomeStatus {
    /// The status as the API writes it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Created => "CREATED",
            Self::Ignored => "IGNORED",
            Self::Other(other) => other,
        }
    }
}

impl<'de> Deserialize<'de> for OutcomeStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let status = String::deserialize(deserializer)?;
        Ok(match status.as_str() {
            "CREATED" => Self::Created,
            "IGNORED" => Self::Ignored,
            _ => Self::Other(status),
        })
    }
}

/// One entry of the answer's `actions`, in request order.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ActionOutcome {
    /// The new action's ID; `None` when it was ignored.
    pub action_id: Option<ActionId>,
    /// `CREATED` or `IGNORED`.
    pub status: OutcomeStatus,
}

/// A note on something that was not applied: `{"field", "status", "remark"}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Remark {
    /// What it is about, as a path: `actions[1].fields.email`.
    pub field: String,
    /// What happened to it (`IGNORED`).
    pub status: String,
    /// Why, in words: `Email is invalid`.
    pub remark: String,
}

impl Remark {
    /// The index of the request entry the remark is about, read from a field
    /// path starting `actions[N]`; `None` for remarks about anything else.
    pub fn entry(&self) -> Option<usize> {
        let rest = self.field.strip_prefix("actions[")?;
        let (index, _) = rest.split_once(']')?;
        if index.is_empty() || !index.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        index.parse().ok()
    }
}

/// The answer to [`CreateActions`]: one outcome per requested action, in
/// order, and the remarks on what was ignored.
///
/// A `200` is not full success: check [`CreatedActions::ignored`] (the docs'
/// pitfall "treating a 200 as full success").
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct CreatedActions {
    /// The lead the actions were added to.
    pub lead_id: LeadId,
    /// One outcome per requested action, in request order.
    pub actions: Vec<ActionOutcome>,
    /// Why entries (or parts of them) were ignored.
    #[serde(default)]
    pub remarks: Vec<Remark>,
}

impl CreatedActions {
    /// The created actions: `(request index, new ID)`.
    pub fn created(&self) -> impl Iterator<Item = (usize, &ActionId)> {
        self.actions
            .iter()
            .enumerate()
            .filter_map(
                |(index, outcome)| match (&outcome.status, &outcome.action_id) {
                    (OutcomeStatus::Created, Some(id)) => Some((index, id)),
                    _ => None,
                },
            )
    }

    /// The request indices of the entries that were not created.
    pub fn ignored(&self) -> impl Iterator<Item = usize> + '_ {
        self.actions
            .iter()
            .enumerate()
            .filter(|(_, outcome)| {
                !(outcome.status == OutcomeStatus::Created && outcome.action_id.is_some())
            })
            .map(|(index, _)| index)
    }

    /// The remarks about request entry `index`.
    pub fn remarks_for(&self, index: usize) -> impl Iterator<Item = &Remark> {
        self.remarks
            .iter()
            .filter(move |remark| remark.entry() == Some(index))
    }

    /// Whether nothing at all was created.
    pub fn none_created(&self) -> bool {
        self.created().next().is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_answer() {
        let body = br#"{
          "lead_id": "603d2b2f9b1e8a001c8e4f5c",
          "actions": [
            { "action_id": "603d2b2f9b1e8a001c8e4f5d", "status": "CREATED" },
            { "action_id": null, "status": "IGNORED" }
          ],
          "remarks": [
            { "field": "actions[1].fields.email", "status": "IGNORED", "remark": "Email is invalid" }
          ]
        }"#;
        let call = CreateActions::new(
            "603d2b2f9b1e8a001c8e4f5c".parse().unwrap(),
            NewActions::one(crate::NewCustomAction::new("1001".parse().unwrap())),
        );
        let created = call
            .decode(http::StatusCode::OK, &http::HeaderMap::new(), body)
            .unwrap();
        assert_eq!(created.lead_id.as_str(), "603d2b2f9b1e8a001c8e4f5c");
        let ids: Vec<_> = created.created().map(|(i, id)| (i, id.as_str())).collect();
        assert_eq!(ids, [(0, "603d2b2f9b1e8a001c8e4f5d")]);
        assert_eq!(created.ignored().collect::<Vec<_>>(), [1]);
        let remarks: Vec<_> = created.remarks_for(1).map(|r| r.remark.as_str()).collect();
        assert_eq!(remarks, ["Email is invalid"]);
        assert_eq!(created.remarks_for(0).count(), 0);
        assert!(!created.none_created());
    }

    #[test]
    fn remark_paths() {
        let remark = |field: &str| Remark {
            field: field.into(),
            status: "IGNORED".into(),
            remark: String::new(),
        };
        assert_eq!(remark("actions[12].fields.x").entry(), Some(12));
        assert_eq!(remark("actions[0]").entry(), Some(0));
        for field in [
            "fields.email",
            "actions[].x",
            "actions[-1]",
            "actions[1",
            "actions[a]",
        ] {
            assert_eq!(remark(field).entry(), None, "{field}");
        }
    }
}
