//! Batches: many requests from one file, sent with bounded concurrency, each
//! outcome reported as one JSON line. The engine here is shared; the commands
//! (`action update --batch`, `lead create --batch`) turn each line into a
//! request.
//!
//! Lines that fail validation are reported with their number and never sent;
//! the others still go. With `--journal`, every line that succeeded is recorded
//! (its number and a digest of its text), and a re-run skips exactly those: an
//! interrupted batch is resumed by running it again. A line in flight when the
//! process was killed is not journaled and goes again: safe for idempotent
//! updates, and for lead creation because the API refuses a second lead with
//! the same identifier (see `lead/create.rs`).

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::future::Future;
use std::io::{IsTerminal, Read, Write};
use std::path::Path;
use std::pin::Pin;
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use telecrm_core::{ActionId, ActionUpdate, LeadId, UpdateAction};
use tokio::task::JoinSet;

use crate::cli::{GlobalArgs, UpdateArgs};
use crate::failure::Failure;
use crate::output;

/// A request on its way: its answer as a JSON value, or why it failed.
pub(crate) type Task = Pin<Box<dyn Future<Output = Result<Value, Failure>> + Send>>;

/// What a batch line becomes.
pub(crate) enum Item {
    /// A request to send; `context` (IDs and the like) goes into its report.
    Send {
        context: Map<String, Value>,
        task: Task,
    },
    /// Refused before sending.
    Invalid {
        context: Map<String, Value>,
        failure: Failure,
    },
}

/// How a batch runs.
pub(crate) struct Settings<'a> {
    pub(crate) concurrency: usize,
    pub(crate) journal: Option<&'a Path>,
}

/// Runs `lines` (number and text) through `prepare`, at most `concurrency`
/// at a time, reporting each on stdout; the exit code is the worst failure's.
pub(crate) async fn run_lines(
    settings: Settings<'_>,
    lines: Vec<(usize, String)>,
    mut prepare: impl FnMut(usize, &str) -> Item,
) -> Result<ExitCode, Failure> {
    let mut journal = settings.journal.map(Journal::open).transpose()?;
    let progress = progress_bar(lines.len() as u64);
    let mut in_flight = JoinSet::new();
    let mut worst = 0u8;
    for (number, raw) in lines {
        let digest = fnv1a(raw.as_bytes());
        if journal.as_ref().is_some_and(|j| j.is_done(number, digest)) {
            report(&json!({"line": number, "ok": true, "skipped": "journal"}))?;
            progress.inc(1);
            continue;
        }
        let (context, task) = match prepare(number, &raw) {
            Item::Send { context, task } => (context, task),
            Item::Invalid { context, failure } => {
                worst = worst.max(failure.code());
                report(&line_report(number, context, Err(&failure)))?;
                progress.inc(1);
                continue;
            }
        };
        // Bounded: never more than `concurrency` lines in flight or in memory.
        while in_flight.len() >= settings.concurrency.max(1) {
            if let Some(done) = in_flight.join_next().await {
                finish(done, &mut journal, &mut worst, &progress)?;
            }
        }
        in_flight.spawn(async move {
            let result = task.await;
            (number, digest, context, result)
        });
    }
    while let Some(done) = in_flight.join_next().await {
        finish(done, &mut journal, &mut worst, &progress)?;
    }
    progress.finish_and_clear();
    Ok(if worst == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(worst)
    })
}

type Done = (usize, u64, Map<String, Value>, Result<Value, Failure>);

fn finish(
    done: Result<Done, tokio::task::JoinError>,
    journal: &mut Option<Journal>,
    worst: &mut u8,
    progress: &ProgressBar,
) -> Result<(), Failure> {
    progress.inc(1);
    let (number, digest, context, result) =
        done.map_err(|e| Failure::Transport(format!("a batch task failed: {e}")))?;
    match &result {
        Ok(_) => {
            if let Some(journal) = journal {
                journal.record(number, digest)?;
            }
        }
        Err(failure) => *worst = (*worst).max(failure.code()),
    }
    report(&line_report(number, context, result.as_ref()))
}

fn line_report(
    number: usize,
    context: Map<String, Value>,
    result: Result<&Value, &Failure>,
) -> Value {
    let mut line = Map::new();
    line.insert("line".into(), number.into());
    line.extend(context);
    match result {
        Ok(value) => {
            line.insert("ok".into(), true.into());
            line.insert("result".into(), value.clone());
        }
        Err(failure) => {
            line.insert("ok".into(), false.into());
            line.insert(
                "error".into(),
                json!({"kind": failure.kind(), "message": failure.message()}),
            );
        }
    }
    Value::Object(line)
}

/// The non-empty lines of a text, numbered from 1.
pub(crate) fn numbered_lines(text: &str) -> Vec<(usize, String)> {
    text.lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim().to_owned()))
        .filter(|(_, line)| !line.is_empty())
        .collect()
}

/// One line of an `action update` batch.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UpdateLine {
    lead: LeadId,
    action: ActionId,
    update: ActionUpdate,
}

