//! `telecrm man`: the manual page in roff, generated from the same clap
//! definitions as `--help`, so it cannot disagree with it.
//!
//! Options belong to the commands that take them, so the page has the
//! program's sections and then one section per command (`TELECRM LEAD
//! CREATE`), with that command's synopsis, description and options.

use std::process::ExitCode;

use clap::CommandFactory;
use clap_mangen::Man;

use crate::cli::Cli;
use crate::failure::Failure;

/// Writes the manual page to stdout.
pub(crate) fn run() -> Result<ExitCode, Failure> {
    let page =
        render().map_err(|e| Failure::Transport(format!("cannot render the manual: {e}")))?;
    crate::output::write_stdout(&page)
}

fn render() -> std::io::Result<Vec<u8>> {
    let mut command = Cli::command();
    // Built, so that each command knows its full name (`telecrm lead create`).
    command.build();
    let man = Man::new(command.clone());
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    man.render_subcommands_section(&mut out)?;
    let mut leaves = Vec::new();
    collect_leaves(&command, &mut leaves);
    for leaf in leaves {
        let name = leaf
            .get_display_name()
            .unwrap_or_else(|| leaf.get_name())
            .replace('-', " ")
            .to_uppercase();
        out.extend_from_slice(format!(".SH \"{name}\"\n").as_bytes());
        let man = Man::new(leaf.clone());
        let mut section = Vec::new();
        man.render_synopsis_section(&mut section)?;
        man.render_description_section(&mut section)?;
        man.render_options_section(&mut section)?;
        // The command's parts are subsections of its section.
        let text = String::from_utf8_lossy(&section).replace("\n.SH ", "\n.SS ");
        let text = text
            .strip_prefix(".SH ")
            .map_or(text.clone(), |rest| format!(".SS {rest}"));
        out.extend_from_slice(text.as_bytes());
    }
    man.render_version_section(&mut out)?;
    Ok(out)
}

/// Every command that runs (has no subcommands of its own), in order.
fn collect_leaves<'a>(command: &'a clap::Command, leaves: &mut Vec<&'a clap::Command>) {
    for sub in command.get_subcommands() {
        if sub.get_name() == "help" {
            continue;
        }
        if sub.get_subcommands().any(|s| s.get_name() != "help") {
            collect_leaves(sub, leaves);
        } else {
            leaves.push(sub);
        }
    }
}
