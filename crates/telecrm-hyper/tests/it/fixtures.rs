//! What the end-to-end tests share: IDs, the token, the document's 200 body
//! and a workspace handle on a client with millisecond backoff.

use std::time::Duration;

use telecrm_hyper::{
    BaseUrl, Client, ClientBuilder, Error, Proxy, RetryBudgetConfig, RetryPolicy, SyncToken,
    Workspace, WorkspaceClient,
};

pub(crate) const TOKEN: &str = "tok_5be1a9d07c3f4e28-SECRET";
pub(crate) const LEAD: &str = "603d2b2f9b1e8a001c8e4f5c";
pub(crate) const CUSTOM: &str = "603d2b2f9b1e8a001c8e4f5d";
pub(crate) const PAYMENT: &str = "603d2b2f9b1e8a001c8e4f5e";
pub(crate) const DOC_200: &str =
    r#"{"type":"PAYMENT","status":"COMPLETED","currency":"INR","amount":"5000"}"#;

/// A client with millisecond backoff, so the suite runs in seconds, and the
/// workspace `ent` at `base` with [`TOKEN`]: `.build()` gives the handle.
pub(crate) fn builder(base: &str) -> TestBuilder {
    TestBuilder {
        client: Client::builder().retry_policy(
            RetryPolicy::new(3).with_backoff(Duration::from_millis(5), Duration::from_millis(20)),
        ),
        base: base.to_owned(),
    }
}

/// The workspace `ent` at `base`, with [`TOKEN`].
pub(crate) fn workspace(base: &str) -> Workspace<SyncToken> {
    Workspace::new(SyncToken::new(TOKEN).unwrap(), "ent".parse().unwrap())
        .with_base_url(BaseUrl::parse(base).unwrap())
}

/// A [`ClientBuilder`] and the base URL of the workspace to reach through it.
#[derive(Debug)]
pub(crate) struct TestBuilder {
    client: ClientBuilder,
    base: String,
}

impl TestBuilder {
    /// Changes the client's settings.
    pub(crate) fn tune(mut self, tune: impl FnOnce(ClientBuilder) -> ClientBuilder) -> Self {
        self.client = tune(self.client);
        self
    }

    pub(crate) fn attempt_timeout(self, timeout: Duration) -> Self {
        self.tune(|b| b.attempt_timeout(timeout))
    }

    pub(crate) fn retry_budget(self, budget: RetryBudgetConfig) -> Self {
        self.tune(|b| b.retry_budget(budget))
    }

    pub(crate) fn proxy(self, proxy: Proxy) -> Self {
        self.tune(|b| b.proxy(proxy))
    }

    /// Builds the client and returns its handle on the workspace.
    pub(crate) fn build(self) -> Result<WorkspaceClient, Error> {
        self.client.build()?.workspace(workspace(&self.base))
    }
}

pub(crate) fn payment_completed() -> telecrm_hyper::ActionUpdate {
    telecrm_hyper::PaymentUpdate::with_status(telecrm_hyper::PaymentStatus::COMPLETED).into()
}

/// The document's payment example: `PAYMENT` on `LEAD` set to `COMPLETED`.
pub(crate) async fn update_payment(
    client: &WorkspaceClient,
) -> Result<telecrm_hyper::Action, telecrm_hyper::Error> {
    client
        .update_action(
            LEAD.parse().unwrap(),
            PAYMENT.parse().unwrap(),
            payment_completed(),
        )
        .await
}
