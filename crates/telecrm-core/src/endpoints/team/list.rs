//! **List team members**: `GET /enterprise/{enterpriseId}/team-members?skip=&limit=&includeDeleted=`.
//!
//! Sorted by name; `limit` 1 to **10** (`400` "Limit should be between 1 and
//! 10"); deleted members only with `includeDeleted=true`.
//!
//! Contract: `docs.telecrm.in/sync-api/team-members/list`.

use http::Method;

use super::TeamMember;
use crate::endpoint::Endpoint;
use crate::page::{Page, Paginated, Paging, PagingError};
use crate::query::Query;
use crate::token::SyncToken;

/// A request for one page of team members.
///
/// ```
/// use telecrm_core::{Endpoint, ListTeamMembers, SyncToken, Workspace};
///
/// let list = ListTeamMembers::new().with_paging(ListTeamMembers::paging(0, 10)?).including_deleted();
/// let request = list.to_http_request(&Workspace::new(SyncToken::new("t0k3n")?, "ent-1".parse()?))?;
/// assert_eq!(request.uri().path_and_query().unwrap().as_str(),
///     "/autoupdate/v2/enterprise/ent-1/team-members?skip=0&limit=10&includeDeleted=true");
/// assert!(ListTeamMembers::paging(0, 11).is_err());
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListTeamMembers {
    /// Whether deleted members are listed too.
    pub include_deleted: bool,
    paging: Paging,
}

impl Default for ListTeamMembers {
    fn default() -> Self {
        Self::new()
    }
}

impl ListTeamMembers {
    /// Deleted members too (`includeDeleted=true`).
    #[must_use]
    pub fn include_deleted(mut self, yes: bool) -> Self {
        self.include_deleted = yes;
        self
    }

    /// The largest page: 10, lower than elsewhere in the API.
    pub const MAX_LIMIT: u32 = 10;

    /// The first page (skip 0, limit 10), deleted members left out.
    pub fn new() -> Self {
        Self {
            include_deleted: false,
            paging: Paging::first(),
        }
    }

    /// A window checked against [`ListTeamMembers::MAX_LIMIT`].
    ///
    /// # Errors
    ///
    /// [`PagingError`] for a limit of 0 or above 10.
    pub fn paging(skip: u64, limit: u32) -> Result<Paging, PagingError> {
        Paging::new(skip, limit, Self::MAX_LIMIT)
    }

    /// Asks for another window.
    #[must_use]
    pub fn with_paging(mut self, paging: Paging) -> Self {
        self.paging = paging;
        self
    }

    /// Lists deleted members too.
    #[must_use]
    pub fn including_deleted(mut self) -> Self {
        self.include_deleted = true;
        self
    }
}

impl Endpoint for ListTeamMembers {
    type Response = Page<TeamMember>;
    type Token = SyncToken;

    const METHOD: Method = Method::GET;
    const ROUTE: &'static str = "/enterprise/{enterpriseId}/team-members";
    const IDEMPOTENT: bool = true;

    fn write_query(&self, query: &mut Query<'_>) {
        query.pair("skip", self.paging.skip());
        query.pair("limit", self.paging.limit());
        if self.include_deleted {
            query.pair("includeDeleted", true);
        }
    }
}

impl Paginated<TeamMember> for ListTeamMembers {
    const MAX_LIMIT: u32 = ListTeamMembers::MAX_LIMIT;

    fn paging(&self) -> Paging {
        self.paging
    }

    fn set_skip(&mut self, skip: u64) {
        self.paging = self.paging.at(skip);
    }
}
