//! `telecrm lead update`.

use std::process::ExitCode;

use serde_json::Value;
use telecrm_core::{LeadFields, LeadId, UpdateLead};

use crate::cli::{BodyArgs, FieldArgs, IdentifierArgs, OutputArgs, SchemaArgs, SyncArgs};
use crate::context::Context;
use crate::failure::{Failure, chain};
use crate::input;

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["fields", "field_json", "body"]).multiple(true)))]
pub(crate) struct Args {
    /// The lead's ID.
    #[arg(long, value_name = "ID")]
    pub(crate) lead: String,

    #[command(flatten)]
    pub(crate) fields: FieldArgs,

    #[command(flatten)]
    pub(crate) body: BodyArgs,

    #[command(flatten)]
    pub(crate) output: OutputArgs,

    #[command(flatten)]
    pub(crate) identifier: IdentifierArgs,

    #[command(flatten)]
    pub(crate) schema: SchemaArgs,

    #[command(flatten)]
    pub(crate) client: SyncArgs,
}

pub(super) async fn run(context: &Context, args: &Args) -> Result<ExitCode, Failure> {
    let fields = match &args.body.body {
        Some(body) => {
            let bytes = input::read_body(body)?;
            let value: Value = serde_json::from_slice(&bytes)
                .map_err(|e| Failure::usage(format!("--body is not valid JSON: {e}")))?;
            let Value::Object(mut object) = value else {
                return Err(Failure::usage("--body must be {\"fields\": {...}}"));
            };
            let fields = object
                .remove("fields")
                .ok_or_else(|| Failure::usage("--body must be {\"fields\": {...}}"))?;
            if let Some(key) = object.keys().next() {
                return Err(Failure::usage(format!(
                    "--body: unknown key `{key}` (allowed: `fields`)"
                )));
            }
            LeadFields::from_value(fields).map_err(|e| Failure::usage(chain(&e)))?
        }
        None => super::fields_from_args(&args.fields)?,
    };
    let lead = LeadId::new(args.lead.as_str()).map_err(Failure::usage)?;
    let call = UpdateLead::new(lead, fields).map_err(Failure::usage)?;
    context.print(&call).await
}
