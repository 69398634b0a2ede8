//! **Update a lead**: `POST /enterprise/{enterpriseId}/lead/{leadId}` with `fields`.
//!
//! Only the given fields change; `200` returns the lead's fields. The lead
//! identifier cannot change (`403 INVALID_LEAD` "Cannot modify lead identifier
//! field"); unknown status labels are dropped; `404 LEAD_NOT_FOUND`.
//!
//! Contract: `docs.telecrm.in/sync-api/leads/update`.

use http::{Method, StatusCode};
use serde::ser::SerializeMap;

use super::get::Lead;
use super::write_lead_stem;
use crate::endpoint::Endpoint;
use crate::field::{FieldError, LeadFields};
use crate::id::{EnterpriseId, LeadId};
use crate::token::SyncToken;

/// A request to change some of a lead's fields.
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateLead {
    /// The enterprise (workspace).
    pub enterprise: EnterpriseId,
    /// The lead.
    pub lead: LeadId,
    fields: LeadFields,
}

impl UpdateLead {
    /// Bundles the IDs and the fields to change.
    ///
    /// # Errors
    ///
    /// [`FieldError::Empty`] when there is no field to change.
    pub fn new(
        enterprise: EnterpriseId,
        lead: LeadId,
        fields: LeadFields,
    ) -> Result<Self, FieldError> {
        if fields.is_empty() {
            return Err(FieldError::Empty);
        }
        Ok(Self {
            enterprise,
            lead,
            fields,
        })
    }

    /// The fields to change.
    pub fn fields(&self) -> &LeadFields {
        &self.fields
    }

    /// Checks that the workspace's lead identifier is not among the fields
    /// (the API answers `403 INVALID_LEAD`).
    ///
    /// # Errors
    ///
    /// [`FieldError::IdentifierInUpdate`].
    pub fn check_identifier(&self, identifier: &str) -> Result<(), FieldError> {
        if self.fields.contains(identifier) {
            Err(FieldError::IdentifierInUpdate {
                field: identifier.to_owned(),
            })
        } else {
            Ok(())
        }
    }
}

impl Endpoint for UpdateLead {
    type Response = Lead;
    type Token = SyncToken;

    const METHOD: Method = Method::POST;
    const ROUTE: &'static str = "/enterprise/{enterpriseId}/lead/{leadId}";
    // The body states what the fields become: a repeat changes nothing more.
    const IDEMPOTENT: bool = true;

    fn write_path(&self, path: &mut String) {
        write_lead_stem(path, &self.enterprise);
        self.lead.push_segment_to(path);
    }

    fn write_body(&self, body: &mut Vec<u8>) -> Result<(), serde_json::Error> {
        let mut serializer = serde_json::Serializer::new(body);
        let mut map = serde::Serializer::serialize_map(&mut serializer, Some(1))?;
        map.serialize_entry("fields", &self.fields)?;
        map.end()
    }

    fn decode_success(_status: StatusCode, body: &[u8]) -> Result<Lead, serde_json::Error> {
        serde_json::from_slice(body)
    }
}
