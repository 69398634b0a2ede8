//! The CLI's door to the batch engine (`telecrm-batch`): the commands that
//! send many requests from a file (`action update --batch`, `lead create
//! --batch`, `lead ingest`) turn a record into a request, and this module
//! runs them and renders the run the CLI's way:
//!
//! - in a pipe, one JSON line per line sent or refused (not for `lead
//!   ingest`), and `{"summary": {...}}` as the last stdout line;
//! - on a terminal, a progress bar on stderr instead of the lines, and the
//!   summary as a short table;
//! - Ctrl-C or SIGTERM stops the run (a second one exits at once); a
//!   journal held by another process exits 1 naming it; the exit code
//!   follows the worst line.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::{Map, Value, json};
pub(crate) use telecrm_batch::{Answer, Content, Prepared, Record, Stop, source};
use telecrm_batch::{Error, LineReport, Outcome, Reason, Severity, Sink, StopHandle, Summary};

use crate::failure::{EXIT_API, EXIT_TRANSPORT, EXIT_USAGE, Failure, redact};
use crate::output;

/// The exit code of a run stopped by a signal.
pub(crate) const EXIT_INTERRUPTED: u8 = 130;

/// How a batch runs.
pub(crate) struct Settings {
    pub(crate) concurrency: usize,
    pub(crate) journal: Option<PathBuf>,
    pub(crate) rejects: Option<PathBuf>,
    pub(crate) resend_in_doubt: bool,
    /// One JSON line per line sent or refused (`lead ingest` prints only the summary).
    pub(crate) report_lines: bool,
}

impl Settings {
    pub(crate) fn from_args(args: &crate::cli::BatchArgs, report_lines: bool) -> Self {
        Self {
            concurrency: args.concurrency as usize,
            journal: args.journal.clone(),
            rejects: args.rejects.clone(),
            resend_in_doubt: args.resend_in_doubt,
            report_lines,
        }
    }
}

/// Runs every record of `input` through `prepare` and the engine; prints
/// the summary (with `extra` added) as the last stdout line.
///
/// # Errors
/// Before anything is sent: the journal is refused (another input) or cannot
/// be opened, the rejects file cannot be created. A journal held by another
/// process prints its path and exits 1.
pub(crate) async fn run_records(
    settings: Settings,
    input: source::Input,
    prepare: impl FnMut(&Record, &Content, &Stop) -> Prepared,
    extra: impl FnOnce(&mut Map<String, Value>, &Summary),
) -> Result<ExitCode, Failure> {
    let engine = telecrm_batch::Settings::new(settings.concurrency)
        .with_journal(settings.journal)
        .with_rejects(settings.rejects)
        .resend_in_doubt(settings.resend_in_doubt)
        .with_redact(redact);
    let terminal = std::io::stdout().is_terminal();
    let mut sink = CliSink {
        report_lines: settings.report_lines && !terminal,
        progress: progress_bar(),
    };
    let stop = StopHandle::new();
    let signals = on_signals(stop.clone());
    let origin = match input.origin() {
        telecrm_batch::Origin::File(path) => path.display().to_string(),
        _ => "standard input".to_owned(),
    };
    let outcome = telecrm_batch::run(engine, input, prepare, &stop, &mut sink).await;
    signals.abort();
    sink.progress.finish_and_clear();
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(Error::JournalLocked(path)) => {
            eprintln!(
                "telecrm: the journal {} is in use by another telecrm process; \
                 wait for it to finish or use another journal",
                path.display()
            );
            return Ok(ExitCode::from(1));
        }
        Err(error) => return Err(error.into()),
    };
    if outcome.summary.lines == 0 {
        eprintln!("telecrm: {origin} has no rows: nothing was sent");
    }
    if outcome.summary.in_doubt > 0 {
        eprintln!(
            "telecrm: {} line(s) in doubt (sent, answer lost: they may have been applied); \
             a re-run with the same --journal does not send them again unless --resend-in-doubt",
            outcome.summary.in_doubt
        );
    }
    if outcome.summary.in_doubt_skipped > 0 {
        eprintln!(
            "telecrm: {} line(s) left in doubt by an earlier run were not sent again \
             (--resend-in-doubt sends them)",
            outcome.summary.in_doubt_skipped
        );
    }
    let mut summary = outcome.to_json();
    extra(&mut summary, &outcome.summary);
    if terminal {
        print_table(&summary);
    } else {
        output::print_line(&json!({ "summary": summary }))
            .map_err(|e| Failure::Transport(format!("cannot write stdout: {e}")))?;
    }
    Ok(ExitCode::from(exit_code(&outcome)))
}

