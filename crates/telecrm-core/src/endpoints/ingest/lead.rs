//! **Create or update lead** (Async API):
//! `POST https://next-api.telecrm.in/enterprise/{enterpriseId}/autoupdatelead`.
//!
//! The lead is matched by the workspace's identifier: updated when found,
//! created otherwise; actions are appended. `200 {"status": "QUEUED"}` means
//! queued, not done: validation failures in the background are never
//! reported, so everything checkable is checked here first (the identifier
//! present, the standard fields' forms, action codes).
//!
//! Custom actions are sent as `ACTION_<n>` here (the bare code on the Sync
//! API): [`crate::CustomActionCode`] holds the number, and the prefix is
//! written on the wire, so callers never choose the wrong form.
//!
//! Contract: `docs.telecrm.in/async-api/create-or-update-lead`.

use http::Method;
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

use crate::endpoint::Endpoint;
use crate::endpoints::actions::new::NewAction;
use crate::endpoints::leads::create::NewLead;
use crate::field::{FieldError, LeadFields};
use crate::token::AsyncToken;
use crate::vocab::DateTime;

/// A lead to create or update through the Async API.
///
/// ```
/// use telecrm_core::{AsyncToken, Endpoint, IngestLead, LeadFields, NewCustomAction, NewLead, Workspace};
///
/// let lead = NewLead::new(LeadFields::new().text("name", "Jane Doe").set("phone", "919999999999")?)
///     .with_action(NewCustomAction::new("1001".parse()?).with_field("note", "Site visit completed"));
/// let ingest = IngestLead::new(lead, "phone")?;
/// // An Async token's workspace is at the Async API's production base URL.
/// let workspace = Workspace::new(AsyncToken::new("t0k3n")?, "ent-1".parse()?);
/// let request = ingest.to_http_request(&workspace)?;
/// assert_eq!(request.uri(), "https://next-api.telecrm.in/enterprise/ent-1/autoupdatelead");
/// assert_eq!(request.body(), br#"{"fields":{"name":"Jane Doe","phone":"919999999999"},"actions":[{"type":"ACTION_1001","fields":{"note":"Site visit completed"}}]}"#);
/// // Without the identifier the service would drop it silently: refused here.
/// assert!(IngestLead::new(NewLead::new(LeadFields::new().text("name", "x")), "phone").is_err());
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct IngestLead {
    fields: LeadFields,
    actions: Vec<(NewAction, Option<DateTime>)>,
}

impl IngestLead {
    /// A lead to ingest, checked to hold the workspace's `identifier` field.
    ///
    /// # Errors
    ///
    /// [`FieldError::MissingIdentifier`]: the service would drop it silently.
    pub fn new(lead: NewLead, identifier: &str) -> Result<Self, FieldError> {
        lead.check_identifier(identifier)?;
        Ok(Self {
            fields: lead.fields,
            actions: lead.actions.into_iter().map(|a| (a, None)).collect(),
        })
    }

    /// Appends a custom action back-dated to `at` (the Async API's
    /// `created_on`).
    #[must_use]
    pub fn with_action_at(mut self, action: impl Into<NewAction>, at: DateTime) -> Self {
        self.actions.push((action.into(), Some(at)));
        self
    }

    /// The lead's fields.
    pub fn fields(&self) -> &LeadFields {
        &self.fields
    }

    /// Whether the payload carries actions (a repeat would append them again).
    pub fn has_actions(&self) -> bool {
        !self.actions.is_empty()
    }
}

/// One action as the Async API takes it: the `ACTION_` prefix on custom codes.
struct AsyncAction<'a>(&'a NewAction, Option<DateTime>);

impl Serialize for AsyncAction<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            NewAction::Custom(custom) => {
                let mut map = serializer.serialize_map(None)?;
                map.serialize_entry("type", &custom.code().action_name())?;
                if !custom.fields().is_empty() {
                    map.serialize_entry("fields", custom.fields())?;
                }
                if let Some(at) = self.1 {
                    map.serialize_entry("created_on", &at)?;
                }
                map.end()
            }
            other => other.serialize(serializer),
        }
    }
}

impl Serialize for IngestLead {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("fields", &self.fields)?;
        if !self.actions.is_empty() {
            let actions: Vec<AsyncAction<'_>> = self
                .actions
                .iter()
                .map(|(a, at)| AsyncAction(a, *at))
                .collect();
            map.serialize_entry("actions", &actions)?;
        }
        map.end()
    }
}

/// The answer: `{"status": "QUEUED"}`, queued and nothing more.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Queued {
    /// `QUEUED`.
    pub status: String,
}

impl Queued {
    /// Whether the service says it queued the lead.
    pub fn is_queued(&self) -> bool {
        self.status == "QUEUED"
    }
}

impl Endpoint for IngestLead {
    type Response = Queued;
    type Token = AsyncToken;

    const METHOD: Method = Method::POST;
    const ROUTE: &'static str = "/enterprise/{enterpriseId}/autoupdatelead";
    // Matched by identifier: the same fields sent twice leave the lead as once.
    const IDEMPOTENT: bool = true;

    /// Actions are appended, so a payload with actions is not repeated after
    /// an ambiguous failure; one with fields only is.
    fn idempotent(&self) -> bool {
        self.actions.is_empty()
    }

    fn write_body(&self, body: &mut Vec<u8>) -> Result<(), serde_json::Error> {
        serde_json::to_writer(body, self)
    }
}
