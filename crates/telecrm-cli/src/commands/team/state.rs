//! `telecrm team state`: a member's availability.

use std::process::ExitCode;

use telecrm_core::field::Email;
use telecrm_core::{Availability, SetAvailability};

use crate::cli::{OutputArgs, SyncArgs};
use crate::context::Context;
use crate::failure::Failure;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The member's email.
    #[arg(long)]
    pub(crate) email: String,

    /// Active, Inactive, "On Leave" or Working.
    #[arg(long)]
    pub(crate) state: String,

    #[command(flatten)]
    pub(crate) output: OutputArgs,

    #[command(flatten)]
    pub(crate) client: SyncArgs,
}

pub(super) async fn run(context: &Context, args: &Args) -> Result<ExitCode, Failure> {
    let email: Email = args.email.parse().map_err(Failure::usage)?;
    let state: Availability = args.state.parse().map_err(Failure::usage)?;
    context.print(&SetAvailability::new(email, state)).await
}
