//! `telecrm meta enterprise`: the workspace's metadata.

use std::process::ExitCode;

use telecrm_core::GetMetadata;

use crate::cli::{OutputArgs, SyncArgs};
use crate::context::Context;
use crate::failure::Failure;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    pub(crate) output: OutputArgs,

    #[command(flatten)]
    pub(crate) client: SyncArgs,
}

pub(super) async fn run(context: &Context, _: &Args) -> Result<ExitCode, Failure> {
    context.print(&GetMetadata::new()).await
}
