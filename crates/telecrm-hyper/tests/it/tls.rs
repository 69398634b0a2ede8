//! TLS with a test CA made at test time: trusted root accepted, unknown root
//! refused, wrong host name refused.

use telecrm_hyper::{BaseUrl, Client, Roots, SyncToken, Workspace, WorkspaceClient};

use crate::pki::pki;
use crate::server::{Server, Step};
use crate::{DOC_200, update_payment};

fn client(
    base: &str,
    tune: impl FnOnce(telecrm_hyper::ClientBuilder) -> telecrm_hyper::ClientBuilder,
) -> WorkspaceClient {
    tune(Client::builder().max_attempts(1))
        .build()
        .unwrap()
        .workspace(
            Workspace::new(SyncToken::new("tls-token").unwrap(), "ent".parse().unwrap())
                .with_base_url(BaseUrl::parse(base).unwrap()),
        )
        .unwrap()
}

fn chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(" / ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[tokio::test]
async fn trusted_root_is_accepted() {
    let pki = pki();
    let server = Server::start_with(vec![Step::json(200, DOC_200)], Some(pki.acceptor)).await;
    let base = format!("https://localhost:{}/autoupdate/v2", server.addr.port());
    let client = client(&base, |b| {
        b.tls_roots(Roots::None)
            .add_root_certificates_pem(pki.ca_pem.clone())
    });
    let action = update_payment(&client).await.unwrap();
    assert_eq!(
        action.as_payment().unwrap().status.as_deref(),
        Some("COMPLETED")
    );
    assert_eq!(server.count(), 1);
    assert_eq!(
        server.requests()[0].body,
        br#"{"type":"PAYMENT","status":"COMPLETED"}"#
    );
}

#[tokio::test]
async fn unknown_root_is_refused() {
    let pki = pki();
    let server = Server::start_with(vec![Step::json(200, DOC_200)], Some(pki.acceptor)).await;
    let base = format!("https://localhost:{}/autoupdate/v2", server.addr.port());
    // The default: Mozilla's roots, which do not include our test CA.
    let err = update_payment(&client(&base, |b| b)).await.unwrap_err();
    assert!(err.is_connect(), "{err:?}");
    let text = chain(&err).to_lowercase();
    assert!(text.contains("certificate"), "{text}");
    assert_eq!(server.count(), 0, "nothing was sent");
}

#[tokio::test]
async fn wrong_host_name_is_refused() {
    let pki = pki();
    let server = Server::start_with(vec![Step::json(200, DOC_200)], Some(pki.acceptor)).await;
    // The certificate names localhost; 127.0.0.1 is not in it.
    let base = format!("https://127.0.0.1:{}/autoupdate/v2", server.addr.port());
    let err = update_payment(&client(&base, |b| {
        b.tls_roots(Roots::None)
            .add_root_certificates_pem(pki.ca_pem.clone())
    }))
    .await
    .unwrap_err();
    assert!(err.is_connect(), "{err:?}");
    let text = chain(&err).to_lowercase();
    assert!(text.contains("certificate"), "{text}");
    assert_eq!(server.count(), 0);
}

#[test]
fn bad_pem_is_a_builder_error() {
    let err = Client::builder()
        .add_root_certificates_pem(b"not a certificate".to_vec())
        .build()
        .unwrap_err();
    assert!(err.is_builder(), "{err:?}");
}
