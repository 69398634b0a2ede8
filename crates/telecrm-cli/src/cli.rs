//! The command line as clap reads it: the commands, and the option groups
//! several commands share. Each command's own options live in its module
//! under `commands/`; a command flattens only the groups that apply to it, so
//! its `--help` lists nothing it would ignore.

use std::ffi::OsString;

use clap::{Args, Parser, Subcommand};

use crate::commands::{action, api, config, doctor, lead, meta, sandbox, team};

/// Work with TeleCRM from the command line: leads, actions, team members,
/// the workspace's metadata and the Async API.
///
/// Exit codes: 0 success; 2 usage error or refused before sending; 3 the API
/// refused the request (4xx); 4 transport failure, timeout, 5xx after retries, or
/// an answer that could not be understood.
#[derive(Debug, Parser)]
#[command(name = "telecrm", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Work with actions on a lead's timeline.
    Action {
        #[command(subcommand)]
        command: action::Command,
    },
    /// Work with leads.
    Lead {
        #[command(subcommand)]
        command: lead::Command,
    },
    /// Work with team members.
    Team {
        #[command(subcommand)]
        command: team::Command,
    },
    /// Read the workspace's metadata: fields, custom actions, pipeline.
    Meta {
        #[command(subcommand)]
        command: meta::Command,
    },
    /// Run a local sandbox of the Sync API in the foreground.
    Sandbox(sandbox::Args),
    /// Show every group of the API (metadata, team, leads, actions, the Async API)
    /// against an embedded sandbox (no account needed).
    Demo,
    /// Check the setup against the API, read-only: the token's form, reaching the API,
    /// the token serving the enterprise, and every answer's keys against what the SDK reads
    /// (names and paths only, never values). Exit 0: all understood; 1: something missing,
    /// unknown or unreadable; 3: the API refuses; 4: not reachable.
    Doctor(doctor::Args),
    /// Print a completion script for a shell (e.g. `telecrm completions bash > ~/.local/share/bash-completion/completions/telecrm`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), from the same definitions as --help (`telecrm man | man -l -`).
    Man,
    /// Named profiles of settings in $XDG_CONFIG_HOME/telecrm/config.toml (else
    /// ~/.config/telecrm/config.toml): base_url, enterprise, lead_identifier, check_schema,
    /// token_file. Tokens are never written: a profile names a file that holds one.
    Config(config::Args),
    /// An authenticated call to any path below the base URL, for what the CLI does not wrap
    /// (same token, retries, timeouts); `{enterprise}` in PATH is the enterprise ID. The body
    /// is printed as received.
    Api(api::Args),
}

/// Where a command's calls go and how long they may take: every command that
/// calls either API.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Connection")]
pub(crate) struct ConnectionArgs {
    /// Enterprise (workspace) ID.
    #[arg(long, env = "TELECRM_ENTERPRISE_ID", value_name = "ID")]
    pub(crate) enterprise: Option<String>,

    /// Total deadline of a call, retries included, in seconds.
    #[arg(long, default_value_t = 60.0, value_name = "SECONDS", value_parser = parse_seconds)]
    pub(crate) timeout: f64,

    /// Attempts in all, the first included (1 disables retries).
    #[arg(long = "attempts", alias = "retries", default_value_t = 3, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=10))]
    pub(crate) attempts: u32,

    /// The configuration profile to use (see `telecrm config`); a flag or an environment
    /// variable beats the profile's value.
    #[arg(long, env = "TELECRM_PROFILE", value_name = "NAME")]
    pub(crate) profile: Option<String>,

    /// Diagnostics on stderr: -v one line per HTTP attempt, -vv with the headers
    /// (token redacted), -vvv with the bodies (secrets redacted); RUST_LOG also works.
    #[arg(short, long, action = clap::ArgAction::Count)]
    pub(crate) verbose: u8,
}

/// The Sync API's address and token, with the connection's options: every
/// command that calls the Sync API.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Connection")]
pub(crate) struct SyncArgs {
    /// Base URL of the Sync API.
    #[arg(
        long,
        env = "TELECRM_BASE_URL",
        default_value = telecrm_core::base_url::PRODUCTION,
        value_name = "URL"
    )]
    pub(crate) base_url: String,

    /// Sync API token (prefer the environment variable: command lines are visible to other users).
    #[arg(
        long,
        env = "TELECRM_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN"
    )]
    pub(crate) token: Option<String>,

    #[command(flatten)]
    pub(crate) connection: ConnectionArgs,
}

