//! `telecrm man`: the manual page in roff, generated from the same clap
//! definitions as `--help`, so it cannot disagree with it.

use std::process::ExitCode;

use clap::CommandFactory;

use crate::cli::Cli;
use crate::failure::Failure;

/// Writes the manual page to stdout.
pub(crate) fn run() -> Result<ExitCode, Failure> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(|e| Failure::Transport(format!("cannot render the manual: {e}")))?;
    crate::output::write_stdout(&out)
}
