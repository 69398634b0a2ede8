//! End-to-end tests of telecrm-core: the document's examples on both sides of
//! the wire, properties, and secrets.

mod golden;
mod properties;
mod secrets;
