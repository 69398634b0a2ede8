//! `telecrm completions SHELL`: generated from the same clap definitions as
//! `--help`, so it cannot disagree with it.

use std::process::ExitCode;

use clap::CommandFactory;

use crate::cli::Cli;
use crate::failure::Failure;

/// Writes the completion script for `shell` to stdout.
pub(crate) fn run(shell: clap_complete::Shell) -> Result<ExitCode, Failure> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "telecrm", &mut out);
    crate::output::write_stdout(&out)
}
