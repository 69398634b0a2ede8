//! `telecrm team …`: the Team members group, one module per endpoint, each
//! owning its options.

pub(crate) mod create;
pub(crate) mod get;
pub(crate) mod list;
pub(crate) mod state;

use std::process::ExitCode;

use crate::context::{Context, Groups};
use crate::failure::Failure;

#[derive(Debug, clap::Subcommand)]
pub(crate) enum Command {
    /// List team members, sorted by name (GET /enterprise/{e}/team-members).
    List(list::Args),
    /// Add a team member (POST /enterprise/{e}/team-members).
    Create(create::Args),
    /// Read a team member by email (GET /enterprise/{e}/team-members/{email}).
    Get(get::Args),
    /// Set availability (POST /enterprise/{e}/teammember/state_change).
    State(state::Args),
}

impl Command {
    pub(crate) fn groups(&self) -> Groups<'_> {
        match self {
            Self::List(args) => Groups::sync(&args.client).output(&args.output),
            Self::Create(args) => Groups::sync(&args.client).output(&args.output),
            Self::Get(args) => Groups::sync(&args.client).output(&args.output),
            Self::State(args) => Groups::sync(&args.client).output(&args.output),
        }
    }

    pub(crate) async fn run(&self, context: &Context) -> Result<ExitCode, Failure> {
        match self {
            Self::List(args) => list::run(context, args).await,
            Self::Create(args) => create::run(context, args).await,
            Self::Get(args) => get::run(context, args).await,
            Self::State(args) => state::run(context, args).await,
        }
    }
}
