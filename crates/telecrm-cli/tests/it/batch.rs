//! Batches: mixed outcomes, stdin, and resuming from the journal after a kill.

use std::process::Stdio;
use std::time::Duration;

use serde_json::{Value, json};
use telecrm_sandbox::{Faults, SandboxConfig};

use crate::{CUSTOM, LEAD, Live, PAYMENT};

fn outcomes(stdout: &[u8]) -> Vec<Value> {
    crate::batch_output(stdout).0
}

#[test]
fn mixed_batch_reports_every_line_and_sends_only_valid_ones() {
    let live = Live::start(SandboxConfig::new());
    let batch = [
        json!({"lead": LEAD, "action": CUSTOM, "update": {"type": "1001", "fields": {"a": "1"}}}).to_string(),
        json!({"lead": LEAD, "action": PAYMENT, "update": {"type": "PAYMENT", "amount": "1"}}).to_string(),
        String::new(),
        json!({"lead": LEAD, "action": "nope", "update": {"type": "1001", "fields": {"a": "2"}}}).to_string(),
        json!({"lead": LEAD, "action": PAYMENT, "update": {"type": "PAYMENT", "status": "COMPLETED"}}).to_string(),
        "{not json".to_owned(),
    ]
    .join("\n");
    let output = live
        .telecrm()
        .args(["action", "update", "--batch", "-", "--concurrency", "2"])
        .write_stdin(batch)
        .assert()
        .code(3)
        .get_output()
        .clone();
    let lines = outcomes(&output.stdout);
    let summary: Vec<(u64, bool)> = lines
        .iter()
        .map(|l| (l["line"].as_u64().unwrap(), l["ok"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        summary,
        [(1, true), (2, false), (4, false), (5, false), (6, false)]
    );
    assert_eq!(lines[0]["result"]["fields"]["a"], "1");
    assert_eq!(lines[0]["lead"], LEAD);
    assert_eq!(lines[1]["error"]["kind"], "invalid");
    assert!(
        lines[1]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("`amount` cannot be changed")
    );
    assert_eq!(lines[2]["error"]["kind"], "api");
    assert!(
        lines[2]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("ACTION_NOT_FOUND")
    );
    // Line 5 is for the payment whose line 2 was refused: held back, so that
    // a re-run applies the two in file order.
    assert_eq!(lines[3]["error"]["kind"], "blocked");
    assert_eq!(lines[4]["error"]["kind"], "invalid");
    // Invalid and held-back lines were never sent.
    assert_eq!(live.sandbox.requests().len(), 2);
}

#[test]
fn all_good_batch_exits_0() {
    let live = Live::start(SandboxConfig::new());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("batch.jsonl");
    let lines: Vec<String> = (0..20)
        .map(|i| {
            json!({"lead": LEAD, "action": CUSTOM, "update": {"type": "1001", "fields": {format!("f{i}"): i}}})
                .to_string()
        })
        .collect();
    std::fs::write(&path, lines.join("\n")).unwrap();
    let output = live
        .telecrm()
        .args(["action", "update", "--batch"])
        .arg(&path)
        .assert()
        .code(0)
        .get_output()
        .clone();
    assert_eq!(outcomes(&output.stdout).len(), 20);
    let state = live.sandbox.action(LEAD, CUSTOM).unwrap();
    for i in 0..20 {
        assert_eq!(state["fields"][format!("f{i}")], i, "{state}");
    }
}

#[test]
fn journal_resumes_after_a_kill_and_loses_nothing() {
    const LINES: usize = 40;
    let faults = Faults {
        latency: Duration::from_millis(60),
        ..Faults::default()
    };
    let live = Live::start(SandboxConfig::new().faults(faults));
    let dir = tempfile::tempdir().unwrap();
    let batch = dir.path().join("batch.jsonl");
    let journal = dir.path().join("journal");
    let lines: Vec<String> = (0..LINES)
        .map(|i| {
            json!({"lead": LEAD, "action": CUSTOM, "update": {"type": "1001", "fields": {format!("k{i:02}"): i}}})
                .to_string()
        })
        .collect();
    std::fs::write(&batch, lines.join("\n")).unwrap();

    let args = |cmd: &mut std::process::Command| {
        cmd.env("TELECRM_BASE_URL", live.sandbox.base_url())
            .env("TELECRM_TOKEN", live.sandbox.token())
            .env("TELECRM_ENTERPRISE_ID", live.sandbox.enterprise())
            .args(["action", "update", "--concurrency", "2", "--batch"])
            .arg(&batch)
            .arg("--journal")
            .arg(&journal);
    };
    let mut first = std::process::Command::new(assert_cmd::cargo::cargo_bin("telecrm"));
    args(&mut first);
    let mut child = first
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Let some lines finish, then kill it mid-batch.
    crate::wait_for_journal(&journal, 6);
    child.kill().unwrap();
    child.wait().unwrap();
    let done_before = crate::journaled(&journal);
    assert!(
        done_before < LINES,
        "the kill came too late to test anything"
    );
    let sent_before = live.sandbox.requests().len();

    let mut second = std::process::Command::new(assert_cmd::cargo::cargo_bin("telecrm"));
    args(&mut second);
    let output = assert_cmd::Command::from_std(second)
        .assert()
        .code(0)
        .get_output()
        .clone();
    let (outcomes, summary) = crate::batch_output(&output.stdout);
    // Lines already done are counted, not printed.
    assert_eq!(outcomes.len(), LINES - done_before);
    let skipped = summary["skipped"].as_u64().unwrap() as usize;
    assert_eq!(skipped, done_before);
    assert_eq!(summary["stopped"], "finished");
    // The second run sent exactly the lines the journal did not hold.
    assert_eq!(live.sandbox.requests().len() - sent_before, LINES - skipped);
    // And nothing was lost.
    let state = live.sandbox.action(LEAD, CUSTOM).unwrap();
    for i in 0..LINES {
        assert_eq!(state["fields"][format!("k{i:02}")], i, "{state}");
    }
}