/// The workspace's lead identifier: commands that create or change leads.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Checks before sending")]
pub(crate) struct IdentifierArgs {
    /// The workspace's lead identifier field (e.g. phone): leads created without
    /// it, and updates that include it, are refused before sending.
    #[arg(long, env = "TELECRM_LEAD_IDENTIFIER", value_name = "FIELD")]
    pub(crate) lead_identifier: Option<String>,
}

/// Checks against the workspace's schema: commands that send leads or actions.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Checks before sending")]
pub(crate) struct SchemaArgs {
    /// Check leads and actions against the workspace's schema (fields, types,
    /// dropdown options, statuses, custom actions) before sending: four extra
    /// calls per run. `--check-schema=false` turns it off.
    #[arg(long, env = "TELECRM_CHECK_SCHEMA", default_value_t = false,
          num_args = 0..=1, require_equals = true, default_missing_value = "true", value_name = "BOOL")]
    pub(crate) check_schema: bool,
}

/// How answers are shown: commands that print the API's answers.
#[derive(Debug, Clone, Args)]
pub(crate) struct OutputArgs {
    /// How answers are shown: table (the default on a terminal), json (elsewhere), jsonl or csv.
    #[arg(short = 'o', long = "output", value_enum, value_name = "FORMAT")]
    pub(crate) output: Option<crate::render::Format>,
}

/// A request's body as JSON: commands that take one whole.
#[derive(Debug, Clone, Args)]
pub(crate) struct BodyArgs {
    /// The request as JSON (its form is in the command's description): inline,
    /// @FILE, or - for standard input.
    #[arg(long, value_name = "JSON|@FILE|-")]
    pub(crate) body: Option<String>,
}

/// A lead's fields from flags: `--field KEY=VALUE` (a string) and
/// `--field-json KEY=JSON` (any value). Every command with these also takes
/// `--body`, which replaces them.
#[derive(Debug, Clone, Args)]
pub(crate) struct FieldArgs {
    /// A field, as a string (repeatable).
    #[arg(long = "field", value_name = "KEY=VALUE", conflicts_with = "body")]
    pub(crate) fields: Vec<String>,

    /// A field, as any JSON value: numbers, arrays for tags (repeatable).
    #[arg(long = "field-json", value_name = "KEY=JSON", conflicts_with = "body")]
    pub(crate) field_json: Vec<String>,
}

/// A batch: many requests from a file, resumable.
///
/// Lines for the same key go in file order, others concurrently. The run
/// stops on an answer every line would get (401, 403, 404
/// ENTERPRISE_NOT_FOUND; exit 3) and after 5 transport failures in a row
/// (exit 4); Ctrl-C or SIGTERM finishes the requests in flight, journals them
/// and exits 130 (a second Ctrl-C exits at once). The last stdout line is
/// {"summary": {...}}.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Batch")]
pub(crate) struct BatchArgs {
    /// A batch: FILE of lines (- for standard input), in the form the command's
    /// description gives.
    #[arg(long, value_name = "FILE", conflicts_with = "body")]
    pub(crate) batch: Option<String>,

    /// How many requests are in flight at once.
    #[arg(long, default_value_t = 8, value_name = "N", requires = "batch",
          value_parser = clap::value_parser!(u32).range(1..=256))]
    pub(crate) concurrency: u32,

    /// Record completed lines here; a re-run skips them. One process per
    /// journal; a journal belongs to one input file.
    #[arg(long, value_name = "FILE", requires = "batch")]
    pub(crate) journal: Option<std::path::PathBuf>,

    /// Write refused lines here (before sending or by the server), with line and reason.
    #[arg(long, value_name = "FILE", requires = "batch")]
    pub(crate) rejects: Option<std::path::PathBuf>,

    /// Send again the lines a journaled run left in doubt (sent, answer lost:
    /// they may have been applied, and a repeat may apply them twice).
    #[arg(long, requires = "journal")]
    pub(crate) resend_in_doubt: bool,
}

/// A page of a list: `--skip`, `--limit`, `--all`.
#[derive(Debug, Clone, Args)]
pub(crate) struct PageArgs {
    /// Items to skip.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub(crate) skip: u64,

    /// Items per page (at most the endpoint's limit: 100, or 10 for team members).
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub(crate) limit: u32,

