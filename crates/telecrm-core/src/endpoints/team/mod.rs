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

/// A team member's status. The docs' list spells them `Active`, `Invited`,
/// ...; create answers `INVITED`: read without case, anything else kept in
/// [`MemberStatus::Other`].
///
/// ```
/// use telecrm_core::MemberStatus;
///
/// let status: MemberStatus = serde_json::from_str(r#""INVITED""#).unwrap();
/// assert_eq!(status, MemberStatus::Invited);
/// assert_eq!(status.as_str(), "Invited");
/// let new: MemberStatus = serde_json::from_str(r#""Suspended""#).unwrap();
/// assert_eq!(new, MemberStatus::Other("Suspended".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MemberStatus {
    /// `Active`.
    Active,
    /// `Inactive`.
    Inactive,
    /// `On Leave`.
    OnLeave,
    /// `Working`.
    Working,
    /// `Invited` (`INVITED`): asked to join, no password yet.
    Invited,
    /// `Deleted`.
    Deleted,
    /// Any other status, as sent.
    Other(String),
}

impl MemberStatus {
    /// The docs' spelling.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Active => "Active",
            Self::Inactive => "Inactive",
            Self::OnLeave => "On Leave",
            Self::Working => "Working",
            Self::Invited => "Invited",
            Self::Deleted => "Deleted",
            Self::Other(other) => other,
        }
    }

    /// Reads a status in any case (`ON LEAVE`, `on_leave` and `On Leave` alike).
    pub fn parse(status: &str) -> Self {
        let folded: String = status
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        match folded.as_str() {
            "active" => Self::Active,
            "inactive" => Self::Inactive,
            "onleave" => Self::OnLeave,
            "working" => Self::Working,
            "invited" => Self::Invited,
            "deleted" => Self::Deleted,
            _ => Self::Other(status.to_owned()),
        }
    }
}

impl std::fmt::Display for MemberStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for MemberStatus {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|s| Self::parse(&s))
    }
}

impl serde::Serialize for MemberStatus {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

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
    /// The member's ID (`id`, or `_id`), when the answer carries one: real
    /// answers and the sandbox do; the docs' examples do not.
    #[serde(default, alias = "_id")]
    pub id: Option<String>,
    /// Full name.
    pub name: String,
    /// Email, the login and the lookup key.
    pub email: String,
    /// `Active`, `Inactive`, `On Leave`, `Working`, `Invited` (`INVITED` on
    /// create), `Deleted`, compared without case.
    #[serde(default)]
    pub status: Option<MemberStatus>,
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
