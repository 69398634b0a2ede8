//! The batch engine behind `action update --batch`, `lead create --batch` and
//! `lead ingest` (issue 21): order per key, stops on fatal answers and on a
//! dead server, SIGINT and SIGKILL in the middle and a resume, one process
//! per journal, input errors as rows, and a large input in flat memory.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use serde_json::{Value, json};
use telecrm_sandbox::{Faults, SandboxConfig};

use crate::{CUSTOM, LEAD, Live, Scripted};

/// The three commands that run many requests.
#[derive(Debug, Clone, Copy)]
enum Cmd {
    Update,
    Create,
    Ingest,
}

const ALL: [Cmd; 3] = [Cmd::Update, Cmd::Create, Cmd::Ingest];

/// `n` actions on the seed lead, copies of the seed custom action.
fn actions(live: &Live, n: usize) -> Vec<String> {
    let seed = live.sandbox.action(LEAD, CUSTOM).expect("the seed action");
    (0..n)
        .map(|i| {
            let id = format!("{:024x}", 0xbadc_0000_u64 + i as u64);
            live.sandbox.insert_action(LEAD, &id, seed.clone()).unwrap();
            id
        })
        .collect()
}

/// Action IDs for a server that is not the sandbox: every line its own key.
fn fake_keys() -> Vec<String> {
    (0..300)
        .map(|i| format!("{:024x}", 0xfeed_0000_u64 + i))
        .collect()
}

/// An input of `rows` lines for `cmd` (for updates: over `keys` actions,
/// each line setting its own field `k<row>`).
fn input(dir: &Path, cmd: Cmd, rows: usize, keys: &[String]) -> PathBuf {
    match cmd {
        Cmd::Update => {
            let path = dir.join("updates.jsonl");
            let text: String = (0..rows)
                .map(|i| {
                    let action = keys
                        .get(i % keys.len().max(1))
                        .map_or(CUSTOM, String::as_str);
                    format!(
                        "{}\n",
                        json!({"lead": LEAD, "action": action,
                               "update": {"type": "1001", "fields": {format!("k{i:03}"): i}}})
                    )
                })
                .collect();
            std::fs::write(&path, text).unwrap();
            path
        }
        Cmd::Create | Cmd::Ingest => {
            let path = dir.join("leads.csv");
            let mut text = String::from("name,phone,deal_size:json\n");
            for i in 0..rows {
                text.push_str(&format!("Lead {i},9196{i:08},{i}\n"));
            }
            std::fs::write(&path, text).unwrap();
            path
        }
    }
}

/// The command line for `cmd` on `file`, pointed at `base` (Sync and Async).
fn command(cmd: Cmd, base: &Bases, file: &Path, concurrency: u32) -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("telecrm"));
    for var in [
        "RUST_LOG",
        "TELECRM_CHECK_SCHEMA",
        "TELECRM_LEAD_IDENTIFIER",
    ] {
        c.env_remove(var);
    }
    c.env("TELECRM_BASE_URL", &base.sync)
        .env("TELECRM_TOKEN", &base.token)
        .env("TELECRM_ENTERPRISE_ID", &base.enterprise)
        .env("TELECRM_ASYNC_BASE_URL", &base.async_url)
        .env("TELECRM_ASYNC_TOKEN", &base.async_token);
    let n = concurrency.to_string();
    match cmd {
        Cmd::Update => c
            .args(["action", "update", "--concurrency", &n, "--batch"])
            .arg(file),
        Cmd::Create => c
            .args(["lead", "create", "--concurrency", &n, "--batch"])
            .arg(file),
        Cmd::Ingest => c
            .args(["lead", "ingest", "--rate", "off", "--concurrency", &n])
            .arg(file),
    };
    c
}

struct Bases {
    sync: String,
    async_url: String,
    token: String,
    async_token: String,
    enterprise: String,
}

impl Bases {
    fn live(live: &Live) -> Self {
        Self {
            sync: live.sandbox.base_url(),
            async_url: live.sandbox.async_base_url(),
            token: live.sandbox.token().to_owned(),
            async_token: live.sandbox.async_token().to_owned(),
            enterprise: live.sandbox.enterprise().to_owned(),
        }
    }

    fn at(base: &str) -> Self {
        Self {
            sync: base.to_owned(),
            async_url: base.to_owned(),
            token: "tok".into(),
            async_token: "async_tok".into(),
            enterprise: "603d2b2f9b1e8a001c8e4f5a".into(),
        }
    }
}

