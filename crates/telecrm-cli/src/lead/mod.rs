//! `telecrm lead …`: the Leads group, one module per endpoint.

mod create;
mod get;
mod ingest;
mod rows;
mod search;
mod update;

use std::process::ExitCode;

use telecrm_core::LeadFields;

use crate::cli::{GlobalArgs, LeadCommand, LeadFieldArgs};
use crate::failure::Failure;
use crate::input;

pub(crate) async fn run(global: &GlobalArgs, command: &LeadCommand) -> Result<ExitCode, Failure> {
    match command {
        LeadCommand::Create(args) => create::run(global, args).await,
        LeadCommand::Get(args) => get::run(global, args).await,
        LeadCommand::Update(args) => update::run(global, args).await,
        LeadCommand::Search(args) => search::run(global, args).await,
        LeadCommand::Ingest(args) => ingest::run(global, args).await,
    }
}

/// `--field` and `--field-json` as lead fields, each checked.
fn fields_from_args(args: &LeadFieldArgs) -> Result<LeadFields, Failure> {
    let mut fields = LeadFields::new();
    for (key, value) in input::fields_from_args(&args.fields, &args.field_json)? {
        fields.insert(key, value).map_err(Failure::usage)?;
    }
    Ok(fields)
}
