//! **Enterprise metadata**: `GET /enterprise/{enterpriseId}/metadata`: name,
//! ID, team size, industry, website, integrations and `leadIdentifierFieldId`.
//!
//! Contract: `docs.telecrm.in/sync-api/enterprise/metadata`.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use super::{metadata_get, write_enterprise_path};
use crate::endpoint::Endpoint;
use crate::id::EnterpriseId;
use crate::token::SyncToken;

/// A request for the workspace's metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetMetadata {
    /// The enterprise (workspace).
    pub enterprise: EnterpriseId,
}

impl GetMetadata {
    /// For this enterprise.
    pub fn new(enterprise: EnterpriseId) -> Self {
        Self { enterprise }
    }
}

impl Endpoint for GetMetadata {
    type Response = EnterpriseMetadata;
    type Token = SyncToken;
    metadata_get!(
        GetMetadata,
        EnterpriseMetadata,
        "/enterprise/{enterpriseId}/metadata"
    );

    fn write_path(&self, path: &mut String) {
        write_enterprise_path(path, &self.enterprise, "metadata");
    }
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
    /// [`super::CustomField::id`] (or, as in the docs' example, an API name).
    #[serde(default)]
    pub lead_identifier_field_id: Option<String>,
    /// Active integrations (`WHATSAPP`, `EMAIL`, `SMS`, …).
    #[serde(default)]
    pub integrations: Vec<String>,
    /// Any other key.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}