/// `action update --batch`: one `{"lead", "action", "update"}` per line.
pub(crate) async fn run(global: &GlobalArgs, args: &UpdateArgs) -> Result<ExitCode, Failure> {
    let source = args.batch.as_deref().unwrap_or("-");
    let text = read_input(source)?;
    let client = crate::client(global)?;
    crate::load_schema(&client).await?;
    let settings = Settings {
        concurrency: args.concurrency as usize,
        journal: args.journal.as_deref(),
    };
    run_lines(settings, numbered_lines(&text), |_, raw| {
        let line: UpdateLine = match serde_json::from_str(raw) {
            Ok(line) => line,
            Err(err) => {
                // The IDs, where the line is JSON enough to have them.
                let ids: Value = serde_json::from_str(raw).unwrap_or(Value::Null);
                let mut context = Map::new();
                context.insert(
                    "lead".into(),
                    ids.get("lead").cloned().unwrap_or(Value::Null),
                );
                context.insert(
                    "action".into(),
                    ids.get("action").cloned().unwrap_or(Value::Null),
                );
                return Item::Invalid {
                    context,
                    failure: Failure::usage(err),
                };
            }
        };
        let mut context = Map::new();
        context.insert("lead".into(), line.lead.as_str().into());
        context.insert("action".into(), line.action.as_str().into());
        let client = client.clone();
        // The schema check runs in the send itself (the one door); a refusal
        // comes back as an input error, reported as invalid.
        let task = Box::pin(async move {
            let call = UpdateAction::new(line.lead, line.action, line.update);
            let response = client
                .send_full(&call)
                .await
                .map_err(|e| Failure::from_call(&e))?;
            Ok(serde_json::from_slice(response.body()).unwrap_or(Value::Null))
        });
        Item::Send { context, task }
    })
    .await
}

fn report(line: &Value) -> Result<(), Failure> {
    output::print_line(line).map_err(|e| Failure::Transport(format!("cannot write stdout: {e}")))
}

pub(crate) fn progress_bar(len: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} lines {elapsed}") {
        bar.set_style(style);
    }
    bar
}

pub(crate) fn read_input(source: &str) -> Result<String, Failure> {
    let mut text = String::new();
    let read = if source == "-" {
        std::io::stdin().read_to_string(&mut text)
    } else {
        File::open(source).and_then(|mut f| f.read_to_string(&mut text))
    };
    read.map_err(|e| Failure::usage(format!("cannot read the batch from {source}: {e}")))?;
    Ok(text)
}

/// FNV-1a, 64 bits: stable across builds and platforms, unlike std's hasher.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The lines of a batch that are done, kept in an append-only file.
pub(crate) struct Journal {
    done: HashSet<(usize, u64)>,
    file: File,
}

#[derive(Deserialize)]
struct Entry {
    line: usize,
    digest: String,
}

impl Journal {
    pub(crate) fn open(path: &Path) -> Result<Self, Failure> {
        let cannot = |e: std::io::Error| {
            Failure::usage(format!("cannot open the journal {}: {e}", path.display()))
        };
        let mut done = HashSet::new();
        match std::fs::read_to_string(path) {
            // A kill mid-write leaves at most one torn last line, which parses
            // as nothing and so counts as not done.
            Ok(text) => done.extend(
                text.lines()
                    .filter_map(|l| serde_json::from_str::<Entry>(l).ok())
                    .filter_map(|e| Some((e.line, u64::from_str_radix(&e.digest, 16).ok()?))),
            ),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(cannot(e)),
        }
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(cannot)?;
        // Start on a fresh line should the last run have been cut mid-line.
        if file.metadata().map_err(cannot)?.len() > 0 {
            file.write_all(b"\n").map_err(cannot)?;
        }
        Ok(Self { done, file })
    }

    pub(crate) fn is_done(&self, line: usize, digest: u64) -> bool {
        self.done.contains(&(line, digest))
    }

    pub(crate) fn record(&mut self, line: usize, digest: u64) -> Result<(), Failure> {
        // One write per entry, so an entry is in the file whole or not at all
        // as far as a later run can tell.
        let entry = format!("{{\"line\":{line},\"digest\":\"{digest:016x}\"}}\n");
        self.file
            .write_all(entry.as_bytes())
            .map_err(|e| Failure::Transport(format!("cannot write the journal: {e}")))?;
        self.done.insert((line, digest));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_is_stable() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn journal_survives_a_torn_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal");
        {
            let mut journal = Journal::open(&path).unwrap();
            journal.record(1, 0xabc).unwrap();
            journal.record(3, 0xdef).unwrap();
        }
        // A kill in the middle of the next write.
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(b"{\"line\":4,\"dig").unwrap();
        let mut journal = Journal::open(&path).unwrap();
        assert!(journal.is_done(1, 0xabc));
        assert!(journal.is_done(3, 0xdef));
        assert!(!journal.is_done(3, 0xabc), "same line, other text");
        assert!(!journal.is_done(4, 0));
        journal.record(4, 0x1).unwrap();
        let journal = Journal::open(&path).unwrap();
        assert!(journal.is_done(4, 0x1));
    }
}
