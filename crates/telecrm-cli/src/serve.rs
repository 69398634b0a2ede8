//! `telecrm sandbox`: the sandbox in the foreground.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use serde_json::json;
use telecrm_sandbox::{Faults, SandboxConfig};

use crate::cli::{GlobalArgs, SandboxArgs};
use crate::failure::{Failure, chain};

pub(crate) async fn run(global: &GlobalArgs, args: &SandboxArgs) -> Result<ExitCode, Failure> {
    let mut config = SandboxConfig::new().listen(args.listen).faults(Faults {
        seed: args.fault_seed,
        latency: Duration::from_millis(args.fault_latency_ms),
        error_rate: args.fault_error_rate,
        error_status: args.fault_status,
        retry_after: args.fault_retry_after.clone(),
        drop_rate: args.fault_drop_rate,
    });
    if let Some(token) = &global.token {
        config = config.token(token.clone());
    }
    if let Some(enterprise) = &global.enterprise {
        config = config.enterprise(enterprise.clone());
    }
    if let Some(rate) = args.async_rate {
        config = config.async_rate_per_hour(Some(rate));
    }
    if let Some(state) = &args.state {
        config = config.state_file(state.clone());
    }
    telecrm_sandbox::run_until_signal(config, |sandbox| {
        // The first line on stdout is for scripts: where to connect and how.
        let ready = json!({
            "base_url": sandbox.base_url(),
            "token": sandbox.token(),
            "enterprise": sandbox.enterprise(),
            "async_base_url": sandbox.async_base_url(),
            "async_token": sandbox.async_token(),
        });
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "{ready}");
        let _ = stdout.flush();
        eprintln!(
            "telecrm: sandbox listening on {}; Ctrl-C to stop",
            sandbox.base_url()
        );
    })
    .await
    .map_err(|e| Failure::Transport(format!("sandbox: {}", chain(&e))))?;
    Ok(ExitCode::SUCCESS)
}
