//! Golden tests of the Actions group beside Update: the literal examples of
//! `docs.telecrm.in/sync-api/actions/{create,get,search,examples}`.

use http::{HeaderMap, Method, StatusCode};
use telecrm_core::vocab::{DateBound, DateTime, TimeRange};
use telecrm_core::{
    Action, ActionFilter, CreateActions, Endpoint, ErrorCode, GetAction, NewActions,
    NewCustomAction, OutcomeStatus, SearchActions, SyncToken, Workspace,
};

const LEAD: &str = "603d2b2f9b1e8a001c8e4f5c";
const ACTION: &str = "603d2b2f9b1e8a001c8e4f5d";
const BASE: &str = "https://next.telecrm.in/autoupdate/v2/enterprise/ent42";

fn encode<E: Endpoint<Token = SyncToken>>(call: &E) -> http::Request<Vec<u8>> {
    let workspace = Workspace::new(
        SyncToken::new("YOUR_SYNC_TOKEN").unwrap(),
        "ent42".parse().unwrap(),
    );
    call.to_http_request(&workspace).unwrap()
}

fn create(body: &str) -> http::Request<Vec<u8>> {
    let actions = NewActions::from_json(body.as_bytes()).unwrap();
    encode(&CreateActions::new(LEAD.parse().unwrap(), actions))
}

// Sample values to decode with: decoding does not depend on their fields.

fn create_call() -> CreateActions {
    CreateActions::new(
        LEAD.parse().unwrap(),
        NewActions::one(NewCustomAction::new("1001".parse().unwrap())),
    )
}

fn get_call() -> GetAction {
    GetAction::new(LEAD.parse().unwrap(), ACTION.parse().unwrap())
}

fn body(request: &http::Request<Vec<u8>>) -> &str {
    std::str::from_utf8(request.body()).unwrap()
}

fn api_error<E: Endpoint>(call: &E, status: u16, body: &str) -> (ErrorCode, String) {
    let status = StatusCode::from_u16(status).unwrap();
    let err = call
        .decode(status, &HeaderMap::new(), body.as_bytes())
        .err()
        .expect("an error");
    let api = err.api_error().expect("the API's envelope").clone();
    assert_eq!(api.status(), status);
    (api.code().clone(), api.message().to_owned())
}

#[test]
fn create_page_example_encodes_exactly() {
    let request = create(
        r#"{
    "actions": [
      {
        "type": "1001",
        "fields": { "note": "Demo scheduled" }
      },
      {
        "type": "PAYMENT",
        "status": "PENDING",
        "currency": "INR",
        "amount": "10000"
      }
    ]
  }"#,
    );
    assert_eq!(request.method(), Method::POST);
    assert_eq!(
        request.uri().to_string(),
        format!("{BASE}/lead/{LEAD}/action")
    );
    assert_eq!(
        body(&request),
        r#"{"actions":[{"type":"1001","fields":{"note":"Demo scheduled"}},{"type":"PAYMENT","status":"PENDING","currency":"INR","amount":"10000"}]}"#
    );
    assert_eq!(request.headers()["content-type"], "application/json");
    assert_eq!(request.headers()["authorization"], "Bearer YOUR_SYNC_TOKEN");
}

#[test]
fn examples_page_creates_encode_exactly() {
    let visit = create(
        r#"{
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
        body(&visit),
        r#"{"actions":[{"type":"1001","fields":{"note":"Site visit completed","outcome":"Interested"}}]}"#
    );
    let payment = create(
        r#"{
    "actions": [
      {
        "type": "PAYMENT",
        "status": "PENDING",
        "currency": "INR",
        "amount": "10000"
      }
    ]
  }"#,
    );
    assert_eq!(
        body(&payment),
        r#"{"actions":[{"type":"PAYMENT","status":"PENDING","currency":"INR","amount":"10000"}]}"#
    );
}

#[test]
fn create_page_answers_decode() {
    let created = create_call()
        .decode(
            StatusCode::OK,
            &HeaderMap::new(),
            br#"{
  "lead_id": "603d2b2f9b1e8a001c8e4f5c",
  "actions": [
    { "action_id": "603d2b2f9b1e8a001c8e4f5d", "status": "CREATED" },
    { "action_id": null, "status": "IGNORED" }
  ],
  "remarks": [
    { "field": "actions[1].fields.email", "status": "IGNORED", "remark": "Email is invalid" }
  ]
}"#,
        )
        .unwrap();
    assert_eq!(created.lead_id.as_str(), LEAD);
    assert_eq!(created.actions.len(), 2);
    assert_eq!(created.actions[0].status, OutcomeStatus::Created);
    assert_eq!(
        created.actions[0].action_id.as_ref().map(|id| id.as_str()),
        Some(ACTION)
    );
    assert_eq!(created.actions[1].status, OutcomeStatus::Ignored);
    assert_eq!(created.actions[1].action_id, None);
    let remark = created.remarks_for(1).next().unwrap();
    assert_eq!(
        (
            remark.field.as_str(),
            remark.status.as_str(),
            remark.remark.as_str()
        ),
        ("actions[1].fields.email", "IGNORED", "Email is invalid")
    );

    let (code, message) = api_error(
        &create_call(),
        400,
        r#"{"error":{"code":"BAD_REQUEST","message":"Only custom actions and payment actions can be created"}}"#,
    );
    assert_eq!(code, ErrorCode::BadRequest);
    assert_eq!(
        message,
        "Only custom actions and payment actions can be created"
    );
}

