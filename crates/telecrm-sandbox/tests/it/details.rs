//! The finer points: exact messages, the order of checks, bodies without a
//! `Content-Length`, faults ahead of auth, null values, stale temporary files,
//! and dropping a sandbox outside a runtime.

use serde_json::json;
use telecrm_sandbox::{
    Faults, SEED_CUSTOM_ACTION, SEED_LEAD, SEED_PAYMENT_ACTION, Sandbox, SandboxConfig,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::{TOKEN, raw, start, update};

fn message(answer: &crate::Answer) -> String {
    assert_eq!(answer.status, 400, "{answer:?}");
    assert_eq!(answer.json()["error"]["code"], "BAD_REQUEST", "{answer:?}");
    answer.json()["error"]["message"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn refusals_say_exactly_why() {
    let sandbox = start().await;
    let cases = [
        (
            SEED_CUSTOM_ACTION,
            r#"{"type":"ACTION_1001","fields":{}}"#,
            "Action type ACTION_1001 cannot be updated through the API.",
        ),
        (
            SEED_PAYMENT_ACTION,
            r#"{"type":"WHATSAPP"}"#,
            "Action type WHATSAPP cannot be updated through the API.",
        ),
        (
            SEED_CUSTOM_ACTION,
            r#"{"type":"PAYMENT","status":"COMPLETED"}"#,
            "Action type PAYMENT does not match the action's type 1001.",
        ),
        (
            SEED_PAYMENT_ACTION,
            r#"{"type":"1001","fields":{}}"#,
            "Action type 1001 does not match the action's type PAYMENT.",
        ),
        (
            SEED_PAYMENT_ACTION,
            r#"{"type":"PAYMENT","status":"COMPLETED","note":"x"}"#,
            "Unknown field note for a payment action.",
        ),
        (
            SEED_CUSTOM_ACTION,
            r#"{"type":"1001","status":"DONE"}"#,
            "Unknown field status for a custom action.",
        ),
        (
            SEED_CUSTOM_ACTION,
            r#"{"type":"1001","fields":null}"#,
            "Field fields must be an object.",
        ),
        (
            SEED_PAYMENT_ACTION,
            r#"{"type":"PAYMENT","status":""}"#,
            "Field status must be one of: PENDING, COMPLETED, FAILED, REFUNDED, CANCELLED, PROCESSING.",
        ),
        (SEED_CUSTOM_ACTION, r#"{}"#, "Field type is required."),
        (
            SEED_CUSTOM_ACTION,
            "\"1001\"",
            "Request body must be a JSON object.",
        ),
    ];
    for (action, body, expected) in cases {
        let answer = update(&sandbox, SEED_LEAD, action, body).await;
        assert_eq!(message(&answer), expected, "{body}");
    }
    let invalid = update(&sandbox, SEED_LEAD, SEED_CUSTOM_ACTION, "{").await;
    assert!(
        message(&invalid).starts_with("Request body is not valid JSON: "),
        "{invalid:?}"
    );
    // Nothing changed.
    assert_eq!(
        sandbox.action(SEED_LEAD, SEED_PAYMENT_ACTION).unwrap(),
        json!({"type":"PAYMENT","status":"PENDING","currency":"INR","amount":"5000"})
    );
    assert_eq!(
        sandbox.action(SEED_LEAD, SEED_CUSTOM_ACTION).unwrap(),
        json!({"type":"1001","fields":{"note":"Call back next week"}})
    );
}

#[tokio::test]
async fn checks_come_in_the_documented_order() {
    let sandbox = start().await;
    let p = format!(
        "/autoupdate/v2/enterprise/{}/lead/{SEED_LEAD}/action/nope",
        sandbox.enterprise()
    );
    let auth = format!("Bearer {TOKEN}");
    // 405 before 401: a wrong method with no token.
    let answer = raw(&sandbox, "DELETE", &p, &[], "").await;
    assert_eq!(answer.status, 405, "{answer:?}");
    assert!(answer.head.to_lowercase().contains("allow: get, post"));
    // 401 before 415.
    let answer = raw(&sandbox, "POST", &p, &[("Content-Type", "text/plain")], "x").await;
    assert_eq!(answer.status, 401, "{answer:?}");
    // 415 before 400.
    let answer = raw(
        &sandbox,
        "POST",
        &p,
        &[("Authorization", &auth), ("Content-Type", "text/json")],
        "{",
    )
    .await;
    assert_eq!(answer.status, 415, "{answer:?}");
    // Malformed or non-object JSON is 400 even for an unknown action.
    for body in ["{", "[]"] {
        let answer = update(&sandbox, SEED_LEAD, "nope", body).await;
        assert_eq!(answer.status, 400, "{answer:?}");
    }
    // Then 404 before the type checks.
    let answer = update(&sandbox, SEED_LEAD, "nope", r#"{"type":"INCOMING_CALL"}"#).await;
    assert_eq!(answer.status, 404, "{answer:?}");
    assert_eq!(
        answer.json(),
        json!({"error":{"code":"ACTION_NOT_FOUND","message":"Action with ID nope was not found in the lead."}})
    );
    // An unknown route names the method and the path as received.
    let answer = raw(&sandbox, "POST", "/autoupdate/v2/x%20y", &[], "").await;
    assert_eq!(
        answer.json(),
        json!({"error":{"code":"NOT_FOUND","message":"No route for POST /autoupdate/v2/x%20y"}})
    );
    let statuses: Vec<u16> = sandbox.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [405, 401, 415, 400, 400, 404, 404]);
}

/// A chunked body, no `Content-Length`: the limit applies to the bytes read.
async fn chunked(sandbox: &Sandbox, body: &str) -> u16 {
    let mut request = format!(
        "POST /autoupdate/v2/enterprise/{}/lead/{SEED_LEAD}/action/{SEED_CUSTOM_ACTION} HTTP/1.1\r\n\
         Host: sandbox\r\nConnection: close\r\nAuthorization: Bearer {TOKEN}\r\n\
         Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
        sandbox.enterprise()
    );
    for chunk in body.as_bytes().chunks(16) {
        request.push_str(&format!(
            "{:x}\r\n{}\r\n",
            chunk.len(),
            String::from_utf8_lossy(chunk)
        ));
    }
    request.push_str("0\r\n\r\n");
    let mut stream = tokio::net::TcpStream::connect(sandbox.local_addr())
        .await
        .unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response).await;
    let text = String::from_utf8_lossy(&response);
    text.split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

#[tokio::test]
async fn the_limit_applies_to_bytes_read_without_content_length() {
    let sandbox = Sandbox::start(SandboxConfig::new().token(TOKEN).max_body_bytes(64))
        .await
        .unwrap();
    let big = format!(
        r#"{{"type":"1001","fields":{{"note":"{}"}}}}"#,
        "y".repeat(200)
    );
    assert_eq!(chunked(&sandbox, &big).await, 413);
    assert_eq!(
        sandbox.action(SEED_LEAD, SEED_CUSTOM_ACTION).unwrap()["fields"]["note"],
        "Call back next week"
    );
    assert_eq!(
        chunked(&sandbox, r#"{"type":"1001","fields":{"note":"ok"}}"#).await,
        200
    );
    assert_eq!(
        sandbox.action(SEED_LEAD, SEED_CUSTOM_ACTION).unwrap()["fields"]["note"],
        "ok"
    );
}

#[tokio::test]
async fn null_sets_null_and_deletes_nothing() {
    let sandbox = start().await;
    let answer = update(
        &sandbox,
        SEED_LEAD,
        SEED_CUSTOM_ACTION,
        r#"{"type":"1001","fields":{"note":null,"stage":"won"}}"#,
    )
    .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(
        answer.json(),
        json!({"type":"1001","fields":{"note":null,"stage":"won"}})
    );
    let fields = sandbox.action(SEED_LEAD, SEED_CUSTOM_ACTION).unwrap()["fields"].clone();
    assert!(fields.as_object().unwrap().contains_key("note"));
}

#[tokio::test]
async fn faults_come_before_auth_and_routing() {
    let sandbox = Sandbox::start(SandboxConfig::new().token(TOKEN).faults(Faults {
        error_rate: 1.0,
        error_status: 429,
        retry_after: Some("7".into()),
        ..Faults::default()
    }))
    .await
    .unwrap();
    for path in ["/nowhere", "/autoupdate/v2/enterprise/e/lead/l/action/a"] {
        let answer = raw(&sandbox, "POST", path, &[], "").await;
        assert_eq!(answer.status, 429, "{answer:?}");
        assert!(answer.head.to_lowercase().contains("retry-after: 7"));
        assert_eq!(answer.json()["error"]["message"], "Injected fault.");
    }
    assert_eq!(sandbox.requests().len(), 2);
    assert!(sandbox.requests().iter().all(|r| r.status == 429));
}

#[tokio::test]
async fn a_stale_temporary_file_does_not_break_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.json");
    let config = || SandboxConfig::new().token(TOKEN).state_file(&file);
    let sandbox = Sandbox::start(config()).await.unwrap();
    let answer = update(
        &sandbox,
        SEED_LEAD,
        SEED_PAYMENT_ACTION,
        r#"{"type":"PAYMENT","status":"REFUNDED"}"#,
    )
    .await;
    assert_eq!(answer.status, 200);
    sandbox.shutdown().await.unwrap();
    // As a crash in the middle of a save would leave them.
    std::fs::write(
        dir.path().join("state.json.tmp-999999-3"),
        b"{\"enterprise\":",
    )
    .unwrap();
    std::fs::write(
        format!("{}.tmp-{}-0", file.display(), std::process::id()),
        b"garbage",
    )
    .unwrap();
    let again = Sandbox::start(config()).await.unwrap();
    assert_eq!(
        again.action(SEED_LEAD, SEED_PAYMENT_ACTION).unwrap()["status"],
        "REFUNDED"
    );
    // And it still saves over them.
    let answer = update(
        &again,
        SEED_LEAD,
        SEED_PAYMENT_ACTION,
        r#"{"type":"PAYMENT","status":"COMPLETED"}"#,
    )
    .await;
    assert_eq!(answer.status, 200);
    // Committed to the database file, which the stale files did not touch.
    let db = rusqlite::Connection::open(&file).unwrap();
    let (enterprise, state): (String, String) = db
        .query_row(
            "SELECT enterprise, state FROM actions WHERE id = ?1",
            [SEED_PAYMENT_ACTION],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap();
    assert_eq!(enterprise, again.enterprise());
    let state: serde_json::Value = serde_json::from_str(&state).unwrap();
    assert_eq!(state["status"], "COMPLETED");
}

#[test]
fn dropping_outside_a_runtime_does_not_panic() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let sandbox = runtime
        .block_on(Sandbox::start(SandboxConfig::new()))
        .unwrap();
    assert!(sandbox.base_url().ends_with("/autoupdate/v2"));
    drop(runtime);
    drop(sandbox);
}

#[test]
fn generated_tokens_are_long_and_distinct() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (a, b) = runtime.block_on(async {
        (
            Sandbox::start(SandboxConfig::new()).await.unwrap(),
            Sandbox::start(SandboxConfig::new()).await.unwrap(),
        )
    });
    let hex = |t: &str| t.chars().filter(char::is_ascii_hexdigit).count();
    assert!(hex(a.token()) >= 32, "{}", a.token());
    assert_ne!(a.token(), b.token());
    assert!(!format!("{:?}", SandboxConfig::new().token("hush-SECRET")).contains("SECRET"));
}
