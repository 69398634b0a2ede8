//! Batches: the one engine behind every command that sends many requests
//! from a file (`action update --batch`, `lead create --batch`, `lead
//! ingest`). A command only turns a record into a request ([`Prepared`]);
//! the engine does the rest:
//!
//! - **Streaming**: the input is read one record at a time
//!   ([`source`]); at most `concurrency` requests are in flight and at most
//!   [`MAX_HELD`] lines wait behind them, so memory does not grow with the file.
//! - **Order per key**: a line with the same key as a line in flight (the same
//!   action, the same lead) waits for it; lines with other keys go on
//!   concurrently. A line that is not applied (refused, failed) holds back
//!   every later line with its key for the rest of the run (reported as
//!   `blocked`, not journaled), so that a re-run applies them in file order.
//! - **Stops**: on the first answer every later line would get too (401; 403
//!   other than `INVALID_LEAD`, which is about one lead; 404
//!   `ENTERPRISE_NOT_FOUND`), after [`MAX_TRANSPORT_FAILURES`] transport
//!   failures in a row, and on Ctrl-C or SIGTERM (a second one exits at once).
//!   Lines in flight finish and are journaled; nothing new is sent.
//! - **Journal** ([`journal`]): every line that succeeded, by line number and
//!   digest; a re-run skips those. One process per journal; a journal belongs
//!   to one input.
//! - **Refusals are rows**: a record that cannot be read or is refused before
//!   sending is reported with its line, written to `--rejects`, and the run
//!   goes on.
//! - **Summary**: the last stdout line is always `{"summary": {...}}`.

mod journal;
pub(crate) mod source;

use std::collections::{HashMap, HashSet, VecDeque};
use std::fs::File;
use std::future::Future;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::Path;
use std::pin::Pin;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::{Map, Value, json};
use telecrm_core::ErrorCode;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::failure::{EXIT_API, EXIT_TRANSPORT, Failure};
use crate::output;
pub(crate) use journal::Journal;
pub(crate) use source::{Content, Input, Record};

/// Transport failures in a row (connection refused, timeouts, 5xx after
/// retries) that stop a run: the server is down or unreachable.
pub(crate) const MAX_TRANSPORT_FAILURES: usize = 5;

/// Lines read and waiting for an earlier line with the same key, at most,
/// in number and in bytes of their text.
pub(crate) const MAX_HELD: usize = 4096;
const MAX_HELD_BYTES: usize = 8 << 20;

/// Entries kept in the summary's `refused` and `failed` lists (their counts
/// are always whole).
const MAX_LISTED: usize = 1000;

/// The exit code of a run stopped by a signal.
pub(crate) const EXIT_INTERRUPTED: u8 = 130;

/// What a request came to.
pub(crate) enum Answer {
    /// The API's answer (as JSON for the line's report), or why the call failed.
    Done(Result<Value, telecrm_hyper::Error>),
    /// Not sent: the run stopped while the request waited for its turn.
    NotSent,
}

/// A request on its way.
pub(crate) type Task = Pin<Box<dyn Future<Output = Answer> + Send>>;

/// What a record becomes.
pub(crate) enum Prepared {
    /// A request to send. Lines with the same `key` go in file order;
    /// `context` (IDs) goes into the line's report.
    Send {
        key: Option<String>,
        context: Map<String, Value>,
        task: Task,
    },
    /// Refused before sending.
    Refused {
        key: Option<String>,
        context: Map<String, Value>,
        reason: String,
    },
}

/// Turns true when the run stops taking lines (a signal, a fatal answer);
/// a task that waits before sending (the Async pace) gives up on it.
#[derive(Clone)]
pub(crate) struct Stop(watch::Receiver<bool>);

impl Stop {
    pub(crate) async fn wait(&mut self) {
        let _ = self.0.wait_for(|stop| *stop).await;
    }
}