fn spawn(mut c: Command) -> Child {
    c.stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

fn summary_of(output: &Output) -> Value {
    crate::batch_output(&output.stdout).1
}

/// How many requests of `cmd` the sandbox answered, and how many of them
/// were answers to a lead that existed already (409).
fn requests_of(live: &Live, cmd: Cmd) -> (usize, usize) {
    let requests = live.sandbox.requests();
    let mine = requests.iter().filter(|r| match cmd {
        Cmd::Update => r.method == "POST" && r.path.contains("/action/"),
        Cmd::Create => r.method == "POST" && r.path.ends_with("/lead"),
        Cmd::Ingest => r.method == "POST" && r.path.ends_with("/autoupdatelead"),
    });
    let (mut n, mut existed) = (0, 0);
    for r in mine {
        n += 1;
        existed += usize::from(r.status == 409);
    }
    (n, existed)
}

/// How many rows reached the Async queue more than once.
fn ingested_twice(live: &Live) -> usize {
    live.drain();
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for record in live.sandbox.ingested() {
        *counts
            .entry(record.identifier.unwrap_or_default())
            .or_default() += 1;
    }
    counts.values().filter(|n| **n > 1).count()
}

#[test]
fn lines_for_one_action_apply_in_file_order_and_other_actions_go_alongside() {
    let live = Live::start(SandboxConfig::new());
    let keys = actions(&live, 4);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("updates.jsonl");
    for run in 0..3 {
        // Twenty lines per action, interleaved, each setting the same field.
        let text: String = (0..80)
            .map(|i| {
                format!(
                    "{}\n",
                    json!({"lead": LEAD, "action": keys[i % 4],
                           "update": {"type": "1001", "fields": {"v": run * 100 + i / 4}}})
                )
            })
            .collect();
        std::fs::write(&path, text).unwrap();
        let output = command(Cmd::Update, &Bases::live(&live), &path, 8)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        let summary = summary_of(&output);
        assert_eq!(
            (summary["ok"].as_u64(), summary["blocked"].as_u64()),
            (Some(80), Some(0))
        );
        for key in &keys {
            let state = live.sandbox.action(LEAD, key).unwrap();
            assert_eq!(state["fields"]["v"], run * 100 + 19, "run {run}: {state}");
        }
    }
}

#[test]
fn a_line_not_applied_holds_back_the_later_lines_for_its_action() {
    let live = Live::start(SandboxConfig::new());
    let keys = actions(&live, 2);
    let (a, b) = (&keys[0], &keys[1]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("updates.jsonl");
    let rejects = dir.path().join("rejects.jsonl");
    let lines = [
        json!({"lead": LEAD, "action": a, "update": {"type": "1001", "fields": {"v": 1}}}),
        json!({"lead": LEAD, "action": a, "update": {"type": "1001", "fields": 5}}),
        json!({"lead": LEAD, "action": b, "update": {"type": "1001", "fields": {"v": 1}}}),
        json!({"lead": LEAD, "action": a, "update": {"type": "1001", "fields": {"v": 3}}}),
    ];
    let text: String = lines.iter().map(|l| format!("{l}\r\n")).collect();
    std::fs::write(&path, text).unwrap();
    let mut c = command(Cmd::Update, &Bases::live(&live), &path, 4);
    let output = c.arg("--rejects").arg(&rejects).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let (reports, summary) = crate::batch_output(&output.stdout);
    let kinds: Vec<(u64, Value)> = reports
        .iter()
        .map(|r| (r["line"].as_u64().unwrap(), r["error"]["kind"].clone()))
        .collect();
    assert_eq!(
        kinds,
        [
            (1, Value::Null),
            (2, json!("invalid")),
            (3, Value::Null),
            (4, json!("blocked"))
        ]
    );
    assert_eq!(summary["blocked"], 1);
    assert_eq!(summary["refused"][0]["line"], 2);
    assert_eq!(live.sandbox.action(LEAD, a).unwrap()["fields"]["v"], 1);
    assert_eq!(live.sandbox.action(LEAD, b).unwrap()["fields"]["v"], 1);
    let rejected: Value =
        serde_json::from_str(std::fs::read_to_string(&rejects).unwrap().trim()).unwrap();
    assert_eq!(rejected["line"], 2);
    assert!(
        rejected["reason"].as_str().unwrap().contains("`fields`"),
        "{rejected}"
    );
    assert_eq!(rejected["row"], lines[1].to_string());
}

#[test]
fn an_answer_every_line_would_get_stops_the_run_with_at_most_the_concurrency_sent() {
    let answers = [
        (
            401,
            r#"{"error":{"code":"NOT_AUTHORIZED","message":"Token is not valid for enterprise with ID 603d2b2f9b1e8a001c8e4f5a"}}"#,
        ),
        (
            404,
            r#"{"error":{"code":"ENTERPRISE_NOT_FOUND","message":"No such enterprise"}}"#,
        ),
        (
            403,
            r#"{"error":{"code":"FORBIDDEN","message":"Token lacks access"}}"#,
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (status, body) in answers {
        for cmd in ALL {
            let server = Scripted::start(status, body);
            let file = input(dir.path(), cmd, 300, &fake_keys());
            let output = command(cmd, &Bases::at(&server.base_url()), &file, 4)
                .output()
                .unwrap();
            let received = server.received().len();
            eprintln!(
                "{cmd:?} against {status}: {received} requests sent before the stop \
                 (concurrency 4, 300 lines)"
            );
            assert_eq!(
                output.status.code(),
                Some(3),
                "{cmd:?} {status}: {output:?}"
            );
            let summary = summary_of(&output);
            assert_eq!(summary["stopped"], "fatal_answer", "{cmd:?} {status}");
            assert!(received <= 4, "{cmd:?} {status}: {received} sent");
            let sent = summary["sent"].as_u64().unwrap();
            assert_eq!(sent as usize, received);
            assert_eq!(
                sent + summary["remaining"].as_u64().unwrap(),
                300,
                "{summary}"
            );
            assert!(
                String::from_utf8_lossy(&output.stderr).contains("stopping (fatal_answer)"),
                "{output:?}"
            );
        }
    }
}

#[test]
fn a_dead_server_stops_the_run_after_five_transport_failures_in_a_row() {
    let dir = tempfile::tempdir().unwrap();
    let base = format!("http://{}/autoupdate/v2", crate::closed_port());
    for cmd in ALL {
        let file = input(dir.path(), cmd, 100, &fake_keys());
        let mut c = command(cmd, &Bases::at(&base), &file, 2);
        c.args(["--retries", "1", "--timeout", "5"]);
        let output = c.output().unwrap();
        assert_eq!(output.status.code(), Some(4), "{cmd:?}: {output:?}");
        let summary = summary_of(&output);
        assert_eq!(summary["stopped"], "transport_failures", "{cmd:?}");
        let sent = summary["sent"].as_u64().unwrap();
        eprintln!(
            "{cmd:?} against a closed port: {sent} requests sent before the stop (concurrency 2, 100 lines)"
        );
        assert!((5..=6).contains(&sent), "{cmd:?}: {summary}");
        assert_eq!(sent + summary["remaining"].as_u64().unwrap(), 100);
    }
}

/// A run of 60 lines at 4 at a time against a slow sandbox, stopped by
/// `signal` once 6 lines are journaled, then resumed.
fn stop_and_resume(cmd: Cmd, signal_name: &str) -> (Live, Value, usize) {
    const ROWS: usize = 60;
    let faults = Faults {
        latency: Duration::from_millis(40),
        ..Faults::default()
    };
    let live = Live::start(SandboxConfig::new().faults(faults));
    let keys = actions(&live, 8);
    let dir = tempfile::tempdir().unwrap();
    let file = input(dir.path(), cmd, ROWS, &keys);
    let journal = dir.path().join("journal");
    let run = || {
        let mut c = command(cmd, &Bases::live(&live), &file, 4);
        c.arg("--journal").arg(&journal);
        c
    };
    let child = spawn(run());
    crate::wait_for_journal(&journal, 6);
    signal(&child, signal_name);
    let first = child.wait_with_output().unwrap();
    let done_before = crate::journaled(&journal);
    assert!(done_before < ROWS, "{cmd:?}: the stop came too late");
    let first_summary = if signal_name == "KILL" {
        assert_eq!(first.status.code(), None, "killed");
        Value::Null
    } else {
        assert_eq!(first.status.code(), Some(130), "{cmd:?}: {first:?}");
        let stderr = String::from_utf8_lossy(&first.stderr);
        assert!(stderr.contains("Ctrl-C again to stop at once"), "{stderr}");
        let summary = summary_of(&first);
        assert_eq!(summary["stopped"], "interrupted");
        assert_eq!(
            summary["ok"].as_u64().unwrap() as usize,
            done_before,
            "{summary}"
        );
        assert_eq!(
            summary["ok"].as_u64().unwrap() + summary["remaining"].as_u64().unwrap(),
            ROWS as u64,
            "{summary}"
        );
        summary
    };
    let second = run().output().unwrap();
    assert_eq!(second.status.code(), Some(0), "{cmd:?}: {second:?}");
    let summary = summary_of(&second);
    assert_eq!(summary["skipped"].as_u64().unwrap() as usize, done_before);
    assert_eq!(
        summary["ok"].as_u64().unwrap() as usize,
        ROWS - done_before,
        "{cmd:?}: {summary}"
    );
    drop(first_summary);
    // The requests of both runs beyond one per line: lines sent twice.
    let twice = match cmd {
        Cmd::Ingest => ingested_twice(&live),
        Cmd::Create => requests_of(&live, cmd).1,
        Cmd::Update => requests_of(&live, cmd).0 - ROWS,
    };
    eprintln!(
        "{cmd:?} stopped by SIG{signal_name} after {done_before} of {ROWS} lines journaled: {twice} lines sent twice over both runs (concurrency 4)"
    );
    if let Cmd::Update = cmd {
        for (i, key) in (0..ROWS).map(|i| (i, &keys[i % keys.len()])) {
            let state = live.sandbox.action(LEAD, key).unwrap();
            assert_eq!(state["fields"][format!("k{i:03}")], i, "{state}");
        }
    }
    (live, summary, twice)
}

#[test]
fn sigint_in_the_middle_then_a_resume_sends_no_line_twice() {
    for cmd in ALL {
        let (_live, _, twice) = stop_and_resume(cmd, "INT");
        assert_eq!(twice, 0, "{cmd:?}: lines sent twice");
    }
}

#[test]
fn sigterm_is_a_graceful_stop_too() {
    let (_live, _, twice) = stop_and_resume(Cmd::Update, "TERM");
    assert_eq!(twice, 0);
}

#[test]
fn a_second_ctrl_c_stops_at_once() {
    let faults = Faults {
        latency: Duration::from_secs(6),
        ..Faults::default()
    };
    let live = Live::start(SandboxConfig::new().faults(faults));
    let keys = actions(&live, 4);
    let dir = tempfile::tempdir().unwrap();
    let file = input(dir.path(), Cmd::Update, 20, &keys);
    let child = spawn(command(Cmd::Update, &Bases::live(&live), &file, 2));
    // Started (its signal handlers in place) and two requests in flight for 6 s.
    std::thread::sleep(Duration::from_millis(1500));
    let started = std::time::Instant::now();
    signal(&child, "INT");
    std::thread::sleep(Duration::from_millis(200));
    signal(&child, "INT");
    let output = child.wait_with_output().unwrap();
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "not at once"
    );
    assert_eq!(output.status.code(), Some(130), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("Ctrl-C again to stop at once"), "{stderr}");
    assert!(stderr.contains("stopped at once"), "{stderr}");
}

#[test]
fn sigkill_in_the_middle_then_a_resume_sends_at_most_the_concurrency_twice() {
    for cmd in ALL {
        let (_live, _, twice) = stop_and_resume(cmd, "KILL");
        assert!(twice <= 4, "{cmd:?}: {twice} lines sent twice");
    }
}

/// The worst case of a kill: a server that applies each request on arrival
/// and answers 50 ms later, so that every line in flight at the kill was
/// applied and not journaled. A graceful stop on the same server sends none
/// twice.
#[test]
fn against_a_server_that_applies_before_answering_a_kill_resends_at_most_the_concurrency() {
    const ROWS: usize = 60;
    let dir = tempfile::tempdir().unwrap();
    let file = input(dir.path(), Cmd::Update, ROWS, &fake_keys());
    for (signal_name, bound) in [("KILL", 4), ("INT", 0)] {
        let server = Scripted::start_slow(
            200,
            r#"{"type":"1001","fields":{"n":1}}"#,
            Duration::from_millis(50),
        );
        let journal = dir.path().join(format!("journal-{signal_name}"));
        let run = || {
            let mut c = command(Cmd::Update, &Bases::at(&server.base_url()), &file, 4);
            c.arg("--journal").arg(&journal);
            c
        };
        let child = spawn(run());
        crate::wait_for_journal(&journal, 6);
        signal(&child, signal_name);
        child.wait_with_output().unwrap();
        let done_before = crate::journaled(&journal);
        let second = run().output().unwrap();
        assert_eq!(second.status.code(), Some(0), "{second:?}");
        let twice = server.received().len() - ROWS;
        eprintln!(
            "Update against a server applying on arrival, SIG{signal_name} after {done_before} \
             of {ROWS} journaled: {twice} lines sent twice (concurrency 4)"
        );
        assert!(twice <= bound, "SIG{signal_name}: {twice} lines sent twice");
    }
}

#[test]
fn a_second_process_on_the_same_journal_is_refused_and_a_journal_keeps_its_input() {
    let faults = Faults {
        latency: Duration::from_millis(100),
        ..Faults::default()
    };
    let live = Live::start(SandboxConfig::new().faults(faults));
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal");
    for cmd in ALL {
        std::fs::remove_file(&journal).ok();
        let file = input(dir.path(), cmd, 40, &[]);
        let run = || {
            let mut c = command(cmd, &Bases::live(&live), &file, 1);
            c.arg("--journal").arg(&journal);
            c
        };
        let mut first = spawn(run());
        crate::wait_for_journal(&journal, 1);
        let second = run().output().unwrap();
        first.kill().unwrap();
        first.wait().unwrap();
        assert_eq!(second.status.code(), Some(1), "{cmd:?}: {second:?}");
        let stderr = String::from_utf8_lossy(&second.stderr);
        assert!(
            stderr.contains(&journal.display().to_string()) && stderr.contains("in use"),
            "{stderr}"
        );
        assert!(second.stdout.is_empty());
    }
    // The journal now belongs to leads.csv; another file is refused.
    let other = dir.path().join("other.csv");
    std::fs::write(&other, "name,phone\nX,919600000001\n").unwrap();
    let mut c = command(Cmd::Create, &Bases::live(&live), &other, 1);
    let output = c.arg("--journal").arg(&journal).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("belongs to another input"));
}

#[test]
fn malformed_rows_are_refused_with_their_true_line_and_the_run_goes_on() {
    let live = Live::start(SandboxConfig::new());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("leads.csv");
    let rejects = dir.path().join("rejects.csv");
    // CRLF endings, a quoted newline (lines 3-4), a short row (5), a bad JSON
    // cell (6).
    std::fs::write(
        &file,
        "name,phone,deal_size:json\r\n\
         Asha,919500000001,1\r\n\
         \"Bala\r\nJr.\",919500000002,2\r\n\
         short\r\n\
         Chitra,919500000003,{\r\n\
         Dev,919500000004,4\r\n",
    )
    .unwrap();
    for cmd in [Cmd::Create, Cmd::Ingest] {
        let mut c = command(cmd, &Bases::live(&live), &file, 2);
        let output = c.arg("--rejects").arg(&rejects).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{cmd:?}: {output:?}");
        let summary = summary_of(&output);
        let refused: Vec<u64> = summary["refused"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["line"].as_u64().unwrap())
            .collect();
        assert_eq!(refused, [5, 6], "{cmd:?}: {summary}");
        assert_eq!(summary["ok"], 3, "{cmd:?}: {summary}");
        let written = std::fs::read_to_string(&rejects).unwrap();
        let rows: Vec<&str> = written.lines().collect();
        assert_eq!(rows[0], "name,phone,deal_size:json,#line,#reason");
        assert!(rows[1].starts_with("short,5,1 cells where"), "{written}");
        assert!(rows[2].starts_with("Chitra,919500000003,{,6,"), "{written}");
        assert!(
            rows[2].contains("column deal_size: not valid JSON"),
            "{written}"
        );
    }
    // The Sync creates, on their true lines.
    let output = {
        let mut c = command(Cmd::Create, &Bases::live(&live), &file, 2);
        c.output().unwrap()
    };
    let (reports, _) = crate::batch_output(&output.stdout);
    let lines: Vec<u64> = reports
        .iter()
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [2, 3, 5, 6, 7]);
}

#[test]
fn a_header_with_repeated_or_empty_names_is_refused_before_anything_is_sent() {
    let live = Live::start(SandboxConfig::new());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("leads.csv");
    for (header, says) in [
        ("name,phone,phone:json", "phone named twice"),
        ("name,,phone", "column 2 has no name"),
    ] {
        std::fs::write(&file, format!("{header}\nA,919400000001,1\n")).unwrap();
        for cmd in [Cmd::Create, Cmd::Ingest] {
            let output = command(cmd, &Bases::live(&live), &file, 2)
                .output()
                .unwrap();
            assert_eq!(output.status.code(), Some(2), "{output:?}");
            assert!(
                String::from_utf8_lossy(&output.stderr).contains(says),
                "{output:?}"
            );
            assert!(output.stdout.is_empty());
        }
    }
    assert!(live.sandbox.requests().is_empty(), "nothing sent");
}

#[test]
fn journal_and_rejects_without_batch_are_usage_errors() {
    for args in [
        &[
            "action",
            "update",
            "--lead",
            LEAD,
            "--action",
            CUSTOM,
            "--type",
            "1001",
            "--field",
            "a=1",
            "--journal",
            "j",
        ][..],
        &["lead", "create", "--field", "name=x", "--journal", "j"][..],
        &["lead", "create", "--field", "name=x", "--rejects", "r"][..],
    ] {
        crate::telecrm().args(args).assert().code(2);
    }
}

#[test]
fn a_body_from_stdin_or_a_file_has_a_size_cap() {
    let server = Scripted::start(200, "{}");
    let dir = tempfile::tempdir().unwrap();
    let big = format!(
        "{{\"type\":\"1001\",\"fields\":{{\"a\":\"{}\"}}}}",
        "x".repeat(2 << 20)
    );
    let file = dir.path().join("body.json");
    std::fs::write(&file, &big).unwrap();
    for (body, stdin) in [
        ("-".to_owned(), big.clone()),
        (format!("@{}", file.display()), String::new()),
    ] {
        crate::telecrm()
            .args([
                "--base-url",
                &server.base_url(),
                "--token",
                "tok",
                "--enterprise",
                "ent",
            ])
            .args([
                "action", "update", "--lead", LEAD, "--action", CUSTOM, "--body", &body,
            ])
            .write_stdin(stdin)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(
                "larger than 1 MiB, the limit for --body",
            ));
    }
    assert!(server.received().is_empty());
}

