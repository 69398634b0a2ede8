//! `-v`: one line per HTTP attempt on stderr, read from the transport's
//! tracing spans (`telecrm.call` names the method and route, each
//! `telecrm.attempt` its number, status and time), never a token: the spans
//! carry none.
//!
//! ```text
//! telecrm: POST /enterprise/{enterpriseId}/lead/{leadId}/action/{actionId} → 503 (attempt 1 of 3, 12 ms)
//! telecrm: POST /enterprise/{enterpriseId}/lead/{leadId}/action/{actionId} → 200 (attempt 2 of 3, 9 ms)
//! ```

use std::fmt::Write as _;

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Subscriber, span};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::Context;
use tracing_subscriber::registry::LookupSpan;

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
