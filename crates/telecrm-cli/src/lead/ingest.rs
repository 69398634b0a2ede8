//! `telecrm lead ingest FILE`: leads through the Async API at its rate limit.
//!
//! Rows are checked before sending (identifier present, field forms, action
//! codes): a row refused here goes to `--rejects` in the input's format, with
//! its line number and reason in the summary. The rest are paced by the
//! client's rate limiter and sent `--concurrency` at a time. Every queued row
//! is journaled; a re-run sends only the others. Ctrl-C or SIGTERM stops
//! taking new rows while waiting for a slot (nothing on the wire), lets the
//! requests in flight finish and journals them: a graceful stop and a re-run
//! send every row exactly once. A SIGKILL can leave up to `--concurrency` rows
//! sent but not journaled; they are sent again, which leaves their leads as
//! one send would (matched by identifier) but appends their actions again.

use std::fs::File;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::{Value, json};
use telecrm_core::{AsyncToken, BaseUrl, EnterpriseId, IngestLead, NewLead, Workspace};
use telecrm_hyper::AsyncClient;
use tokio::sync::watch;
use tokio::task::JoinSet;

use super::rows::{self, Row};
use crate::batch::{self, Journal};
use crate::cli::{GlobalArgs, IngestArgs, parse_rate_per_hour};
use crate::failure::{EXIT_USAGE, Failure, chain};

/// The exit code of a run stopped by a signal.
const EXIT_INTERRUPTED: u8 = 130;

pub(super) async fn run(global: &GlobalArgs, args: &IngestArgs) -> Result<ExitCode, Failure> {
    let identifier = global
        .lead_identifier
        .as_deref()
        .unwrap_or("phone")
        .to_owned();
    let client = async_client(global, args)?;
    let text = batch::read_input(&args.file)?;
    let rows = rows::read(&args.file, &text)?;
    let mut journal = args.journal.as_deref().map(Journal::open).transpose()?;
    let mut rejects = Rejects::open(args.rejects.as_deref(), rows.header.as_deref())?;
    let stop = stop_on_signal();
    let progress = progress_bar(rows.rows.len() as u64);
    let started = Instant::now();
    let mut summary = Summary::default();
    let mut in_flight = JoinSet::new();
    let mut stopped = stop.clone();

    for Row {
        number,
        json,
        original,
    } in rows.rows
    {
        let digest = batch::fnv1a(original.as_bytes());
        if journal.as_ref().is_some_and(|j| j.is_done(number, digest)) {
            summary.skipped += 1;
            progress.inc(1);
            continue;
        }
        let lead = match NewLead::from_json(json.as_bytes())
            .map_err(|e| chain(&e))
            .and_then(|lead| IngestLead::new(lead, &identifier).map_err(|e| e.to_string()))
        {
            Ok(lead) => lead,
            Err(reason) => {
                rejects.write(&original)?;
                summary
                    .refused
                    .push(json!({"line": number, "reason": reason}));
                progress.inc(1);
                continue;
            }
        };
        while in_flight.len() >= args.concurrency as usize {
            if let Some(done) = in_flight.join_next().await {
                summary.finish(done, &mut journal, &progress)?;
            }
        }
        if summary.unauthorized {
            break;
        }
        // Stop while waiting for a slot: then nothing of this row is on the wire.
        let slot = tokio::select! {
            slot = client.slot() => slot,
            _ = stopped.wait_for(|stop| *stop) => {
                summary.interrupted = true;
                break;
            }
        };
        let client = client.clone();
        in_flight.spawn(async move {
            let result = client.send_in(slot, &lead).await;
            (
                number,
                digest,
                result.map(|_| ()).map_err(|e| {
                    // A refused token refuses every row: stop rather than send them all.
                    let fatal = e.status() == Some(http::StatusCode::UNAUTHORIZED);
                    (Failure::from_call(&e), fatal)
                }),
            )
        });
    }
    while let Some(done) = in_flight.join_next().await {
        summary.finish(done, &mut journal, &progress)?;
    }
    progress.finish_and_clear();
    rejects.flush()?;
    let elapsed = started.elapsed();
    let report = summary.report(elapsed, client.rate_per_hour());
    println!("{report}");
    Ok(ExitCode::from(summary.exit_code()))
}

