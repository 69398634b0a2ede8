//! **Team members**: list, create, get by email, and set availability.
//!
//! | endpoint | method and path | type |
//! | --- | --- | --- |
//! | List team members | `GET /enterprise/{e}/team-members?skip=&limit=&includeDeleted=` | [`ListTeamMembers`](crate::prelude::ListTeamMembers) |
//! | Create a team member | `POST /enterprise/{e}/team-members` | [`CreateTeamMember`](crate::prelude::CreateTeamMember) |
//! | Get a team member | `GET /enterprise/{e}/team-members/{email}?includeDeleted=` | [`GetTeamMember`](crate::prelude::GetTeamMember) |
//! | Update availability | `POST /enterprise/{e}/teammember/state_change` | [`SetAvailability`](crate::prelude::SetAvailability) |
//!
//! Note the last path: `teammember`, one word, not the collection's `team-members`.

pub mod create;
pub mod get;
pub mod list;
pub mod state;

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

/// A team member's licence, as list and get show it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct License {
    /// `ACTIVE`, …
    #[serde(default)]
    pub status: Option<String>,
    /// `GROWTH`, …
    #[serde(default, rename = "type")]
    pub license_type: Option<String>,
    /// `2024-01-01`.
    #[serde(default)]
    pub start_date: Option<String>,
    /// `2025-01-01`.
    #[serde(default)]
    pub end_date: Option<String>,
    /// Any other key.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// A team member as list, get and create return it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct TeamMember {
    /// Full name.
    pub name: String,
    /// Email, the login and the lookup key.
    pub email: String,
    /// `Active`, `Inactive`, `On Leave`, `Working`, `Invited` (`INVITED` on create), `Deleted`.
    #[serde(default)]
    pub status: Option<String>,
    /// Digits with the country code.
    #[serde(default)]
    pub phone_number: Option<String>,
    /// The role (create's answer).
    #[serde(default)]
    pub role: Option<String>,
    /// The manager's name.
    #[serde(default)]
    pub manager_name: Option<String>,
    /// The manager's email.
    #[serde(default)]
    pub manager_email: Option<String>,
    /// The permission template.
    #[serde(default)]
    pub permission_template_name: Option<String>,
    /// The licence; `None` when never assigned (`null`).
    #[serde(default)]
    pub license: Option<License>,
    /// Any other key.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}
