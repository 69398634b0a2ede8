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
use crate::cli::{
    BatchArgs, BodyArgs, FieldArgs, IdentifierArgs, OutputArgs, SchemaArgs, SyncArgs,
};
use crate::context::Context;
use crate::failure::{Failure, chain};
use crate::input;

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["fields", "field_json", "body", "batch"]).multiple(true)))]
pub(crate) struct Args {
    #[command(flatten)]
    pub(crate) fields: FieldArgs,

    #[command(flatten)]
    pub(crate) body: BodyArgs,

    #[command(flatten)]
    pub(crate) output: OutputArgs,

    #[command(flatten)]
    pub(crate) batch: BatchArgs,

    #[command(flatten)]
    pub(crate) identifier: IdentifierArgs,

    #[command(flatten)]
    pub(crate) schema: SchemaArgs,

    #[command(flatten)]
    pub(crate) client: SyncArgs,
}

pub(super) async fn run(context: &Context, args: &Args) -> Result<ExitCode, Failure> {
    if let Some(source) = &args.batch.batch {
        if !args.fields.fields.is_empty() || !args.fields.field_json.is_empty() {
            return Err(Failure::usage(
                "--batch takes every lead from its file: drop --field and --field-json",
            ));
        }
        return run_batch(context, &args.batch, source).await;
    }
    let lead = match &args.body.body {
        Some(body) => {
            NewLead::from_json(&input::read_body(body)?).map_err(|e| Failure::usage(chain(&e)))?
        }
        None => NewLead::new(super::fields_from_args(&args.fields)?),
    };
    let created = context.send_and_print(&CreateLead::new(lead)).await?;
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
    context: &Context,
    batch: &BatchArgs,
    source: &str,
) -> Result<ExitCode, Failure> {
    let input = batch::source::open(source, None)?;
    let client = context.checked_client().await?;
    let settings = Settings::from_args(batch, true);
    // Lines for the same lead (its identifier's value) go in file order.
    let identifier = context
        .lead_identifier
        .clone()
        .unwrap_or_else(|| "phone".to_owned());
    let columns = input.columns().map(<[String]>::to_vec);
    let prepare = |record: &Record, content: &Content, _: &Stop| {
        let refused = |key, reason| Prepared::refused(key, Map::new(), reason);
        let json = match telecrm_batch::rows::lead_json(columns.as_deref(), record, content) {
            Ok(json) => json,
            Err(reason) => return refused(None, reason),
        };
        let key = telecrm_batch::rows::identifier_key(&json, &identifier);
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
        Prepared::send(key, Map::new(), task)
    };
    batch::run_records(settings, input, prepare, |_, _| {}).await
}
