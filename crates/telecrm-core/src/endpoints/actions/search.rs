//! **Search actions**: `POST /enterprise/{enterpriseId}/lead/{leadId}/action/search?skip=&limit=`.
//!
//! Pages through a lead's whole timeline, built-in types included, newest
//! first. Filters (all optional, ANDed) go in the JSON body: `type`,
//! `created_on` `{from, to}` and `performed_by`; an empty body returns every
//! action. `400 BAD_REQUEST` "Invalid filter", `404 LEAD_NOT_FOUND`.
//!
//! Contract: `docs.telecrm.in/sync-api/actions/search`. The page does not say
//! where `skip` and `limit` go; they are sent as query parameters, as lead
//! search documents them and as the leads pitfalls page states for searches
//! ("only skip and limit are query parameters"), with lead search's bound of
//! 100 (see `docs/decisions.md`).

use std::collections::BTreeMap;

use http::Method;
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::action::Action;
use crate::endpoint::Endpoint;
use crate::id::{ActionId, LeadId};
use crate::page::{Page, Paginated, Paging, PagingError};
use crate::path::PathArgs;
use crate::query::Query;
use crate::token::SyncToken;
use crate::vocab::{ActionType, TimeRange, Timestamp, one_or_many};

/// What to look for on the timeline. Empty matches every action.
///
/// ```
/// use telecrm_core::{ActionFilter, TimeRange};
///
/// let filter = ActionFilter::new()
///     .with_type("OUTGOING_CALL".parse()?)
///     .created(TimeRange::between("01/04/2026 00:00:00".parse::<telecrm_core::vocab::DateTime>()?,
///                                 "30/04/2026 23:59:59".parse::<telecrm_core::vocab::DateTime>()?));
/// assert_eq!(
///     serde_json::to_string(&filter)?,
///     r#"{"type":"OUTGOING_CALL","created_on":{"from":"01/04/2026 00:00:00","to":"30/04/2026 23:59:59"}}"#
/// );
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActionFilter {
    /// Action types, any of which matches (one is sent as a string, several as an array).
    pub types: Vec<ActionType>,
    /// The creation time window.
    pub created_on: Option<TimeRange>,
    /// Team member IDs, any of which matches.
    pub performed_by: Vec<String>,
}

impl ActionFilter {
    /// Matches everything.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a type to match.
    #[must_use]
    pub fn with_type(mut self, ty: ActionType) -> Self {
        self.types.push(ty);
        self
    }

    /// Restricts to actions created within `range`.
    #[must_use]
    pub fn created(mut self, range: TimeRange) -> Self {
        self.created_on = Some(range);
        self
    }

    /// Adds a team member whose actions match.
    #[must_use]
    pub fn performed_by(mut self, member: impl Into<String>) -> Self {
        self.performed_by.push(member.into());
        self
    }
}

impl Serialize for ActionFilter {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct OneOrMany<'a, T>(&'a [T]);
        impl<T: Serialize> Serialize for OneOrMany<'_, T> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                one_or_many(self.0, serializer)
            }
        }
        let mut map = serializer.serialize_map(None)?;
        if !self.types.is_empty() {
            map.serialize_entry("type", &OneOrMany(&self.types))?;
        }
        if let Some(range) = self.created_on.filter(|range| !range.is_open()) {
            map.serialize_entry("created_on", &range)?;
        }
        if !self.performed_by.is_empty() {
            map.serialize_entry("performed_by", &OneOrMany(&self.performed_by))?;
        }
        map.end()
    }
}

/// A request for one page of a lead's timeline.
///
/// ```
/// use telecrm_core::{ActionFilter, Endpoint, SearchActions, SyncToken, Workspace};
///
/// let search = SearchActions::new("603d2b2f9b1e8a001c8e4f5c".parse()?, ActionFilter::new())
///     .with_paging(SearchActions::paging(20, 50)?);
/// let request = search.to_http_request(&Workspace::new(SyncToken::new("t0k3n")?, "ent-1".parse()?))?;
/// assert_eq!(request.uri().path_and_query().unwrap().as_str(),
///     "/autoupdate/v2/enterprise/ent-1/lead/603d2b2f9b1e8a001c8e4f5c/action/search?skip=20&limit=50");
/// assert_eq!(request.body(), b"{}");
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchActions {
    /// The lead whose timeline is searched.
    pub lead: LeadId,
    /// What to match.
    pub filter: ActionFilter,
    paging: Paging,
}

