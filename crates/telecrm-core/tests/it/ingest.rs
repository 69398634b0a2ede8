//! Golden tests of the Async API: the literal examples of
//! `docs.telecrm.in/async-api/{create-or-update-lead,examples}` and the
//! authentication page.

use http::{HeaderMap, Method, StatusCode};
use telecrm_core::vocab::DateTime;
use telecrm_core::{
    AsyncToken, Endpoint, ErrorCode, IngestLead, NewCustomAction, NewLead, Workspace,
};

fn ingest(json: &str) -> IngestLead {
    IngestLead::new(NewLead::from_json(json.as_bytes()).unwrap(), "phone").unwrap()
}

fn encode(call: &IngestLead) -> http::Request<Vec<u8>> {
    // The Async API's production base URL is the default for an Async token.
    let workspace = Workspace::new(
        AsyncToken::new("YOUR_ASYNC_TOKEN").unwrap(),
        "ent42".parse().unwrap(),
    );
    call.to_http_request(&workspace).unwrap()
}

#[test]
fn the_reference_example() {
    // The docs' body, with the prefixed code exactly as they write it.
    let call = ingest(
        r#"{
    "fields": {
      "name": "Jane Doe",
      "phone": "919999999999",
      "email": "jane.doe@example.com"
    },
    "actions": [
      {
        "type": "ACTION_1001",
        "fields": {
          "note": "Site visit completed"
        }
      }
    ]
  }"#,
    );
    let request = encode(&call);
    assert_eq!(request.method(), Method::POST);
    assert_eq!(
        request.uri().to_string(),
        "https://next-api.telecrm.in/enterprise/ent42/autoupdatelead"
    );
    assert_eq!(
        request.headers()["authorization"],
        "Bearer YOUR_ASYNC_TOKEN"
    );
    assert_eq!(request.headers()["content-type"], "application/json");
    assert_eq!(
        std::str::from_utf8(request.body()).unwrap(),
        r#"{"fields":{"email":"jane.doe@example.com","name":"Jane Doe","phone":"919999999999"},"actions":[{"type":"ACTION_1001","fields":{"note":"Site visit completed"}}]}"#
    );
    assert!(!call.idempotent(), "actions are appended again on a repeat");
    let queued = call
        .decode(
            StatusCode::OK,
            &HeaderMap::new(),
            br#"{ "status": "QUEUED" }"#,
        )
        .unwrap();
    assert!(queued.is_queued());
}

#[test]
fn the_authentication_example_and_the_bare_code() {
    let call = ingest(r#"{"fields":{"name":"Jane Doe","phone":"919999999999"}}"#);
    assert!(
        call.idempotent(),
        "fields only: matched by identifier, safe to repeat"
    );
    assert_eq!(
        encode(&call).body(),
        br#"{"fields":{"name":"Jane Doe","phone":"919999999999"}}"#
    );
    // A bare code (the Sync form) goes out prefixed: it would be dropped otherwise.
    let call = ingest(r#"{"fields":{"phone":"919999999999"},"actions":[{"type":"1001"}]}"#)
        .with_action_at(
            NewCustomAction::new("1002".parse().unwrap()).with_field("note", "x"),
            "01/01/2023 11:30:00".parse::<DateTime>().unwrap(),
        );
    assert_eq!(
        encode(&call).body(),
        br#"{"fields":{"phone":"919999999999"},"actions":[{"type":"ACTION_1001"},{"type":"ACTION_1002","fields":{"note":"x"},"created_on":"01/01/2023 11:30:00"}]}"#
    );
    let err = call
        .decode(
            StatusCode::UNAUTHORIZED,
            &HeaderMap::new(),
            br#"{"error":{"code":"NOT_AUTHORIZED","message":"Invalid token"}}"#,
        )
        .unwrap_err();
    assert_eq!(err.api_error().unwrap().code(), &ErrorCode::NotAuthorized);
}
