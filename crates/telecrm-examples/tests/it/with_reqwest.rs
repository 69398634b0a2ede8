use std::time::Duration;

use telecrm_core::{
    ActionUpdate, CreateActions, ErrorCode, NewActions, NewCustomAction, PaymentUpdate,
    RetryPolicy, UpdateAction,
};
use telecrm_sandbox::{Faults, SEED_LEAD, SEED_PAYMENT_ACTION, Sandbox, SandboxConfig};

use crate::reqwest_async::{self, CallError};

async fn send(sandbox: &Sandbox, action: &str, policy: &RetryPolicy) -> Result<(), CallError> {
    let call = UpdateAction::new(
        SEED_LEAD.parse().unwrap(),
        action.parse().unwrap(),
        ActionUpdate::from(PaymentUpdate::new()),
    );
    let client = reqwest_async::client().unwrap();
    reqwest_async::send(&client, &crate::workspace(sandbox), &call, policy)
        .await
        .map(drop)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn document_examples_end_to_end() {
    let sandbox = Sandbox::start(SandboxConfig::new()).await.unwrap();
    let (note, paid) = reqwest_async::document_examples(&crate::workspace(&sandbox))
        .await
        .unwrap();
    crate::assert_document_examples_applied(&sandbox, &note, &paid);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_errors_come_back_typed() {
    let sandbox = Sandbox::start(SandboxConfig::new()).await.unwrap();
    let err = send(&sandbox, "62ab16e", &RetryPolicy::default())
        .await
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retries_follow_the_core_policy() {
    let faults = Faults {
        seed: 7,
        error_rate: 1.0,
        error_status: 503,
        ..Faults::default()
    };
    let sandbox = Sandbox::start(SandboxConfig::new().faults(faults))
        .await
        .unwrap();
    let policy =
        RetryPolicy::new(3).with_backoff(Duration::from_millis(1), Duration::from_millis(5));
    let err = send(&sandbox, SEED_PAYMENT_ACTION, &policy)
        .await
        .unwrap_err();
    let CallError::Response(err) = err else {
        panic!("{err:?}")
    };
    assert_eq!(err.status(), 503);
    assert_eq!(sandbox.requests().len(), 3, "three attempts in all");
}

/// The API is served over HTTPS only: the example's client reaches a loopback
/// HTTPS server over TLS and refuses its certificate, which no public root signed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn speaks_https_and_verifies_the_server() {
    let server = crate::UntrustedTls::start().await;
    let client = reqwest_async::client().unwrap();
    let err = reqwest_async::send(
        &client,
        &server.workspace(),
        &server.call(),
        &RetryPolicy::new(1),
    )
    .await
    .unwrap_err();
    let CallError::Transport(err) = err else {
        panic!("{err:?}")
    };
    server.assert_refused_for_its_certificate(&err).await;
}

/// A creation is not idempotent: once a connection drops after the request
/// went out, it may have arrived, and the core's `Call` does not send it
/// again (an update, idempotent, is sent again).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_creation_is_not_resent_after_it_may_have_arrived() {
    let faults = Faults {
        seed: 7,
        drop_rate: 1.0,
        ..Faults::default()
    };
    let sandbox = Sandbox::start(SandboxConfig::new().faults(faults))
        .await
        .unwrap();
    let create = CreateActions::new(
        SEED_LEAD.parse().unwrap(),
        NewActions::one(NewCustomAction::new("1001".parse().unwrap())),
    );
    let policy =
        RetryPolicy::new(3).with_backoff(Duration::from_millis(1), Duration::from_millis(5));
    let workspace = crate::workspace(&sandbox);
    let err = reqwest_async::send(
        &reqwest_async::client().unwrap(),
        &workspace,
        &create,
        &policy,
    )
    .await
    .unwrap_err();
    assert!(matches!(err, CallError::Transport(_)), "{err:?}");
    assert_eq!(sandbox.requests().len(), 1, "sent once");

    let update = UpdateAction::new(
        SEED_LEAD.parse().unwrap(),
        telecrm_sandbox::SEED_PAYMENT_ACTION.parse().unwrap(),
        ActionUpdate::from(PaymentUpdate::new()),
    );
    let err = reqwest_async::send(
        &reqwest_async::client().unwrap(),
        &workspace,
        &update,
        &policy,
    )
    .await
    .unwrap_err();
    assert!(matches!(err, CallError::Transport(_)), "{err:?}");
    assert_eq!(sandbox.requests().len(), 4, "the update three times");
}
