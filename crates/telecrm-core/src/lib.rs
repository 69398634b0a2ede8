//! The pure model of the [TeleCRM] Sync API: it turns what you want to change
//! into an `http::Request<Vec<u8>>`, and an `http::Response` back into typed
//! results or typed errors.
//!
//! **What it does not do:** no network I/O, no async, no clock, no randomness.
//! It opens no socket and picks no HTTP client: [`telecrm-hyper`] carries these
//! requests over hyper and rustls, and any other stack (reqwest, ureq, a test
//! closure) can carry them just as well. Time and jitter for retries come in as
//! arguments (see [`retry`]).
//!
//! ```text
//!  ActionUpdate ──▶ UpdateAction ──to_http_request(&Workspace)──▶ http::Request<Vec<u8>>
//!   (validated)       + IDs        (base URL, enterprise, token)         │
//!                                                                 your HTTP stack
//!                                                                        │
//!  Action  or  ResponseError ◀─────────────decode────────────── status, headers, body bytes
//!                   │
//!        retry::RetryPolicy::decide ──▶ retry after a delay, or stop
//! ```
//!
//! Everything that can be wrong with an update is found when it is built,
//! before anything is sent: IDs are checked and percent-encoded into their path
//! segment, the token refuses characters a header cannot carry, a payment update
//! has no place for the immutable `amount`, `currency` and `paymentid`, and raw
//! JSON goes through the same rules ([`ActionUpdate::from_json`]).
//!
//! # Example
//!
//! ```
//! use http::StatusCode;
//! use telecrm_core::{
//!     Action, ActionUpdate, CustomUpdate, Endpoint, ErrorCode, SyncToken, UpdateAction, Workspace,
//! };
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // The document's first example: set a custom action's note.
//! let update = CustomUpdate::new("1001".parse()?).with_field("note", "Follow-up completed");
//! let call = UpdateAction::new(
//!     "603d2b2f9b1e8a001c8e4f5c".parse()?,
//!     "603d2b2f9b1e8a001c8e4f5d".parse()?,
//!     ActionUpdate::from(update),
//! );
//! // Where it goes and as whom: the production Sync API, unless `with_base_url` says otherwise.
//! let workspace = Workspace::new(SyncToken::new("YOUR_SYNC_TOKEN")?, "my-enterprise".parse()?);
//! let request = call.to_http_request(&workspace)?;
//! assert_eq!(request.method(), "POST");
//! assert_eq!(
//!     request.uri().path(),
//!     "/autoupdate/v2/enterprise/my-enterprise/lead/603d2b2f9b1e8a001c8e4f5c/action/603d2b2f9b1e8a001c8e4f5d"
//! );
//! assert_eq!(request.headers()["content-type"], "application/json");
//! assert!(request.headers()["authorization"].is_sensitive());
//! assert_eq!(request.body(), br#"{"type":"1001","fields":{"note":"Follow-up completed"}}"#);
//!
//! // ... send it with any HTTP client, then hand back what came in:
//! let body = br#"{"type":"1001","fields":{"note":"Follow-up completed","stage":"won"}}"#;
//! let response = http::Response::builder().status(200).body(&body[..])?;
//! let action = call.decode_response(&response)?;
//! assert_eq!(action.as_custom().unwrap().fields["note"], "Follow-up completed");
//!
//! // Errors come typed.
//! let body = br#"{"error":{"code":"ACTION_NOT_FOUND","message":"Action with ID 62ab16e was not found in the lead."}}"#;
//! let err = call.decode(StatusCode::NOT_FOUND, &Default::default(), body).unwrap_err();
//! assert_eq!(err.api_error().unwrap().code(), &ErrorCode::ActionNotFound);
//! # Ok(())
//! # }
//! ```
//!
//! [TeleCRM]: https://telecrm.in
//! [`telecrm-hyper`]: https://docs.rs/telecrm-hyper

pub mod base_url;
pub mod call;
pub mod check;
pub mod endpoint;
pub mod endpoints;
pub mod error;
pub mod field;
pub mod id;
pub mod page;
pub mod path;
pub mod query;
pub mod retry;
pub mod schema;
pub mod shape;
pub mod token;
pub mod vocab;
pub mod workspace;

