//! **Actions**: create, get, update and search a lead's timeline.

use telecrm_core::page::Paging;
use telecrm_core::{
    Action, ActionFilter, ActionId, ActionUpdate, CreateActions, CreatedActions, GetAction, LeadId,
    NewActions, Page, SearchActions, TimelineAction, UpdateActionRef,
};

use crate::error::Error;
use crate::pages::Pages;
use crate::workspace::WorkspaceClient;

impl WorkspaceClient {
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
    /// [`Error`]: a refusal before sending, the API's refusal
    /// ([`Error::api_error`]), a transport failure, a timeout, or an answer
    /// that could not be understood.
    pub async fn create_actions(
        &self,
        lead: LeadId,
        actions: NewActions,
    ) -> Result<CreatedActions, Error> {
        self.send(&CreateActions::new(lead, actions)).await
    }

    /// **Get an action**: a custom or payment action's current state.
    ///
    /// # Errors
    ///
    /// As [`WorkspaceClient::create_actions`]; other types are refused by
    /// the API with `400` (use [`WorkspaceClient::search_actions`] for them).
    pub async fn get_action(&self, lead: LeadId, action: ActionId) -> Result<Action, Error> {
        self.send(&GetAction::new(lead, action)).await
    }

    /// **Update an action**, and return its full current state.
    ///
    /// Takes its arguments by value for convenience; a loop sending the same
    /// values uses [`WorkspaceClient::update_action_ref`] and clones nothing.
    ///
    /// # Errors
    ///
    /// As [`WorkspaceClient::create_actions`].
    pub async fn update_action(
        &self,
        lead: LeadId,
        action: ActionId,
        update: ActionUpdate,
    ) -> Result<Action, Error> {
        self.update_action_ref(&lead, &action, &update).await
    }

    /// [`WorkspaceClient::update_action`], borrowing the IDs and the update.
    ///
    /// # Errors
    ///
    /// As [`WorkspaceClient::create_actions`].
    pub async fn update_action_ref(
        &self,
        lead: &LeadId,
        action: &ActionId,
        update: &ActionUpdate,
    ) -> Result<Action, Error> {
        self.send(&UpdateActionRef {
            lead,
            action,
            update,
        })
        .await
    }

    /// **Search actions**: one page of a lead's timeline, newest first.
    ///
    /// # Errors
    ///
    /// As [`WorkspaceClient::create_actions`].
    pub async fn search_actions(
        &self,
        lead: LeadId,
        filter: ActionFilter,
        paging: Paging,
    ) -> Result<Page<TimelineAction>, Error> {
        self.send(&SearchActions::new(lead, filter).with_paging(paging))
            .await
    }

    /// Every action matching `filter`, page after page of `paging`'s size
    /// (at most [`SearchActions::MAX_LIMIT`]).
    ///
    /// Each page is a call and fails as [`WorkspaceClient::create_actions`]
    /// does; a server that does not page fails with [`Error::is_pagination`].
    pub fn search_actions_pages(
        &self,
        lead: LeadId,
        filter: ActionFilter,
        paging: Paging,
    ) -> Pages<SearchActions, TimelineAction> {
        self.pages(SearchActions::new(lead, filter).with_paging(paging))
    }
}
