//! Live fidelity (issue 20: 4): the sandbox answers as the real service does
//! beyond the documented examples (`../shared/telecrm-api.md`, "What real
//! answers carry"), both spellings everywhere.

use serde_json::{Value, json};
use telecrm_sandbox::{Clock, SEED_LEAD, SEED_PAYMENT_ACTION, Sandbox, SandboxConfig};

use crate::{Answer, TOKEN, raw};

const START_MS: i64 = 1_780_000_000_000;
const PRIYA: &str = "5f8a1b2c3d4e5f6a7b8c9d01";

async fn start_at(step_ms: i64) -> Sandbox {
    Sandbox::start(SandboxConfig::new().token(TOKEN).clock(Clock::Fixed {
        start_ms: START_MS,
        step_ms,
    }))
    .await
    .unwrap()
}

async fn call(sandbox: &Sandbox, method: &str, rest: &str, body: Value) -> Answer {
    let path = format!("/autoupdate/v2/enterprise/{}{rest}", sandbox.enterprise());
    let auth = format!("Bearer {}", sandbox.token());
    let body = if method == "GET" {
        String::new()
    } else {
        body.to_string()
    };
    raw(
        sandbox,
        method,
        &path,
        &[
            ("Authorization", &auth),
            ("Content-Type", "application/json"),
        ],
        &body,
    )
    .await
}

async fn ok(sandbox: &Sandbox, method: &str, rest: &str, body: Value) -> Value {
    let answer = call(sandbox, method, rest, body).await;
    assert!(
        matches!(answer.status, 200 | 201),
        "{method} {rest}: {answer:?}"
    );
    answer.json()
}

/// The creation time an ObjectId carries in its first 4 bytes, Unix seconds.
fn id_seconds(id: &str) -> i64 {
    assert_eq!(id.len(), 24, "{id}");
    i64::from_str_radix(&id[..8], 16).unwrap()
}

