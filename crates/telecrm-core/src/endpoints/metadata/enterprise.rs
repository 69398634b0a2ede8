//! **Enterprise metadata**: `GET /enterprise/{enterpriseId}/metadata`: name,
//! ID, team size, industry, website, integrations and `leadIdentifierFieldId`.
//!
//! Contract: `docs.telecrm.in/sync-api/enterprise/metadata`.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use http::Method;

use crate::endpoint::Endpoint;
use crate::token::SyncToken;

/// A request for the workspace's metadata.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetMetadata {}

impl GetMetadata {
    /// The request (the workspace says which enterprise).
    pub fn new() -> Self {
        Self {}
    }
}

impl Endpoint for GetMetadata {
    type Response = EnterpriseMetadata;
    type Token = SyncToken;
    const METHOD: Method = Method::GET;
    const ROUTE: &'static str = "/enterprise/{enterpriseId}/metadata";
    const IDEMPOTENT: bool = true;
}

/// The workspace's metadata. Keys not modelled are kept in `extra`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EnterpriseMetadata {
    /// The workspace's name.
    #[serde(default)]
    pub name: Option<String>,
    /// Its ID.
    #[serde(default)]
    pub id: Option<String>,
    /// When it was created, Unix milliseconds.
    #[serde(default, rename = "creationTimeStamp")]
    pub creation_time_stamp: Option<i64>,
    /// `50-100`, …
    #[serde(default)]
    pub team_size: Option<String>,
    /// The industry.
    #[serde(default)]
    pub industry: Option<String>,
    /// The website.
    #[serde(default)]
    pub website: Option<String>,
    /// The ID of the lead identifier field: match it against
    /// [`super::fields::CustomField::id`] (or, as in the docs' example, an API name).
    #[serde(default)]
    pub lead_identifier_field_id: Option<String>,
    /// Active integrations (`WHATSAPP`, `EMAIL`, `SMS`, …).
    #[serde(default)]
    pub integrations: Vec<String>,
    /// Any other key.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}
