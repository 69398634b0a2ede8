//! Profiles: named sets of settings in `$XDG_CONFIG_HOME/telecrm/config.toml`
//! (else `~/.config/telecrm/config.toml`), so that two workspaces can be kept
//! apart. A flag beats the environment, which beats the profile. Tokens are
//! never written here and never printed: a profile names a file that holds
//! one, and a file others can read is refused.
//!
//! ```toml
//! default = "work"
//!
//! [profiles.work]
//! enterprise = "603d2b2f9b1e8a001c8e4f5a"
//! lead_identifier = "phone"
//! token_file = "/home/me/.config/telecrm/work.token"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ArgMatches;
use clap::parser::ValueSource;
use serde::{Deserialize, Serialize};

use crate::cli::{ConfigCommand, GlobalArgs};
use crate::failure::Failure;

/// The keys a profile may hold.
const KEYS: [&str; 5] = [
    "base_url",
    "enterprise",
    "lead_identifier",
    "check_schema",
    "token_file",
];

/// The profile used when none is named and the file names no default.
const DEFAULT_PROFILE: &str = "default";

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    default: Option<String>,
    #[serde(default)]
    profiles: BTreeMap<String, Profile>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Profile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    base_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    enterprise: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lead_identifier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    check_schema: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    token_file: Option<PathBuf>,
}

impl Profile {
    fn get(&self, key: &str) -> Option<String> {
        match key {
            "base_url" => self.base_url.clone(),
            "enterprise" => self.enterprise.clone(),
            "lead_identifier" => self.lead_identifier.clone(),
            "check_schema" => self.check_schema.map(|b| b.to_string()),
            "token_file" => self.token_file.as_ref().map(|p| p.display().to_string()),
            _ => None,
        }
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), Failure> {
        match key {
            "base_url" => self.base_url = Some(value.to_owned()),
            "enterprise" => self.enterprise = Some(value.to_owned()),
            "lead_identifier" => self.lead_identifier = Some(value.to_owned()),
            "check_schema" => {
                self.check_schema = Some(value.parse().map_err(|_| {
                    Failure::usage(format!("check_schema: `{value}` is not true or false"))
                })?);
            }
            "token_file" => self.token_file = Some(PathBuf::from(value)),
            "token" => {
                return Err(Failure::usage(
                    "tokens are never written to the configuration: put the token in a file only you can read (chmod 600) and `telecrm config set token_file PATH`, or use TELECRM_TOKEN",
                ));
            }
            other => {
                return Err(Failure::usage(format!(
                    "`{other}` is not a setting (settings: {})",
                    KEYS.join(", ")
                )));
            }
        }
        Ok(())
    }
}

/// Where the configuration lives.
fn path() -> Result<PathBuf, Failure> {
    let base = match std::env::var_os("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(std::env::var_os("HOME").ok_or_else(|| {
            Failure::usage("cannot find the configuration: neither XDG_CONFIG_HOME nor HOME is set")
        })?)
        .join(".config"),
    };
    Ok(base.join("telecrm").join("config.toml"))
}

fn load(path: &Path) -> Result<ConfigFile, Failure> {
    match std::fs::read_to_string(path) {
        Ok(text) => toml::from_str(&text)
            .map_err(|e| Failure::usage(format!("{}: {}", path.display(), e.message()))),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(ConfigFile::default()),
        Err(err) => Err(Failure::usage(format!(
            "cannot read {}: {err}",
            path.display()
        ))),
    }
}

fn save(path: &Path, config: &ConfigFile) -> Result<(), Failure> {
    let fail =
        |e: &dyn std::fmt::Display| Failure::usage(format!("cannot write {}: {e}", path.display()));
    let text = toml::to_string_pretty(config).map_err(|e| fail(&e))?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| fail(&e))?;
    }
    // Written beside it, then renamed over it: never half a file.
    let temporary = path.with_extension("toml.tmp");
    std::fs::write(&temporary, text).map_err(|e| fail(&e))?;
    std::fs::rename(&temporary, path).map_err(|e| fail(&e))
}

fn selected(global: &GlobalArgs, config: &ConfigFile) -> String {
    global
        .profile
        .clone()
        .or_else(|| config.default.clone())
        .unwrap_or_else(|| DEFAULT_PROFILE.to_owned())
}

/// Whether a flag or the environment gave `id`'s value.
fn given(matches: &ArgMatches, id: &str) -> bool {
    let source = matches.value_source(id).or_else(|| {
        matches
            .subcommand()
            .and_then(|(_, sub)| given_source(sub, id))
    });
    matches!(
        source,
        Some(ValueSource::CommandLine | ValueSource::EnvVariable)
    )
}

fn given_source(matches: &ArgMatches, id: &str) -> Option<ValueSource> {
    // Global options given after a subcommand's name live in its matches.
    matches
        .try_get_raw(id)
        .ok()
        .flatten()
        .and_then(|_| matches.value_source(id))
        .or_else(|| {
            matches
                .subcommand()
                .and_then(|(_, sub)| given_source(sub, id))
        })
}

/// Fills in from the selected profile what no flag or variable gave.
pub(crate) fn apply(global: &mut GlobalArgs, matches: &ArgMatches) -> Result<(), Failure> {
    let path = path()?;
    let config = load(&path)?;
    let name = selected(global, &config);
    let Some(profile) = config.profiles.get(&name) else {
        if global.profile.is_some() {
            return Err(Failure::usage(format!(
                "no profile `{name}` in {} (see telecrm config list)",
                path.display()
            )));
        }
        return Ok(());
    };
    if !given(matches, "base_url")
        && let Some(url) = &profile.base_url
    {
        global.base_url = url.clone();
    }
    if !given(matches, "enterprise") && profile.enterprise.is_some() {
        global.enterprise = profile.enterprise.clone();
    }
    if !given(matches, "lead_identifier") && profile.lead_identifier.is_some() {
        global.lead_identifier = profile.lead_identifier.clone();
    }
    if !given(matches, "check_schema")
        && let Some(check) = profile.check_schema
    {
        global.check_schema = check;
    }
    if !given(matches, "token")
        && let Some(file) = &profile.token_file
    {
        global.token = Some(read_token(file)?);
    }
    Ok(())
}

/// A token from a file only its owner can read.
fn read_token(file: &Path) -> Result<String, Failure> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(file)
            .map_err(|e| Failure::usage(format!("token_file {}: {e}", file.display())))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            return Err(Failure::usage(format!(
                "token_file {} can be read by others (mode {:o}): chmod 600 {}",
                file.display(),
                mode & 0o777,
                file.display()
            )));
        }
    }
    let token = std::fs::read_to_string(file)
        .map_err(|e| Failure::usage(format!("token_file {}: {e}", file.display())))?;
    Ok(token.trim().to_owned())
}

/// `telecrm config ...`.
pub(crate) fn run(global: &GlobalArgs, command: &ConfigCommand) -> Result<ExitCode, Failure> {
    let path = path()?;
    let mut config = load(&path)?;
    let name = selected(global, &config);
    match command {
        ConfigCommand::Set { key, value } => {
            config.profiles.entry(name).or_default().set(key, value)?;
            save(&path, &config)?;
        }
        ConfigCommand::Get { key } => {
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
        ConfigCommand::List => {
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
        ConfigCommand::Use { name } => {
            if !config.profiles.contains_key(name) {
                return Err(Failure::usage(format!(
                    "no profile `{name}` yet: create it with telecrm --profile {name} config set KEY VALUE"
                )));
            }
            config.default = Some(name.clone());
            save(&path, &config)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