#[tokio::test]
async fn lead_items_and_get_carry_id_times_status_and_assignee() {
    let sandbox = start_at(1000).await;
    let created = ok(
        &sandbox,
        "POST",
        "/lead",
        json!({"fields": {"phone": "919800000111", "status": "Contacted",
                          "assignee": "priya@example.com"}}),
    )
    .await;
    let lead = created["lead_id"].as_str().unwrap().to_owned();
    let page = ok(&sandbox, "POST", "/lead/search", json!({})).await;
    let item = page["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == lead.as_str())
        .unwrap()
        .clone();
    assert_eq!(item["_id"], item["id"]);
    assert_eq!(item["status"], "Contacted");
    assert_eq!(item["employeeid"], PRIYA);
    assert_eq!(item["fields"]["status"], "Contacted");
    let created_on = item["fields"]["created_on"].as_i64().unwrap();
    assert!(created_on >= START_MS, "{item}");
    assert_eq!(item["fields"]["modified_on"], created_on);
    // The seeded lead: its status, no assignee, its own times.
    let seeded = page["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["_id"] == SEED_LEAD)
        .unwrap();
    assert_eq!(seeded["id"], SEED_LEAD);
    assert_eq!(seeded["status"], "Fresh");
    assert!(seeded.get("employeeid").is_none(), "{seeded}");
    assert_eq!(seeded["fields"]["created_on"], 1_772_355_600_000_i64);

    // GET carries the same, and modified_on moves on every change.
    let got = ok(&sandbox, "GET", &format!("/lead/{lead}"), json!(null)).await;
    assert_eq!(
        (got["id"].clone(), got["_id"].clone()),
        (json!(lead), json!(lead))
    );
    assert_eq!(
        (got["status"].clone(), got["employeeid"].clone()),
        (json!("Contacted"), json!(PRIYA))
    );
    assert_eq!(got["fields"]["created_on"], created_on);
    let mut before = created_on;
    for city in ["Pune", "Delhi"] {
        ok(
            &sandbox,
            "POST",
            &format!("/lead/{lead}"),
            json!({"fields": {"city": city}}),
        )
        .await;
        let got = ok(&sandbox, "GET", &format!("/lead/{lead}"), json!(null)).await;
        let modified = got["fields"]["modified_on"].as_i64().unwrap();
        assert!(modified > before, "{got}");
        assert_eq!(got["fields"]["created_on"], created_on);
        before = modified;
    }
    // Reassigned and moved on: both top-level keys follow.
    ok(
        &sandbox,
        "POST",
        &format!("/lead/{lead}"),
        json!({"fields": {"status": "Qualified", "assignee": "agent@company.com"}}),
    )
    .await;
    let got = ok(&sandbox, "GET", &format!("/lead/{lead}"), json!(null)).await;
    assert_eq!(got["status"], "Qualified");
    assert_eq!(got["employeeid"], "5f8a1b2c3d4e5f6a7b8c9d02");
}

#[tokio::test]
async fn lead_search_filters_on_created_on_and_modified_on_inclusively() {
    let sandbox = start_at(1000).await;
    let mut leads = Vec::new();
    for phone in ["919800000201", "919800000202", "919800000203"] {
        let created = ok(
            &sandbox,
            "POST",
            "/lead",
            json!({"fields": {"phone": phone}}),
        )
        .await;
        leads.push(created["lead_id"].as_str().unwrap().to_owned());
    }
    let get = |lead: String| {
        let sandbox = &sandbox;
        async move { ok(sandbox, "GET", &format!("/lead/{lead}"), json!(null)).await }
    };
    ok(
        &sandbox,
        "POST",
        &format!("/lead/{}", leads[0]),
        json!({"fields": {"city": "Goa"}}),
    )
    .await;
    let changed = get(leads[0].clone()).await;
    let modified = changed["fields"]["modified_on"].as_i64().unwrap();
    let ids = |page: Value| -> Vec<String> {
        page["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_owned())
            .collect()
    };
    // Bounds inclusive: from = to = the exact time finds it.
    let page = ok(
        &sandbox,
        "POST",
        "/lead/search",
        json!({"fields": {"modified_on": {"from": modified, "to": modified}}}),
    )
    .await;
    assert_eq!(ids(page), [leads[0].clone()]);
    let page = ok(
        &sandbox,
        "POST",
        "/lead/search",
        json!({"fields": {"modified_on": {"from": modified + 1}}}),
    )
    .await;
    assert!(ids(page).is_empty());
    // created_on: the second and third lead, by their own times.
    let second = get(leads[1].clone()).await["fields"]["created_on"]
        .as_i64()
        .unwrap();
    let third = get(leads[2].clone()).await["fields"]["created_on"]
        .as_i64()
        .unwrap();
    let page = ok(
        &sandbox,
        "POST",
        "/lead/search",
        json!({"fields": {"created_on": {"from": second, "to": third}}}),
    )
    .await;
    assert_eq!(ids(page), [leads[2].clone(), leads[1].clone()]);
}

#[tokio::test]
async fn timeline_items_carry_both_spellings() {
    let sandbox = start_at(1000).await;
    let check = |item: &Value| {
        assert!(item["id"].is_string(), "{item}");
        assert_eq!(item["creationTimestamp"], item["created_on"], "{item}");
        assert!(
            item["modificationTimestamp"].as_i64().unwrap() >= item["created_on"].as_i64().unwrap()
        );
        assert_eq!(item["employeeid"], item["performed_by"], "{item}");
    };
    let page = ok(
        &sandbox,
        "POST",
        &format!("/lead/{SEED_LEAD}/action/search"),
        json!({}),
    )
    .await;
    let items = page["data"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    items.iter().for_each(check);
    assert_eq!(items[0]["employeeid"], "5f8a1b2c3d4e5f6a7b8c9d02");
    let got = ok(
        &sandbox,
        "GET",
        &format!("/lead/{SEED_LEAD}?includeActions=true"),
        json!(null),
    )
    .await;
    got["actions"].as_array().unwrap().iter().for_each(check);
    assert_eq!(got["actions"][0], items[0]);

    // An update moves modificationTimestamp, not creationTimestamp.
    let payment = |page: &Value| {
        page["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == SEED_PAYMENT_ACTION)
            .unwrap()
            .clone()
    };
    let before = payment(&page);
    assert_eq!(before["modificationTimestamp"], before["creationTimestamp"]);
    ok(
        &sandbox,
        "POST",
        &format!("/lead/{SEED_LEAD}/action/{SEED_PAYMENT_ACTION}"),
        json!({"type": "PAYMENT", "status": "COMPLETED"}),
    )
    .await;
    let page = ok(
        &sandbox,
        "POST",
        &format!("/lead/{SEED_LEAD}/action/search"),
        json!({}),
    )
    .await;
    let after = payment(&page);
    assert_eq!(after["creationTimestamp"], before["creationTimestamp"]);
    assert!(
        after["modificationTimestamp"].as_i64().unwrap() >= START_MS,
        "{after}"
    );
    // An action made through the API: no member performed it, so neither
    // performed_by nor employeeid.
    let made = ok(
        &sandbox,
        "POST",
        &format!("/lead/{SEED_LEAD}/action"),
        json!({"actions": [{"type": "1002"}]}),
    )
    .await;
    let page = ok(
        &sandbox,
        "POST",
        &format!("/lead/{SEED_LEAD}/action/search"),
        json!({}),
    )
    .await;
    let newest = &page["data"][0];
    assert_eq!(newest["id"], made["actions"][0]["action_id"]);
    assert!(newest.get("employeeid").is_none() && newest.get("performed_by").is_none());
    assert_eq!(newest["creationTimestamp"], newest["modificationTimestamp"]);
}

#[tokio::test]
async fn team_members_carry_their_id() {
    let sandbox = start_at(0).await;
    let list = ok(
        &sandbox,
        "GET",
        "/team-members?includeDeleted=true",
        json!(null),
    )
    .await;
    for member in list["data"].as_array().unwrap() {
        assert_eq!(member["id"].as_str().unwrap().len(), 24, "{member}");
    }
    let priya = ok(
        &sandbox,
        "GET",
        "/team-members/priya@example.com",
        json!(null),
    )
    .await;
    assert_eq!(priya["id"], PRIYA);
    ok(
        &sandbox,
        "POST",
        "/team-members",
        json!({"name": "Zed", "email": "zed@example.com", "phone_number": "919800000301", "role": "CALLER"}),
    )
    .await;
    let zed = ok(
        &sandbox,
        "GET",
        "/team-members/zed@example.com",
        json!(null),
    )
    .await;
    assert_eq!(id_seconds(zed["id"].as_str().unwrap()), START_MS / 1000);
}

#[tokio::test]
async fn new_ids_are_object_ids_of_their_creation_time() {
    let sandbox = start_at(0).await;
    let created = ok(
        &sandbox,
        "POST",
        "/lead",
        json!({"fields": {"phone": "919800000401"}, "actions": [{"type": "1002"}]}),
    )
    .await;
    let lead = created["lead_id"].as_str().unwrap();
    assert_eq!(id_seconds(lead), START_MS / 1000);
    assert_eq!(
        id_seconds(created["actions"][0]["action_id"].as_str().unwrap()),
        START_MS / 1000
    );
    let made = ok(
        &sandbox,
        "POST",
        &format!("/lead/{lead}/action"),
        json!({"actions": [{"type": "PAYMENT", "status": "PENDING", "currency": "INR", "amount": "10"}]}),
    )
    .await;
    assert_eq!(
        id_seconds(made["actions"][0]["action_id"].as_str().unwrap()),
        START_MS / 1000
    );
    // And the item's time agrees with its ID's.
    let got = ok(
        &sandbox,
        "GET",
        &format!("/lead/{lead}?includeActions=true"),
        json!(null),
    )
    .await;
    assert_eq!(
        got["fields"]["created_on"].as_i64().unwrap() / 1000,
        id_seconds(lead)
    );
}

#[tokio::test]
async fn an_enterprise_the_token_does_not_serve_is_401_on_every_route() {
    let sandbox = start_at(0).await;
    let other = "0123456789abcdef01234567";
    let routes = [
        ("POST", "/lead".to_owned()),
        ("POST", "/lead/search".to_owned()),
        ("GET", format!("/lead/{SEED_LEAD}")),
        ("POST", format!("/lead/{SEED_LEAD}")),
        ("POST", format!("/lead/{SEED_LEAD}/action")),
        ("POST", format!("/lead/{SEED_LEAD}/action/search")),
        (
            "GET",
            format!("/lead/{SEED_LEAD}/action/{SEED_PAYMENT_ACTION}"),
        ),
        (
            "POST",
            format!("/lead/{SEED_LEAD}/action/{SEED_PAYMENT_ACTION}"),
        ),
        ("GET", "/team-members".to_owned()),
        ("POST", "/team-members".to_owned()),
        ("GET", "/team-members/priya@example.com".to_owned()),
        ("POST", "/teammember/state_change".to_owned()),
        ("GET", "/metadata".to_owned()),
        ("GET", "/custom-fields".to_owned()),
        ("GET", "/custom-fields/phone".to_owned()),
        ("GET", "/custom-actions".to_owned()),
        ("GET", "/custom-actions/ACTION_1001".to_owned()),
        ("GET", "/lead-stage-pipeline".to_owned()),
    ];
    let auth = format!("Bearer {}", sandbox.token());
    for (method, rest) in routes {
        let path = format!("/autoupdate/v2/enterprise/{other}{rest}");
        let answer = raw(
            &sandbox,
            method,
            &path,
            &[
                ("Authorization", &auth),
                ("Content-Type", "application/json"),
            ],
            if method == "POST" { "{}" } else { "" },
        )
        .await;
        assert_eq!(answer.status, 401, "{method} {rest}: {answer:?}");
        assert_eq!(
            answer.json(),
            json!({"error": {"code": "NOT_AUTHORIZED",
                             "message": format!("Token is not valid for enterprise with ID {other}.")}}),
            "{method} {rest}"
        );
    }
    // The Async API too.
    let answer = raw(
        &sandbox,
        "POST",
        &format!("/async/enterprise/{other}/autoupdatelead"),
        &[
            (
                "Authorization",
                &format!("Bearer {}", sandbox.async_token()),
            ),
            ("Content-Type", "application/json"),
        ],
        r#"{"fields":{"phone":"919800000501"}}"#,
    )
    .await;
    assert_eq!(answer.status, 401, "{answer:?}");
    assert_eq!(answer.json()["error"]["code"], "NOT_AUTHORIZED");
    // Nothing changed anywhere.
    assert_eq!(sandbox.lead_count(), 1);
    assert_eq!(sandbox.queued(), 0);
}

#[tokio::test]
async fn payment_updates_take_the_six_statuses_only() {
    let sandbox = start_at(0).await;
    let path = format!("/lead/{SEED_LEAD}/action/{SEED_PAYMENT_ACTION}");
    for bad in [
        json!("PAID"),
        json!("pending"),
        json!(""),
        json!("DONE"),
        json!(1),
    ] {
        let answer = call(
            &sandbox,
            "POST",
            &path,
            json!({"type": "PAYMENT", "status": bad}),
        )
        .await;
        assert_eq!(answer.status, 400, "{bad}: {answer:?}");
        let message = answer.json()["error"]["message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(
            message.contains("PENDING, COMPLETED, FAILED, REFUNDED, CANCELLED, PROCESSING"),
            "{message}"
        );
        assert_eq!(
            sandbox.action(SEED_LEAD, SEED_PAYMENT_ACTION).unwrap()["status"],
            "PENDING"
        );
    }
    for good in [
        "COMPLETED",
        "FAILED",
        "REFUNDED",
        "CANCELLED",
        "PROCESSING",
        "PENDING",
    ] {
        let answer = ok(
            &sandbox,
            "POST",
            &path,
            json!({"type": "PAYMENT", "status": good}),
        )
        .await;
        assert_eq!(answer["status"], good);
    }
}

#[tokio::test]
async fn date_fields_take_ms_and_both_date_formats_and_name_seconds() {
    let sandbox = start_at(0).await;
    let mut phone = 919_800_000_600_u64;
    for good in [
        json!(1_780_000_000_000_u64),
        json!("01/06/2026"),
        json!("01/06/2026 10:30:00"),
    ] {
        phone += 1;
        let created = ok(
            &sandbox,
            "POST",
            "/lead",
            json!({"fields": {"phone": phone.to_string(), "follow_up_date": good}}),
        )
        .await;
        assert_eq!(created["remarks"], json!([]), "{good}");
        let lead = sandbox.lead(created["lead_id"].as_str().unwrap()).unwrap();
        assert_eq!(lead["follow_up_date"], good);
    }
    for (bad, says) in [
        (json!(1_780_000_000_u64), "seconds"),
        (json!("2026-06-01"), "dd/MM/yyyy HH:mm:ss"),
        (json!("31/06/2026 10:30:00"), "dd/MM/yyyy HH:mm:ss"),
    ] {
        phone += 1;
        let created = ok(
            &sandbox,
            "POST",
            "/lead",
            json!({"fields": {"phone": phone.to_string(), "follow_up_date": bad}}),
        )
        .await;
        let remarks = created["remarks"].as_array().unwrap();
        assert_eq!(remarks.len(), 1, "{bad}: {created}");
        assert_eq!(remarks[0]["field"], "fields.follow_up_date");
        assert!(
            remarks[0]["remark"].as_str().unwrap().contains(says),
            "{created}"
        );
    }
    // Update: seconds refused with the same words.
    let answer = call(
        &sandbox,
        "POST",
        &format!("/lead/{SEED_LEAD}"),
        json!({"fields": {"follow_up_date": 1_780_000_000_u64}}),
    )
    .await;
    assert_eq!(answer.status, 400);
    assert!(answer.body.contains("seconds"), "{answer:?}");
    // The docs' Async example: the date with its time is kept.
    let answer = raw(
        &sandbox,
        "POST",
        &format!("/async/enterprise/{}/autoupdatelead", sandbox.enterprise()),
        &[
            (
                "Authorization",
                &format!("Bearer {}", sandbox.async_token()),
            ),
            ("Content-Type", "application/json"),
        ],
        r#"{"fields":{"phone":"919800000699","follow_up_date":"01/06/2026 10:30:00"}}"#,
    )
    .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    sandbox.drain_ingest().await;
    let record = sandbox.ingested().pop().unwrap();
    assert!(record.dropped.is_empty(), "{record:?}");
    let lead = sandbox.lead(record.lead.as_deref().unwrap()).unwrap();
    assert_eq!(lead["follow_up_date"], "01/06/2026 10:30:00");
}
