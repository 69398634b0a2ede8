//! `telecrm action …`: the Actions group, one module per endpoint, each
//! owning its options.

pub(crate) mod create;
pub(crate) mod get;
pub(crate) mod search;
pub(crate) mod update;

use std::process::ExitCode;

use crate::context::{Context, Groups};
use crate::failure::Failure;

#[derive(Debug, clap::Subcommand)]
pub(crate) enum Command {
    /// Create actions on a lead (POST /enterprise/{e}/lead/{l}/action).
    ///
    /// --body takes the whole request, {"actions": [...]}.
    Create(create::Args),
    /// Read one custom or payment action (GET /enterprise/{e}/lead/{l}/action/{a}).
    Get(get::Args),
    /// Update an action (POST /enterprise/{e}/lead/{l}/action/{a}), or a batch of them.
    ///
    /// --body takes the update, {"type": ..., "fields": {...}} or {"type": "PAYMENT",
    /// "status": ...}. --batch takes one {"lead", "action", "update"} object per line
    /// (FILE, or - for stdin); lines for the same action go in file order, others
    /// concurrently. The run stops on an answer every line would get (401, 403, 404
    /// ENTERPRISE_NOT_FOUND; exit 3) and after 5 transport failures in a row (exit 4);
    /// Ctrl-C or SIGTERM finishes the requests in flight, journals them and exits 130
    /// (a second Ctrl-C exits at once). The last stdout line is {"summary": {...}}.
    Update(update::Args),
    /// Search a lead's timeline, newest first (POST /enterprise/{e}/lead/{l}/action/search).
    Search(search::Args),
}

impl Command {
    pub(crate) fn groups(&self) -> Groups<'_> {
        match self {
            Self::Create(args) => Groups::sync(&args.client)
                .output(&args.output)
                .schema(&args.schema),
            Self::Get(args) => Groups::sync(&args.client).output(&args.output),
            Self::Update(args) => Groups::sync(&args.client)
                .output(&args.output)
                .schema(&args.schema),
            Self::Search(args) => Groups::sync(&args.client).output(&args.output),
        }
    }

    pub(crate) async fn run(&self, context: &Context) -> Result<ExitCode, Failure> {
        match self {
            Self::Create(args) => create::run(context, args).await,
            Self::Get(args) => get::run(context, args).await,
            Self::Update(args) => update::run(context, args).await,
            Self::Search(args) => search::run(context, args).await,
        }
    }
}
