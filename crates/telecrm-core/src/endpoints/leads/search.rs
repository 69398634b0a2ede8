//! **Search leads**: `POST /enterprise/{enterpriseId}/lead/search?skip=&limit=`.
//!
//! Filters in the body, all optional: `fields` (each a value or an array: any
//! of them matches; fields ANDed; exact and case-insensitive; `created_on`
//! a `{from, to}` range) and an `actions` block (leads with at least one action
//! matching `type`, `performed_by` and `performed_at`). Newest first; `limit`
//! 1 to 100. Items carry `fields`; an ID is read when present.
//!
//! Contract: `docs.telecrm.in/sync-api/leads/search`.

use std::collections::BTreeMap;

use http::Method;
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::take_id;
use crate::endpoint::Endpoint;
use crate::field::{FieldError, check_standard};
use crate::id::LeadId;
use crate::page::{Page, Paginated, Paging, PagingError};
use crate::query::Query;
use crate::token::SyncToken;
use crate::vocab::{ActionType, TimeRange, one_or_many};

/// A list sent as itself when it holds one value and as an array otherwise.
struct OneOrMany<'a, T>(&'a [T]);

impl<T: Serialize> Serialize for OneOrMany<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        one_or_many(self.0, serializer)
    }
}

/// The `actions` block: leads with at least one action matching all of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LeadActionFilter {
    /// Action types, any of which matches.
    pub types: Vec<ActionType>,
    /// Emails of the team members who performed it, any of which matches.
    pub performed_by: Vec<String>,
    /// When it was performed.
    pub performed_at: Option<TimeRange>,
}

impl LeadActionFilter {
    fn is_empty(&self) -> bool {
        self.types.is_empty()
            && self.performed_by.is_empty()
            && self.performed_at.is_none_or(|r| r.is_open())
    }
}

impl Serialize for LeadActionFilter {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if !self.types.is_empty() {
            map.serialize_entry("type", &OneOrMany(&self.types))?;
        }
        if !self.performed_by.is_empty() {
            map.serialize_entry("performed_by", &OneOrMany(&self.performed_by))?;
        }
        if let Some(range) = self.performed_at.filter(|r| !r.is_open()) {
            map.serialize_entry("performed_at", &range)?;
        }
        map.end()
    }
}

/// What leads to find. Empty matches every lead.
///
/// ```
/// use telecrm_core::{ActionType, LeadFilter, TimeRange};
///
/// let filter = LeadFilter::new()
///     .with_any("status", ["Won"])?
///     .with_action_type("OUTGOING_CALL".parse()?)
///     .performed_by("agent@company.com");
/// assert_eq!(
///     serde_json::to_string(&filter)?,
///     r#"{"fields":{"status":"Won"},"actions":{"type":"OUTGOING_CALL","performed_by":"agent@company.com"}}"#
/// );
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LeadFilter {
    fields: BTreeMap<String, Vec<Value>>,
    ranges: BTreeMap<String, TimeRange>,
    /// The `actions` block.
    pub actions: LeadActionFilter,
}

impl LeadFilter {
    /// Matches every lead.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a value `key` may have (several calls: any of them).
    ///
    /// # Errors
    ///
    /// [`FieldError`] when a standard field's value has the wrong form (a
    /// phone with `+`, an email without `@`).
    pub fn with_field(
        mut self,
        key: impl Into<String>,
        value: impl Into<Value>,
    ) -> Result<Self, FieldError> {
        let key = key.into();
        let value = value.into();
        check_standard(&key, &value)?;
        self.fields.entry(key).or_default().push(value);
        Ok(self)
    }

    /// Adds every value of `values` as one `key` may have.
    ///
    /// # Errors
    ///
    /// As [`LeadFilter::with_field`].
    pub fn with_any<V: Into<Value>>(
        mut self,
        key: impl Into<String>,
        values: impl IntoIterator<Item = V>,
    ) -> Result<Self, FieldError> {
        let key = key.into();
        for value in values {
            self = self.with_field(key.clone(), value)?;
        }
        Ok(self)
    }

    /// Leads created within `range` (`fields.created_on`).
    #[must_use]
    pub fn created(self, range: TimeRange) -> Self {
        self.with_range("created_on", range)
    }

    /// A `{from, to}` range on a date field, e.g. `created_on` (documented)
    /// or `modified_on` (used by integrations, not documented).
    #[must_use]
    pub fn with_range(mut self, key: impl Into<String>, range: TimeRange) -> Self {
        self.ranges.insert(key.into(), range);
        self
    }

    /// Adds an action type to the `actions` block.
    #[must_use]
    pub fn with_action_type(mut self, ty: ActionType) -> Self {
        self.actions.types.push(ty);
        self
    }

    /// Adds a team member's email to the `actions` block.
    #[must_use]
    pub fn performed_by(mut self, email: impl Into<String>) -> Self {
        self.actions.performed_by.push(email.into());
        self
    }

    /// Sets the `actions` block's time window.
    #[must_use]
    pub fn performed_at(mut self, range: TimeRange) -> Self {
        self.actions.performed_at = Some(range);
        self
    }

