//! **Team members**: list, create, get by email, availability.

use telecrm_core::field::Email;
use telecrm_core::page::Paging;
use telecrm_core::{
    Availability, AvailabilityChanged, CreateTeamMember, GetTeamMember, ListTeamMembers,
    NewTeamMember, Page, SetAvailability, TeamMember,
};

use crate::client::Client;
use crate::error::Error;
use crate::pages::Pages;

impl Client {
    /// **List team members**: one page, sorted by name (limit at most 10).
    ///
    /// # Errors
    ///
    /// [`Error`]: the API's refusal, transport failures, timeouts, answers not understood.
    pub async fn list_team_members(
        &self,
        paging: Paging,
        include_deleted: bool,
    ) -> Result<Page<TeamMember>, Error> {
        self.send(&self.team_list(paging, include_deleted)).await
    }

    /// Every team member, page after page (see [`Pages`]).
    pub fn team_members_pages(
        &self,
        paging: Paging,
        include_deleted: bool,
    ) -> Pages<ListTeamMembers, TeamMember> {
        self.pages(self.team_list(paging, include_deleted))
    }

    fn team_list(&self, paging: Paging, include_deleted: bool) -> ListTeamMembers {
        let mut list = ListTeamMembers::new(self.enterprise().clone()).with_paging(paging);
        list.include_deleted = include_deleted;
        list
    }

    /// **Create a team member**: invited without a password, active with one.
    /// Not idempotent: never resent once it may have arrived.
    ///
    /// # Errors
    ///
    /// As [`Client::list_team_members`]; `402 BUY_LICENSE` when no seat is
    /// left, `400` with [`telecrm_core::ApiError::details`] per field.
    pub async fn create_team_member(&self, member: NewTeamMember) -> Result<TeamMember, Error> {
        self.send(&CreateTeamMember::new(self.enterprise().clone(), member))
            .await
    }

    /// **Get a team member** by email (case-insensitive on the service).
    ///
    /// # Errors
    ///
    /// As [`Client::list_team_members`]; `404 TEAM_MEMBER_NOT_FOUND`.
    pub async fn get_team_member(
        &self,
        email: Email,
        include_deleted: bool,
    ) -> Result<TeamMember, Error> {
        let mut get = GetTeamMember::new(self.enterprise().clone(), email);
        get.include_deleted = include_deleted;
        self.send(&get).await
    }

    /// **Update availability**: `Active`, `Inactive`, `On Leave` or `Working`.
    ///
    /// # Errors
    ///
    /// As [`Client::list_team_members`].
    pub async fn set_availability(
        &self,
        email: Email,
        state: Availability,
    ) -> Result<AvailabilityChanged, Error> {
        self.send(&SetAvailability::new(
            self.enterprise().clone(),
            email,
            state,
        ))
        .await
    }
}
