//! A production transport for the [TeleCRM] APIs: [`telecrm_core`]'s
//! requests carried over hyper 1.x, hyper-util's connection pool, rustls and
//! tokio, with typed results.
//!
//! ```text
//!  Client (pool, TLS, retry policy and budget, timeouts, tracing)
//!    └─ client.workspace(Workspace { base URL, enterprise, token }) ─▶ WorkspaceClient
//!         typed methods (create_lead, update_action, …) ─┐
//!         send(&endpoint) / send_full / send_with ◀──────┘  the one door
//!           1. endpoint.check(rules): lead identifier, workspace schema  ─▶ refusal, or warnings
//!           2. pace (the Async API: 18,000 an hour)
//!           3. endpoint.to_http_request_with(workspace, headers made once)   (telecrm-core)
//!           4. telecrm_core::Call drives the attempts:       start ─▶ exchange ─▶ handle
//!                exchange: pooled connection, attempt timeout, whole body within a limit
//!                handle:   Done │ Retry { after } (budget permitting) │ Stop
//!           5. endpoint.decode(status, headers, body)       (telecrm-core)
//!  all of it inside a `telecrm.call` tracing span
//! ```
//!
//! Defaults, none of them "forever" (see `docs/transport.md` for the reasons):
//! connect 10 s, attempt 30 s, whole call 60 s; 3 attempts with full-jitter
//! backoff from 100 ms, `Retry-After` honoured; a retry budget of 500 tokens;
//! pooled connections idle out after 30 s; responses up to 4 MiB; Mozilla's
//! roots; the `ring` provider passed explicitly; HTTP/1.1 or HTTP/2 by ALPN;
//! proxies from `HTTPS_PROXY`/`NO_PROXY`; no redirects followed; https only
//! except to loopback.
//!
//! # Example
//!
//! A loopback server stands in for TeleCRM here; with a real account, leave out
//! `with_base_url` (production is the default).
//!
//! ```
//! use telecrm_hyper::{BaseUrl, Client, PaymentStatus, PaymentUpdate, SyncToken, Workspace};
//! use tokio::io::{AsyncReadExt, AsyncWriteExt};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! let addr = listener.local_addr()?;
//! tokio::spawn(async move {
//!     let (mut socket, _) = listener.accept().await.unwrap();
//!     let mut request = vec![0; 4096];
//!     let _ = socket.read(&mut request).await;
//!     let body = r#"{"type":"PAYMENT","status":"COMPLETED","currency":"INR","amount":"5000"}"#;
//!     let answer = format!(
//!         "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
//!         body.len()
//!     );
//!     socket.write_all(answer.as_bytes()).await.unwrap();
//! });
//!
//! let client = Client::new()?;
//! let crm = client.workspace(
//!     Workspace::new(SyncToken::new("YOUR_SYNC_TOKEN")?, "my-enterprise".parse()?)
//!         .with_base_url(BaseUrl::parse(&format!("http://{addr}/autoupdate/v2"))?),
//! )?;
//! let action = crm
//!     .update_action(
//!         "603d2b2f9b1e8a001c8e4f5c".parse()?,
//!         "603d2b2f9b1e8a001c8e4f5e".parse()?,
//!         PaymentUpdate::with_status(PaymentStatus::COMPLETED).into(),
//!     )
//!     .await?;
//! let payment = action.as_payment().expect("a payment");
//! assert_eq!(payment.status.as_deref(), Some("COMPLETED"));
//! assert_eq!(payment.amount.as_deref(), Some("5000"));
//! # Ok(())
//! # }
//! ```
//!
//! [TeleCRM]: https://telecrm.in

mod api;
mod async_client;
mod budget;
mod builder;
mod call;
mod client;
mod connect;
mod error;
mod pages;
mod transport;
mod wire;
mod workspace;

pub use async_client::{AsyncClient, Slot};
pub use budget::RetryBudgetConfig;
pub use builder::{
    ClientBuilder, DEFAULT_ATTEMPT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_POOL_IDLE_TIMEOUT, DEFAULT_TOTAL_TIMEOUT,
};
pub use call::{CallOptions, Response};
pub use client::Client;
pub use connect::{Proxy, Roots};
pub use error::Error;
pub use pages::Pages;
/// The pure core, re-exported so that one dependency is enough.
pub use telecrm_core as core;
pub use telecrm_core::prelude::*;
pub use workspace::{DEFAULT_RATE_PER_HOUR, DEFAULT_SCHEMA_MAX_AGE, WorkspaceClient};

/// The repository's documents, compiled as doctests so that their Rust cannot
/// drift from the code (`cargo test --doc -p telecrm-hyper`).
#[cfg(doctest)]
mod documents {
    #[doc = include_str!("../../../README.md")]
    struct Readme;
    #[doc = include_str!("../README.md")]
    struct CrateReadme;
    #[doc = include_str!("../../../docs/architecture.md")]
    struct Architecture;
    #[doc = include_str!("../../../docs/embedding.md")]
    struct Embedding;
    #[doc = include_str!("../../../docs/transport.md")]
    struct Transport;
}
