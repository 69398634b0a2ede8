//! Getting a connection: TCP (with `TCP_NODELAY` and a connect timeout), an
//! optional proxy tunnel, and rustls on top.

use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http::Uri;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::TokioIo;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use rustls::{ClientConfig, RootCertStore};
use tokio::net::TcpStream;
use tower_service::Service;

use crate::error::Error;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Which certificate authorities a client trusts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Roots {
    /// Mozilla's root program, compiled in (`webpki-roots`): the same on every
    /// machine, no system files read.
    #[default]
    WebPki,
    /// The operating system's trust store (`rustls-native-certs`), for networks
    /// whose TLS-inspecting proxy has its root installed there.
    Platform,
    /// None but those added with `ClientBuilder::add_root_certificates_pem`.
    None,
}

/// Whether and how to use an HTTP proxy.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Proxy {
    /// `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY` and `NO_PROXY` from the environment.
    /// Loopback destinations are always reached directly: that is where the
    /// sandbox and test servers live, and a machine-wide proxy cannot reach them.
    #[default]
    FromEnv,
    /// No proxy, whatever the environment says.
    None,
    /// This proxy for every destination (`http://user:pass@host:port`), except
    /// those matched by `no_proxy` (same syntax as `NO_PROXY`). Configured
    /// explicitly, it is obeyed for loopback destinations too.
    Url {
        /// The proxy's URL.
        url: String,
        /// Hosts to reach directly.
        no_proxy: Option<String>,
    },
}

impl Proxy {
    fn matcher(&self) -> Option<Matcher> {
        match self {
            Self::FromEnv => Some(Matcher::from_env()),
            Self::None => None,
            Self::Url { url, no_proxy } => Some(
                Matcher::builder()
                    .all(url.clone())
                    .no(no_proxy.clone().unwrap_or_default())
                    .build(),
            ),
        }
    }
}

/// TCP directly, or through an HTTP proxy's `CONNECT` tunnel.
#[derive(Clone)]
pub(crate) struct Connector {
    http: HttpConnector,
    proxy: Option<Arc<Matcher>>,
    bypass_loopback: bool,
}

impl Connector {
    pub(crate) fn new(connect_timeout: Duration, proxy: &Proxy) -> Self {
        let mut http = HttpConnector::new();
        // TLS is layered on top by hyper-rustls, so the TCP layer must accept https URIs.
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_connect_timeout(Some(connect_timeout));
        Self {
            http,
            proxy: proxy.matcher().map(Arc::new),
            bypass_loopback: matches!(proxy, Proxy::FromEnv),
        }
    }
}

fn is_loopback(uri: &Uri) -> bool {
    let Some(host) = uri.host() else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

impl Service<Uri> for Connector {
    type Response = TokioIo<TcpStream>;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, dst: Uri) -> Self::Future {
        let intercept = self
            .proxy
            .as_ref()
            .filter(|_| !(self.bypass_loopback && is_loopback(&dst)))
            .and_then(|matcher| matcher.intercept(&dst));
        match intercept {
            Some(intercept) => {
                let mut tunnel = Tunnel::new(intercept.uri().clone(), self.http.clone());
                if let Some(auth) = intercept.basic_auth() {
                    tunnel = tunnel.with_auth(auth.clone());
                }
                Box::pin(async move { tunnel.call(dst).await.map_err(BoxError::from) })
            }
            None => {
                let mut http = self.http.clone();
                Box::pin(async move { http.call(dst).await.map_err(BoxError::from) })
            }
        }
    }
}

/// The rustls configuration: the provider given (never a process default),
/// safe protocol versions, the chosen roots.
pub(crate) fn tls_config(
    provider: Arc<rustls::crypto::CryptoProvider>,
    roots: Roots,
    extra_pem: &[Vec<u8>],
) -> Result<ClientConfig, Error> {
    let mut store = RootCertStore::empty();
    match roots {
        Roots::WebPki => store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
        Roots::Platform => {
            let found = rustls_native_certs::load_native_certs();
            let (added, _ignored) = store.add_parsable_certificates(found.certs);
            if added == 0 {
                return Err(Error::builder(
                    "no usable root certificate in the platform's trust store",
                    found
                        .errors
                        .into_iter()
                        .next()
                        .map(|e| Box::new(e) as BoxError),
                ));
            }
        }
        Roots::None => {}
    }
    for pem in extra_pem {
        let mut any = false;
        for cert in CertificateDer::pem_slice_iter(pem) {
            let cert = cert.map_err(|e| {
                Error::builder(
                    "an extra root certificate is not valid PEM",
                    Some(Box::new(e)),
                )
            })?;
            store.add(cert).map_err(|e| {
                Error::builder("an extra root certificate was refused", Some(Box::new(e)))
            })?;
            any = true;
        }
        if !any {
            return Err(Error::builder(
                "an extra root certificate PEM holds no certificate",
                None,
            ));
        }
    }
    if store.is_empty() {
        return Err(Error::builder("no root certificate to trust", None));
    }
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| {
            Error::builder(
                "the crypto provider supports no safe TLS version",
                Some(Box::new(e)),
            )
        })?
        .with_root_certificates(store)
        .with_no_client_auth();
    Ok(config)
}
