//! `telecrm team list`: one page, or `--all` of them.

use std::process::ExitCode;

use telecrm_core::ListTeamMembers;

use crate::cli::{OutputArgs, PageArgs, SyncArgs};
use crate::context::Context;
use crate::failure::Failure;
use crate::output;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Include deleted members.
    #[arg(long)]
    pub(crate) include_deleted: bool,

    #[command(flatten)]
    pub(crate) page: PageArgs,

    #[command(flatten)]
    pub(crate) output: OutputArgs,

    #[command(flatten)]
    pub(crate) client: SyncArgs,
}

pub(super) async fn run(context: &Context, args: &Args) -> Result<ExitCode, Failure> {
    let paging = ListTeamMembers::paging(args.page.skip, args.page.limit)
        .map_err(|e| Failure::usage(format!("--limit: {e}")))?;
    let list = ListTeamMembers::new()
        .with_paging(paging)
        .include_deleted(args.include_deleted);
    if !args.page.all {
        return context.print(&list).await;
    }
    output::print_all_pages(context.client()?.pages(list), context.format).await?;
    Ok(ExitCode::SUCCESS)
}
