//! The state file: restart from it, committed before the answer, readable by
//! others meanwhile, one sandbox per file, a failed commit changes nothing,
//! JSON files of earlier versions imported.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::{Value, json};
use telecrm_sandbox::{
    SEED_CUSTOM_ACTION, SEED_LEAD, SEED_PAYMENT_ACTION, Sandbox, SandboxConfig, SandboxError,
};

use crate::{TOKEN, raw, update};

/// The state of an action as another reader of the file sees it.
fn state_on_disk(file: &std::path::Path, action: &str) -> Value {
    let db =
        rusqlite::Connection::open_with_flags(file, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let text: String = db
        .query_row("SELECT state FROM actions WHERE id = ?1", [action], |row| {
            row.get(0)
        })
        .unwrap();
    serde_json::from_str(&text).unwrap()
}

#[tokio::test]
async fn restart_from_the_state_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.db");
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
    // Committed as soon as the 200 is out: another connection reads it.
    assert_eq!(
        state_on_disk(&file, SEED_PAYMENT_ACTION)["status"],
        "COMPLETED"
    );
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
async fn a_corrupt_state_file_is_an_error_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        ("state.json", &b"{ not json"[..]),
        ("state.db", b"SQLite format 3\0 but torn"),
        ("notes.txt", b"hello"),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, bytes).unwrap();
        let err = Sandbox::start(SandboxConfig::new().state_file(&file))
            .await
            .unwrap_err();
        assert!(
            err.to_string().contains("could not load the state file"),
            "{err}"
        );
        assert_eq!(std::fs::read(&file).unwrap(), bytes, "{name} replaced");
    }
}

#[tokio::test]
async fn a_second_sandbox_on_the_same_file_refuses_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.db");
    let first = Sandbox::start(SandboxConfig::new().token(TOKEN).state_file(&file))
        .await
        .unwrap();
    let err = Sandbox::start(SandboxConfig::new().state_file(&file))
        .await
        .unwrap_err();
    assert!(matches!(&err, SandboxError::StateLocked { path } if *path == file));
    let message = err.to_string();
    assert!(
        message.contains("another sandbox holds") && message.contains(&*file.to_string_lossy()),
        "{message}"
    );
    // The first one is unharmed, and the file is free once it stops.
    assert_eq!(
        update(
            &first,
            SEED_LEAD,
            SEED_PAYMENT_ACTION,
            r#"{"type":"PAYMENT","status":"FAILED"}"#
        )
        .await
        .status,
        200
    );
    first.shutdown().await.unwrap();
    let again = Sandbox::start(SandboxConfig::new().state_file(&file))
        .await
        .unwrap();
    assert_eq!(
        again.action(SEED_LEAD, SEED_PAYMENT_ACTION).unwrap()["status"],
        "FAILED"
    );
}

