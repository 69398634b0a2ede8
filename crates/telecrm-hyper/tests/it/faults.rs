//! The fault matrix: each fault, its outcome, and how many requests it took.

use std::time::{Duration, Instant, SystemTime};

use telecrm_hyper::RetryBudgetConfig;

use crate::server::{Server, Step};
use crate::{DOC_200, builder, update_payment};

fn ok() -> Step {
    Step::json(200, DOC_200)
}

/// Runs one call against `script` and returns the outcome and request count.
async fn run(
    script: Vec<Step>,
    tune: impl FnOnce(telecrm_hyper::ClientBuilder) -> telecrm_hyper::ClientBuilder,
) -> (Result<telecrm_hyper::Action, telecrm_hyper::Error>, usize) {
    let server = Server::start(script).await;
    let client = builder(&server.base_url()).tune(tune).build().unwrap();
    let result = update_payment(&client).await;
    (result, server.count())
}

#[tokio::test]
async fn connection_dropped_before_answering() {
    let (result, count) = run(vec![Step::Drop], |b| b).await;
    let err = result.unwrap_err();
    assert!(
        err.is_retryable() && !err.is_connect() && err.status().is_none(),
        "{err:?}"
    );
    assert_eq!(count, 3);
    let (result, count) = run(vec![Step::Drop, ok()], |b| b).await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(count, 2);
}

#[tokio::test]
async fn reset_mid_body() {
    let (result, count) = run(vec![Step::ResetMidBody], |b| b).await;
    let err = result.unwrap_err();
    assert!(err.is_retryable() && err.status().is_none(), "{err:?}");
    assert_eq!(count, 3);
    let (result, count) = run(vec![Step::ResetMidBody, ok()], |b| b).await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(count, 2);
}

#[tokio::test]
async fn truncated_body() {
    let (result, count) = run(vec![Step::Truncate], |b| b).await;
    assert!(result.unwrap_err().is_retryable());
    assert_eq!(count, 3);
    let (result, count) = run(vec![Step::Truncate, ok()], |b| b).await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(count, 2);
}

#[tokio::test]
async fn stalled_server_hits_the_attempt_timeout() {
    let started = Instant::now();
    let (result, count) = run(vec![Step::Stall], |b| {
        b.attempt_timeout(Duration::from_millis(150))
            .total_timeout(Duration::from_secs(10))
    })
    .await;
    let err = result.unwrap_err();
    assert!(err.is_timeout() && !err.is_deadline(), "{err:?}");
    assert_eq!(err.attempts(), 3);
    assert_eq!(count, 3);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn stalled_server_hits_the_total_deadline() {
    let started = Instant::now();
    let (result, count) = run(vec![Step::Stall], |b| {
        b.attempt_timeout(Duration::from_secs(30))
            .total_timeout(Duration::from_millis(300))
    })
    .await;
    let err = result.unwrap_err();
    assert!(err.is_deadline() && err.is_timeout(), "{err:?}");
    assert_eq!(count, 1);
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(290) && elapsed < Duration::from_secs(3),
        "{elapsed:?}"
    );
}

#[tokio::test]
async fn too_many_requests_with_retry_after_seconds() {
    let throttled = Step::json(
        429,
        r#"{"error":{"code":"RATE_LIMITED","message":"slow down"}}"#,
    )
    .with_header("retry-after", "1");
    let started = Instant::now();
    let (result, count) = run(vec![throttled, ok()], |b| b).await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(count, 2);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After is a minimum"
    );
}