#[test]
fn get_page_example() {
    let get = get_call();
    let request = encode(&get);
    assert_eq!(request.method(), Method::GET);
    assert_eq!(
        request.uri().to_string(),
        format!("{BASE}/lead/{LEAD}/action/{ACTION}")
    );
    assert!(request.body().is_empty());
    assert!(request.headers().get("content-type").is_none());
    assert_eq!(request.headers()["authorization"], "Bearer YOUR_SYNC_TOKEN");

    let custom = get
        .decode(
            StatusCode::OK,
            &HeaderMap::new(),
            br#"{
  "type": "1001",
  "fields": {
    "note": "Site visit completed"
  }
}"#,
        )
        .unwrap();
    assert_eq!(
        custom.as_custom().unwrap().fields["note"],
        "Site visit completed"
    );
    let payment = get
        .decode(
            StatusCode::OK,
            &HeaderMap::new(),
            br#"{
  "type": "PAYMENT",
  "status": "COMPLETED",
  "currency": "INR",
  "amount": "5000"
}"#,
        )
        .unwrap();
    let Action::Payment(payment) = payment else {
        panic!("{payment:?}")
    };
    assert_eq!(
        (
            payment.status.as_deref(),
            payment.currency.as_deref(),
            payment.amount.as_deref()
        ),
        (Some("COMPLETED"), Some("INR"), Some("5000"))
    );

    assert_eq!(
        api_error(
            &get,
            400,
            r#"{"error":{"code":"BAD_REQUEST","message":"Only custom actions and payment actions can be retrieved"}}"#
        ),
        (
            ErrorCode::BadRequest,
            "Only custom actions and payment actions can be retrieved".to_owned()
        )
    );
    assert_eq!(
        api_error(
            &get,
            404,
            r#"{"error":{"code":"ACTION_NOT_FOUND","message":"Action with ID 62ab16e was not found."}}"#
        ),
        (
            ErrorCode::ActionNotFound,
            "Action with ID 62ab16e was not found.".to_owned()
        )
    );
}

#[test]
fn search_page_example() {
    let april = TimeRange::between(
        "01/04/2026 00:00:00".parse::<DateTime>().unwrap(),
        "30/04/2026 23:59:59".parse::<DateTime>().unwrap(),
    );
    let search = SearchActions::new(
        LEAD.parse().unwrap(),
        ActionFilter::new()
            .with_type("OUTGOING_CALL".parse().unwrap())
            .created(april),
    );
    let request = encode(&search);
    assert_eq!(request.method(), Method::POST);
    assert_eq!(
        request.uri().to_string(),
        format!("{BASE}/lead/{LEAD}/action/search?skip=0&limit=10")
    );
    // The docs' body, key for key.
    assert_eq!(
        body(&request),
        r#"{"type":"OUTGOING_CALL","created_on":{"from":"01/04/2026 00:00:00","to":"30/04/2026 23:59:59"}}"#
    );

    let page = search
        .decode(
            StatusCode::OK,
            &HeaderMap::new(),
            br#"{
  "data": [
    {
      "type": "OUTGOING_CALL"
    }
  ],
  "total_count": 1,
  "skip": 0,
  "limit": 10
}"#,
        )
        .unwrap();
    assert_eq!(page.data.len(), 1);
    assert_eq!(page.data[0].action.action_type(), "OUTGOING_CALL");
    assert_eq!(
        (page.total_count, page.skip, page.limit),
        (Some(1), Some(0), Some(10))
    );

    assert_eq!(
        api_error(
            &search,
            400,
            r#"{"error":{"code":"BAD_REQUEST","message":"Invalid filter"}}"#
        ),
        (ErrorCode::BadRequest, "Invalid filter".to_owned())
    );
    let (code, _) = api_error(
        &search,
        404,
        r#"{"error":{"code":"LEAD_NOT_FOUND","message":"Lead with given ID was not found."}}"#,
    );
    assert_eq!(code.as_str(), "LEAD_NOT_FOUND");
}

#[test]
fn search_filters_take_both_bound_forms() {
    let search = SearchActions::new(
        LEAD.parse().unwrap(),
        ActionFilter::new().created(TimeRange {
            from: Some(DateBound::UnixMillis(1_775_001_600_000)),
            to: None,
        }),
    )
    .with_paging(SearchActions::paging(100, 100).unwrap());
    let request = encode(&search);
    assert_eq!(
        request.uri().query(),
        Some("skip=100&limit=100"),
        "{:?}",
        request.uri()
    );
    assert_eq!(body(&request), r#"{"created_on":{"from":1775001600000}}"#);
    assert!(SearchActions::paging(0, 101).is_err());
    assert!(SearchActions::paging(0, 0).is_err());
}

#[test]
fn a_decode_error_names_the_json_path() {
    let body = br#"{"lead_id":"603d2b2f9b1e8a001c8e4f5c","actions":[{"action_id":null,"status":"IGNORED"},{"action_id":42,"status":"CREATED"}]}"#;
    let err = create_call()
        .decode(StatusCode::OK, &HeaderMap::new(), body)
        .unwrap_err();
    match &err {
        telecrm_core::ResponseError::Decode { status, path, .. } => {
            assert_eq!(*status, StatusCode::OK);
            assert_eq!(path, "actions[1].action_id");
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("actions[1].action_id"), "{err}");
    // A body that is not JSON at all fails at the root.
    let err = create_call()
        .decode(StatusCode::OK, &HeaderMap::new(), b"<html>")
        .unwrap_err();
    assert!(
        matches!(&err, telecrm_core::ResponseError::Decode { path, .. } if path == "."),
        "{err:?}"
    );
}
