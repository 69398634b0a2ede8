//! What the shared batch engine (`telecrm-batch`, issue 29) adds behind the
//! CLI's batch commands: no silent loss in input (an unclosed CSV quote, a
//! byte-order mark, a key written twice, an integer past 64 bits, an empty
//! input), rows in doubt never resent silently, the server's refusals in
//! `--rejects`, and a prompt stop on a big input.

use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use telecrm_sandbox::SandboxConfig;

use crate::{LEAD, Live};

fn ingest(live: &Live, file: &Path) -> assert_cmd::Command {
    let mut c = live.telecrm();
    c.args(["lead", "ingest", "--rate", "off"]).arg(file);
    c
}

fn summary(output: &Output) -> Value {
    crate::batch_output(&output.stdout).1
}

#[test]
fn a_csv_quote_that_never_closes_is_refused_at_its_line_and_nothing_after_it_is_sent() {
    let live = Live::start(SandboxConfig::new());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("leads.csv");
    std::fs::write(
        &file,
        "name,phone\nAsha,919300000001\n\"Bala,919300000002\nChitra,919300000003\nDev,919300000004\n",
    )
    .unwrap();
    let output = ingest(&live, &file).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let summary = summary(&output);
    assert_eq!(summary["ok"], 1, "{summary}");
    assert_eq!(summary["refused"][0]["line"], 3, "{summary}");
    let reason = summary["refused"][0]["reason"].as_str().unwrap();
    assert!(
        reason.contains("quote opened on line 3 never closes"),
        "{reason}"
    );
    assert_eq!(
        summary["lines"], 2,
        "the rows after it are no rows: {summary}"
    );
}

#[test]
fn a_byte_order_mark_is_skipped_on_json_lines_and_csv() {
    let live = Live::start(SandboxConfig::new());
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("leads.jsonl");
    std::fs::write(
        &jsonl,
        "\u{feff}{\"fields\":{\"name\":\"Bom\",\"phone\":\"919300000011\"}}\n{\"fields\":{\"name\":\"Two\",\"phone\":\"919300000012\"}}\n",
    )
    .unwrap();
    let csv = dir.path().join("leads.csv");
    std::fs::write(&csv, "\u{feff}name,phone\nCsvBom,919300000013\n").unwrap();
    for file in [&jsonl, &csv] {
        let output = ingest(&live, file).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        let summary = summary(&output);
        assert_eq!(summary["refused_count"], 0, "{summary}");
        assert_eq!(summary["ok"], summary["lines"], "{summary}");
    }
    assert_eq!(summary(&ingest(&live, &jsonl).output().unwrap())["ok"], 2);
}

#[test]
fn a_key_written_twice_and_an_integer_past_64_bits_are_refused_by_name() {
    let live = Live::start(SandboxConfig::new());
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("leads.jsonl");
    std::fs::write(
        &jsonl,
        "{\"fields\":{\"name\":\"A\",\"phone\":\"919300000021\",\"name\":\"B\"}}\n\
         {\"fields\":{\"name\":\"C\",\"phone\":\"919300000022\",\"deal\":123456789012345678901234}}\n\
         {\"fields\":{\"name\":\"D\",\"phone\":\"919300000023\"}}\n",
    )
    .unwrap();
    let csv = dir.path().join("leads.csv");
    std::fs::write(
        &csv,
        "name,phone,deal_size:json\nE,919300000024,123456789012345678901234\nF,919300000025,7\n",
    )
    .unwrap();
    let output = ingest(&live, &jsonl).output().unwrap();
    let s = summary(&output);
    assert_eq!(s["ok"], 1, "{s}");
    let reasons: Vec<&str> = s["refused"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reason"].as_str().unwrap())
        .collect();
    assert!(
        reasons[0].contains("\"name\" is written twice"),
        "{reasons:?}"
    );
    assert!(
        reasons[1].contains("123456789012345678901234"),
        "{reasons:?}"
    );
    let output = ingest(&live, &csv).output().unwrap();
    let s = summary(&output);
    assert_eq!(
        (s["ok"].clone(), s["refused"][0]["line"].clone()),
        (json!(1), json!(2)),
        "{s}"
    );
    assert!(
        s["refused"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("does not fit in 64 bits"),
        "{s}"
    );
}

#[test]
fn an_empty_input_says_so_and_exits_0() {
    let live = Live::start(SandboxConfig::new());
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [("empty.jsonl", ""), ("header.csv", "name,phone\n")] {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        let output = ingest(&live, &file).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("has no rows"),
            "{output:?}"
        );
        assert_eq!(summary(&output)["lines"], 0);
    }
}

/// A loopback server that reads each request whole and closes the
/// connection without an answer: every request may have arrived.
fn dropping_server(max: usize) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(AtomicUsize::new(0));
    let count = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(max) {
            let Ok(stream) = stream else { return };
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let mut reader = BufReader::new(stream);
            let mut length = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    break;
                }
                let line = line.trim_end().to_ascii_lowercase();
                if let Some(v) = line.strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
                if line.is_empty() {
                    let mut body = vec![0; length];
                    if reader.read_exact(&mut body).is_ok() {
                        count.fetch_add(1, Ordering::SeqCst);
                    }
                    break;
                }
            }
        }
    });
    (format!("http://{addr}/async"), seen)
}

