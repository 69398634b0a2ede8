//! `telecrm meta fields`: every field definition.

use std::process::ExitCode;

use telecrm_core::ListCustomFields;

use crate::cli::{OutputArgs, SyncArgs};
use crate::context::Context;
use crate::failure::Failure;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The detailed shape (IDs, descriptions, options with IDs).
    #[arg(long)]
    pub(crate) detail: bool,

    #[command(flatten)]
    pub(crate) output: OutputArgs,

    #[command(flatten)]
    pub(crate) client: SyncArgs,
}

pub(super) async fn run(context: &Context, args: &Args) -> Result<ExitCode, Failure> {
    context
        .print(&ListCustomFields::new().detail(args.detail))
        .await
}
