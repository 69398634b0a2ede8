//! `telecrm lead create|get|update|search`: the bytes on the wire, refusals
//! before sending, the flow against the sandbox, and the CSV batch resumed
//! after a kill.

use std::process::Stdio;
use std::time::Duration;

use predicates::prelude::*;
use serde_json::Value;
use telecrm_sandbox::{Faults, SandboxConfig};

use crate::{LEAD, Live, Received, Scripted, telecrm};

const CREATED: &str = r#"{"lead_id":"603d2b2f9b1e8a001c8e4f5c","actions":[],"remarks":[{"field":"fields.rating","status":"IGNORED","remark":"Rating must be between 1 and 5"}]}"#;

fn against(server: &Scripted, args: &[&str]) -> assert_cmd::assert::Assert {
    telecrm()
        .args(["--base-url", &server.base_url()])
        .args(["--token", "tok-123", "--enterprise", "ent", "lead"])
        .args(args)
        .assert()
}

fn one_request(server: &Scripted) -> Received {
    let mut received = server.received();
    assert_eq!(received.len(), 1, "{received:?}");
    received.remove(0)
}

#[test]
fn create_sends_the_fields_and_reports_what_was_ignored() {
    let server = Scripted::start(201, CREATED);
    against(
        &server,
        &[
            "create",
            "--field",
            "name=Jane Doe",
            "--field",
            "phone=919999999999",
            "--field-json",
            "interests=[\"VIP\",\"Returning\"]",
            "--field-json",
            "deal_size=1000",
        ],
    )
    .code(0)
    .stdout(format!("{CREATED}\n"))
    .stderr(predicate::str::contains(
        "ignored: fields.rating: Rating must be between 1 and 5",
    ));
    let request = one_request(&server);
    assert_eq!(
        request.request_line,
        "POST /autoupdate/v2/enterprise/ent/lead HTTP/1.1"
    );
    assert_eq!(
        String::from_utf8(request.body).unwrap(),
        r#"{"fields":{"deal_size":1000,"interests":["VIP","Returning"],"name":"Jane Doe","phone":"919999999999"}}"#
    );
}

