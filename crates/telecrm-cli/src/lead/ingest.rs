//! `telecrm lead ingest FILE`: leads through the Async API at its rate limit.
//!
//! Rows are checked before sending (identifier present, field forms, action
//! codes): a row refused here goes to `--rejects` in the input's format, with
//! its line number and reason in the summary. The rest are paced by the
//! client's rate limiter and sent `--concurrency` at a time. Every queued row
//! is journaled; a re-run sends only the others. Ctrl-C or SIGTERM stops
//! taking new rows while waiting for a slot (nothing on the wire), lets the
//! requests in flight finish and journals them: a graceful stop and a re-run
//! send every row exactly once. A SIGKILL can leave up to `--concurrency` rows
//! sent but not journaled; they are sent again, which leaves their leads as
//! one send would (matched by identifier) but appends their actions again.

use std::process::ExitCode;
use std::time::Instant;

use serde_json::{Map, Value, json};
use telecrm_core::{AsyncToken, BaseUrl, EnterpriseId, IngestLead, NewLead, Workspace};
use telecrm_hyper::AsyncClient;

use super::rows;
use crate::batch::{self, Answer, Content, Prepared, Record, Settings, Stop};
use crate::cli::{GlobalArgs, IngestArgs, parse_rate_per_hour};
use crate::failure::{Failure, chain};

pub(super) async fn run(global: &GlobalArgs, args: &IngestArgs) -> Result<ExitCode, Failure> {
    let identifier = global
        .lead_identifier
        .as_deref()
        .unwrap_or("phone")
        .to_owned();
    let client = async_client(global, args)?;
    let input = batch::source::open(&args.file, None)?;
    let settings = Settings {
        concurrency: args.concurrency as usize,
        journal: args.journal.as_deref(),
        rejects: args.rejects.as_deref(),
        report_lines: false,
    };
    let columns = input.columns.clone();
    let prepare = |record: &Record, content: &Content, stop: &Stop| {
        let json = match rows::lead_json(columns.as_deref(), record, content) {
            Ok(json) => json,
            Err(reason) => {
                return Prepared::Refused {
                    key: None,
                    context: Map::new(),
                    reason,
                };
            }
        };
        let key = rows::identifier_key(&json, &identifier);
        let lead = match NewLead::from_json(json.as_bytes())
            .map_err(|e| chain(&e))
            .and_then(|lead| IngestLead::new(lead, &identifier).map_err(|e| e.to_string()))
        {
            Ok(lead) => lead,
            Err(reason) => {
                return Prepared::Refused {
                    key,
                    context: Map::new(),
                    reason,
                };
            }
        };
        let client = client.clone();
        let mut stop = stop.clone();
        // Stopped while waiting for the pace's slot: nothing of this row is
        // on the wire, and it counts as remaining.
        let task = Box::pin(async move {
            let slot = tokio::select! {
                slot = client.slot() => slot,
                () = stop.wait() => return Answer::NotSent,
            };
            Answer::Done(client.send_in(slot, &lead).await.map(|_| Value::Null))
        });
        Prepared::Send {
            key,
            context: Map::new(),
            task,
        }
    };
    let started = Instant::now();
    let rate = client.rate_per_hour();
    batch::run_records(settings, input, prepare, |summary, counts| {
        let seconds = started.elapsed().as_secs_f64();
        summary.insert("rate_per_hour".into(), json!(rate));
        summary.insert(
            "sent_per_s".into(),
            json!(if seconds > 0.0 {
                (counts.sent as f64 / seconds * 100.0).round() / 100.0
            } else {
                0.0
            }),
        );
    })
    .await
}

fn async_client(global: &GlobalArgs, args: &IngestArgs) -> Result<AsyncClient, Failure> {
    let token = args.async_token.as_deref().ok_or_else(|| {
        Failure::usage("no Async token: set TELECRM_ASYNC_TOKEN (or pass --async-token)")
    })?;
    let token = AsyncToken::new(token).map_err(|e| Failure::usage(format!("async token: {e}")))?;
    let enterprise = global.enterprise.as_deref().ok_or_else(|| {
        Failure::usage("no enterprise: set TELECRM_ENTERPRISE_ID (or pass --enterprise)")
    })?;
    let enterprise = EnterpriseId::new(enterprise).map_err(Failure::usage)?;
    let base = BaseUrl::parse(&args.async_base_url)
        .map_err(|e| Failure::usage(format!("--async-base-url: {}", chain(&e))))?;
    let rate = match args.rate.as_str() {
        "off" => None,
        rate => {
            Some(parse_rate_per_hour(rate).map_err(|e| Failure::usage(format!("--rate: {e}")))?)
        }
    };
    crate::transport(global)?
        .workspace(Workspace::new(token, enterprise).with_base_url(base))
        .and_then(|workspace| workspace.with_rate_per_hour(rate))
        .map_err(|e| Failure::usage(chain(&e)))
}
