//! HTTP/2 by ALPN over TLS, with h2's own TRACE output captured.

use std::sync::Arc;

use telecrm_hyper::{BaseUrl, Client, Roots, SyncToken, Workspace};

use crate::pki::{Pki, pki_with_alpn};
use crate::secrets::traced;
use crate::{DOC_200, TOKEN, update_payment};

/// HTTP/2 is chosen by ALPN when the server offers it, and h2's own TRACE
/// logging (frames, HPACK) does not show the token either.
#[test]
fn http2_by_alpn_without_leaking_the_token() {
    use std::sync::Mutex;

    use http_body_util::{BodyExt, Full};
    use hyper_util::rt::{TokioExecutor, TokioIo};

    let versions = Arc::new(Mutex::new(Vec::new()));
    let text = traced(async {
        let Pki { ca_pem, acceptor } = pki_with_alpn(vec![b"h2".to_vec(), b"http/1.1".to_vec()]);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = versions.clone();
        tokio::spawn(async move {
            let (stream, _) = listener.accept().await.unwrap();
            let stream = acceptor.accept(stream).await.unwrap();
            let service =
                hyper::service::service_fn(move |request: http::Request<hyper::body::Incoming>| {
                    seen.lock().unwrap().push(request.version());
                    async move {
                        let _ = request.into_body().collect().await;
                        Ok::<_, std::convert::Infallible>(http::Response::new(Full::new(
                            bytes::Bytes::from_static(DOC_200.as_bytes()),
                        )))
                    }
                });
            let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
        let client = Client::builder()
            .tls_roots(Roots::None)
            .add_root_certificates_pem(ca_pem)
            .build()
            .unwrap()
            .workspace(
                Workspace::new(SyncToken::new(TOKEN).unwrap(), "ent".parse().unwrap())
                    .with_base_url(
                        BaseUrl::parse(&format!("https://localhost:{port}/autoupdate/v2")).unwrap(),
                    ),
            )
            .unwrap();
        for _ in 0..2 {
            let action = update_payment(&client).await.unwrap();
            assert!(action.as_payment().is_some());
        }
    });
    assert_eq!(
        *versions.lock().unwrap(),
        [http::Version::HTTP_2, http::Version::HTTP_2]
    );
    assert!(text.contains("telecrm.call"), "{text}");
    assert!(!text.contains(TOKEN), "token leaked at TRACE over h2");
    assert!(!text.contains("SECRET"), "token leaked at TRACE over h2");
}
