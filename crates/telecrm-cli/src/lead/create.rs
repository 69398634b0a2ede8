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

use crate::batch::{self, Item, Settings};
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
    let text = batch::read_input(source)?;
    let lines = super::rows::read(source, &text)?
        .rows
        .into_iter()
        .map(|row| (row.number, row.json))
        .collect();
    let client = crate::client(global)?;
    crate::load_schema(&client).await?;
    let settings = Settings {
        concurrency: args.concurrency as usize,
        journal: args.journal.as_deref(),
    };
    batch::run_lines(settings, lines, |_, raw| {
        let invalid = |failure| Item::Invalid {
            context: Map::new(),
            failure,
        };
        let lead = match NewLead::from_json(raw.as_bytes()) {
            Ok(lead) => lead,
            Err(err) => return invalid(Failure::usage(chain(&err))),
        };
        let client = client.clone();
        // The workspace's checks (identifier, schema) run in the send itself:
        // a refusal comes back as an input error, reported as invalid.
        let task = Box::pin(async move {
            let call = CreateLead::new(lead);
            match client.send_full(&call).await {
                Ok(response) => Ok(serde_json::from_slice(response.body()).unwrap_or(Value::Null)),
                Err(err)
                    if err
                        .api_error()
                        .is_some_and(|api| *api.code() == ErrorCode::LeadAlreadyExists) =>
                {
                    Ok(serde_json::json!({"existed": true}))
                }
                Err(err) => Err(Failure::from_call(&err)),
            }
        });
        Item::Send {
            context: Map::new(),
            task,
        }
    })
    .await
}
