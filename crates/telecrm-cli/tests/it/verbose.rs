//! `-v`: one line per HTTP attempt, never the token.

use crate::{LEAD, Scripted, telecrm};

#[test]
fn one_line_per_attempt() {
    let server = Scripted::start(
        503,
        r#"{"error":{"code":"SERVICE_UNAVAILABLE","message":"busy"}}"#,
    );
    let output = telecrm()
        .args([
            "-v",
            "--base-url",
            &server.base_url(),
            "--token",
            "tok-VERBOSE-1",
            "--enterprise",
            "ent",
        ])
        .args(["--attempts", "2", "lead", "get", "--lead", LEAD])
        .assert()
        .code(4)
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    let lines: Vec<_> = stderr.lines().filter(|l| l.contains(" → ")).collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines[0].starts_with(
            "telecrm: GET /enterprise/{enterpriseId}/lead/{leadId} → 503 (attempt 1 of 2, "
        ),
        "{stderr}"
    );
    assert!(lines[1].contains("→ 503 (attempt 2 of 2, "), "{stderr}");
    assert!(!stderr.contains("tok-VERBOSE-1"), "{stderr}");
    assert_eq!(server.received().len(), 2);
}
