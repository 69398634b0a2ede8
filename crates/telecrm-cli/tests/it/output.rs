//! What people see and what scripts read: a table on a terminal (under a
//! pseudo-terminal made by util-linux's `script`), JSON when piped, and the
//! formats asked for with -o.

use serde_json::Value;
use telecrm_sandbox::SandboxConfig;

use crate::{LEAD, Live};

/// Runs `telecrm ARGS` on a pseudo-terminal and returns what it showed.
fn on_a_terminal(live: &Live, args: &str, no_color: bool) -> String {
    let binary = assert_cmd::cargo::cargo_bin("telecrm");
    let mut cmd = std::process::Command::new("script");
    cmd.args(["-qec", &format!("{} {args}", binary.display()), "/dev/null"])
        .env("TELECRM_BASE_URL", live.sandbox.base_url())
        .env("TELECRM_TOKEN", live.sandbox.token())
        .env("TELECRM_ENTERPRISE_ID", live.sandbox.enterprise())
        .env("XDG_CONFIG_HOME", "/nonexistent/telecrm-tests")
        .env_remove("TELECRM_PROFILE");
    if no_color {
        cmd.env("NO_COLOR", "1");
    } else {
        cmd.env_remove("NO_COLOR");
    }
    let output = cmd.output().expect("script(1) runs");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout)
        .unwrap()
        .replace("\r\n", "\n")
}

#[test]
fn a_terminal_gets_tables_and_a_pipe_gets_json() {
    let live = Live::start(SandboxConfig::new());
    let shown = on_a_terminal(&live, "team list", false);
    assert!(
        shown.contains("\u{1b}[1mID"),
        "a bold header on a terminal: {shown:?}"
    );
    assert!(shown.contains("priya@example.com"), "{shown}");
    let plain = on_a_terminal(&live, "team list", true);
    assert!(
        !plain.contains('\u{1b}'),
        "NO_COLOR: no escape codes: {plain:?}"
    );
    let header = plain.lines().next().unwrap();
    assert!(
        header.starts_with("ID") && header.contains("EMAIL") && header.contains("STATUS"),
        "{header}"
    );
    // One object: key and value per line.
    let lead = on_a_terminal(&live, &format!("lead get --lead {LEAD}"), true);
    assert!(
        lead.lines()
            .any(|l| l.starts_with("fields.name") && l.ends_with("Jane Doe")),
        "{lead}"
    );
    // `telecrm api` prints the answer as received, even on a terminal.
    let raw = on_a_terminal(&live, "api GET /enterprise/{enterprise}/team-members", true);
    let raw: Value = serde_json::from_str(raw.trim()).expect("JSON on a terminal too");
    assert!(raw["data"].is_array(), "{raw}");
    // Piped, as before: JSON.
    let piped = live
        .telecrm()
        .args(["team", "list"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let page: Value = serde_json::from_slice(&piped).unwrap();
    assert!(page["data"].is_array());
}

#[test]
fn formats_asked_for_are_given_anywhere() {
    let live = Live::start(SandboxConfig::new());
    let run = |args: &[&str]| {
        String::from_utf8(
            live.telecrm()
                .args(args)
                .assert()
                .success()
                .get_output()
                .stdout
                .clone(),
        )
        .unwrap()
    };
    let table = run(&["-o", "table", "action", "search", "--lead", LEAD]);
    assert!(table.starts_with("ID"), "{table}");
    assert!(
        table.contains("PAYMENT") && table.contains("2026-03-15 12:00"),
        "{table}"
    );
    let jsonl = run(&["-o", "jsonl", "action", "search", "--lead", LEAD]);
    let items: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(items.len(), 4);
    // Each line is the item as the server wrote it, keys in its order (the
    // sandbox writes `id` before `_id`-less keys such as `type`): the JSON
    // page's items, compacted, one by one, with or without --all.
    let page = run(&["-o", "json", "action", "search", "--lead", LEAD]);
    let expected: Vec<String> = {
        let at = page.find("\"data\"").unwrap();
        let value: serde_json::Map<String, Value> = serde_json::from_str(&page).unwrap();
        assert!(value["data"].is_array() && at > 0);
        let raw: std::collections::HashMap<String, Box<serde_json::value::RawValue>> =
            serde_json::from_str(&page).unwrap();
        let items: Vec<Box<serde_json::value::RawValue>> =
            serde_json::from_str(raw["data"].get()).unwrap();
        items
            .iter()
            .map(|item| {
                let mut out = Vec::new();
                let mut de = serde_json::Deserializer::from_str(item.get());
                serde_transcode::transcode(&mut de, &mut serde_json::Serializer::new(&mut out))
                    .unwrap();
                String::from_utf8(out).unwrap()
            })
            .collect()
    };
    assert_eq!(jsonl.lines().collect::<Vec<_>>(), expected);
    let all = run(&["-o", "jsonl", "action", "search", "--lead", LEAD, "--all"]);
    assert_eq!(all.lines().collect::<Vec<_>>(), expected);
    assert!(expected[0].starts_with("{\"id\":"), "{}", expected[0]);
    let csv = run(&["-o", "csv", "team", "list", "--all"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("ID,NAME,EMAIL,STATUS,ROLE,PHONE,MANAGER")
    );
    assert_eq!(lines.count(), 2);
    let pipeline = run(&["-o", "table", "meta", "pipeline"]);
    assert!(
        pipeline
            .lines()
            .any(|l| l.starts_with("OPEN") && l.contains("Fresh")),
        "{pipeline}"
    );
}
