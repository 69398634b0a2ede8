//! `telecrm api`: any path below the base URL, through the same door.

use serde_json::Value;
use telecrm_sandbox::SandboxConfig;

use crate::{LEAD, Live};

#[test]
fn a_get_with_the_enterprise_filled_in_and_a_query() {
    let live = Live::start(SandboxConfig::new());
    let out = live
        .telecrm()
        .args([
            "api",
            "get",
            "/enterprise/{enterprise}/custom-fields",
            "-q",
            "detail=true",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let fields: Value = serde_json::from_slice(&out).unwrap();
    assert!(
        fields["customFields"]
            .as_array()
            .is_some_and(|f| !f.is_empty())
    );
    let requests = live.sandbox.requests();
    let last = requests.last().unwrap();
    assert_eq!(last.method, "GET");
    assert!(last.path.ends_with("/custom-fields"), "{}", last.path);
}

#[test]
fn a_post_with_a_body_is_sent_as_given() {
    let live = Live::start(SandboxConfig::new());
    let out = live
        .telecrm()
        .args([
            "api",
            "POST",
            &format!("/enterprise/{{enterprise}}/lead/{LEAD}/action/search"),
            "-q",
            "limit=2",
            "--body",
            r#"{"type":"OUTGOING_CALL"}"#,
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let page: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(page["data"].as_array().unwrap().len(), 1);
    assert_eq!(page["data"][0]["type"], "OUTGOING_CALL");
}

#[test]
fn refusals_and_mistakes_have_the_usual_exit_codes() {
    let live = Live::start(SandboxConfig::new());
    // The API's refusal: 3, with its code.
    live.telecrm()
        .args([
            "api",
            "GET",
            "/enterprise/{enterprise}/lead/0123456789abcdef01234567",
        ])
        .assert()
        .code(3)
        .stderr(predicates::str::contains("LEAD_NOT_FOUND"));
    // Mistakes are found before anything is sent: 2.
    for args in [
        vec!["api", "FETCH", "/x"],
        vec!["api", "GET", "enterprise/x"],
        vec!["api", "GET", "/x?y=1"],
        vec!["api", "GET", "/x", "-q", "novalue"],
        vec!["api", "POST", "/x", "--body", "{not json"],
    ] {
        live.telecrm().args(&args).assert().code(2);
    }
    assert!(
        live.sandbox
            .requests()
            .iter()
            .all(|r| !r.path.ends_with("/x")),
        "nothing sent for the mistakes"
    );
}
