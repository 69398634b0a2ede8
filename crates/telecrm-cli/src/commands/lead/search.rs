//! `telecrm lead search`: one page as the API wrote it, or `--all` pages as
//! one JSON item per line.

use std::process::ExitCode;

use serde_json::Value;
use telecrm_core::{LeadFilter, LeadQuery, SearchLeads};

use crate::cli::{BodyArgs, FieldArgs, OutputArgs, PageArgs, SyncArgs};
use crate::context::Context;
use crate::failure::{Failure, chain};
use crate::{input, output};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    pub(crate) fields: FieldArgs,

    #[command(flatten)]
    pub(crate) body: BodyArgs,

    #[command(flatten)]
    pub(crate) page: PageArgs,

    #[command(flatten)]
    pub(crate) output: OutputArgs,

    #[command(flatten)]
    pub(crate) client: SyncArgs,
}

pub(super) async fn run(context: &Context, args: &Args) -> Result<ExitCode, Failure> {
    let query: LeadQuery = match &args.body.body {
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
    let paging = SearchLeads::paging(args.page.skip, args.page.limit)
        .map_err(|e| Failure::usage(format!("--limit: {e}")))?;
    let search = SearchLeads::new(query).with_paging(paging);
    if !args.page.all {
        return context.print(&search).await;
    }
    output::print_all_pages(context.client()?.pages(search), context.format).await?;
    Ok(ExitCode::SUCCESS)
}
