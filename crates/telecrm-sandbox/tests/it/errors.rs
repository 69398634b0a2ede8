//! Every error the contract names, each with its envelope, and no change after
//! a refused update.

use serde_json::{Value, json};
use telecrm_sandbox::{
    IMMUTABLE_PAYMENT_MESSAGE, SEED_CUSTOM_ACTION, SEED_LEAD, SEED_PAYMENT_ACTION,
};

use crate::{TOKEN, raw, start, update};

fn path(enterprise: &str, action: &str) -> String {
    format!("/autoupdate/v2/enterprise/{enterprise}/lead/{SEED_LEAD}/action/{action}")
}

fn assert_envelope(answer: &crate::Answer, status: u16, code: &str) -> String {
    assert_eq!(answer.status, status, "{answer:?}");
    assert!(
        answer
            .head
            .to_lowercase()
            .contains("content-type: application/json"),
        "{answer:?}"
    );
    let body = answer.json();
    assert_eq!(body["error"]["code"], code, "{body}");
    let message = body["error"]["message"]
        .as_str()
        .expect("a message")
        .to_owned();
    assert!(!message.is_empty());
    message
}

#[tokio::test]
async fn immutable_payment_fields_get_the_documented_400_and_change_nothing() {
    let sandbox = start().await;
    let before = sandbox.action(SEED_LEAD, SEED_PAYMENT_ACTION).unwrap();
    for body in [
        r#"{"type":"PAYMENT","amount":"6000"}"#,
        r#"{"type":"PAYMENT","currency":"USD","status":"COMPLETED"}"#,
        r#"{"type":"PAYMENT","paymentid":"pay_1","status":"COMPLETED"}"#,
    ] {
        let answer = update(&sandbox, SEED_LEAD, SEED_PAYMENT_ACTION, body).await;
        assert_eq!(answer.status, 400);
        // Literally the document's body.
        let documented: Value = serde_json::from_str(
            r#"{
  "error": {
    "code": "BAD_REQUEST",
    "message": "Cannot update amount, currency, or paymentid fields for existing payment action."
  }
}"#,
        )
        .unwrap();
        assert_eq!(answer.json(), documented, "{body}");
        assert_eq!(answer.json()["error"]["message"], IMMUTABLE_PAYMENT_MESSAGE);
    }
    assert_eq!(
        sandbox.action(SEED_LEAD, SEED_PAYMENT_ACTION).unwrap(),
        before
    );
}