#[test]
fn rows_in_doubt_are_journaled_as_such_and_resent_only_when_asked() {
    let (base, seen) = dropping_server(64);
    let dir = tempfile::tempdir().unwrap();
    // Rows with actions (appended by the service, so not to be repeated
    // after they may have arrived), and one of fields only (matched by its
    // phone: a repeat is harmless, so a lost answer is a failure to retry).
    let file = dir.path().join("leads.jsonl");
    let with_action = |phone: &str| {
        json!({"fields": {"name": "A", "phone": phone},
               "actions": [{"type": "1001", "fields": {"note": "visit"}}]})
        .to_string()
    };
    std::fs::write(
        &file,
        format!(
            "{}\n{}\n{}\n{}\n",
            with_action("919300000031"),
            with_action("919300000032"),
            with_action("919300000033"),
            json!({"fields": {"name": "D", "phone": "919300000034"}}),
        ),
    )
    .unwrap();
    let journal = dir.path().join("leads.journal");
    let run = |extra: &[&str]| {
        let mut c = crate::telecrm();
        c.env("TELECRM_ENTERPRISE_ID", "603d2b2f9b1e8a001c8e4f5a")
            .env("TELECRM_ASYNC_TOKEN", "async_t0k3n")
            .env("TELECRM_ASYNC_BASE_URL", &base)
            .args([
                "lead",
                "ingest",
                "--rate",
                "off",
                "--concurrency",
                "1",
                "--attempts",
                "1",
            ])
            .arg(&file)
            .arg("--journal")
            .arg(&journal)
            .args(extra);
        c.output().unwrap()
    };
    let first = run(&[]);
    let s = summary(&first);
    assert_eq!(
        (s["in_doubt"].clone(), s["failed_count"].clone()),
        (json!(3), json!(4)),
        "{s}"
    );
    assert_eq!(s["ok"], 0, "{s}");
    let kinds: Vec<&str> = s["failed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["in_doubt", "in_doubt", "in_doubt", "transport"],
        "{s}"
    );
    assert!(String::from_utf8_lossy(&first.stderr).contains("in doubt"));
    assert_eq!(seen.load(Ordering::SeqCst), 4);

    // The rows in doubt are not sent again; the fields-only row is.
    let again = run(&[]);
    let s = summary(&again);
    assert_eq!(
        (s["sent"].clone(), s["in_doubt_skipped"].clone()),
        (json!(1), json!(3)),
        "{s}"
    );
    assert_eq!(
        seen.load(Ordering::SeqCst),
        5,
        "only the harmless row resent"
    );

    let resent = run(&["--resend-in-doubt"]);
    let s = summary(&resent);
    assert_eq!(s["sent"], 4, "{s}");
    assert_eq!(seen.load(Ordering::SeqCst), 9);
}