/// How a batch runs.
pub(crate) struct Settings<'a> {
    pub(crate) concurrency: usize,
    pub(crate) journal: Option<&'a Path>,
    pub(crate) rejects: Option<&'a Path>,
    /// One JSON line per line sent or refused (`lead ingest` prints only the summary).
    pub(crate) report_lines: bool,
}

/// Why a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reason {
    Finished,
    Interrupted,
    FatalAnswer,
    TransportFailures,
    Error,
}

impl Reason {
    fn as_str(self) -> &'static str {
        match self {
            Self::Finished => "finished",
            Self::Interrupted => "interrupted",
            Self::FatalAnswer => "fatal_answer",
            Self::TransportFailures => "transport_failures",
            Self::Error => "error",
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
    settings: Settings<'_>,
    mut input: Input,
    mut prepare: impl FnMut(&Record, &Content, &Stop) -> Prepared,
    extra: impl FnOnce(&mut Map<String, Value>, &Summary),
) -> Result<ExitCode, Failure> {
    let journal = match settings.journal {
        Some(path) => match Journal::open(path, input.fingerprint()?.as_ref()) {
            Ok(journal) => Some(journal),
            Err(journal::Refusal::Locked(path)) => {
                eprintln!(
                    "telecrm: the journal {} is in use by another telecrm process; \
                     wait for it to finish or use another journal",
                    path.display()
                );
                return Ok(ExitCode::from(1));
            }
            Err(journal::Refusal::Other(failure)) => return Err(failure),
        },
        None => None,
    };
    let rejects = Rejects::open(settings.rejects, input.header_line().as_deref())?;
    let (stop_tx, stop_rx) = watch::channel(false);
    let stop_tx = Arc::new(stop_tx);
    let signals = on_signals(stop_tx.clone());
    let mut engine = Engine {
        concurrency: settings.concurrency.max(1),
        report_lines: settings.report_lines,
        journal,
        rejects,
        stop_tx,
        stop: Stop(stop_rx),
        reason: None,
        in_flight: JoinSet::new(),
        held: HashMap::default(),
        held_count: 0,
        held_bytes: 0,
        not_applied: HashSet::default(),
        transport_in_a_row: 0,
        summary: Summary::default(),
        progress: progress_bar(),
        started: Instant::now(),
    };
    let outcome = engine.drive(&mut input, &mut prepare).await;
    signals.abort();
    if let Err(failure) = outcome {
        engine.stop_with(Reason::Error, None, failure.message().to_owned());
        engine.summary.worst = engine.summary.worst.max(failure.code());
        // What was in flight is still answered and journaled when possible.
        while let Some(done) = engine.in_flight.join_next().await {
            let _ = engine.complete(done);
        }
    }
    engine.count_the_rest(&mut input);
    engine.progress.finish_and_clear();
    let _ = engine.rejects.flush();
    let reason = engine.reason.unwrap_or(Reason::Finished);
    let mut summary = engine.summary.to_json(reason, engine.started.elapsed());
    extra(&mut summary, &engine.summary);
    report(&json!({ "summary": summary }))?;
    Ok(ExitCode::from(engine.summary.exit_code(reason)))
}

/// Counts and lists of a run.
#[derive(Default)]
pub(crate) struct Summary {
    pub(crate) lines: u64,
    pub(crate) sent: u64,
    pub(crate) ok: u64,
    refused: Vec<Value>,
    refused_count: u64,
    failed: Vec<Value>,
    failed_count: u64,
    blocked: u64,
    skipped: u64,
    remaining: u64,
    remaining_unread: bool,
    stop_detail: Option<Value>,
    worst: u8,
}

impl Summary {
    fn to_json(&self, reason: Reason, elapsed: std::time::Duration) -> Map<String, Value> {
        let mut map = Map::new();
        let mut put = |k: &str, v: Value| {
            map.insert(k.to_owned(), v);
        };
        put("lines", self.lines.into());
        put("sent", self.sent.into());
        put("ok", self.ok.into());
        put("refused", self.refused.clone().into());
        put("refused_count", self.refused_count.into());
        put("failed", self.failed.clone().into());
        put("failed_count", self.failed_count.into());
        put("blocked", self.blocked.into());
        put("skipped", self.skipped.into());
        put(
            "remaining",
            if self.remaining_unread {
                Value::Null
            } else {
                self.remaining.into()
            },
        );
        put(
            "elapsed_s",
            ((elapsed.as_secs_f64() * 1000.0).round() / 1000.0).into(),
        );
        put("stopped", reason.as_str().into());
        put(
            "stop_detail",
            self.stop_detail.clone().unwrap_or(Value::Null),
        );
        map
    }

