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
    // Every group, each in its part.
    for part in [
        "== The workspace's metadata ==",
        "== The team ==",
        "== Leads ==",
        "== Actions",
        "== The Async API",
    ] {
        assert!(text.contains(part), "no part {part}:\n{text}");
    }
    // Lists are tables: their headers, and rows under them.
    for header in [
        "API NAME  ",
        "CODE  ",
        "STAGE  ",
        "ID                        NAME",
    ] {
        assert!(text.contains(header), "no table {header}:\n{text}");
    }
    assert!(text.contains("asha.rao@example.com"), "{text}");
    // The leads the Async API queued are found once applied.
    let (_, last_part) = text.split_once("== The Async API").unwrap();
    assert!(last_part.contains("QUEUED"), "{last_part}");
    let (_, found) = last_part.split_once("they are leads").unwrap();
    assert!(
        found.contains("Meera Iyer") && found.contains("Kabir Shah"),
        "{found}"
    );
    // A custom action created, then updated by the ID the create returned.
    let (_, created) = text
        .split_once("Create a custom action, then update it")
        .expect("a create step");
    let (created, _) = created
        .split_once("Search the timeline")
        .expect("a search step");
    let id = created
        .split("\"action_id\": \"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a new action ID");
    assert!(
        created.contains(&format!("/action/{id}")) && created.contains("quote sent"),
        "{created}"
    );
    let (_, timeline) = text.split_once("Search the timeline").unwrap();
    assert!(timeline.contains("OUTGOING_CALL"), "{text}");
    // In the end the payment is completed and its amount what it was.
    let (_, last) = text
        .split_once("The payment as it stands")
        .expect("the payment's last state");
    let (last, _) = last.split_once("==").unwrap();
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

/// `telecrm sandbox` with `args`, nothing of the caller's environment but
/// `env`: the child, and the first line it printed (parsed).
fn start_sandbox(args: &[&str], env: &[(&str, &str)]) -> (std::process::Child, Value) {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("telecrm"));
    for var in [
        "TELECRM_TOKEN",
        "TELECRM_ENTERPRISE_ID",
        "TELECRM_BASE_URL",
        "RUST_LOG",
    ] {
        command.env_remove(var);
    }
    let mut child = command
        .arg("sandbox")
        .args(["--listen", "127.0.0.1:0"])
        .args(args)
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let ready = serde_json::from_str(&first).unwrap_or_else(|e| panic!("{e}: {first:?}"));
    (child, ready)
}

