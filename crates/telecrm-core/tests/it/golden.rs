//! Golden tests: the API document's literal examples.

use http::{HeaderMap, StatusCode};
use serde_json::json;
use telecrm_core::{
    Action, ActionUpdate, BaseUrl, Endpoint, ErrorCode, ResponseError, SyncToken, UpdateAction,
    Workspace,
};

const LEAD: &str = "603d2b2f9b1e8a001c8e4f5c";
const CUSTOM_ACTION: &str = "603d2b2f9b1e8a001c8e4f5d";
const PAYMENT_ACTION: &str = "603d2b2f9b1e8a001c8e4f5e";

fn call(action: &str, body: &str) -> UpdateAction {
    UpdateAction::new(
        LEAD.parse().unwrap(),
        action.parse().unwrap(),
        // The document's bodies, as written there (pretty-printed).
        ActionUpdate::from_json(body.as_bytes()).unwrap(),
    )
}

fn encode(call: &UpdateAction) -> http::Request<Vec<u8>> {
    let workspace = Workspace::new(
        SyncToken::new("YOUR_SYNC_TOKEN").unwrap(),
        "ent42".parse().unwrap(),
    );
    call.to_http_request(&workspace).unwrap()
}

#[test]
fn custom_action_example_encodes_exactly() {
    let request = encode(&call(
        CUSTOM_ACTION,
        r#"{
    "type": "1001",
    "fields": {
      "note": "Follow-up completed"
    }
  }"#,
    ));
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(
        request.uri().to_string(),
        format!(
            "https://next.telecrm.in/autoupdate/v2/enterprise/ent42/lead/{LEAD}/action/{CUSTOM_ACTION}"
        )
    );
    assert_eq!(
        std::str::from_utf8(request.body()).unwrap(),
        r#"{"type":"1001","fields":{"note":"Follow-up completed"}}"#
    );
    let headers = request.headers();
    assert_eq!(headers["authorization"], "Bearer YOUR_SYNC_TOKEN");
    assert_eq!(headers["content-type"], "application/json");
    assert_eq!(headers["accept"], "application/json");
    let agent = headers["user-agent"].to_str().unwrap();
    assert_eq!(agent, format!("telecrm-rs/{}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn payment_example_encodes_exactly() {
    let request = encode(&call(
        PAYMENT_ACTION,
        r#"{
    "type": "PAYMENT",
    "status": "COMPLETED"
  }"#,
    ));
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(
        request.uri().path(),
        format!("/autoupdate/v2/enterprise/ent42/lead/{LEAD}/action/{PAYMENT_ACTION}")
    );
    assert_eq!(
        request.body(),
        br#"{"type":"PAYMENT","status":"COMPLETED"}"#
    );
}

#[test]
fn hostile_ids_stay_in_their_segment() {
    let call = UpdateAction::new(
        "a/b?c#d%e f".parse().unwrap(),
        "..".parse().unwrap(),
        ActionUpdate::from_json(br#"{"type":"PAYMENT"}"#).unwrap(),
    );
    let workspace = Workspace::new(SyncToken::new("t").unwrap(), "e/1".parse().unwrap())
        .with_base_url(BaseUrl::parse("http://127.0.0.1:9/prefix/").unwrap());
    let request = call.to_http_request(&workspace).unwrap();
    assert_eq!(
        request.uri().to_string(),
        "http://127.0.0.1:9/prefix/enterprise/e%2F1/lead/a%2Fb%3Fc%23d%25e%20f/action/%2E%2E"
    );
    assert_eq!(request.uri().query(), None);
}

fn decode(status: u16, body: &str) -> Result<Action, ResponseError> {
    // Any value decodes the same way; the document's first one will do.
    call(CUSTOM_ACTION, r#"{"type":"1001"}"#).decode(
        StatusCode::from_u16(status).unwrap(),
        &HeaderMap::new(),
        body.as_bytes(),
    )
}

#[test]
fn documented_200_decodes() {
    let action = decode(
        200,
        r#"{
  "type": "PAYMENT",
  "status": "COMPLETED",
  "currency": "INR",
  "amount": "5000"
}"#,
    )
    .unwrap();
    let payment = action.as_payment().expect("a payment");
    assert_eq!(payment.status.as_deref(), Some("COMPLETED"));
    assert_eq!(payment.currency.as_deref(), Some("INR"));
    assert_eq!(payment.amount.as_deref(), Some("5000"));
    assert_eq!(payment.paymentid, None);
    assert_eq!(
        serde_json::to_value(&action).unwrap(),
        json!({"type":"PAYMENT","status":"COMPLETED","currency":"INR","amount":"5000"})
    );
}

#[test]
fn documented_400_decodes() {
    let err = decode(
        400,
        r#"{
  "error": {
    "code": "BAD_REQUEST",
    "message": "Cannot update amount, currency, or paymentid fields for existing payment action."
  }
}"#,
    )
    .unwrap_err();
    let api = err.api_error().expect("an API error");
    assert_eq!(api.status(), StatusCode::BAD_REQUEST);
    assert_eq!(api.code(), &ErrorCode::BadRequest);
    assert_eq!(
        api.message(),
        "Cannot update amount, currency, or paymentid fields for existing payment action."
    );
}

#[test]
fn documented_404_decodes() {
    let err = decode(
        404,
        r#"{
  "error": {
    "code": "ACTION_NOT_FOUND",
    "message": "Action with ID 62ab16e was not found in the lead."
  }
}"#,
    )
    .unwrap_err();
    let api = err.api_error().expect("an API error");
    assert_eq!(api.status(), StatusCode::NOT_FOUND);
    assert_eq!(api.code(), &ErrorCode::ActionNotFound);
    assert_eq!(
        api.message(),
        "Action with ID 62ab16e was not found in the lead."
    );
}

#[test]
fn universal_401_decodes() {
    let err = decode(
        401,
        r#"{"error":{"code":"NOT_AUTHORIZED","message":"Invalid or missing token."}}"#,
    )
    .unwrap_err();
    let api = err.api_error().expect("an API error");
    assert_eq!(api.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(api.code(), &ErrorCode::NotAuthorized);
    assert_eq!(err.status(), StatusCode::UNAUTHORIZED);
}

#[test]
fn non_json_200_is_a_decode_error() {
    for body in ["", "<html>ok</html>", "{\"type\":\"PAYM", "null", "[]"] {
        match decode(200, body) {
            Err(ResponseError::Decode {
                status, body: raw, ..
            }) => {
                assert_eq!(status, StatusCode::OK);
                assert_eq!(raw.as_bytes(), body.as_bytes());
            }
            other => panic!("{body:?}: {other:?}"),
        }
    }
}

#[test]
fn proxy_html_error_is_kept_raw() {
    let err = decode(502, "<html><body>Bad Gateway</body></html>").unwrap_err();
    match &err {
        ResponseError::Unrecognized { status, body } => {
            assert_eq!(*status, StatusCode::BAD_GATEWAY);
            assert_eq!(body.to_string(), "<html><body>Bad Gateway</body></html>");
        }
        other => panic!("{other:?}"),
    }
    assert!(err.api_error().is_none());
}
