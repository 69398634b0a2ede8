//! Tests that read what a TRACE-level subscriber captured.
//!
//! They live in their own test binary, apart from `it`, because `tracing`
//! caches each callsite's interest once per process. With one subscriber
//! registered, a callsite is registered against the *registering thread's*
//! default; in a binary where other tests run in parallel without a
//! subscriber, whichever thread reaches `telecrm.call` first can cache it as
//! never-enabled for every thread, and the capture then misses the spans it
//! asserts on (it happened in CI). Here every test installs a subscriber
//! before it reaches the SDK, so no thread can register a callsite against
//! none.

mod h2;
// Shared with the `it` binary, which uses all of them.
#[allow(dead_code)]
#[path = "../it/fixtures.rs"]
mod fixtures;
#[allow(dead_code)]
#[path = "../it/pki.rs"]
mod pki;
mod secrets;
#[allow(dead_code)]
#[path = "../it/server.rs"]
mod server;

pub(crate) use fixtures::{DOC_200, TOKEN, builder, update_payment};
