//! The servers under load, each in its own process on its own core.

use std::convert::Infallible;
use std::io::{BufRead, BufReader, Read};
use std::process::{Command, ExitCode, Stdio};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde::Deserialize;
use telecrm_sandbox::{Sandbox, SandboxConfig};

/// The documented 200 of *Update an action*.
pub(crate) const DOC_200: &str =
    r#"{"type":"PAYMENT","status":"COMPLETED","currency":"INR","amount":"5000"}"#;
/// The token both servers accept.
pub(crate) const TOKEN: &str = "bench-token-0123456789";
/// The enterprise both servers serve.
pub(crate) const ENTERPRISE: &str = "603d2b2f9b1e8a001c8e4f5a";

const PINNED: &str = "TELECRM_BENCH_PINNED";

fn can_pin() -> bool {
    std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2)
        && Command::new("taskset")
            .arg("-V")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
}

/// Re-runs this process under `taskset -c 0` once. Returns true when the
/// pinned child ran (and this process should just exit).
pub(crate) fn pin_self_to_core0() -> bool {
    if std::env::var_os(PINNED).is_some() || !can_pin() {
        return false;
    }
    let Ok(exe) = std::env::current_exe() else {
        return false;
    };
    let status = Command::new("taskset")
        .arg("-c")
        .arg("0")
        .arg(exe)
        .args(std::env::args_os().skip(1))
        .env(PINNED, "1")
        .status();
    match status {
        Ok(status) if status.success() => true,
        Ok(status) => std::process::exit(status.code().unwrap_or(1)),
        Err(_) => false,
    }
}

/// Whether this process runs pinned (for the report).
pub(crate) fn pinned() -> bool {
    std::env::var_os(PINNED).is_some()
}

/// A server child process; killed when dropped.
pub(crate) struct Child {
    child: std::process::Child,
    pub(crate) base_url: String,
    /// The self-signed certificate of a TLS server, PEM.
    pub(crate) cert_pem: Option<String>,
}

#[derive(Deserialize)]
struct Ready {
    base_url: String,
    #[serde(default)]
    cert_pem: Option<String>,
}

impl Child {
    pub(crate) fn spawn(mode: &str) -> Result<Self, Box<dyn std::error::Error>> {
        let exe = std::env::current_exe()?;
        let mut command = if pinned() {
            let mut c = Command::new("taskset");
            c.arg("-c").arg("1").arg(exe);
            c
        } else {
            Command::new(exe)
        };
        let mut child = command
            .arg(mode)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let mut line = String::new();
        let stdout = child.stdout.take().ok_or("no stdout")?;
        BufReader::new(stdout).read_line(&mut line)?;
        let ready: Ready = serde_json::from_str(&line)?;
        Ok(Self {
            child,
            base_url: ready.base_url,
            cert_pem: ready.cert_pem,
        })
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Blocks until the parent closes our stdin (or goes away).
fn wait_for_parent() {
    let mut sink = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut sink);
}

fn single_core_runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
}

/// The minimal server: reads the request, answers the documented 200.
pub(crate) fn serve_minimal() -> ExitCode {
    serve_minimal_on(false)
}

/// The minimal server behind rustls, with a self-signed certificate for
/// `127.0.0.1` made at start and handed to the parent on the ready line.
pub(crate) fn serve_minimal_tls() -> ExitCode {
    serve_minimal_on(true)
}

fn tls_acceptor() -> Result<(tokio_rustls::TlsAcceptor, String), Box<dyn std::error::Error>> {
    let certified =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".into(), "localhost".into()])?;
    let cert_pem = certified.cert.pem();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(certified.signing_key.serialize_der().into());
    let config = rustls::ServerConfig::builder_with_provider(std::sync::Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()?
    .with_no_client_auth()
    .with_single_cert(vec![certified.cert.der().clone()], key)?;
    Ok((
        tokio_rustls::TlsAcceptor::from(std::sync::Arc::new(config)),
        cert_pem,
    ))
}

fn serve_minimal_on(tls: bool) -> ExitCode {
    let Ok(runtime) = single_core_runtime() else {
        return ExitCode::FAILURE;
    };
    let acceptor = if tls {
        match tls_acceptor() {
            Ok((acceptor, pem)) => Some((acceptor, pem)),
            Err(err) => {
                eprintln!("telecrm-bench: {err}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        None
    };
    runtime.block_on(async {
        let Ok(listener) = tokio::net::TcpListener::bind("127.0.0.1:0").await else {
            return ExitCode::FAILURE;
        };
        let Ok(addr) = listener.local_addr() else {
            return ExitCode::FAILURE;
        };
        let (scheme, cert_pem) = match &acceptor {
            Some((_, pem)) => ("https", Some(pem.clone())),
            None => ("http", None),
        };
        println!(
            "{}",
            serde_json::json!({
                "base_url": format!("{scheme}://{addr}/autoupdate/v2"),
                "cert_pem": cert_pem,
            })
        );
        let acceptor = acceptor.map(|(acceptor, _)| acceptor);
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    match acceptor {
                        Some(acceptor) => {
                            if let Ok(stream) = acceptor.accept(stream).await {
                                serve_connection(stream).await;
                            }
                        }
                        None => serve_connection(stream).await,
                    }
                });
            }
        });
        let _ = tokio::task::spawn_blocking(wait_for_parent).await;
        ExitCode::SUCCESS
    })
}

async fn serve_connection<S>(stream: S)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let service = service_fn(|request: Request<hyper::body::Incoming>| async move {
        // Read the body, as any real server must.
        let _ = request.into_body().collect().await;
        Ok::<_, Infallible>(
            Response::builder()
                .header("content-type", "application/json")
                .body(Full::new(Bytes::from_static(DOC_200.as_bytes())))
                .unwrap_or_default(),
        )
    });
    let _ = http1::Builder::new()
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

/// The sandbox, configured as the minimal server is.
pub(crate) fn serve_sandbox() -> ExitCode {
    let Ok(runtime) = single_core_runtime() else {
        return ExitCode::FAILURE;
    };
    runtime.block_on(async {
        let config = SandboxConfig::new().token(TOKEN).enterprise(ENTERPRISE);
        let Ok(sandbox) = Sandbox::start(config).await else {
            return ExitCode::FAILURE;
        };
        println!("{}", serde_json::json!({"base_url": sandbox.base_url()}));
        let _ = tokio::task::spawn_blocking(wait_for_parent).await;
        let _ = sandbox.shutdown().await;
        ExitCode::SUCCESS
    })
}
