//! kill -9 under mixed Sync and Async load, restarted on the same file, again
//! and again: every write answered 2xx (every `QUEUED` too) is there at the
//! end, and no Async payload is applied twice.
//!
//! The sandbox runs in a child process: this test binary again, running only
//! [`crash_child`] with the state file in an environment variable.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use telecrm_sandbox::{DEFAULT_ENTERPRISE, SEED_CUSTOM_ACTION, SEED_LEAD, Sandbox, SandboxConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::TOKEN;

const CHILD_ENV: &str = "TELECRM_SANDBOX_TEST_CRASH_CHILD";
const ASYNC_TOKEN: &str = "async-crash-test-token";
const ROUNDS: u64 = 5;
const CLIENTS: u64 = 6;

/// The child's body: a sandbox on the file, its address on stdout, then
/// serving until killed. A no-op in a normal test run.
#[test]
fn crash_child() {
    let Some(file) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let sandbox = Sandbox::start(
            SandboxConfig::new()
                .token(TOKEN)
                .async_token(ASYNC_TOKEN)
                .state_file(file),
        )
        .await
        .unwrap();
        println!("READY {}", sandbox.local_addr());
        // Killed long before this ends.
        tokio::time::sleep(Duration::from_secs(120)).await;
    });
}

fn spawn_child(file: &Path) -> (Child, SocketAddr) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "crash::crash_child",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, file)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("the child printed its address")
            .unwrap();
        // The harness may have written the test's name on the same line.
        if let Some((_, addr)) = line.split_once("READY ") {
            break addr.trim().parse().unwrap();
        }
    };
    (child, addr)
}

/// One request on its own connection: the status, when an answer's head came
/// back. A head with a 2xx status is an acknowledgement: the sandbox writes
/// it only after the commit.
async fn post(addr: SocketAddr, path: &str, token: &str, body: &str) -> Option<u16> {
    let exchange = async {
        let mut stream = tokio::net::TcpStream::connect(addr).await.ok()?;
        let request = format!(
            "POST {path} HTTP/1.1\r\nHost: sandbox\r\nConnection: close\r\n\
             Authorization: Bearer {token}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).await.ok()?;
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer).await;
        let text = String::from_utf8_lossy(&answer);
        text.strip_prefix("HTTP/1.1 ")?.get(..3)?.parse().ok()
    };
    tokio::time::timeout(Duration::from_secs(5), exchange)
        .await
        .ok()
        .flatten()
}

/// What the sandbox acknowledged.
#[derive(Default)]
struct Acked {
    /// Phones of leads created through the Sync API.
    sync_leads: BTreeSet<String>,
    /// Notes of actions created through the Sync API on the seed lead.
    sync_actions: BTreeSet<String>,
    /// Field names set by updates of the seed's custom action.
    updates: BTreeSet<String>,
    /// Async payloads answered `QUEUED`: phone → the note of its one action.
    queued: BTreeMap<String, String>,
}