/// Every type a caller names, in one place: `use telecrm_core::prelude::*;`
/// (and `telecrm_hyper` re-exports it whole).
pub mod prelude {
    pub use crate::base_url::{BaseUrl, BaseUrlError};
    pub use crate::call::{Attempt, Bound, Call, Moment, Outcome, Step};
    pub use crate::check::{InputError, Rules, Warning};
    pub use crate::endpoint::{DEFAULT_USER_AGENT, Endpoint, RequestHeaders};
    pub use crate::endpoints::actions::action::{Action, CustomAction, OtherAction, PaymentAction};
    pub use crate::endpoints::actions::create::{
        ActionOutcome, CreateActions, CreatedActions, OutcomeStatus, Remark,
    };
    pub use crate::endpoints::actions::get::GetAction;
    pub use crate::endpoints::actions::new::{NewAction, NewActions, NewCustomAction, NewPayment};
    pub use crate::endpoints::actions::search::{ActionFilter, SearchActions, TimelineAction};
    pub use crate::endpoints::actions::update::{
        ActionUpdate, CustomUpdate, PaymentUpdate, UpdateAction, UpdateActionRef, UpdateError,
    };
    pub use crate::endpoints::ingest::lead::{IngestLead, Queued};
    pub use crate::endpoints::leads::create::{CreateLead, CreatedLead, LeadError, NewLead};
    pub use crate::endpoints::leads::get::{GetLead, Lead};
    pub use crate::endpoints::leads::search::{
        LeadActionFilter, LeadFilter, LeadItem, LeadQuery, RawLeadFilter, SearchLeads,
    };
    pub use crate::endpoints::leads::update::UpdateLead;
    pub use crate::endpoints::metadata::actions::{
        ActionFieldSchema, CustomActionDef, CustomActionList, GetCustomAction, ListCustomActions,
    };
    pub use crate::endpoints::metadata::enterprise::{EnterpriseMetadata, GetMetadata};
    pub use crate::endpoints::metadata::fields::{
        CustomField, CustomFieldList, FieldKind, FieldOption, GetCustomField, ListCustomFields,
    };
    pub use crate::endpoints::metadata::pipeline::{
        GetPipeline, LeadStage, LostReason, Pipeline, PipelineStatus,
    };
    pub use crate::endpoints::team::create::{
        CreateTeamMember, NewTeamMember, Password, Role, RoleError,
    };
    pub use crate::endpoints::team::get::GetTeamMember;
    pub use crate::endpoints::team::list::ListTeamMembers;
    pub use crate::endpoints::team::state::{
        Availability, AvailabilityChanged, AvailabilityError, SetAvailability,
    };
    pub use crate::endpoints::team::{License, MemberStatus, TeamMember};
    pub use crate::error::{ApiError, EncodeError, ErrorCode, ErrorDetail, RawBody, ResponseError};
    pub use crate::field::{DateValue, Email, FieldError, LeadFields, PhoneNumber, Rating};
    pub use crate::id::{ActionId, EnterpriseId, IdError, LeadId};
    pub use crate::page::{Page, Pager, Paginated, PaginationError, Paging, PagingError};
    pub use crate::path::{PathArgs, RouteError, Segment};
    pub use crate::retry::{Failure, RetryDecision, RetryInput, RetryPolicy, StopReason};
    pub use crate::schema::{Dropdowns, Schema, SchemaError};
    pub use crate::token::{Api, AsyncToken, Credential, SyncToken, TokenError};
    pub use crate::vocab::{
        ActionType, Amount, Currency, CustomActionCode, DateBound, DateTime, PaymentStatus,
        TimeRange, Timestamp, ValueError,
    };
    pub use crate::workspace::Workspace;
}

/// The `http` crate this one builds requests and reads responses with.
pub use http;
pub use prelude::*;

/// This crate's README, compiled as a doctest so that it cannot drift.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct Readme;
