//! **Get a team member**: `GET /enterprise/{enterpriseId}/team-members/{email}?includeDeleted=`.
//!
//! Email lookups are case-insensitive; a deleted member is `404
//! TEAM_MEMBER_NOT_FOUND` unless `includeDeleted=true`; a malformed email `400`.
//!
//! Contract: `docs.telecrm.in/sync-api/team-members/get`.

use http::Method;

use super::TeamMember;
use crate::endpoint::Endpoint;
use crate::field::Email;
use crate::path::PathArgs;
use crate::query::Query;
use crate::token::SyncToken;

/// A request for one team member, by email.
///
/// ```
/// use telecrm_core::{Endpoint, GetTeamMember, SyncToken, Workspace};
///
/// let get = GetTeamMember::new("jane.doe@example.com".parse()?);
/// let request = get.to_http_request(&Workspace::new(SyncToken::new("t0k3n")?, "ent-1".parse()?))?;
/// assert_eq!(request.uri().path(), "/autoupdate/v2/enterprise/ent-1/team-members/jane.doe%40example.com");
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetTeamMember {
    /// The member's email (checked, so the API's `400` cannot happen).
    pub email: Email,
    /// Whether a deleted member is returned instead of `404`.
    pub include_deleted: bool,
}

impl GetTeamMember {
    /// A deleted member too (`includeDeleted=true`).
    #[must_use]
    pub fn include_deleted(mut self, yes: bool) -> Self {
        self.include_deleted = yes;
        self
    }

    /// The member with this email; deleted ones answer `404`.
    pub fn new(email: Email) -> Self {
        Self {
            email,
            include_deleted: false,
        }
    }

    /// Returns a deleted member too.
    #[must_use]
    pub fn including_deleted(mut self) -> Self {
        self.include_deleted = true;
        self
    }
}

impl Endpoint for GetTeamMember {
    type Response = TeamMember;
    type Token = SyncToken;

    const METHOD: Method = Method::GET;
    const ROUTE: &'static str = "/enterprise/{enterpriseId}/team-members/{email}";
    const IDEMPOTENT: bool = true;

    fn path_args(&self) -> PathArgs<'_> {
        PathArgs::one(&self.email)
    }

    fn write_query(&self, query: &mut Query<'_>) {
        if self.include_deleted {
            query.pair("includeDeleted", true);
        }
    }
}
