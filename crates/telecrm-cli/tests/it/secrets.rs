//! The token never appears in the tool's output, at any verbosity.

use predicates::prelude::*;
use telecrm_sandbox::{Faults, SandboxConfig};

use crate::{LEAD, Live, Scripted, UPDATE_PAYMENT};

const TOKEN: &str = "tok_9d2f6a41c3b85e07-SECRET";

#[test]
fn token_absent_at_trace_in_success_errors_and_retries() {
    let live = Live::start(SandboxConfig::new().token(TOKEN));
    let faulty = Live::start(SandboxConfig::new().token(TOKEN).faults(Faults {
        seed: 3,
        error_rate: 1.0,
        error_status: 503,
        retry_after: Some("0".into()),
        ..Faults::default()
    }));
    let html = Scripted::start(502, "<html>bad gateway</html>");
    let runs: Vec<(String, Vec<&str>, i32)> = vec![
        (live.sandbox.base_url(), UPDATE_PAYMENT[4..].to_vec(), 0),
        (
            live.sandbox.base_url(),
            vec![
                "--action",
                "missing",
                "--type",
                "PAYMENT",
                "--status",
                "COMPLETED",
            ],
            3,
        ),
        (faulty.sandbox.base_url(), UPDATE_PAYMENT[4..].to_vec(), 4),
        (html.base_url(), UPDATE_PAYMENT[4..].to_vec(), 4),
    ];
    for (base, args, code) in runs {
        for verbosity in ["-vvv", "-v"] {
            let output = crate::telecrm()
                .env("RUST_LOG", "trace")
                .env("TELECRM_TOKEN", TOKEN)
                .args([
                    "--base-url",
                    &base,
                    "--enterprise",
                    live.sandbox.enterprise(),
                    verbosity,
                ])
                .args(["action", "update", "--lead", LEAD])
                .args(&args)
                .assert()
                .code(code)
                .get_output()
                .clone();
            let all = format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
            assert!(!all.contains(TOKEN), "token leaked:\n{all}");
            assert!(!all.contains("SECRET"), "token leaked:\n{all}");
            // TRACE really was on: something was logged.
            assert!(!output.stderr.is_empty());
        }
    }
}

#[test]
fn token_absent_from_help_with_env_set() {
    crate::telecrm()
        .env("TELECRM_TOKEN", TOKEN)
        .args(["action", "update", "--help"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(TOKEN).not());
    crate::telecrm()
        .env("TELECRM_TOKEN", TOKEN)
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(TOKEN).not());
}
