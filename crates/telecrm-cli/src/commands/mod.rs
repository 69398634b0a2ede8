//! One module per command, each owning its options (`commands/<resource>/<op>.rs`
//! for the API's groups), so that a command's `--help` lists what applies to
//! it and nothing else.

pub(crate) mod action;
pub(crate) mod api;
pub(crate) mod completions;
pub(crate) mod config;
pub(crate) mod demo;
pub(crate) mod doctor;
pub(crate) mod lead;
pub(crate) mod man;
pub(crate) mod meta;
pub(crate) mod sandbox;
pub(crate) mod team;

use std::process::ExitCode;

use crate::cli::Command;
use crate::context::{Context, Groups};
use crate::failure::Failure;

impl Command {
    /// The shared option groups this command took, for its context.
    pub(crate) fn groups(&self) -> Groups<'_> {
        match self {
            Self::Action { command } => command.groups(),
            Self::Lead { command } => command.groups(),
            Self::Team { command } => command.groups(),
            Self::Meta { command } => command.groups(),
            Self::Doctor(args) => Groups::sync(&args.client),
            Self::Api(args) => Groups::sync(&args.client),
            Self::Sandbox(_)
            | Self::Demo
            | Self::Completions { .. }
            | Self::Man
            | Self::Config(_) => Groups::default(),
        }
    }

    pub(crate) async fn run(&self, context: &Context) -> Result<ExitCode, Failure> {
        match self {
            Self::Action { command } => command.run(context).await,
            Self::Lead { command } => command.run(context).await,
            Self::Team { command } => command.run(context).await,
            Self::Meta { command } => command.run(context).await,
            Self::Sandbox(args) => sandbox::run(args).await,
            Self::Demo => demo::run().await,
            Self::Doctor(args) => doctor::run(context, args).await,
            Self::Completions { shell } => completions::run(*shell),
            Self::Man => man::run(),
            Self::Config(args) => config::run(args),
            Self::Api(args) => api::run(context, args).await,
        }
    }
}
