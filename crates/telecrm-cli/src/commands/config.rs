//! `telecrm config …`: the profiles file (see `crate::config`). Offline: it
//! reads and writes the file and nothing else.

use std::process::ExitCode;

use crate::config::{DEFAULT_PROFILE, KEYS, load, path, save, selected};
use crate::failure::Failure;

/// `telecrm config`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The profile to read or change (else TELECRM_PROFILE, else the default one).
    #[arg(long, global = true, env = "TELECRM_PROFILE", value_name = "NAME")]
    pub(crate) profile: Option<String>,

    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, clap::Subcommand)]
pub(crate) enum Command {
    /// Set KEY to VALUE in the profile (--profile, else the default one).
    Set {
        /// base_url, enterprise, lead_identifier, check_schema or token_file.
        key: String,
        /// The value.
        value: String,
    },
    /// Print KEY's value in the profile (exit 1 when unset).
    Get {
        /// The key.
        key: String,
    },
    /// Print every profile and its keys (the default one marked).
    List,
    /// Make NAME the default profile.
    Use {
        /// The profile.
        name: String,
    },
}

pub(crate) fn run(args: &Args) -> Result<ExitCode, Failure> {
    let path = path()?;
    let mut config = load(&path)?;
    let name = selected(args.profile.as_deref(), &config);
    match &args.command {
        Command::Set { key, value } => {
            config.profiles.entry(name).or_default().set(key, value)?;
            save(&path, &config)?;
        }
        Command::Get { key } => {
            if !KEYS.contains(&key.as_str()) {
                return Err(Failure::usage(format!(
                    "`{key}` is not a setting (settings: {})",
                    KEYS.join(", ")
                )));
            }
            match config.profiles.get(&name).and_then(|p| p.get(key)) {
                Some(value) => println!("{value}"),
                None => return Ok(ExitCode::from(1)),
            }
        }
        Command::List => {
            let default = config.default.as_deref().unwrap_or(DEFAULT_PROFILE);
            for (profile_name, profile) in &config.profiles {
                let mark = if profile_name == default {
                    " (default)"
                } else {
                    ""
                };
                println!("[{profile_name}]{mark}");
                for key in KEYS {
                    if let Some(value) = profile.get(key) {
                        println!("  {key} = {value}");
                    }
                }
            }
        }
        Command::Use { name } => {
            if !config.profiles.contains_key(name) {
                return Err(Failure::usage(format!(
                    "no profile `{name}` yet: create it with telecrm config set --profile {name} KEY VALUE"
                )));
            }
            config.default = Some(name.clone());
            save(&path, &config)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
