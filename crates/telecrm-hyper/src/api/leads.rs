//! **Leads**: create, get, update and search.

use telecrm_core::page::Paging;
use telecrm_core::{
    CreateLead, CreatedLead, GetLead, Lead, LeadFields, LeadId, LeadItem, LeadQuery, NewLead, Page,
    SearchLeads, UpdateLead,
};

use crate::client::Client;
use crate::error::Error;
use crate::pages::Pages;

impl Client {
    /// **Create a lead**, and its first actions. A `201` may be a partial
    /// success: check [`CreatedLead::remarks`].
    ///
    /// With [`crate::ClientBuilder::lead_identifier`] set, a lead without the
    /// identifier is refused before sending. Not idempotent: never resent once
    /// it may have arrived (see [`Client::create_actions`]).
    ///
    /// # Errors
    ///
    /// [`Error`]: [`Error::is_input`] for a refusal before sending; the API's
    /// refusal (`409 LEAD_ALREADY_EXISTS` for a known identifier); transport
    /// failures, timeouts, answers not understood.
    pub async fn create_lead(&self, lead: NewLead) -> Result<CreatedLead, Error> {
        let call = CreateLead::new(self.enterprise().clone(), lead);
        if let Some(identifier) = self.lead_identifier() {
            call.lead
                .check_identifier(identifier)
                .map_err(Error::input)?;
        }
        if let Some(schema) = self.checking_schema().await? {
            schema.check_new_lead(&call.lead).map_err(Error::input)?;
        }
        self.send(&call).await
    }

    /// **Get a lead**, and with `actions` a page of its timeline (limit at
    /// most [`GetLead::MAX_LIMIT`]).
    ///
    /// # Errors
    ///
    /// As [`Client::create_lead`].
    pub async fn get_lead(&self, lead: LeadId, actions: Option<Paging>) -> Result<Lead, Error> {
        let mut call = GetLead::new(self.enterprise().clone(), lead);
        call.actions = actions;
        self.send(&call).await
    }

    /// **Update a lead**: only the given fields change. With
    /// [`crate::ClientBuilder::lead_identifier`] set, an update that includes
    /// the identifier is refused before sending (the API answers `403`).
    ///
    /// # Errors
    ///
    /// As [`Client::create_lead`].
    pub async fn update_lead(&self, lead: LeadId, fields: LeadFields) -> Result<Lead, Error> {
        let call =
            UpdateLead::new(self.enterprise().clone(), lead, fields).map_err(Error::input)?;
        if let Some(identifier) = self.lead_identifier() {
            call.check_identifier(identifier).map_err(Error::input)?;
        }
        if let Some(schema) = self.checking_schema().await? {
            schema
                .check_lead_update(call.fields())
                .map_err(Error::input)?;
        }
        self.send(&call).await
    }

    /// **Search leads**: one page, newest first.
    ///
    /// # Errors
    ///
    /// As [`Client::create_lead`].
    pub async fn search_leads(
        &self,
        query: impl Into<LeadQuery>,
        paging: Paging,
    ) -> Result<Page<LeadItem>, Error> {
        let search = SearchLeads::new(self.enterprise().clone(), query).with_paging(paging);
        self.send(&search).await
    }

    /// Every lead matching `query`, page after page (see [`Pages`]).
    pub fn search_leads_pages(
        &self,
        query: impl Into<LeadQuery>,
        paging: Paging,
    ) -> Pages<SearchLeads, LeadItem> {
        self.pages(SearchLeads::new(self.enterprise().clone(), query).with_paging(paging))
    }
}
