//! Every exit code, and that nothing is sent when the tool refuses.

use predicates::prelude::*;
use telecrm_sandbox::{Faults, SandboxConfig};

use crate::{CUSTOM, LEAD, Live, PAYMENT, Scripted, UPDATE_PAYMENT, closed_port, telecrm};

const DOC_200: &str = r#"{"type":"PAYMENT","status":"COMPLETED","currency":"INR","amount":"5000"}"#;

#[test]
fn success_prints_the_state_and_exits_0() {
    let live = Live::start(SandboxConfig::new());
    let out = live
        .telecrm()
        .args(["action", "update", "--lead", LEAD, "--action", PAYMENT])
        .args(["--type", "PAYMENT", "--status", "COMPLETED"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let state: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        state,
        serde_json::json!({"type":"PAYMENT","status":"COMPLETED","currency":"INR","amount":"5000"})
    );
    // Not a terminal: one line.
    assert_eq!(String::from_utf8(out).unwrap().lines().count(), 1);
}

/// Refusals before sending: exit 2, and the scripted server sees nothing.
#[test]
fn refused_before_sending_exits_2() {
    let server = Scripted::start(200, DOC_200);
    let base = server.base_url();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "--type", "PAYMENT", "--status", " X", "--lead", LEAD, "--action", PAYMENT,
            ],
            "is not one of PENDING, COMPLETED",
        ),
        (
            vec![
                "--body",
                r#"{"type":"PAYMENT","amount":"6000"}"#,
                "--lead",
                LEAD,
                "--action",
                PAYMENT,
            ],
            "`amount` cannot be changed",
        ),
        (
            vec![
                "--body",
                r#"{"type":"PAYMENT","currency":"USD"}"#,
                "--lead",
                LEAD,
                "--action",
                PAYMENT,
            ],
            "`currency` cannot be changed",
        ),
        (
            vec![
                "--body",
                r#"{"type":"INCOMING_CALL"}"#,
                "--lead",
                LEAD,
                "--action",
                CUSTOM,
            ],
            "built in",
        ),
        (
            vec![
                "--body",
                r#"{"type":"1001","fields":[]}"#,
                "--lead",
                LEAD,
                "--action",
                CUSTOM,
            ],
            "`fields` must be a JSON object",
        ),
        (
            vec![
                "--body",
                r#"{"type":"1001""#,
                "--lead",
                LEAD,
                "--action",
                CUSTOM,
            ],
            "not valid JSON (line 1, column 14)",
        ),
        (
            vec![
                "--type", "1001", "--field", "novalue", "--lead", LEAD, "--action", CUSTOM,
            ],
            "KEY=VALUE",
        ),
        (
            vec![
                "--type", "1001", "--status", "PAID", "--lead", LEAD, "--action", CUSTOM,
            ],
            "payments only",
        ),
        (
            vec![
                "--type", "PAYMENT", "--field", "a=b", "--lead", LEAD, "--action", PAYMENT,
            ],
            "only --status",
        ),
        (
            vec!["--type", "1001", "--lead", "", "--action", CUSTOM],
            "lead ID must not be empty",
        ),
        (
            vec!["--type", "1001", "--lead", "a\u{7}b", "--action", CUSTOM],
            "control character",
        ),
    ];
    for (args, expected) in cases {
        let assert = telecrm()
            .env("TELECRM_BASE_URL", &base)
            .env("TELECRM_TOKEN", "tok")
            .env("TELECRM_ENTERPRISE_ID", "ent")
            .args(["action", "update"])
            .args(&args)
            .assert()
            .code(2);
        if !expected.is_empty() {
            assert.stderr(predicate::str::contains(expected));
        }
    }
    assert!(server.received().is_empty(), "{:?}", server.received());
}

#[test]
fn configuration_refusals_exit_2() {
    let server = Scripted::start(200, DOC_200);
    let update = UPDATE_PAYMENT;
    // No token.
    telecrm()
        .env("TELECRM_BASE_URL", server.base_url())
        .env("TELECRM_ENTERPRISE_ID", "ent")
        .args(update)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no token"));
    // No enterprise.
    telecrm()
        .env("TELECRM_BASE_URL", server.base_url())
        .env("TELECRM_TOKEN", "tok")
        .args(update)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no enterprise"));
    // A token that cannot be a header.
    telecrm()
        .env("TELECRM_BASE_URL", server.base_url())
        .env("TELECRM_ENTERPRISE_ID", "ent")
        .args(update)
        .args(["--token", "abc\u{1b}def"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not allowed in an HTTP header"));
    // Plain http to a host that is not loopback.
    telecrm()
        .args(["--base-url", "http://telecrm.example.com/autoupdate/v2"])
        .args(["--token", "tok", "--enterprise", "ent"])
        .args(update)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("plain http"));
    // A usage error from clap itself.
    telecrm()
        .args(["action", "update", "--lead", LEAD])
        .assert()
        .code(2);
    assert!(server.received().is_empty(), "{:?}", server.received());
}

#[test]
fn api_refusals_exit_3_with_status_code_and_message() {
    let live = Live::start(SandboxConfig::new());
    live.telecrm()
        .args(["action", "update", "--lead", LEAD, "--action", "62ab16e"])
        .args(["--type", "1001", "--field", "note=x"])
        .assert()
        .code(3)
        .stdout("")
        .stderr(predicate::str::contains("404"))
        .stderr(predicate::str::contains("ACTION_NOT_FOUND"))
        .stderr(predicate::str::contains(
            "Action with ID 62ab16e was not found in the lead.",
        ));
    live.telecrm()
        .env("TELECRM_TOKEN", "not-the-token")
        .args(["action", "update", "--lead", LEAD, "--action", PAYMENT])
        .args(["--type", "PAYMENT", "--status", "COMPLETED"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("401"))
        .stderr(predicate::str::contains("NOT_AUTHORIZED"));
    // 4xx are not retried.
    assert_eq!(live.sandbox.requests().len(), 2);
}

#[test]
fn transport_failures_exit_4() {
    // Nothing listening.
    telecrm()
        .args([
            "--base-url",
            &format!("http://{}/autoupdate/v2", closed_port()),
        ])
        .args(["--token", "tok", "--enterprise", "ent", "--retries", "1"])
        .args(UPDATE_PAYMENT)
        .assert()
        .code(4)
        .stderr(predicate::str::is_empty().not());

    // 5xx after retries.
    let faults = Faults {
        seed: 1,
        error_rate: 1.0,
        error_status: 503,
        retry_after: Some("0".into()),
        ..Faults::default()
    };
    let live = Live::start(SandboxConfig::new().faults(faults));
    live.telecrm()
        .args(["--retries", "2"])
        .args(UPDATE_PAYMENT)
        .assert()
        .code(4)
        .stderr(predicate::str::contains("503"));
    assert_eq!(live.sandbox.requests().len(), 2, "two attempts in all");

    // A 200 that is not JSON.
    let server = Scripted::start(200, "<html>hello</html>");
    telecrm()
        .args([
            "--base-url",
            &server.base_url(),
            "--token",
            "tok",
            "--enterprise",
            "ent",
        ])
        .args(UPDATE_PAYMENT)
        .assert()
        .code(4)
        .stderr(predicate::str::contains("decode"));
    assert_eq!(server.received().len(), 1, "a bad 200 is not retried");
}
