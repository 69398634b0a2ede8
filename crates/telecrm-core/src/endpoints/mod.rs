//! The endpoints of the Sync API, one module each.
//!
//! Only *Update an action* is implemented so far; the API's other sixteen
//! endpoints (leads, the rest of actions, team members, enterprise metadata)
//! will each be a module here implementing [`crate::Endpoint`].

pub mod update_action;
