//! The exact request on the wire for each form of input.

use std::io::Write;

use crate::{CUSTOM, LEAD, PAYMENT, Received, Scripted, UPDATE_PAYMENT, telecrm};

const DOC_200: &str = r#"{"type":"1001","fields":{"note":"Follow-up completed"}}"#;

/// Runs `telecrm action update` with `args` against a scripted server and
/// returns the one request it received.
fn sent(args: &[&str], stdin: Option<&str>) -> Received {
    let server = Scripted::start(200, DOC_200);
    let mut cmd = telecrm();
    cmd.args([
        "--base-url",
        &server.base_url(),
        "--token",
        "tok-123",
        "--enterprise",
        "ent",
    ])
    .args(["action", "update"])
    .args(args);
    if let Some(input) = stdin {
        cmd.write_stdin(input);
    }
    cmd.assert().code(0).stdout(format!("{DOC_200}\n"));
    let mut received = server.received();
    assert_eq!(received.len(), 1, "{received:?}");
    received.remove(0)
}

fn assert_request(request: &Received, action: &str, body: &str) {
    assert_eq!(
        request.request_line,
        format!("POST /autoupdate/v2/enterprise/ent/lead/{LEAD}/action/{action} HTTP/1.1")
    );
    assert_eq!(request.header("authorization"), Some("Bearer tok-123"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("accept"), Some("application/json"));
    assert!(
        request
            .header("user-agent")
            .is_some_and(|ua| ua.starts_with("telecrm-rs/")),
        "{request:?}"
    );
    assert_eq!(std::str::from_utf8(&request.body).unwrap(), body);
}

#[test]
fn type_and_string_fields() {
    let request = sent(
        &[
            "--lead",
            LEAD,
            "--action",
            CUSTOM,
            "--type",
            "1001",
            "--field",
            "note=Follow-up completed",
        ],
        None,
    );
    assert_request(
        &request,
        CUSTOM,
        r#"{"type":"1001","fields":{"note":"Follow-up completed"}}"#,
    );
}

#[test]
fn action_prefix_and_json_fields() {
    let request = sent(
        &[
            "--lead",
            LEAD,
            "--action",
            CUSTOM,
            "--type",
            "ACTION_1001",
            "--field",
            "b=x=y",
            "--field-json",
            "a={\"n\":[1,2.5,null]}",
            "--field-json",
            "c=true",
        ],
        None,
    );
    assert_request(
        &request,
        CUSTOM,
        r#"{"type":"1001","fields":{"a":{"n":[1,2.5,null]},"b":"x=y","c":true}}"#,
    );
}

#[test]
fn payment_status() {
    let request = sent(
        &[
            "--lead",
            LEAD,
            "--action",
            PAYMENT,
            "--type",
            "PAYMENT",
            "--status",
            "COMPLETED",
        ],
        None,
    );
    assert_request(
        &request,
        PAYMENT,
        r#"{"type":"PAYMENT","status":"COMPLETED"}"#,
    );
}

#[test]
fn inline_body_is_normalised() {
    let request = sent(
        &[
            "--lead",
            LEAD,
            "--action",
            PAYMENT,
            "--body",
            "{ \"status\": \"COMPLETED\",\n \"type\": \"PAYMENT\" }",
        ],
        None,
    );
    assert_request(
        &request,
        PAYMENT,
        r#"{"type":"PAYMENT","status":"COMPLETED"}"#,
    );
}

#[test]
fn body_from_file() {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    write!(file, "{{\n  \"type\": \"1001\",\n  \"fields\": {{\n    \"note\": \"Follow-up completed\"\n  }}\n}}\n").unwrap();
    let arg = format!("@{}", file.path().display());
    let request = sent(&["--lead", LEAD, "--action", CUSTOM, "--body", &arg], None);
    assert_request(
        &request,
        CUSTOM,
        r#"{"type":"1001","fields":{"note":"Follow-up completed"}}"#,
    );
}

#[test]
fn body_from_stdin() {
    let request = sent(
        &["--lead", LEAD, "--action", CUSTOM, "--body", "-"],
        Some(r#"{"type":"1001","fields":{"note":"Follow-up completed"}}"#),
    );
    assert_request(
        &request,
        CUSTOM,
        r#"{"type":"1001","fields":{"note":"Follow-up completed"}}"#,
    );
}

#[test]
fn hostile_ids_are_percent_encoded() {
    let server = Scripted::start(200, DOC_200);
    telecrm()
        .args([
            "--base-url",
            &server.base_url(),
            "--token",
            "t",
            "--enterprise",
            "e 1",
        ])
        .args([
            "action",
            "update",
            "--lead",
            "a/b?c#d%e f",
            "--action",
            "..",
            "--type",
            "PAYMENT",
            "--status",
            "COMPLETED",
        ])
        .assert()
        .code(0);
    let received = server.received();
    assert_eq!(
        received[0].request_line,
        "POST /autoupdate/v2/enterprise/e%201/lead/a%2Fb%3Fc%23d%25e%20f/action/%2E%2E HTTP/1.1"
    );
}

#[test]
fn options_after_the_command_and_from_the_environment() {
    let server = Scripted::start(200, DOC_200);
    telecrm()
        .env("TELECRM_TOKEN", "tok-123")
        .args(UPDATE_PAYMENT)
        .args(["--base-url", &server.base_url(), "--enterprise", "ent"])
        .assert()
        .code(0);
    assert_request(
        &server.received()[0],
        PAYMENT,
        r#"{"type":"PAYMENT","status":"COMPLETED"}"#,
    );
}

#[test]
fn payment_statuses_are_the_six_in_any_case_and_type_is_read_without_case() {
    let server = Scripted::start(200, DOC_200);
    let update = |extra: &[&str]| {
        let mut cmd = telecrm();
        cmd.args([
            "--base-url",
            &server.base_url(),
            "--token",
            "tok-123",
            "--enterprise",
            "ent",
        ])
        .args(["action", "update", "--lead", LEAD, "--action", PAYMENT])
        .args(extra);
        cmd.assert()
    };
    update(&["--type", "payment", "--status", "completed"]).code(0);
    assert_request(
        &server.received()[0],
        PAYMENT,
        r#"{"type":"PAYMENT","status":"COMPLETED"}"#,
    );
    // Anything else is refused before sending, the six listed, the nearest named.
    update(&["--type", "PAYMENT", "--status", "COMPLETD"])
        .code(2)
        .stderr(predicates::str::contains(
            "PENDING, COMPLETED, FAILED, REFUNDED, CANCELLED, PROCESSING; did you mean COMPLETED?",
        ));
    update(&["--type", "PAYMENT", "--status", "DONE"]).code(2);
    // An update that changes nothing is refused, not sent.
    update(&["--type", "PAYMENT"])
        .code(2)
        .stderr(predicates::str::contains("changes nothing"));
    assert_eq!(server.received().len(), 1, "only the valid update was sent");
}
