//! `telecrm completions SHELL` and `telecrm man`: generated from the same
//! clap definitions as `--help`, so they cannot disagree with it.

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;

use crate::cli::Cli;
use crate::failure::Failure;

/// Writes the completion script for `shell` to stdout.
pub(crate) fn completions(shell: clap_complete::Shell) -> Result<ExitCode, Failure> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "telecrm", &mut out);
    write_out(&out)
}

/// Writes the manual page, in roff, to stdout.
pub(crate) fn man() -> Result<ExitCode, Failure> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(|e| Failure::Transport(format!("cannot render the manual: {e}")))?;
    write_out(&out)
}

fn write_out(bytes: &[u8]) -> Result<ExitCode, Failure> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .map_err(|e| Failure::Transport(format!("cannot write stdout: {e}")))?;
    Ok(ExitCode::SUCCESS)
}