#[tokio::test]
async fn a_failed_commit_answers_500_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.db");
    let sandbox = Sandbox::start(SandboxConfig::new().token(TOKEN).state_file(&file))
        .await
        .unwrap();
    let auth = format!("Bearer {TOKEN}");
    let headers = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
    ];
    let create_lead = format!("/autoupdate/v2/enterprise/{}/lead", sandbox.enterprise());
    let lead_body = r#"{"fields":{"phone":"919811111111","contact_source":"Billboard"},"actions":[{"type":"1002"}]}"#;
    let leads_before = sandbox.lead_count();
    let timeline_before = sandbox.timeline(SEED_LEAD);

    sandbox.fail_commits(true);
    let refused = update(
        &sandbox,
        SEED_LEAD,
        SEED_PAYMENT_ACTION,
        r#"{"type":"PAYMENT","status":"COMPLETED"}"#,
    )
    .await;
    assert_eq!(refused.status, 500, "{refused:?}");
    assert_eq!(refused.json()["error"]["code"], "INTERNAL_ERROR");
    let refused = raw(&sandbox, "POST", &create_lead, &headers, lead_body).await;
    assert_eq!(refused.status, 500, "{refused:?}");
    let queued = raw(
        &sandbox,
        "POST",
        &format!("/async/enterprise/{}/autoupdatelead", sandbox.enterprise()),
        &[
            (
                "Authorization",
                &format!("Bearer {}", sandbox.async_token()),
            ),
            ("Content-Type", "application/json"),
        ],
        r#"{"fields":{"phone":"919822222222"}}"#,
    )
    .await;
    assert_eq!(queued.status, 500, "{queued:?}");

    // Nothing of the three: in memory, on disk, nor in the queue.
    assert_eq!(
        sandbox.action(SEED_LEAD, SEED_PAYMENT_ACTION).unwrap()["status"],
        "PENDING"
    );
    assert_eq!(
        state_on_disk(&file, SEED_PAYMENT_ACTION)["status"],
        "PENDING"
    );
    assert_eq!(sandbox.lead_count(), leads_before);
    assert_eq!(sandbox.timeline(SEED_LEAD), timeline_before);
    assert_eq!(sandbox.queued(), 0);

    // The client's retry, once commits work again, makes exactly one lead.
    sandbox.fail_commits(false);
    let created = raw(&sandbox, "POST", &create_lead, &headers, lead_body).await;
    assert_eq!(created.status, 201, "{created:?}");
    assert_eq!(sandbox.lead_count(), leads_before + 1);
    let fields = raw(
        &sandbox,
        "GET",
        &format!(
            "/autoupdate/v2/enterprise/{}/custom-fields/contact_source",
            sandbox.enterprise()
        ),
        &headers[..1],
        "",
    )
    .await;
    assert_eq!(
        fields.body.matches("Billboard").count(),
        1,
        "{}",
        fields.body
    );
}

#[tokio::test]
async fn json_state_files_of_earlier_versions_are_imported() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.json");
    let old = json!({
        "enterprise": telecrm_sandbox::DEFAULT_ENTERPRISE,
        "leads": [{"id": SEED_LEAD, "fields": {"phone": "919999999999", "name": "Jane Doe"},
                   "created_on": 1, "modified_on": 2, "seq": 4}],
        "actions": [{"lead": SEED_LEAD, "action": SEED_PAYMENT_ACTION, "created_on": 3, "seq": 1,
                     "state": {"type": "PAYMENT", "status": "REFUNDED", "currency": "INR", "amount": "5000"}}],
        "team": null,
        "options": {}
    });
    let bytes = serde_json::to_vec_pretty(&old).unwrap();
    std::fs::write(&file, &bytes).unwrap();
    let sandbox = Sandbox::start(SandboxConfig::new().token(TOKEN).state_file(&file))
        .await
        .unwrap();
    assert_eq!(
        sandbox.action(SEED_LEAD, SEED_PAYMENT_ACTION).unwrap()["status"],
        "REFUNDED"
    );
    assert_eq!(sandbox.lead(SEED_LEAD).unwrap()["name"], "Jane Doe");
    sandbox.shutdown().await.unwrap();
    // The file is a database now; the JSON is kept beside it.
    assert!(
        std::fs::read(&file)
            .unwrap()
            .starts_with(b"SQLite format 3\0")
    );
    let backup = dir.path().join("state.json.json-backup");
    assert_eq!(std::fs::read(backup).unwrap(), bytes);
    assert_eq!(
        state_on_disk(&file, SEED_PAYMENT_ACTION)["status"],
        "REFUNDED"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_of_the_file_always_sees_a_whole_state() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.db");
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
            let mut last = 0;
            while !stop.load(Ordering::Relaxed) {
                // As a user's sqlite3 would: WAL lets it read while writes go on.
                let fields = state_on_disk(&file, SEED_CUSTOM_ACTION)["fields"].clone();
                let n = fields.as_object().unwrap().len();
                assert!(n >= last, "went back from {last} to {n} fields");
                last = n;
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
    let text = state_on_disk(&file, SEED_CUSTOM_ACTION).to_string();
    for t in 0..4 {
        for u in 0..50 {
            assert!(
                text.contains(&format!("\"t{t}_{u}\"")),
                "t{t}_{u} not saved"
            );
        }
    }
}
