//! **Actions**: create, get, update and search a lead's timeline.

use telecrm_core::page::Paging;
use telecrm_core::{
    Action, ActionFilter, ActionId, ActionUpdate, CreateActions, CreatedActions, GetAction, LeadId,
    NewActions, Page, SearchActions, TimelineAction, UpdateActionRef,
};

use crate::client::Client;
use crate::error::Error;
use crate::pages::Pages;

impl Client {
    /// **Create actions** on a lead: one outcome per action, in order, and
    /// remarks on what was ignored. A `200` may be a partial success: check
    /// [`CreatedActions::ignored`].
    ///
    /// Not idempotent, so never resent once it may have reached the server:
    /// after a dropped connection, a timeout or a `502`/`504` the call fails
    /// and the caller decides (search the timeline before trying again).
    /// Connection failures and `429`/`503` answers, which guarantee nothing
    /// was done, are retried.
    ///
    /// # Errors
    ///
    /// [`Error`]: the API's refusal ([`Error::api_error`]), a transport failure,
    /// a timeout, or an answer that could not be understood.
    pub async fn create_actions(
        &self,
        lead: LeadId,
        actions: NewActions,
    ) -> Result<CreatedActions, Error> {
        if let Some(schema) = self.checking_schema().await? {
            schema
                .check_new_actions(actions.as_slice())
                .map_err(Error::input)?;
        }
        self.send(&CreateActions::new(
            self.enterprise().clone(),
            lead,
            actions,
        ))
        .await
    }

    /// **Get an action**: a custom or payment action's current state.
    ///
    /// # Errors
    ///
    /// As [`Client::create_actions`]; other types are refused by the API
    /// with `400` (use [`Client::search_actions`] for them).
    pub async fn get_action(&self, lead: LeadId, action: ActionId) -> Result<Action, Error> {
        self.send(&GetAction::new(self.enterprise().clone(), lead, action))
            .await
    }

    /// **Update an action**, and return its full current state.
    ///
    /// Takes its arguments by value for convenience; a loop sending the same
    /// values uses [`Client::update_action_ref`] and clones nothing.
    ///
    /// # Errors
    ///
    /// As [`Client::create_actions`].
    pub async fn update_action(
        &self,
        lead: LeadId,
        action: ActionId,
        update: ActionUpdate,
    ) -> Result<Action, Error> {
        self.update_action_ref(&lead, &action, &update).await
    }

    /// [`Client::update_action`], borrowing the IDs and the update.
    ///
    /// # Errors
    ///
    /// As [`Client::create_actions`].
    pub async fn update_action_ref(
        &self,
        lead: &LeadId,
        action: &ActionId,
        update: &ActionUpdate,
    ) -> Result<Action, Error> {
        if let Some(schema) = self.checking_schema().await? {
            schema.check_action_update(update).map_err(Error::input)?;
        }
        let call = UpdateActionRef {
            enterprise: self.enterprise(),
            lead,
            action,
            update,
        };
        self.send(&call).await
    }

    /// **Search actions**: one page of a lead's timeline, newest first.
    ///
    /// # Errors
    ///
    /// As [`Client::create_actions`].
    pub async fn search_actions(
        &self,
        lead: LeadId,
        filter: ActionFilter,
        paging: Paging,
    ) -> Result<Page<TimelineAction>, Error> {
        let search =
            SearchActions::new(self.enterprise().clone(), lead, filter).with_paging(paging);
        self.send(&search).await
    }

    /// Every action matching `filter`, page after page of `page_size`
    /// (at most [`SearchActions::MAX_LIMIT`]).
    ///
    /// # Errors
    ///
    /// Each page is a call and fails as [`Client::create_actions`] does; a
    /// server that does not page fails with [`Error::is_pagination`].
    pub fn search_actions_pages(
        &self,
        lead: LeadId,
        filter: ActionFilter,
        paging: Paging,
    ) -> Pages<SearchActions, TimelineAction> {
        let search =
            SearchActions::new(self.enterprise().clone(), lead, filter).with_paging(paging);
        self.pages(search)
    }
}
