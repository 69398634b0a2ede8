//! Each command's help lists the options that apply to it and no others,
//! and an option written where it does not apply is refused, not ignored.

use crate::telecrm;

/// The long options in `telecrm ARGS --help`.
fn options(args: &[&str]) -> Vec<String> {
    let output = telecrm()
        .args(args)
        .arg("--help")
        .assert()
        .code(0)
        .get_output()
        .clone();
    let text = String::from_utf8(output.stdout).unwrap();
    text.lines()
        .filter_map(|line| {
            let line = line.trim_start();
            // `-o, --output` and `-v, --verbose...`: the long name.
            let line = match line.strip_prefix('-') {
                Some(rest) if !rest.starts_with('-') => {
                    rest.split_once(", ").map_or(line, |(_, long)| long)
                }
                _ => line,
            };
            let long = line.strip_prefix("--")?;
            let name: String = long
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            Some(name)
        })
        .collect()
}

const SYNC: &[&str] = &[
    "base-url",
    "token",
    "enterprise",
    "timeout",
    "attempts",
    "profile",
    "verbose",
];
const CHECKS: &[&str] = &["check-schema", "lead-identifier"];

#[test]
fn each_command_lists_what_applies_and_nothing_else() {
    // (command, options it must list, options it must not)
    let table: Vec<(Vec<&str>, Vec<&str>, Vec<&str>)> = vec![
        (
            vec!["action", "get"],
            [SYNC, &["output"]].concat(),
            [CHECKS, &["batch", "body", "async-token"]].concat(),
        ),
        (
            vec!["action", "search"],
            [SYNC, &["output", "all", "limit"]].concat(),
            CHECKS.to_vec(),
        ),
        (
            vec!["action", "update"],
            [
                SYNC,
                &["output", "check-schema", "batch", "journal", "body"],
            ]
            .concat(),
            vec!["lead-identifier", "amount", "async-token"],
        ),
        (
            vec!["action", "create"],
            [SYNC, &["check-schema", "body"]].concat(),
            vec!["lead-identifier", "batch"],
        ),
        (
            vec!["lead", "create"],
            [
                SYNC,
                CHECKS,
                &["field", "field-json", "body", "batch", "rejects"],
            ]
            .concat(),
            vec!["async-token"],
        ),
        (
            vec!["lead", "update"],
            [SYNC, CHECKS, &["field", "body"]].concat(),
            vec!["batch"],
        ),
        (
            vec!["lead", "get"],
            [SYNC, &["include-actions"]].concat(),
            CHECKS.to_vec(),
        ),
        (
            vec!["lead", "search"],
            [SYNC, &["field", "body", "all"]].concat(),
            CHECKS.to_vec(),
        ),
        (
            vec!["lead", "ingest"],
            vec![
                "async-token",
                "async-base-url",
                "enterprise",
                "timeout",
                "attempts",
                "lead-identifier",
                "rate",
                "journal",
            ],
            vec!["token", "base-url", "check-schema", "output", "batch"],
        ),
        (
            vec!["team", "list"],
            [SYNC, &["include-deleted", "all"]].concat(),
            CHECKS.to_vec(),
        ),
        (
            vec!["team", "create"],
            [SYNC, &["password-stdin"]].concat(),
            CHECKS.to_vec(),
        ),
        (
            vec!["meta", "fields"],
            [SYNC, &["detail", "output"]].concat(),
            CHECKS.to_vec(),
        ),
        (
            vec!["meta", "pipeline"],
            [SYNC, &["output"]].concat(),
            CHECKS.to_vec(),
        ),
        (
            vec!["api"],
            [SYNC, &["query", "body"]].concat(),
            [CHECKS, &["output"]].concat(),
        ),
        (
            vec!["doctor"],
            [SYNC, &["json"]].concat(),
            [CHECKS, &["output"]].concat(),
        ),
        (
            vec!["sandbox"],
            vec![
                "listen",
                "state",
                "world",
                "token",
                "enterprise",
                "clock",
                "verbose",
            ],
            vec![
                "base-url",
                "timeout",
                "attempts",
                "profile",
                "output",
                "check-schema",
                "lead-identifier",
            ],
        ),
        (
            vec!["config", "set"],
            vec!["profile"],
            vec![
                "token", "base-url", "timeout", "attempts", "output", "verbose",
            ],
        ),
        (
            vec!["completions"],
            vec![],
            vec!["token", "output", "timeout", "verbose", "profile"],
        ),
        (
            vec!["man"],
            vec![],
            vec!["token", "output", "timeout", "verbose"],
        ),
        (
            vec!["demo"],
            vec![],
            vec!["token", "output", "timeout", "enterprise"],
        ),
        (
            vec![],
            vec!["version"],
            vec!["token", "output", "timeout", "enterprise", "verbose"],
        ),
    ];
    for (command, must, must_not) in table {
        let listed = options(&command);
        for option in must {
            assert!(
                listed.iter().any(|o| o == option),
                "`telecrm {} --help` lacks --{option}: {listed:?}",
                command.join(" ")
            );
        }
        for option in must_not {
            assert!(
                !listed.iter().any(|o| o == option),
                "`telecrm {} --help` lists --{option}: {listed:?}",
                command.join(" ")
            );
        }
    }
}

#[test]
fn an_option_that_does_not_apply_is_refused_naming_it() {
    for (args, option) in [
        (vec!["--timeout", "5", "config", "list"], "--timeout"),
        (vec!["config", "list", "--token", "t"], "--token"),
        (vec!["sandbox", "--attempts", "2"], "--attempts"),
        (
            vec!["lead", "get", "--lead", "x", "--check-schema"],
            "--check-schema",
        ),
        (vec!["completions", "bash", "-o", "json"], "-o"),
    ] {
        let output = telecrm().args(&args).assert().code(2).get_output().clone();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            stderr.contains(&format!("unexpected argument '{option}")),
            "{args:?}: {stderr}"
        );
    }
}

/// Options written before the command, as earlier versions required, still
/// reach it.
#[test]
fn options_before_the_command_still_work() {
    let live = crate::Live::start(telecrm_sandbox::SandboxConfig::new());
    let output = crate::telecrm()
        .args([
            "--base-url",
            &live.sandbox.base_url(),
            "--token",
            live.sandbox.token(),
        ])
        .args(["--enterprise", live.sandbox.enterprise(), "-o", "json"])
        .args(["meta", "pipeline"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    let body: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(body.is_array() || body.is_object(), "{body}");
}
