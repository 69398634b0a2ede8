//! `telecrm meta field`: one field by API name.

use std::process::ExitCode;

use telecrm_core::GetCustomField;

use crate::cli::{OutputArgs, SyncArgs};
use crate::context::Context;
use crate::failure::Failure;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The field's API name.
    pub(crate) name: String,

    #[command(flatten)]
    pub(crate) output: OutputArgs,

    #[command(flatten)]
    pub(crate) client: SyncArgs,
}

pub(super) async fn run(context: &Context, args: &Args) -> Result<ExitCode, Failure> {
    if args.name.is_empty() {
        return Err(Failure::usage("the field's API name must not be empty"));
    }
    context
        .print(&GetCustomField::new(args.name.as_str()))
        .await
}
