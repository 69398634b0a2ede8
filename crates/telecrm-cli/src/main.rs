//! `telecrm`: the TeleCRM API from the command line.
//!
//! `telecrm demo` shows the docs' examples against an embedded sandbox;
//! `telecrm action create|get|update|search` calls the Actions group (update
//! also in batches); `telecrm sandbox` runs a local stand-in for the service.
//! Commands sit in modules grouped as the docs group the endpoints. See
//! `telecrm --help` and the README.

mod action;
mod api;
mod batch;
mod cli;
mod config;
mod demo;
mod docs;
mod doctor;
mod failure;
mod input;
mod lead;
mod meta;
mod output;
mod render;
mod serve;
mod team;
mod verbose;

use std::process::ExitCode;
use std::time::Duration;

use clap::{CommandFactory, FromArgMatches};
use telecrm_core::{ActionId, BaseUrl, EnterpriseId, LeadId, SyncToken, Workspace};
use tracing_subscriber::EnvFilter;

use crate::cli::{Cli, Command, GlobalArgs};
use crate::failure::{Failure, chain};

/// The longest a single attempt may take, when the total deadline is longer.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let mut cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(err) => err.exit(),
    };
    init_tracing(cli.global.verbose, cli.global.retries);
    render::init(cli.global.output);
    // Profiles fill in what neither a flag nor the environment gave; the
    // sandbox and the offline commands read none.
    if !matches!(
        cli.command,
        Command::Sandbox(_)
            | Command::Demo
            | Command::Completions { .. }
            | Command::Man
            | Command::Config { .. }
    ) && let Err(failure) = config::apply(&mut cli.global, &matches)
    {
        return failure.exit();
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => return Failure::Transport(format!("cannot start the runtime: {err}")).exit(),
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(failure) => failure.exit(),
    }
}

async fn run(cli: Cli) -> Result<ExitCode, Failure> {
    match cli.command {
        Command::Action { command } => action::run(&cli.global, &command).await,
        Command::Lead { command } => lead::run(&cli.global, &command).await,
        Command::Team { command } => team::run(&cli.global, &command).await,
        Command::Meta { command } => meta::run(&cli.global, &command).await,
        Command::Sandbox(args) => serve::run(&cli.global, &args).await,
        Command::Demo => demo::run().await,
        Command::Doctor(args) => doctor::run(&cli.global, &args).await,
        Command::Completions { shell } => docs::completions(shell),
        Command::Man => docs::man(),
        Command::Config { command } => config::run(&cli.global, &command),
        Command::Api(args) => api::run(&cli.global, &args).await,
    }
}

fn init_tracing(verbose: u8, max_attempts: u32) {
    use tracing_subscriber::prelude::*;
    let from_env = std::env::var_os("RUST_LOG").is_some();
    if verbose == 0 && !from_env {
        return;
    }
    // -v: one line per HTTP attempt. -vv and -vvv add the debug and trace
    // events of every layer; RUST_LOG chooses for itself.
    let attempts = verbose.ge(&1).then(|| {
        verbose::Attempts { max_attempts }.with_filter(
            tracing_subscriber::filter::Targets::new()
                .with_target("telecrm_hyper", tracing::Level::DEBUG),
        )
    });
    let events = (verbose >= 2 || from_env).then(|| {
        let filter = if from_env {
            EnvFilter::from_default_env()
        } else {
            EnvFilter::new(if verbose == 2 { "debug" } else { "trace" })
        };
        tracing_subscriber::fmt::layer()
            .with_writer(std::io::stderr)
            .with_target(false)
            .with_filter(filter)
    });
    tracing_subscriber::registry()
        .with(attempts)
        .with(events)
        .init();
}

/// The workspace from the global options, through a client built from them;
/// every check here happens before sending.
pub(crate) fn client(global: &GlobalArgs) -> Result<telecrm_hyper::WorkspaceClient, Failure> {
    let token = global.token.as_deref().ok_or_else(|| {
        Failure::usage("no token: set TELECRM_TOKEN (or pass --token) to a Sync API token")
    })?;
    let token = bearer_stripped(token);
    crate::failure::register_secret(token);
    let token = SyncToken::new(token).map_err(|e| Failure::usage(format!("token: {e}")))?;
    let enterprise = global.enterprise.as_deref().ok_or_else(|| {
        Failure::usage("no enterprise: set TELECRM_ENTERPRISE_ID (or pass --enterprise)")
    })?;
    let enterprise = EnterpriseId::new(enterprise).map_err(Failure::usage)?;
    let base = BaseUrl::parse(&global.base_url)
        .map_err(|e| Failure::usage(format!("--base-url: {}", chain(&e))))?;
    let client = transport(global)?;
    let workspace = client
        .workspace(Workspace::new(token, enterprise).with_base_url(base))
        .map_err(|e| Failure::usage(chain(&e)))?;
    let workspace = match &global.lead_identifier {
        Some(field) => workspace.with_lead_identifier(field.clone()),
        None => workspace,
    };
    Ok(workspace.with_schema_checks(global.check_schema))
}

/// A token pasted with its `Bearer ` prefix: the prefix is taken off, with a
/// warning (the SDK writes it), so that the same mistake is not a riddle.
pub(crate) fn bearer_stripped(token: &str) -> &str {
    match without_bearer(token) {
        Some(rest) => {
            eprintln!(
                "telecrm: warning: the token starts with `Bearer `; using what follows (give the token alone)"
            );
            rest
        }
        None => token,
    }
}

/// What follows a `Bearer ` prefix (any case, white space around it
/// ignored), when the token was pasted with one.
pub(crate) fn without_bearer(token: &str) -> Option<&str> {
    let trimmed = token.trim();
    trimmed
        .get(..7)
        .filter(|prefix| prefix.eq_ignore_ascii_case("bearer "))
        .map(|_| trimmed[7..].trim())
}

/// The client (pool, timeouts, retries) from the global options.
pub(crate) fn transport(global: &GlobalArgs) -> Result<telecrm_hyper::Client, Failure> {
    let total = Duration::from_secs_f64(global.timeout);
    telecrm_hyper::Client::builder()
        .total_timeout(total)
        .attempt_timeout(total.min(ATTEMPT_TIMEOUT))
        .max_attempts(global.retries)
        .build()
        .map_err(|e| Failure::usage(chain(&e)))
}

/// Fetches the workspace schema now when `--check-schema` is on (once per
/// run, then cached by the handle, whose every send checks against it), so
/// that a schema that cannot be read stops the run before anything is sent.
pub(crate) async fn load_schema(client: &telecrm_hyper::WorkspaceClient) -> Result<(), Failure> {
    if client.checks_schema() {
        client.schema().await.map_err(|e| Failure::from_call(&e))?;
    }
    Ok(())
}

pub(crate) fn lead_and_action(lead: &str, action: &str) -> Result<(LeadId, ActionId), Failure> {
    Ok((
        LeadId::new(lead).map_err(Failure::usage)?,
        ActionId::new(action).map_err(Failure::usage)?,
    ))
}
