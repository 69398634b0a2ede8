//! `telecrm action create|get|search`: the bytes on the wire, every exit code,
//! and the whole flow against the sandbox.

use predicates::prelude::*;
use telecrm_sandbox::{Faults, SandboxConfig};

use crate::{CUSTOM, LEAD, Live, Received, Scripted, telecrm};

const CREATED: &str = r#"{"lead_id":"603d2b2f9b1e8a001c8e4f5c","actions":[{"action_id":"603d2b2f9b1e8a001c8e4f5d","status":"CREATED"}],"remarks":[]}"#;
const PARTIAL: &str = r#"{"lead_id":"603d2b2f9b1e8a001c8e4f5c","actions":[{"action_id":"603d2b2f9b1e8a001c8e4f5d","status":"CREATED"},{"action_id":null,"status":"IGNORED"}],"remarks":[{"field":"actions[1].fields.email","status":"IGNORED","remark":"Email is invalid"}]}"#;
const NONE_CREATED: &str = r#"{"lead_id":"603d2b2f9b1e8a001c8e4f5c","actions":[{"action_id":null,"status":"IGNORED"}],"remarks":[{"field":"actions[0].fields.email","status":"IGNORED","remark":"Email is invalid"}]}"#;
const PAGE: &str = r#"{"data":[{"type":"OUTGOING_CALL"}],"total_count":1,"skip":0,"limit":10}"#;

/// `telecrm action <args>` against a scripted server answering `status`/`body`.
fn against(server: &Scripted, args: &[&str]) -> assert_cmd::assert::Assert {
    telecrm()
        .args(["--base-url", &server.base_url()])
        .args(["--token", "tok-123", "--enterprise", "ent", "action"])
        .args(args)
        .assert()
}

fn one_request(server: &Scripted) -> Received {
    let mut received = server.received();
    assert_eq!(received.len(), 1, "{received:?}");
    received.remove(0)
}

#[test]
fn create_from_flags_sends_the_documented_body() {
    let server = Scripted::start(200, CREATED);
    against(
        &server,
        &[
            "create",
            "--lead",
            LEAD,
            "--type",
            "ACTION_1001",
            "--field",
            "note=Site visit completed",
            "--field",
            "outcome=Interested",
            "--field-json",
            "score=42",
        ],
    )
    .code(0)
    .stdout(format!("{CREATED}\n"));
    let request = one_request(&server);
    assert_eq!(
        request.request_line,
        format!("POST /autoupdate/v2/enterprise/ent/lead/{LEAD}/action HTTP/1.1")
    );
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        String::from_utf8(request.body).unwrap(),
        r#"{"actions":[{"type":"1001","fields":{"note":"Site visit completed","outcome":"Interested","score":42}}]}"#
    );

    let server = Scripted::start(200, CREATED);
    against(
        &server,
        &[
            "create",
            "--lead",
            LEAD,
            "--type",
            "PAYMENT",
            "--status",
            "PENDING",
            "--currency",
            "INR",
            "--amount",
            "10000",
        ],
    )
    .code(0);
    assert_eq!(
        String::from_utf8(one_request(&server).body).unwrap(),
        r#"{"actions":[{"type":"PAYMENT","status":"PENDING","currency":"INR","amount":"10000"}]}"#
    );
}

#[test]
fn create_from_a_body_is_checked_and_normalised() {
    let server = Scripted::start(200, CREATED);
    against(
        &server,
        &[
            "create",
            "--lead",
            LEAD,
            "--body",
            r#"{ "actions": [ { "type": "1001", "fields": { "note": "Demo scheduled" } },
                 { "type": "PAYMENT", "status": "PENDING", "currency": "INR", "amount": "10000" } ] }"#,
        ],
    )
    .code(0);
    assert_eq!(
        String::from_utf8(one_request(&server).body).unwrap(),
        r#"{"actions":[{"type":"1001","fields":{"note":"Demo scheduled"}},{"type":"PAYMENT","status":"PENDING","currency":"INR","amount":"10000"}]}"#
    );
}

#[test]
fn partial_success_exits_0_and_says_what_was_ignored() {
    let server = Scripted::start(200, PARTIAL);
    against(&server, &["create", "--lead", LEAD, "--type", "1001"])
        .code(0)
        .stdout(format!("{PARTIAL}\n"))
        .stderr(predicate::str::contains(
            "ignored: actions[1].fields.email: Email is invalid",
        ));
}

