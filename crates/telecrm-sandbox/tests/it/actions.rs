//! The Actions group beside Update: create, get and search on a real
//! timeline, by the docs' examples and errors, over raw HTTP.

use serde_json::{Value, json};
use telecrm_sandbox::{
    SEED_CUSTOM_ACTION, SEED_INCOMING_CALL, SEED_LEAD, SEED_OUTGOING_CALL, SEED_PAYMENT_ACTION,
    Sandbox, SandboxConfig,
};

use crate::{Answer, TOKEN, raw, start, update};

fn stem(sandbox: &Sandbox, lead: &str) -> String {
    format!(
        "/autoupdate/v2/enterprise/{}/lead/{lead}/action",
        sandbox.enterprise()
    )
}

async fn post(sandbox: &Sandbox, path: &str, body: &str) -> Answer {
    let auth = format!("Bearer {}", sandbox.token());
    raw(
        sandbox,
        "POST",
        path,
        &[
            ("Authorization", auth.as_str()),
            ("Content-Type", "application/json"),
        ],
        body,
    )
    .await
}

async fn create(sandbox: &Sandbox, lead: &str, body: &str) -> Answer {
    post(sandbox, &stem(sandbox, lead), body).await
}

async fn search(sandbox: &Sandbox, lead: &str, query: &str, body: &str) -> Answer {
    post(
        sandbox,
        &format!("{}/search{query}", stem(sandbox, lead)),
        body,
    )
    .await
}

async fn get(sandbox: &Sandbox, lead: &str, action: &str) -> Answer {
    let auth = format!("Bearer {}", sandbox.token());
    let path = format!("{}/{action}", stem(sandbox, lead));
    raw(
        sandbox,
        "GET",
        &path,
        &[("Authorization", auth.as_str())],
        "",
    )
    .await
}

fn error(answer: &Answer, status: u16, code: &str) -> String {
    assert_eq!(answer.status, status, "{answer:?}");
    let body = answer.json();
    assert_eq!(body["error"]["code"], code, "{body}");
    body["error"]["message"].as_str().unwrap().to_owned()
}

fn is_new_id(id: &Value) -> bool {
    id.as_str()
        .is_some_and(|id| id.len() == 24 && id.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn ids(page: &Value) -> Vec<String> {
    page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_create_page_example() {
    let sandbox = start().await;
    let answer = create(
        &sandbox,
        SEED_LEAD,
        r#"{"actions":[{"type":"1001","fields":{"note":"Demo scheduled"}},{"type":"PAYMENT","status":"PENDING","currency":"INR","amount":"10000"}]}"#,
    )
    .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    let body = answer.json();
    assert_eq!(body["lead_id"], SEED_LEAD);
    for outcome in body["actions"].as_array().unwrap() {
        assert_eq!(outcome["status"], "CREATED");
        assert!(is_new_id(&outcome["action_id"]), "{outcome}");
    }
    assert_eq!(body["remarks"], json!([]));
    let payment = body["actions"][1]["action_id"].as_str().unwrap();
    assert_eq!(
        sandbox.action(SEED_LEAD, payment).unwrap(),
        json!({"type":"PAYMENT","status":"PENDING","currency":"INR","amount":"10000"})
    );
}

#[tokio::test]
async fn an_invalid_entry_is_ignored_with_the_documented_remark() {
    let sandbox = start().await;
    let answer = create(
        &sandbox,
        SEED_LEAD,
        r#"{"actions":[{"type":"1001","fields":{"note":"ok"}},{"type":"1001","fields":{"email":"not-an-email"}}]}"#,
    )
    .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    let id = answer.json()["actions"][0]["action_id"].clone();
    assert!(is_new_id(&id));
    // Key for key as the docs print them.
    assert_eq!(
        answer.body,
        format!(
            r#"{{"lead_id":"{SEED_LEAD}","actions":[{{"action_id":{id},"status":"CREATED"}},{{"action_id":null,"status":"IGNORED"}}],"remarks":[{{"field":"actions[1].fields.email","status":"IGNORED","remark":"Email is invalid"}}]}}"#
        )
    );
    assert_eq!(sandbox.timeline(SEED_LEAD).len(), 5);
}

#[tokio::test]
async fn entries_are_judged_one_by_one() {
    let sandbox = start().await;
    let answer = create(
        &sandbox,
        SEED_LEAD,
        r#"{"actions":[
            {"type":"ACTION_1001"},
            {"type":"1003"},
            {"type":"PAYMENT","status":"PAID","currency":"EUR","amount":"0"},
            {"type":"1001","fields":{"outcome":"Maybe"},"note":"x"},
            "text",
            {"type":"1002"}
        ]}"#,
    )
    .await;
    let body = answer.json();
    let statuses: Vec<&str> = body["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        [
            "IGNORED", "IGNORED", "IGNORED", "IGNORED", "IGNORED", "CREATED"
        ]
    );
    let fields: Vec<&str> = body["remarks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "actions[0].type",
            "actions[1].type",
            "actions[2].status",
            "actions[2].currency",
            "actions[2].amount",
            "actions[3].note",
            "actions[3].fields.outcome",
            "actions[4]",
        ]
    );
}

