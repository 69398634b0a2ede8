//! The Async client: paced never above its rate, retries only what is safe
//! for the payload, and the other API's token refused.

use std::time::{Duration, Instant};

use telecrm_hyper::{
    AsyncClient, AsyncToken, BaseUrl, Client, LeadFields, NewCustomAction, NewLead, RetryPolicy,
    Workspace,
};
use telecrm_sandbox::{Sandbox, SandboxConfig};

use crate::server::{Server, Step};

const QUEUED: &str = r#"{"status":"QUEUED"}"#;

fn lead(phone: &str) -> NewLead {
    NewLead::new(LeadFields::new().set("phone", phone).unwrap())
}

fn client(base: &str, token: &str, rate: Option<u32>) -> AsyncClient {
    let workspace = Workspace::new(
        AsyncToken::new(token).unwrap(),
        "603d2b2f9b1e8a001c8e4f5a".parse().unwrap(),
    )
    .with_base_url(BaseUrl::parse(base).unwrap());
    Client::builder()
        .retry_policy(
            RetryPolicy::new(3).with_backoff(Duration::from_millis(5), Duration::from_millis(20)),
        )
        .build()
        .unwrap()
        .workspace(workspace)
        .unwrap()
        .with_rate_per_hour(rate)
        .unwrap()
}

#[tokio::test]
async fn requests_are_paced_never_above_the_rate() {
    let sandbox = Sandbox::start(SandboxConfig::new()).await.unwrap();
    // 36,000 an hour: one every 100 ms.
    let client = client(
        &sandbox.async_base_url(),
        sandbox.async_token(),
        Some(36_000),
    );
    let started = Instant::now();
    for i in 0..6 {
        let queued = client
            .ingest(lead(&format!("91970000010{i}")), "phone")
            .await
            .unwrap();
        assert!(queued.is_queued());
    }
    // Five intervals at least: a lower bound, which a slow machine only lengthens.
    assert!(
        started.elapsed() >= Duration::from_millis(500),
        "{:?}",
        started.elapsed()
    );
    sandbox.drain_ingest().await;
    assert_eq!(sandbox.ingested().len(), 6);
}

#[tokio::test]
async fn fields_only_are_resent_after_a_drop_actions_are_not() {
    let server = Server::start(vec![Step::Drop, Step::json(200, QUEUED)]).await;
    client(&server.base_url(), "t", None)
        .ingest(lead("919700000201"), "phone")
        .await
        .unwrap();
    assert_eq!(
        server.count(),
        2,
        "matched by identifier: a repeat is harmless"
    );

    let server = Server::start(vec![Step::Drop, Step::json(200, QUEUED)]).await;
    let with_action =
        lead("919700000202").with_action(NewCustomAction::new("1001".parse().unwrap()));
    let err = client(&server.base_url(), "t", None)
        .ingest(with_action, "phone")
        .await
        .unwrap_err();
    assert_eq!(
        server.count(),
        1,
        "its action would be appended twice: {err:?}"
    );

    // A 429 says nothing was done: retried, actions or not.
    let server = Server::start(vec![
        Step::json(
            429,
            r#"{"error":{"code":"TOO_MANY_REQUESTS","message":"slow"}}"#,
        )
        .with_header("retry-after", "0"),
        Step::json(200, QUEUED),
    ])
    .await;
    let with_action =
        lead("919700000203").with_action(NewCustomAction::new("1001".parse().unwrap()));
    client(&server.base_url(), "t", None)
        .ingest(with_action, "phone")
        .await
        .unwrap();
    assert_eq!(server.count(), 2);
    let body = String::from_utf8(server.requests()[1].body.clone()).unwrap();
    assert!(body.contains(r#""type":"ACTION_1001""#), "{body}");
}

#[tokio::test]
async fn the_identifier_is_required_and_a_sync_token_refused() {
    let sandbox = Sandbox::start(SandboxConfig::new()).await.unwrap();
    let good = client(&sandbox.async_base_url(), sandbox.async_token(), None);
    let err = good
        .ingest(NewLead::new(LeadFields::new().text("name", "x")), "phone")
        .await
        .unwrap_err();
    assert!(err.is_input(), "{err:?}");
    // The Sync token, wrapped as an Async token by mistake: the service's 401.
    let wrong = client(&sandbox.async_base_url(), sandbox.token(), None);
    let err = wrong
        .ingest(lead("919700000301"), "phone")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(http::StatusCode::UNAUTHORIZED));
    assert_eq!(err.attempts(), 1);
}
