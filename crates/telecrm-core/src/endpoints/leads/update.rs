//! **Update a lead**: `POST /enterprise/{enterpriseId}/lead/{leadId}` with `fields`.
//!
//! Only the given fields change; `200` returns the lead's fields. The lead
//! identifier cannot change (`403 INVALID_LEAD` "Cannot modify lead identifier
//! field"); unknown status labels are dropped; `404 LEAD_NOT_FOUND`.
//!
//! Contract: `docs.telecrm.in/sync-api/leads/update`.

use http::Method;
use serde::ser::SerializeMap;

use super::get::Lead;
use crate::check::{InputError, Rules, Warning};
use crate::endpoint::Endpoint;
use crate::field::{FieldError, LeadFields};
use crate::id::LeadId;
use crate::path::PathArgs;
use crate::token::SyncToken;

/// A request to change some of a lead's fields.
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateLead {
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
    pub fn new(lead: LeadId, fields: LeadFields) -> Result<Self, FieldError> {
        if fields.is_empty() {
            return Err(FieldError::Empty);
        }
        Ok(Self { lead, fields })
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
    const USES_SCHEMA: bool = true;

    fn path_args(&self) -> PathArgs<'_> {
        PathArgs::one(&self.lead)
    }

    fn write_body(&self, body: &mut Vec<u8>) -> Result<(), serde_json::Error> {
        let mut serializer = serde_json::Serializer::new(body);
        let mut map = serde::Serializer::serialize_map(&mut serializer, Some(1))?;
        map.serialize_entry("fields", &self.fields)?;
        map.end()
    }

    /// An update must not change the identifier (`403 INVALID_LEAD`), and
    /// must fit the schema.
    fn check(&self, rules: &Rules<'_>) -> Result<Vec<Warning>, InputError> {
        if let Some(identifier) = rules.lead_identifier {
            self.check_identifier(identifier)?;
        }
        match rules.schema {
            Some(schema) => Ok(schema.check_lead_update(&self.fields)?),
            None => Ok(Vec::new()),
        }
    }
}
