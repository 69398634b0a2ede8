//! `telecrm meta …`: the Enterprise metadata group, one module per
//! endpoint, each owning its options.

pub(crate) mod action;
pub(crate) mod actions;
pub(crate) mod enterprise;
pub(crate) mod field;
pub(crate) mod fields;
pub(crate) mod pipeline;

use std::process::ExitCode;

use crate::context::{Context, Groups};
use crate::failure::Failure;

#[derive(Debug, clap::Subcommand)]
pub(crate) enum Command {
    /// The workspace's metadata (GET /enterprise/{e}/metadata).
    Enterprise(enterprise::Args),
    /// Every field definition (GET /enterprise/{e}/custom-fields).
    Fields(fields::Args),
    /// One field by API name, case-sensitive (GET /enterprise/{e}/custom-fields/{name}).
    Field(field::Args),
    /// Every custom action (GET /enterprise/{e}/custom-actions).
    Actions(actions::Args),
    /// One custom action by code, 1001 or ACTION_1001 (GET /enterprise/{e}/custom-actions/{code}).
    Action(action::Args),
    /// The lead stage pipeline (GET /enterprise/{e}/lead-stage-pipeline).
    Pipeline(pipeline::Args),
}

impl Command {
    pub(crate) fn groups(&self) -> Groups<'_> {
        let (client, output) = match self {
            Self::Enterprise(args) => (&args.client, &args.output),
            Self::Fields(args) => (&args.client, &args.output),
            Self::Field(args) => (&args.client, &args.output),
            Self::Actions(args) => (&args.client, &args.output),
            Self::Action(args) => (&args.client, &args.output),
            Self::Pipeline(args) => (&args.client, &args.output),
        };
        Groups::sync(client).output(output)
    }

    pub(crate) async fn run(&self, context: &Context) -> Result<ExitCode, Failure> {
        match self {
            Self::Enterprise(args) => enterprise::run(context, args).await,
            Self::Fields(args) => fields::run(context, args).await,
            Self::Field(args) => field::run(context, args).await,
            Self::Actions(args) => actions::run(context, args).await,
            Self::Action(args) => action::run(context, args).await,
            Self::Pipeline(args) => pipeline::run(context, args).await,
        }
    }
}