#[tokio::test]
async fn create_errors() {
    let sandbox = start().await;
    let before = sandbox.timeline(SEED_LEAD).len();
    let message = error(
        &create(
            &sandbox,
            SEED_LEAD,
            r#"{"actions":[{"type":"1001"},{"type":"INCOMING_CALL"}]}"#,
        )
        .await,
        400,
        "BAD_REQUEST",
    );
    assert_eq!(
        message,
        "Only custom actions and payment actions can be created"
    );
    for body in [
        r#"{"actions":[]}"#,
        r#"{}"#,
        r#"{"actions":{}}"#,
        r#"{"actions":[{"type":"1001"}],"x":1}"#,
    ] {
        error(&create(&sandbox, SEED_LEAD, body).await, 400, "BAD_REQUEST");
    }
    // Nothing was created by any of them.
    assert_eq!(sandbox.timeline(SEED_LEAD).len(), before);
    let message = error(
        &create(&sandbox, "nope", r#"{"actions":[{"type":"1001"}]}"#).await,
        404,
        "LEAD_NOT_FOUND",
    );
    assert_eq!(message, "Lead with given ID was not found.");
}

#[tokio::test]
async fn get_answers_as_the_docs_say() {
    let sandbox = start().await;
    let answer = get(&sandbox, SEED_LEAD, SEED_CUSTOM_ACTION).await;
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.body,
        r#"{"type":"1001","fields":{"note":"Call back next week"}}"#
    );
    let answer = get(&sandbox, SEED_LEAD, SEED_PAYMENT_ACTION).await;
    assert_eq!(
        answer.body,
        r#"{"type":"PAYMENT","status":"PENDING","currency":"INR","amount":"5000"}"#
    );
    assert_eq!(
        error(
            &get(&sandbox, SEED_LEAD, SEED_OUTGOING_CALL).await,
            400,
            "BAD_REQUEST"
        ),
        "Only custom actions and payment actions can be retrieved"
    );
    assert_eq!(
        error(
            &get(&sandbox, SEED_LEAD, "62ab16e").await,
            404,
            "ACTION_NOT_FOUND"
        ),
        "Action with ID 62ab16e was not found."
    );
    // A built-in action cannot be updated either.
    let answer = update(
        &sandbox,
        SEED_LEAD,
        SEED_OUTGOING_CALL,
        r#"{"type":"OUTGOING_CALL"}"#,
    )
    .await;
    error(&answer, 400, "BAD_REQUEST");
    // No token, no answer.
    let path = format!("{}/{SEED_CUSTOM_ACTION}", stem(&sandbox, SEED_LEAD));
    error(
        &raw(&sandbox, "GET", &path, &[], "").await,
        401,
        "NOT_AUTHORIZED",
    );
}

