//! **List team members**: `GET /enterprise/{enterpriseId}/team-members?skip=&limit=&includeDeleted=`.
//!
//! Sorted by name; `limit` 1 to **10** (`400` "Limit should be between 1 and
//! 10"); deleted members only with `includeDeleted=true`.
//!
//! Contract: `docs.telecrm.in/sync-api/team-members/list`.

use http::{Method, StatusCode};

use super::{TeamMember, write_team_stem};
use crate::endpoint::Endpoint;
use crate::id::EnterpriseId;
use crate::page::{Page, Paginated, Paging, PagingError};
use crate::query::Query;
use crate::token::SyncToken;

/// A request for one page of team members.
///
/// ```
/// use telecrm_core::{BaseUrl, Endpoint, ListTeamMembers, SyncToken};
///
/// let list = ListTeamMembers::new("ent-1".parse()?).with_paging(ListTeamMembers::paging(0, 10)?).including_deleted();
/// let request = list.to_http_request(&BaseUrl::default(), &SyncToken::new("t0k3n")?)?;
/// assert_eq!(request.uri().path_and_query().unwrap().as_str(),
///     "/autoupdate/v2/enterprise/ent-1/team-members?skip=0&limit=10&includeDeleted=true");
/// assert!(ListTeamMembers::paging(0, 11).is_err());
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListTeamMembers {
    /// The enterprise (workspace).
    pub enterprise: EnterpriseId,
    /// Whether deleted members are listed too.
    pub include_deleted: bool,
    paging: Paging,
}

impl ListTeamMembers {
    /// The largest page: 10, lower than elsewhere in the API.
    pub const MAX_LIMIT: u32 = 10;

    /// The first page (skip 0, limit 10), deleted members left out.
    pub fn new(enterprise: EnterpriseId) -> Self {
        Self {
            enterprise,
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
    const HAS_BODY: bool = false;

    fn write_path(&self, path: &mut String) {
        write_team_stem(path, &self.enterprise);
    }

    fn write_query(&self, query: &mut Query<'_>) {
        query.pair("skip", self.paging.skip());
        query.pair("limit", self.paging.limit());
        if self.include_deleted {
            query.pair("includeDeleted", true);
        }
    }

    fn write_body(&self, _body: &mut Vec<u8>) -> Result<(), serde_json::Error> {
        Ok(())
    }

    fn decode_success(
        _status: StatusCode,
        body: &[u8],
    ) -> Result<Page<TeamMember>, serde_json::Error> {
        serde_json::from_slice(body)
    }
}

impl Paginated<TeamMember> for ListTeamMembers {
    fn paging(&self) -> Paging {
        self.paging
    }

    fn set_skip(&mut self, skip: u64) {
        self.paging = self.paging.at(skip);
    }
}