impl SearchActions {
    /// The largest page size.
    pub const MAX_LIMIT: u32 = 100;

    /// The first page (skip 0, limit 10) of actions matching `filter`.
    pub fn new(lead: LeadId, filter: ActionFilter) -> Self {
        Self {
            lead,
            filter,
            paging: Paging::first(),
        }
    }

    /// A window checked against [`SearchActions::MAX_LIMIT`].
    ///
    /// # Errors
    ///
    /// [`PagingError`] for a limit of 0 or above 100.
    pub fn paging(skip: u64, limit: u32) -> Result<Paging, PagingError> {
        Paging::new(skip, limit, Self::MAX_LIMIT)
    }

    /// Asks for another window.
    #[must_use]
    pub fn with_paging(mut self, paging: Paging) -> Self {
        self.paging = paging;
        self
    }
}

impl Endpoint for SearchActions {
    type Response = Page<TimelineAction>;
    type Token = SyncToken;

    const METHOD: Method = Method::POST;
    const ROUTE: &'static str = "/enterprise/{enterpriseId}/lead/{leadId}/action/search";
    // A search reads; a repeat changes nothing.
    const IDEMPOTENT: bool = true;

    fn path_args(&self) -> PathArgs<'_> {
        PathArgs::one(&self.lead)
    }

    fn write_query(&self, query: &mut Query<'_>) {
        query.pair("skip", self.paging.skip());
        query.pair("limit", self.paging.limit());
    }

    fn write_body(&self, body: &mut Vec<u8>) -> Result<(), serde_json::Error> {
        serde_json::to_writer(body, &self.filter)
    }
}

impl Paginated<TimelineAction> for SearchActions {
    const MAX_LIMIT: u32 = SearchActions::MAX_LIMIT;

    fn paging(&self) -> Paging {
        self.paging
    }

    fn set_skip(&mut self, skip: u64) {
        self.paging = self.paging.at(skip);
    }
}

/// One action on a timeline, as search returns it.
///
/// The docs show items with only the action's own keys; IDs are read from
/// `_id`, `id` or `action_id` when the server sends one (the sandbox sends
/// `id`), so that a search can lead to [`crate::GetAction`] and
/// [`crate::UpdateAction`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TimelineAction {
    /// The action's ID, when the item carries one.
    pub id: Option<ActionId>,
    /// When it was created, when the item says (`created_on` as the docs
    /// write it, `creationTimestamp` as real answers do).
    pub created_on: Option<Timestamp>,
    /// When it last changed, when the item says (`modificationTimestamp`,
    /// or `modified_on`).
    pub modified_on: Option<Timestamp>,
    /// Who performed it, when the item says (`performed_by` as the docs
    /// write it, `employeeid` as real answers do).
    pub performed_by: Option<String>,
    /// The action itself (built-in types as [`Action::Other`]).
    pub action: Action,
}

const ID_KEYS: [&str; 3] = ["_id", "id", "action_id"];

/// Removes the first of `keys` that holds a time (ms) and returns it; a key
/// holding something else stays in `object`.
fn take_time(object: &mut Map<String, Value>, keys: &[&str]) -> Option<Timestamp> {
    let mut found = None;
    for key in keys {
        if let Some(value) = object.get(*key)
            && let Some(time) = Timestamp::from_json(value)
        {
            object.remove(*key);
            found = found.or(Some(time));
        }
    }
    found
}

