//! **Create a lead**: `POST /enterprise/{enterpriseId}/lead`.
//!
//! `fields` must hold the workspace's lead identifier (`phone` by default);
//! `actions` optionally start its timeline. `201` with the new `lead_id`, one
//! outcome per action and `remarks` on what was ignored (partial success);
//! `400` when the lead itself is refused; `409 LEAD_ALREADY_EXISTS` when a lead
//! with the same identifier exists.
//!
//! **Not idempotent**: the transport never resends it once it may have arrived.
//!
//! Contract: `docs.telecrm.in/sync-api/leads/create`.

use http::{Method, StatusCode};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

use crate::check::{InputError, Rules, Warning};
use crate::endpoint::Endpoint;
use crate::endpoints::actions::create::{ActionOutcome, Remark};
use crate::endpoints::actions::new::NewAction;
use crate::endpoints::actions::update::UpdateError;
use crate::field::{FieldError, LeadFields};
use crate::id::LeadId;
use crate::token::SyncToken;
use crate::vocab::echo;

/// Why a lead given as JSON is invalid.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LeadError {
    /// Not well-formed JSON.
    #[error("lead is not valid JSON (line {line}, column {column})")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser said.
        #[source]
        source: serde_json::Error,
    },
    /// Not a JSON object.
    #[error("a lead must be a JSON object such as {{\"fields\": {{...}}}}")]
    NotAnObject,
    /// No `fields`.
    #[error("`fields` is required")]
    MissingFields,
    /// A key a lead does not have.
    #[error("unknown key `{key}` (allowed: {allowed})")]
    UnknownKey {
        /// The key (at most 64 bytes of it).
        key: String,
        /// The keys allowed.
        allowed: &'static str,
    },
    /// A field that does not fit.
    #[error(transparent)]
    Field(#[from] FieldError),
    /// `actions` is not an array.
    #[error("`actions` must be a JSON array")]
    ActionsNotArray,
    /// One of the actions is invalid.
    #[error("actions[{index}] is invalid")]
    Action {
        /// Its position, from 0.
        index: usize,
        /// Why.
        #[source]
        source: UpdateError,
    },
}

/// A lead to create: its fields and, optionally, its first actions.
///
/// ```
/// use telecrm_core::field::{LeadFields, PhoneNumber};
/// use telecrm_core::{NewCustomAction, NewLead};
///
/// let lead = NewLead::new(
///     LeadFields::new().text("name", "Jane Doe").phone("phone", PhoneNumber::new("919999999999")?),
/// )
/// .with_action(NewCustomAction::new("1001".parse()?).with_field("note", "Site visit completed"));
/// assert_eq!(
///     serde_json::to_string(&lead)?,
///     r#"{"fields":{"name":"Jane Doe","phone":"919999999999"},"actions":[{"type":"1001","fields":{"note":"Site visit completed"}}]}"#
/// );
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct NewLead {
    /// The lead's fields.
    pub fields: LeadFields,
    /// Actions to add to its timeline, in order.
    pub actions: Vec<NewAction>,
}

impl NewLead {
    /// A lead with these fields and no actions.
    pub fn new(fields: LeadFields) -> Self {
        Self {
            fields,
            actions: Vec::new(),
        }
    }

    /// Adds an action to its timeline.
    #[must_use]
    pub fn with_action(mut self, action: impl Into<NewAction>) -> Self {
        self.actions.push(action.into());
        self
    }

    /// Checks that the workspace's lead identifier is among the fields.
    ///
    /// # Errors
    ///
    /// [`FieldError::MissingIdentifier`].
    pub fn check_identifier(&self, identifier: &str) -> Result<(), FieldError> {
        if self.fields.contains(identifier) {
            Ok(())
        } else {
            Err(FieldError::MissingIdentifier {
                field: identifier.to_owned(),
            })
        }
    }

    /// Parses `{"fields": {...}, "actions": [...]}`, every field and action
    /// checked as the typed constructors check them.
    ///
    /// # Errors
    ///
    /// [`LeadError`] naming what is wrong.
    pub fn from_json(json: &[u8]) -> Result<Self, LeadError> {
        let value: Value = serde_json::from_slice(json).map_err(|source| LeadError::Json {
            line: source.line(),
            column: source.column(),
            source,
        })?;
        Self::from_value(value)
    }