#[tokio::test]
async fn the_search_page_example() {
    let sandbox = start().await;
    let answer = search(
        &sandbox,
        SEED_LEAD,
        "",
        r#"{"type":"OUTGOING_CALL","created_on":{"from":"01/04/2026 00:00:00","to":"30/04/2026 23:59:59"}}"#,
    )
    .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    let page = answer.json();
    assert_eq!(page["total_count"], 1);
    assert_eq!(page["skip"], 0);
    assert_eq!(page["limit"], 10);
    assert_eq!(page["data"][0]["type"], "OUTGOING_CALL");
    assert_eq!(page["data"][0]["id"], SEED_OUTGOING_CALL);
    assert!(
        answer.body.starts_with(r#"{"data":[{"id":"#),
        "{}",
        answer.body
    );
    assert!(
        answer
            .body
            .ends_with(r#""total_count":1,"skip":0,"limit":10}"#)
    );
}

#[tokio::test]
async fn search_filters() {
    let sandbox = start().await;
    let all = search(&sandbox, SEED_LEAD, "", "").await.json();
    assert_eq!(
        ids(&all),
        [
            SEED_INCOMING_CALL,
            SEED_OUTGOING_CALL,
            SEED_PAYMENT_ACTION,
            SEED_CUSTOM_ACTION
        ]
    );
    let cases = [
        (
            r#"{"type":["payment","1001"]}"#,
            vec![SEED_PAYMENT_ACTION, SEED_CUSTOM_ACTION],
        ),
        (
            r#"{"created_on":{"from":1775813400000}}"#,
            vec![SEED_INCOMING_CALL, SEED_OUTGOING_CALL],
        ),
        (
            r#"{"created_on":{"to":"15/03/2026 12:00:00"}}"#,
            vec![SEED_PAYMENT_ACTION, SEED_CUSTOM_ACTION],
        ),
        (
            r#"{"created_on":{"from":"01/06/2026 00:00:00","to":"01/01/2026 00:00:00"}}"#,
            vec![],
        ),
        (
            r#"{"performed_by":"5f8a1b2c3d4e5f6a7b8c9d02"}"#,
            vec![SEED_INCOMING_CALL, SEED_OUTGOING_CALL],
        ),
        (r#"{"performed_by":["x"],"type":"SMS"}"#, vec![]),
    ];
    for (body, expected) in cases {
        let page = search(&sandbox, SEED_LEAD, "", body).await.json();
        assert_eq!(ids(&page), expected, "{body}");
        assert_eq!(page["total_count"], expected.len(), "{body}");
    }
}

#[tokio::test]
async fn search_errors_and_bounds() {
    let sandbox = start().await;
    for query in ["?limit=0", "?limit=101", "?limit=ten"] {
        assert_eq!(
            error(
                &search(&sandbox, SEED_LEAD, query, "{}").await,
                400,
                "BAD_REQUEST"
            ),
            "Limit should be between 1 and 100"
        );
    }
    error(
        &search(&sandbox, SEED_LEAD, "?skip=-1", "{}").await,
        400,
        "BAD_REQUEST",
    );
    for body in [
        r#"{"kind":"SMS"}"#,
        r#"{"created_on":{"from":"2026-04-01"}}"#,
        r#"{"created_on":"April"}"#,
        r#"{"type":7}"#,
        "[]",
    ] {
        let answer = search(&sandbox, SEED_LEAD, "", body).await;
        let message = error(&answer, 400, "BAD_REQUEST");
        assert!(
            message == "Invalid filter" || message == "Request body must be a JSON object.",
            "{body}: {message}"
        );
    }
    assert_eq!(
        error(
            &search(&sandbox, "nope", "", "{}").await,
            404,
            "LEAD_NOT_FOUND"
        ),
        "Lead with given ID was not found."
    );
    let page = search(&sandbox, SEED_LEAD, "?skip=100&limit=100", "{}")
        .await
        .json();
    assert_eq!(page["data"], json!([]));
    assert_eq!(page["total_count"], 4);
}

#[tokio::test]
async fn created_then_found_then_read_then_updated() {
    let sandbox = start().await;
    let created = create(
        &sandbox,
        SEED_LEAD,
        r#"{"actions":[{"type":"PAYMENT","status":"PENDING","currency":"USD","amount":"99.50"}]}"#,
    )
    .await
    .json();
    let id = created["actions"][0]["action_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let page = search(&sandbox, SEED_LEAD, "?limit=1", "{}").await.json();
    assert_eq!(ids(&page), std::slice::from_ref(&id));
    assert!(page["data"][0]["created_on"].as_i64().unwrap() > 1_777_708_800_000);
    assert_eq!(
        get(&sandbox, SEED_LEAD, &id).await.body,
        r#"{"type":"PAYMENT","status":"PENDING","currency":"USD","amount":"99.50"}"#
    );
    let refused = update(
        &sandbox,
        SEED_LEAD,
        &id,
        r#"{"type":"PAYMENT","amount":"1"}"#,
    )
    .await;
    error(&refused, 400, "BAD_REQUEST");
    let answer = update(
        &sandbox,
        SEED_LEAD,
        &id,
        r#"{"type":"PAYMENT","status":"COMPLETED"}"#,
    )
    .await;
    assert_eq!(answer.status, 200);
    assert_eq!(
        get(&sandbox, SEED_LEAD, &id).await.body,
        r#"{"type":"PAYMENT","status":"COMPLETED","currency":"USD","amount":"99.50"}"#
    );
}

#[tokio::test]
async fn pages_cover_the_timeline_once() {
    let sandbox = start().await;
    let actions: Vec<Value> = (0..25)
        .map(|n| json!({"type":"1001","fields":{"note": n}}))
        .collect();
    let body = json!({ "actions": actions }).to_string();
    let created = create(&sandbox, SEED_LEAD, &body).await.json();
    let new: Vec<String> = created["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action_id"].as_str().unwrap().to_owned())
        .collect();
    let mut seen = Vec::new();
    for skip in [0, 10, 20] {
        let page = search(&sandbox, SEED_LEAD, &format!("?skip={skip}&limit=10"), "{}")
            .await
            .json();
        assert_eq!(page["total_count"], 29);
        seen.extend(ids(&page));
    }
    assert_eq!(seen.len(), 29);
    // Created in one request, same time: newest (last inserted) first; the seeds last.
    let expected: Vec<String> = new
        .iter()
        .rev()
        .cloned()
        .chain(
            [
                SEED_INCOMING_CALL,
                SEED_OUTGOING_CALL,
                SEED_PAYMENT_ACTION,
                SEED_CUSTOM_ACTION,
            ]
            .map(String::from),
        )
        .collect();
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn created_actions_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.json");
    let config = || SandboxConfig::new().token(TOKEN).state_file(&file);
    let sandbox = Sandbox::start(config()).await.unwrap();
    create(
        &sandbox,
        SEED_LEAD,
        r#"{"actions":[{"type":"1001","fields":{"note":"a"}},{"type":"1002"}]}"#,
    )
    .await;
    let before = search(&sandbox, SEED_LEAD, "", "{}").await.body;
    sandbox.shutdown().await.unwrap();
    let sandbox = Sandbox::start(config()).await.unwrap();
    assert_eq!(search(&sandbox, SEED_LEAD, "", "{}").await.body, before);
}

#[tokio::test]
async fn concurrent_creates_get_distinct_ids() {
    let sandbox = std::sync::Arc::new(start().await);
    let body = json!({"actions": vec![json!({"type":"1002"}); 5]}).to_string();
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let (sandbox, body) = (sandbox.clone(), body.clone());
            tokio::spawn(async move { create(&sandbox, SEED_LEAD, &body).await.json() })
        })
        .collect();
    let mut all = std::collections::BTreeSet::new();
    for task in tasks {
        for outcome in task.await.unwrap()["actions"].as_array().unwrap() {
            assert!(all.insert(outcome["action_id"].as_str().unwrap().to_owned()));
        }
    }
    assert_eq!(all.len(), 80);
    assert_eq!(sandbox.timeline(SEED_LEAD).len(), 84);
}
