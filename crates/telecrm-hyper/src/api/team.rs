//! **Team members**: list, create, get by email, availability.

use telecrm_core::field::Email;
use telecrm_core::page::Paging;
use telecrm_core::{
    Availability, AvailabilityChanged, CreateTeamMember, GetTeamMember, ListTeamMembers,
    NewTeamMember, Page, SetAvailability, TeamMember,
};

use crate::error::Error;
use crate::pages::Pages;
use crate::workspace::WorkspaceClient;

impl WorkspaceClient {
    /// **List team members**: one page of the undeleted members, sorted by
    /// name (limit at most 10). Deleted ones too:
    /// `send(&ListTeamMembers::new().with_paging(paging).include_deleted(true))`.
    ///
    /// # Errors
    ///
    /// [`Error`]: the API's refusal, transport failures, timeouts, answers not understood.
    pub async fn list_team_members(&self, paging: Paging) -> Result<Page<TeamMember>, Error> {
        self.send(&ListTeamMembers::new().with_paging(paging)).await
    }

    /// Every undeleted team member, page after page (see [`Pages`]; for the
    /// deleted ones too, `pages(ListTeamMembers::new().include_deleted(true))`).
    pub fn list_team_members_pages(&self, paging: Paging) -> Pages<ListTeamMembers, TeamMember> {
        self.pages(ListTeamMembers::new().with_paging(paging))
    }

    /// **Create a team member**: invited without a password, active with one.
    /// Not idempotent: never resent once it may have arrived.
    ///
    /// # Errors
    ///
    /// As [`WorkspaceClient::list_team_members`]; `402 BUY_LICENSE` when no
    /// seat is left, `400` with [`telecrm_core::ApiError::details`] per field.
    pub async fn create_team_member(&self, member: NewTeamMember) -> Result<TeamMember, Error> {
        self.send(&CreateTeamMember::new(member)).await
    }

    /// **Get a team member** by email (case-insensitive on the service); a
    /// deleted one: `send(&GetTeamMember::new(email).include_deleted(true))`.
    ///
    /// # Errors
    ///
    /// As [`WorkspaceClient::list_team_members`]; `404 TEAM_MEMBER_NOT_FOUND`.
    pub async fn get_team_member(&self, email: Email) -> Result<TeamMember, Error> {
        self.send(&GetTeamMember::new(email)).await
    }

    /// **Update availability**: `Active`, `Inactive`, `On Leave` or `Working`.
    ///
    /// # Errors
    ///
    /// As [`WorkspaceClient::list_team_members`].
    pub async fn set_availability(
        &self,
        email: Email,
        state: Availability,
    ) -> Result<AvailabilityChanged, Error> {
        self.send(&SetAvailability::new(email, state)).await
    }
}
