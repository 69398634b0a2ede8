//! `telecrm`: the TeleCRM API from the command line.
//!
//! `main` reads the command line (options written before the command are
//! moved after it, see [`cli::hoist`]), builds the one [`Context`] from the
//! option groups the command took, and runs the command. Each command lives
//! in its own module under `commands/`, grouped as the API's documents group
//! the endpoints. See `telecrm --help` and the README.

mod batch;
mod cli;
mod commands;
mod config;
mod context;
mod failure;
mod input;
mod output;
mod render;
mod verbose;

use std::process::ExitCode;

use clap::{ArgMatches, CommandFactory, FromArgMatches};

use crate::cli::Cli;
use crate::context::Context;
use crate::failure::Failure;

fn main() -> ExitCode {
    let command = Cli::command();
    let args = cli::hoist(&command, std::env::args_os().collect());
    let matches = command.get_matches_from(args);
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(err) => err.exit(),
    };
    let context = match Context::new(cli.command.groups(), leaf(&matches)) {
        Ok(context) => context,
        Err(failure) => return failure.exit(),
    };
    let attempts = context.connection.as_ref().map_or(1, |c| c.attempts);
    verbose::init(context.verbose(), attempts);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => return Failure::Transport(format!("cannot start the runtime: {err}")).exit(),
    };
    match runtime.block_on(cli.command.run(&context)) {
        Ok(code) => code,
        Err(failure) => failure.exit(),
    }
}

/// The matches of the command that runs (the deepest subcommand), where its
/// options are.
fn leaf(matches: &ArgMatches) -> &ArgMatches {
    let mut leaf = matches;
    while let Some((_, sub)) = leaf.subcommand() {
        leaf = sub;
    }
    leaf
}
