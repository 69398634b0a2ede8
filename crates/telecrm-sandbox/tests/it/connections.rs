//! Connection hygiene: a slow or idle socket is closed after the header
//! timeout, and a flood of them cannot starve a real request.

use std::time::{Duration, Instant};

use telecrm_sandbox::{Limits, SEED_LEAD, SEED_PAYMENT_ACTION, Sandbox, SandboxConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::{TOKEN, update};

const TIMEOUT: Duration = Duration::from_millis(300);

async fn start(max_connections: usize) -> Sandbox {
    let limits = Limits::default()
        .with_header_timeout(TIMEOUT)
        .with_max_connections(max_connections);
    Sandbox::start(SandboxConfig::new().token(TOKEN).limits(limits))
        .await
        .unwrap()
}

/// Reads until the server closes the connection: how long that took, and
/// what came.
async fn until_closed(stream: &mut TcpStream) -> (Duration, Vec<u8>) {
    let started = Instant::now();
    let mut got = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut got)).await;
    assert!(read.is_ok(), "still open after 10 s");
    (started.elapsed(), got)
}

#[tokio::test]
async fn silent_half_sent_and_idle_connections_are_closed() {
    let sandbox = start(16).await;
    // Says nothing.
    let mut silent = TcpStream::connect(sandbox.local_addr()).await.unwrap();
    // Half a request head.
    let mut half = TcpStream::connect(sandbox.local_addr()).await.unwrap();
    half.write_all(b"GET /autoupdate/v2/enterprise/x/metadata HTTP/1.1\r\nHost: s")
        .await
        .unwrap();
    // One whole request, then idle on a kept-alive connection.
    let mut idle = TcpStream::connect(sandbox.local_addr()).await.unwrap();
    idle.write_all(b"GET /nowhere HTTP/1.1\r\nHost: s\r\n\r\n")
        .await
        .unwrap();
    for stream in [&mut silent, &mut half] {
        let (after, _) = until_closed(stream).await;
        assert!(after < TIMEOUT * 10, "closed after {after:?}");
    }
    let (after, got) = until_closed(&mut idle).await;
    assert!(got.starts_with(b"HTTP/1.1 404"), "the request was answered");
    assert!(after < TIMEOUT * 10, "closed after {after:?}");
}

#[tokio::test]
async fn a_flood_of_idle_sockets_does_not_starve_a_request() {
    let sandbox = start(8).await;
    // Every slot taken by a socket that never sends anything.
    let mut flood = Vec::new();
    for _ in 0..32 {
        flood.push(TcpStream::connect(sandbox.local_addr()).await.unwrap());
    }
    let started = Instant::now();
    let answer = tokio::time::timeout(
        Duration::from_secs(10),
        update(
            &sandbox,
            SEED_LEAD,
            SEED_PAYMENT_ACTION,
            r#"{"type":"PAYMENT","status":"COMPLETED"}"#,
        ),
    )
    .await
    .expect("served within 10 s");
    assert_eq!(answer.status, 200, "{answer:?}");
    // Served once the idle ones timed out: a few timeouts at most, not never.
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    drop(flood);
}
