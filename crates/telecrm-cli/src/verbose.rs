//! Diagnostics on stderr, read from the transport's tracing.
//!
//! - `-v`: one line per HTTP attempt, from the spans (`telecrm.call` names
//!   the method and route, each `telecrm.attempt` its number, status and
//!   time), which carry no token.
//! - `-vv`: each exchange's request line and headers (`>`) and answer's
//!   status and headers (`<`), from the `telecrm_hyper::wire` events, whose
//!   `Authorization` the SDK has already redacted; and the transport's debug
//!   events (retries and why).
//! - `-vvv`: the bodies too, the SDK's redaction (password and token keys,
//!   the token's echo) and then this run's own secrets (a password read from
//!   stdin) taken out.
//!
//! Everything printed, `RUST_LOG`'s output included, goes through
//! `crate::failure::redact`.
//!
//! ```text
//! telecrm: > POST /autoupdate/v2/enterprise/603d…/lead/6604…/action/6604…
//! telecrm: > authorization: Bearer <redacted>
//! telecrm: < 503
//! telecrm: POST /enterprise/{enterpriseId}/lead/{leadId}/action/{actionId} → 503 (attempt 1 of 3, 12 ms)
//! telecrm: POST /enterprise/{enterpriseId}/lead/{leadId}/action/{actionId} → 200 (attempt 2 of 3, 9 ms)
//! ```

use std::fmt::Write as _;
use std::io::{IsTerminal, Write as _};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber, span};
use tracing_subscriber::Layer;
use tracing_subscriber::filter::{EnvFilter, Targets};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::Context;
use tracing_subscriber::registry::LookupSpan;

use crate::failure::redact;

/// The target of the SDK's wire events.
const WIRE: &str = "telecrm_hyper::wire";

/// Installs what `verbose` (the count of `-v`) and `RUST_LOG` ask for.
pub(crate) fn init(verbose: u8, max_attempts: u32) {
    use tracing_subscriber::prelude::*;
    let from_env = std::env::var_os("RUST_LOG").is_some();
    if verbose == 0 && !from_env {
        return;
    }
    let attempts = (verbose >= 1).then(|| {
        Attempts { max_attempts }
            .with_filter(Targets::new().with_target("telecrm_hyper", tracing::Level::DEBUG))
    });
    let wire = (verbose >= 2).then(|| {
        let level = if verbose >= 3 {
            tracing::Level::TRACE
        } else {
            tracing::Level::DEBUG
        };
        Wire.with_filter(Targets::new().with_target(WIRE, level))
    });
    // The transport's other events (a retry and its reason, the budget)
    // at -vv; RUST_LOG chooses for itself.
    let events = (verbose >= 2 || from_env).then(|| {
        let filter = if from_env {
            EnvFilter::from_default_env()
        } else {
            EnvFilter::new("telecrm_hyper=debug,telecrm_hyper::wire=off")
        };
        // Colour only for a person: a terminal, and NO_COLOR unset.
        let colour = std::io::stderr().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        tracing_subscriber::fmt::layer()
            .with_writer(RedactedStderr)
            .with_ansi(colour)
            .with_target(false)
            .with_filter(filter)
    });
    tracing_subscriber::registry()
        .with(attempts)
        .with(wire)
        .with(events)
        .init();
}

/// stderr, through [`redact`]: the formatter hands each event over in one
/// write, so a secret is never split between two.
struct RedactedStderr;

impl<'a> MakeWriter<'a> for RedactedStderr {
    type Writer = RedactingWriter;

    fn make_writer(&'a self) -> Self::Writer {
        RedactingWriter
    }
}

struct RedactingWriter;

impl std::io::Write for RedactingWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = redact(&String::from_utf8_lossy(buf));
        std::io::stderr().lock().write_all(text.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}

/// The fields of one wire event.
#[derive(Default)]
struct WireFields {
    message: String,
    method: Option<String>,
    uri: Option<String>,
    status: Option<u64>,
    headers: Option<String>,
    body: Option<String>,
}

