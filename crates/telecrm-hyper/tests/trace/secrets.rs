//! The token is absent from everything a TRACE-level subscriber captures,
//! during success, API errors and retries.

use std::io::Write;
use std::sync::{Arc, Mutex};

use tracing_subscriber::fmt::MakeWriter;

use crate::server::{Server, Step};
use crate::{DOC_200, TOKEN, builder, update_payment};

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

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

/// Runs `test` on a current-thread runtime under a subscriber taking
/// everything at TRACE, and returns what the subscriber wrote.
pub(crate) fn traced(test: impl Future<Output = ()>) -> String {
    let capture = Capture::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(capture.clone())
        .with_ansi(false)
        .finish();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    tracing::subscriber::with_default(subscriber, || runtime.block_on(test));
    String::from_utf8(capture.0.lock().unwrap().clone()).unwrap()
}

#[test]
fn token_absent_from_trace_output() {
    let text = traced(async {
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
        let call = || update_payment(&client);
        call().await.unwrap();
        let err = call().await.unwrap_err();
        tracing::error!(error = %err, debug = ?err, "API error");
        call().await.unwrap(); // 503, dropped, then 200: two retries
        assert_eq!(server.count(), 5);
        tracing::info!(client = ?client, "done");
    });
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

/// The wire events (`telecrm_hyper::wire`) carry headers and bodies at
/// TRACE, and never a credential: `Authorization` by its scheme only, a
/// password key's value redacted, the token's echo in an answer redacted.
#[test]
fn wire_events_show_the_exchange_without_its_secrets() {
    use telecrm_hyper::{CreateTeamMember, NewTeamMember, Password, Role};
    let text = traced(async {
        let echo = format!(
            r#"{{"error":{{"code":"BAD_REQUEST","message":"token {TOKEN} may not add members"}}}}"#
        );
        let server = Server::start(vec![Step::json(400, &echo)]).await;
        let client = builder(&server.base_url()).build().unwrap();
        let member = NewTeamMember::new(
            "Asha Rao",
            "asha@example.com".parse().unwrap(),
            "919876500001".parse().unwrap(),
            Role::Caller,
        )
        .with_password(Password::new("pa55-WIRE-word"));
        let err = client
            .send(&CreateTeamMember::new(member))
            .await
            .unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
        // The error the caller gets is clean too: its text, its Debug and
        // the service's message.
        for shown in [
            err.to_string(),
            format!("{err:?}"),
            err.api_error().unwrap().message().to_owned(),
        ] {
            assert!(!shown.contains(TOKEN), "{shown}");
            assert!(shown.contains("token <redacted> may not"), "{shown}");
        }
    });
    // The exchange is there...
    assert!(text.contains("authorization: Bearer <redacted>"), "{text}");
    assert!(text.contains("request body"), "{text}");
    assert!(text.contains(r#""name":"Asha Rao""#), "{text}");
    assert!(text.contains(r#""password":"<redacted>""#), "{text}");
    assert!(text.contains("response body"), "{text}");
    assert!(text.contains("may not add members"), "{text}");
    // ...and no secret.
    assert!(!text.contains("pa55-WIRE-word"), "{text}");
    assert!(!text.contains(TOKEN), "{text}");
    assert!(!text.contains("SECRET"), "{text}");
}
