//! Golden tests of the Enterprise metadata group: the literal examples of
//! `docs.telecrm.in/sync-api/enterprise/...`, both `detail` shapes included.

use http::{HeaderMap, StatusCode};
use telecrm_core::{
    Endpoint, ErrorCode, FieldKind, GetCustomAction, GetCustomField, GetMetadata, GetPipeline,
    ListCustomActions, ListCustomFields, SyncToken, Workspace,
};

const BASE: &str = "https://next.telecrm.in/autoupdate/v2/enterprise/ent42";

fn url<E: Endpoint<Token = SyncToken>>(call: &E) -> String {
    let workspace = Workspace::new(
        SyncToken::new("YOUR_SYNC_TOKEN").unwrap(),
        "ent42".parse().unwrap(),
    );
    let request = call.to_http_request(&workspace).unwrap();
    assert_eq!(request.method(), http::Method::GET);
    assert!(request.body().is_empty());
    request.uri().to_string()
}

fn ok<E: Endpoint>(call: &E, body: &str) -> E::Response {
    call.decode(StatusCode::OK, &HeaderMap::new(), body.as_bytes())
        .map_err(|e| e.to_string())
        .unwrap()
}

fn code<E: Endpoint>(call: &E, status: u16, body: &str) -> ErrorCode {
    call.decode(
        StatusCode::from_u16(status).unwrap(),
        &HeaderMap::new(),
        body.as_bytes(),
    )
    .err()
    .unwrap()
    .api_error()
    .unwrap()
    .code()
    .clone()
}

#[test]
fn metadata_page_example() {
    let get = GetMetadata::new();
    assert_eq!(url(&get), format!("{BASE}/metadata"));
    let meta = ok(
        &get,
        r#"{
  "name": "Acme Corporation",
  "id": "ent_123456",
  "creationTimeStamp": 1609459200000,
  "teamSize": "50-100",
  "industry": "Technology",
  "website": "https://acme.com",
  "leadIdentifierFieldId": "phone",
  "integrations": ["WHATSAPP", "EMAIL", "SMS"]
}"#,
    );
    assert_eq!(meta.lead_identifier_field_id.as_deref(), Some("phone"));
    assert_eq!(meta.creation_time_stamp, Some(1_609_459_200_000));
    assert_eq!(meta.integrations, ["WHATSAPP", "EMAIL", "SMS"]);
    assert_eq!(
        code(
            &get,
            404,
            r#"{"error":{"code":"ENTERPRISE_NOT_FOUND","message":"The enterprise with ID 62ab16e was not found."}}"#
        ),
        ErrorCode::EnterpriseNotFound
    );
}

#[test]
fn custom_fields_in_both_shapes() {
    let list = ListCustomFields::new();
    assert_eq!(url(&list), format!("{BASE}/custom-fields"));
    assert_eq!(
        url(&ListCustomFields::new().detailed()),
        format!("{BASE}/custom-fields?detail=true")
    );
    let summary = ok(
        &list,
        r#"{
  "customFields": [
    { "type": "DROPDOWN", "apiName": "contact_source", "lockAfterCreate": false, "isLeadid": false,
      "options": ["Website", "Referral", "Cold Call"] },
    { "type": "PHONE", "apiName": "phone", "lockAfterCreate": false, "isLeadid": true }
  ]
}"#,
    );
    let source = &summary.custom_fields[0];
    assert!(!source.is_detailed());
    assert_eq!(source.kind, FieldKind::Dropdown);
    let labels: Vec<_> = source.options.iter().map(|o| o.label.as_str()).collect();
    assert_eq!(labels, ["Website", "Referral", "Cold Call"]);
    assert!(summary.custom_fields[1].is_leadid);

    let detailed = ok(
        &list,
        r#"{
  "customFields": [
    { "id": "5f8a1b2c3d4e5f6a7b8c9d0e", "type": "DROPDOWN", "apiName": "contact_source",
      "description": "How the lead was sourced", "lockAfterCreate": false, "isLeadid": false,
      "options": [ { "id": "opt_1", "label": "Website" }, { "id": "opt_2", "label": "Referral" } ] }
  ]
}"#,
    );
    let source = &detailed.custom_fields[0];
    assert!(source.is_detailed());
    assert_eq!(source.options[1].id.as_deref(), Some("opt_2"));
    assert_eq!(source.options[1].label, "Referral");

    let get = GetCustomField::new("contact_source");
    assert_eq!(url(&get), format!("{BASE}/custom-fields/contact_source"));
    let one = ok(
        &get,
        r#"{"id":"5f8a1b2c3d4e5f6a7b8c9d0e","type":"DROPDOWN","apiName":"contact_source","description":"How the lead was sourced","lockAfterCreate":false,"isLeadid":false,"options":[{"id":"opt_1","label":"Website"},{"id":"opt_2","label":"Referral"},{"id":"opt_3","label":"Cold Call"}]}"#,
    );
    assert_eq!(one.options.len(), 3);
    assert_eq!(
        code(
            &get,
            404,
            r#"{"error":{"code":"NOT_FOUND","message":"Could not find custom field with apiName contact_source"}}"#
        ),
        ErrorCode::NotFound
    );
}

