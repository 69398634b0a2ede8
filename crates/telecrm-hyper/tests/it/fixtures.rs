//! What the end-to-end tests share: IDs, the token, the document's 200 body
//! and a client with millisecond backoff.

use std::time::Duration;

use telecrm_hyper::{BaseUrl, Client, ClientBuilder, RetryPolicy, SyncToken};

pub(crate) const TOKEN: &str = "tok_5be1a9d07c3f4e28-SECRET";
pub(crate) const LEAD: &str = "603d2b2f9b1e8a001c8e4f5c";
pub(crate) const CUSTOM: &str = "603d2b2f9b1e8a001c8e4f5d";
pub(crate) const PAYMENT: &str = "603d2b2f9b1e8a001c8e4f5e";
pub(crate) const DOC_200: &str =
    r#"{"type":"PAYMENT","status":"COMPLETED","currency":"INR","amount":"5000"}"#;

/// A client for `base` with millisecond backoff, so the suite runs in seconds.
pub(crate) fn builder(base: &str) -> ClientBuilder {
    Client::builder(SyncToken::new(TOKEN).unwrap(), "ent".parse().unwrap())
        .base_url(BaseUrl::parse(base).unwrap())
        .retry_policy(
            RetryPolicy::new(3).with_backoff(Duration::from_millis(5), Duration::from_millis(20)),
        )
}

pub(crate) fn payment_completed() -> telecrm_hyper::ActionUpdate {
    telecrm_hyper::PaymentUpdate::with_status(telecrm_hyper::PaymentStatus::COMPLETED).into()
}

/// The document's payment example: `PAYMENT` on `LEAD` set to `COMPLETED`.
pub(crate) async fn update_payment(
    client: &Client,
) -> Result<telecrm_hyper::Action, telecrm_hyper::Error> {
    client
        .update_action(
            LEAD.parse().unwrap(),
            PAYMENT.parse().unwrap(),
            payment_completed(),
        )
        .await
}