    /// Reads a filter given as JSON (`{"fields": {...}, "actions": {...}}`),
    /// checking standard fields as [`LeadFilter::with_field`] does. Ranges and
    /// the actions block are kept as given.
    ///
    /// # Errors
    ///
    /// [`FieldError`] for a standard field of the wrong form, or
    /// [`FieldError::NotAnObject`] for anything that is not such an object.
    pub fn from_value(value: Value) -> Result<RawLeadFilter, FieldError> {
        let Value::Object(object) = value else {
            return Err(FieldError::NotAnObject);
        };
        if let Some(fields) = object.get("fields") {
            let Value::Object(fields) = fields else {
                return Err(FieldError::NotAnObject);
            };
            for (key, value) in fields {
                match value {
                    Value::Array(values) => {
                        values.iter().try_for_each(|v| check_standard(key, v))?
                    }
                    Value::Object(_) => {}
                    value => check_standard(key, value)?,
                }
            }
        }
        Ok(RawLeadFilter(object))
    }
}

impl Serialize for LeadFilter {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Fields<'a>(&'a LeadFilter);
        impl Serialize for Fields<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(None)?;
                for (key, values) in &self.0.fields {
                    map.serialize_entry(key, &OneOrMany(values))?;
                }
                for (key, range) in &self.0.ranges {
                    map.serialize_entry(key, range)?;
                }
                map.end()
            }
        }
        let mut map = serializer.serialize_map(None)?;
        if !self.fields.is_empty() || !self.ranges.is_empty() {
            map.serialize_entry("fields", &Fields(self))?;
        }
        if !self.actions.is_empty() {
            map.serialize_entry("actions", &self.actions)?;
        }
        map.end()
    }
}

/// A filter read from JSON by [`LeadFilter::from_value`], sent as given.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RawLeadFilter(Map<String, Value>);

/// The body of a lead search: a typed filter, or one read from JSON.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum LeadQuery {
    /// Built with [`LeadFilter`]'s methods.
    Typed(LeadFilter),
    /// Read from JSON.
    Raw(RawLeadFilter),
}

impl From<LeadFilter> for LeadQuery {
    fn from(filter: LeadFilter) -> Self {
        Self::Typed(filter)
    }
}

impl From<RawLeadFilter> for LeadQuery {
    fn from(filter: RawLeadFilter) -> Self {
        Self::Raw(filter)
    }
}

impl Serialize for LeadQuery {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Typed(filter) => filter.serialize(serializer),
            Self::Raw(filter) => filter.serialize(serializer),
        }
    }
}

/// A request for one page of matching leads.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchLeads {
    /// What to match.
    pub query: LeadQuery,
    paging: Paging,
}

impl SearchLeads {
    /// The largest page size.
    pub const MAX_LIMIT: u32 = 100;

    /// The first page (skip 0, limit 10) of leads matching `query`.
    pub fn new(query: impl Into<LeadQuery>) -> Self {
        Self {
            query: query.into(),
            paging: Paging::first(),
        }
    }

    /// A window checked against [`SearchLeads::MAX_LIMIT`].
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

impl Endpoint for SearchLeads {
    type Response = Page<LeadItem>;
    type Token = SyncToken;

    const METHOD: Method = Method::POST;
    const ROUTE: &'static str = "/enterprise/{enterpriseId}/lead/search";
    const IDEMPOTENT: bool = true;

    fn write_query(&self, query: &mut Query<'_>) {
        query.pair("skip", self.paging.skip());
        query.pair("limit", self.paging.limit());
    }

    fn write_body(&self, body: &mut Vec<u8>) -> Result<(), serde_json::Error> {
        serde_json::to_writer(body, &self.query)
    }
}

impl Paginated<LeadItem> for SearchLeads {
    const MAX_LIMIT: u32 = SearchLeads::MAX_LIMIT;

    fn paging(&self) -> Paging {
        self.paging
    }

    fn set_skip(&mut self, skip: u64) {
        self.paging = self.paging.at(skip);
    }
}

/// One lead as search returns it: its fields, and its ID when the item
/// carries one (the docs show `fields` only; integrations read `_id` or `id`).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct LeadItem {
    /// The lead's ID, when present.
    pub id: Option<LeadId>,
    /// Its fields.
    pub fields: BTreeMap<String, Value>,
    /// Any other key of the item.
    pub extra: BTreeMap<String, Value>,
}

super::lead_accessors!(LeadItem);

impl<'de> Deserialize<'de> for LeadItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let mut object = Map::<String, Value>::deserialize(deserializer)?;
        let id = take_id(&mut object).map_err(D::Error::custom)?;
        let fields = match object.remove("fields") {
            Some(Value::Object(fields)) => fields.into_iter().collect(),
            None | Some(Value::Null) => BTreeMap::new(),
            Some(_) => return Err(D::Error::custom("`fields` is not an object")),
        };
        Ok(Self {
            id,
            fields,
            extra: object.into_iter().collect(),
        })
    }
}