/// Sends mixed writes until the sandbox stops answering: each client its own
/// numbers, so every write is told apart.
async fn load(addr: SocketAddr, round: u64, client: u64, acked: Arc<Mutex<Acked>>) {
    let base = format!("/autoupdate/v2/enterprise/{DEFAULT_ENTERPRISE}");
    for n in 0.. {
        let tag = format!("r{round}c{client}n{n}");
        let phone = format!("91{:010}", round * 100_000_000 + client * 1_000_000 + n);
        let status = match n % 4 {
            0 => {
                let body = json!({"fields": {"phone": phone}}).to_string();
                let status = post(addr, &format!("{base}/lead"), TOKEN, &body).await;
                if status == Some(201) {
                    acked.lock().unwrap().sync_leads.insert(phone);
                }
                status
            }
            1 => {
                let body =
                    json!({"actions": [{"type": "1001", "fields": {"note": tag}}]}).to_string();
                let path = format!("{base}/lead/{SEED_LEAD}/action");
                let status = post(addr, &path, TOKEN, &body).await;
                if status == Some(200) {
                    acked.lock().unwrap().sync_actions.insert(tag.clone());
                }
                status
            }
            2 => {
                let body = json!({"type": "1001", "fields": {tag.clone(): true}}).to_string();
                let path = format!("{base}/lead/{SEED_LEAD}/action/{SEED_CUSTOM_ACTION}");
                let status = post(addr, &path, TOKEN, &body).await;
                if status == Some(200) {
                    acked.lock().unwrap().updates.insert(tag.clone());
                }
                status
            }
            _ => {
                let body = json!({
                    "fields": {"phone": phone},
                    "actions": [{"type": "ACTION_1001", "fields": {"note": tag}}]
                })
                .to_string();
                let path = format!("/async/enterprise/{DEFAULT_ENTERPRISE}/autoupdatelead");
                let status = post(addr, &path, ASYNC_TOKEN, &body).await;
                if status == Some(200) {
                    acked.lock().unwrap().queued.insert(phone, tag.clone());
                }
                status
            }
        };
        match status {
            Some(200 | 201) => {}
            None => return,
            Some(other) => panic!("{tag}: unexpected status {other}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_under_mixed_load_loses_nothing_and_applies_nothing_twice() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.db");
    let acked = Arc::new(Mutex::new(Acked::default()));
    for round in 0..ROUNDS {
        let (mut child, addr) = spawn_child(&file);
        let clients: Vec<_> = (0..CLIENTS)
            .map(|client| tokio::spawn(load(addr, round, client, acked.clone())))
            .collect();
        // Kill at a different moment each round.
        tokio::time::sleep(Duration::from_millis(300 + 170 * round)).await;
        child.kill().unwrap();
        child.wait().unwrap();
        for client in clients {
            client.await.unwrap();
        }
    }
    // The last start applies what the last kill left queued.
    let sandbox = Sandbox::start(SandboxConfig::new().token(TOKEN).state_file(&file))
        .await
        .unwrap();
    sandbox.drain_ingest().await;
    assert_eq!(sandbox.queued(), 0);
    sandbox.shutdown().await.unwrap();

    let acked = acked.lock().unwrap();
    let db = rusqlite::Connection::open(&file).unwrap();
    let mut leads_by_phone: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut statement = db.prepare("SELECT id, fields FROM leads").unwrap();
    let rows = statement
        .query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })
        .unwrap();
    for row in rows {
        let (id, fields) = row.unwrap();
        let fields: Value = serde_json::from_str(&fields).unwrap();
        if let Some(phone) = fields["phone"].as_str() {
            leads_by_phone.entry(phone.to_owned()).or_default().push(id);
        }
    }
    let mut notes: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut statement = db.prepare("SELECT lead, state FROM actions").unwrap();
    let rows = statement
        .query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })
        .unwrap();
    for row in rows {
        let (lead, state) = row.unwrap();
        let state: Value = serde_json::from_str(&state).unwrap();
        if let Some(note) = state["fields"]["note"].as_str() {
            *notes.entry((lead, note.to_owned())).or_default() += 1;
        }
    }
    let seed_fields: String = db
        .query_row(
            "SELECT state FROM actions WHERE id = ?1",
            [SEED_CUSTOM_ACTION],
            |row| row.get(0),
        )
        .unwrap();
    let seed_fields: Value = serde_json::from_str(&seed_fields).unwrap();

    let total = acked.sync_leads.len()
        + acked.sync_actions.len()
        + acked.updates.len()
        + acked.queued.len();
    assert!(
        acked.queued.len() >= 20 && acked.sync_leads.len() >= 20,
        "too little load to prove anything: {total} writes"
    );
    for phone in &acked.sync_leads {
        assert_eq!(
            leads_by_phone.get(phone).map(Vec::len),
            Some(1),
            "lead {phone}"
        );
    }
    for note in &acked.sync_actions {
        assert_eq!(
            notes.get(&(SEED_LEAD.to_owned(), note.clone())),
            Some(&1),
            "action {note}"
        );
    }
    for field in &acked.updates {
        assert_eq!(seed_fields["fields"][field], true, "update {field}");
    }
    for (phone, note) in &acked.queued {
        let leads = leads_by_phone.get(phone).cloned().unwrap_or_default();
        assert_eq!(leads.len(), 1, "queued lead {phone}: {leads:?}");
        assert_eq!(
            notes.get(&(leads[0].clone(), note.clone())),
            Some(&1),
            "queued payload {note} applied once"
        );
    }
    eprintln!(
        "{ROUNDS} kills: {total} acknowledged writes ({} QUEUED), all present, none twice",
        acked.queued.len()
    );
}

#[tokio::test]
async fn a_graceful_stop_keeps_what_it_did_not_apply() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.db");
    let config = || {
        SandboxConfig::new()
            .token(TOKEN)
            .async_token(ASYNC_TOKEN)
            .state_file(&file)
    };
    let sandbox = Sandbox::start(config()).await.unwrap();
    let path = format!("/async/enterprise/{DEFAULT_ENTERPRISE}/autoupdatelead");
    let phones: Vec<String> = (0..300).map(|n| format!("9170000{n:05}")).collect();
    for phone in &phones {
        let body = json!({"fields": {"phone": phone}}).to_string();
        let status = post(sandbox.local_addr(), &path, ASYNC_TOKEN, &body).await;
        assert_eq!(status, Some(200));
    }
    sandbox.shutdown().await.unwrap();
    let again = Sandbox::start(config()).await.unwrap();
    again.drain_ingest().await;
    assert_eq!(again.queued(), 0);
    // Each payload made its lead exactly once, whether before the stop or after.
    let body = json!({"fields": {"phone": phones}}).to_string();
    let path = format!("/autoupdate/v2/enterprise/{DEFAULT_ENTERPRISE}/lead/search?limit=1");
    let answer = crate::raw(
        &again,
        "POST",
        &path,
        &[
            ("Authorization", &format!("Bearer {TOKEN}")),
            ("Content-Type", "application/json"),
        ],
        &body,
    )
    .await;
    assert_eq!(answer.json()["total_count"], 300, "{}", answer.body);
}

#[tokio::test]
async fn a_second_process_on_the_same_file_is_refused_until_the_first_dies() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.db");
    let (mut child, addr) = spawn_child(&file);
    let err = Sandbox::start(SandboxConfig::new().state_file(&file))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, telecrm_sandbox::SandboxError::StateLocked { path } if *path == file),
        "{err:?}"
    );
    // The child still serves; killed, it leaves no stale lock behind.
    let body = json!({"fields": {"phone": "919812345678"}}).to_string();
    let path = format!("/autoupdate/v2/enterprise/{DEFAULT_ENTERPRISE}/lead");
    assert_eq!(post(addr, &path, TOKEN, &body).await, Some(201));
    child.kill().unwrap();
    child.wait().unwrap();
    let sandbox = Sandbox::start(SandboxConfig::new().state_file(&file))
        .await
        .unwrap();
    assert_eq!(sandbox.lead_count(), 2);
}
