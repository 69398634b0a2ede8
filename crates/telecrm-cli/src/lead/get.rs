//! `telecrm lead get`.

use std::process::ExitCode;

use telecrm_core::{GetLead, LeadId};

use crate::cli::{GlobalArgs, LeadGetArgs};
use crate::failure::Failure;
use crate::output;

pub(super) async fn run(global: &GlobalArgs, args: &LeadGetArgs) -> Result<ExitCode, Failure> {
    let lead = LeadId::new(args.lead.as_str()).map_err(Failure::usage)?;
    let actions = args
        .include_actions
        .then(|| GetLead::paging(args.skip, args.limit))
        .transpose()
        .map_err(|e| Failure::usage(format!("--limit: {e}")))?;
    let client = crate::client(global)?;
    let mut call = GetLead::new(lead);
    call.actions = actions;
    output::send_and_print(&client, &call).await?;
    Ok(ExitCode::SUCCESS)
}
