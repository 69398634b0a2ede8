//! `telecrm`: update TeleCRM actions from the command line.
//!
//! `telecrm demo` shows the API document's examples against an embedded sandbox;
//! `telecrm action update` sends one update or a batch; `telecrm sandbox` runs a
//! local stand-in for the service. See `telecrm --help` and the README.

mod batch;
mod cli;
mod demo;
mod failure;
mod input;
mod output;
mod serve;

use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use telecrm_core::{ActionId, BaseUrl, EnterpriseId, LeadId, SyncToken, UpdateAction};
use tracing_subscriber::EnvFilter;

use crate::cli::{ActionCommand, Cli, Command, GlobalArgs, UpdateArgs};
use crate::failure::{Failure, chain};

/// The longest a single attempt may take, when the total deadline is longer.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing(cli.global.verbose);
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
        Command::Action {
            command: ActionCommand::Update(args),
        } => {
            if args.batch.is_some() {
                batch::run(&cli.global, &args).await
            } else {
                update_one(&cli.global, &args).await
            }
        }
        Command::Sandbox(args) => serve::run(&cli.global, &args).await,
        Command::Demo => demo::run().await,
    }
}

fn init_tracing(verbose: u8) {
    let from_env = std::env::var_os("RUST_LOG").is_some();
    if verbose == 0 && !from_env {
        return;
    }
    let filter = if from_env {
        EnvFilter::from_default_env()
    } else {
        EnvFilter::new(match verbose {
            1 => "info",
            2 => "debug",
            _ => "trace",
        })
    };
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
}

/// A client from the global options; every check here happens before sending.
pub(crate) fn client(global: &GlobalArgs) -> Result<telecrm_hyper::Client, Failure> {
    let token = global.token.as_deref().ok_or_else(|| {
        Failure::usage("no token: set TELECRM_TOKEN (or pass --token) to a Sync API token")
    })?;
    let token = SyncToken::new(token).map_err(|e| Failure::usage(format!("token: {e}")))?;
    let enterprise = global.enterprise.as_deref().ok_or_else(|| {
        Failure::usage("no enterprise: set TELECRM_ENTERPRISE_ID (or pass --enterprise)")
    })?;
    let enterprise = EnterpriseId::new(enterprise).map_err(Failure::usage)?;
    let base = BaseUrl::parse(&global.base_url)
        .map_err(|e| Failure::usage(format!("--base-url: {}", chain(&e))))?;
    let total = Duration::from_secs_f64(global.timeout);
    telecrm_hyper::Client::builder(token, enterprise)
        .base_url(base)
        .total_timeout(total)
        .attempt_timeout(total.min(ATTEMPT_TIMEOUT))
        .max_attempts(global.retries)
        .build()
        .map_err(|e| Failure::usage(chain(&e)))
}

pub(crate) fn lead_and_action(lead: &str, action: &str) -> Result<(LeadId, ActionId), Failure> {
    Ok((
        LeadId::new(lead).map_err(Failure::usage)?,
        ActionId::new(action).map_err(Failure::usage)?,
    ))
}

async fn update_one(global: &GlobalArgs, args: &UpdateArgs) -> Result<ExitCode, Failure> {
    // Everything is checked before the client exists, let alone a connection.
    let update = input::update_from_args(args)?;
    let (lead, action) = lead_and_action(
        args.lead.as_deref().unwrap_or_default(),
        args.action.as_deref().unwrap_or_default(),
    )?;
    let client = client(global)?;
    let call = UpdateAction::new(client.enterprise().clone(), lead, action, update);
    let response = client
        .send_raw(&call)
        .await
        .map_err(|e| Failure::from_call(&e))?;
    output::print_body(response.body())
        .map_err(|e| Failure::Transport(format!("cannot write the answer: {e}")))?;
    Ok(ExitCode::SUCCESS)
}
