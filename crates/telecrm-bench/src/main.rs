//! `telecrm-bench`: what the SDK costs, measured against raw hyper and reqwest
//! on the same loopback server, in the same run.
//!
//! ```text
//! cargo run --release -p telecrm-bench -- [--quick] [--json FILE] [--reps N] [--seconds S]
//! ```
//!
//! The servers run in child processes (this binary with `serve-minimal` or
//! `serve-sandbox`), pinned to core 1 with `taskset` when the machine has two
//! cores or more; the clients run in this process, pinned to core 0. Beside
//! raw hyper and reqwest, the anchors: the client a careful user writes by
//! hand (`handrolled`, with and without a timeout). Modes are
//! interleaved within each repetition, and every figure that matters is a ratio
//! between two modes of the same repetition, so the machine's noise falls on
//! both sides. See `docs/benchmarks.md`.

mod allocs;
mod handrolled;
mod load;
mod micro;
mod report;
mod server;
mod stats;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[global_allocator]
static ALLOCATOR: allocs::Counting = allocs::Counting;

/// What to run, from the command line.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    pub(crate) reps: usize,
    pub(crate) seconds: f64,
    pub(crate) json: Option<PathBuf>,
    pub(crate) concurrency: Vec<usize>,
}

fn usage() -> ExitCode {
    eprintln!(
        "usage: telecrm-bench [--quick] [--json FILE] [--reps N] [--seconds S]\n       telecrm-bench profile hyper|sdk|reqwest|handrolled|handrolled-timeout[-tls] N\n       telecrm-bench allocs [N]\n       telecrm-bench serve-minimal | serve-sandbox"
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    // reqwest is built without a provider of its own (see Cargo.toml): ring,
    // as the SDK uses, for every client in this process.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("serve-minimal") => return server::serve_minimal(),
        Some("serve-sandbox") => return server::serve_sandbox(),
        Some("serve-minimal-tls") => return server::serve_minimal_tls(),
        // `profile MODE N`: N sequential requests in one mode, for callgrind.
        Some("profile") => return profile(&args[1..]),
        // `allocs [N]`: heap allocations per request in each mode.
        Some("allocs") => return count_allocations(&args[1..]),
        _ => {}
    }
    let mut options = Options {
        reps: 5,
        seconds: 3.0,
        json: None,
        concurrency: vec![1, 8, 64],
    };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--quick" => {
                options.reps = 3;
                options.seconds = 1.0;
            }
            "--json" => match iter.next() {
                Some(path) => options.json = Some(PathBuf::from(path)),
                None => return usage(),
            },
            "--reps" => match iter.next().and_then(|n| n.parse().ok()) {
                Some(n) if n >= 1 => options.reps = n,
                _ => return usage(),
            },
            "--seconds" => match iter.next().and_then(|n| n.parse().ok()) {
                Some(s) if s > 0.0 => options.seconds = s,
                _ => return usage(),
            },
            _ => return usage(),
        }
    }
    if server::pin_self_to_core0() {
        // Re-executed under taskset; the child did the work.
        return ExitCode::SUCCESS;
    }
    match run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("telecrm-bench: {err}");
            ExitCode::FAILURE
        }
    }
}

fn profile(args: &[String]) -> ExitCode {
    let arg = args.first().map(String::as_str);
    let Some(mode) = load::Mode::ALL
        .into_iter()
        .find(|mode| arg.is_some() && mode.arg() == arg)
    else {
        return usage();
    };
    let Some(n) = args.get(1).and_then(|n| n.parse().ok()) else {
        return usage();
    };
    let result = (|| -> Result<u64, Box<dyn std::error::Error>> {
        let minimal = server::Child::spawn("serve-minimal")?;
        let tls = mode
            .is_tls()
            .then(|| server::Child::spawn("serve-minimal-tls"))
            .transpose()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        runtime.block_on(load::sequential(&minimal, tls.as_ref(), mode, n))
    })();
    match result {
        Ok(ok) => {
            eprintln!("telecrm-bench: {ok} of {n} requests succeeded");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("telecrm-bench: {err}");
            ExitCode::FAILURE
        }
    }
}

fn count_allocations(args: &[String]) -> ExitCode {
    let n: u64 = match args.first().map(|n| n.parse()) {
        None => 2000,
        Some(Ok(n)) if n > 0 => n,
        Some(_) => return usage(),
    };
    let result = (|| -> Result<(), Box<dyn std::error::Error>> {
        let minimal = server::Child::spawn("serve-minimal")?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let (encode, decode) = micro::allocations();
        println!("telecrm-core: encode {encode} allocations, decode {decode} allocations");
        println!("mode\tallocations/request\tbytes/request");
        for mode in [
            load::Mode::Hyper,
            load::Mode::Sdk,
            load::Mode::Reqwest,
            load::Mode::Handrolled,
            load::Mode::HandrolledTimeout,
        ] {
            let (allocations, bytes) = runtime.block_on(load::allocations(&minimal, mode, n))?;
            println!(
                "{}\t{:.2}\t{:.0}",
                mode.name(),
                allocations as f64 / n as f64,
                bytes as f64 / n as f64
            );
        }
        Ok(())
    })();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("telecrm-bench: {err}");
            ExitCode::FAILURE
        }
    }
}

/// How many cold clients per TLS mode.
const COLD_TRIES: usize = 15;

fn run(options: &Options) -> Result<(), Box<dyn std::error::Error>> {
    eprintln!(
        "telecrm-bench: {} repetitions of {:.1} s per cell, concurrency {:?}",
        options.reps, options.seconds, options.concurrency
    );
    let micro = micro::measure(options.reps);
    let minimal = server::Child::spawn("serve-minimal")?;
    let sandbox = server::Child::spawn("serve-sandbox")?;
    let tls = server::Child::spawn("serve-minimal-tls")?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let cells = runtime.block_on(load::measure_all(
        options,
        &minimal,
        &sandbox,
        &tls,
        Duration::from_secs_f64(options.seconds),
    ))?;
    // Cold clients over TLS, interleaved so that no mode always goes first.
    let mut cold = Vec::new();
    for rep in 0..COLD_TRIES {
        let mut modes = [
            load::Mode::HyperTls,
            load::Mode::SdkTls,
            load::Mode::ReqwestTls,
            load::Mode::HandrolledTimeoutTls,
        ];
        let len = modes.len();
        modes.rotate_left(rep % len);
        for mode in modes {
            let elapsed = runtime.block_on(load::cold_first_response(&tls, mode))?;
            cold.push((rep, mode, elapsed));
        }
    }
    let summary = report::summarise(&cells, &cold, &micro, options);
    report::print(&summary, options);
    if let Some(path) = &options.json {
        std::fs::write(path, serde_json::to_vec_pretty(&summary)?)?;
        eprintln!("telecrm-bench: summary written to {}", path.display());
    }
    Ok(())
}
