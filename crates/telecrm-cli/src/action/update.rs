//! `telecrm action update`: one update (batches are in `batch.rs`).

use std::process::ExitCode;

use telecrm_core::UpdateAction;

use crate::cli::{GlobalArgs, UpdateArgs};
use crate::failure::Failure;
use crate::{input, output};

pub(super) async fn run(global: &GlobalArgs, args: &UpdateArgs) -> Result<ExitCode, Failure> {
    // Everything is checked before the client exists, let alone a connection.
    let update = input::update_from_args(args)?;
    let (lead, action) = crate::lead_and_action(
        args.lead.as_deref().unwrap_or_default(),
        args.action.as_deref().unwrap_or_default(),
    )?;
    let client = crate::client(global)?;
    let call = UpdateAction::new(lead, action, update);
    output::send_and_print(&client, &call).await?;
    Ok(ExitCode::SUCCESS)
}
