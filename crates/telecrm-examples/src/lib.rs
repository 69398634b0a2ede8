//! Examples of embedding `telecrm-core` in another HTTP stack. Not published.
//!
//! * `examples/ureq_blocking.rs`: a blocking client on ureq 3, for scripts and
//!   synchronous services.
//! * `examples/reqwest_async.rs`: an async client on reqwest, the client most
//!   Rust services already depend on.
//!
//! Each performs the API document's two updates end to end. Run them against the
//! embedded sandbox with `cargo run -p telecrm-examples --example ureq_blocking`
//! (or `reqwest_async`); set `TELECRM_BASE_URL`, `TELECRM_TOKEN` and
//! `TELECRM_ENTERPRISE_ID` to use a real account. The test suite runs both against
//! a sandbox on loopback, so a change to the core that breaks an embedding fails
//! CI. The guide is `docs/embedding.md`.
