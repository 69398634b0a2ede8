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
//!  ActionUpdate ──▶ UpdateAction ──to_http_request──▶ http::Request<Vec<u8>>
//!   (validated)      + IDs, base URL, token                  │
//!                                                    your HTTP stack
//!                                                            │
//!  Action  or  ResponseError ◀──decode_response── status, headers, body bytes
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
//!     Action, ActionUpdate, BaseUrl, CustomUpdate, Endpoint, ErrorCode, SyncToken, UpdateAction,
//! };
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // The document's first example: set a custom action's note.
//! let update = CustomUpdate::new("1001".parse()?).with_field("note", "Follow-up completed");
//! let call = UpdateAction::new(
//!     "my-enterprise".parse()?,
//!     "603d2b2f9b1e8a001c8e4f5c".parse()?,
//!     "603d2b2f9b1e8a001c8e4f5d".parse()?,
//!     ActionUpdate::from(update),
//! );
//! let request = call.to_http_request(&BaseUrl::default(), &SyncToken::new("YOUR_SYNC_TOKEN")?)?;
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
//! let action = UpdateAction::from_http_response(&response)?;
//! assert_eq!(action.as_custom().unwrap().fields["note"], "Follow-up completed");
//!
//! // Errors come typed.
//! let body = br#"{"error":{"code":"ACTION_NOT_FOUND","message":"Action with ID 62ab16e was not found in the lead."}}"#;
//! let err = UpdateAction::decode_response(StatusCode::NOT_FOUND, &Default::default(), body)
//!     .unwrap_err();
//! assert_eq!(err.api_error().unwrap().code(), &ErrorCode::ActionNotFound);
//! # Ok(())
//! # }
//! ```
//!
//! [TeleCRM]: https://telecrm.in
//! [`telecrm-hyper`]: https://docs.rs/telecrm-hyper

pub mod action;
pub mod action_type;
pub mod base_url;
pub mod endpoint;
pub mod endpoints;
pub mod error;
pub mod field;
pub mod id;
pub mod new_action;
pub mod page;
pub mod path;
pub mod query;
pub mod retry;
pub mod schema;
pub mod time;
pub mod token;
pub mod update;

pub use action::{Action, CustomAction, OtherAction, PaymentAction};
pub use action_type::ActionType;
pub use base_url::{BaseUrl, BaseUrlError};
pub use endpoint::{DEFAULT_USER_AGENT, Endpoint};
pub use endpoints::actions::{
    ActionFilter, ActionOutcome, CreateActions, CreatedActions, GetAction, OutcomeStatus, Remark,
    SearchActions, TimelineAction, UpdateAction, UpdateActionRef,
};
pub use endpoints::ingest::{IngestLead, Queued};
pub use endpoints::leads::{
    CreateLead, CreatedLead, GetLead, Lead, LeadActionFilter, LeadError, LeadFilter, LeadItem,
    LeadQuery, NewLead, RawLeadFilter, SearchLeads, UpdateLead,
};
pub use endpoints::metadata::{
    CustomActionDef, CustomActionList, CustomField, CustomFieldList, EnterpriseMetadata, FieldKind,
    FieldOption, GetCustomAction, GetCustomField, GetMetadata, GetPipeline, ListCustomActions,
    ListCustomFields, Pipeline,
};
pub use endpoints::team::{
    Availability, AvailabilityChanged, CreateTeamMember, GetTeamMember, ListTeamMembers,
    NewTeamMember, Password, Role, SetAvailability, TeamMember,
};
pub use error::ErrorDetail;
pub use error::{ApiError, EncodeError, ErrorCode, RawBody, ResponseError};
pub use field::{FieldError, LeadFields};
pub use id::{ActionId, EnterpriseId, IdError, LeadId};
pub use new_action::{Amount, Currency, NewAction, NewActions, NewCustomAction, NewPayment};
pub use page::{Page, Pager, Paginated, PaginationError, Paging, PagingError};
pub use retry::{Failure, RetryDecision, RetryInput, RetryPolicy, StopReason};
pub use schema::{Dropdowns, Schema, SchemaError, SchemaWarning};
pub use token::{AsyncToken, Credential, SyncToken, TokenError};
pub use update::{
    ActionUpdate, CustomActionCode, CustomUpdate, PaymentStatus, PaymentUpdate, UpdateError,
};
