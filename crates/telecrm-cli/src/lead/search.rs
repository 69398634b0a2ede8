//! `telecrm lead search`: one page as the API wrote it, or `--all` pages as
//! one JSON item per line.

use std::process::ExitCode;

use serde_json::Value;
use telecrm_core::{LeadFilter, LeadQuery, SearchLeads};

use crate::cli::{GlobalArgs, LeadSearchArgs};
use crate::failure::{Failure, chain};
use crate::{input, output};

pub(super) async fn run(global: &GlobalArgs, args: &LeadSearchArgs) -> Result<ExitCode, Failure> {
    let query: LeadQuery = match &args.body {
        Some(body) => {
            let bytes = input::read_body(body)?;
            let value: Value = serde_json::from_slice(&bytes)
                .map_err(|e| Failure::usage(format!("--body is not valid JSON: {e}")))?;
            LeadFilter::from_value(value)
                .map_err(|e| Failure::usage(chain(&e)))?
                .into()
        }
        None => {
            let mut filter = LeadFilter::new();
            for (key, value) in
                input::fields_from_args(&args.fields.fields, &args.fields.field_json)?
            {
                filter = filter.with_field(key, value).map_err(Failure::usage)?;
            }
            filter.into()
        }
    };
    let paging = SearchLeads::paging(args.skip, args.limit)
        .map_err(|e| Failure::usage(format!("--limit: {e}")))?;
    let client = crate::client(global)?;
    let search = SearchLeads::new(query).with_paging(paging);
    if args.all {
        output::print_all_pages(client.pages(search)).await?;
    } else {
        output::send_and_print(&client, &search).await?;
    }
    Ok(ExitCode::SUCCESS)
}