#[test]
fn get_update_and_search_on_the_wire() {
    let server = Scripted::start(200, r#"{"fields":{"name":"Jane Doe"}}"#);
    against(
        &server,
        &["get", "--lead", LEAD, "--include-actions", "--limit", "5"],
    )
    .code(0);
    assert_eq!(
        one_request(&server).request_line,
        format!(
            "GET /autoupdate/v2/enterprise/ent/lead/{LEAD}?includeActions=true&skip=0&limit=5 HTTP/1.1"
        )
    );

    let server = Scripted::start(200, r#"{"fields":{"status":"Qualified"}}"#);
    against(
        &server,
        &[
            "update",
            "--lead",
            LEAD,
            "--field",
            "status=Qualified",
            "--field-json",
            "rating=4",
        ],
    )
    .code(0);
    let request = one_request(&server);
    assert_eq!(
        request.request_line,
        format!("POST /autoupdate/v2/enterprise/ent/lead/{LEAD} HTTP/1.1")
    );
    assert_eq!(
        String::from_utf8(request.body).unwrap(),
        r#"{"fields":{"rating":4,"status":"Qualified"}}"#
    );

    let server = Scripted::start(200, r#"{"data":[],"total_count":0,"skip":0,"limit":50}"#);
    against(
        &server,
        &["search", "--field", "phone=919999999999", "--limit", "50"],
    )
    .code(0);
    let request = one_request(&server);
    assert_eq!(
        request.request_line,
        "POST /autoupdate/v2/enterprise/ent/lead/search?skip=0&limit=50 HTTP/1.1"
    );
    assert_eq!(
        String::from_utf8(request.body).unwrap(),
        r#"{"fields":{"phone":"919999999999"}}"#
    );

    let server = Scripted::start(200, r#"{"data":[],"total_count":0,"skip":0,"limit":10}"#);
    against(
        &server,
        &[
            "search",
            "--body",
            r#"{"fields":{"status":["Won"]},"actions":{"type":["OUTGOING_CALL"]}}"#,
        ],
    )
    .code(0);
    assert_eq!(
        String::from_utf8(one_request(&server).body).unwrap(),
        r#"{"actions":{"type":["OUTGOING_CALL"]},"fields":{"status":["Won"]}}"#
    );
}

#[test]
fn refused_before_sending_exits_2_and_sends_nothing() {
    let server = Scripted::start(200, CREATED);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["create", "--field", "phone=+91 98765-43210"],
            "e.g. 919876543210",
        ),
        (
            vec![
                "create",
                "--field",
                "phone=919999999999",
                "--field-json",
                "rating=9",
            ],
            "rating must be",
        ),
        (
            vec!["create", "--field", "email=not-an-email"],
            "not an email address",
        ),
        (
            vec!["--lead-identifier", "phone", "create", "--field", "name=x"],
            "lead identifier `phone` is required",
        ),
        (
            vec![
                "--lead-identifier",
                "phone",
                "update",
                "--lead",
                LEAD,
                "--field",
                "phone=919999999999",
            ],
            "cannot be changed",
        ),
        (
            vec![
                "create",
                "--body",
                r#"{"fields":{"phone":"919999999999"},"actions":[{"type":"SMS"}]}"#,
            ],
            "actions[0] is invalid",
        ),
        (
            vec!["update", "--lead", LEAD, "--body", r#"{"fields":{}}"#],
            "at least one field",
        ),
        (
            vec!["get", "--lead", LEAD, "--include-actions", "--limit", "101"],
            "limit 101 is out of range",
        ),
        (vec!["search", "--limit", "0"], "limit 0 is out of range"),
        (
            vec!["search", "--field", "phone=+919999999999"],
            "e.g. 919876543210",
        ),
    ];
    for (args, expected) in cases {
        against(&server, &args)
            .code(2)
            .stderr(predicate::str::contains(expected));
    }
    assert!(server.received().is_empty(), "{:?}", server.received());
}

#[test]
fn api_refusals_exit_3() {
    let server = Scripted::start(
        403,
        r#"{"error":{"code":"INVALID_LEAD","message":"Cannot modify lead identifier field"}}"#,
    );
    against(
        &server,
        &["update", "--lead", LEAD, "--field", "phone=919999999999"],
    )
    .code(3)
    .stderr(predicate::str::contains(
        "403 INVALID_LEAD: Cannot modify lead identifier field",
    ));
    // A 502 on a create is not resent.
    let server = Scripted::start(502, "bad gateway");
    against(&server, &["create", "--field", "phone=919999999999"]).code(4);
    assert_eq!(server.received().len(), 1);
}

#[test]
fn the_whole_flow_against_the_sandbox() {
    let live = Live::start(SandboxConfig::new());
    let out = live
        .telecrm()
        .args([
            "lead",
            "create",
            "--field",
            "name=Asha",
            "--field",
            "phone=919800000001",
            "--field",
            "city=Pune",
        ])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let lead = serde_json::from_slice::<Value>(&out).unwrap()["lead_id"]
        .as_str()
        .unwrap()
        .to_owned();
    // The same identifier again: the API's 409, exit 3.
    live.telecrm()
        .args(["lead", "create", "--field", "phone=919800000001"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("LEAD_ALREADY_EXISTS"));
    // Found by search, by `_id`.
    let out = live
        .telecrm()
        .args(["lead", "search", "--field", "city=pune"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let page: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(page["data"][0]["_id"], lead.as_str());
    live.telecrm()
        .args([
            "lead",
            "update",
            "--lead",
            &lead,
            "--field",
            "status=Qualified",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(r#""status":"Qualified""#));
    live.telecrm()
        .args(["lead", "get", "--lead", &lead])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(r#""city":"Pune""#));
    live.telecrm()
        .args([
            "lead",
            "update",
            "--lead",
            &lead,
            "--field",
            "phone=919800000002",
        ])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("INVALID_LEAD"));
    let out = live
        .telecrm()
        .args(["lead", "search", "--limit", "1", "--all"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    assert_eq!(String::from_utf8(out).unwrap().lines().count(), 2);
}

#[test]
fn csv_batch_resumes_after_a_kill_and_creates_no_lead_twice() {
    const ROWS: usize = 40;
    let faults = Faults {
        latency: Duration::from_millis(50),
        ..Faults::default()
    };
    let live = Live::start(SandboxConfig::new().faults(faults));
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("leads.csv");
    let journal = dir.path().join("journal");
    let mut text = String::from("name,phone,deal_size:json,interests:json\n");
    for i in 0..ROWS {
        text.push_str(&format!("Lead {i},9198000{i:05},{i},\"[\"\"VIP\"\"]\"\n"));
    }
    std::fs::write(&csv, text).unwrap();
    let args = |cmd: &mut std::process::Command| {
        cmd.env("TELECRM_BASE_URL", live.sandbox.base_url())
            .env("TELECRM_TOKEN", live.sandbox.token())
            .env("TELECRM_ENTERPRISE_ID", live.sandbox.enterprise())
            .args(["lead", "create", "--concurrency", "3", "--batch"])
            .arg(&csv)
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
    crate::wait_for_journal(&journal, 6);
    child.kill().unwrap();
    child.wait().unwrap();
    let done_before = crate::journaled(&journal);
    assert!(
        done_before < ROWS,
        "the kill came too late to test anything"
    );

    let mut second = std::process::Command::new(assert_cmd::cargo::cargo_bin("telecrm"));
    args(&mut second);
    let output = assert_cmd::Command::from_std(second)
        .assert()
        .code(0)
        .get_output()
        .clone();
    let (outcomes, summary) = crate::batch_output(&output.stdout);
    assert_eq!(outcomes.len(), ROWS - done_before);
    assert_eq!(summary["skipped"].as_u64().unwrap() as usize, done_before);
    // Lines in flight at the kill may have been created: the re-run meets
    // them as existing (at most the concurrency), and creates nothing twice.
    let existed = outcomes
        .iter()
        .filter(|o| o["result"]["existed"] == true)
        .count();
    assert!(existed <= 3, "{existed}");
    // Every row exists exactly once: the seed lead plus one lead per row.
    let search = std::process::Command::new(assert_cmd::cargo::cargo_bin("telecrm"))
        .env("TELECRM_BASE_URL", live.sandbox.base_url())
        .env("TELECRM_TOKEN", live.sandbox.token())
        .env("TELECRM_ENTERPRISE_ID", live.sandbox.enterprise())
        .args(["lead", "search", "--limit", "100", "--all"])
        .output()
        .unwrap();
    let phones: Vec<String> = String::from_utf8(search.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["fields"]["phone"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(phones.len(), ROWS + 1);
    let unique: std::collections::BTreeSet<_> = phones.iter().collect();
    assert_eq!(unique.len(), ROWS + 1);
    for i in 0..ROWS {
        assert!(
            unique.contains(&format!("9198000{i:05}")),
            "row {i} missing"
        );
    }
}
