//! End-to-end tests of telecrm-core: the docs' examples on both sides of the
//! wire, properties, and secrets.

mod actions;
mod actions_properties;
mod check;
mod golden;
mod ingest;
mod leads;
mod leads_properties;
mod live;
mod metadata;
mod properties;
mod schema;
mod secrets;
mod team;
