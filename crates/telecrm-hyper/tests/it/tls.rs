//! TLS with a test CA made at test time: trusted root accepted, unknown root
//! refused, wrong host name refused.

use std::sync::Arc;

use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use telecrm_hyper::{BaseUrl, Client, Roots, SyncToken};

use crate::server::{Server, Step};
use crate::{DOC_200, LEAD, PAYMENT, payment_completed};

struct Pki {
    ca_pem: String,
    acceptor: tokio_rustls::TlsAcceptor,
}

/// A CA, and a server certificate it signed for `localhost` only.
fn pki() -> Pki {
    pki_with_alpn(Vec::new())
}

/// As [`pki`], the server offering `alpn` protocols.
fn pki_with_alpn(alpn: Vec<Vec<u8>>) -> Pki {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca_cert = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca_params, ca_key);
    let leaf_key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec!["localhost".to_owned()])
        .unwrap()
        .signed_by(&leaf_key, &issuer)
        .unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from(leaf.der().to_vec())],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der())),
        )
        .unwrap();
    config.alpn_protocols = alpn;
    Pki {
        ca_pem: ca_cert.pem(),
        acceptor: tokio_rustls::TlsAcceptor::from(Arc::new(config)),
    }
}

fn client(
    base: &str,
    tune: impl FnOnce(telecrm_hyper::ClientBuilder) -> telecrm_hyper::ClientBuilder,
) -> Client {
    tune(
        Client::builder(SyncToken::new("tls-token").unwrap(), "ent".parse().unwrap())
            .base_url(BaseUrl::parse(base).unwrap())
            .max_attempts(1),
    )
    .build()
    .unwrap()
}

async fn call(client: &Client) -> Result<telecrm_hyper::Action, telecrm_hyper::Error> {
    client
        .update_action(
            LEAD.parse().unwrap(),
            PAYMENT.parse().unwrap(),
            payment_completed(),
        )
        .await
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
    let action = call(&client).await.unwrap();
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
    let err = call(&client(&base, |b| b)).await.unwrap_err();
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
    let err = call(&client(&base, |b| {
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
    let err = Client::builder(SyncToken::new("t").unwrap(), "e".parse().unwrap())
        .add_root_certificates_pem(b"not a certificate".to_vec())
        .build()
        .unwrap_err();
    assert!(err.is_builder(), "{err:?}");
}

/// HTTP/2 is chosen by ALPN when the server offers it, and h2's own TRACE
/// logging (frames, HPACK) does not show the token either.
#[test]
fn http2_by_alpn_without_leaking_the_token() {
    use std::sync::Mutex;

    use http_body_util::{BodyExt, Full};
    use hyper_util::rt::{TokioExecutor, TokioIo};

    let (capture, subscriber) = crate::secrets::trace_capture();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let versions = Arc::new(Mutex::new(Vec::new()));
    tracing::subscriber::with_default(subscriber, || {
        runtime.block_on(async {
            let Pki { ca_pem, acceptor } =
                pki_with_alpn(vec![b"h2".to_vec(), b"http/1.1".to_vec()]);
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let port = listener.local_addr().unwrap().port();
            let seen = versions.clone();
            tokio::spawn(async move {
                let (stream, _) = listener.accept().await.unwrap();
                let stream = acceptor.accept(stream).await.unwrap();
                let service = hyper::service::service_fn(
                    move |request: http::Request<hyper::body::Incoming>| {
                        seen.lock().unwrap().push(request.version());
                        async move {
                            let _ = request.into_body().collect().await;
                            Ok::<_, std::convert::Infallible>(http::Response::new(Full::new(
                                bytes::Bytes::from_static(DOC_200.as_bytes()),
                            )))
                        }
                    },
                );
                let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
            let client = Client::builder(
                SyncToken::new(crate::TOKEN).unwrap(),
                "ent".parse().unwrap(),
            )
            .base_url(BaseUrl::parse(&format!("https://localhost:{port}/autoupdate/v2")).unwrap())
            .tls_roots(Roots::None)
            .add_root_certificates_pem(ca_pem)
            .build()
            .unwrap();
            for _ in 0..2 {
                let action = call(&client).await.unwrap();
                assert!(action.as_payment().is_some());
            }
        });
    });
    assert_eq!(
        *versions.lock().unwrap(),
        [http::Version::HTTP_2, http::Version::HTTP_2]
    );
    let text = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(text.contains("telecrm.call"), "{text}");
    assert!(
        !text.contains(crate::TOKEN),
        "token leaked at TRACE over h2"
    );
    assert!(!text.contains("SECRET"), "token leaked at TRACE over h2");
}