    fn exit_code(&self, reason: Reason) -> u8 {
        match reason {
            Reason::Interrupted => EXIT_INTERRUPTED,
            Reason::FatalAnswer => EXIT_API,
            Reason::TransportFailures => EXIT_TRANSPORT,
            Reason::Finished | Reason::Error => self.worst,
        }
    }
}

/// The hasher of the per-key maps: foldhash, seeded per process. The keys
/// are IDs from the user's own file and the map holds at most
/// `concurrency` + [`MAX_HELD`] lines, so SipHash's resistance to chosen
/// keys buys nothing here, at about 290 instructions a hash (foldhash: a
/// few dozen) and four or five hashes a line.
type KeyHasher = foldhash::fast::RandomState;

/// One line on its way, with what its report and the journal need.
struct Meta {
    line: usize,
    digest: u64,
    key: Option<Arc<str>>,
    context: Map<String, Value>,
    text: String,
}

struct Pending {
    meta: Meta,
    task: Task,
}

struct Engine {
    concurrency: usize,
    report_lines: bool,
    journal: Option<Journal>,
    rejects: Rejects,
    stop_tx: Arc<watch::Sender<bool>>,
    stop: Stop,
    reason: Option<Reason>,
    in_flight: JoinSet<(Meta, Answer)>,
    /// Keys with a line in flight, and the lines waiting behind it.
    held: HashMap<Arc<str>, VecDeque<Pending>, KeyHasher>,
    held_count: usize,
    held_bytes: usize,
    /// Keys with a line not applied in this run: their later lines wait for
    /// a re-run.
    not_applied: HashSet<Arc<str>, KeyHasher>,
    transport_in_a_row: usize,
    summary: Summary,
    progress: ProgressBar,
    started: Instant,
}

impl Engine {
    fn stopping(&mut self) -> bool {
        if *self.stop.0.borrow() && self.reason.is_none() {
            self.reason = Some(Reason::Interrupted);
        }
        self.reason.is_some()
    }

    fn stop_with(&mut self, reason: Reason, line: Option<usize>, message: String) {
        if self.reason.is_none() {
            self.reason = Some(reason);
            self.summary.stop_detail = Some(json!({"line": line, "message": message}));
            if reason != Reason::Error {
                eprintln!(
                    "telecrm: stopping ({}): {message}; finishing the requests in flight",
                    reason.as_str()
                );
            }
        }
        self.stop_tx.send_replace(true);
    }

