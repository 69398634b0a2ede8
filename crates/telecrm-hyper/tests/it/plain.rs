//! The documented examples over plain HTTP to loopback, and the client's type.

use serde_json::json;
use telecrm_hyper::{Client, CustomUpdate, ErrorCode};

use crate::server::{Server, Step};
use crate::{CUSTOM, DOC_200, LEAD, PAYMENT, TOKEN, builder, payment_completed};

#[tokio::test]
async fn document_examples_over_plain_http() {
    let server = Server::start(vec![
        Step::json(
            200,
            r#"{"type":"1001","fields":{"note":"Follow-up completed","stage":"won"}}"#,
        ),
        Step::json(200, DOC_200),
    ])
    .await;
    let client = builder(&server.base_url()).build().unwrap();
    let note = CustomUpdate::new("1001".parse().unwrap()).with_field("note", "Follow-up completed");
    let action = client
        .update_action(LEAD.parse().unwrap(), CUSTOM.parse().unwrap(), note.into())
        .await
        .unwrap();
    assert_eq!(
        action.as_custom().unwrap().fields["note"],
        json!("Follow-up completed")
    );
    let response = client
        .send_full(&telecrm_hyper::core::UpdateAction::new(
            LEAD.parse().unwrap(),
            PAYMENT.parse().unwrap(),
            payment_completed(),
        ))
        .await
        .unwrap();
    assert_eq!(response.body(), DOC_200.as_bytes());
    assert_eq!(response.attempts(), 1);
    assert_eq!(
        response.value().as_payment().unwrap().status.as_deref(),
        Some("COMPLETED")
    );

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests[0].head.starts_with(&format!(
        "POST /autoupdate/v2/enterprise/ent/lead/{LEAD}/action/{CUSTOM} HTTP/1.1\r\n"
    )));
    assert!(
        requests[0]
            .head
            .contains(&format!("authorization: Bearer {TOKEN}\r\n"))
    );
    assert!(
        requests[0]
            .head
            .contains("content-type: application/json\r\n")
    );
    assert_eq!(
        requests[0].body,
        br#"{"type":"1001","fields":{"note":"Follow-up completed"}}"#
    );
    assert_eq!(
        requests[1].body,
        br#"{"type":"PAYMENT","status":"COMPLETED"}"#
    );
    // Each request's own length, and one `Host`, from the headers made once.
    for request in &requests {
        let head = request.head.to_ascii_lowercase();
        let length = format!("content-length: {}\r\n", request.body.len());
        assert_eq!(head.matches(&length).count(), 1, "{head}");
        assert_eq!(head.matches("content-length:").count(), 1, "{head}");
        assert_eq!(head.matches("\r\nhost: 127.0.0.1:").count(), 1, "{head}");
    }
}

#[tokio::test]
async fn api_errors_are_typed_and_not_retried() {
    for (status, code, expected) in [
        (400, "BAD_REQUEST", ErrorCode::BadRequest),
        (401, "NOT_AUTHORIZED", ErrorCode::NotAuthorized),
        (404, "ACTION_NOT_FOUND", ErrorCode::ActionNotFound),
    ] {
        let body = format!(r#"{{"error":{{"code":"{code}","message":"m{status}"}}}}"#);
        let server = Server::start(vec![Step::json(status, &body)]).await;
        let client = builder(&server.base_url()).build().unwrap();
        let err = crate::update_payment(&client).await.unwrap_err();
        let api = err.api_error().expect("the API's envelope");
        assert_eq!(api.code(), &expected);
        assert_eq!(api.message(), format!("m{status}"));
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        assert!(!err.is_retryable());
        assert_eq!(err.attempts(), 1);
        assert_eq!(server.count(), 1, "{status} must not be retried");
    }
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let server = Server::start(vec![
        Step::json(302, "").with_header("location", "http://127.0.0.1:9/steal"),
    ])
    .await;
    let client = builder(&server.base_url()).build().unwrap();
    let err = crate::update_payment(&client).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(302));
    assert_eq!(server.count(), 1);
}

#[test]
fn client_is_send_sync_clone_debug_without_token() {
    fn assert_traits<T: Send + Sync + Clone + std::fmt::Debug + 'static>() {}
    assert_traits::<Client>();
    assert_traits::<telecrm_hyper::WorkspaceClient>();
    fn assert_error<T: std::error::Error + Send + Sync + 'static>() {}
    assert_error::<telecrm_hyper::Error>();
    let client = builder("http://127.0.0.1:9/autoupdate/v2").build().unwrap();
    let shown = format!("{client:?} {:?}", client.clone());
    assert!(shown.contains("127.0.0.1:9"), "{shown}");
    assert!(!shown.contains(TOKEN), "{shown}");
    assert!(!shown.contains("SECRET"), "{shown}");
    let builder_shown = format!(
        "{:?} {:?}",
        builder("http://127.0.0.1:9"),
        crate::fixtures::workspace("http://127.0.0.1:9")
    );
    assert!(!builder_shown.contains("SECRET"), "{builder_shown}");
}

#[test]
fn insecure_http_needs_the_opt_in() {
    let base = telecrm_hyper::BaseUrl::parse_allowing_http("http://example.com/v2").unwrap();
    let workspace = || {
        telecrm_hyper::Workspace::new(
            telecrm_hyper::SyncToken::new("t").unwrap(),
            "e".parse().unwrap(),
        )
        .with_base_url(base.clone())
    };
    let refused = Client::builder()
        .build()
        .unwrap()
        .workspace(workspace())
        .unwrap_err();
    assert!(refused.is_builder());
    assert!(
        Client::builder()
            .allow_insecure_http(true)
            .build()
            .unwrap()
            .workspace(workspace())
            .is_ok()
    );
}

#[tokio::test]
async fn explicit_proxy_tunnels_with_connect() {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

    let target = Server::start(vec![Step::json(200, DOC_200)]).await;
    let proxy = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let proxy_addr = proxy.local_addr().unwrap();
    let connect_line = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let seen = connect_line.clone();
    tokio::spawn(async move {
        let (client_side, _) = proxy.accept().await.unwrap();
        let mut reader = BufReader::new(client_side);
        let mut line = String::new();
        reader.read_line(&mut line).await.unwrap();
        *seen.lock().unwrap() = line.trim_end().to_owned();
        loop {
            let mut header = String::new();
            reader.read_line(&mut header).await.unwrap();
            if header == "\r\n" {
                break;
            }
        }
        let host = line.split_whitespace().nth(1).unwrap().to_owned();
        let mut upstream = tokio::net::TcpStream::connect(host).await.unwrap();
        let mut client_side = reader.into_inner();
        client_side
            .write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n")
            .await
            .unwrap();
        let _ = tokio::io::copy_bidirectional(&mut client_side, &mut upstream).await;
    });
    let client = builder(&target.base_url())
        .proxy(telecrm_hyper::Proxy::Url {
            url: format!("http://{proxy_addr}"),
            no_proxy: None,
        })
        .build()
        .unwrap();
    let action = crate::update_payment(&client).await.unwrap();
    assert!(action.as_payment().is_some());
    assert_eq!(
        *connect_line.lock().unwrap(),
        format!("CONNECT {} HTTP/1.1", target.addr)
    );
    assert_eq!(target.count(), 1);
}

#[test]
fn platform_roots_load() {
    let client = Client::builder()
        .tls_roots(telecrm_hyper::Roots::Platform)
        .build();
    assert!(client.is_ok(), "{client:?}");
}
