//! Errors that say what happened in full and what to do: the service's code,
//! message and details, a hint for the known mistakes, and nothing secret,
//! even when the server echoes it.

use predicates::prelude::*;
use telecrm_sandbox::SandboxConfig;

use crate::{LEAD, Live, PAYMENT, Scripted, telecrm};

#[test]
fn immutable_payment_flags_on_an_update_say_why() {
    for flag in ["--amount", "--currency", "--paymentid"] {
        telecrm()
            .args(["--token", "t0k3n", "--enterprise", "ent"])
            .args([
                "action", "update", "--lead", LEAD, "--action", PAYMENT, "--type", "PAYMENT",
            ])
            .args([flag, "5"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("cannot change after creation"));
    }
}

#[test]
fn a_pasted_bearer_prefix_is_taken_off_with_a_warning() {
    let live = Live::start(SandboxConfig::new());
    live.telecrm()
        .env("TELECRM_TOKEN", format!("Bearer {}", live.sandbox.token()))
        .args(["lead", "get", "--lead", LEAD])
        .assert()
        .success()
        .stderr(predicate::str::contains("starts with `Bearer `"));
}

#[test]
fn details_are_listed_and_an_echoed_token_is_redacted() {
    let server = Scripted::start(
        400,
        r#"{"error":{"code":"BAD_REQUEST","message":"Validation failed for tok-ECHOED-123","details":[{"field":"email","message":"is already taken"},{"message":"see the docs"}]}}"#,
    );
    telecrm()
        .args(["--base-url", &server.base_url(), "--token", "tok-ECHOED-123", "--enterprise", "ent"])
        .args(["lead", "get", "--lead", LEAD])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "HTTP 400 BAD_REQUEST: Validation failed for <redacted>; email: is already taken; see the docs",
        ))
        .stderr(predicate::str::contains("tok-ECHOED").not());
}

#[test]
fn retried_failures_say_how_many_attempts() {
    let server = Scripted::start(
        503,
        r#"{"error":{"code":"SERVICE_UNAVAILABLE","message":"try later"}}"#,
    );
    telecrm()
        .args([
            "--base-url",
            &server.base_url(),
            "--token",
            "t0k3n",
            "--enterprise",
            "ent",
        ])
        .args(["--attempts", "2", "--timeout", "5"])
        .args(["lead", "get", "--lead", LEAD])
        .assert()
        .code(4)
        .stderr(
            predicate::str::is_match(
                r"503 SERVICE_UNAVAILABLE: try later \(after 2 attempts in \d+\.\d s\)",
            )
            .unwrap(),
        );
}

#[test]
fn a_wrong_enterprise_gets_a_hint() {
    let live = Live::start(SandboxConfig::new());
    live.telecrm()
        .env("TELECRM_ENTERPRISE_ID", "0123456789abcdef01234567")
        .args(["lead", "get", "--lead", LEAD])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "hint: the token may not serve this enterprise",
        ));
}

#[test]
fn a_misspelt_payment_type_gets_a_suggestion() {
    let update = ["action", "update", "--lead", LEAD, "--action", PAYMENT];
    let create = [
        "action",
        "create",
        "--lead",
        LEAD,
        "--currency",
        "INR",
        "--amount",
        "5",
    ];
    for command in [&update[..], &create[..]] {
        telecrm()
            .args(["--token", "t0k3n", "--enterprise", "ent"])
            .args(command)
            .args(["--type", "paymnt", "--status", "COMPLETED"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("did you mean PAYMENT?"));
    }
}