fn exit_code(outcome: &Outcome) -> u8 {
    match outcome.reason {
        Reason::Interrupted => EXIT_INTERRUPTED,
        Reason::FatalAnswer => EXIT_API,
        Reason::TransportFailures => EXIT_TRANSPORT,
        _ => match outcome.summary.worst {
            None => 0,
            Some(Severity::Refused) => EXIT_USAGE,
            Some(Severity::Api) => EXIT_API,
            Some(_) => EXIT_TRANSPORT,
        },
    }
}

/// The CLI's rendering of a run as it goes.
struct CliSink {
    report_lines: bool,
    progress: ProgressBar,
}

impl Sink for CliSink {
    fn line(&mut self, report: &LineReport<'_>) -> std::io::Result<()> {
        if self.report_lines {
            output::print_line(report)?;
        }
        Ok(())
    }

    fn stopping(&mut self, reason: Reason, message: &str) {
        self.progress.suspend(|| {
            eprintln!(
                "telecrm: stopping ({}): {message}; finishing the requests in flight",
                reason.as_str()
            );
        });
    }

    fn progress(&mut self) {
        self.progress.inc(1);
    }
}

/// The summary on a terminal: one row per count that is not zero, then the
/// first refusals and failures.
fn print_table(summary: &Map<String, Value>) {
    let mut out = std::io::stdout().lock();
    let count = |key: &str| summary.get(key).cloned().unwrap_or(Value::Null);
    let mut rows: Vec<(&str, String)> = Vec::new();
    for key in [
        "lines",
        "sent",
        "ok",
        "refused_count",
        "failed_count",
        "in_doubt",
        "in_doubt_skipped",
        "blocked",
        "skipped",
        "remaining",
    ] {
        let value = count(key);
        let show = match &value {
            Value::Number(n) => n.as_u64() != Some(0) || matches!(key, "lines" | "ok"),
            Value::Null => key == "remaining",
            _ => false,
        };
        if show {
            let text = if value.is_null() {
                "unknown".to_owned()
            } else {
                value.to_string()
            };
            rows.push((key.trim_end_matches("_count"), text));
        }
    }
    rows.push(("elapsed_s", count("elapsed_s").to_string()));
    rows.push((
        "stopped",
        count("stopped").as_str().unwrap_or_default().to_owned(),
    ));
    let width = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    for (key, value) in rows {
        let _ = writeln!(out, "{key:<width$}  {value}");
    }
    for (list, field) in [("refused", "reason"), ("failed", "error")] {
        if let Some(Value::Array(items)) = summary.get(list) {
            for item in items.iter().take(5) {
                let _ = writeln!(
                    out,
                    "{list} line {}: {}",
                    item["line"],
                    item[field].as_str().unwrap_or_default()
                );
            }
            if items.len() > 5 {
                let _ = writeln!(
                    out,
                    "{list}: {} more (-o in a pipe lists them)",
                    items.len() - 5
                );
            }
        }
    }
}

/// Ctrl-C or SIGTERM: stop taking lines (and say so); a second one exits at
/// once.
fn on_signals(stop: StopHandle) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        signal().await;
        eprintln!(
            "telecrm: stopping: finishing the requests in flight, then the summary \
             (Ctrl-C again to stop at once)"
        );
        stop.stop();
        signal().await;
        eprintln!(
            "telecrm: stopped at once; the lines in flight are not journaled and go again on resume"
        );
        std::process::exit(i32::from(EXIT_INTERRUPTED));
    })
}

async fn signal() {
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
}

fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{spinner} {pos} lines  {per_sec}  {elapsed}") {
        bar.set_style(style);
    }
    bar
}
