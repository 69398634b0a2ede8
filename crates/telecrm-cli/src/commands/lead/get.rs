//! `telecrm lead get`.

use std::process::ExitCode;

use telecrm_core::{GetLead, LeadId};

use crate::cli::{OutputArgs, SyncArgs};
use crate::context::Context;
use crate::failure::Failure;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The lead's ID.
    #[arg(long, value_name = "ID")]
    pub(crate) lead: String,

    /// Include a page of the lead's actions.
    #[arg(long)]
    pub(crate) include_actions: bool,

    /// Actions to skip (with --include-actions).
    #[arg(
        long,
        default_value_t = 0,
        value_name = "N",
        requires = "include_actions"
    )]
    pub(crate) skip: u64,

    /// Actions per page, 1 to 100 (with --include-actions).
    #[arg(
        long,
        default_value_t = 10,
        value_name = "N",
        requires = "include_actions"
    )]
    pub(crate) limit: u32,

    #[command(flatten)]
    pub(crate) output: OutputArgs,

    #[command(flatten)]
    pub(crate) client: SyncArgs,
}

pub(super) async fn run(context: &Context, args: &Args) -> Result<ExitCode, Failure> {
    let lead = LeadId::new(args.lead.as_str()).map_err(Failure::usage)?;
    let actions = args
        .include_actions
        .then(|| GetLead::paging(args.skip, args.limit))
        .transpose()
        .map_err(|e| Failure::usage(format!("--limit: {e}")))?;
    let mut call = GetLead::new(lead);
    call.actions = actions;
    context.print(&call).await
}
