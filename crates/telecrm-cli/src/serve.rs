//! `telecrm sandbox`: the sandbox in the foreground.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use serde_json::json;
use telecrm_sandbox::{Faults, Limits, SandboxConfig, SandboxError};

use crate::cli::{GlobalArgs, SandboxArgs};
use crate::failure::{Failure, chain};

pub(crate) async fn run(global: &GlobalArgs, args: &SandboxArgs) -> Result<ExitCode, Failure> {
    // Nothing from the global (client) options but -v: the token and
    // enterprise there may come from TELECRM_TOKEN / TELECRM_ENTERPRISE_ID, a
    // real account's.
    // -v: one line per request (method, path, status, ms), from the sandbox.
    let mut config = SandboxConfig::new()
        .listen(args.listen)
        .echo_requests(global.verbose > 0)
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
