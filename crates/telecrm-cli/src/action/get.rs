//! `telecrm action get`: one custom or payment action.

use std::process::ExitCode;

use telecrm_core::GetAction;

use crate::cli::{GetArgs, GlobalArgs};
use crate::failure::Failure;
use crate::output;

pub(super) async fn run(global: &GlobalArgs, args: &GetArgs) -> Result<ExitCode, Failure> {
    let (lead, action) = crate::lead_and_action(&args.lead, &args.action)?;
    let client = crate::client(global)?;
    let call = GetAction::new(lead, action);
    output::send_and_print(&client, &call).await?;
    Ok(ExitCode::SUCCESS)
}
