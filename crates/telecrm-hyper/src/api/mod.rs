//! One typed method per endpoint, grouped as TeleCRM's docs group them; each
//! builds the core's endpoint value and hands it to
//! [`crate::WorkspaceClient::send`], the one door.

mod actions;
mod leads;
pub(crate) mod metadata;
mod team;