/// The peak resident memory (VmHWM, kB) of a run, and its exit code.
fn peak_rss(mut c: Command, stdout: &Path) -> (u64, Option<i32>) {
    let mut child = c
        .stdout(std::fs::File::create(stdout).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Some(kb) = std::fs::read_to_string(&status_file).ok().and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        }) {
            peak = peak.max(kb);
        }
        if let Some(status) = child.try_wait().unwrap() {
            return (peak, status.code());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Writes `mb` MB of update lines of about 4 KB each over 64 actions.
fn big_input(path: &Path, mb: usize) -> usize {
    use std::io::Write;
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let pad = "x".repeat(4000);
    let (mut written, mut lines) = (0, 0);
    while written < mb << 20 {
        let line = format!(
            "{{\"lead\":\"{LEAD}\",\"action\":\"{:024x}\",\"update\":{{\"type\":\"1001\",\"fields\":{{\"n\":{lines},\"pad\":\"{pad}\"}}}}}}\n",
            lines % 64
        );
        file.write_all(line.as_bytes()).unwrap();
        written += line.len();
        lines += 1;
    }
    file.flush().unwrap();
    lines
}

/// Peak memory stays flat from 10 MB to 100 MB of input (1 GB with
/// `TELECRM_BATCH_BIG_MB=1024`; see docs/benchmarks.md, "Batches").
#[test]
fn a_large_input_is_streamed_in_flat_memory() {
    let big: usize = std::env::var("TELECRM_BATCH_BIG_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let server = Scripted::start(200, r#"{"type":"1001","fields":{"n":1}}"#);
    let dir = tempfile::tempdir().unwrap();
    let mut peaks = Vec::new();
    for mb in [10, big] {
        let path = dir.path().join("big.jsonl");
        let lines = big_input(&path, mb);
        let before = server.received().len();
        let started = std::time::Instant::now();
        let (peak, code) = peak_rss(
            command(Cmd::Update, &Bases::at(&server.base_url()), &path, 8),
            &dir.path().join("stdout"),
        );
        let elapsed = started.elapsed();
        assert_eq!(code, Some(0));
        assert_eq!(server.received().len() - before, lines);
        let stdout = std::fs::read(dir.path().join("stdout")).unwrap();
        let summary = crate::batch_output(&stdout).1;
        assert_eq!(summary["ok"].as_u64().unwrap() as usize, lines);
        eprintln!("{mb} MB, {lines} lines: peak RSS {peak} kB in {elapsed:.1?}");
        peaks.push(peak);
        std::fs::remove_file(&path).unwrap();
    }
    assert!(peaks[1] < 64 * 1024, "peak {} kB", peaks[1]);
    assert!(
        peaks[1] < peaks[0] + 24 * 1024,
        "memory grew with the input: {peaks:?} kB"
    );
}