#[test]
fn custom_actions_in_both_shapes() {
    let list = ListCustomActions::new();
    assert_eq!(url(&list), format!("{BASE}/custom-actions"));
    let summary = ok(
        &list,
        r#"{"customActions":[{"code":"ACTION_1001","displayName":"Site Visit","score":10,"source":"USER"},{"code":"ACTION_1002","displayName":"Demo Booked","score":20,"source":"USER"}]}"#,
    );
    assert_eq!(
        summary.custom_actions[1].sync_code().unwrap().as_str(),
        "1002"
    );
    let get = GetCustomAction::new("ACTION_1001".parse().unwrap());
    assert_eq!(url(&get), format!("{BASE}/custom-actions/ACTION_1001"));
    let one = ok(
        &get,
        r#"{
  "id": "5f8a1b2c3d4e5f6a7b8c9d10", "code": "ACTION_1001", "displayName": "Site Visit", "icon": "map-pin",
  "description": "Recorded after a sales rep visits the lead", "score": 10,
  "fieldSchema": { "note": { "type": "TEXT" }, "outcome": { "type": "DROPDOWN", "options": ["Interested", "Not Interested"] } },
  "displaySchema": {}, "allowPredatedActivity": { "enabled": true }, "quickAdd": {},
  "definitionType": "USER_DEFINED", "createdOn": 1609459200000, "createdBy": "admin@example.com",
  "modifiedOn": 1609459200000, "modifiedBy": "admin@example.com", "source": "USER"
}"#,
    );
    assert_eq!(one.field_schema["outcome"].kind, FieldKind::Dropdown);
    assert_eq!(one.field_schema["outcome"].options[0].label, "Interested");
    assert_eq!(one.extra["icon"], "map-pin");
    assert_eq!(
        code(
            &get,
            404,
            r#"{"error":{"code":"NOT_FOUND","message":"Custom action with code ACTION_1001 was not found."}}"#
        ),
        ErrorCode::NotFound
    );
}

#[test]
fn pipeline_page_example() {
    let get = GetPipeline::new();
    assert_eq!(url(&get), format!("{BASE}/lead-stage-pipeline"));
    let pipeline = ok(
        &get,
        r##"{
  "leadStages": [
    { "stageid": "stage_open_1", "stageType": "OPEN", "visibility": true,
      "activeStatuses": [
        { "statusid": 1, "label": "Fresh", "color": "#FF5733" },
        { "statusid": 2, "label": "Contacted", "color": "#33A8FF" },
        { "statusid": 3, "label": "Qualified", "color": "#33FF57" }
      ],
      "archivedStatuses": [] },
    { "stageid": "stage_won_1", "stageType": "WON", "visibility": true,
      "activeStatuses": [ { "statusid": 10, "label": "Won", "color": "#28A745" } ], "archivedStatuses": [] },
    { "stageid": "stage_lost_1", "stageType": "LOST", "visibility": true,
      "activeStatuses": [ { "statusid": 20, "label": "Lost", "color": "#DC3545" } ], "archivedStatuses": [] }
  ],
  "activeLeadLostReasons": [
    { "reasonid": 1, "reasonLabel": "Price too high", "isDefault": false },
    { "reasonid": 2, "reasonLabel": "No Need", "isDefault": false }
  ],
  "archivedLeadLostReasons": [],
  "creationTimestamp": 1609459200000,
  "modificationTimestamp": 1735689600000,
  "lastModifiedBy": "admin@example.com",
  "version": 3
}"##,
    );
    let active: Vec<_> = pipeline.active_statuses().collect();
    assert_eq!(active, ["Fresh", "Contacted", "Qualified", "Won", "Lost"]);
    assert_eq!(pipeline.archived_statuses().count(), 0);
    assert_eq!(
        pipeline.active_lead_lost_reasons[0].reason_label,
        "Price too high"
    );
    assert_eq!(pipeline.extra["version"], 3);
}

mod never_panic {
    use http::{HeaderMap, StatusCode};
    use proptest::prelude::*;
    use telecrm_core::field::{Email, PhoneNumber};
    use telecrm_core::{
        Availability, CreateTeamMember, Endpoint, GetCustomAction, GetCustomField, GetMetadata,
        GetPipeline, GetTeamMember, ListCustomActions, ListCustomFields, ListTeamMembers,
        NewTeamMember, Role, SetAvailability,
    };

    use crate::properties::json_value;

    fn all(status: StatusCode, body: &[u8]) {
        let h = HeaderMap::new();
        // Sample values: decoding does not depend on their fields.
        let email: Email = "a@example.com".parse().unwrap();
        let phone: PhoneNumber = "919999999999".parse().unwrap();
        let member = NewTeamMember::new("A", email.clone(), phone, Role::Caller);
        let _ = GetMetadata::new().decode(status, &h, body);
        let _ = ListCustomFields::new().decode(status, &h, body);
        let _ = GetCustomField::new("x").decode(status, &h, body);
        let _ = ListCustomActions::new().decode(status, &h, body);
        let _ = GetCustomAction::new("1001".parse().unwrap()).decode(status, &h, body);
        let _ = GetPipeline::new().decode(status, &h, body);
        let _ = ListTeamMembers::new().decode(status, &h, body);
        let _ = CreateTeamMember::new(member).decode(status, &h, body);
        let _ = GetTeamMember::new(email.clone()).decode(status, &h, body);
        let _ = SetAvailability::new(email, Availability::Working).decode(status, &h, body);
    }

    proptest! {
        #[test]
        fn on_bytes(status in 100u16..=999, body in prop::collection::vec(any::<u8>(), 0..256)) {
            all(StatusCode::from_u16(status).unwrap(), &body);
        }

        #[test]
        fn on_json(value in json_value()) {
            let body = serde_json::to_vec(&serde_json::json!({
                "customFields": [{"type": value, "apiName": value, "options": [value]}],
                "customActions": [{"code": value, "fieldSchema": value}],
                "leadStages": [value], "data": [value], "name": value, "email": value,
                "license": value, "error": {"code": "X", "details": value},
            })).unwrap();
            all(StatusCode::OK, &body);
            all(StatusCode::BAD_REQUEST, &body);
        }
    }
}
