//! `telecrm meta actions`: every custom action.

use std::process::ExitCode;

use telecrm_core::ListCustomActions;

use crate::cli::{OutputArgs, SyncArgs};
use crate::context::Context;
use crate::failure::Failure;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The detailed shape (field schemas, timestamps).
    #[arg(long)]
    pub(crate) detail: bool,

    #[command(flatten)]
    pub(crate) output: OutputArgs,

    #[command(flatten)]
    pub(crate) client: SyncArgs,
}

pub(super) async fn run(context: &Context, args: &Args) -> Result<ExitCode, Failure> {
    context
        .print(&ListCustomActions::new().detail(args.detail))
        .await
}
