//! **List custom fields** (`GET /enterprise/{e}/custom-fields?detail=`) and
//! **get one** (`GET /enterprise/{e}/custom-fields/{apiName}`, case-sensitive,
//! `404 NOT_FOUND`).
//!
//! The two `detail` modes answer in different shapes (options as strings, or
//! as `{id, label}` with IDs and descriptions); [`CustomField`] reads both.
//!
//! Contract: `docs.telecrm.in/sync-api/enterprise/custom-fields-list`, `custom-fields-get`.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};
use serde_json::Value;

use http::Method;

use crate::endpoint::Endpoint;
use crate::path::PathArgs;
use crate::query::Query;
use crate::token::SyncToken;

/// A field's type as the metadata names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FieldKind {
    /// `TEXT`.
    Text,
    /// `NUMBER`.
    Number,
    /// `EMAIL`.
    Email,
    /// `PHONE`.
    Phone,
    /// `DATE`.
    Date,
    /// `DROPDOWN`.
    Dropdown,
    /// `TAGS` (multi-select).
    Tags,
    /// `MONEY`.
    Money,
    /// `WEBSITE`.
    Website,
    /// `RATING`.
    Rating,
    /// `STATUS`.
    Status,
    /// Any other type, as sent.
    Other(String),
}

impl FieldKind {
    /// The type as the API writes it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Text => "TEXT",
            Self::Number => "NUMBER",
            Self::Email => "EMAIL",
            Self::Phone => "PHONE",
            Self::Date => "DATE",
            Self::Dropdown => "DROPDOWN",
            Self::Tags => "TAGS",
            Self::Money => "MONEY",
            Self::Website => "WEBSITE",
            Self::Rating => "RATING",
            Self::Status => "STATUS",
            Self::Other(other) => other,
        }
    }
}

impl From<&str> for FieldKind {
    fn from(s: &str) -> Self {
        match s.to_ascii_uppercase().as_str() {
            "TEXT" => Self::Text,
            "NUMBER" => Self::Number,
            "EMAIL" => Self::Email,
            "PHONE" => Self::Phone,
            "DATE" => Self::Date,
            "DROPDOWN" => Self::Dropdown,
            "TAGS" | "MULTI_SELECT" | "MULTISELECT" => Self::Tags,
            "MONEY" => Self::Money,
            "WEBSITE" => Self::Website,
            "RATING" => Self::Rating,
            "STATUS" => Self::Status,
            _ => Self::Other(s.to_owned()),
        }
    }
}

impl<'de> Deserialize<'de> for FieldKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Self::from(String::deserialize(deserializer)?.as_str()))
    }
}

/// One option of a dropdown or tags field: a label, and its ID in the
/// detailed shape.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FieldOption {
    /// The option's ID (`detail=true` only).
    pub id: Option<String>,
    /// Its label, the value to send.
    pub label: String,
}

impl<'de> Deserialize<'de> for FieldOption {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Shape {
            Label(String),
            Detailed { id: Option<Value>, label: String },
        }
        Ok(match Shape::deserialize(deserializer)? {
            Shape::Label(label) => Self { id: None, label },
            Shape::Detailed { id, label } => Self {
                id: id.map(|id| match id {
                    Value::String(s) => s,
                    other => other.to_string(),
                }),
                label,
            },
        })
    }
}

/// A lead field's definition, in either `detail` shape.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CustomField {
    /// Its ID (`detail=true` only).
    #[serde(default)]
    pub id: Option<String>,
    /// Its type.
    #[serde(rename = "type")]
    pub kind: FieldKind,
    /// Its API name, the key in lead payloads.
    pub api_name: String,
    /// Its description (`detail=true` only).
    #[serde(default)]
    pub description: Option<String>,
    /// Whether it cannot change after the lead is created.
    #[serde(default)]
    pub lock_after_create: bool,
    /// Whether it is the lead identifier.
    #[serde(default)]
    pub is_leadid: bool,
    /// Its options (dropdowns and tags).
    #[serde(default)]
    pub options: Vec<FieldOption>,
    /// Any other key (date formats, …).
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

impl CustomField {
    /// Whether this is the detailed shape (it has an ID).
    pub fn is_detailed(&self) -> bool {
        self.id.is_some()
    }
}

/// The answer of [`ListCustomFields`]: `{"customFields": [...]}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CustomFieldList {
    /// The fields.
    pub custom_fields: Vec<CustomField>,
}

/// A request for every field definition.
///
/// ```
/// use telecrm_core::{Endpoint, ListCustomFields, SyncToken, Workspace};
///
/// let request = ListCustomFields::new().detailed()
///     .to_http_request(&Workspace::new(SyncToken::new("t0k3n")?, "ent-1".parse()?))?;
/// assert_eq!(request.uri().path_and_query().unwrap().as_str(), "/autoupdate/v2/enterprise/ent-1/custom-fields?detail=true");
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListCustomFields {
    /// The detailed shape (IDs, descriptions, options with IDs).
    pub detail: bool,
}

impl Default for ListCustomFields {
    fn default() -> Self {
        Self::new()
    }
}

impl ListCustomFields {
    /// With each field's type and options (`detail=true`).
    #[must_use]
    pub fn detail(mut self, yes: bool) -> Self {
        self.detail = yes;
        self
    }

    /// The summary shape.
    pub fn new() -> Self {
        Self { detail: false }
    }

    /// The detailed shape.
    #[must_use]
    pub fn detailed(mut self) -> Self {
        self.detail = true;
        self
    }
}

impl Endpoint for ListCustomFields {
    type Response = CustomFieldList;
    type Token = SyncToken;
    const METHOD: Method = Method::GET;
    const ROUTE: &'static str = "/enterprise/{enterpriseId}/custom-fields";
    const IDEMPOTENT: bool = true;

    fn write_query(&self, query: &mut Query<'_>) {
        if self.detail {
            query.pair("detail", true);
        }
    }
}

/// A request for one field, by its (case-sensitive) API name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetCustomField {
    /// The field's API name.
    pub api_name: String,
}

impl GetCustomField {
    /// The field `api_name`.
    pub fn new(api_name: impl Into<String>) -> Self {
        Self {
            api_name: api_name.into(),
        }
    }
}

impl Endpoint for GetCustomField {
    type Response = CustomField;
    type Token = SyncToken;
    const METHOD: Method = Method::GET;
    const ROUTE: &'static str = "/enterprise/{enterpriseId}/custom-fields/{apiName}";
    const IDEMPOTENT: bool = true;

    fn path_args(&self) -> PathArgs<'_> {
        PathArgs::one(&self.api_name)
    }
}
