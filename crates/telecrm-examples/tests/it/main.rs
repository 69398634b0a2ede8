//! The embedding examples, run against a sandbox on loopback so they cannot rot.

#[allow(dead_code)]
#[path = "../../examples/ureq_blocking.rs"]
mod ureq_blocking;

#[allow(dead_code)]
#[path = "../../examples/reqwest_async.rs"]
mod reqwest_async;

mod with_reqwest;
mod with_ureq;

use serde_json::json;
use telecrm_core::Action;
use telecrm_sandbox::{SEED_CUSTOM_ACTION, SEED_LEAD, SEED_PAYMENT_ACTION, Sandbox};

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
