//! The state file: restart from it, and a save that is never torn.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::Value;
use telecrm_sandbox::{SEED_CUSTOM_ACTION, SEED_LEAD, SEED_PAYMENT_ACTION, Sandbox, SandboxConfig};

use crate::{TOKEN, update};

#[tokio::test]
async fn restart_from_the_state_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.json");
    let config = || SandboxConfig::new().token(TOKEN).state_file(&file);
    let sandbox = Sandbox::start(config()).await.unwrap();
    assert!(file.exists(), "created at start");
    let answer = update(
        &sandbox,
        SEED_LEAD,
        SEED_PAYMENT_ACTION,
        r#"{"type":"PAYMENT","status":"COMPLETED"}"#,
    )
    .await;
    assert_eq!(answer.status, 200);
    // On disk as soon as the 200 is out.
    let saved: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert!(saved.to_string().contains("COMPLETED"));
    update(
        &sandbox,
        SEED_LEAD,
        SEED_CUSTOM_ACTION,
        r#"{"type":"1001","fields":{"note":"kept"}}"#,
    )
    .await;
    sandbox.shutdown().await.unwrap();

    let again = Sandbox::start(config()).await.unwrap();
    assert_eq!(
        again.action(SEED_LEAD, SEED_PAYMENT_ACTION).unwrap()["status"],
        "COMPLETED"
    );
    assert_eq!(
        again.action(SEED_LEAD, SEED_CUSTOM_ACTION).unwrap()["fields"]["note"],
        "kept"
    );
}

#[tokio::test]
async fn a_corrupt_state_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.json");
    std::fs::write(&file, b"{ not json").unwrap();
    let err = Sandbox::start(SandboxConfig::new().state_file(&file))
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("could not load the state file"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saves_are_never_torn() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.json");
    // A stale temporary file from a crashed run does not get in the way.
    std::fs::write(dir.path().join("state.json.tmp-1-0"), b"{ half").unwrap();
    let sandbox = Arc::new(
        Sandbox::start(SandboxConfig::new().token(TOKEN).state_file(&file))
            .await
            .unwrap(),
    );
    let stop = Arc::new(AtomicBool::new(false));
    let reader = {
        let (file, stop) = (file.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut reads = 0;
            while !stop.load(Ordering::Relaxed) {
                let bytes = std::fs::read(&file).unwrap();
                let parsed: Result<Value, _> = serde_json::from_slice(&bytes);
                assert!(
                    parsed.is_ok(),
                    "torn read: {}",
                    String::from_utf8_lossy(&bytes)
                );
                reads += 1;
            }
            reads
        })
    };
    let mut tasks = tokio::task::JoinSet::new();
    for t in 0..4 {
        let sandbox = sandbox.clone();
        tasks.spawn(async move {
            for u in 0..50 {
                let body = format!(r#"{{"type":"1001","fields":{{"t{t}_{u}":true}}}}"#);
                assert_eq!(
                    update(&sandbox, SEED_LEAD, SEED_CUSTOM_ACTION, &body)
                        .await
                        .status,
                    200
                );
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.unwrap();
    }
    stop.store(true, Ordering::Relaxed);
    let reads = reader.join().unwrap();
    assert!(reads > 0);
    // The last state is the one on disk, all 200 fields in it.
    let saved: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let text = saved.to_string();
    for t in 0..4 {
        for u in 0..50 {
            assert!(
                text.contains(&format!("\"t{t}_{u}\"")),
                "t{t}_{u} not saved"
            );
        }
    }
}
