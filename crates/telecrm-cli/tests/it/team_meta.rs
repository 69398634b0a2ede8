//! `telecrm team …`, `telecrm meta …` and `--check-schema`, against the sandbox
//! and a scripted server; the new member's password absent from all output.

use predicates::prelude::*;
use serde_json::Value;
use telecrm_sandbox::SandboxConfig;

use crate::{LEAD, Live, Scripted, telecrm};

fn json(out: &[u8]) -> Value {
    serde_json::from_slice(out).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(out)))
}

#[test]
fn team_commands_against_the_sandbox() {
    let live = Live::start(SandboxConfig::new().license_seats(3));
    let out = live
        .telecrm()
        .args(["team", "list"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    assert_eq!(json(&out)["total_count"], 2);
    let out = live
        .telecrm()
        .args(["team", "list", "--include-deleted", "--limit", "1", "--all"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    assert_eq!(String::from_utf8(out).unwrap().lines().count(), 3);
    live.telecrm()
        .args([
            "team",
            "create",
            "--name",
            "John Doe",
            "--email",
            "john.doe@example.com",
        ])
        .args(["--phone", "919876543210", "--role", "CALLER"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(r#""status":"INVITED""#));
    // The seats are gone: the API's 402, exit 3.
    live.telecrm()
        .args([
            "team",
            "create",
            "--name",
            "Jo",
            "--email",
            "jo@example.com",
            "--phone",
            "919876543211",
            "--role",
            "CALLER",
        ])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("402 BUY_LICENSE"));
    live.telecrm()
        .args(["team", "get", "--email", "JOHN.DOE@example.com"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(r#""name":"John Doe""#));
    live.telecrm()
        .args(["team", "get", "--email", "rahul@example.com"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("TEAM_MEMBER_NOT_FOUND"));
    live.telecrm()
        .args([
            "team",
            "state",
            "--email",
            "john.doe@example.com",
            "--state",
            "On Leave",
        ])
        .assert()
        .code(0)
        .stdout(format!(
            "{}\n",
            r#"{"email":"john.doe@example.com","status":"On Leave"}"#
        ));
}

#[test]
fn team_refusals_before_sending() {
    let server = Scripted::start(200, "{}");
    let base = server.base_url();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["team", "list", "--limit", "11"], "between 1 and 10"),
        (
            vec![
                "team",
                "create",
                "--name",
                "J",
                "--email",
                "j@x.io",
                "--phone",
                "+91 98765 43210",
                "--role",
                "CALLER",
            ],
            "919876543210",
        ),
        (
            vec![
                "team",
                "create",
                "--name",
                "J",
                "--email",
                "j@x.io",
                "--phone",
                "919876543210",
                "--role",
                "OWNER",
            ],
            "ADMIN, MANAGER",
        ),
        (
            vec!["team", "get", "--email", "not-an-email"],
            "not an email address",
        ),
        (
            vec!["team", "state", "--email", "j@x.io", "--state", "Busy"],
            "On Leave",
        ),
        (vec!["meta", "action", "ACTION_x"], "custom action code"),
    ];
    for (args, expected) in cases {
        telecrm()
            .args(["--base-url", &base, "--token", "t", "--enterprise", "e"])
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(expected));
    }
    assert!(server.received().is_empty());
}

#[test]
fn the_password_never_shows() {
    const PASSWORD: &str = "Pw-7c1e0b9f-SECRET";
    let live = Live::start(SandboxConfig::new());
    let output = live
        .telecrm()
        .env("RUST_LOG", "trace")
        .args([
            "-vvv",
            "team",
            "create",
            "--name",
            "P",
            "--email",
            "p@example.com",
        ])
        .args([
            "--phone",
            "919876543299",
            "--role",
            "ADMIN",
            "--password-stdin",
        ])
        .write_stdin(format!("{PASSWORD}\n"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains(r#""status":"Active""#))
        .get_output()
        .clone();
    let all = [output.stdout, output.stderr].concat();
    assert!(!String::from_utf8_lossy(&all).contains(PASSWORD));
    // Refused by the API: the error does not repeat it either.
    let output = live
        .telecrm()
        .env("RUST_LOG", "trace")
        .args([
            "-vvv",
            "team",
            "create",
            "--name",
            "P",
            "--email",
            "p@example.com",
        ])
        .args([
            "--phone",
            "919876543299",
            "--role",
            "ADMIN",
            "--password-stdin",
        ])
        .write_stdin(format!("{PASSWORD}\n"))
        .assert()
        .code(3)
        .get_output()
        .clone();
    let all = [output.stdout, output.stderr].concat();
    assert!(!String::from_utf8_lossy(&all).contains(PASSWORD));
}

#[test]
fn meta_commands_against_the_sandbox() {
    let live = Live::start(SandboxConfig::new());
    let meta = json(
        &live
            .telecrm()
            .args(["meta", "enterprise"])
            .assert()
            .code(0)
            .get_output()
            .stdout
            .clone(),
    );
    let fields = json(
        &live
            .telecrm()
            .args(["meta", "fields", "--detail"])
            .assert()
            .code(0)
            .get_output()
            .stdout
            .clone(),
    );
    let identifier = fields["customFields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == meta["leadIdentifierFieldId"])
        .unwrap();
    assert_eq!(identifier["apiName"], "phone");
    live.telecrm()
        .args(["meta", "field", "contact_source"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Referral"));
    live.telecrm()
        .args(["meta", "field", "Contact_Source"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("NOT_FOUND"));
    live.telecrm()
        .args(["meta", "actions"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("ACTION_1002"));
    live.telecrm()
        .args(["meta", "action", "1001"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("fieldSchema"));
    live.telecrm()
        .args(["meta", "pipeline"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Old Lead"));
}

#[test]
fn check_schema_refuses_before_sending() {
    let live = Live::start(SandboxConfig::new());
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "lead",
                "create",
                "--field",
                "phone=919811112222",
                "--field",
                "contact_source=Websit",
            ],
            "not an option of `contact_source`",
        ),
        (
            vec![
                "lead",
                "create",
                "--field",
                "phone=919811112222",
                "--field",
                "nickname=x",
            ],
            "`nickname` is not a field",
        ),
        (
            vec![
                "lead",
                "update",
                "--lead",
                LEAD,
                "--field",
                "status=Old Lead",
            ],
            "archived",
        ),
        (
            vec!["action", "create", "--lead", LEAD, "--type", "1003"],
            "`1003` is not defined",
        ),
        (
            vec![
                "action",
                "update",
                "--lead",
                LEAD,
                "--action",
                crate::CUSTOM,
                "--type",
                "1001",
                "--field",
                "mood=x",
            ],
            "no field `mood`",
        ),
    ];
    for (args, expected) in cases {
        live.telecrm()
            .arg("--check-schema")
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(expected));
    }
    let writes = live
        .sandbox
        .requests()
        .iter()
        .filter(|r| r.method == "POST")
        .count();
    assert_eq!(writes, 0, "only the schema's GETs went out");
    // Without the flag, the same lead goes (the sandbox creates the option).
    live.telecrm()
        .args([
            "lead",
            "create",
            "--field",
            "phone=919811112222",
            "--field",
            "contact_source=Websit",
        ])
        .assert()
        .code(0);
}