    /// As [`NewLead::from_json`], from a parsed value.
    ///
    /// # Errors
    ///
    /// As [`NewLead::from_json`].
    pub fn from_value(value: Value) -> Result<Self, LeadError> {
        let Value::Object(mut object) = value else {
            return Err(LeadError::NotAnObject);
        };
        let fields =
            LeadFields::from_value(object.remove("fields").ok_or(LeadError::MissingFields)?)?;
        let actions = match object.remove("actions") {
            None => Vec::new(),
            Some(Value::Array(actions)) => actions
                .into_iter()
                .enumerate()
                .map(|(index, action)| {
                    NewAction::from_value(action)
                        .map_err(|source| LeadError::Action { index, source })
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(LeadError::ActionsNotArray),
        };
        if let Some(key) = object.keys().next() {
            return Err(LeadError::UnknownKey {
                key: echo(key),
                allowed: "`fields`, `actions`",
            });
        }
        Ok(Self { fields, actions })
    }
}

impl Serialize for NewLead {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("fields", &self.fields)?;
        if !self.actions.is_empty() {
            map.serialize_entry("actions", &self.actions)?;
        }
        map.end()
    }
}

/// A request to create one lead.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateLead {
    /// The lead.
    pub lead: NewLead,
}

impl CreateLead {
    /// The lead to create.
    pub fn new(lead: NewLead) -> Self {
        Self { lead }
    }
}

impl Endpoint for CreateLead {
    type Response = CreatedLead;
    type Token = SyncToken;

    const METHOD: Method = Method::POST;
    const ROUTE: &'static str = "/enterprise/{enterpriseId}/lead";
    // A repeat creates a second lead, or meets 409 for the identifier.
    const IDEMPOTENT: bool = false;
    const SUCCESS: StatusCode = StatusCode::CREATED;
    const USES_SCHEMA: bool = true;

    fn write_body(&self, body: &mut Vec<u8>) -> Result<(), serde_json::Error> {
        serde_json::to_writer(body, &self.lead)
    }

    /// A new lead must carry the workspace's identifier, and fit its schema.
    fn check(&self, rules: &Rules<'_>) -> Result<Vec<Warning>, InputError> {
        if let Some(identifier) = rules.lead_identifier {
            self.lead.check_identifier(identifier)?;
        }
        match rules.schema {
            Some(schema) => Ok(schema.check_new_lead(&self.lead)?),
            None => Ok(Vec::new()),
        }
    }
}

/// The answer to [`CreateLead`]: the new lead's ID, one outcome per action,
/// and remarks on what was ignored (fields as `fields.rating`, actions as
/// `actions[0].fields.email`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct CreatedLead {
    /// The new lead.
    pub lead_id: LeadId,
    /// One outcome per requested action, in order.
    #[serde(default)]
    pub actions: Vec<ActionOutcome>,
    /// What was ignored, and why.
    #[serde(default)]
    pub remarks: Vec<Remark>,
}

impl CreatedLead {
    /// The fields that were ignored: `(field name, remark)`.
    pub fn ignored_fields(&self) -> impl Iterator<Item = (&str, &str)> {
        self.remarks.iter().filter_map(|remark| {
            let field = remark.field.strip_prefix("fields.")?;
            Some((field, remark.remark.as_str()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_leads_follow_the_rules() {
        let lead = NewLead::from_json(
            br#"{"fields":{"phone":"919999999999"},"actions":[{"type":"ACTION_1001"}]}"#,
        )
        .unwrap();
        assert_eq!(lead.actions[0].type_str(), "1001");
        for (json, expected) in [
            (
                &br#"{"fields":{"phone":"+919999999999"}}"#[..],
                "919876543210",
            ),
            (
                br#"{"fields":{"phone":"919999999999"},"actions":[{"type":"SMS"}]}"#,
                "actions[0] is invalid",
            ),
            (br#"{"fields":{}, "extra":1}"#, "unknown key `extra`"),
            (br#"{"actions":[]}"#, "`fields` is required"),
            (br#"{"fields":[]}"#, "`fields` must be a JSON object"),
            (b"{", "not valid JSON"),
        ] {
            let err = NewLead::from_json(json).unwrap_err().to_string();
            assert!(err.contains(expected), "{err}");
        }
        let lead = NewLead::new(LeadFields::new().text("name", "x"));
        assert!(lead.check_identifier("phone").is_err());
        assert!(lead.check_identifier("name").is_ok());
    }
}
