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

use clap::ArgMatches;
use clap::parser::ValueSource;
use serde::{Deserialize, Serialize};

use crate::context::{Context, Groups};
use crate::failure::Failure;

/// The keys a profile may hold.
pub(crate) const KEYS: [&str; 5] = [
    "base_url",
    "enterprise",
    "lead_identifier",
    "check_schema",
    "token_file",
];

/// The profile used when none is named and the file names no default.
pub(crate) const DEFAULT_PROFILE: &str = "default";

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConfigFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) default: Option<String>,
    #[serde(default)]
    pub(crate) profiles: BTreeMap<String, Profile>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Profile {
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
    pub(crate) fn get(&self, key: &str) -> Option<String> {
        match key {
            "base_url" => self.base_url.clone(),
            "enterprise" => self.enterprise.clone(),
            "lead_identifier" => self.lead_identifier.clone(),
            "check_schema" => self.check_schema.map(|b| b.to_string()),
            "token_file" => self.token_file.as_ref().map(|p| p.display().to_string()),
            _ => None,
        }
    }

    pub(crate) fn set(&mut self, key: &str, value: &str) -> Result<(), Failure> {
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
pub(crate) fn path() -> Result<PathBuf, Failure> {
    let base = match std::env::var_os("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(std::env::var_os("HOME").ok_or_else(|| {
            Failure::usage("cannot find the configuration: neither XDG_CONFIG_HOME nor HOME is set")
        })?)
        .join(".config"),
    };
    Ok(base.join("telecrm").join("config.toml"))
}

pub(crate) fn load(path: &Path) -> Result<ConfigFile, Failure> {
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

pub(crate) fn save(path: &Path, config: &ConfigFile) -> Result<(), Failure> {
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

/// The profile in use: the one named (`--profile` or `TELECRM_PROFILE`),
/// else the file's default, else `default`.
pub(crate) fn selected(named: Option<&str>, config: &ConfigFile) -> String {
    named
        .map(str::to_owned)
        .or_else(|| config.default.clone())
        .unwrap_or_else(|| DEFAULT_PROFILE.to_owned())
}

/// Whether a flag or the environment gave `id`'s value.
fn given(leaf: &ArgMatches, id: &str) -> bool {
    matches!(
        leaf.value_source(id),
        Some(ValueSource::CommandLine | ValueSource::EnvVariable)
    )
}

/// Fills in from the selected profile what no flag or variable gave, for
/// the groups the command took (a profile's `check_schema` means nothing to
/// a command that sends no leads or actions).
pub(crate) fn apply(
    context: &mut Context,
    groups: Groups<'_>,
    leaf: &ArgMatches,
) -> Result<(), Failure> {
    let Some(connection) = context.connection.as_mut() else {
        return Ok(());
    };
    let path = path()?;
    let config = load(&path)?;
    let name = selected(connection.profile.as_deref(), &config);
    let Some(profile) = config.profiles.get(&name) else {
        if connection.profile.is_some() {
            return Err(Failure::usage(format!(
                "no profile `{name}` in {} (see telecrm config list)",
                path.display()
            )));
        }
        return Ok(());
    };
    if !given(leaf, "enterprise") && profile.enterprise.is_some() {
        connection.enterprise = profile.enterprise.clone();
    }
    if let Some(sync) = context.sync.as_mut() {
        if !given(leaf, "base_url")
            && let Some(url) = &profile.base_url
        {
            sync.base_url = url.clone();
        }
        if !given(leaf, "token")
            && let Some(file) = &profile.token_file
        {
            sync.token = Some(read_token(file)?);
        }
    }
    if groups.identifier.is_some()
        && !given(leaf, "lead_identifier")
        && profile.lead_identifier.is_some()
    {
        context.lead_identifier = profile.lead_identifier.clone();
    }
    if groups.schema.is_some()
        && !given(leaf, "check_schema")
        && let Some(check) = profile.check_schema
    {
        context.check_schema = check;
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
