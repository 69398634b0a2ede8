//! `telecrm lead create`: one lead from flags or JSON, or a batch from JSON
//! lines or CSV.
//!
//! A batch line whose lead already exists (the API's `409
//! LEAD_ALREADY_EXISTS` for its identifier) is reported as existing and
//! journaled, not as a failure: that is what a re-run after an interruption
//! meets for the line that was in flight, and no lead is ever created twice.

use std::process::ExitCode;

use serde_json::{Map, Value};
use telecrm_core::{CreateLead, CreatedLead, ErrorCode, NewLead};

use crate::batch::{self, Answer, Content, Prepared, Record, Settings, Stop};
use crate::cli::{GlobalArgs, LeadCreateArgs};
use crate::failure::{Failure, chain};
use crate::{input, output};

pub(super) async fn run(global: &GlobalArgs, args: &LeadCreateArgs) -> Result<ExitCode, Failure> {
    if let Some(source) = &args.batch {
        return run_batch(global, args, source).await;
    }
    let lead = match &args.body {
        Some(body) => {
            NewLead::from_json(&input::read_body(body)?).map_err(|e| Failure::usage(chain(&e)))?
        }
        None => NewLead::new(super::fields_from_args(&args.fields)?),
    };
    let client = crate::client(global)?;
    let call = CreateLead::new(lead);
    let created = output::send_and_print(&client, &call).await?;
    for reason in ignored(&created) {
        eprintln!("telecrm: ignored: {reason}");
    }
    Ok(ExitCode::SUCCESS)
}

/// What the API ignored, one line each.
fn ignored(created: &CreatedLead) -> Vec<String> {
    created
        .remarks
        .iter()
        .map(|r| format!("{}: {}", r.field, r.remark))
        .collect()
}

async fn run_batch(
    global: &GlobalArgs,
    args: &LeadCreateArgs,
    source: &str,
) -> Result<ExitCode, Failure> {
    let input = batch::source::open(source, None)?;
    let client = crate::client(global)?;
    crate::load_schema(&client).await?;
    let settings = Settings {
        concurrency: args.concurrency as usize,
        journal: args.journal.as_deref(),
        rejects: args.rejects.as_deref(),
        report_lines: true,
    };
    // Lines for the same lead (its identifier's value) go in file order.
    let identifier = global
        .lead_identifier
        .clone()
        .unwrap_or_else(|| "phone".to_owned());
    let columns = input.columns.clone();
    let prepare = |record: &Record, content: &Content, _: &Stop| {
        let refused = |key, reason| Prepared::Refused {
            key,
            context: Map::new(),
            reason,
        };
        let json = match super::rows::lead_json(columns.as_deref(), record, content) {
            Ok(json) => json,
            Err(reason) => return refused(None, reason),
        };
        let key = super::rows::identifier_key(&json, &identifier);
        let lead = match NewLead::from_json(json.as_bytes()) {
            Ok(lead) => lead,
            Err(err) => return refused(key, chain(&err)),
        };
        let client = client.clone();
        // The workspace's checks (identifier, schema) run in the send itself:
        // a refusal comes back as an input error, reported as refused.
        let task = Box::pin(async move {
            let call = CreateLead::new(lead);
            Answer::Done(match client.send_full(&call).await {
                Ok(response) => Ok(serde_json::from_slice(response.body()).unwrap_or(Value::Null)),
                Err(err)
                    if err
                        .api_error()
                        .is_some_and(|api| *api.code() == ErrorCode::LeadAlreadyExists) =>
                {
                    Ok(serde_json::json!({"existed": true}))
                }
                Err(err) => Err(err),
            })
        });
        Prepared::Send {
            key,
            context: Map::new(),
            task,
        }
    };
    batch::run_records(settings, input, prepare, |_, _| {}).await
}
