//! Many clients updating different fields of one action at once lose nothing.

use std::sync::Arc;

use telecrm_sandbox::{SEED_CUSTOM_ACTION, SEED_LEAD};

use crate::{start, update};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_update_is_lost() {
    const TASKS: usize = 32;
    const UPDATES: usize = 50;
    let sandbox = Arc::new(start().await);
    let mut tasks = tokio::task::JoinSet::new();
    for t in 0..TASKS {
        let sandbox = sandbox.clone();
        tasks.spawn(async move {
            for u in 0..UPDATES {
                let body = format!(r#"{{"type":"1001","fields":{{"t{t}_u{u}":{u}}}}}"#);
                let answer = update(&sandbox, SEED_LEAD, SEED_CUSTOM_ACTION, &body).await;
                assert_eq!(answer.status, 200, "{answer:?}");
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.unwrap();
    }
    let state = sandbox.action(SEED_LEAD, SEED_CUSTOM_ACTION).unwrap();
    let fields = state["fields"].as_object().unwrap();
    for t in 0..TASKS {
        for u in 0..UPDATES {
            assert_eq!(fields[&format!("t{t}_u{u}")], u, "t{t}_u{u} lost");
        }
    }
    assert_eq!(fields.len(), TASKS * UPDATES + 1, "plus the seeded note");
}
