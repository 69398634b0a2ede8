//! Black-box tests of the sandbox: raw HTTP/1.1 over TCP, nothing of telecrm-core.

mod actions;
mod concurrency;
mod connections;
mod crash;
mod details;
mod errors;
mod examples;
mod faults;
mod fidelity;
mod ingest;
mod leads;
mod metadata;
mod persistence;
mod team;
mod world;

use serde_json::Value;
use telecrm_sandbox::{Sandbox, SandboxConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub(crate) const TOKEN: &str = "sandbox-test-token-SECRET";

pub(crate) async fn start() -> Sandbox {
    Sandbox::start(SandboxConfig::new().token(TOKEN))
        .await
        .unwrap()
}

/// What came back.
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) head: String,
    pub(crate) body: String,
}

impl Answer {
    pub(crate) fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// One request written by hand; `headers` are sent as given.
pub(crate) async fn raw(
    sandbox: &Sandbox,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Answer {
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: sandbox\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    let mut stream = tokio::net::TcpStream::connect(sandbox.local_addr())
        .await
        .unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response).await;
    let text = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Answer {
        status,
        head: head.to_owned(),
        body: body.to_owned(),
    }
}

/// The usual update: POST with the token and a JSON body.
pub(crate) async fn update(sandbox: &Sandbox, lead: &str, action: &str, body: &str) -> Answer {
    let path = format!(
        "/autoupdate/v2/enterprise/{}/lead/{lead}/action/{action}",
        sandbox.enterprise()
    );
    let auth = format!("Bearer {}", sandbox.token());
    raw(
        sandbox,
        "POST",
        &path,
        &[
            ("Authorization", &auth),
            ("Content-Type", "application/json"),
        ],
        body,
    )
    .await
}
