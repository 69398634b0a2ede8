//! `telecrm sandbox`: the sandbox in the foreground. It takes none of the
//! client's options and reads nothing from the environment: `TELECRM_TOKEN`
//! and `TELECRM_ENTERPRISE_ID` may be a real account's, and a sandbox must
//! never adopt, or print, a real token.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use serde_json::json;
use telecrm_sandbox::{Faults, Limits, SandboxConfig, SandboxError};

use crate::cli::{parse_rate_per_hour, parse_seconds};
use crate::failure::{Failure, chain};

/// The sandbox's own options; none of them is read from the environment.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Address to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:0", value_name = "ADDR")]
    pub(crate) listen: SocketAddr,

    /// Keep state in this SQLite file (created if missing; a JSON state file of
    /// earlier versions is imported). One sandbox per file.
    #[arg(long, value_name = "FILE")]
    pub(crate) state: Option<PathBuf>,

    /// Serve the enterprises of this world file (JSON: each with its own
    /// tokens, fields, pipeline, team, custom actions and leads) instead of
    /// the built-in one; --token, --async-token and --enterprise then do not apply.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["token", "async_token", "enterprise"])]
    pub(crate) world: Option<PathBuf>,

    /// The Sync token the sandbox accepts (default: one made up for the run).
    /// Never read from the environment.
    #[arg(long, value_name = "TOKEN")]
    pub(crate) token: Option<String>,

    /// The Async token the sandbox accepts (default: one made up for the run).
    #[arg(long, value_name = "TOKEN")]
    pub(crate) async_token: Option<String>,

    /// The enterprise ID served (default 603d2b2f9b1e8a001c8e4f5a). Never read
    /// from the environment.
    #[arg(long, value_name = "ID")]
    pub(crate) enterprise: Option<String>,

    /// Where times come from: `real`, or `fixed:<unix ms>[:<step ms>]` (each
    /// reading one step later), for answers that are the same every run.
    #[arg(long, default_value = "real", value_name = "CLOCK")]
    pub(crate) clock: telecrm_sandbox::Clock,

    /// Makes new IDs and made-up tokens the same from run to run.
    #[arg(long, value_name = "N")]
    pub(crate) seed: Option<u64>,

    /// Open connections served at once; more wait to be accepted.
    #[arg(long, default_value_t = 1024, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub(crate) max_connections: u32,

    /// Seconds a connection may take to send a request's head, or stay idle
    /// between requests, before it is closed.
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS", value_parser = parse_seconds)]
    pub(crate) header_timeout: f64,

    /// A rate limit on the sandbox's Async API, e.g. 18000/h; beyond it 429 with Retry-After.
    #[arg(long, value_name = "N/h", value_parser = parse_rate_per_hour)]
    pub(crate) async_rate: Option<u32>,

    /// Fault injection: seed of the fault sequence.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub(crate) fault_seed: u64,

    /// Fault injection: latency added to every request, in milliseconds.
    #[arg(long, default_value_t = 0, value_name = "MS")]
    pub(crate) fault_latency_ms: u64,

    /// Fault injection: share of requests answered with --fault-status (0 to 1).
    #[arg(long, default_value_t = 0.0, value_name = "RATE", value_parser = parse_rate)]
    pub(crate) fault_error_rate: f64,

    /// Fault injection: the status of injected errors.
    #[arg(long, default_value_t = 503, value_name = "STATUS",
          value_parser = clap::value_parser!(u16).range(100..=599))]
    pub(crate) fault_status: u16,

    /// Fault injection: Retry-After value sent with injected errors.
    #[arg(long, value_name = "VALUE")]
    pub(crate) fault_retry_after: Option<String>,

    /// Fault injection: share of connections dropped without an answer (0 to 1).
    #[arg(long, default_value_t = 0.0, value_name = "RATE", value_parser = parse_rate)]
    pub(crate) fault_drop_rate: f64,

    /// One line per request on stderr (method, path, status, ms).
    #[arg(short, long, action = clap::ArgAction::Count)]
    pub(crate) verbose: u8,
}

pub(crate) async fn run(args: &Args) -> Result<ExitCode, Failure> {
    let mut config = SandboxConfig::new()
        .listen(args.listen)
        .echo_requests(args.verbose > 0)
        .clock(args.clock)
        .limits(
            Limits::default()
                .with_max_connections(args.max_connections as usize)
                .with_header_timeout(Duration::from_secs_f64(args.header_timeout)),
        )
        .faults(Faults {
            seed: args.fault_seed,
            latency: Duration::from_millis(args.fault_latency_ms),
            error_rate: args.fault_error_rate,
            error_status: args.fault_status,
            retry_after: args.fault_retry_after.clone(),
            drop_rate: args.fault_drop_rate,
        });
    if let Some(seed) = args.seed {
        config = config.seed(seed);
    }
    if let Some(token) = &args.token {
        config = config.token(token.clone());
    }
    if let Some(token) = &args.async_token {
        config = config.async_token(token.clone());
    }
    if let Some(enterprise) = &args.enterprise {
        config = config.enterprise(enterprise.clone());
    }
    if let Some(rate) = args.async_rate {
        config = config.async_rate_per_hour(Some(rate));
    }
    if let Some(state) = &args.state {
        config = config.state_file(state.clone());
    }
    if let Some(world) = &args.world {
        config = config.world_file(world.clone());
    }
    let result = telecrm_sandbox::run_until_signal(config, |sandbox| {
        // The first line on stdout is for scripts: where to connect and how.
        let ready = json!({
            "base_url": sandbox.base_url(),
            "token": sandbox.token(),
            "enterprise": sandbox.enterprise(),
            "async_base_url": sandbox.async_base_url(),
            "async_token": sandbox.async_token(),
            "enterprises": sandbox.enterprises().iter().map(|e| json!({
                "enterprise": e.enterprise,
                "token": e.token,
                "async_token": e.async_token,
            })).collect::<Vec<_>>(),
        });
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "{ready}");
        let _ = stdout.flush();
        eprintln!(
            "telecrm: sandbox listening on {}; Ctrl-C to stop",
            sandbox.base_url()
        );
    })
    .await;
    match result {
        Ok(()) => Ok(ExitCode::SUCCESS),
        // Not a transport failure but the setup (a held, bad or foreign state
        // file, an address in use): exit 1, with what to change.
        Err(e @ SandboxError::StateLocked { .. }) => {
            eprintln!("telecrm: sandbox: {e}; stop it or choose another --state file");
            Ok(ExitCode::FAILURE)
        }
        Err(e) => {
            eprintln!("telecrm: sandbox: {}", chain(&e));
            Ok(ExitCode::FAILURE)
        }
    }
}

fn parse_rate(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err("expected a share between 0 and 1".into()),
    }
}
