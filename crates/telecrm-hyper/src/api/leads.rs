//! **Leads**: create, get, update and search.

use telecrm_core::page::Paging;
use telecrm_core::{
    CreateLead, CreatedLead, GetLead, Lead, LeadFields, LeadId, LeadItem, LeadQuery, NewLead, Page,
    SearchLeads, UpdateLead,
};

use crate::error::Error;
use crate::pages::Pages;
use crate::workspace::WorkspaceClient;

impl WorkspaceClient {
    /// **Create a lead**, and its first actions. A `201` may be a partial
    /// success: check [`CreatedLead::remarks`].
    ///
    /// With [`WorkspaceClient::with_lead_identifier`] set, a lead without the
    /// identifier is refused before sending. Not idempotent: never resent once
    /// it may have arrived (see [`WorkspaceClient::create_actions`]).
    ///
    /// # Errors
    ///
    /// [`Error`]: [`Error::is_input`] for a refusal before sending; the API's
    /// refusal (`409 LEAD_ALREADY_EXISTS` for a known identifier); transport
    /// failures, timeouts, answers not understood.
    pub async fn create_lead(&self, lead: NewLead) -> Result<CreatedLead, Error> {
        self.send(&CreateLead::new(lead)).await
    }

    /// **Get a lead**'s fields. With a page of its timeline:
    /// `send(&GetLead::new(lead).with_actions(paging))`.
    ///
    /// # Errors
    ///
    /// As [`WorkspaceClient::create_lead`].
    pub async fn get_lead(&self, lead: LeadId) -> Result<Lead, Error> {
        self.send(&GetLead::new(lead)).await
    }

    /// **Update a lead**: only the given fields change. With
    /// [`WorkspaceClient::with_lead_identifier`] set, an update that includes
    /// the identifier is refused before sending (the API answers `403`).
    ///
    /// # Errors
    ///
    /// As [`WorkspaceClient::create_lead`]; [`Error::is_input`] when there
    /// is no field to change.
    pub async fn update_lead(&self, lead: LeadId, fields: LeadFields) -> Result<Lead, Error> {
        let update = UpdateLead::new(lead, fields).map_err(|e| Error::input(e.into()))?;
        self.send(&update).await
    }

    /// **Search leads**: one page, newest first.
    ///
    /// # Errors
    ///
    /// As [`WorkspaceClient::create_lead`].
    pub async fn search_leads(
        &self,
        query: impl Into<LeadQuery>,
        paging: Paging,
    ) -> Result<Page<LeadItem>, Error> {
        self.send(&SearchLeads::new(query).with_paging(paging))
            .await
    }

    /// Every lead matching `query`, page after page (see [`Pages`]).
    pub fn search_leads_pages(
        &self,
        query: impl Into<LeadQuery>,
        paging: Paging,
    ) -> Pages<SearchLeads, LeadItem> {
        self.pages(SearchLeads::new(query).with_paging(paging))
    }
}
