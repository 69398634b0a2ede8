use std::time::Duration;

use telecrm_core::{
    ActionUpdate, CreateActions, ErrorCode, NewActions, NewCustomAction, PaymentUpdate,
    RetryPolicy, UpdateAction,
};
use telecrm_sandbox::{Faults, SEED_LEAD, Sandbox, SandboxConfig};

use crate::ureq_blocking::{self, CallError};

fn start(config: SandboxConfig) -> (tokio::runtime::Runtime, Sandbox) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let sandbox = runtime.block_on(Sandbox::start(config)).unwrap();
    (runtime, sandbox)
}

#[test]
fn document_examples_end_to_end() {
    let (_runtime, sandbox) = start(SandboxConfig::new());
    let (note, paid) = ureq_blocking::document_examples(&crate::workspace(&sandbox)).unwrap();
    crate::assert_document_examples_applied(&sandbox, &note, &paid);
}

#[test]
fn api_errors_come_back_typed() {
    let (_runtime, sandbox) = start(SandboxConfig::new());
    let call = UpdateAction::new(
        SEED_LEAD.parse().unwrap(),
        "62ab16e".parse().unwrap(),
        ActionUpdate::from(PaymentUpdate::new()),
    );
    let err = ureq_blocking::send(
        &ureq_blocking::agent(),
        &crate::workspace(&sandbox),
        &call,
        &RetryPolicy::default(),
    )
    .unwrap_err();
    let CallError::Response(err) = err else {
        panic!("{err:?}")
    };
    let api = err.api_error().expect("the API's envelope");
    assert_eq!(api.code(), &ErrorCode::ActionNotFound);
    assert_eq!(
        api.message(),
        "Action with ID 62ab16e was not found in the lead."
    );
    // A 404 is not retried.
    assert_eq!(sandbox.requests().len(), 1);
}

#[test]
fn retries_follow_the_core_policy() {
    let faults = Faults {
        seed: 7,
        error_rate: 1.0,
        error_status: 503,
        ..Faults::default()
    };
    let (_runtime, sandbox) = start(SandboxConfig::new().faults(faults));
    let call = UpdateAction::new(
        SEED_LEAD.parse().unwrap(),
        telecrm_sandbox::SEED_PAYMENT_ACTION.parse().unwrap(),
        ActionUpdate::from(PaymentUpdate::new()),
    );
    let policy =
        RetryPolicy::new(3).with_backoff(Duration::from_millis(1), Duration::from_millis(5));
    let err = ureq_blocking::send(
        &ureq_blocking::agent(),
        &crate::workspace(&sandbox),
        &call,
        &policy,
    )
    .unwrap_err();
    let CallError::Response(err) = err else {
        panic!("{err:?}")
    };
    assert_eq!(err.status(), 503);
    assert_eq!(sandbox.requests().len(), 3, "three attempts in all");
}

/// The API is served over HTTPS only: the example's agent reaches a loopback
/// HTTPS server over TLS and refuses its certificate, which no public root signed.
#[test]
fn speaks_https_and_verifies_the_server() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(crate::UntrustedTls::start());
    let err = ureq_blocking::send(
        &ureq_blocking::agent(),
        &server.workspace(),
        &server.call(),
        &RetryPolicy::new(1),
    )
    .unwrap_err();
    let CallError::Transport(err) = err else {
        panic!("{err:?}")
    };
    runtime.block_on(server.assert_refused_for_its_certificate(&err));
}

/// A creation is not idempotent: once a connection drops after the request
/// went out, it may have arrived, and the core's `Call` does not send it
/// again (an update, idempotent, is sent again).
#[test]
fn a_creation_is_not_resent_after_it_may_have_arrived() {
    let faults = Faults {
        seed: 7,
        drop_rate: 1.0,
        ..Faults::default()
    };
    let (_runtime, sandbox) = start(SandboxConfig::new().faults(faults));
    let create = CreateActions::new(
        SEED_LEAD.parse().unwrap(),
        NewActions::one(NewCustomAction::new("1001".parse().unwrap())),
    );
    let policy =
        RetryPolicy::new(3).with_backoff(Duration::from_millis(1), Duration::from_millis(5));
    let workspace = crate::workspace(&sandbox);
    let err =
        ureq_blocking::send(&ureq_blocking::agent(), &workspace, &create, &policy).unwrap_err();
    assert!(matches!(err, CallError::Transport(_)), "{err:?}");
    assert_eq!(sandbox.requests().len(), 1, "sent once");

    let update = UpdateAction::new(
        SEED_LEAD.parse().unwrap(),
        telecrm_sandbox::SEED_PAYMENT_ACTION.parse().unwrap(),
        ActionUpdate::from(PaymentUpdate::new()),
    );
    let err =
        ureq_blocking::send(&ureq_blocking::agent(), &workspace, &update, &policy).unwrap_err();
    assert!(matches!(err, CallError::Transport(_)), "{err:?}");
    assert_eq!(sandbox.requests().len(), 4, "the update three times");
}