#[test]
fn rows_the_server_refused_go_to_the_rejects_file_with_its_answer() {
    let live = Live::start(SandboxConfig::new());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("updates.jsonl");
    let missing = "603d2b2f9b1e8a001c8e4fff";
    std::fs::write(
        &file,
        format!(
            "{}\n",
            json!({"lead": LEAD, "action": missing, "update": {"type": "1001", "fields": {"v": 1}}})
        ),
    )
    .unwrap();
    let rejects = dir.path().join("rejects.jsonl");
    let output = live
        .telecrm()
        .args(["action", "update", "--batch"])
        .arg(&file)
        .arg("--rejects")
        .arg(&rejects)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3), "{output:?}");
    let written = std::fs::read_to_string(&rejects).unwrap();
    let entry: Value = serde_json::from_str(written.trim()).unwrap();
    assert_eq!(entry["line"], 1, "{entry}");
    assert_eq!(entry["status"], 404, "{entry}");
    assert_eq!(entry["code"], "ACTION_NOT_FOUND", "{entry}");
    assert!(entry["message"].is_string(), "{entry}");
    assert!(
        entry["reason"].as_str().unwrap().contains("HTTP 404"),
        "{entry}"
    );
    assert!(entry["row"].as_str().unwrap().contains(missing), "{entry}");
}

#[test]
fn a_stop_on_a_big_input_is_prompt_and_leaves_remaining_unknown() {
    let live = Live::start(SandboxConfig::new());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.csv");
    {
        use std::io::Write;
        let mut out = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
        writeln!(out, "name,phone").unwrap();
        for i in 0..2_000_000u64 {
            writeln!(out, "L{i},91{i:010}").unwrap();
        }
    }
    let journal = dir.path().join("big.journal");
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("telecrm"));
    c.env_remove("RUST_LOG")
        .env("TELECRM_ENTERPRISE_ID", live.sandbox.enterprise())
        .env("TELECRM_ASYNC_BASE_URL", live.sandbox.async_base_url())
        .env("TELECRM_ASYNC_TOKEN", live.sandbox.async_token())
        .args(["lead", "ingest", "--rate", "7200/h"])
        .arg(&file)
        .arg("--journal")
        .arg(&journal)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = c.spawn().unwrap();
    crate::wait_for_journal(&journal, 2);
    let signalled = Instant::now();
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    let took = signalled.elapsed();
    assert_eq!(output.status.code(), Some(130), "{output:?}");
    assert!(took < Duration::from_secs(2), "stopped in {took:?}");
    let s = summary(&output);
    assert_eq!(s["stopped"], "interrupted", "{s}");
    assert!(s["remaining"].is_null(), "not counted to the end: {s}");
    assert_eq!(
        s["ok"].as_u64().unwrap() as usize,
        crate::journaled(&journal)
    );
}

#[test]
fn on_a_terminal_a_batch_shows_a_table_not_json_lines() {
    let live = Live::start(SandboxConfig::new());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("updates.jsonl");
    let line = json!({"lead": LEAD, "action": crate::CUSTOM,
                      "update": {"type": "1001", "fields": {"note": "x"}}});
    std::fs::write(&file, format!("{line}\n{line}\n{line}\n")).unwrap();
    let binary = assert_cmd::cargo::cargo_bin("telecrm");
    // util-linux's `script` gives the command a pseudo-terminal.
    let output = Command::new("script")
        .args([
            "-qec",
            &format!(
                "{} action update --batch {}",
                binary.display(),
                file.display()
            ),
            "/dev/null",
        ])
        .env("TELECRM_BASE_URL", live.sandbox.base_url())
        .env("TELECRM_TOKEN", live.sandbox.token())
        .env("TELECRM_ENTERPRISE_ID", live.sandbox.enterprise())
        .env("XDG_CONFIG_HOME", "/nonexistent/telecrm-tests")
        .env("NO_COLOR", "1")
        .env_remove("TELECRM_PROFILE")
        .output()
        .expect("script(1) runs");
    assert!(output.status.success(), "{output:?}");
    let shown = String::from_utf8_lossy(&output.stdout).replace("\r\n", "\n");
    assert!(!shown.contains("\"line\""), "no per-line JSON: {shown}");
    assert!(!shown.contains("{\"summary\""), "no JSON summary: {shown}");
    let rows: Vec<Vec<&str>> = shown
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    for (key, value) in [("lines", "3"), ("ok", "3"), ("stopped", "finished")] {
        assert!(
            rows.iter()
                .any(|r| r.len() >= 2 && r[r.len() - 2].ends_with(key) && r[r.len() - 1] == value),
            "a `{key}  {value}` row: {shown:?}"
        );
    }
}
