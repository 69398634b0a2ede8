//! **Create a team member**: `POST /enterprise/{enterpriseId}/team-members`.
//!
//! `name`, `email`, `phone_number` (digits with the country code), `role`
//! (`ADMIN`, `MANAGER`, `CALLER`, `MARKETING_USER`) and an optional `password`.
//! `201` with the member, `INVITED` without a password; `400` with per-field
//! `details`; `402 BUY_LICENSE` when no seat is left.
//!
//! **Not idempotent** (it consumes a seat), and the password is a secret: it
//! never shows in `Debug`, logs or errors.
//!
//! Contract: `docs.telecrm.in/sync-api/team-members/create`.

use std::fmt;

use http::{Method, StatusCode};
use serde::{Serialize, Serializer};

use super::TeamMember;
use crate::endpoint::Endpoint;
use crate::field::{Email, PhoneNumber};
use crate::token::SyncToken;

/// A team member's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum Role {
    /// `ADMIN`.
    Admin,
    /// `MANAGER`.
    Manager,
    /// `CALLER`.
    Caller,
    /// `MARKETING_USER`.
    MarketingUser,
}

/// A role that is not one of the four.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("role `{0}` must be one of ADMIN, MANAGER, CALLER, MARKETING_USER")]
pub struct RoleError(String);

impl std::str::FromStr for Role {
    type Err = RoleError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "ADMIN" => Ok(Self::Admin),
            "MANAGER" => Ok(Self::Manager),
            "CALLER" => Ok(Self::Caller),
            "MARKETING_USER" => Ok(Self::MarketingUser),
            other => Err(RoleError(crate::vocab::echo(other))),
        }
    }
}

/// A new member's password: sent once, never shown.
///
/// ```
/// use telecrm_core::Password;
///
/// let password = Password::new("TempPass!Reset@FirstLogin");
/// assert_eq!(format!("{password:?}"), "Password(<redacted>)");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// Wraps a password.
    pub fn new(password: impl Into<String>) -> Self {
        Self(password.into())
    }

    /// The password, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

impl Serialize for Password {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// A member to add.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewTeamMember {
    /// Full name.
    pub name: String,
    /// Email: the login.
    #[serde(serialize_with = "as_str_email")]
    pub email: Email,
    /// Digits with the country code.
    #[serde(serialize_with = "as_str_phone")]
    pub phone_number: PhoneNumber,
    /// The role.
    pub role: Role,
    /// With a password the member can log in at once; without, they are invited.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<Password>,
}

fn as_str_email<S: Serializer>(email: &Email, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(email.as_str())
}

fn as_str_phone<S: Serializer>(phone: &PhoneNumber, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(phone.as_str())
}

impl NewTeamMember {
    /// An invited member (no password).
    pub fn new(
        name: impl Into<String>,
        email: Email,
        phone_number: PhoneNumber,
        role: Role,
    ) -> Self {
        Self {
            name: name.into(),
            email,
            phone_number,
            role,
            password: None,
        }
    }

    /// A member who can log in at once.
    #[must_use]
    pub fn with_password(mut self, password: Password) -> Self {
        self.password = Some(password);
        self
    }
}

/// A request to add a member.
///
/// ```
/// use telecrm_core::{CreateTeamMember, Endpoint, NewTeamMember, Password, Role, SyncToken, Workspace};
///
/// let member = NewTeamMember::new("John Doe", "john.doe@example.com".parse()?, "919876543210".parse()?, Role::Manager)
///     .with_password(Password::new("TempPass!Reset@FirstLogin"));
/// let call = CreateTeamMember::new(member);
/// assert!(!format!("{call:?}").contains("TempPass"));
/// let request = call.to_http_request(&Workspace::new(SyncToken::new("t0k3n")?, "ent-1".parse()?))?;
/// assert_eq!(request.body(), br#"{"name":"John Doe","email":"john.doe@example.com","phone_number":"919876543210","role":"MANAGER","password":"TempPass!Reset@FirstLogin"}"#);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateTeamMember {
    /// The member.
    pub member: NewTeamMember,
}

impl CreateTeamMember {
    /// Bundles the enterprise and the member.
    pub fn new(member: NewTeamMember) -> Self {
        Self { member }
    }
}

impl Endpoint for CreateTeamMember {
    type Response = TeamMember;
    type Token = SyncToken;

    const METHOD: Method = Method::POST;
    const ROUTE: &'static str = "/enterprise/{enterpriseId}/team-members";
    // A repeat may take a second seat or fail; never resend after it may have arrived.
    const IDEMPOTENT: bool = false;
    const SUCCESS: StatusCode = StatusCode::CREATED;

    fn write_body(&self, body: &mut Vec<u8>) -> Result<(), serde_json::Error> {
        serde_json::to_writer(body, &self.member)
    }
}
