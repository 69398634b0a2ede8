//! `telecrm meta …`: the Enterprise metadata group.

use std::process::ExitCode;

use telecrm_core::{
    CustomActionCode, GetCustomAction, GetCustomField, GetMetadata, GetPipeline, ListCustomActions,
    ListCustomFields,
};

use crate::cli::{GlobalArgs, MetaCommand};
use crate::failure::Failure;
use crate::output;

pub(crate) async fn run(global: &GlobalArgs, command: &MetaCommand) -> Result<ExitCode, Failure> {
    // Checked before the client exists, as everywhere.
    let code = match command {
        MetaCommand::Action { code } => {
            Some(code.parse::<CustomActionCode>().map_err(Failure::usage)?)
        }
        MetaCommand::Field { name } if name.is_empty() => {
            return Err(Failure::usage("the field's API name must not be empty"));
        }
        _ => None,
    };
    let client = crate::client(global)?;
    match command {
        MetaCommand::Enterprise => output::send_and_print(&client, &GetMetadata::new())
            .await
            .map(drop),
        MetaCommand::Fields { detail } => {
            let list = ListCustomFields::new().detail(*detail);
            output::send_and_print(&client, &list).await.map(drop)
        }
        MetaCommand::Field { name } => {
            output::send_and_print(&client, &GetCustomField::new(name.as_str()))
                .await
                .map(drop)
        }
        MetaCommand::Actions { detail } => {
            let list = ListCustomActions::new().detail(*detail);
            output::send_and_print(&client, &list).await.map(drop)
        }
        MetaCommand::Action { .. } => {
            let code = code.ok_or_else(|| Failure::usage("a custom action code is required"))?;
            output::send_and_print(&client, &GetCustomAction::new(code))
                .await
                .map(drop)
        }
        MetaCommand::Pipeline => output::send_and_print(&client, &GetPipeline::new())
            .await
            .map(drop),
    }?;
    Ok(ExitCode::SUCCESS)
}
