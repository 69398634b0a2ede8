//! The embedding examples, run against a sandbox on loopback so they cannot rot.

#[allow(dead_code)]
#[path = "../../examples/ureq_blocking.rs"]
mod ureq_blocking;

#[allow(dead_code)]
#[path = "../../examples/reqwest_async.rs"]
mod reqwest_async;

// telecrm-hyper's test PKI: a CA made at test time and a `localhost`
// certificate it signed, which no public root trusts.
#[allow(dead_code)]
#[path = "../../../telecrm-hyper/tests/it/pki.rs"]
mod pki;

mod with_reqwest;
mod with_ureq;

use serde_json::json;
use telecrm_core::{
    Action, ActionUpdate, BaseUrl, PaymentUpdate, SyncToken, UpdateAction, Workspace,
};
use telecrm_sandbox::{SEED_CUSTOM_ACTION, SEED_LEAD, SEED_PAYMENT_ACTION, Sandbox};

/// The sandbox's workspace: its base URL, enterprise and token.
fn workspace(sandbox: &Sandbox) -> Workspace {
    Workspace::new(
        SyncToken::new(sandbox.token()).unwrap(),
        sandbox.enterprise().parse().unwrap(),
    )
    .with_base_url(BaseUrl::parse(&sandbox.base_url()).unwrap())
}

/// Checks both the returned states and what the sandbox now holds.
fn assert_document_examples_applied(sandbox: &Sandbox, note: &Action, paid: &Action) {
    let custom = note.as_custom().expect("a custom action");
    assert_eq!(custom.code.as_str(), "1001");
    assert_eq!(custom.fields["note"], json!("Follow-up completed"));
    let payment = paid.as_payment().expect("a payment");
    assert_eq!(payment.status.as_deref(), Some("COMPLETED"));
    assert_eq!(payment.currency.as_deref(), Some("INR"));
    assert_eq!(payment.amount.as_deref(), Some("5000"));

    let stored = sandbox
        .action(SEED_LEAD, SEED_CUSTOM_ACTION)
        .expect("seeded");
    assert_eq!(stored["fields"]["note"], json!("Follow-up completed"));
    let stored = sandbox
        .action(SEED_LEAD, SEED_PAYMENT_ACTION)
        .expect("seeded");
    assert_eq!(
        stored,
        json!({"type":"PAYMENT","status":"COMPLETED","currency":"INR","amount":"5000"})
    );
    let log = sandbox.requests();
    assert_eq!(log.len(), 2, "{log:?}");
}

/// A loopback HTTPS server for `localhost` whose certificate a test CA signed,
/// which no public root trusts; it accepts one connection and reports how its
/// TLS handshake ended.
pub(crate) struct UntrustedTls {
    pub(crate) base: BaseUrl,
    handshake: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl UntrustedTls {
    /// Starts the server on the current runtime.
    pub(crate) async fn start() -> Self {
        let acceptor = pki::pki().acceptor;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let handshake = tokio::spawn(async move {
            let (stream, _) = listener.accept().await?;
            acceptor.accept(stream).await.map(drop)
        });
        let base = BaseUrl::parse(&format!("https://localhost:{port}/autoupdate/v2")).unwrap();
        Self { base, handshake }
    }

    /// A workspace served by it.
    pub(crate) fn workspace(&self) -> Workspace {
        Workspace::new(SyncToken::new("t").unwrap(), "ent".parse().unwrap())
            .with_base_url(self.base.clone())
    }

    /// An update to send it.
    pub(crate) fn call(&self) -> UpdateAction {
        UpdateAction::new(
            SEED_LEAD.parse().unwrap(),
            SEED_PAYMENT_ACTION.parse().unwrap(),
            ActionUpdate::from(PaymentUpdate::new()),
        )
    }

    /// The client's error names the certificate, and the server saw a TLS
    /// handshake that the client broke off (so TLS was spoken, not refused
    /// before connecting).
    pub(crate) async fn assert_refused_for_its_certificate(self, err: &dyn std::error::Error) {
        let mut text = String::new();
        let mut source = Some(err);
        while let Some(cause) = source {
            text.push_str(&cause.to_string());
            text.push_str(" / ");
            source = cause.source();
        }
        assert!(text.to_lowercase().contains("certificate"), "{text}");
        assert!(self.handshake.await.unwrap().is_err());
    }
}
