//! `telecrm lead update`.

use std::process::ExitCode;

use serde_json::Value;
use telecrm_core::{LeadFields, LeadId, UpdateLead};

use crate::cli::{GlobalArgs, LeadUpdateArgs};
use crate::failure::{Failure, chain};
use crate::{input, output};

pub(super) async fn run(global: &GlobalArgs, args: &LeadUpdateArgs) -> Result<ExitCode, Failure> {
    let fields = match &args.body {
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
    let client = crate::client(global)?;
    let call = UpdateLead::new(lead, fields).map_err(Failure::usage)?;
    output::send_and_print(&client, &call).await?;
    Ok(ExitCode::SUCCESS)
}