    async fn drive(
        &mut self,
        input: &mut Input,
        prepare: &mut impl FnMut(&Record, &Content, &Stop) -> Prepared,
    ) -> Result<(), Failure> {
        'lines: loop {
            while self.in_flight.len() >= self.concurrency
                || self.held_count >= MAX_HELD
                || self.held_bytes >= MAX_HELD_BYTES
            {
                match self.in_flight.join_next().await {
                    Some(done) => self.complete(done)?,
                    None => break,
                }
            }
            if self.stopping() {
                break 'lines;
            }
            let Some(record) = input.next() else {
                break;
            };
            self.summary.lines += 1;
            let digest = fnv1a(record.text.as_bytes());
            if self
                .journal
                .as_ref()
                .is_some_and(|j| j.is_done(record.line, digest))
            {
                self.summary.skipped += 1;
                self.progress.inc(1);
                continue;
            }
            let prepared = match &record.content {
                Content::Bad(reason) => Prepared::Refused {
                    key: None,
                    context: Map::new(),
                    reason: reason.clone(),
                },
                content => prepare(&record, content, &self.stop),
            };
            let (key, context, task) = match prepared {
                Prepared::Refused {
                    key,
                    context,
                    reason,
                } => {
                    let key = key.map(Arc::from);
                    if let Some(key) = key {
                        self.not_applied.insert(key);
                    }
                    self.refuse(record.line, &record.text, &context, &reason)?;
                    continue;
                }
                Prepared::Send { key, context, task } => (key.map(Arc::<str>::from), context, task),
            };
            let meta = Meta {
                line: record.line,
                digest,
                key,
                context,
                text: record.text,
            };
            match &meta.key {
                Some(key) if self.not_applied.contains(key) => self.block(meta)?,
                Some(key) if self.held.contains_key(key) => {
                    let key = key.clone();
                    self.held_count += 1;
                    self.held_bytes += meta.text.len();
                    self.held
                        .get_mut(&key)
                        .expect("checked")
                        .push_back(Pending { meta, task });
                }
                Some(key) => {
                    self.held.insert(key.clone(), VecDeque::new());
                    self.spawn(Pending { meta, task });
                }
                None => self.spawn(Pending { meta, task }),
            }
        }
        while let Some(done) = self.in_flight.join_next().await {
            self.complete(done)?;
        }
        Ok(())
    }

    fn spawn(&mut self, pending: Pending) {
        let Pending { meta, task } = pending;
        self.in_flight.spawn(async move { (meta, task.await) });
    }

    /// One answer: counted, journaled, reported; the next line with its key
    /// goes (unless the run is stopping).
    fn complete(
        &mut self,
        done: Result<(Meta, Answer), tokio::task::JoinError>,
    ) -> Result<(), Failure> {
        let (meta, answer) =
            done.map_err(|e| Failure::Transport(format!("a batch task failed: {e}")))?;
        self.progress.inc(1);
        let applied = match answer {
            Answer::NotSent => {
                self.summary.remaining += 1;
                false
            }
            Answer::Done(Ok(value)) => {
                self.summary.sent += 1;
                self.summary.ok += 1;
                self.transport_in_a_row = 0;
                if let Some(journal) = &mut self.journal {
                    journal.record(meta.line, meta.digest)?;
                }
                if self.report_lines {
                    report(&line_report(meta.line, &meta.context, Ok(&value)))?;
                }
                true
            }
            Answer::Done(Err(err)) if err.is_input() => {
                let reason = Failure::from_call(&err).message().to_owned();
                self.refuse(meta.line, &meta.text, &meta.context, &reason)?;
                false
            }
            Answer::Done(Err(err)) => {
                self.summary.sent += 1;
                let failure = Failure::from_call(&err);
                self.fail(meta.line, &meta.context, &failure)?;
                if let Failure::Transport(_) = failure {
                    self.transport_in_a_row += 1;
                    if self.transport_in_a_row >= MAX_TRANSPORT_FAILURES {
                        self.stop_with(
                            Reason::TransportFailures,
                            Some(meta.line),
                            format!(
                                "{MAX_TRANSPORT_FAILURES} transport failures in a row, the last: {}",
                                failure.message()
                            ),
                        );
                    }
                } else {
                    self.transport_in_a_row = 0;
                }
                if is_fatal(&err) {
                    self.stop_with(
                        Reason::FatalAnswer,
                        Some(meta.line),
                        format!("every later line would get it too: {}", failure.message()),
                    );
                }
                false
            }
        };
        if let Some(key) = meta.key {
            self.release(&key, applied)?;
        }
        Ok(())
    }

