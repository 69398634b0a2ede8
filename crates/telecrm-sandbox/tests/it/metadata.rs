//! Enterprise metadata: the workspace described in both `detail` shapes, and
//! options created by the values leads send.

use serde_json::{Value, json};
use telecrm_sandbox::Sandbox;

use crate::{Answer, raw, start};

async fn get(sandbox: &Sandbox, path: &str) -> Answer {
    let auth = format!("Bearer {}", sandbox.token());
    let path = format!("/autoupdate/v2/enterprise/{}{path}", sandbox.enterprise());
    raw(
        sandbox,
        "GET",
        &path,
        &[("Authorization", auth.as_str())],
        "",
    )
    .await
}

fn field<'a>(list: &'a Value, name: &str) -> &'a Value {
    list["customFields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["apiName"] == name)
        .unwrap()
}

#[tokio::test]
async fn metadata_names_the_identifier_field() {
    let sandbox = start().await;
    let meta = get(&sandbox, "/metadata").await.json();
    assert_eq!(meta["id"], sandbox.enterprise());
    let fields = get(&sandbox, "/custom-fields?detail=true").await.json();
    let identifier = fields["customFields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == meta["leadIdentifierFieldId"])
        .unwrap();
    assert_eq!(identifier["apiName"], "phone");
    assert_eq!(identifier["isLeadid"], true);
}

#[tokio::test]
async fn both_detail_shapes() {
    let sandbox = start().await;
    let summary = get(&sandbox, "/custom-fields").await.json();
    let source = field(&summary, "contact_source");
    assert!(source.get("id").is_none());
    assert_eq!(source["options"][0], "Website");
    let detailed = get(&sandbox, "/custom-fields?detail=true").await.json();
    let source = field(&detailed, "contact_source");
    assert_eq!(
        source["options"][0],
        json!({"id": "opt_1", "label": "Website"})
    );
    assert!(source["description"].is_string());
    let one = get(&sandbox, "/custom-fields/contact_source").await.json();
    assert_eq!(&one, source);
    let missing = get(&sandbox, "/custom-fields/Contact_Source").await;
    assert_eq!(
        (missing.status, missing.json()["error"]["code"].clone()),
        (404, json!("NOT_FOUND"))
    );

    let actions = get(&sandbox, "/custom-actions").await.json();
    assert_eq!(
        actions["customActions"][0],
        json!({"code": "ACTION_1001", "displayName": "Site Visit", "score": 10, "source": "USER"})
    );
    let detailed = get(&sandbox, "/custom-actions?detail=true").await.json();
    assert_eq!(
        detailed["customActions"][0]["fieldSchema"]["outcome"]["options"][1],
        "Not Interested"
    );
    assert_eq!(
        get(&sandbox, "/custom-actions/ACTION_1002").await.json()["displayName"],
        "Demo Booked"
    );
    assert_eq!(
        get(&sandbox, "/custom-actions/1002").await.status,
        404,
        "the path takes the full code"
    );
}

#[tokio::test]
async fn pipeline_keeps_archived_values_apart() {
    let sandbox = start().await;
    let pipeline = get(&sandbox, "/lead-stage-pipeline").await.json();
    let stages = pipeline["leadStages"].as_array().unwrap();
    assert_eq!(
        stages
            .iter()
            .map(|s| s["stageType"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["OPEN", "WON", "LOST"]
    );
    assert_eq!(stages[0]["archivedStatuses"][0]["label"], "Old Lead");
    assert_eq!(
        pipeline["archivedLeadLostReasons"][0]["reasonLabel"],
        "Budget cut"
    );
    // An archived status is dropped on create, with a remark.
    let auth = format!("Bearer {}", sandbox.token());
    let path = format!("/autoupdate/v2/enterprise/{}/lead", sandbox.enterprise());
    let created = raw(
        &sandbox,
        "POST",
        &path,
        &[
            ("Authorization", auth.as_str()),
            ("Content-Type", "application/json"),
        ],
        r#"{"fields":{"phone":"919811111111","status":"Old Lead","contact_source":"Billboard"}}"#,
    )
    .await
    .json();
    assert_eq!(
        created["remarks"][0]["remark"],
        "Status Old Lead is archived"
    );
    // An unknown dropdown label created an option.
    let source = get(&sandbox, "/custom-fields/contact_source").await.json();
    let labels: Vec<_> = source["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["label"].clone())
        .collect();
    assert_eq!(labels.last().unwrap(), "Billboard");
}

#[tokio::test]
async fn another_enterprise_is_not_authorized() {
    let sandbox = start().await;
    let auth = format!("Bearer {}", sandbox.token());
    let answer = raw(
        &sandbox,
        "GET",
        "/autoupdate/v2/enterprise/other/metadata",
        &[("Authorization", auth.as_str())],
        "",
    )
    .await;
    assert_eq!(
        (answer.status, answer.json()["error"]["code"].clone()),
        (401, json!("NOT_AUTHORIZED"))
    );
    assert_eq!(
        answer.json()["error"]["message"],
        "Token is not valid for enterprise with ID other."
    );
}