/// SIGTERM, then what the child wrote on stderr.
fn stop_sandbox(child: std::process::Child) -> String {
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{:?}", output.status);
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// One request over a fresh connection: the whole answer as text.
fn exchange(base_url: &str, method: &str, path: &str, token: &str, body: &str) -> String {
    use std::io::{Read, Write};
    let authority = base_url
        .strip_prefix("http://")
        .and_then(|rest| rest.split('/').next())
        .unwrap();
    let mut stream = std::net::TcpStream::connect(authority).unwrap();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: sandbox\r\nConnection: close\r\n\
         Authorization: Bearer {token}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

#[test]
fn sandbox_never_adopts_the_environments_token_or_enterprise() {
    const REAL: &str = "real-account-token-SECRET-0123456789";
    let (child, ready) = start_sandbox(
        &["-v"],
        &[
            ("TELECRM_TOKEN", REAL),
            ("TELECRM_ENTERPRISE_ID", "ffffffffffffffffffffffff"),
        ],
    );
    assert!(!ready.to_string().contains("SECRET"), "{ready}");
    assert_eq!(ready["enterprise"], telecrm_sandbox::DEFAULT_ENTERPRISE);
    let token = ready["token"].as_str().unwrap().to_owned();
    assert!(token.len() >= 16 && token != REAL);
    // -v: one line per request (method, path, status, ms), never a token.
    let metadata = format!(
        "/autoupdate/v2/enterprise/{}/metadata",
        telecrm_sandbox::DEFAULT_ENTERPRISE
    );
    let base = ready["base_url"].as_str().unwrap();
    let answer = exchange(base, "GET", &metadata, &token, "");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let refused = exchange(base, "GET", &metadata, REAL, "");
    assert!(
        refused.starts_with("HTTP/1.1 401"),
        "the real token is not the sandbox's"
    );
    let stderr = stop_sandbox(child);
    assert!(stderr.contains(&format!("GET {metadata} 200 ")), "{stderr}");
    assert!(stderr.contains(&format!("GET {metadata} 401 ")), "{stderr}");
    assert!(
        !stderr.contains(&token) && !stderr.contains("SECRET"),
        "{stderr}"
    );
}

#[test]
fn sandbox_takes_its_tokens_from_its_own_command_line() {
    let (child, ready) = start_sandbox(
        &[
            "--token",
            "sbx-given",
            "--async-token",
            "sbx-async-given",
            "--enterprise",
            "e-1",
        ],
        &[("TELECRM_TOKEN", "real-SECRET")],
    );
    assert_eq!(ready["token"], "sbx-given");
    assert_eq!(ready["async_token"], "sbx-async-given");
    assert_eq!(ready["enterprise"], "e-1");
    stop_sandbox(child);
}

#[test]
fn sandbox_help_has_no_client_options() {
    let help = telecrm()
        .args(["sandbox", "--help"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let help = String::from_utf8(help).unwrap();
    for client_only in [
        "--timeout",
        "--retries",
        "--attempts",
        "--profile",
        "--check-schema",
        "--base-url",
        "--lead-identifier",
        "TELECRM_",
        "sandbox-ignores",
    ] {
        assert!(!help.contains(client_only), "{client_only} in:\n{help}");
    }
    for own in [
        "--token",
        "--enterprise",
        "--state",
        "--clock",
        "--seed",
        "--verbose",
    ] {
        assert!(help.contains(own), "{own} missing:\n{help}");
    }
    // And they are refused, not silently ignored.
    telecrm()
        .args(["sandbox", "--timeout", "5"])
        .assert()
        .code(2);
}

#[test]
fn a_second_sandbox_on_one_state_file_exits_1_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.db");
    let state_arg = state.to_str().unwrap();
    let (first, _) = start_sandbox(&["--state", state_arg], &[]);
    telecrm()
        .args(["sandbox", "--listen", "127.0.0.1:0", "--state", state_arg])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "another sandbox holds the state file",
        ))
        .stderr(predicate::str::contains(state_arg));
    stop_sandbox(first);
}

#[test]
fn a_fixed_clock_and_a_seed_answer_the_same_every_run() {
    let run = || {
        let (child, ready) =
            start_sandbox(&["--clock", "fixed:1772355600000:1000", "--seed", "7"], &[]);
        let base = ready["base_url"].as_str().unwrap();
        let token = ready["token"].as_str().unwrap();
        let path = format!(
            "/autoupdate/v2/enterprise/{}/lead",
            telecrm_sandbox::DEFAULT_ENTERPRISE
        );
        let body = r#"{"fields":{"phone":"919812300000"},"actions":[{"type":"1002"}]}"#;
        let created = exchange(base, "POST", &path, token, body);
        let (_, created) = created.split_once("\r\n\r\n").unwrap();
        let created: Value = serde_json::from_str(created).unwrap();
        let lead = created["lead_id"].as_str().unwrap().to_owned();
        let search = format!("{path}/{lead}/action/search");
        let timeline = exchange(base, "POST", &search, token, "{}");
        let (_, timeline) = timeline.split_once("\r\n\r\n").unwrap();
        stop_sandbox(child);
        (ready["token"].clone(), created, timeline.to_owned())
    };
    let first = run();
    assert_eq!(first, run());
    let lead = first.1["lead_id"].as_str().unwrap();
    // An ObjectId: its first 4 bytes are the creation time, in seconds.
    assert_eq!(lead.len(), 24);
    assert_eq!(u32::from_str_radix(&lead[..8], 16).unwrap(), 1_772_355_600);
    assert!(
        first.2.contains(r#""created_on":1772355600000"#),
        "{}",
        first.2
    );
}

#[test]
fn sandbox_serves_a_world_of_enterprises() {
    let dir = tempfile::tempdir().unwrap();
    let world = dir.path().join("world.json");
    std::fs::write(
        &world,
        r#"{"enterprises": [
            {"id": "ent-a", "fields": [{"name": "phone", "type": "PHONE"}, {"name": "utm_source", "type": "TEXT"}],
             "leads": [{"phone": "919800000002", "utm_source": "google"}]},
            {"id": "ent-b"}]}"#,
    )
    .unwrap();
    let (child, ready) = start_sandbox(&["--world", world.to_str().unwrap()], &[]);
    let all = ready["enterprises"].as_array().unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(ready["enterprise"], "ent-a");
    let base = ready["base_url"].as_str().unwrap();
    let token_a = all[0]["token"].as_str().unwrap();
    let found = exchange(
        base,
        "POST",
        "/autoupdate/v2/enterprise/ent-a/lead/search",
        token_a,
        r#"{"fields":{"utm_source":"google"}}"#,
    );
    assert!(found.contains(r#""total_count":1"#), "{found}");
    let refused = exchange(
        base,
        "GET",
        "/autoupdate/v2/enterprise/ent-b/metadata",
        token_a,
        "",
    );
    assert!(refused.starts_with("HTTP/1.1 401"), "{refused}");
    assert!(
        refused.contains("Token is not valid for enterprise with ID ent-b."),
        "{refused}"
    );
    stop_sandbox(child);
    // A world that says something impossible: exit 1, saying what.
    std::fs::write(
        &world,
        r#"{"enterprises": [{"id": "a", "fields": [{"name": "x", "type": "BLOB"}]}]}"#,
    )
    .unwrap();
    telecrm()
        .args(["sandbox", "--world", world.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown type BLOB"));
}
