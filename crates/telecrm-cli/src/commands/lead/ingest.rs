//! `telecrm lead ingest FILE`: leads through the Async API at its rate limit.
//!
//! Rows are checked before sending (identifier present, field forms, action
//! codes): a row refused here goes to `--rejects` in the input's format, with
//! its line number and reason in the summary. The rest are paced by the
//! client's rate limiter and sent `--concurrency` at a time. Every queued row
//! is journaled; a re-run sends only the others. Ctrl-C or SIGTERM stops
//! taking new rows while waiting for a slot (nothing on the wire), lets the
//! requests in flight finish and journals them: a graceful stop and a re-run
//! send every row exactly once. A row whose answer was lost (the connection
//! dropped after sending) is journaled as in doubt and not sent again unless
//! `--resend-in-doubt`. A SIGKILL can leave up to `--concurrency` rows sent
//! but not journaled; they are sent again, which leaves their leads as one
//! send would (matched by identifier) but appends their actions again.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use telecrm_core::{AsyncToken, BaseUrl, Workspace};
use telecrm_hyper::AsyncClient;

use telecrm_batch::IngestRows;

use crate::batch::{self, Content, Record, Settings, Stop};
use crate::cli::{ConnectionArgs, IdentifierArgs, parse_rate_per_hour};
use crate::context::Context;
use crate::failure::{Failure, chain};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// CSV with a header row of field API names (`name:json` for JSON cells), or
    /// JSON lines of {"fields", "actions"}; - for standard input.
    #[arg(value_name = "FILE")]
    pub(crate) file: String,

    /// Requests per hour, never exceeded (the documented limit by default); `off` for none.
    #[arg(long, default_value = "18000/h", value_name = "N/h|off")]
    pub(crate) rate: String,

    /// Requests in flight at once (the rate still caps them).
    #[arg(long, default_value_t = 4, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=256))]
    pub(crate) concurrency: u32,

    /// Record queued rows here; a re-run sends only the others.
    #[arg(long, value_name = "FILE")]
    pub(crate) journal: Option<PathBuf>,

    /// Write refused rows here (before sending or by the server), in the input's format.
    #[arg(long, value_name = "FILE")]
    pub(crate) rejects: Option<PathBuf>,

    /// Send again the rows a journaled run left in doubt (sent, answer lost:
    /// they may have been queued, and a repeat may append their actions twice).
    #[arg(long, requires = "journal")]
    pub(crate) resend_in_doubt: bool,

    #[command(flatten)]
    pub(crate) identifier: IdentifierArgs,

    /// Base URL of the Async API.
    #[arg(long, env = "TELECRM_ASYNC_BASE_URL", value_name = "URL",
          default_value = telecrm_core::base_url::ASYNC_PRODUCTION, help_heading = "Connection")]
    pub(crate) async_base_url: String,

    /// An Async API token (prefer the environment variable).
    #[arg(
        long,
        env = "TELECRM_ASYNC_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN",
        help_heading = "Connection"
    )]
    pub(crate) async_token: Option<String>,

    #[command(flatten)]
    pub(crate) connection: ConnectionArgs,
}

pub(super) async fn run(context: &Context, args: &Args) -> Result<ExitCode, Failure> {
    let identifier = context
        .lead_identifier
        .as_deref()
        .unwrap_or("phone")
        .to_owned();
    let client = async_client(context, args)?;
    let input = batch::source::open(&args.file, None)?;
    let settings = Settings {
        concurrency: args.concurrency as usize,
        journal: args.journal.clone(),
        rejects: args.rejects.clone(),
        resend_in_doubt: args.resend_in_doubt,
        report_lines: false,
    };
    let rows = IngestRows::new(client, &identifier, input.columns());
    let started = Instant::now();
    batch::run_records(
        settings,
        input,
        |record: &Record, content: &Content, stop: &Stop| rows.prepare(record, content, stop),
        |map, summary| rows.summarize(map, summary, started.elapsed()),
    )
    .await
}

fn async_client(context: &Context, args: &Args) -> Result<AsyncClient, Failure> {
    let token = args.async_token.as_deref().ok_or_else(|| {
        Failure::usage("no Async token: set TELECRM_ASYNC_TOKEN (or pass --async-token)")
    })?;
    let token: AsyncToken = crate::context::checked_token(token, "async token")?;
    let enterprise = context.enterprise()?;
    let base = BaseUrl::parse(&args.async_base_url)
        .map_err(|e| Failure::usage(format!("--async-base-url: {}", chain(&e))))?;
    let rate = match args.rate.as_str() {
        "off" => None,
        rate => {
            Some(parse_rate_per_hour(rate).map_err(|e| Failure::usage(format!("--rate: {e}")))?)
        }
    };
    context
        .transport()?
        .workspace(Workspace::new(token, enterprise).with_base_url(base))
        .and_then(|workspace| workspace.with_rate_per_hour(rate))
        .map_err(|e| Failure::usage(chain(&e)))
}