#[tokio::test]
async fn unknown_action_gets_404_in_the_documented_shape() {
    let sandbox = start().await;
    let answer = update(&sandbox, SEED_LEAD, "62ab16e", r#"{"type":"1001"}"#).await;
    let message = assert_envelope(&answer, 404, "ACTION_NOT_FOUND");
    assert_eq!(message, "Action with ID 62ab16e was not found in the lead.");
    // Another enterprise's IDs cannot be reached: the token does not serve it.
    let auth = format!("Bearer {TOKEN}");
    let answer = raw(
        &sandbox,
        "POST",
        &path("other", SEED_CUSTOM_ACTION),
        &[
            ("Authorization", &auth),
            ("Content-Type", "application/json"),
        ],
        r#"{"type":"1001"}"#,
    )
    .await;
    assert_envelope(&answer, 401, "NOT_AUTHORIZED");
    let answer = update(
        &sandbox,
        "no-such-lead",
        SEED_CUSTOM_ACTION,
        r#"{"type":"1001"}"#,
    )
    .await;
    assert_envelope(&answer, 404, "ACTION_NOT_FOUND");
}

#[tokio::test]
async fn missing_or_wrong_token_gets_401() {
    let sandbox = start().await;
    let p = path(sandbox.enterprise(), SEED_CUSTOM_ACTION);
    let body = r#"{"type":"1001","fields":{"note":"x"}}"#;
    for auth in [
        None,
        Some("Bearer wrong"),
        Some(TOKEN),
        Some("Basic abc"),
        Some("Bearer "),
    ] {
        let mut headers = vec![("Content-Type", "application/json")];
        if let Some(auth) = auth {
            headers.push(("Authorization", auth));
        }
        let answer = raw(&sandbox, "POST", &p, &headers, body).await;
        assert_envelope(&answer, 401, "NOT_AUTHORIZED");
    }
    assert_eq!(
        sandbox.action(SEED_LEAD, SEED_CUSTOM_ACTION).unwrap()["fields"]["note"],
        "Call back next week"
    );
    // The log holds no token.
    let log = format!("{:?}", sandbox.requests());
    assert!(!log.contains(TOKEN) && !log.contains("SECRET"), "{log}");
    assert!(!format!("{sandbox:?}").contains("SECRET"));
}

#[tokio::test]
async fn malformed_bodies_get_400() {
    let sandbox = start().await;
    let before = sandbox.action(SEED_LEAD, SEED_CUSTOM_ACTION).unwrap();
    for (action, body) in [
        (SEED_CUSTOM_ACTION, r#"{"type":"1001","#),
        (SEED_CUSTOM_ACTION, "[1,2]"),
        (SEED_CUSTOM_ACTION, ""),
        (SEED_CUSTOM_ACTION, r#"{"fields":{}}"#),
        (SEED_CUSTOM_ACTION, r#"{"type":1001}"#),
        (SEED_CUSTOM_ACTION, r#"{"type":"1001","fields":"note"}"#),
        (SEED_CUSTOM_ACTION, r#"{"type":"1001","note":"x"}"#),
        (SEED_CUSTOM_ACTION, r#"{"type":"PAYMENT","status":"X"}"#),
        (SEED_CUSTOM_ACTION, r#"{"type":"1002"}"#),
        (SEED_CUSTOM_ACTION, r#"{"type":"INCOMING_CALL"}"#),
        (SEED_PAYMENT_ACTION, r#"{"type":"OUTGOING_CALL"}"#),
        (SEED_PAYMENT_ACTION, r#"{"type":"PAYMENT","status":5}"#),
        (SEED_PAYMENT_ACTION, r#"{"type":"PAYMENT","fields":{}}"#),
        (SEED_PAYMENT_ACTION, r#"{"type":"1001"}"#),
    ] {
        let answer = update(&sandbox, SEED_LEAD, action, body).await;
        assert_envelope(&answer, 400, "BAD_REQUEST");
    }
    assert_eq!(
        sandbox.action(SEED_LEAD, SEED_CUSTOM_ACTION).unwrap(),
        before
    );
    let message = update(
        &sandbox,
        SEED_LEAD,
        SEED_CUSTOM_ACTION,
        r#"{"type":"INCOMING_CALL"}"#,
    )
    .await
    .json();
    assert_eq!(
        message,
        json!({"error":{"code":"BAD_REQUEST","message":"Action type INCOMING_CALL cannot be updated through the API."}})
    );
}

#[tokio::test]
async fn an_empty_configured_token_accepts_nothing() {
    let sandbox = telecrm_sandbox::Sandbox::start(telecrm_sandbox::SandboxConfig::new().token(""))
        .await
        .unwrap();
    let p = path(sandbox.enterprise(), SEED_CUSTOM_ACTION);
    for auth in ["Bearer ", "Bearer"] {
        let answer = raw(
            &sandbox,
            "POST",
            &p,
            &[
                ("Authorization", auth),
                ("Content-Type", "application/json"),
            ],
            r#"{"type":"1001"}"#,
        )
        .await;
        assert_envelope(&answer, 401, "NOT_AUTHORIZED");
    }
}

#[tokio::test]
async fn wrong_content_type_gets_415() {
    let sandbox = start().await;
    let auth = format!("Bearer {TOKEN}");
    let p = path(sandbox.enterprise(), SEED_CUSTOM_ACTION);
    for headers in [
        vec![
            ("Authorization", auth.as_str()),
            ("Content-Type", "text/plain"),
        ],
        vec![("Authorization", auth.as_str())],
    ] {
        let answer = raw(&sandbox, "POST", &p, &headers, r#"{"type":"1001"}"#).await;
        assert_envelope(&answer, 415, "UNSUPPORTED_MEDIA_TYPE");
    }
    let ok = raw(
        &sandbox,
        "POST",
        &p,
        &[
            ("Authorization", &auth),
            ("Content-Type", "application/json; charset=utf-8"),
        ],
        r#"{"type":"1001"}"#,
    )
    .await;
    assert_eq!(ok.status, 200);
}

#[tokio::test]
async fn oversized_body_gets_413() {
    let sandbox = telecrm_sandbox::Sandbox::start(
        telecrm_sandbox::SandboxConfig::new()
            .token(TOKEN)
            .max_body_bytes(64),
    )
    .await
    .unwrap();
    let big = format!(
        r#"{{"type":"1001","fields":{{"note":"{}"}}}}"#,
        "x".repeat(100)
    );
    let answer = update(&sandbox, SEED_LEAD, SEED_CUSTOM_ACTION, &big).await;
    assert_envelope(&answer, 413, "PAYLOAD_TOO_LARGE");
    let small = update(
        &sandbox,
        SEED_LEAD,
        SEED_CUSTOM_ACTION,
        r#"{"type":"1001"}"#,
    )
    .await;
    assert_eq!(small.status, 200);
}

#[tokio::test]
async fn unknown_routes_and_methods() {
    let sandbox = start().await;
    let auth = format!("Bearer {TOKEN}");
    let headers = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
    ];
    for p in [
        "/".to_owned(),
        "/autoupdate/v2/enterprise".to_owned(),
        format!(
            "/autoupdate/v2/enterprise/{}/lead/{SEED_LEAD}/actions",
            sandbox.enterprise()
        ),
        format!("/autoupdate/v2/enterprise/{}/leads", sandbox.enterprise()),
        format!(
            "/autoupdate/v2/enterprise/{}/lead/{SEED_LEAD}/action/{SEED_CUSTOM_ACTION}/x",
            sandbox.enterprise()
        ),
        format!(
            "/v1/enterprise/{}/lead/{SEED_LEAD}/action/{SEED_CUSTOM_ACTION}",
            sandbox.enterprise()
        ),
    ] {
        let answer = raw(&sandbox, "POST", &p, &headers, r#"{"type":"1001"}"#).await;
        assert_envelope(&answer, 404, "NOT_FOUND");
    }
    let p = path(sandbox.enterprise(), SEED_CUSTOM_ACTION);
    for method in ["PUT", "DELETE", "PATCH"] {
        let answer = raw(&sandbox, method, &p, &headers, "").await;
        assert_envelope(&answer, 405, "METHOD_NOT_ALLOWED");
        assert!(
            answer.head.to_lowercase().contains("allow: get, post"),
            "{answer:?}"
        );
    }
    // Create and search take POST only.
    for p in [
        format!(
            "/autoupdate/v2/enterprise/{}/lead/{SEED_LEAD}/action",
            sandbox.enterprise()
        ),
        format!(
            "/autoupdate/v2/enterprise/{}/lead/{SEED_LEAD}/action/search",
            sandbox.enterprise()
        ),
    ] {
        let answer = raw(&sandbox, "GET", &p, &headers, "").await;
        assert_envelope(&answer, 405, "METHOD_NOT_ALLOWED");
        assert!(
            answer.head.to_lowercase().contains("allow: post\r\n"),
            "{answer:?}"
        );
    }
}
