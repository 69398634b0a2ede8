//! Fault injection: deterministic given a seed.

use std::time::{Duration, Instant};

use telecrm_sandbox::{Faults, SEED_CUSTOM_ACTION, SEED_LEAD, Sandbox, SandboxConfig};

use crate::{TOKEN, update};

async fn statuses(faults: Faults, n: usize) -> Vec<u16> {
    let sandbox = Sandbox::start(SandboxConfig::new().token(TOKEN).faults(faults))
        .await
        .unwrap();
    let mut out = Vec::new();
    for _ in 0..n {
        out.push(
            update(
                &sandbox,
                SEED_LEAD,
                SEED_CUSTOM_ACTION,
                r#"{"type":"1001"}"#,
            )
            .await
            .status,
        );
    }
    let logged: Vec<u16> = sandbox.requests().iter().map(|r| r.status).collect();
    assert_eq!(logged, out);
    out
}

#[tokio::test]
async fn same_seed_same_sequence() {
    let faults = Faults {
        seed: 9,
        error_rate: 0.4,
        error_status: 502,
        drop_rate: 0.2,
        ..Faults::default()
    };
    let a = statuses(faults.clone(), 40).await;
    let b = statuses(faults.clone(), 40).await;
    assert_eq!(a, b);
    // Dropped connections answer nothing (status 0 here), errors 502, the rest 200.
    assert!(
        a.contains(&0) && a.contains(&502) && a.contains(&200),
        "{a:?}"
    );
    assert!(a.iter().all(|s| [0, 200, 502].contains(s)));
    let c = statuses(Faults { seed: 10, ..faults }, 40).await;
    assert_ne!(a, c);
}

#[tokio::test]
async fn every_request_fails_with_retry_after() {
    let sandbox = Sandbox::start(SandboxConfig::new().token(TOKEN).faults(Faults {
        error_rate: 1.0,
        retry_after: Some("3".into()),
        ..Faults::default()
    }))
    .await
    .unwrap();
    for _ in 0..5 {
        let answer = update(
            &sandbox,
            SEED_LEAD,
            SEED_CUSTOM_ACTION,
            r#"{"type":"1001","fields":{"x":1}}"#,
        )
        .await;
        assert_eq!(answer.status, 503);
        assert!(
            answer.head.to_lowercase().contains("retry-after: 3"),
            "{answer:?}"
        );
        assert_eq!(answer.json()["error"]["code"], "SERVICE_UNAVAILABLE");
    }
    // Injected failures change nothing.
    assert!(
        sandbox.action(SEED_LEAD, SEED_CUSTOM_ACTION).unwrap()["fields"]
            .get("x")
            .is_none()
    );
}

#[tokio::test]
async fn latency_is_added() {
    let sandbox = Sandbox::start(SandboxConfig::new().token(TOKEN).faults(Faults {
        latency: Duration::from_millis(150),
        ..Faults::default()
    }))
    .await
    .unwrap();
    let started = Instant::now();
    let answer = update(
        &sandbox,
        SEED_LEAD,
        SEED_CUSTOM_ACTION,
        r#"{"type":"1001"}"#,
    )
    .await;
    assert_eq!(answer.status, 200);
    assert!(started.elapsed() >= Duration::from_millis(150));
}
