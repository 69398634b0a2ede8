//! **Lead stage pipeline**: `GET /enterprise/{enterpriseId}/lead-stage-pipeline`:
//! stages with their active and archived statuses, and lost reasons.
//! Archived values are readable, never writable.
//!
//! Contract: `docs.telecrm.in/sync-api/enterprise/lead-stage-pipeline`.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use http::Method;

use crate::endpoint::Endpoint;
use crate::token::SyncToken;

/// A request for the pipeline.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetPipeline {}

impl GetPipeline {
    /// The request (the workspace says which enterprise).
    pub fn new() -> Self {
        Self {}
    }
}

impl Endpoint for GetPipeline {
    type Response = Pipeline;
    type Token = SyncToken;
    const METHOD: Method = Method::GET;
    const ROUTE: &'static str = "/enterprise/{enterpriseId}/lead-stage-pipeline";
    const IDEMPOTENT: bool = true;
}

/// A status label of a stage.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct PipelineStatus {
    /// Its ID.
    #[serde(default)]
    pub statusid: Option<Value>,
    /// The label, the value of a lead's `status`.
    pub label: String,
    /// Its colour.
    #[serde(default)]
    pub color: Option<String>,
    /// Whether it is archived (the top-level `statuses` shape marks it so;
    /// `archived` or `isArchived`).
    #[serde(default, alias = "isArchived")]
    pub archived: bool,
}

/// One stage: `OPEN`, `WON` or `LOST`, with its statuses.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LeadStage {
    /// Its ID.
    #[serde(default)]
    pub stageid: Option<String>,
    /// `OPEN`, `WON`, `LOST`.
    #[serde(default)]
    pub stage_type: Option<String>,
    /// Whether it is shown.
    #[serde(default)]
    pub visibility: Option<bool>,
    /// Statuses a lead may be set to.
    #[serde(default)]
    pub active_statuses: Vec<PipelineStatus>,
    /// Statuses kept for history, not writable.
    #[serde(default)]
    pub archived_statuses: Vec<PipelineStatus>,
}

/// A lost reason.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LostReason {
    /// Its ID.
    #[serde(default)]
    pub reasonid: Option<Value>,
    /// The label (`reasonLabel`, or `label` in the second shape).
    #[serde(alias = "label")]
    pub reason_label: String,
    /// Whether it is the default.
    #[serde(default)]
    pub is_default: bool,
}

/// The workspace's lead stage pipeline.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Pipeline {
    /// The stages.
    #[serde(default)]
    pub lead_stages: Vec<LeadStage>,
    /// Lost reasons a lead may take.
    #[serde(default)]
    pub active_lead_lost_reasons: Vec<LostReason>,
    /// Lost reasons kept for history.
    #[serde(default)]
    pub archived_lead_lost_reasons: Vec<LostReason>,
    /// Statuses in the second shape seen in real answers: a top-level list
    /// beside (or instead of) `leadStages`.
    #[serde(default)]
    pub statuses: Vec<PipelineStatus>,
    /// Lost reasons in that second shape.
    #[serde(default)]
    pub lost_reasons: Vec<LostReason>,
    /// Any other key (timestamps, version, …).
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

impl Pipeline {
    /// Every active status label, stage by stage, then those of the
    /// top-level `statuses` list (the second shape) not marked archived.
    pub fn active_statuses(&self) -> impl Iterator<Item = &str> {
        self.lead_stages
            .iter()
            .flat_map(|s| s.active_statuses.iter().map(|st| st.label.as_str()))
            .chain(
                self.statuses
                    .iter()
                    .filter(|st| !st.archived)
                    .map(|st| st.label.as_str()),
            )
    }

    /// Whether any status could be read, in either shape. A pipeline that
    /// decodes to none is one the SDK cannot check statuses against.
    pub fn is_readable(&self) -> bool {
        self.active_statuses().next().is_some()
    }

    /// Every active lost reason, in either shape.
    pub fn lost_reasons(&self) -> impl Iterator<Item = &str> {
        self.active_lead_lost_reasons
            .iter()
            .chain(&self.lost_reasons)
            .map(|r| r.reason_label.as_str())
    }

    /// Every archived status label, in either shape.
    pub fn archived_statuses(&self) -> impl Iterator<Item = &str> {
        self.lead_stages
            .iter()
            .flat_map(|s| s.archived_statuses.iter().map(|st| st.label.as_str()))
            .chain(
                self.statuses
                    .iter()
                    .filter(|st| st.archived)
                    .map(|st| st.label.as_str()),
            )
    }
}
