//! One typed method per endpoint, grouped as TeleCRM's docs group them; each
//! builds the core's endpoint value and hands it to [`crate::Client::send`].

mod actions;
mod leads;
mod metadata;
mod team;
