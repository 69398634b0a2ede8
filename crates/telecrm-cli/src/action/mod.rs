//! `telecrm action …`: the Actions group, one module per endpoint.

mod create;
mod get;
mod search;
mod update;

use std::process::ExitCode;

use crate::batch;
use crate::cli::{ActionCommand, GlobalArgs};
use crate::failure::Failure;

pub(crate) async fn run(global: &GlobalArgs, command: &ActionCommand) -> Result<ExitCode, Failure> {
    match command {
        ActionCommand::Create(args) => create::run(global, args).await,
        ActionCommand::Get(args) => get::run(global, args).await,
        ActionCommand::Update(args) if args.batch.is_some() => batch::run(global, args).await,
        ActionCommand::Update(args) => update::run(global, args).await,
        ActionCommand::Search(args) => search::run(global, args).await,
    }
}
