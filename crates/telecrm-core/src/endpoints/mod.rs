//! The endpoints of the API, one module each, grouped as TeleCRM's docs group
//! them. Each is a value implementing [`crate::Endpoint`]; the groups still to
//! come (leads, team members, enterprise metadata, the Async API) follow the
//! same layout. The table of all eighteen is in `docs/architecture.md`.

pub mod actions;
pub mod ingest;
pub mod leads;
pub mod metadata;
pub mod team;

pub mod raw;
mod registry;

pub use registry::{Decode, REGISTRY, Registered, Sample};
