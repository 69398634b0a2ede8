//! Golden tests of the Leads group: the literal examples of
//! `docs.telecrm.in/sync-api/leads/{create,get,update,search,examples,pitfalls}`.

use http::{HeaderMap, Method, StatusCode};
use telecrm_core::vocab::{DateTime, TimeRange};
use telecrm_core::{
    CreateLead, Endpoint, ErrorCode, GetLead, LeadFields, LeadFilter, NewLead, OutcomeStatus,
    SearchLeads, SyncToken, UpdateLead, Workspace,
};

const LEAD: &str = "603d2b2f9b1e8a001c8e4f5c";
const BASE: &str = "https://next.telecrm.in/autoupdate/v2/enterprise/ent42";

fn encode<E: Endpoint<Token = SyncToken>>(call: &E) -> http::Request<Vec<u8>> {
    let workspace = Workspace::new(
        SyncToken::new("YOUR_SYNC_TOKEN").unwrap(),
        "ent42".parse().unwrap(),
    );
    call.to_http_request(&workspace).unwrap()
}

fn body(request: &http::Request<Vec<u8>>) -> &str {
    std::str::from_utf8(request.body()).unwrap()
}

fn create_call(json: &str) -> CreateLead {
    CreateLead::new(NewLead::from_json(json.as_bytes()).unwrap())
}

fn create(json: &str) -> http::Request<Vec<u8>> {
    encode(&create_call(json))
}

fn error<E: Endpoint>(call: &E, status: u16, json: &str) -> (ErrorCode, String) {
    let err = call
        .decode(
            StatusCode::from_u16(status).unwrap(),
            &HeaderMap::new(),
            json.as_bytes(),
        )
        .err()
        .unwrap();
    let api = err.api_error().unwrap();
    (api.code().clone(), api.message().to_owned())
}

#[test]
fn create_page_example() {
    let request = create(
        r#"{
    "fields": {
      "name": "Jane Doe",
      "phone": "919999999999",
      "email": "jane.doe@example.com"
    },
    "actions": [
      {
        "type": "1001",
        "fields": { "note": "Site visit completed" }
      }
    ]
  }"#,
    );
    assert_eq!(request.method(), Method::POST);
    assert_eq!(request.uri().to_string(), format!("{BASE}/lead"));
    assert_eq!(
        body(&request),
        r#"{"fields":{"email":"jane.doe@example.com","name":"Jane Doe","phone":"919999999999"},"actions":[{"type":"1001","fields":{"note":"Site visit completed"}}]}"#
    );
    assert_eq!(CreateLead::SUCCESS, StatusCode::CREATED);

    let created = create_call(r#"{"fields":{"name":"Jane Doe"}}"#)
        .decode(
            StatusCode::CREATED,
            &HeaderMap::new(),
            br#"{
  "lead_id": "603d2b2f9b1e8a001c8e4f5c",
  "actions": [
    { "action_id": "603d2b2f9b1e8a001c8e4f5d", "status": "CREATED" }
  ],
  "remarks": [
    { "field": "fields.rating", "status": "IGNORED", "remark": "Rating must be between 1 and 5" }
  ]
}"#,
        )
        .unwrap();
    assert_eq!(created.lead_id.as_str(), LEAD);
    assert_eq!(created.actions[0].status, OutcomeStatus::Created);
    assert_eq!(
        created.ignored_fields().collect::<Vec<_>>(),
        [("rating", "Rating must be between 1 and 5")]
    );
    let (code, _) = error(
        &create_call(r#"{"fields":{"name":"Jane Doe"}}"#),
        409,
        r#"{"error":{"code":"LEAD_ALREADY_EXISTS","message":"Lead already exists"}}"#,
    );
    assert_eq!(code, ErrorCode::LeadAlreadyExists);
}

#[test]
fn examples_page_create_keeps_every_field_type() {
    let request = create(
        r#"{
    "fields": {
      "name": "Jane Doe",
      "phone": "919999999999",
      "email": "jane.doe@example.com",
      "contact_source": "Website",
      "interests": ["VIP", "Returning"],
      "deal_size": 1000
    },
    "actions": [
      {
        "type": "1001",
        "fields": {
          "note": "Site visit completed",
          "outcome": "Interested"
        }
      }
    ]
  }"#,
    );
    assert_eq!(
        body(&request),
        r#"{"fields":{"contact_source":"Website","deal_size":1000,"email":"jane.doe@example.com","interests":["VIP","Returning"],"name":"Jane Doe","phone":"919999999999"},"actions":[{"type":"1001","fields":{"note":"Site visit completed","outcome":"Interested"}}]}"#
    );
}

#[test]
fn get_page_example() {
    let get = GetLead::new(LEAD.parse().unwrap()).with_actions(GetLead::paging(0, 5).unwrap());
    let request = encode(&get);
    assert_eq!(request.method(), Method::GET);
    assert_eq!(
        request.uri().to_string(),
        format!("{BASE}/lead/{LEAD}?includeActions=true&skip=0&limit=5")
    );
    assert!(request.body().is_empty());
    let plain = encode(&GetLead::new(LEAD.parse().unwrap()));
    assert_eq!(plain.uri().to_string(), format!("{BASE}/lead/{LEAD}"));

    let lead = get
        .decode(
            StatusCode::OK,
            &HeaderMap::new(),
            br#"{
  "fields": {
    "name": "Jane Doe",
    "phone": "919999999999",
    "email": "jane.doe@example.com",
    "status": "Fresh",
    "rating": 4
  },
  "actions": [
    {
      "type": "1001",
      "fields": { "note": "Site visit completed" }
    }
  ],
  "actions_skip": 0,
  "actions_limit": 5
}"#,
        )
        .unwrap();
    assert_eq!(lead.fields["rating"], 4);
    assert_eq!(
        lead.actions.as_ref().unwrap()[0].action.action_type(),
        "1001"
    );
    assert_eq!((lead.actions_skip, lead.actions_limit), (Some(0), Some(5)));
    assert_eq!(lead.id, None);

    assert_eq!(
        error(
            &get,
            400,
            r#"{"error":{"code":"BAD_REQUEST","message":"Limit should be between 1 and 100"}}"#
        ),
        (
            ErrorCode::BadRequest,
            "Limit should be between 1 and 100".to_owned()
        )
    );
    assert_eq!(
        error(
            &get,
            404,
            r#"{"error":{"code":"LEAD_NOT_FOUND","message":"The lead with ID 62ab16e was not found."}}"#
        )
        .0,
        ErrorCode::LeadNotFound
    );
    assert!(GetLead::paging(0, 101).is_err());
}