    /// The line with `key` is done: the next one waiting for it goes, or,
    /// when it was not applied, every one waiting is held back.
    fn release(&mut self, key: &Arc<str>, applied: bool) -> Result<(), Failure> {
        if !applied {
            self.not_applied.insert(key.clone());
        }
        if !self.held.contains_key(key) {
            return Ok(());
        }
        let stopping = self.stopping();
        if applied && !stopping {
            match self.held.get_mut(key).and_then(VecDeque::pop_front) {
                Some(next) => {
                    self.held_count -= 1;
                    self.held_bytes -= next.meta.text.len();
                    self.spawn(next);
                }
                None => {
                    self.held.remove(key);
                }
            }
            return Ok(());
        }
        let waiting = self.held.remove(key).unwrap_or_default();
        self.held_count -= waiting.len();
        self.held_bytes -= waiting.iter().map(|p| p.meta.text.len()).sum::<usize>();
        for pending in waiting {
            if stopping {
                self.summary.remaining += 1;
            } else {
                self.block(pending.meta)?;
            }
        }
        Ok(())
    }

    fn block(&mut self, meta: Meta) -> Result<(), Failure> {
        self.summary.blocked += 1;
        self.progress.inc(1);
        if self.report_lines {
            report(&LineReport {
                line: meta.line,
                context: &meta.context,
                outcome: LineOutcome::Error {
                    kind: "blocked",
                    message: "not sent: an earlier line with the same key was not applied (file order is kept; a re-run sends it)",
                },
            })?;
        }
        Ok(())
    }

    fn refuse(
        &mut self,
        line: usize,
        text: &str,
        context: &Map<String, Value>,
        reason: &str,
    ) -> Result<(), Failure> {
        self.progress.inc(1);
        self.summary.refused_count += 1;
        self.summary.worst = self.summary.worst.max(crate::failure::EXIT_USAGE);
        if self.summary.refused.len() < MAX_LISTED {
            self.summary
                .refused
                .push(json!({"line": line, "reason": reason}));
        }
        self.rejects.write(line, text, reason)?;
        if self.report_lines {
            let failure = Failure::usage(reason);
            report(&line_report(line, context, Err(&failure)))?;
        }
        Ok(())
    }

    fn fail(
        &mut self,
        line: usize,
        context: &Map<String, Value>,
        failure: &Failure,
    ) -> Result<(), Failure> {
        self.summary.failed_count += 1;
        self.summary.worst = self.summary.worst.max(failure.code());
        if self.summary.failed.len() < MAX_LISTED {
            self.summary
                .failed
                .push(json!({"line": line, "kind": failure.kind(), "error": failure.message()}));
        }
        if self.report_lines {
            report(&line_report(line, context, Err(failure)))?;
        }
        Ok(())
    }

    /// After a stop: the lines never sent. The rest of a file is read (not
    /// sent) to count them; standard input is left unread.
    fn count_the_rest(&mut self, input: &mut Input) {
        self.summary.remaining += self.held_count as u64;
        self.held_count = 0;
        self.held_bytes = 0;
        self.held.clear();
        if self.reason.is_none() {
            return;
        }
        if matches!(input.origin, source::Origin::Stdin) {
            self.summary.remaining_unread = true;
            return;
        }
        for record in input {
            self.summary.lines += 1;
            let digest = fnv1a(record.text.as_bytes());
            if self
                .journal
                .as_ref()
                .is_some_and(|j| j.is_done(record.line, digest))
            {
                self.summary.skipped += 1;
            } else {
                self.summary.remaining += 1;
            }
        }
    }
}

/// An answer every later line would get too: the token or the enterprise
/// is wrong, not the line.
fn is_fatal(err: &telecrm_hyper::Error) -> bool {
    let code = err.api_error().map(|api| api.code());
    match err.status().map(|s| s.as_u16()) {
        Some(401) => true,
        Some(403) => code != Some(&ErrorCode::InvalidLead),
        _ => code == Some(&ErrorCode::EnterpriseNotFound),
    }
}

