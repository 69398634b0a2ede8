//! `telecrm team get`: one member by email.

use std::process::ExitCode;

use telecrm_core::GetTeamMember;
use telecrm_core::field::Email;

use crate::cli::{OutputArgs, SyncArgs};
use crate::context::Context;
use crate::failure::Failure;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The member's email.
    #[arg(long)]
    pub(crate) email: String,

    /// Return a deleted member too.
    #[arg(long)]
    pub(crate) include_deleted: bool,

    #[command(flatten)]
    pub(crate) output: OutputArgs,

    #[command(flatten)]
    pub(crate) client: SyncArgs,
}

pub(super) async fn run(context: &Context, args: &Args) -> Result<ExitCode, Failure> {
    let email: Email = args.email.parse().map_err(Failure::usage)?;
    let get = GetTeamMember::new(email).include_deleted(args.include_deleted);
    context.print(&get).await
}