fn async_client(global: &GlobalArgs, args: &IngestArgs) -> Result<AsyncClient, Failure> {
    let token = args.async_token.as_deref().ok_or_else(|| {
        Failure::usage("no Async token: set TELECRM_ASYNC_TOKEN (or pass --async-token)")
    })?;
    let token = AsyncToken::new(token).map_err(|e| Failure::usage(format!("async token: {e}")))?;
    let enterprise = global.enterprise.as_deref().ok_or_else(|| {
        Failure::usage("no enterprise: set TELECRM_ENTERPRISE_ID (or pass --enterprise)")
    })?;
    let enterprise = EnterpriseId::new(enterprise).map_err(Failure::usage)?;
    let base = BaseUrl::parse(&args.async_base_url)
        .map_err(|e| Failure::usage(format!("--async-base-url: {}", chain(&e))))?;
    let rate = match args.rate.as_str() {
        "off" => None,
        rate => {
            Some(parse_rate_per_hour(rate).map_err(|e| Failure::usage(format!("--rate: {e}")))?)
        }
    };
    crate::transport(global)?
        .workspace(Workspace::new(token, enterprise).with_base_url(base))
        .and_then(|workspace| workspace.with_rate_per_hour(rate))
        .map_err(|e| Failure::usage(chain(&e)))
}

/// A watch that turns true on Ctrl-C or SIGTERM.
fn stop_on_signal() -> watch::Receiver<bool> {
    let (sender, receiver) = watch::channel(false);
    tokio::spawn(async move {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            match signal(SignalKind::terminate()) {
                Ok(mut term) => {
                    tokio::select! {
                        _ = tokio::signal::ctrl_c() => {}
                        _ = term.recv() => {}
                    }
                }
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
        eprintln!("telecrm: stopping: finishing the requests in flight");
        let _ = sender.send(true);
    });
    receiver
}

fn progress_bar(len: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} rows  {per_sec}  eta {eta}  {elapsed}")
    {
        bar.set_style(style);
    }
    bar
}

/// The rows refused before sending, in the input's format.
struct Rejects(Option<std::io::BufWriter<File>>);

impl Rejects {
    fn open(path: Option<&std::path::Path>, header: Option<&str>) -> Result<Self, Failure> {
        let Some(path) = path else {
            return Ok(Self(None));
        };
        let cannot =
            |e: std::io::Error| Failure::usage(format!("cannot write {}: {e}", path.display()));
        let mut file = std::io::BufWriter::new(File::create(path).map_err(cannot)?);
        if let Some(header) = header {
            writeln!(file, "{header}").map_err(cannot)?;
        }
        Ok(Self(Some(file)))
    }

    fn write(&mut self, original: &str) -> Result<(), Failure> {
        match &mut self.0 {
            Some(file) => writeln!(file, "{original}")
                .map_err(|e| Failure::Transport(format!("cannot write the rejects: {e}"))),
            None => Ok(()),
        }
    }

    fn flush(&mut self) -> Result<(), Failure> {
        match &mut self.0 {
            Some(file) => file
                .flush()
                .map_err(|e| Failure::Transport(format!("cannot write the rejects: {e}"))),
            None => Ok(()),
        }
    }
}

#[derive(Default)]
struct Summary {
    sent: u64,
    skipped: u64,
    refused: Vec<Value>,
    failed: Vec<Value>,
    worst: u8,
    interrupted: bool,
    unauthorized: bool,
}

type Done = (usize, u64, Result<(), (Failure, bool)>);

impl Summary {
    fn finish(
        &mut self,
        done: Result<Done, tokio::task::JoinError>,
        journal: &mut Option<Journal>,
        progress: &ProgressBar,
    ) -> Result<(), Failure> {
        progress.inc(1);
        let (number, digest, result) =
            done.map_err(|e| Failure::Transport(format!("an ingest task failed: {e}")))?;
        match result {
            Ok(()) => {
                self.sent += 1;
                if let Some(journal) = journal {
                    journal.record(number, digest)?;
                }
            }
            Err((failure, fatal)) => {
                self.unauthorized |= fatal;
                self.worst = self.worst.max(failure.code());
                self.failed.push(
                    json!({"line": number, "kind": failure.kind(), "error": failure.message()}),
                );
            }
        }
        Ok(())
    }

    fn report(&self, elapsed: Duration, rate: Option<u32>) -> Value {
        let seconds = elapsed.as_secs_f64();
        json!({
            "sent": self.sent,
            "skipped": self.skipped,
            "refused": self.refused,
            "failed": self.failed,
            "interrupted": self.interrupted,
            "stopped_unauthorized": self.unauthorized,
            "rate_per_hour": rate,
            "elapsed_s": (seconds * 1000.0).round() / 1000.0,
            "sent_per_s": if seconds > 0.0 { (self.sent as f64 / seconds * 100.0).round() / 100.0 } else { 0.0 },
        })
    }

    fn exit_code(&self) -> u8 {
        if self.interrupted {
            EXIT_INTERRUPTED
        } else if !self.refused.is_empty() {
            self.worst.max(EXIT_USAGE)
        } else {
            self.worst
        }
    }
}
