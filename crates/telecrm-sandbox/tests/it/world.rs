//! A world from a seed file: several enterprises, each with its own tokens,
//! workspace, team and leads; a token used on another enterprise is `401`.

use serde_json::{Value, json};
use telecrm_sandbox::{Sandbox, SandboxConfig};

use crate::{Answer, raw};

fn world() -> Value {
    json!({"enterprises": [
        {"id": "ent-shop", "token": "tok-shop", "async_token": "async-shop",
         "fields": [{"name": "phone", "type": "PHONE"}, {"name": "utm_source", "type": "TEXT"},
                    {"name": "plan", "type": "DROPDOWN", "options": ["Basic", "Pro"]},
                    {"name": "status", "type": "STATUS"}],
         "pipeline": [{"type": "OPEN", "active": ["New"], "archived": ["Stale"]},
                      {"type": "WON", "active": ["Paid"]}, {"type": "LOST", "active": ["Gone"]}],
         "lost_reasons": ["Price"],
         "custom_actions": [{"code": "2001", "name": "Call back", "score": 5,
                             "fields": [{"name": "note", "type": "TEXT"}]}],
         "team": [{"name": "Asha", "email": "asha@shop.example", "phone_number": "919800000001",
                   "role": "ADMIN"}],
         "leads": [{"phone": "919800000002", "utm_source": "google", "status": "New"}]},
        {"id": "ent-other", "token": "tok-other"}
    ]})
}

async fn start(dir: &tempfile::TempDir, state: bool) -> Sandbox {
    let file = dir.path().join("world.json");
    std::fs::write(&file, world().to_string()).unwrap();
    let mut config = SandboxConfig::new().world_file(&file);
    if state {
        config = config.state_file(dir.path().join("world.db"));
    }
    Sandbox::start(config).await.unwrap()
}

async fn call(
    sandbox: &Sandbox,
    method: &str,
    enterprise: &str,
    rest: &str,
    token: &str,
    body: &str,
) -> Answer {
    let path = format!("/autoupdate/v2/enterprise/{enterprise}{rest}");
    let auth = format!("Bearer {token}");
    raw(
        sandbox,
        method,
        &path,
        &[
            ("Authorization", &auth),
            ("Content-Type", "application/json"),
        ],
        body,
    )
    .await
}

#[tokio::test]
async fn each_enterprise_has_its_own_workspace_team_and_leads() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = start(&dir, false).await;
    let all = sandbox.enterprises();
    assert_eq!(all.len(), 2);
    assert_eq!(
        (all[0].enterprise.as_str(), all[0].token.as_str()),
        ("ent-shop", "tok-shop")
    );
    assert_eq!(all[1].token, "tok-other");
    assert!(all[1].async_token.len() >= 16, "made up");
    assert!(!format!("{all:?}").contains("tok-shop"));

    // The seed's lead, found by the field only this workspace has.
    let found = call(
        &sandbox,
        "POST",
        "ent-shop",
        "/lead/search",
        "tok-shop",
        r#"{"fields":{"utm_source":"google"}}"#,
    )
    .await;
    assert_eq!(found.json()["total_count"], 1, "{}", found.body);
    let created = call(&sandbox, "POST", "ent-shop", "/lead", "tok-shop",
        r#"{"fields":{"phone":"919800000003","utm_source":"newsletter","plan":"Pro","status":"Paid","city":"Pune"}}"#).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let remarks = created.json()["remarks"].clone();
    assert_eq!(
        remarks.as_array().unwrap().len(),
        1,
        "city is not a field here: {remarks}"
    );
    assert_eq!(remarks[0]["field"], "fields.city");
    let pipeline = call(
        &sandbox,
        "GET",
        "ent-shop",
        "/lead-stage-pipeline",
        "tok-shop",
        "",
    )
    .await;
    assert!(
        pipeline.body.contains("\"Stale\"") && !pipeline.body.contains("Fresh"),
        "{}",
        pipeline.body
    );
    let actions = call(
        &sandbox,
        "GET",
        "ent-shop",
        "/custom-actions",
        "tok-shop",
        "",
    )
    .await;
    assert!(actions.body.contains("ACTION_2001") && !actions.body.contains("ACTION_1001"));
    let team = call(&sandbox, "GET", "ent-shop", "/team-members", "tok-shop", "").await;
    assert_eq!(team.json()["total_count"], 1, "{}", team.body);

    // The other enterprise: the built-in workspace, no leads, its own team.
    let empty = call(
        &sandbox,
        "POST",
        "ent-other",
        "/lead/search",
        "tok-other",
        "{}",
    )
    .await;
    assert_eq!(empty.json()["total_count"], 0, "{}", empty.body);
    let fields = call(
        &sandbox,
        "GET",
        "ent-other",
        "/custom-fields/city",
        "tok-other",
        "",
    )
    .await;
    assert_eq!(fields.status, 200);
}

#[tokio::test]
async fn a_token_on_an_enterprise_it_does_not_serve_is_401_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = start(&dir, false).await;
    let refused = call(
        &sandbox,
        "POST",
        "ent-other",
        "/lead/search",
        "tok-shop",
        "{}",
    )
    .await;
    assert_eq!(refused.status, 401, "{refused:?}");
    assert_eq!(refused.json()["error"]["code"], "NOT_AUTHORIZED");
    assert_eq!(
        refused.json()["error"]["message"],
        "Token is not valid for enterprise with ID ent-other."
    );
    // An enterprise nobody serves: the same 401, naming it.
    let unknown = call(&sandbox, "GET", "ent-none", "/metadata", "tok-shop", "").await;
    assert_eq!(unknown.status, 401);
    assert_eq!(
        unknown.json()["error"]["message"],
        "Token is not valid for enterprise with ID ent-none."
    );
    // And the Async API, the same way.
    let other_async = sandbox.enterprises()[1].async_token.clone();
    let queued = raw(
        &sandbox,
        "POST",
        "/async/enterprise/ent-shop/autoupdatelead",
        &[
            ("Authorization", &format!("Bearer {other_async}")),
            ("Content-Type", "application/json"),
        ],
        r#"{"fields":{"phone":"919800000009"}}"#,
    )
    .await;
    assert_eq!(queued.status, 401, "{queued:?}");
    assert!(queued.body.contains("ent-shop"));
}

#[tokio::test]
async fn a_world_on_a_state_file_keeps_each_enterprise_apart() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = start(&dir, true).await;
    let queued = raw(
        &sandbox,
        "POST",
        "/async/enterprise/ent-shop/autoupdatelead",
        &[
            ("Authorization", "Bearer async-shop"),
            ("Content-Type", "application/json"),
        ],
        r#"{"fields":{"phone":"919800000004","utm_source":"async"}}"#,
    )
    .await;
    assert_eq!(queued.status, 200);
    sandbox.drain_ingest().await;
    sandbox.shutdown().await.unwrap();

    let sandbox = start(&dir, true).await;
    let shop = call(
        &sandbox,
        "POST",
        "ent-shop",
        "/lead/search",
        "tok-shop",
        "{}",
    )
    .await;
    assert_eq!(
        shop.json()["total_count"],
        2,
        "seed lead once, and the queued one: {}",
        shop.body
    );
    let other = call(
        &sandbox,
        "POST",
        "ent-other",
        "/lead/search",
        "tok-other",
        "{}",
    )
    .await;
    assert_eq!(other.json()["total_count"], 0);
}
