//! The token is absent from everything a TRACE-level subscriber captures,
//! during success, API errors and retries.

use std::io::Write;
use std::sync::{Arc, Mutex};

use tracing_subscriber::fmt::MakeWriter;

use crate::server::{Server, Step};
use crate::{DOC_200, LEAD, PAYMENT, TOKEN, builder, payment_completed};

#[derive(Clone, Default)]
pub(crate) struct Capture(pub(crate) Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Capture {
    type Writer = Capture;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// A subscriber taking everything at TRACE into a buffer, and that buffer.
pub(crate) fn trace_capture() -> (Capture, impl tracing::Subscriber + Send + Sync) {
    let capture = Capture::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(capture.clone())
        .with_ansi(false)
        .finish();
    (capture, subscriber)
}

#[test]
fn token_absent_from_trace_output() {
    let (capture, subscriber) = trace_capture();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    tracing::subscriber::with_default(subscriber, || {
        runtime.block_on(async {
            let server = Server::start(vec![
                Step::json(200, DOC_200),
                Step::json(
                    401,
                    r#"{"error":{"code":"NOT_AUTHORIZED","message":"bad token"}}"#,
                ),
                Step::json(503, ""),
                Step::Drop,
                Step::json(200, DOC_200),
            ])
            .await;
            let client = builder(&server.base_url()).build().unwrap();
            let call = || {
                client.update_action(
                    LEAD.parse().unwrap(),
                    PAYMENT.parse().unwrap(),
                    payment_completed(),
                )
            };
            call().await.unwrap();
            let err = call().await.unwrap_err();
            tracing::error!(error = %err, debug = ?err, "API error");
            call().await.unwrap(); // 503, dropped, then 200: two retries
            assert_eq!(server.count(), 5);
            tracing::info!(client = ?client, "done");
        });
    });
    let text = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    // TRACE was really on, spans and retries were logged...
    assert!(text.contains("telecrm.call"), "{text}");
    assert!(text.contains("telecrm.attempt"), "{text}");
    assert!(text.contains("retrying"), "{text}");
    assert!(
        text.contains("/enterprise/{enterpriseId}/lead/{leadId}/action/{actionId}"),
        "{text}"
    );
    // ...and the token is nowhere, nor the raw IDs in the route.
    assert!(!text.contains(TOKEN), "{text}");
    assert!(!text.contains("SECRET"), "{text}");
}
