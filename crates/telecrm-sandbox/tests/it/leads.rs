//! The Leads group: create, get, update and search as the docs describe them,
//! over raw HTTP.

use serde_json::{Value, json};
use telecrm_sandbox::{SEED_LEAD, Sandbox, SandboxConfig};

use crate::{Answer, TOKEN, raw, start};

fn base(sandbox: &Sandbox) -> String {
    format!("/autoupdate/v2/enterprise/{}/lead", sandbox.enterprise())
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

async fn create(sandbox: &Sandbox, body: Value) -> Answer {
    post(sandbox, &base(sandbox), &body.to_string()).await
}

async fn get(sandbox: &Sandbox, lead: &str, query: &str) -> Answer {
    let auth = format!("Bearer {}", sandbox.token());
    let path = format!("{}/{lead}{query}", base(sandbox));
    raw(
        sandbox,
        "GET",
        &path,
        &[("Authorization", auth.as_str())],
        "",
    )
    .await
}

async fn search(sandbox: &Sandbox, query: &str, body: Value) -> Value {
    let answer = post(
        sandbox,
        &format!("{}/search{query}", base(sandbox)),
        &body.to_string(),
    )
    .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    answer.json()
}

fn error(answer: &Answer, status: u16, code: &str) -> String {
    assert_eq!(answer.status, status, "{answer:?}");
    let body = answer.json();
    assert_eq!(body["error"]["code"], code, "{body}");
    body["error"]["message"].as_str().unwrap().to_owned()
}

fn names(page: &Value) -> Vec<String> {
    page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["fields"]["name"].as_str().unwrap_or("?").to_owned())
        .collect()
}

async fn people(sandbox: &Sandbox) {
    for (name, phone, city, interests, status) in [
        ("Asha", "919800000001", "Pune", json!(["VIP"]), "Fresh"),
        (
            "Bala",
            "919800000002",
            "Mumbai",
            json!(["VIP", "Returning"]),
            "Won",
        ),
        (
            "Chitra",
            "919800000003",
            "pune",
            json!(["Returning"]),
            "Won",
        ),
        ("Dev", "919800000004", "Delhi", json!([]), "Lost"),
    ] {
        let answer = create(
            sandbox,
            json!({"fields": {"name": name, "phone": phone, "city": city, "interests": interests, "status": status}}),
        )
        .await;
        assert_eq!(answer.status, 201, "{answer:?}");
    }
}

