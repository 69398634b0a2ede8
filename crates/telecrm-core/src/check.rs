//! The pre-send policy: [`Rules`] every call is checked against before it is
//! sent, what a check lets through with a [`Warning`], and what it refuses
//! with an [`InputError`].
//!
//! The checks live on the endpoints ([`crate::Endpoint::check`]) and the
//! rules come from the caller (a transport's settings, a CLI's flags), so
//! that every way of sending (a typed method, a generic `send`, a batch) runs
//! the same checks and hands back the same warnings.

use crate::field::FieldError;
use crate::schema::{Schema, SchemaError};

/// What a workspace is known to require, beyond the API's own rules.
///
/// ```
/// use telecrm_core::{Endpoint, LeadFields, NewLead, CreateLead, Rules};
///
/// let create = CreateLead::new(NewLead::new(LeadFields::new().text("name", "Jane")));
/// let refused = create.check(&Rules::new().with_lead_identifier("phone")).unwrap_err();
/// assert!(refused.to_string().contains("phone"));
/// assert!(create.check(&Rules::new()).unwrap().is_empty());
/// ```
#[derive(Debug, Clone, Copy, Default)]
#[non_exhaustive]
pub struct Rules<'a> {
    /// The workspace's lead identifier field, when known: a new lead must
    /// carry it, and an update must not change it.
    pub lead_identifier: Option<&'a str>,
    /// The workspace's schema, when the caller checks against it.
    pub schema: Option<&'a Schema>,
}

impl<'a> Rules<'a> {
    /// No rules beyond what the types already guarantee.
    pub fn new() -> Self {
        Self::default()
    }

    /// With the lead identifier field.
    #[must_use]
    pub fn with_lead_identifier(mut self, field: &'a str) -> Self {
        self.lead_identifier = Some(field);
        self
    }

    /// With the workspace schema.
    #[must_use]
    pub fn with_schema(mut self, schema: &'a Schema) -> Self {
        self.schema = Some(schema);
        self
    }
}

/// A value a check let through that the service will treat specially (an
/// unknown dropdown label it will add as an option, say).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Warning {
    /// The field it is about.
    pub field: String,
    /// What will happen.
    pub message: String,
}

impl Warning {
    /// A warning about `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Why a check refused a call before anything was sent.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// A field is missing or not allowed (the lead identifier, say).
    #[error(transparent)]
    Field(#[from] FieldError),
    /// The workspace's schema refuses a value.
    #[error(transparent)]
    Schema(#[from] SchemaError),
    /// An update that would change nothing: a payment without a new
    /// `status`, or a custom action without `fields`.
    #[error(
        "the update changes nothing: give a payment its new `status`, or a custom action the `fields` to change"
    )]
    NothingToChange,
}
