//! End-to-end tests of the `telecrm` binary, against the sandbox and against a
//! scripted loopback server that records the exact bytes on the wire.

mod actions;
mod api;
mod batch;
mod batches;
mod completions;
mod doctor;
mod engine;
mod exit_codes;
mod help;
mod hints;
mod ingest;
mod leads;
mod output;
mod profiles;
mod programs;
mod secrets;
mod team_meta;
mod verbose;
mod wire;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use assert_cmd::Command;
use telecrm_sandbox::{Sandbox, SandboxConfig};

pub(crate) const LEAD: &str = telecrm_sandbox::SEED_LEAD;
pub(crate) const CUSTOM: &str = telecrm_sandbox::SEED_CUSTOM_ACTION;
pub(crate) const PAYMENT: &str = telecrm_sandbox::SEED_PAYMENT_ACTION;

/// The update most tests send: the seed payment marked `COMPLETED`.
pub(crate) const UPDATE_PAYMENT: [&str; 10] = [
    "action",
    "update",
    "--lead",
    LEAD,
    "--action",
    PAYMENT,
    "--type",
    "PAYMENT",
    "--status",
    "COMPLETED",
];

/// The binary, with no TeleCRM settings inherited from the environment.
pub(crate) fn telecrm() -> Command {
    let mut cmd = Command::cargo_bin("telecrm").expect("the telecrm binary is built");
    for var in [
        "TELECRM_BASE_URL",
        "TELECRM_TOKEN",
        "TELECRM_ENTERPRISE_ID",
        "TELECRM_ASYNC_TOKEN",
        "TELECRM_ASYNC_BASE_URL",
        "TELECRM_LEAD_IDENTIFIER",
        "TELECRM_CHECK_SCHEMA",
        "TELECRM_PROFILE",
        "RUST_LOG",
        "HTTPS_PROXY",
        "HTTP_PROXY",
        "https_proxy",
        "http_proxy",
        "ALL_PROXY",
    ] {
        cmd.env_remove(var);
    }
    // No profile of the machine's user is read: a configuration directory
    // that does not exist (tests of profiles point it at their own).
    cmd.env("XDG_CONFIG_HOME", "/nonexistent/telecrm-tests");
    cmd.timeout(Duration::from_secs(60));
    cmd
}

/// A sandbox served by its own runtime while the test thread runs the binary.
pub(crate) struct Live {
    pub(crate) sandbox: Sandbox,
    _runtime: tokio::runtime::Runtime,
}

impl Live {
    pub(crate) fn start(config: SandboxConfig) -> Self {
        let runtime = tokio::runtime::Runtime::new().expect("a runtime");
        let sandbox = runtime
            .block_on(Sandbox::start(config))
            .expect("sandbox starts");
        Self {
            sandbox,
            _runtime: runtime,
        }
    }

    /// Waits until the sandbox's Async queue has applied every payload.
    pub(crate) fn drain(&self) {
        self._runtime.block_on(self.sandbox.drain_ingest());
    }

    /// `telecrm` pointed at this sandbox through the environment.
    pub(crate) fn telecrm(&self) -> Command {
        let mut cmd = telecrm();
        cmd.env("TELECRM_BASE_URL", self.sandbox.base_url())
            .env("TELECRM_TOKEN", self.sandbox.token())
            .env("TELECRM_ENTERPRISE_ID", self.sandbox.enterprise())
            .env("TELECRM_ASYNC_BASE_URL", self.sandbox.async_base_url())
            .env("TELECRM_ASYNC_TOKEN", self.sandbox.async_token());
        cmd
    }
}

/// One request as the scripted server received it.
#[derive(Debug, Clone)]
pub(crate) struct Received {
    pub(crate) request_line: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Received {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A loopback server answering every request with one scripted response and
/// recording what it received.
pub(crate) struct Scripted {
    pub(crate) addr: SocketAddr,
    pub(crate) received: Arc<Mutex<Vec<Received>>>,
    _thread: JoinHandle<()>,
}

impl Scripted {
    pub(crate) fn start(status: u16, body: &'static str) -> Self {
        Self::start_slow(status, body, Duration::ZERO)
    }

    /// Records each request on arrival, then waits `delay` before answering:
    /// a request counts as applied before its answer leaves.
    pub(crate) fn start_slow(status: u16, body: &'static str, delay: Duration) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let addr = listener.local_addr().expect("address");
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = received.clone();
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let log = log.clone();
                std::thread::spawn(move || serve(stream, status, body, delay, &log));
            }
        });
        Self {
            addr,
            received,
            _thread: thread,
        }
    }

    pub(crate) fn base_url(&self) -> String {
        format!("http://{}/autoupdate/v2", self.addr)
    }

    pub(crate) fn received(&self) -> Vec<Received> {
        self.received.lock().expect("not poisoned").clone()
    }
}

fn serve(
    stream: std::net::TcpStream,
    status: u16,
    body: &str,
    delay: Duration,
    log: &Mutex<Vec<Received>>,
) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(stream);
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let mut headers = Vec::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                headers.push((name.trim().to_owned(), value.trim().to_owned()));
            }
        }
        let length = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        let mut request_body = vec![0; length];
        if reader.read_exact(&mut request_body).is_err() {
            return;
        }
        log.lock().expect("not poisoned").push(Received {
            request_line: request_line.trim_end().to_owned(),
            headers,
            body: request_body,
        });
        std::thread::sleep(delay);
        let response = format!(
            "HTTP/1.1 {status} Scripted\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        if reader.get_mut().write_all(response.as_bytes()).is_err() {
            return;
        }
    }
}

/// An address on loopback where nothing listens.
pub(crate) fn closed_port() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    listener.local_addr().expect("address")
}

/// How many requests a `--journal` file records as acknowledged.
pub(crate) fn journaled(journal: &std::path::Path) -> usize {
    std::fs::read_to_string(journal)
        .map(|t| t.lines().filter(|l| l.contains("digest")).count())
        .unwrap_or(0)
}

/// Waits until the journal records `n` acknowledged requests (30 s at most),
/// so that a test can stop a run in its middle.
pub(crate) fn wait_for_journal(journal: &std::path::Path, n: usize) {
    let started = std::time::Instant::now();
    while journaled(journal) < n {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "no progress"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

/// A batch's stdout: its per-line reports, sorted by line, and the summary,
/// which must be the last line.
pub(crate) fn batch_output(stdout: &[u8]) -> (Vec<serde_json::Value>, serde_json::Value) {
    let text = String::from_utf8_lossy(stdout);
    let mut lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not one JSON line: {e}: {l}")))
        .collect();
    let last = lines.pop().unwrap_or_else(|| panic!("no output"));
    let summary = last
        .get("summary")
        .cloned()
        .unwrap_or_else(|| panic!("the last line is not the summary: {text}"));
    assert!(
        lines.iter().all(|l| l.get("summary").is_none()),
        "one summary, last"
    );
    lines.sort_by_key(|v| v["line"].as_u64());
    (lines, summary)
}
