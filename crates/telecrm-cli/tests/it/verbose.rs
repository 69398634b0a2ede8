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

/// `-vv`: each exchange's request line and headers, then the answer's status
/// and headers, the token redacted by scheme; no body yet.
#[test]
fn two_adds_headers_with_the_token_redacted() {
    let server = Scripted::start(
        503,
        r#"{"error":{"code":"SERVICE_UNAVAILABLE","message":"busy tok-VERBOSE-2"}}"#,
    );
    let output = telecrm()
        .args(["lead", "get", "--lead", LEAD, "-vv", "--attempts", "1"])
        .args(["--base-url", &server.base_url(), "--token", "tok-VERBOSE-2"])
        .args(["--enterprise", "ent"])
        .assert()
        .code(4)
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr
            .lines()
            .any(|line| line.starts_with("telecrm: > GET /")
                && line.ends_with(&format!("/enterprise/ent/lead/{LEAD}"))),
        "{stderr}"
    );
    // Piped: no colour codes.
    assert!(!stderr.contains('\u{1b}'), "{stderr}");
    assert!(
        stderr.contains("telecrm: > authorization: Bearer <redacted>"),
        "{stderr}"
    );
    assert!(
        stderr.contains("telecrm: > accept: application/json"),
        "{stderr}"
    );
    assert!(stderr.contains("telecrm: < 503"), "{stderr}");
    assert!(
        stderr.contains("telecrm: < content-type: application/json"),
        "{stderr}"
    );
    // The attempt's line is still there; the body is -vvv's.
    assert!(stderr.contains("→ 503 (attempt 1 of 1, "), "{stderr}");
    assert!(
        !stderr.contains("SERVICE_UNAVAILABLE\",\"message"),
        "{stderr}"
    );
    assert!(!stderr.contains("tok-VERBOSE-2"), "{stderr}");
}

/// `-vvv`: the bodies too, with the server's echo of the token redacted.
#[test]
fn three_adds_bodies_with_secrets_redacted() {
    let server = Scripted::start(
        401,
        r#"{"error":{"code":"NOT_AUTHORIZED","message":"token tok-VERBOSE-3 is not valid"}}"#,
    );
    let output = telecrm()
        .args([
            "-vvv",
            "--base-url",
            &server.base_url(),
            "--token",
            "tok-VERBOSE-3",
        ])
        .args(["--enterprise", "ent", "lead", "update", "--lead", LEAD])
        .args(["--field", "name=Asha"])
        .assert()
        .code(3)
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(r#"telecrm: > {"fields":{"name":"Asha"}}"#),
        "{stderr}"
    );
    assert!(
        stderr.contains(r#"telecrm: < {"error":{"code":"NOT_AUTHORIZED","message":"token <redacted> is not valid"}}"#),
        "{stderr}"
    );
    assert!(!stderr.contains("tok-VERBOSE-3"), "{stderr}");
}

/// A password read from stdin is never shown, not even in `-vvv`'s bodies.
#[test]
fn three_never_shows_a_password() {
    let live = crate::Live::start(telecrm_sandbox::SandboxConfig::new());
    let output = live
        .telecrm()
        .args(["team", "create", "-vvv", "--name", "Asha Rao"])
        .args([
            "--email",
            "asha.verbose@example.com",
            "--phone",
            "919876500011",
        ])
        .args(["--role", "CALLER", "--password-stdin"])
        .write_stdin("pa55-VERBOSE-word\n")
        .assert()
        .code(0)
        .get_output()
        .clone();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(all.contains(r#""password":"<redacted>""#), "{all}");
    assert!(!all.contains("pa55-VERBOSE-word"), "{all}");
    assert!(!all.contains(live.sandbox.token()), "{all}");
}
