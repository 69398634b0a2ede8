//! The Async API: its own token, a queue that creates or updates by the
//! identifier and drops silently what fails (recording why), the ACTION_
//! prefix, and the optional rate limit.

use serde_json::{Value, json};
use telecrm_sandbox::{Sandbox, SandboxConfig};

use crate::{Answer, raw, start};

async fn ingest_with(sandbox: &Sandbox, token: &str, body: &Value) -> Answer {
    let auth = format!("Bearer {token}");
    let path = format!("/async/enterprise/{}/autoupdatelead", sandbox.enterprise());
    raw(
        sandbox,
        "POST",
        &path,
        &[
            ("Authorization", auth.as_str()),
            ("Content-Type", "application/json"),
        ],
        &body.to_string(),
    )
    .await
}

async fn ingest(sandbox: &Sandbox, body: Value) -> Answer {
    ingest_with(sandbox, sandbox.async_token(), &body).await
}

#[tokio::test]
async fn queued_then_created_then_updated_by_identifier() {
    let sandbox = start().await;
    let answer = ingest(
        &sandbox,
        json!({"fields": {"name": "Jane Roe", "phone": "919700000001", "email": "jane.roe@example.com"},
               "actions": [{"type": "ACTION_1001", "fields": {"note": "Site visit completed"}}]}),
    )
    .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.body, r#"{"status":"QUEUED"}"#);
    // The same identifier written another way updates the same lead.
    ingest(
        &sandbox,
        json!({"fields": {"phone": "+919700000001", "city": "Pune"}}),
    )
    .await;
    sandbox.drain_ingest().await;
    let log = sandbox.ingested();
    assert_eq!(log.len(), 2);
    assert_eq!((log[0].outcome, log[1].outcome), ("created", "updated"));
    assert_eq!(log[0].lead, log[1].lead);
    let lead = log[0].lead.clone().unwrap();
    let timeline = sandbox.timeline(&lead);
    assert_eq!(timeline.len(), 1);
    assert_eq!(
        timeline[0].1,
        json!({"type": "1001", "fields": {"note": "Site visit completed"}})
    );
}

#[tokio::test]
async fn what_fails_is_dropped_silently_and_recorded() {
    let sandbox = start().await;
    for body in [
        json!({"fields": {"name": "No identifier"}}),
        json!({"fields": {"phone": "919700000002", "rating": 9},
               "actions": [{"type": "1001"}, {"type": "ACTION_1001", "fields": {"outcome": "Maybe"}}]}),
    ] {
        assert_eq!(ingest(&sandbox, body).await.body, r#"{"status":"QUEUED"}"#);
    }
    sandbox.drain_ingest().await;
    let log = sandbox.ingested();
    assert_eq!(log[0].outcome, "dropped");
    assert_eq!(log[0].dropped, ["identifier phone missing"]);
    assert_eq!(log[1].outcome, "created");
    assert_eq!(
        log[1].dropped,
        [
            "fields.rating: Rating must be between 1 and 5",
            "actions[0]: type 1001 needs the ACTION_ prefix",
            "actions[0].fields.outcome: Outcome must be one of: Interested, Not Interested",
        ]
    );
    assert!(sandbox.timeline(log[1].lead.as_deref().unwrap()).is_empty());
}

#[tokio::test]
async fn each_api_refuses_the_other_token() {
    let sandbox = start().await;
    let answer = ingest_with(
        &sandbox,
        sandbox.token(),
        &json!({"fields": {"phone": "919700000003"}}),
    )
    .await;
    assert_eq!(
        (answer.status, answer.json()["error"]["code"].clone()),
        (401, json!("NOT_AUTHORIZED"))
    );
    let auth = format!("Bearer {}", sandbox.async_token());
    let path = format!(
        "/autoupdate/v2/enterprise/{}/metadata",
        sandbox.enterprise()
    );
    let answer = raw(
        &sandbox,
        "GET",
        &path,
        &[("Authorization", auth.as_str())],
        "",
    )
    .await;
    assert_eq!(answer.status, 401);
    sandbox.drain_ingest().await;
    assert!(sandbox.ingested().is_empty());
}

#[tokio::test]
async fn the_rate_limit_answers_429_with_retry_after() {
    let sandbox = Sandbox::start(SandboxConfig::new().async_rate_per_hour(Some(3600)))
        .await
        .unwrap();
    let first = ingest(&sandbox, json!({"fields": {"phone": "919700000004"}})).await;
    assert_eq!(first.status, 200);
    let second = ingest(&sandbox, json!({"fields": {"phone": "919700000005"}})).await;
    assert_eq!(second.status, 429, "{second:?}");
    assert_eq!(second.json()["error"]["code"], "TOO_MANY_REQUESTS");
    let retry_after = second
        .head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("retry-after: ")
                .map(str::to_owned)
        })
        .expect("a Retry-After header");
    assert_eq!(retry_after, "1");
    sandbox.drain_ingest().await;
    assert_eq!(
        sandbox.ingested().len(),
        1,
        "the refused one was not queued"
    );
}