/// Ctrl-C or SIGTERM: stop taking lines (and say so); a second one exits at
/// once.
fn on_signals(stop: Arc<watch::Sender<bool>>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        signal().await;
        eprintln!(
            "telecrm: stopping: finishing the requests in flight, then the summary \
             (Ctrl-C again to stop at once)"
        );
        stop.send_replace(true);
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

/// What a line came to, in its report: the answer, or an error.
enum LineOutcome<'a> {
    Result(&'a Value),
    Error { kind: &'a str, message: &'a str },
}

/// The `{kind, message}` of a line's error, keys in the order a `Map`
/// prints them.
#[derive(serde::Serialize)]
struct LineError<'a> {
    kind: &'a str,
    message: &'a str,
}

/// One line's report: its number, its context (the IDs), `ok`, and the
/// answer or the error, printed straight from borrowed parts, with nothing
/// built, cloned or dropped per line.
///
/// The bytes are those of the `Map` it stands for (`line`, the context's
/// entries over it, then `ok` and `result` or `error` over those): the keys
/// in a `Map`'s order, which is sorted (serde_json without
/// `preserve_order`; the context is a sorted `Map` too, so one merge keeps
/// the order). A test compares the two for every kind of key.
struct LineReport<'a> {
    line: usize,
    context: &'a Map<String, Value>,
    outcome: LineOutcome<'a>,
}

/// One of the report's own entries.
enum Own<'a> {
    Line(usize),
    Ok(bool),
    Result(&'a Value),
    Error(LineError<'a>),
}

impl Own<'_> {
    fn key(&self) -> &'static str {
        match self {
            Self::Line(_) => "line",
            Self::Ok(_) => "ok",
            Self::Result(_) => "result",
            Self::Error(_) => "error",
        }
    }
}

impl serde::Serialize for LineReport<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        // The report's own entries, sorted by key; `line` gives way to a
        // context entry of that name, the others override the context's.
        let (ok, last) = match &self.outcome {
            LineOutcome::Result(value) => (true, Own::Result(value)),
            LineOutcome::Error { kind, message } => {
                (false, Own::Error(LineError { kind, message }))
            }
        };
        let line = (!self.context.contains_key("line")).then_some(Own::Line(self.line));
        let own: [Option<Own<'_>>; 3] = match last {
            Own::Error(error) => [Some(Own::Error(error)), line, Some(Own::Ok(ok))],
            other => [line, Some(Own::Ok(ok)), Some(other)],
        };
        let mut own = own.into_iter().flatten().peekable();
        let overridden = |key: &str| key == "ok" || key == "result" && ok || key == "error" && !ok;
        let mut map = serializer.serialize_map(None)?;
        for (key, value) in self.context {
            if overridden(key) {
                continue;
            }
            while let Some(entry) = own.next_if(|entry| entry.key() < key.as_str()) {
                serialize_own(&mut map, &entry)?;
            }
            map.serialize_entry(key, value)?;
        }
        for entry in own {
            serialize_own(&mut map, &entry)?;
        }
        map.end()
    }
}

fn serialize_own<M: serde::ser::SerializeMap>(
    map: &mut M,
    entry: &Own<'_>,
) -> Result<(), M::Error> {
    match entry {
        Own::Line(line) => map.serialize_entry("line", line),
        Own::Ok(ok) => map.serialize_entry("ok", ok),
        Own::Result(value) => map.serialize_entry("result", value),
        Own::Error(error) => map.serialize_entry("error", error),
    }
}

fn line_report<'a>(
    line: usize,
    context: &'a Map<String, Value>,
    result: Result<&'a Value, &'a Failure>,
) -> LineReport<'a> {
    let outcome = match result {
        Ok(value) => LineOutcome::Result(value),
        Err(failure) => LineOutcome::Error {
            kind: failure.kind(),
            message: failure.message(),
        },
    };
    LineReport {
        line,
        context,
        outcome,
    }
}

