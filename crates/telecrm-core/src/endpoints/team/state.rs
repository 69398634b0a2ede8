//! **Update availability**: `POST /enterprise/{enterpriseId}/teammember/state_change`
//! with `{"state", "email"}`. The path is `teammember`, one word.
//!
//! Contract: `docs.telecrm.in/sync-api/team-members/availability`.

use http::Method;
use serde::{Deserialize, Serialize};

use crate::endpoint::Endpoint;
use crate::field::Email;
use crate::token::SyncToken;

/// A member's availability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum Availability {
    /// `Active`.
    Active,
    /// `Inactive`.
    Inactive,
    /// `On Leave`.
    #[serde(rename = "On Leave")]
    OnLeave,
    /// `Working`.
    Working,
}

/// A state that is not one of the four.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("state `{0}` must be one of Active, Inactive, On Leave, Working")]
pub struct AvailabilityError(String);

impl std::str::FromStr for Availability {
    type Err = AvailabilityError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "Active" => Ok(Self::Active),
            "Inactive" => Ok(Self::Inactive),
            "On Leave" => Ok(Self::OnLeave),
            "Working" => Ok(Self::Working),
            other => Err(AvailabilityError(crate::vocab::echo(other))),
        }
    }
}

/// A request to change a member's availability.
///
/// ```
/// use telecrm_core::{Availability, Endpoint, SetAvailability, SyncToken, Workspace};
///
/// let call = SetAvailability::new("jane.doe@example.com".parse()?, Availability::OnLeave);
/// let request = call.to_http_request(&Workspace::new(SyncToken::new("t0k3n")?, "ent-1".parse()?))?;
/// assert_eq!(request.uri().path(), "/autoupdate/v2/enterprise/ent-1/teammember/state_change");
/// assert_eq!(request.body(), br#"{"state":"On Leave","email":"jane.doe@example.com"}"#);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetAvailability {
    /// The member.
    pub email: Email,
    /// The new state.
    pub state: Availability,
}

impl SetAvailability {
    /// Bundles the enterprise, the member and the state.
    pub fn new(email: Email, state: Availability) -> Self {
        Self { email, state }
    }
}

#[derive(Serialize)]
struct Body<'a> {
    state: Availability,
    email: &'a str,
}

/// The answer: `{"email", "status"}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct AvailabilityChanged {
    /// The member.
    pub email: String,
    /// Their status now.
    pub status: String,
}

impl Endpoint for SetAvailability {
    type Response = AvailabilityChanged;
    type Token = SyncToken;

    const METHOD: Method = Method::POST;
    const ROUTE: &'static str = "/enterprise/{enterpriseId}/teammember/state_change";
    // It sets a state: a repeat leaves it as one send does.
    const IDEMPOTENT: bool = true;

    fn write_body(&self, body: &mut Vec<u8>) -> Result<(), serde_json::Error> {
        serde_json::to_writer(
            body,
            &Body {
                state: self.state,
                email: self.email.as_str(),
            },
        )
    }
}
