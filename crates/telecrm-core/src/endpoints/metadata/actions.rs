//! **List custom actions** (`GET /enterprise/{e}/custom-actions?detail=`) and
//! **get one by code** (`GET /enterprise/{e}/custom-actions/ACTION_1001`).
//!
//! Codes come as `ACTION_<n>`; the Sync API's payloads take the bare `<n>`
//! ([`CustomActionDef::sync_code`] converts).
//!
//! Contract: `docs.telecrm.in/sync-api/enterprise/custom-actions-list`, `custom-actions-get`.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use http::Method;

use crate::endpoint::Endpoint;
use crate::path::PathArgs;
use crate::query::Query;
use crate::token::SyncToken;
use crate::vocab::{CustomActionCode, ValueError};

/// A custom action's definition, in either `detail` shape.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CustomActionDef {
    /// `ACTION_1001`.
    pub code: String,
    /// `Site Visit`.
    #[serde(default)]
    pub display_name: Option<String>,
    /// Lead score added each time it is recorded.
    #[serde(default)]
    pub score: Option<f64>,
    /// `USER` (workspace-defined) or `SYSTEM`.
    #[serde(default)]
    pub source: Option<String>,
    /// Its ID (`detail=true`).
    #[serde(default)]
    pub id: Option<String>,
    /// Its description (`detail=true`).
    #[serde(default)]
    pub description: Option<String>,
    /// Its fields: name → `{"type", "options"}` (`detail=true`).
    #[serde(default)]
    pub field_schema: BTreeMap<String, ActionFieldSchema>,
    /// Any other key (display schema, backdating, timestamps, …).
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// The type of one field of a custom action.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct ActionFieldSchema {
    /// `TEXT`, `DROPDOWN`, …
    #[serde(rename = "type")]
    pub kind: super::fields::FieldKind,
    /// The options of a dropdown.
    #[serde(default)]
    pub options: Vec<super::fields::FieldOption>,
}

impl CustomActionDef {
    /// The code as the Sync API's payloads take it (`1001`).
    ///
    /// # Errors
    ///
    /// [`ValueError::InvalidCode`] for a code that is not `ACTION_<n>`.
    pub fn sync_code(&self) -> Result<CustomActionCode, ValueError> {
        CustomActionCode::new(&self.code)
    }
}

/// The answer of [`ListCustomActions`]: `{"customActions": [...]}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CustomActionList {
    /// The definitions.
    pub custom_actions: Vec<CustomActionDef>,
}

/// A request for every custom action definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListCustomActions {
    /// The detailed shape (IDs, field schemas, timestamps).
    pub detail: bool,
}

impl Default for ListCustomActions {
    fn default() -> Self {
        Self::new()
    }
}

impl ListCustomActions {
    /// With each action's fields (`detail=true`).
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

impl Endpoint for ListCustomActions {
    type Response = CustomActionList;
    type Token = SyncToken;
    const METHOD: Method = Method::GET;
    const ROUTE: &'static str = "/enterprise/{enterpriseId}/custom-actions";
    const IDEMPOTENT: bool = true;

    fn write_query(&self, query: &mut Query<'_>) {
        if self.detail {
            query.pair("detail", true);
        }
    }
}

/// A request for one custom action, by code (sent as `ACTION_<n>`, the
/// form this path takes).
///
/// ```
/// use telecrm_core::{Endpoint, GetCustomAction, SyncToken, Workspace};
///
/// let request = GetCustomAction::new("1001".parse()?)
///     .to_http_request(&Workspace::new(SyncToken::new("t0k3n")?, "ent-1".parse()?))?;
/// assert_eq!(request.uri().path(), "/autoupdate/v2/enterprise/ent-1/custom-actions/ACTION_1001");
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetCustomAction {
    /// The action's code.
    pub code: CustomActionCode,
}

impl GetCustomAction {
    /// The action `code`.
    pub fn new(code: CustomActionCode) -> Self {
        Self { code }
    }
}

impl Endpoint for GetCustomAction {
    type Response = CustomActionDef;
    type Token = SyncToken;
    const METHOD: Method = Method::GET;
    const ROUTE: &'static str = "/enterprise/{enterpriseId}/custom-actions/{code}";
    const IDEMPOTENT: bool = true;

    fn path_args(&self) -> PathArgs<'_> {
        PathArgs::one(&self.code)
    }
}