#[tokio::test]
async fn too_many_requests_with_retry_after_date() {
    let when = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
    let throttled = Step::json(429, "").with_header("retry-after", when);
    let started = Instant::now();
    let (result, count) = run(vec![throttled, ok()], |b| b).await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(count, 2);
    // The date has one-second precision: at least a second is left of the two.
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn retry_after_beyond_the_deadline_stops() {
    let throttled = Step::json(503, "").with_header("retry-after", "120");
    let started = Instant::now();
    let (result, count) = run(vec![throttled, ok()], |b| {
        b.total_timeout(Duration::from_secs(5))
    })
    .await;
    assert_eq!(result.unwrap_err().status().map(|s| s.as_u16()), Some(503));
    assert_eq!(count, 1);
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn service_unavailable_then_ok() {
    let (result, count) = run(vec![Step::json(503, ""), ok()], |b| b).await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(count, 2);
}

#[tokio::test]
async fn server_errors_are_retried_to_the_limit() {
    for status in [500, 502, 504] {
        let (result, count) = run(vec![Step::json(status, "")], |b| b).await;
        let err = result.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        assert!(err.is_retryable());
        assert_eq!(err.attempts(), 3);
        assert_eq!(count, 3, "{status}");
    }
}

#[tokio::test]
async fn html_error_page_is_kept_raw() {
    let page = Step::Respond {
        status: 403,
        headers: vec![("content-type", "text/html".into())],
        body: b"<html><body>Forbidden by proxy</body></html>".to_vec(),
    };
    let (result, count) = run(vec![page], |b| b).await;
    let err = result.unwrap_err();
    assert!(err.api_error().is_none());
    assert_eq!(err.status().map(|s| s.as_u16()), Some(403));
    let Some(telecrm_hyper::core::ResponseError::Unrecognized { body, .. }) = err.response_error()
    else {
        panic!("{err:?}")
    };
    assert!(body.to_string().contains("Forbidden by proxy"));
    assert_eq!(count, 1);
}

#[tokio::test]
async fn empty_and_non_json_200_are_decode_errors() {
    for body in ["", "<html>ok</html>", "{\"type\":"] {
        let (result, count) = run(vec![Step::json(200, body)], |b| b).await;
        let err = result.unwrap_err();
        assert!(err.is_decode(), "{body:?}: {err:?}");
        assert!(!err.is_retryable());
        assert_eq!(count, 1);
    }
}

#[tokio::test]
async fn body_over_the_limit_is_refused() {
    let (result, count) = run(vec![ok()], |b| b.max_response_bytes(32)).await;
    let err = result.unwrap_err();
    assert!(err.is_body_too_large(), "{err:?}");
    assert_eq!(count, 1);
    // At the limit exactly: fine.
    let (result, _) = run(vec![ok()], |b| b.max_response_bytes(DOC_200.len())).await;
    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn a_body_in_many_frames_is_joined_and_bounded() {
    let chunked = |chunk| Step::Chunked {
        body: DOC_200.as_bytes().to_vec(),
        chunk,
    };
    // In 5-byte frames, with no length declared: joined whole.
    let (result, count) = run(vec![chunked(5)], |b| b).await;
    let expected: telecrm_hyper::Action = serde_json::from_str(DOC_200).unwrap();
    assert_eq!(result.unwrap(), expected);
    assert_eq!(count, 1);
    // Over the limit without a declared length: refused while reading.
    let (result, _) = run(vec![chunked(5)], |b| b.max_response_bytes(32)).await;
    assert!(result.unwrap_err().is_body_too_large());
    // A single frame over the limit, too.
    let (result, _) = run(vec![chunked(1000)], |b| b.max_response_bytes(32)).await;
    assert!(result.unwrap_err().is_body_too_large());
    // At the limit exactly, in frames: fine.
    let (result, _) = run(vec![chunked(7)], |b| b.max_response_bytes(DOC_200.len())).await;
    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn retries_resend_identical_bytes() {
    let server = Server::start(vec![Step::json(503, ""), Step::Drop, ok()]).await;
    let client = builder(&server.base_url()).build().unwrap();
    update_payment(&client).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    for request in &requests[1..] {
        assert_eq!(request.body, requests[0].body);
        assert_eq!(request.head, requests[0].head);
    }
}

#[tokio::test]
async fn connection_refused_is_a_connect_error() {
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let client = builder(&format!("http://{addr}/v2")).build().unwrap();
    let err = update_payment(&client).await.unwrap_err();
    assert!(err.is_connect() && err.is_retryable(), "{err:?}");
    assert_eq!(err.attempts(), 3);
}

#[tokio::test]
async fn retry_budget_empties_in_an_outage_and_refills() {
    let fail = || Step::json(503, "");
    let mut script = vec![fail(), fail(), fail(), fail()];
    script.extend((0..5).map(|_| ok()));
    script.extend([fail(), fail(), fail()]);
    let server = Server::start(script).await;
    let client = builder(&server.base_url())
        .retry_budget(RetryBudgetConfig::new(10, 5, 10, 1))
        .build()
        .unwrap();
    // Outage: the first call spends the whole budget on its two retries...
    assert!(update_payment(&client).await.is_err());
    assert_eq!(server.count(), 3);
    assert_eq!(client.client().retry_budget_available(), 0);
    // ...so the next gets no retry at all.
    let err = update_payment(&client).await.unwrap_err();
    assert_eq!(err.attempts(), 1);
    assert_eq!(server.count(), 4);
    // Recovery: five successes pay five tokens back...
    for _ in 0..5 {
        update_payment(&client).await.unwrap();
    }
    assert_eq!(client.client().retry_budget_available(), 5);
    // ...which buys exactly one retry in the next outage.
    let err = update_payment(&client).await.unwrap_err();
    assert_eq!(err.attempts(), 2);
    assert_eq!(server.count(), 11);
}
