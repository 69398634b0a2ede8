//! The API document's two examples, with its literal JSON.

use serde_json::{Value, json};
use telecrm_sandbox::{SEED_CUSTOM_ACTION, SEED_LEAD, SEED_PAYMENT_ACTION};

use crate::{start, update};

#[tokio::test]
async fn custom_action_note() {
    let sandbox = start().await;
    let answer = update(
        &sandbox,
        SEED_LEAD,
        SEED_CUSTOM_ACTION,
        r#"{
    "type": "1001",
    "fields": {
      "note": "Follow-up completed"
    }
  }"#,
    )
    .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert!(
        answer
            .head
            .to_lowercase()
            .contains("content-type: application/json")
    );
    assert_eq!(
        answer.json(),
        json!({"type":"1001","fields":{"note":"Follow-up completed"}})
    );
    assert_eq!(
        sandbox.action(SEED_LEAD, SEED_CUSTOM_ACTION).unwrap(),
        answer.json()
    );
}

#[tokio::test]
async fn payment_completed_returns_the_documented_200() {
    let sandbox = start().await;
    let answer = update(
        &sandbox,
        SEED_LEAD,
        SEED_PAYMENT_ACTION,
        r#"{
    "type": "PAYMENT",
    "status": "COMPLETED"
  }"#,
    )
    .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    let documented: Value = serde_json::from_str(
        r#"{
  "type": "PAYMENT",
  "status": "COMPLETED",
  "currency": "INR",
  "amount": "5000"
}"#,
    )
    .unwrap();
    assert_eq!(answer.json(), documented);
}

#[tokio::test]
async fn state_carries_between_calls() {
    let sandbox = start().await;
    let first = update(
        &sandbox,
        SEED_LEAD,
        SEED_CUSTOM_ACTION,
        r#"{"type":"1001","fields":{"a":1}}"#,
    )
    .await;
    assert_eq!(first.status, 200);
    let second = update(
        &sandbox,
        SEED_LEAD,
        SEED_CUSTOM_ACTION,
        r#"{"type":"1001","fields":{"b":2,"note":"x"}}"#,
    )
    .await;
    assert_eq!(
        second.json(),
        json!({"type":"1001","fields":{"a":1,"b":2,"note":"x"}})
    );
    // A type-only update changes nothing and returns the state.
    let third = update(
        &sandbox,
        SEED_LEAD,
        SEED_CUSTOM_ACTION,
        r#"{"type":"1001"}"#,
    )
    .await;
    assert_eq!(third.json(), second.json());
    // Payments keep their status between calls too.
    update(
        &sandbox,
        SEED_LEAD,
        SEED_PAYMENT_ACTION,
        r#"{"type":"PAYMENT","status":"COMPLETED"}"#,
    )
    .await;
    let again = update(
        &sandbox,
        SEED_LEAD,
        SEED_PAYMENT_ACTION,
        r#"{"type":"PAYMENT"}"#,
    )
    .await;
    assert_eq!(again.json()["status"], "COMPLETED");
    let log = sandbox.requests();
    assert_eq!(log.len(), 5);
    assert!(log.iter().all(|r| r.method == "POST" && r.status == 200));
    assert_eq!(
        log[0].path,
        format!(
            "/autoupdate/v2/enterprise/{}/lead/{SEED_LEAD}/action/{SEED_CUSTOM_ACTION}",
            sandbox.enterprise()
        )
    );
}

#[tokio::test]
async fn encoded_ids_are_decoded_per_segment() {
    let sandbox = start().await;
    sandbox
        .insert_action(
            "a/b?c#d%e f",
            "..",
            json!({"type":"PAYMENT","status":"PENDING"}),
        )
        .unwrap();
    let answer = update(
        &sandbox,
        "a%2Fb%3Fc%23d%25e%20f",
        "%2E%2E",
        r#"{"type":"PAYMENT","status":"COMPLETED"}"#,
    )
    .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(
        sandbox.action("a/b?c#d%e f", "..").unwrap()["status"],
        "COMPLETED"
    );
}
