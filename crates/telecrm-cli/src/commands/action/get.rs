//! `telecrm action get`: one custom or payment action.

use std::process::ExitCode;

use telecrm_core::GetAction;

use crate::cli::{OutputArgs, SyncArgs};
use crate::context::{Context, lead_and_action};
use crate::failure::Failure;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The lead's ID.
    #[arg(long, value_name = "ID")]
    pub(crate) lead: String,

    /// The action's ID.
    #[arg(long, value_name = "ID")]
    pub(crate) action: String,

    #[command(flatten)]
    pub(crate) output: OutputArgs,

    #[command(flatten)]
    pub(crate) client: SyncArgs,
}

pub(super) async fn run(context: &Context, args: &Args) -> Result<ExitCode, Failure> {
    let (lead, action) = lead_and_action(&args.lead, &args.action)?;
    context.print(&GetAction::new(lead, action)).await
}