#[test]
fn nothing_created_exits_3_and_says_why() {
    let server = Scripted::start(200, NONE_CREATED);
    against(&server, &["create", "--lead", LEAD, "--type", "1001"])
        .code(3)
        .stdout(format!("{NONE_CREATED}\n"))
        .stderr(predicate::str::contains(
            "no action was created: actions[0].fields.email: Email is invalid",
        ));
}

#[test]
fn api_refusals_exit_3_and_server_failures_4() {
    let server = Scripted::start(
        400,
        r#"{"error":{"code":"BAD_REQUEST","message":"Only custom actions and payment actions can be created"}}"#,
    );
    against(&server, &["create", "--lead", LEAD, "--type", "1001"])
        .code(3)
        .stderr(predicate::str::contains(
            "HTTP 400 BAD_REQUEST: Only custom actions and payment actions can be created",
        ));
    let server = Scripted::start(
        404,
        r#"{"error":{"code":"ACTION_NOT_FOUND","message":"Action with ID x was not found."}}"#,
    );
    against(&server, &["get", "--lead", LEAD, "--action", "x"])
        .code(3)
        .stderr(predicate::str::contains("ACTION_NOT_FOUND"));
    // A 502 on a create is not retried (it may have been applied): one request, exit 4.
    let server = Scripted::start(502, "<html>bad gateway</html>");
    against(&server, &["create", "--lead", LEAD, "--type", "1001"]).code(4);
    assert_eq!(server.received().len(), 1);
    // The same on a search is retried: three requests, exit 4.
    let server = Scripted::start(502, "<html>bad gateway</html>");
    against(&server, &["search", "--lead", LEAD]).code(4);
    assert_eq!(server.received().len(), 3);
}

