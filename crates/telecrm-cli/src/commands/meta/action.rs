//! `telecrm meta action`: one custom action by code.

use std::process::ExitCode;

use telecrm_core::{CustomActionCode, GetCustomAction};

use crate::cli::{OutputArgs, SyncArgs};
use crate::context::Context;
use crate::failure::Failure;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The action's code.
    pub(crate) code: String,

    #[command(flatten)]
    pub(crate) output: OutputArgs,

    #[command(flatten)]
    pub(crate) client: SyncArgs,
}

pub(super) async fn run(context: &Context, args: &Args) -> Result<ExitCode, Failure> {
    let code: CustomActionCode = args.code.parse().map_err(Failure::usage)?;
    context.print(&GetCustomAction::new(code)).await
}
