//! `action update --batch`: one `{"lead", "action", "update"}` per line;
//! lines for the same action go in file order.

use std::process::ExitCode;

use serde::Deserialize;
use serde_json::{Map, Value};
use telecrm_core::{ActionId, ActionUpdate, LeadId, UpdateAction};

use super::{Answer, Content, Prepared, Record, Settings, Stop};
use crate::cli::{GlobalArgs, UpdateArgs};
use crate::failure::Failure;

/// One line of an `action update` batch.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UpdateLine {
    lead: LeadId,
    action: ActionId,
    update: ActionUpdate,
}

pub(crate) async fn run(global: &GlobalArgs, args: &UpdateArgs) -> Result<ExitCode, Failure> {
    let source = args.batch.as_deref().unwrap_or("-");
    let input = super::source::open(source, Some(false))?;
    let client = crate::client(global)?;
    crate::load_schema(&client).await?;
    let settings = Settings {
        concurrency: args.concurrency as usize,
        journal: args.journal.as_deref(),
        rejects: args.rejects.as_deref(),
        report_lines: true,
    };
    let prepare =
        |record: &Record, _: &Content, _: &Stop| {
            let raw = record.text.as_str();
            let line: UpdateLine = match serde_json::from_str(raw) {
                Ok(line) => line,
                Err(err) => {
                    // The IDs, where the line is JSON enough to have them.
                    let ids: Value = serde_json::from_str(raw).unwrap_or(Value::Null);
                    let id = |name: &str| ids.get(name).cloned().unwrap_or(Value::Null);
                    let key = match (id("lead"), id("action")) {
                        (Value::String(lead), Value::String(action)) => {
                            Some(format!("{lead}/{action}"))
                        }
                        _ => None,
                    };
                    let mut context = Map::new();
                    context.insert("lead".into(), id("lead"));
                    context.insert("action".into(), id("action"));
                    return Prepared::Refused {
                        key,
                        context,
                        reason: err.to_string(),
                    };
                }
            };
            let mut context = Map::new();
            context.insert("lead".into(), line.lead.as_str().into());
            context.insert("action".into(), line.action.as_str().into());
            let key = Some(format!("{}/{}", line.lead.as_str(), line.action.as_str()));
            let client = client.clone();
            // The schema check runs in the send itself (the one door); a refusal
            // comes back as an input error, reported as refused.
            let task =
                Box::pin(async move {
                    let call = UpdateAction::new(line.lead, line.action, line.update);
                    Answer::Done(client.send_full(&call).await.map(|response| {
                        serde_json::from_slice(response.body()).unwrap_or(Value::Null)
                    }))
                });
            Prepared::Send { key, context, task }
        };
    super::run_records(settings, input, prepare, |_, _| {}).await
}
