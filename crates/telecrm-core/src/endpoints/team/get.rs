//! **Get a team member**: `GET /enterprise/{enterpriseId}/team-members/{email}?includeDeleted=`.
//!
//! Email lookups are case-insensitive; a deleted member is `404
//! TEAM_MEMBER_NOT_FOUND` unless `includeDeleted=true`; a malformed email `400`.
//!
//! Contract: `docs.telecrm.in/sync-api/team-members/get`.

use http::{Method, StatusCode};

use super::{TeamMember, write_team_stem};
use crate::endpoint::Endpoint;
use crate::field::Email;
use crate::id::EnterpriseId;
use crate::path::push_segment;
use crate::query::Query;
use crate::token::SyncToken;

/// A request for one team member, by email.
///
/// ```
/// use telecrm_core::{BaseUrl, Endpoint, GetTeamMember, SyncToken};
///
/// let get = GetTeamMember::new("ent-1".parse()?, "jane.doe@example.com".parse()?);
/// let request = get.to_http_request(&BaseUrl::default(), &SyncToken::new("t0k3n")?)?;
/// assert_eq!(request.uri().path(), "/autoupdate/v2/enterprise/ent-1/team-members/jane.doe%40example.com");
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetTeamMember {
    /// The enterprise (workspace).
    pub enterprise: EnterpriseId,
    /// The member's email (checked, so the API's `400` cannot happen).
    pub email: Email,
    /// Whether a deleted member is returned instead of `404`.
    pub include_deleted: bool,
}

impl GetTeamMember {
    /// The member with this email; deleted ones answer `404`.
    pub fn new(enterprise: EnterpriseId, email: Email) -> Self {
        Self {
            enterprise,
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
    const HAS_BODY: bool = false;

    fn write_path(&self, path: &mut String) {
        write_team_stem(path, &self.enterprise);
        push_segment(path, self.email.as_str());
    }

    fn write_query(&self, query: &mut Query<'_>) {
        if self.include_deleted {
            query.pair("includeDeleted", true);
        }
    }

    fn write_body(&self, _body: &mut Vec<u8>) -> Result<(), serde_json::Error> {
        Ok(())
    }

    fn decode_success(_status: StatusCode, body: &[u8]) -> Result<TeamMember, serde_json::Error> {
        serde_json::from_slice(body)
    }
}
