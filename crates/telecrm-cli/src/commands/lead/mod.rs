//! `telecrm lead …`: the Leads group, one module per endpoint, each owning
//! its options.

pub(crate) mod create;
pub(crate) mod get;
pub(crate) mod ingest;
pub(crate) mod search;
pub(crate) mod update;

use std::process::ExitCode;

use telecrm_core::LeadFields;

use crate::cli::FieldArgs;
use crate::context::{Context, Groups};
use crate::failure::Failure;
use crate::input;

#[derive(Debug, clap::Subcommand)]
pub(crate) enum Command {
    /// Create a lead, or a batch of them (POST /enterprise/{e}/lead).
    ///
    /// --body takes the whole lead, {"fields": {...}, "actions": [...]}. --batch
    /// takes JSON lines of {"fields", "actions"}, or CSV with a header row of
    /// field API names (a `:json` suffix reads that column's cells as JSON).
    /// Lines for the same lead (its identifier's value) go in file order, others
    /// concurrently; a lead that already exists is reported as existing, never
    /// created twice. The run stops on an answer every line would get (401,
    /// 403, 404 ENTERPRISE_NOT_FOUND; exit 3) and after 5 transport failures in
    /// a row (exit 4); Ctrl-C or SIGTERM finishes the requests in flight,
    /// journals them and exits 130 (a second Ctrl-C exits at once). The last
    /// stdout line is {"summary": {...}}.
    Create(create::Args),
    /// Read a lead, optionally with a page of its actions (GET /enterprise/{e}/lead/{l}).
    Get(get::Args),
    /// Change some of a lead's fields (POST /enterprise/{e}/lead/{l}).
    ///
    /// --body takes the update, {"fields": {...}}.
    Update(update::Args),
    /// Search leads, newest first (POST /enterprise/{e}/lead/search).
    ///
    /// --body takes the whole filter, {"fields": {...}, "actions": {...}}.
    Search(search::Args),
    /// Push leads through the Async API at its rate limit, resumable
    /// (POST next-api.telecrm.in/enterprise/{e}/autoupdatelead).
    ///
    /// Lines for the same lead (its identifier's value) go in file order, others
    /// concurrently. The run stops on an answer every line would get (401,
    /// 403, 404 ENTERPRISE_NOT_FOUND; exit 3) and after 5 transport failures
    /// in a row (exit 4); Ctrl-C or SIGTERM finishes the requests in flight,
    /// journals them and exits 130 (a second Ctrl-C exits at once). The last
    /// stdout line is {"summary": {...}}.
    Ingest(ingest::Args),
}

impl Command {
    pub(crate) fn groups(&self) -> Groups<'_> {
        match self {
            Self::Create(args) => Groups::sync(&args.client)
                .output(&args.output)
                .identifier(&args.identifier)
                .schema(&args.schema),
            Self::Get(args) => Groups::sync(&args.client).output(&args.output),
            Self::Update(args) => Groups::sync(&args.client)
                .output(&args.output)
                .identifier(&args.identifier)
                .schema(&args.schema),
            Self::Search(args) => Groups::sync(&args.client).output(&args.output),
            Self::Ingest(args) => Groups::connection(&args.connection).identifier(&args.identifier),
        }
    }

    pub(crate) async fn run(&self, context: &Context) -> Result<ExitCode, Failure> {
        match self {
            Self::Create(args) => create::run(context, args).await,
            Self::Get(args) => get::run(context, args).await,
            Self::Update(args) => update::run(context, args).await,
            Self::Search(args) => search::run(context, args).await,
            Self::Ingest(args) => ingest::run(context, args).await,
        }
    }
}

/// `--field` and `--field-json` as lead fields, each checked.
fn fields_from_args(args: &FieldArgs) -> Result<LeadFields, Failure> {
    let mut fields = LeadFields::new();
    for (key, value) in input::fields_from_args(&args.fields, &args.field_json)? {
        fields.insert(key, value).map_err(Failure::usage)?;
    }
    Ok(fields)
}