impl<'de> Deserialize<'de> for TimelineAction {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut object = Map::<String, Value>::deserialize(deserializer)?;
        let mut id = None;
        for key in ID_KEYS {
            // Every ID key is removed; the first string one is the ID.
            if let Some(Value::String(value)) = object.remove(key)
                && id.is_none()
            {
                id = Some(ActionId::new(value).map_err(serde::de::Error::custom)?);
            }
        }
        let created_on = take_time(&mut object, &["created_on", "creationTimestamp"]);
        let modified_on = take_time(&mut object, &["modified_on", "modificationTimestamp"]);
        let mut performed_by = None;
        for key in ["performed_by", "employeeid"] {
            match object.remove(key) {
                Some(Value::String(s)) if performed_by.is_none() => performed_by = Some(s),
                // Not a string, or a second spelling: kept for the action.
                Some(other) => {
                    object.insert(key.to_owned(), other);
                }
                None => {}
            }
        }
        let action =
            Action::deserialize(Value::Object(object)).map_err(serde::de::Error::custom)?;
        Ok(Self {
            id,
            created_on,
            modified_on,
            performed_by,
            action,
        })
    }
}

impl Serialize for TimelineAction {
    /// Writes the item back: its ID as `id`, the action's keys, then
    /// `created_on` and `performed_by`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = BTreeMap::new();
        if let Ok(Value::Object(action)) = serde_json::to_value(&self.action) {
            object.extend(action);
        }
        let mut map = serializer.serialize_map(None)?;
        if let Some(id) = &self.id {
            map.serialize_entry("id", id)?;
        }
        if let Some(ty) = object.remove("type") {
            map.serialize_entry("type", &ty)?;
        }
        for (key, value) in &object {
            map.serialize_entry(key, value)?;
        }
        if let Some(created_on) = self.created_on {
            map.serialize_entry("created_on", &created_on)?;
        }
        if let Some(modified_on) = self.modified_on {
            map.serialize_entry("modified_on", &modified_on)?;
        }
        if let Some(performed_by) = &self.performed_by {
            map.serialize_entry("performed_by", performed_by)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes a success body as the endpoint does.
    fn decode(body: &[u8]) -> Result<Page<TimelineAction>, crate::ResponseError> {
        let search = SearchActions::new(
            "603d2b2f9b1e8a001c8e4f5c".parse().unwrap(),
            ActionFilter::new(),
        );
        search.decode(http::StatusCode::OK, &http::HeaderMap::new(), body)
    }

    #[test]
    fn the_documented_page() {
        let body = br#"{"data":[{"type":"OUTGOING_CALL"}],"total_count":1,"skip":0,"limit":10}"#;
        let page = decode(body).unwrap();
        assert_eq!(page.total_count, Some(1));
        assert_eq!(page.data.len(), 1);
        assert_eq!(page.data[0].action.action_type(), "OUTGOING_CALL");
        assert_eq!(page.data[0].id, None);
    }

    #[test]
    fn ids_and_times_are_read_when_present() {
        let body = br#"{"data":[
            {"_id":"a1","type":"1001","fields":{"note":"x"},"created_on":1700000000000,"performed_by":"m1"},
            {"id":"a2","type":"PAYMENT","status":"PENDING","currency":"INR","amount":"5"},
            {"action_id":"a3","type":"SMS","created_on":"yesterday"}
        ]}"#;
        let page = decode(body).unwrap();
        let ids: Vec<_> = page
            .data
            .iter()
            .map(|item| item.id.as_ref().map(ActionId::as_str))
            .collect();
        assert_eq!(ids, [Some("a1"), Some("a2"), Some("a3")]);
        assert_eq!(
            page.data[0].created_on,
            Some(Timestamp::from_millis(1_700_000_000_000))
        );
        assert_eq!(page.data[0].performed_by.as_deref(), Some("m1"));
        assert_eq!(
            page.data[1].action.as_payment().unwrap().amount.as_deref(),
            Some("5")
        );
        // A `created_on` that is not a number stays with the action.
        let crate::Action::Other(other) = &page.data[2].action else {
            panic!("{:?}", page.data[2]);
        };
        assert_eq!(other.body["created_on"], "yesterday");
        assert_eq!(total(&page), None);
    }

    fn total(page: &Page<TimelineAction>) -> Option<u64> {
        page.total_count
    }

    #[test]
    fn many_types_go_as_an_array() {
        let filter = ActionFilter::new()
            .with_type("1001".parse().unwrap())
            .with_type(ActionType::payment())
            .performed_by("m1");
        assert_eq!(
            serde_json::to_string(&filter).unwrap(),
            r#"{"type":["1001","PAYMENT"],"performed_by":"m1"}"#
        );
    }
}