#[tokio::test]
async fn the_create_page_example() {
    let sandbox = start().await;
    let answer = create(
        &sandbox,
        json!({
            "fields": {"name": "Jane Roe", "phone": "919888888888", "email": "jane.roe@example.com", "rating": 9},
            "actions": [{"type": "1001", "fields": {"note": "Site visit completed"}}]
        }),
    )
    .await;
    assert_eq!(answer.status, 201, "{answer:?}");
    let body = answer.json();
    let lead = body["lead_id"].as_str().unwrap().to_owned();
    assert_eq!(body["actions"][0]["status"], "CREATED");
    assert_eq!(
        body["remarks"],
        json!([{"field": "fields.rating", "status": "IGNORED", "remark": "Rating must be between 1 and 5"}])
    );
    assert!(answer.body.starts_with(r#"{"lead_id":"#));
    // The lead exists, without the ignored field, with its action.
    let got = get(&sandbox, &lead, "?includeActions=true&limit=5").await;
    assert_eq!(got.status, 200, "{got:?}");
    let got = got.json();
    assert_eq!(got["fields"]["name"], "Jane Roe");
    assert!(got["fields"].get("rating").is_none());
    assert_eq!(got["actions"][0]["fields"]["note"], "Site visit completed");
    assert_eq!(
        (got["actions_skip"].clone(), got["actions_limit"].clone()),
        (json!(0), json!(5))
    );
}

#[tokio::test]
async fn create_refusals() {
    let sandbox = start().await;
    let message = error(
        &create(&sandbox, json!({"fields": {"name": "No Phone"}})).await,
        400,
        "BAD_REQUEST",
    );
    assert_eq!(message, "Lead identifier field phone is required.");
    error(
        &create(&sandbox, json!({"fields": {"phone": "12-34"}})).await,
        400,
        "BAD_REQUEST",
    );
    error(
        &create(&sandbox, json!({"fields": []})).await,
        400,
        "BAD_REQUEST",
    );
    error(
        &create(
            &sandbox,
            json!({"fields": {"phone": "919800000009"}, "x": 1}),
        )
        .await,
        400,
        "BAD_REQUEST",
    );
    assert_eq!(
        error(
            &create(
                &sandbox,
                json!({"fields": {"phone": "919800000009"}, "actions": [{"type": "SMS"}]})
            )
            .await,
            400,
            "BAD_REQUEST"
        ),
        "Only custom actions and payment actions can be created"
    );
    // The seed lead's phone, written three ways: the same lead, 409.
    for phone in ["919999999999", "+919999999999", "9999999999"] {
        error(
            &create(&sandbox, json!({"fields": {"phone": phone}})).await,
            409,
            "LEAD_ALREADY_EXISTS",
        );
    }
    // Nothing was created by any of them.
    assert_eq!(search(&sandbox, "", json!({})).await["total_count"], 1);
}

#[tokio::test]
async fn fields_of_the_wrong_type_are_ignored_one_by_one() {
    let sandbox = start().await;
    let body = create(
        &sandbox,
        json!({"fields": {
            "phone": "919800000010", "name": "Typed", "email": "nope", "contact_source": "TV",
            "interests": "VIP", "deal_size": "big", "follow_up_date": "2026-01-01", "status": "fresh",
            "unknown_field": 1, "website": "example.com", "assignee": "agent@company.com",
            "budget": "1000", "lost_reason": "No Need"
        }}),
    )
    .await
    .json();
    let ignored: Vec<&str> = body["remarks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        ignored,
        [
            "fields.deal_size",
            "fields.email",
            "fields.follow_up_date",
            "fields.interests",
            "fields.status",
            "fields.unknown_field",
            "fields.website",
        ]
    );
    let lead = body["lead_id"].as_str().unwrap();
    let mut fields = get(&sandbox, lead, "").await.json()["fields"].clone();
    // The times real answers carry beside the fields (tests/it/fidelity.rs).
    let times = fields.as_object_mut().unwrap();
    assert!(times.remove("created_on").is_some() && times.remove("modified_on").is_some());
    assert_eq!(
        fields,
        json!({"phone": "919800000010", "name": "Typed", "assignee": "agent@company.com", "budget": "1000", "lost_reason": "No Need", "contact_source": "TV"})
    );
}

#[tokio::test]
async fn get_as_the_docs_say() {
    let sandbox = start().await;
    let answer = get(&sandbox, SEED_LEAD, "").await;
    // The docs' example, with what real answers carry beside it: both IDs,
    // the top-level status and the lead's times.
    assert_eq!(
        answer.json(),
        json!({"id": SEED_LEAD, "_id": SEED_LEAD, "status": "Fresh",
               "fields": {"name": "Jane Doe", "phone": "919999999999", "email": "jane.doe@example.com", "status": "Fresh", "rating": 4,
                          "created_on": 1_772_355_600_000_i64, "modified_on": 1_772_355_600_000_i64}})
    );
    assert!(answer.json().get("actions").is_none());
    let with = get(&sandbox, SEED_LEAD, "?includeActions=true&skip=1&limit=2")
        .await
        .json();
    assert_eq!(with["actions"].as_array().unwrap().len(), 2);
    assert_eq!(with["actions"][0]["type"], "OUTGOING_CALL");
    for query in [
        "?includeActions=true&limit=0",
        "?includeActions=true&limit=101",
    ] {
        assert_eq!(
            error(&get(&sandbox, SEED_LEAD, query).await, 400, "BAD_REQUEST"),
            "Limit should be between 1 and 100"
        );
    }
    // Ignored without includeActions, as the docs say.
    assert_eq!(get(&sandbox, SEED_LEAD, "?limit=500").await.status, 200);
    assert_eq!(
        error(&get(&sandbox, "62ab16e", "").await, 404, "LEAD_NOT_FOUND"),
        "The lead with ID 62ab16e was not found."
    );
}

#[tokio::test]
async fn update_as_the_docs_say() {
    let sandbox = start().await;
    let path = format!("{}/{SEED_LEAD}", base(&sandbox));
    let answer = post(
        &sandbox,
        &path,
        r#"{"fields":{"status":"Qualified","rating":4}}"#,
    )
    .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.json()["fields"]["status"], "Qualified");
    assert_eq!(answer.json()["fields"]["name"], "Jane Doe");
    let message = error(
        &post(&sandbox, &path, r#"{"fields":{"phone":"919111111111"}}"#).await,
        403,
        "INVALID_LEAD",
    );
    assert_eq!(message, "Cannot modify lead identifier field");
    // An unknown status label is dropped, the rest applied.
    let answer = post(
        &sandbox,
        &path,
        r#"{"fields":{"status":"Nonexistent","city":"Pune"}}"#,
    )
    .await;
    assert_eq!(answer.json()["fields"]["status"], "Qualified");
    assert_eq!(answer.json()["fields"]["city"], "Pune");
    error(
        &post(&sandbox, &path, r#"{"fields":{"rating":7}}"#).await,
        400,
        "BAD_REQUEST",
    );
    error(
        &post(&sandbox, &path, r#"{"fields":{"nope":1}}"#).await,
        400,
        "BAD_REQUEST",
    );
    let missing = format!("{}/62ab16e", base(&sandbox));
    assert_eq!(
        error(
            &post(&sandbox, &missing, r#"{"fields":{"city":"x"}}"#).await,
            404,
            "LEAD_NOT_FOUND"
        ),
        "Lead with ID 62ab16e was not found."
    );
}

#[tokio::test]
async fn search_semantics() {
    let sandbox = start().await;
    people(&sandbox).await;
    // Newest first; the seed (oldest) last.
    assert_eq!(
        names(&search(&sandbox, "", json!({})).await),
        ["Dev", "Chitra", "Bala", "Asha", "Jane Doe"]
    );
    let cases = [
        // Case-insensitive, exact.
        (json!({"fields": {"city": "PUNE"}}), vec!["Chitra", "Asha"]),
        (json!({"fields": {"city": "Pun"}}), vec![]),
        // OR within a field.
        (
            json!({"fields": {"city": ["Delhi", "Mumbai"]}}),
            vec!["Dev", "Bala"],
        ),
        // AND across fields.
        (
            json!({"fields": {"city": "pune", "status": "Won"}}),
            vec!["Chitra"],
        ),
        // Tags match any element.
        (
            json!({"fields": {"interests": "vip"}}),
            vec!["Bala", "Asha"],
        ),
        // Phone numbers as the identifier rules read them.
        (json!({"fields": {"phone": "+919800000002"}}), vec!["Bala"]),
        (json!({"fields": {"phone": "9800000002"}}), vec!["Bala"]),
        // A range on creation time.
        (
            json!({"fields": {"created_on": {"to": "31/03/2026 00:00:00"}}}),
            vec!["Jane Doe"],
        ),
        // The actions block: the seed lead has an outgoing call by agent@company.com in April 2026.
        (
            json!({"actions": {"type": ["OUTGOING_CALL"], "performed_by": "agent@company.com",
                   "performed_at": {"from": "01/04/2026 00:00:00", "to": "30/04/2026 23:59:59"}}}),
            vec!["Jane Doe"],
        ),
        (
            json!({"actions": {"type": "OUTGOING_CALL", "performed_by": "priya@example.com"}}),
            vec![],
        ),
    ];
    for (body, expected) in cases {
        let page = search(&sandbox, "", body.clone()).await;
        assert_eq!(names(&page), expected, "{body}");
        assert_eq!(page["total_count"], expected.len(), "{body}");
    }
    for body in [
        json!({"field": {}}),
        json!({"fields": []}),
        json!({"fields": {"city": []}}),
        json!({"fields": {"created_on": {"from": "yesterday"}}}),
        json!({"actions": {"kind": "x"}}),
    ] {
        let answer = post(
            &sandbox,
            &format!("{}/search", base(&sandbox)),
            &body.to_string(),
        )
        .await;
        assert_eq!(
            error(&answer, 400, "BAD_REQUEST"),
            "Invalid filter",
            "{body}"
        );
    }
}

#[tokio::test]
async fn search_pages_and_ids_lead_to_get_and_update() {
    let sandbox = start().await;
    people(&sandbox).await;
    let mut seen = Vec::new();
    for skip in [0, 2, 4] {
        let page = search(&sandbox, &format!("?skip={skip}&limit=2"), json!({})).await;
        assert_eq!(page["total_count"], 5);
        assert_eq!(
            (page["skip"].clone(), page["limit"].clone()),
            (json!(skip), json!(2))
        );
        seen.extend(names(&page));
    }
    assert_eq!(seen, ["Dev", "Chitra", "Bala", "Asha", "Jane Doe"]);
    for query in ["?limit=0", "?limit=101"] {
        let answer = post(&sandbox, &format!("{}/search{query}", base(&sandbox)), "{}").await;
        assert_eq!(
            error(&answer, 400, "BAD_REQUEST"),
            "Limit should be between 1 and 100"
        );
    }
    // Search, then get and update by the `_id` an item carries.
    let page = search(&sandbox, "", json!({"fields": {"name": "bala"}})).await;
    let id = page["data"][0]["_id"].as_str().unwrap().to_owned();
    assert_eq!(
        get(&sandbox, &id, "").await.json()["fields"]["city"],
        "Mumbai"
    );
    let answer = post(
        &sandbox,
        &format!("{}/{id}", base(&sandbox)),
        r#"{"fields":{"city":"Chennai"}}"#,
    )
    .await;
    assert_eq!(answer.status, 200);
    let page = search(&sandbox, "", json!({"fields": {"city": "chennai"}})).await;
    assert_eq!(names(&page), ["Bala"]);
    // A lead that exists takes actions.
    let answer = post(
        &sandbox,
        &format!("{}/{id}/action", base(&sandbox)),
        r#"{"actions":[{"type":"1002"}]}"#,
    )
    .await;
    assert_eq!(answer.status, 200, "{answer:?}");
}

#[tokio::test]
async fn leads_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.json");
    let config = || SandboxConfig::new().token(TOKEN).state_file(&file);
    let sandbox = Sandbox::start(config()).await.unwrap();
    people(&sandbox).await;
    let before = search(&sandbox, "", json!({})).await;
    sandbox.shutdown().await.unwrap();
    let sandbox = Sandbox::start(config()).await.unwrap();
    assert_eq!(search(&sandbox, "", json!({})).await, before);
    error(
        &create(&sandbox, json!({"fields": {"phone": "919800000001"}})).await,
        409,
        "LEAD_ALREADY_EXISTS",
    );
}

#[tokio::test]
async fn concurrent_creates_of_one_identifier_make_one_lead() {
    let sandbox = std::sync::Arc::new(start().await);
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let sandbox = sandbox.clone();
            tokio::spawn(async move {
                create(&sandbox, json!({"fields": {"phone": "919800000077"}}))
                    .await
                    .status
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    statuses.sort_unstable();
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        15,
        "{statuses:?}"
    );
}
