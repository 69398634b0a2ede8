//! `telecrm lead ingest`: ten thousand rows at the sandbox and every one found
//! through the Sync API; a graceful stop and a resume that send each row
//! exactly once; a 429 storm survived; refusals before sending; tokens swapped.

use std::collections::BTreeMap;
use std::process::{Command, Stdio};

use serde_json::Value;
use telecrm_sandbox::SandboxConfig;

use crate::Live;

fn csv(rows: usize, first: usize) -> String {
    let mut text = String::from("name,phone,city,deal_size:json\n");
    for i in first..first + rows {
        text.push_str(&format!("Lead {i},9197{i:08},Pune,{i}\n"));
    }
    text
}

/// The summary, the only line `lead ingest` prints.
fn summary(out: &[u8]) -> Value {
    let (lines, summary) = crate::batch_output(out);
    assert!(lines.is_empty(), "ingest prints only its summary");
    summary
}

/// How many times each identifier reached the sandbox's queue.
fn deliveries(live: &Live) -> BTreeMap<String, usize> {
    live.drain();
    let mut counts = BTreeMap::new();
    for record in live.sandbox.ingested() {
        *counts
            .entry(record.identifier.unwrap_or_default())
            .or_default() += 1;
    }
    counts
}

#[test]
fn ten_thousand_rows_and_every_one_found() {
    const ROWS: usize = 10_000;
    let live = Live::start(SandboxConfig::new());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("leads.csv");
    std::fs::write(&file, csv(ROWS, 0)).unwrap();
    let out = live
        .telecrm()
        .args(["lead", "ingest", "--rate", "off", "--concurrency", "8"])
        .arg(&file)
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let report = summary(&out);
    assert_eq!(report["ok"], ROWS);
    assert_eq!(report["sent"], ROWS);
    assert_eq!(report["refused"], serde_json::json!([]));
    let counts = deliveries(&live);
    assert_eq!(counts.len(), ROWS);
    assert!(counts.values().all(|n| *n == 1));
    // Every row, through the Sync API's search.
    let out = live
        .telecrm()
        .args(["lead", "search", "--limit", "100", "--all"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let phones: std::collections::BTreeSet<String> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["fields"]["phone"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(phones.len(), ROWS + 1, "the rows and the seeded lead");
    for i in [0, 1, 4_999, ROWS - 1] {
        assert!(phones.contains(&format!("9197{i:08}")), "row {i}");
    }
}

#[test]
fn a_stopped_ingest_resumes_and_sends_each_row_exactly_once() {
    const ROWS: usize = 120;
    let live = Live::start(SandboxConfig::new());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("leads.csv");
    let journal = dir.path().join("journal");
    std::fs::write(&file, csv(ROWS, 0)).unwrap();
    let run = |rate: &str| {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("telecrm"));
        cmd.env("TELECRM_ENTERPRISE_ID", live.sandbox.enterprise())
            .env("TELECRM_ASYNC_BASE_URL", live.sandbox.async_base_url())
            .env("TELECRM_ASYNC_TOKEN", live.sandbox.async_token())
            .args([
                "lead",
                "ingest",
                "--concurrency",
                "4",
                "--rate",
                rate,
                "--journal",
            ])
            .arg(&journal)
            .arg(&file);
        cmd
    };
    // 36,000 an hour: slow enough to stop in the middle.
    let child = run("36000/h")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    crate::wait_for_journal(&journal, 10);
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(130));
    let first = summary(&output.stdout);
    assert_eq!(first["stopped"], "interrupted");
    let sent_first = first["ok"].as_u64().unwrap() as usize;
    assert_eq!(first["sent"], first["ok"], "nothing failed");
    assert!(sent_first < ROWS, "the stop came too late to test anything");
    assert_eq!(
        crate::journaled(&journal),
        sent_first,
        "every row sent was journaled"
    );

    let output = run("off").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let second = summary(&output.stdout);
    assert_eq!(second["skipped"].as_u64().unwrap() as usize, sent_first);
    assert_eq!(second["ok"].as_u64().unwrap() as usize, ROWS - sent_first);
    // The sandbox's own log: every row once, none twice.
    let counts = deliveries(&live);
    assert_eq!(counts.len(), ROWS);
    assert!(counts.values().all(|n| *n == 1), "{counts:?}");
}

#[test]
fn a_429_storm_loses_no_row() {
    const ROWS: usize = 12;
    // The sandbox takes 2 a second; the tool sends unpaced and meets 429s.
    let live = Live::start(SandboxConfig::new().async_rate_per_hour(Some(7_200)));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("leads.csv");
    std::fs::write(&file, csv(ROWS, 500)).unwrap();
    let out = live
        .telecrm()
        .args([
            "--retries",
            "10",
            "--timeout",
            "120",
            "lead",
            "ingest",
            "--rate",
            "off",
            "--concurrency",
            "4",
        ])
        .arg(&file)
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    assert_eq!(summary(&out)["ok"], ROWS);
    let refused = live
        .sandbox
        .requests()
        .iter()
        .filter(|r| r.status == 429)
        .count();
    assert!(refused > 0, "the storm happened");
    let counts = deliveries(&live);
    assert_eq!(counts.len(), ROWS);
    assert!(counts.values().all(|n| *n == 1));
}

#[test]
fn refusals_go_to_the_rejects_file_in_the_input_format() {
    let live = Live::start(SandboxConfig::new());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("leads.csv");
    let rejects = dir.path().join("rejects.csv");
    std::fs::write(
        &file,
        "name,phone,rating:json\nGood,919700000001,3\nNo phone,,3\nBad phone,+91 97000 00002,3\nBad rating,919700000003,9\n",
    )
    .unwrap();
    let out = live
        .telecrm()
        .args(["lead", "ingest", "--rate", "off", "--rejects"])
        .arg(&rejects)
        .arg(&file)
        .assert()
        .code(2)
        .get_output()
        .stdout
        .clone();
    let report = summary(&out);
    assert_eq!(report["ok"], 1);
    let lines: Vec<u64> = report["refused"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [3, 4, 5]);
    assert!(
        report["refused"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("`phone` is required")
    );
    // The rows as written, with their line and reason in `#` columns (ignored
    // when the file is fixed and run again).
    let written = std::fs::read_to_string(&rejects).unwrap();
    let rows: Vec<&str> = written.lines().collect();
    assert_eq!(rows[0], "name,phone,rating:json,#line,#reason");
    assert!(rows[1].starts_with("No phone,,3,3,"), "{written}");
    assert!(
        rows[2].starts_with("Bad phone,+91 97000 00002,3,4,"),
        "{written}"
    );
    assert!(
        rows[3].starts_with("Bad rating,919700000003,9,5,"),
        "{written}"
    );
    assert!(rows[1].contains("`phone` is required"), "{written}");
    assert_eq!(deliveries(&live).len(), 1);
}

#[test]
fn tokens_swapped_are_refused() {
    let live = Live::start(SandboxConfig::new());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("leads.csv");
    std::fs::write(&file, csv(50, 0)).unwrap();
    let out = live
        .telecrm()
        .env("TELECRM_ASYNC_TOKEN", live.sandbox.token())
        .args(["lead", "ingest", "--rate", "off", "--concurrency", "2"])
        .arg(&file)
        .assert()
        .code(3)
        .get_output()
        .stdout
        .clone();
    let report = summary(&out);
    assert_eq!(report["stopped"], "fatal_answer");
    assert!(
        report["sent"].as_u64().unwrap() <= 2,
        "stopped at the first 401s: at most the concurrency sent"
    );
    assert_eq!(report["ok"], 0);
    assert_eq!(
        report["remaining"].as_u64().unwrap() + report["sent"].as_u64().unwrap(),
        50
    );
    // And the Async token on the Sync API.
    live.telecrm()
        .env("TELECRM_TOKEN", live.sandbox.async_token())
        .args(["lead", "get", "--lead", crate::LEAD])
        .assert()
        .code(3)
        .stderr(predicates::str::contains("401 NOT_AUTHORIZED"));
}
