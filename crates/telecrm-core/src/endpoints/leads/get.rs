//! **Get a lead**: `GET /enterprise/{enterpriseId}/lead/{leadId}?includeActions=&skip=&limit=`.
//!
//! The lead's fields, and with `includeActions=true` a page of its timeline
//! (`limit` 1 to 100). `400` "Limit should be between 1 and 100",
//! `404 LEAD_NOT_FOUND`.
//!
//! Contract: `docs.telecrm.in/sync-api/leads/get`.

use std::collections::BTreeMap;

use http::Method;
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

use super::take_id;
use crate::endpoint::Endpoint;
use crate::endpoints::actions::search::TimelineAction;
use crate::id::LeadId;
use crate::page::{Paging, PagingError};
use crate::path::PathArgs;
use crate::query::Query;
use crate::token::SyncToken;

/// A request to read one lead, optionally with a page of its actions.
///
/// ```
/// use telecrm_core::{Endpoint, GetLead, SyncToken, Workspace};
///
/// let get = GetLead::new("603d2b2f9b1e8a001c8e4f5c".parse()?)
///     .with_actions(GetLead::paging(0, 5)?);
/// let request = get.to_http_request(&Workspace::new(SyncToken::new("t0k3n")?, "ent-1".parse()?))?;
/// assert_eq!(request.uri().path_and_query().unwrap().as_str(),
///     "/autoupdate/v2/enterprise/ent-1/lead/603d2b2f9b1e8a001c8e4f5c?includeActions=true&skip=0&limit=5");
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetLead {
    /// The lead.
    pub lead: LeadId,
    /// The window of actions to include, if any.
    pub actions: Option<Paging>,
}

impl GetLead {
    /// The largest page of actions.
    pub const MAX_LIMIT: u32 = 100;

    /// The lead's fields only.
    pub fn new(lead: LeadId) -> Self {
        Self {
            lead,
            actions: None,
        }
    }

    /// A window of actions checked against [`GetLead::MAX_LIMIT`].
    ///
    /// # Errors
    ///
    /// [`PagingError`] for a limit of 0 or above 100.
    pub fn paging(skip: u64, limit: u32) -> Result<Paging, PagingError> {
        Paging::new(skip, limit, Self::MAX_LIMIT)
    }

    /// Includes this window of the lead's actions.
    #[must_use]
    pub fn with_actions(mut self, paging: Paging) -> Self {
        self.actions = Some(paging);
        self
    }
}

impl Endpoint for GetLead {
    type Response = Lead;
    type Token = SyncToken;

    const METHOD: Method = Method::GET;
    const ROUTE: &'static str = "/enterprise/{enterpriseId}/lead/{leadId}";
    const IDEMPOTENT: bool = true;

    fn path_args(&self) -> PathArgs<'_> {
        PathArgs::one(&self.lead)
    }

    fn write_query(&self, query: &mut Query<'_>) {
        if let Some(paging) = self.actions {
            query.pair("includeActions", true);
            query.pair("skip", paging.skip());
            query.pair("limit", paging.limit());
        }
    }
}

/// A lead as get and update return it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Lead {
    /// Its ID, when the answer carries one (`_id`, `id` or `lead_id`).
    pub id: Option<LeadId>,
    /// Its fields by API name.
    pub fields: BTreeMap<String, Value>,
    /// The requested page of its actions (only with `includeActions`).
    pub actions: Option<Vec<TimelineAction>>,
    /// The offset of that page.
    pub actions_skip: Option<u64>,
    /// The size of that page.
    pub actions_limit: Option<u64>,
    /// Any other key of the answer.
    pub extra: BTreeMap<String, Value>,
}

super::lead_accessors!(Lead);

impl<'de> Deserialize<'de> for Lead {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let mut object = Map::<String, Value>::deserialize(deserializer)?;
        let id = take_id(&mut object).map_err(D::Error::custom)?;
        let fields = match object.remove("fields") {
            Some(Value::Object(fields)) => fields.into_iter().collect(),
            Some(_) => return Err(D::Error::custom("`fields` is not an object")),
            None => return Err(D::Error::missing_field("fields")),
        };
        let actions = match object.remove("actions") {
            None | Some(Value::Null) => None,
            Some(actions) => {
                Some(Vec::<TimelineAction>::deserialize(actions).map_err(D::Error::custom)?)
            }
        };
        let counter = |value: Option<Value>| value.and_then(|v| v.as_u64());
        Ok(Self {
            id,
            fields,
            actions,
            actions_skip: counter(object.remove("actions_skip")),
            actions_limit: counter(object.remove("actions_limit")),
            extra: object.into_iter().collect(),
        })
    }
}
