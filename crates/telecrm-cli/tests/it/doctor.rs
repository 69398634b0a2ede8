//! `telecrm doctor`: read-only, exit 0 when every answer is understood, 1
//! when something is missing or unknown (named by path, never with a value),
//! 3 when the API refuses the token or the enterprise.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::thread;

use serde_json::{Value, json};

use crate::{Live, telecrm};

/// A stand-in for the service whose answers carry keys the SDK does not know,
/// with values that must never be printed. Serves at most `limit` requests.
fn drifted(limit: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    thread::spawn(move || {
        for stream in listener.incoming().take(limit) {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let mut length = 0;
            loop {
                let mut header = String::new();
                reader.read_line(&mut header).unwrap();
                if let Some(value) = header.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap();
                }
                if header == "\r\n" || header.is_empty() {
                    break;
                }
            }
            let mut body = vec![0; length];
            std::io::Read::read_exact(&mut reader, &mut body).unwrap();
            let path = line.split_whitespace().nth(1).unwrap_or_default();
            let answer = if path.contains("/metadata") {
                json!({"name": "Acme", "leadIdentifierFieldId": "phone", "billingSecret": "VALUE-1"})
            } else if path.contains("/custom-fields") {
                json!({"customFields": [{"type": "TEXT", "apiName": "city", "piiHint": "VALUE-2"}]})
            } else if path.contains("/custom-actions") {
                json!({"customActions": []})
            } else if path.contains("/lead-stage-pipeline") {
                json!({"statuses": [{"label": "Fresh"}], "lostReasons": []})
            } else if path.contains("/action/search") {
                json!({"data": [{"id": "69a3ff91a1b2c3d4e5f60719", "type": "OUTGOING_CALL",
                                 "creationTimestamp": 1, "recordingUrl": "VALUE-3"}]})
            } else {
                json!({"data": [{"id": "69a3ff90a1b2c3d4e5f60718", "score": "VALUE-4",
                                 "fields": {"name": "VALUE-5", "created_on": 1}}]})
            }
            .to_string();
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}",
                answer.len()
            );
        }
    });
    format!("http://{addr}/autoupdate/v2")
}

#[test]
fn every_drifted_key_is_named_and_no_value_is_printed() {
    let base = drifted(8);
    let output = telecrm()
        .env("TELECRM_BASE_URL", &base)
        .env("TELECRM_TOKEN", "tok_doctor-SECRET")
        .env("TELECRM_ENTERPRISE_ID", "603d2b2f9b1e8a001c8e4f5a")
        .args(["doctor", "--json"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let text = String::from_utf8(output.stdout).unwrap();
    for value in ["VALUE-", "SECRET", "tok_doctor"] {
        assert!(!text.contains(value), "{value} printed: {text}");
    }
    let report: Value = serde_json::from_str(&text).unwrap();
    let keys = |field: &str| -> Vec<String> {
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c[field].as_array().unwrap().iter())
            .map(|p| p.as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        keys("unknown"),
        [
            "billingSecret",
            "customFields[].piiHint",
            "data[].score",
            "data[].recordingUrl"
        ]
    );
    assert_eq!(keys("missing"), ["data[].fields.modified_on"]);
    assert_eq!(report["ok"], false);
}

#[test]
fn an_enterprise_the_token_does_not_serve_is_refused_with_exit_3() {
    let live = Live::start(telecrm_sandbox::SandboxConfig::new());
    let output = live
        .telecrm()
        .env("TELECRM_ENTERPRISE_ID", "0123456789abcdef01234567")
        .arg("doctor")
        .assert()
        .code(3)
        .get_output()
        .clone();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("the token does not serve enterprise 0123456789abcdef01234567"),
        "{text}"
    );
}

#[test]
fn a_pasted_bearer_prefix_is_named_and_the_rest_still_checked() {
    let live = Live::start(telecrm_sandbox::SandboxConfig::new());
    let output = live
        .telecrm()
        .env(
            "TELECRM_TOKEN",
            format!("  Bearer {}\n", live.sandbox.token()),
        )
        .args(["doctor", "--json"])
        .assert()
        .get_output()
        .clone();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let checks = report["checks"].as_array().unwrap();
    let token = checks.iter().find(|c| c["check"] == "token").unwrap();
    assert_eq!(token["status"], "warn");
    assert!(
        token["detail"]
            .as_str()
            .unwrap()
            .contains("`Bearer ` prefix")
    );
    let enterprise = checks.iter().find(|c| c["check"] == "enterprise").unwrap();
    assert_eq!(enterprise["status"], "ok", "{report}");
    assert!(
        !output.stdout.windows(6).any(|w| w == b"sbx_"),
        "no token printed"
    );
}

#[test]
fn the_sandbox_is_understood_entirely() {
    let live = Live::start(telecrm_sandbox::SandboxConfig::new());
    let output = live.telecrm().arg("doctor").assert().get_output().clone();
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(
        !text.contains("unknown key") && !text.contains("missing key"),
        "{text}"
    );
}