impl Visit for WireFields {
    fn record_u64(&mut self, field: &Field, value: u64) {
        if field.name() == "status" {
            self.status = Some(value);
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.record_text(field, value.to_owned());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        // Display-wrapped values (`%x`) arrive here, printed as Display.
        let mut text = String::new();
        let _ = write!(text, "{value:?}");
        self.record_text(field, text);
    }
}

impl WireFields {
    fn record_text(&mut self, field: &Field, text: String) {
        match field.name() {
            "message" => self.message = text,
            "method" => self.method = Some(text),
            "uri" => self.uri = Some(text),
            "headers" => self.headers = Some(text),
            "body" => self.body = Some(text),
            _ => {}
        }
    }
}

/// Prints the wire events curl-style: `>` what was sent, `<` what came back.
struct Wire;

impl<S: Subscriber> Layer<S> for Wire {
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        if event.metadata().target() != WIRE {
            return;
        }
        let mut fields = WireFields::default();
        event.record(&mut fields);
        let arrow = if fields.message.starts_with("request") {
            '>'
        } else {
            '<'
        };
        let mut text = String::new();
        match (&fields.method, &fields.uri, fields.status) {
            (Some(method), Some(uri), _) => {
                let _ = writeln!(text, "telecrm: {arrow} {method} {uri}");
            }
            (_, _, Some(status)) => {
                let _ = writeln!(text, "telecrm: {arrow} {status}");
            }
            _ => {}
        }
        for line in fields.headers.iter().flat_map(|h| h.lines()) {
            let _ = writeln!(text, "telecrm: {arrow} {line}");
        }
        if let Some(body) = &fields.body {
            let _ = writeln!(text, "telecrm: {arrow} {body}");
        }
        let _ = std::io::stderr().lock().write_all(redact(&text).as_bytes());
    }
}

/// The fields of one span that a line needs.
#[derive(Default)]
struct Fields {
    method: Option<String>,
    route: Option<String>,
    attempt: Option<u64>,
    status: Option<u64>,
    elapsed_ms: Option<u64>,
}

impl Visit for Fields {
    fn record_u64(&mut self, field: &Field, value: u64) {
        match field.name() {
            "attempt" => self.attempt = Some(value),
            "status" => self.status = Some(value),
            "elapsed_ms" => self.elapsed_ms = Some(value),
            _ => {}
        }
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        if let Ok(value) = u64::try_from(value) {
            self.record_u64(field, value);
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "method" => self.method = Some(value.to_owned()),
            "route" => self.route = Some(value.to_owned()),
            _ => {}
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        // `method = %E::METHOD` arrives as a Display-wrapped value.
        if field.name() == "method" {
            let mut text = String::new();
            let _ = write!(text, "{value:?}");
            self.method = Some(text);
        }
    }
}

/// Prints a line when an attempt's span closes.
pub(crate) struct Attempts {
    /// The attempts each call may make, for "attempt n of m".
    pub(crate) max_attempts: u32,
}

impl<S> Layer<S> for Attempts
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let name = attrs.metadata().name();
        if name != "telecrm.call" && name != "telecrm.attempt" {
            return;
        }
        let mut fields = Fields::default();
        attrs.record(&mut fields);
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(fields);
        }
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(id)
            && let Some(fields) = span.extensions_mut().get_mut::<Fields>()
        {
            values.record(fields);
        }
    }

    fn on_close(&self, id: span::Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(&id) else { return };
        if span.name() != "telecrm.attempt" {
            return;
        }
        let extensions = span.extensions();
        let Some(attempt) = extensions.get::<Fields>() else {
            return;
        };
        let (method, route) = span
            .parent()
            .and_then(|call| {
                let extensions = call.extensions();
                let fields = extensions.get::<Fields>()?;
                Some((fields.method.clone()?, fields.route.clone()?))
            })
            .unwrap_or_else(|| ("?".to_owned(), "?".to_owned()));
        let outcome = match attempt.status {
            Some(status) => status.to_string(),
            None => "no answer".to_owned(),
        };
        eprintln!(
            "telecrm: {method} {route} → {outcome} (attempt {} of {}, {} ms)",
            attempt.attempt.unwrap_or(0),
            self.max_attempts,
            attempt.elapsed_ms.unwrap_or(0)
        );
    }
}
