//! `telecrm demo` and `telecrm sandbox`.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use predicates::prelude::*;
use serde_json::Value;

use crate::{LEAD, PAYMENT, telecrm};

#[test]
fn demo_runs_the_document_examples_with_no_account() {
    let output = telecrm()
        .arg("demo")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Follow-up completed"))
        .stdout(predicate::str::contains("\"status\": \"COMPLETED\""))
        .stdout(predicate::str::contains("refuses it, nothing is sent"))
        .stdout(predicate::str::contains("400"))
        .stdout(predicate::str::contains(
            "Cannot update amount, currency, or paymentid fields for existing payment action.",
        ))
        .get_output()
        .clone();
    let text = String::from_utf8(output.stdout).unwrap();
    // A custom action created, then updated by the ID the create returned.
    let (_, created) = text.split_once("Step 3.").expect("a create step");
    let (created, _) = created.split_once("Step 4.").expect("a search step");
    let id = created
        .split("\"action_id\": \"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a new action ID");
    assert!(
        created.contains(&format!("/action/{id}")) && created.contains("quote sent"),
        "{created}"
    );
    assert!(text.contains("\"type\": \"OUTGOING_CALL\""), "{text}");
    // In the end the payment is completed and its amount what it was.
    let (_, last) = text.split_once("Step 7.").expect("seven steps");
    assert!(last.contains("\"status\": \"COMPLETED\""), "{text}");
    assert!(last.contains("\"amount\": \"5000\""), "{text}");
    assert!(!last.contains("6000"), "{text}");
}

#[test]
fn sandbox_prints_its_address_first_and_serves() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("telecrm"))
        .args([
            "sandbox",
            "--listen",
            "127.0.0.1:0",
            "--enterprise",
            "ent-cli",
            "--state",
        ])
        .arg(&state)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let ready: Value = serde_json::from_str(&first).expect("the first line is JSON");
    let base = ready["base_url"].as_str().unwrap().to_owned();
    let token = ready["token"].as_str().unwrap().to_owned();
    assert_eq!(ready["enterprise"], "ent-cli");
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    assert!(token.len() >= 16, "a made-up token of some length");

    let result = telecrm()
        .env("TELECRM_BASE_URL", &base)
        .env("TELECRM_TOKEN", &token)
        .env("TELECRM_ENTERPRISE_ID", "ent-cli")
        .args(["action", "update", "--lead", LEAD, "--action", PAYMENT])
        .args(["--type", "PAYMENT", "--status", "COMPLETED"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let result: Value = serde_json::from_slice(&result).unwrap();
    assert_eq!(result["status"], "COMPLETED");
    // SIGTERM: a graceful stop, exit 0.
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    // The change reached the state file (SQLite; the stop folded its WAL in,
    // so the row's JSON text is in the file itself).
    let saved = String::from_utf8_lossy(&std::fs::read(&state).unwrap()).into_owned();
    assert!(saved.starts_with("SQLite format 3\0"), "not a database");
    assert!(saved.contains(r#""status":"COMPLETED""#), "not saved");
}