fn report<T: serde::Serialize + ?Sized>(line: &T) -> Result<(), Failure> {
    output::print_line(line).map_err(|e| Failure::Transport(format!("cannot write stdout: {e}")))
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

/// The rows refused before sending, with their line and reason: CSV rows
/// with two more columns, `#line` and `#reason` (columns whose name starts
/// with `#` are ignored when read back, so the file can be fixed and run
/// again); JSON lines as `{"line", "reason", "row"}`.
struct Rejects {
    file: Option<BufWriter<File>>,
    csv: bool,
}

impl Rejects {
    fn open(path: Option<&Path>, header: Option<&str>) -> Result<Self, Failure> {
        let Some(path) = path else {
            return Ok(Self {
                file: None,
                csv: false,
            });
        };
        let cannot =
            |e: std::io::Error| Failure::usage(format!("cannot write {}: {e}", path.display()));
        let mut file = BufWriter::new(File::create(path).map_err(cannot)?);
        if let Some(header) = header {
            writeln!(file, "{header},#line,#reason").map_err(cannot)?;
        }
        Ok(Self {
            file: Some(file),
            csv: header.is_some(),
        })
    }

    fn write(&mut self, line: usize, text: &str, reason: &str) -> Result<(), Failure> {
        let Some(file) = &mut self.file else {
            return Ok(());
        };
        let written = if self.csv {
            let mut row = text.to_owned();
            row.push_str(&format!(",{line},"));
            source::push_cell(&mut row, reason);
            writeln!(file, "{row}")
        } else {
            writeln!(
                file,
                "{}",
                json!({"line": line, "reason": reason, "row": text})
            )
        };
        written.map_err(|e| Failure::Transport(format!("cannot write the rejects: {e}")))
    }

    fn flush(&mut self) -> Result<(), Failure> {
        match &mut self.file {
            Some(file) => file
                .flush()
                .map_err(|e| Failure::Transport(format!("cannot write the rejects: {e}"))),
            None => Ok(()),
        }
    }
}

/// FNV-1a, 64 bits: stable across builds and platforms, unlike std's hasher.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The report as it was built before: a `Map` per line.
    fn as_map(line: usize, context: &Map<String, Value>, outcome: &LineOutcome<'_>) -> Value {
        let mut map = Map::new();
        map.insert("line".into(), line.into());
        map.extend(context.clone());
        match outcome {
            LineOutcome::Result(value) => {
                map.insert("ok".into(), true.into());
                map.insert("result".into(), (*value).clone());
            }
            LineOutcome::Error { kind, message } => {
                map.insert("ok".into(), false.into());
                map.insert("error".into(), json!({"kind": kind, "message": message}));
            }
        }
        Value::Object(map)
    }

    #[test]
    fn a_line_report_prints_as_the_map_it_replaces() {
        let result = json!({"type": "1001", "fields": {"note": "x"}, "a": [1, 2.5, null]});
        let outcomes = [
            LineOutcome::Result(&result),
            LineOutcome::Result(&Value::Null),
            LineOutcome::Error {
                kind: "api",
                message: "404 ACTION_NOT_FOUND: \"quoted\"",
            },
        ];
        let contexts = [
            json!({}),
            json!({"lead": "603d2b2f9b1e8a001c8e4f5c", "action": "603d2b2f9b1e8a001c8e4f5e"}),
            json!({"lead": null, "action": 7}),
            // Keys before, between and after the report's own, and equal to them.
            json!({"a": 1, "f": 2, "m": 3, "p": 4, "z": 5, "": 6}),
            json!({"line": "mine", "ok": "mine", "result": "mine", "error": "mine"}),
            json!({"errors": 1, "lines": 2, "oks": 3, "results": 4, "l": 5}),
        ];
        for context in &contexts {
            let context = context.as_object().unwrap();
            for outcome in &outcomes {
                let report = LineReport {
                    line: 42,
                    context,
                    outcome: match outcome {
                        LineOutcome::Result(value) => LineOutcome::Result(value),
                        LineOutcome::Error { kind, message } => {
                            LineOutcome::Error { kind, message }
                        }
                    },
                };
                assert_eq!(
                    output::json_line(&report).unwrap(),
                    output::json_line(&as_map(42, context, outcome)).unwrap(),
                    "{context:?}"
                );
            }
        }
    }

    #[test]
    fn fnv_is_stable() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