#[test]
fn update_page_example() {
    let fields =
        LeadFields::from_value(serde_json::json!({"status": "Qualified", "rating": 4})).unwrap();
    let update = UpdateLead::new(LEAD.parse().unwrap(), fields).unwrap();
    let request = encode(&update);
    assert_eq!(request.method(), Method::POST);
    assert_eq!(request.uri().to_string(), format!("{BASE}/lead/{LEAD}"));
    assert_eq!(
        body(&request),
        r#"{"fields":{"rating":4,"status":"Qualified"}}"#
    );
    assert!(update.check_identifier("phone").is_ok());

    let lead = update
        .decode(
            StatusCode::OK,
            &HeaderMap::new(),
            br#"{
  "fields": {
    "name": "Jane Doe",
    "phone": "919999999999",
    "status": "Qualified",
    "rating": 4
  }
}"#,
        )
        .unwrap();
    assert_eq!(lead.fields["status"], "Qualified");
    assert_eq!(
        error(
            &update,
            403,
            r#"{"error":{"code":"INVALID_LEAD","message":"Cannot modify lead identifier field"}}"#
        ),
        (
            ErrorCode::InvalidLead,
            "Cannot modify lead identifier field".to_owned()
        )
    );
    assert_eq!(
        error(
            &update,
            404,
            r#"{"error":{"code":"LEAD_NOT_FOUND","message":"Lead with ID 62ab16e was not found."}}"#
        )
        .0,
        ErrorCode::LeadNotFound
    );
    // The identifier in an update is refused before sending when known.
    let with_phone = UpdateLead::new(
        LEAD.parse().unwrap(),
        LeadFields::new().set("phone", "919999999999").unwrap(),
    )
    .unwrap();
    assert!(with_phone.check_identifier("phone").is_err());
    assert!(UpdateLead::new(LEAD.parse().unwrap(), LeadFields::new()).is_err());
}

#[test]
fn examples_page_searches() {
    let by_phone = SearchLeads::new(
        LeadFilter::new()
            .with_field("phone", "919999999999")
            .unwrap(),
    );
    let request = encode(&by_phone);
    assert_eq!(
        request.uri().to_string(),
        format!("{BASE}/lead/search?skip=0&limit=10")
    );
    assert_eq!(body(&request), r#"{"fields":{"phone":"919999999999"}}"#);

    let april = TimeRange::between(
        "01/04/2026 00:00:00".parse::<DateTime>().unwrap(),
        "30/04/2026 23:59:59".parse::<DateTime>().unwrap(),
    );
    let won = SearchLeads::new(
        LeadFilter::new()
            .with_any("status", ["Won"])
            .unwrap()
            .with_action_type("OUTGOING_CALL".parse().unwrap())
            .performed_by("agent@company.com")
            .performed_at(april),
    )
    .with_paging(SearchLeads::paging(0, 50).unwrap());
    let request = encode(&won);
    assert_eq!(request.uri().query(), Some("skip=0&limit=50"));
    // The docs write `"status": ["Won"]` and `"type": ["OUTGOING_CALL"]`; one
    // value is sent as a string, which the docs define as the same filter.
    assert_eq!(
        body(&request),
        r#"{"fields":{"status":"Won"},"actions":{"type":"OUTGOING_CALL","performed_by":"agent@company.com","performed_at":{"from":"01/04/2026 00:00:00","to":"30/04/2026 23:59:59"}}}"#
    );
    // The same body read as JSON is sent exactly as written.
    let raw = LeadFilter::from_value(serde_json::json!({
        "fields": {"status": ["Won"]},
        "actions": {"type": ["OUTGOING_CALL"], "performed_by": "agent@company.com"}
    }))
    .unwrap();
    let request = encode(&SearchLeads::new(raw));
    assert_eq!(
        body(&request),
        r#"{"actions":{"performed_by":"agent@company.com","type":["OUTGOING_CALL"]},"fields":{"status":["Won"]}}"#
    );
    // A phone with `+` is refused before sending, in either form.
    assert!(
        LeadFilter::new()
            .with_field("phone", "+919999999999")
            .is_err()
    );
    assert!(
        LeadFilter::from_value(serde_json::json!({"fields": {"phone": ["+91 99999"]}})).is_err()
    );

    let page = by_phone
        .decode(
        StatusCode::OK,
        &HeaderMap::new(),
        br#"{"data":[{"fields":{"name":"Jane Doe","phone":"919999999999"}},{"_id":"abc","fields":{"name":"B"}}],"total_count":2,"skip":0,"limit":10}"#,
    )
    .unwrap();
    assert_eq!(page.data[0].fields["phone"], "919999999999");
    assert_eq!(page.data[0].id, None);
    assert_eq!(page.data[1].id.as_ref().unwrap().as_str(), "abc");
}
