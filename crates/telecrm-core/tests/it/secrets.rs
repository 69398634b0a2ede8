//! The token never shows: not in the `Debug` of any public type that can hold
//! it, nor in any error.

use http::{HeaderMap, StatusCode};
use telecrm_core::{
    ActionUpdate, Endpoint, PaymentUpdate, RequestHeaders, SyncToken, TokenError, UpdateAction,
    Workspace,
};

const SECRET: &str = "tok_3f9a7c1e5b2d8046-SECRET";

fn call() -> UpdateAction {
    UpdateAction::new(
        "l".parse().unwrap(),
        "a".parse().unwrap(),
        ActionUpdate::from(PaymentUpdate::new()),
    )
}

#[test]
fn token_absent_from_debug_and_display() {
    let token = SyncToken::new(SECRET).unwrap();
    let shown = [
        format!("{token:?}"),
        format!("{token:#?}"),
        format!("{token}"),
        format!("{:?}", token.authorization()),
        format!("{:?}", Some(token.clone())),
        format!("{:?}", vec![token.clone()]),
    ];
    for text in shown {
        assert!(!text.contains(SECRET), "{text}");
        assert!(!text.contains("SECRET"), "{text}");
    }
}

#[test]
fn token_absent_from_request_debug() {
    let token = SyncToken::new(SECRET).unwrap();
    let workspace = Workspace::new(token, "e".parse().unwrap());
    let request = call().to_http_request(&workspace).unwrap();
    // Nor does the workspace that holds it.
    let shown = format!("{workspace:?} {workspace:#?}");
    assert!(!shown.contains(SECRET), "{shown}");
    // The header is on the request, marked sensitive, so `http` hides it.
    assert!(request.headers()["authorization"].is_sensitive());
    let text = format!("{request:?}");
    assert!(text.contains("authorization"), "{text}");
    assert!(!text.contains(SECRET), "{text}");
    assert!(!format!("{:?}", request.headers()).contains(SECRET));
    // Nor the headers made once for the workspace, nor a request made from them.
    let headers = RequestHeaders::new(&workspace);
    let shown = format!("{headers:?} {headers:#?}");
    assert!(!shown.contains(SECRET), "{shown}");
    let request = call().to_http_request_with(&workspace, &headers).unwrap();
    assert!(request.headers()["authorization"].is_sensitive());
    assert!(!format!("{request:?}").contains(SECRET));
}

#[test]
fn token_absent_from_token_errors() {
    let bad_inputs = [
        format!("{SECRET}\r\nX-Injected: 1"),
        format!("{SECRET} with space"),
        format!("{SECRET}ü"),
        format!("{SECRET}{}", "x".repeat(5000)),
    ];
    for input in bad_inputs {
        let err: TokenError = SyncToken::new(&input).unwrap_err();
        for text in [format!("{err}"), format!("{err:?}")] {
            assert!(!text.contains(SECRET), "{text}");
            assert!(!text.contains("SECRET"), "{text}");
        }
    }
}

#[test]
fn token_absent_from_response_errors() {
    // A server that echoes the Authorization header back is not something the
    // client can prevent, but what the client itself builds never holds it.
    for (status, body) in [
        (
            401,
            r#"{"error":{"code":"NOT_AUTHORIZED","message":"bad token"}}"#,
        ),
        (502, "<html>gateway</html>"),
        (200, "not json"),
    ] {
        let err = call()
            .decode(
                StatusCode::from_u16(status).unwrap(),
                &HeaderMap::new(),
                body.as_bytes(),
            )
            .unwrap_err();
        let text = format!("{err} {err:?}");
        assert!(!text.contains(SECRET), "{text}");
    }
}
