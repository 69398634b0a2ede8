//! Team members: list (sorted, paged to 10, deleted only when asked), create
//! (details per field, INVITED without a password, 402 past the seats), get
//! by email (case-insensitive), availability.

use serde_json::{Value, json};
use telecrm_sandbox::{Sandbox, SandboxConfig};

use crate::{Answer, TOKEN, raw, start};

fn base(sandbox: &Sandbox) -> String {
    format!("/autoupdate/v2/enterprise/{}", sandbox.enterprise())
}

async fn get(sandbox: &Sandbox, path: &str) -> Answer {
    let auth = format!("Bearer {}", sandbox.token());
    raw(
        sandbox,
        "GET",
        &format!("{}{path}", base(sandbox)),
        &[("Authorization", auth.as_str())],
        "",
    )
    .await
}

async fn post(sandbox: &Sandbox, path: &str, body: Value) -> Answer {
    let auth = format!("Bearer {}", sandbox.token());
    raw(
        sandbox,
        "POST",
        &format!("{}{path}", base(sandbox)),
        &[
            ("Authorization", auth.as_str()),
            ("Content-Type", "application/json"),
        ],
        &body.to_string(),
    )
    .await
}

fn names(page: &Value) -> Vec<&str> {
    page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn list_sorted_paged_and_deleted_only_when_asked() {
    let sandbox = start().await;
    let page = get(&sandbox, "/team-members").await.json();
    assert_eq!(names(&page), ["Arjun Mehta", "Priya Sharma"]);
    assert_eq!(
        (
            page["total_count"].clone(),
            page["skip"].clone(),
            page["limit"].clone()
        ),
        (json!(2), json!(0), json!(10))
    );
    assert_eq!(page["data"][0]["license"]["type"], "GROWTH");
    let with = get(&sandbox, "/team-members?includeDeleted=true")
        .await
        .json();
    assert_eq!(names(&with), ["Arjun Mehta", "Priya Sharma", "Rahul Verma"]);
    assert_eq!(with["data"][2]["license"], Value::Null);
    let second = get(&sandbox, "/team-members?skip=1&limit=1").await.json();
    assert_eq!(names(&second), ["Priya Sharma"]);
    for bad in ["?limit=11", "?limit=0", "?limit=50"] {
        let answer = get(&sandbox, &format!("/team-members{bad}")).await;
        assert_eq!(answer.status, 400, "{bad}");
        assert_eq!(
            answer.json()["error"]["message"],
            "Limit should be between 1 and 10"
        );
    }
}

#[tokio::test]
async fn create_validates_invites_and_runs_out_of_seats() {
    let sandbox = Sandbox::start(SandboxConfig::new().token(TOKEN).license_seats(3))
        .await
        .unwrap();
    let member = |email: &str, password: Option<&str>| {
        let mut body = json!({"name": "John Doe", "email": email, "phone_number": "919876543210", "role": "CALLER"});
        if let Some(p) = password {
            body["password"] = json!(p);
        }
        body
    };
    let answer = post(
        &sandbox,
        "/team-members",
        member("john.doe@example.com", None),
    )
    .await;
    assert_eq!(answer.status, 201, "{answer:?}");
    assert_eq!(
        answer.body,
        r#"{"name":"John Doe","email":"john.doe@example.com","phone_number":"919876543210","role":"CALLER","status":"INVITED"}"#
    );
    // Three seats: two seeded members and John. The deleted member holds none.
    let answer = post(
        &sandbox,
        "/team-members",
        member("jo@example.com", Some("TempPass!Reset@FirstLogin")),
    )
    .await;
    assert_eq!(answer.status, 402, "{answer:?}");
    assert_eq!(answer.json()["error"]["code"], "BUY_LICENSE");
    // Validation: every problem in `details`.
    let answer = post(
        &sandbox,
        "/team-members",
        json!({"name": "", "email": "nope", "phone_number": "+91 98765 43210", "role": "OWNER"}),
    )
    .await;
    assert_eq!(answer.status, 400);
    let body = answer.json();
    assert_eq!(body["error"]["message"], "Validation failed");
    let fields: Vec<&str> = body["error"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name", "email", "phone_number", "role"]);
    assert_eq!(
        body["error"]["details"][3]["message"],
        "Invalid role. Allowed roles: ADMIN, MANAGER, CALLER, MARKETING_USER"
    );
    // An email already in the team.
    let answer = post(&sandbox, "/team-members", member("AGENT@company.com", None)).await;
    assert_eq!(answer.status, 400);
}

#[tokio::test]
async fn get_by_email_and_change_availability() {
    let sandbox = start().await;
    let answer = get(&sandbox, "/team-members/Agent%40Company.com").await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.json()["name"], "Arjun Mehta");
    assert!(
        answer
            .body
            .starts_with(r#"{"id":"5f8a1b2c3d4e5f6a7b8c9d02","name":"Arjun Mehta","email":"agent@company.com","status":"Working""#)
    );
    let deleted = get(&sandbox, "/team-members/rahul@example.com").await;
    assert_eq!(
        (deleted.status, deleted.json()["error"]["code"].clone()),
        (404, json!("TEAM_MEMBER_NOT_FOUND"))
    );
    assert_eq!(
        get(
            &sandbox,
            "/team-members/rahul@example.com?includeDeleted=true"
        )
        .await
        .status,
        200
    );
    let malformed = get(&sandbox, "/team-members/not-an-email").await;
    assert_eq!(
        (
            malformed.status,
            malformed.json()["error"]["message"].clone()
        ),
        (400, json!("Invalid email format"))
    );

    let answer = post(
        &sandbox,
        "/teammember/state_change",
        json!({"state": "On Leave", "email": "agent@company.com"}),
    )
    .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(
        answer.body,
        r#"{"email":"agent@company.com","status":"On Leave"}"#
    );
    assert_eq!(
        get(&sandbox, "/team-members/agent@company.com")
            .await
            .json()["status"],
        "On Leave"
    );
    assert_eq!(
        post(
            &sandbox,
            "/teammember/state_change",
            json!({"state": "Busy", "email": "agent@company.com"})
        )
        .await
        .status,
        400
    );
    assert_eq!(
        post(
            &sandbox,
            "/teammember/state_change",
            json!({"state": "Working", "email": "ghost@example.com"})
        )
        .await
        .status,
        404
    );
    // The pitfall: the collection's path does not take state changes.
    assert_eq!(
        post(&sandbox, "/team-members/state_change", json!({}))
            .await
            .status,
        405
    );
}