    /// Follow every page (one JSON item per line, or one table).
    #[arg(long)]
    pub(crate) all: bool,
}

pub(crate) fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v <= 86_400.0 => Ok(v),
        _ => Err("expected a number of seconds between 0 and 86400".into()),
    }
}

/// `18000/h` (or a bare number, per hour).
pub(crate) fn parse_rate_per_hour(s: &str) -> Result<u32, String> {
    let n = s.strip_suffix("/h").unwrap_or(s);
    match n.parse::<u32>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err("expected a rate such as 18000/h (requests per hour, at least 1)".into()),
    }
}

/// Options written before the command (`telecrm --token T lead get ...`, as
/// earlier versions required) moved after it (`telecrm lead get --token T
/// ...`), where the command reads them. Each command takes only the options
/// that apply to it, so one that does not is then refused by clap naming the
/// command. Whether an option takes a value is read from the definitions;
/// anything this cannot place is left as it was, for clap to judge.
pub(crate) fn hoist(command: &clap::Command, args: Vec<OsString>) -> Vec<OsString> {
    let mut path: Vec<OsString> = args.iter().take(1).cloned().collect();
    let mut moved = Vec::new();
    let mut current = command;
    let mut index = 1;
    while index < args.len() {
        if current.get_subcommands().next().is_none() {
            break;
        }
        let word = args[index].to_string_lossy();
        if word == "--" || word == "-" {
            return args;
        }
        if word.starts_with('-') {
            let takes_value = option_takes_value(command, &word);
            moved.push(args[index].clone());
            if takes_value {
                let Some(value) = args.get(index + 1) else {
                    return args;
                };
                moved.push(value.clone());
                index += 1;
            }
            index += 1;
            continue;
        }
        let Some(sub) = current.find_subcommand(word.as_ref()) else {
            return args;
        };
        path.push(args[index].clone());
        current = sub;
        index += 1;
    }
    if moved.is_empty() {
        return args;
    }
    path.extend(moved);
    path.extend(args[index..].iter().cloned());
    path
}

/// Whether `word` (`--name`, `-x`, possibly with `=value` or a value glued to
/// a short flag) is an option that takes its value from the next word, as
/// any command in the tree defines it.
fn option_takes_value(command: &clap::Command, word: &str) -> bool {
    if word.contains('=') {
        return false;
    }
    let matches = |arg: &clap::Arg| {
        if let Some(long) = word.strip_prefix("--") {
            arg.get_long() == Some(long)
                || arg
                    .get_all_aliases()
                    .is_some_and(|aliases| aliases.contains(&long))
        } else {
            // `-o` takes the next word; `-ojson` and `-vv` carry their own.
            word.len() == 2 && arg.get_short() == word.chars().nth(1)
        }
    };
    let mut stack = vec![command];
    while let Some(command) = stack.pop() {
        if let Some(arg) = command.get_arguments().find(|arg| matches(arg)) {
            return arg.get_action().takes_values()
                && arg.get_num_args().is_none_or(|n| n.min_values() > 0);
        }
        stack.extend(command.get_subcommands());
    }
    false
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    fn hoisted(line: &str) -> String {
        let args = line.split(' ').map(OsString::from).collect();
        let out = hoist(&Cli::command(), args);
        out.iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn options_before_the_command_follow_it() {
        assert_eq!(
            hoisted("telecrm --token T -o json lead get --lead L"),
            "telecrm lead get --token T -o json --lead L"
        );
        assert_eq!(
            hoisted("telecrm -vv --attempts=2 action --retries 1 get --lead L"),
            "telecrm action get -vv --attempts=2 --retries 1 --lead L"
        );
        assert_eq!(
            hoisted("telecrm --profile b config set enterprise e"),
            "telecrm config set --profile b enterprise e"
        );
        // A boolean flag takes no value: the next word is the command.
        assert_eq!(
            hoisted("telecrm --check-schema lead create --field a=b"),
            "telecrm lead create --check-schema --field a=b"
        );
    }

    #[test]
    fn what_it_cannot_place_is_left_alone() {
        for line in [
            "telecrm lead get --lead L --token T",
            "telecrm --help",
            "telecrm --token T",
            "telecrm --token T nonsense get",
            "telecrm --version",
        ] {
            assert_eq!(hoisted(line), line);
        }
    }

    #[test]
    fn the_definitions_are_consistent() {
        Cli::command().debug_assert();
    }
}