#[test]
fn refused_before_sending_exits_2_and_sends_nothing() {
    let server = Scripted::start(200, CREATED);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["create", "--lead", LEAD, "--type", "OUTGOING_CALL"],
            "built in",
        ),
        (
            vec![
                "create",
                "--lead",
                LEAD,
                "--type",
                "PAYMENT",
                "--status",
                "PENDING",
                "--currency",
                "INR",
            ],
            "--amount",
        ),
        (
            vec![
                "create",
                "--lead",
                LEAD,
                "--type",
                "PAYMENT",
                "--status",
                "PENDING",
                "--currency",
                "inr",
                "--amount",
                "5",
            ],
            "currency `inr`",
        ),
        (
            vec![
                "create",
                "--lead",
                LEAD,
                "--type",
                "PAYMENT",
                "--status",
                "PENDING",
                "--currency",
                "INR",
                "--amount",
                "0",
            ],
            "amount `0`",
        ),
        (
            vec![
                "create", "--lead", LEAD, "--type", "1001", "--status", "PENDING",
            ],
            "payments only",
        ),
        (
            vec!["create", "--lead", LEAD, "--body", r#"{"actions":[]}"#],
            "at least one action",
        ),
        (
            vec![
                "create",
                "--lead",
                LEAD,
                "--body",
                r#"{"actions":[{"type":"1001"},{"type":"PAYMENT","amount":"1"}]}"#,
            ],
            "actions[1] is invalid: `status` is required",
        ),
        (
            vec!["create", "--lead", "", "--type", "1001"],
            "lead ID must not be empty",
        ),
        (
            vec!["get", "--lead", LEAD, "--action", "a\u{7}b"],
            "control character",
        ),
        (
            vec!["search", "--lead", LEAD, "--limit", "101"],
            "limit 101 is out of range",
        ),
        (
            vec!["search", "--lead", LEAD, "--limit", "0"],
            "limit 0 is out of range",
        ),
        (
            vec!["search", "--lead", LEAD, "--from", "31/04/2026 00:00:00"],
            "--from",
        ),
        (
            vec!["search", "--lead", LEAD, "--type", "outgoing call"],
            "outgoing call",
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
fn get_and_search_on_the_wire() {
    let server = Scripted::start(200, r#"{"type":"1001","fields":{"note":"x"}}"#);
    against(&server, &["get", "--lead", LEAD, "--action", CUSTOM]).code(0);
    let request = one_request(&server);
    assert_eq!(
        request.request_line,
        format!("GET /autoupdate/v2/enterprise/ent/lead/{LEAD}/action/{CUSTOM} HTTP/1.1")
    );
    assert!(request.body.is_empty());
    assert_eq!(request.header("content-type"), None);

    let server = Scripted::start(200, PAGE);
    against(
        &server,
        &[
            "search",
            "--lead",
            LEAD,
            "--type",
            "OUTGOING_CALL",
            "--from",
            "01/04/2026 00:00:00",
            "--to",
            "30/04/2026 23:59:59",
            "--skip",
            "5",
            "--limit",
            "20",
        ],
    )
    .code(0)
    .stdout(format!("{PAGE}\n"));
    let request = one_request(&server);
    assert_eq!(
        request.request_line,
        format!(
            "POST /autoupdate/v2/enterprise/ent/lead/{LEAD}/action/search?skip=5&limit=20 HTTP/1.1"
        )
    );
    assert_eq!(
        String::from_utf8(request.body).unwrap(),
        r#"{"type":"OUTGOING_CALL","created_on":{"from":"01/04/2026 00:00:00","to":"30/04/2026 23:59:59"}}"#
    );
}

#[test]
fn search_all_against_a_server_that_ignores_skip_stops() {
    // Every page is the same full page: the tool must stop, not loop.
    let server = Scripted::start(
        200,
        r#"{"data":[{"id":"a","type":"SMS"},{"id":"b","type":"SMS"}],"limit":2}"#,
    );
    against(
        &server,
        &["search", "--lead", LEAD, "--limit", "2", "--all"],
    )
    .code(4)
    .stderr(predicate::str::contains("ignore skip"));
    assert_eq!(server.received().len(), 2);
}

#[test]
fn the_whole_flow_against_the_sandbox() {
    let live = Live::start(SandboxConfig::new());
    // Create three, read one back, update it, page through everything.
    let out = live
        .telecrm()
        .args(["action", "create", "--lead", LEAD, "--body"])
        .arg(
            r#"{"actions":[{"type":"1001","fields":{"note":"one"}},{"type":"1001","fields":{"note":"two"}},
               {"type":"PAYMENT","status":"PENDING","currency":"INR","amount":"10000"}]}"#,
        )
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let created: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let ids: Vec<String> = created["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            assert_eq!(a["status"], "CREATED", "{created}");
            a["action_id"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(ids.len(), 3);

    live.telecrm()
        .args(["action", "get", "--lead", LEAD, "--action", &ids[1]])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(r#""note":"two""#));
    live.telecrm()
        .args(["action", "update", "--lead", LEAD, "--action", &ids[1]])
        .args(["--type", "1001", "--field", "note=two, updated"])
        .assert()
        .code(0);
    live.telecrm()
        .args(["action", "get", "--lead", LEAD, "--action", &ids[1]])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(r#""note":"two, updated""#));

    // The seed's four actions and three new ones, two per page: four pages.
    let out = live
        .telecrm()
        .args(["action", "search", "--lead", LEAD, "--limit", "2", "--all"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let lines: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 7, "{lines:?}");
    // Newest first: the three just created lead, the last one created first.
    assert_eq!(lines[0]["id"], ids[2].as_str());
    assert_eq!(lines[2]["id"], ids[0].as_str());
    let searches = live
        .sandbox
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/action/search"))
        .count();
    assert_eq!(searches, 4);

    // A built-in action is found by search and refused by get.
    live.telecrm()
        .args([
            "action",
            "search",
            "--lead",
            LEAD,
            "--type",
            "OUTGOING_CALL",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(r#""type":"OUTGOING_CALL""#));
    live.telecrm()
        .args([
            "action",
            "get",
            "--lead",
            LEAD,
            "--action",
            telecrm_sandbox::SEED_OUTGOING_CALL,
        ])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "Only custom actions and payment actions can be retrieved",
        ));
}

#[test]
fn a_create_is_not_resent_when_the_sandbox_drops_it() {
    // Every connection dropped: a create goes out once, an update three times.
    let live = Live::start(SandboxConfig::new().faults(Faults {
        drop_rate: 1.0,
        ..Faults::default()
    }));
    live.telecrm()
        .args(["action", "create", "--lead", LEAD, "--type", "1001"])
        .assert()
        .code(4);
    assert_eq!(live.sandbox.requests().len(), 1);
    live.telecrm()
        .args([
            "action", "update", "--lead", LEAD, "--action", CUSTOM, "--type", "1001", "--field",
            "note=x",
        ])
        .assert()
        .code(4);
    assert_eq!(live.sandbox.requests().len(), 4);
}
