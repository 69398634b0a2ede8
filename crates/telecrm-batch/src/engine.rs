//! The engine: records in, requests out, in order per key, journaled, with
//! the stops and the summary. See the crate's documentation for the rules.

use std::collections::{HashMap, HashSet, VecDeque};
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Map, Value};
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::describe::{Kind, LineError, is_fatal};
use crate::journal::{Journal, Seen};
use crate::rejects::{Rejects, ServerRefusal};
use crate::report::{LineOutcome, LineReport};
use crate::source::{Content, Input, Origin, Record};
use crate::summary::{Reason, Severity, Summary};
use crate::{Error, fnv1a};

/// Transport failures in a row (connection refused, timeouts, 5xx after
/// retries) that stop a run: the server is down or unreachable.
pub const MAX_TRANSPORT_FAILURES: usize = 5;

/// Lines read and waiting for an earlier line with the same key, at most,
/// in number and in bytes of their text.
pub const MAX_HELD: usize = 4096;
const MAX_HELD_BYTES: usize = 8 << 20;

/// How long a stopped run goes on reading its input to count what was not
/// sent; past it, `remaining` is reported as unknown (a stop must be prompt
/// whatever the input's size: a container's grace period is a few seconds).
const COUNT_FOR: Duration = Duration::from_millis(500);

/// Lines dealt with between two yields to the runtime, so that a run over
/// lines that need no request (journaled, refused) still sees a stop.
const YIELD_EVERY: u64 = 256;

/// What a request came to.
#[derive(Debug)]
#[non_exhaustive]
pub enum Answer {
    /// The API's answer (as JSON for the line's report), or why the call failed.
    Done(Result<Value, telecrm_hyper::Error>),
    /// Not sent: the run stopped while the request waited for its turn.
    NotSent,
}

/// A request on its way.
pub type Task = Pin<Box<dyn Future<Output = Answer> + Send>>;

/// What a record becomes, as the door's `prepare` decides.
#[non_exhaustive]
pub enum Prepared {
    /// A request to send. Lines with the same `key` go in file order;
    /// `context` (IDs) goes into the line's report. `idempotent`: sending it
    /// twice does what sending it once does (an update), so a lost answer
    /// is a failure to retry on a re-run, not a row in doubt.
    Send {
        /// Lines with the same key go in file order.
        key: Option<String>,
        /// What the line's report carries besides the answer.
        context: Map<String, Value>,
        /// The request.
        task: Task,
        /// Whether a repeat is harmless.
        idempotent: bool,
    },
    /// Refused before sending.
    Refused {
        /// The line's key, when it has one: later lines for it are held back.
        key: Option<String>,
        /// What the line's report carries.
        context: Map<String, Value>,
        /// Why, in a line.
        reason: String,
    },
}

impl Prepared {
    /// A request that must not be repeated after it may have arrived.
    pub fn send(key: Option<String>, context: Map<String, Value>, task: Task) -> Self {
        Self::Send {
            key,
            context,
            task,
            idempotent: false,
        }
    }

    /// A request that may be repeated (an update to the same values).
    pub fn send_idempotent(key: Option<String>, context: Map<String, Value>, task: Task) -> Self {
        Self::Send {
            key,
            context,
            task,
            idempotent: true,
        }
    }

    /// A line refused before sending.
    pub fn refused(key: Option<String>, context: Map<String, Value>, reason: String) -> Self {
        Self::Refused {
            key,
            context,
            reason,
        }
    }
}

/// Turns true when the run stops taking lines (a signal, a fatal answer);
/// a task that waits before sending (the Async pace) gives up on it.
#[derive(Clone, Debug)]
pub struct Stop(watch::Receiver<bool>);

impl Stop {
    /// Waits until the run stops.
    pub async fn wait(&mut self) {
        let _ = self.0.wait_for(|stop| *stop).await;
    }

    /// Whether the run has stopped taking lines.
    pub fn is_stopped(&self) -> bool {
        *self.0.borrow()
    }
}

/// The door's side of a run's stop: [`StopHandle::stop`] on Ctrl-C, SIGTERM,
/// Python's `KeyboardInterrupt` or an `AbortSignal`. The run then takes no
/// new line, lets the requests in flight finish, journals them and ends
/// with [`Reason::Interrupted`].
#[derive(Clone, Debug)]
pub struct StopHandle(Arc<watch::Sender<bool>>);

impl Default for StopHandle {
    fn default() -> Self {
        Self::new()
    }
}

impl StopHandle {
    /// A handle for one run.
    pub fn new() -> Self {
        Self(Arc::new(watch::channel(false).0))
    }

    /// Stops the run (again: nothing more).
    pub fn stop(&self) {
        self.0.send_replace(true);
    }

    /// Whether the run was stopped.
    pub fn is_stopped(&self) -> bool {
        *self.0.borrow()
    }

    fn receiver(&self) -> Stop {
        Stop(self.0.subscribe())
    }
}

/// How a batch runs.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Settings {
    concurrency: usize,
    journal: Option<PathBuf>,
    rejects: Option<PathBuf>,
    resend_in_doubt: bool,
    redact: fn(&str) -> String,
}

impl Settings {
    /// `concurrency` requests in flight at most (at least 1); no journal, no
    /// rejects file, rows in doubt not resent.
    pub fn new(concurrency: usize) -> Self {
        Self {
            concurrency: concurrency.max(1),
            journal: None,
            rejects: None,
            resend_in_doubt: false,
            redact: str::to_owned,
        }
    }

    /// Journals the lines applied (and those in doubt) at `path`; a re-run
    /// with the same journal sends only the others.
    #[must_use]
    pub fn with_journal(mut self, path: Option<PathBuf>) -> Self {
        self.journal = path;
        self
    }

    /// Writes every refused line to `path`, in the input's format, with why.
    #[must_use]
    pub fn with_rejects(mut self, path: Option<PathBuf>) -> Self {
        self.rejects = path;
        self
    }

    /// Sends again the lines an earlier run left in doubt (sent, answer
    /// lost: they may have been applied, and a repeat may apply them twice).
    #[must_use]
    pub fn resend_in_doubt(mut self, resend: bool) -> Self {
        self.resend_in_doubt = resend;
        self
    }

    /// Passes every message of the run through `redact` (the door's own
    /// secrets, e.g. a password read from stdin).
    #[must_use]
    pub fn with_redact(mut self, redact: fn(&str) -> String) -> Self {
        self.redact = redact;
        self
    }
}

/// How each door renders a run as it goes. Every method has a default that
/// does nothing, so a door implements what it shows.
pub trait Sink {
    /// One line's outcome: applied, refused, failed, in doubt or blocked.
    ///
    /// # Errors
    /// An error writing the report ends the run (what is in flight is still
    /// answered and journaled).
    fn line(&mut self, report: &LineReport<'_>) -> std::io::Result<()> {
        let _ = report;
        Ok(())
    }

    /// The run stops taking lines, for `reason` (not for a door's own stop).
    fn stopping(&mut self, reason: Reason, message: &str) {
        let _ = (reason, message);
    }

    /// One more line dealt with (for a progress bar).
    fn progress(&mut self) {}
}

/// A sink that shows nothing: the summary is all.
#[derive(Debug, Default, Clone, Copy)]
pub struct Quiet;

impl Sink for Quiet {}

/// How a run ended.
#[derive(Debug)]
#[non_exhaustive]
pub struct Outcome {
    /// The counts and lists.
    pub summary: Summary,
    /// Why it ended.
    pub reason: Reason,
    /// How long it took.
    pub elapsed: Duration,
    /// What ended it early, when [`Reason::Error`].
    pub error: Option<Error>,
}

impl Outcome {
    /// The summary as JSON: the keys `telecrm lead ingest` prints under
    /// `"summary"`.
    pub fn to_json(&self) -> Map<String, Value> {
        self.summary.to_json(self.reason, self.elapsed)
    }
}

/// Runs every record of `input` through `prepare` and the engine; the door
/// renders lines through `sink` and the summary from the [`Outcome`].
///
/// # Errors
/// Before anything is sent: the journal is held by another process or
/// refused (another input), a file cannot be opened. Errors during the run
/// end it with [`Reason::Error`] in the outcome.
pub async fn run(
    settings: Settings,
    mut input: Input,
    mut prepare: impl FnMut(&Record, &Content, &Stop) -> Prepared,
    stop: &StopHandle,
    sink: &mut (dyn Sink + Send),
) -> Result<Outcome, Error> {
    let journal = match &settings.journal {
        Some(path) => Some(Journal::open(path, input.fingerprint()?.as_ref())?),
        None => None,
    };
    let rejects = Rejects::open(settings.rejects.as_deref(), input.header_line().as_deref())?;
    let mut engine = Engine {
        concurrency: settings.concurrency,
        resend_in_doubt: settings.resend_in_doubt,
        redact: settings.redact,
        journal,
        rejects,
        stop_tx: stop.clone(),
        stop: stop.receiver(),
        reason: None,
        error: None,
        in_flight: JoinSet::new(),
        held: HashMap::default(),
        held_count: 0,
        held_bytes: 0,
        not_applied: HashSet::default(),
        transport_in_a_row: 0,
        summary: Summary::default(),
        sink,
        started: Instant::now(),
    };
    let outcome = engine.drive(&mut input, &mut prepare).await;
    if let Err(error) = outcome {
        engine.stop_with(Reason::Error, None, error.to_string());
        engine.summary.worst = engine.summary.worst.max(Some(Severity::Transport));
        engine.error = Some(error);
        // What was in flight is still answered and journaled when possible.
        while let Some(done) = engine.in_flight.join_next().await {
            let _ = engine.complete(done);
        }
    }
    engine.count_the_rest(&mut input);
    if let Err(error) = engine.rejects.flush() {
        engine.error.get_or_insert(error);
    }
    Ok(Outcome {
        reason: engine.reason.unwrap_or(Reason::Finished),
        elapsed: engine.started.elapsed(),
        error: engine.error,
        summary: engine.summary,
    })
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
    idempotent: bool,
}

struct Pending {
    meta: Meta,
    task: Task,
}

struct Engine<'s> {
    concurrency: usize,
    resend_in_doubt: bool,
    redact: fn(&str) -> String,
    journal: Option<Journal>,
    rejects: Rejects,
    stop_tx: StopHandle,
    stop: Stop,
    reason: Option<Reason>,
    error: Option<Error>,
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
    sink: &'s mut (dyn Sink + Send),
    started: Instant,
}

fn output_error(e: std::io::Error) -> Error {
    Error::Io(format!("cannot write stdout: {e}"))
}

impl Engine<'_> {
    /// What the journal (if any) says of a line.
    fn seen(&self, line: usize, digest: u64) -> Seen {
        self.journal
            .as_ref()
            .map_or(Seen::New, |j| j.seen(line, digest))
    }

    fn stopping(&mut self) -> bool {
        if self.stop.is_stopped() && self.reason.is_none() {
            self.reason = Some(Reason::Interrupted);
        }
        self.reason.is_some()
    }

    fn stop_with(&mut self, reason: Reason, line: Option<usize>, message: String) {
        if self.reason.is_none() {
            self.reason = Some(reason);
            if reason != Reason::Error {
                self.sink.stopping(reason, &message);
            }
            self.summary.stop_detail = Some(serde_json::json!({"line": line, "message": message}));
        }
        self.stop_tx.stop();
    }

    async fn drive(
        &mut self,
        input: &mut Input,
        prepare: &mut impl FnMut(&Record, &Content, &Stop) -> Prepared,
    ) -> Result<(), Error> {
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
            if self.summary.lines % YIELD_EVERY == YIELD_EVERY - 1 {
                tokio::task::yield_now().await;
            }
            if self.stopping() {
                break 'lines;
            }
            let Some(record) = input.next() else {
                break;
            };
            self.summary.lines += 1;
            let digest = fnv1a(record.text.as_bytes());
            match self.seen(record.line, digest) {
                Seen::New => {}
                Seen::Done => {
                    self.summary.skipped += 1;
                    self.sink.progress();
                    continue;
                }
                Seen::InDoubt if !self.resend_in_doubt => {
                    self.summary.in_doubt_skipped += 1;
                    self.sink.progress();
                    continue;
                }
                Seen::InDoubt => {}
            }
            let prepared = match &record.content {
                Content::Bad(reason) => Prepared::refused(None, Map::new(), reason.clone()),
                content => prepare(&record, content, &self.stop),
            };
            let (key, context, task, idempotent) = match prepared {
                Prepared::Refused {
                    key,
                    context,
                    reason,
                } => {
                    if let Some(key) = key {
                        self.not_applied.insert(Arc::from(key));
                    }
                    self.refuse(record.line, &record.text, &context, &reason, None)?;
                    continue;
                }
                Prepared::Send {
                    key,
                    context,
                    task,
                    idempotent,
                } => (key.map(Arc::<str>::from), context, task, idempotent),
            };
            let meta = Meta {
                line: record.line,
                digest,
                key,
                context,
                text: record.text,
                idempotent,
            };
            match &meta.key {
                Some(key) if self.not_applied.contains(key) => self.block(meta)?,
                Some(key) if self.held.contains_key(key) => {
                    let key = key.clone();
                    self.held_count += 1;
                    self.held_bytes += meta.text.len();
                    if let Some(queue) = self.held.get_mut(&key) {
                        queue.push_back(Pending { meta, task });
                    }
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
    ) -> Result<(), Error> {
        let (meta, answer) = done.map_err(|e| Error::Io(format!("a batch task failed: {e}")))?;
        self.sink.progress();
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
                self.sink
                    .line(&LineReport {
                        line: meta.line,
                        context: &meta.context,
                        outcome: LineOutcome::Result(&value),
                    })
                    .map_err(output_error)?;
                true
            }
            Answer::Done(Err(err)) if err.is_input() => {
                let reason = (self.redact)(&LineError::from_call(&err).message);
                self.refuse(meta.line, &meta.text, &meta.context, &reason, None)?;
                false
            }
            Answer::Done(Err(err)) => {
                self.summary.sent += 1;
                let mut failure = LineError::from_call(&err);
                failure.message = (self.redact)(&failure.message);
                let in_doubt = !meta.idempotent && err.is_in_doubt();
                if in_doubt {
                    // Journaled as such: a re-run does not send it again
                    // unless asked to (it may have been applied).
                    self.summary.in_doubt += 1;
                    if let Some(journal) = &mut self.journal {
                        journal.record_in_doubt(meta.line, meta.digest)?;
                    }
                    failure.message.push_str(
                        "; it may have been applied, so a re-run does not send it again \
                         unless asked to resend rows in doubt",
                    );
                }
                self.fail(&meta, &failure, in_doubt)?;
                if failure.kind == Kind::Api && !is_fatal(&err) {
                    // Refused by the server for this row: the rejects file
                    // gets it too, with the answer, so that fixing that
                    // file and running it covers every refused row.
                    let refusal = err.api_error().map_or_else(
                        || ServerRefusal {
                            status: err.status().map(|s| s.as_u16()),
                            code: None,
                            message: None,
                        },
                        |api| ServerRefusal {
                            status: Some(api.status().as_u16()),
                            code: Some(api.code().to_string()),
                            message: Some((self.redact)(api.message())),
                        },
                    );
                    self.rejects
                        .write(meta.line, &meta.text, &failure.message, Some(&refusal))?;
                }
                if failure.kind == Kind::Transport {
                    self.transport_in_a_row += 1;
                    if self.transport_in_a_row >= MAX_TRANSPORT_FAILURES {
                        self.stop_with(
                            Reason::TransportFailures,
                            Some(meta.line),
                            format!(
                                "{MAX_TRANSPORT_FAILURES} transport failures in a row, the last: {}",
                                failure.message
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
                        format!("every later line would get it too: {}", failure.message),
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
    fn release(&mut self, key: &Arc<str>, applied: bool) -> Result<(), Error> {
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

    fn block(&mut self, meta: Meta) -> Result<(), Error> {
        self.summary.blocked += 1;
        self.sink.progress();
        self.sink
            .line(&LineReport {
                line: meta.line,
                context: &meta.context,
                outcome: LineOutcome::Error {
                    kind: "blocked",
                    message: "not sent: an earlier line with the same key was not applied (file order is kept; a re-run sends it)",
                },
            })
            .map_err(output_error)
    }

    fn refuse(
        &mut self,
        line: usize,
        text: &str,
        context: &Map<String, Value>,
        reason: &str,
        refusal: Option<&ServerRefusal>,
    ) -> Result<(), Error> {
        self.sink.progress();
        self.summary.refuse(line, reason);
        self.rejects.write(line, text, reason, refusal)?;
        self.sink
            .line(&LineReport {
                line,
                context,
                outcome: LineOutcome::Error {
                    kind: Kind::Invalid.as_str(),
                    message: reason,
                },
            })
            .map_err(output_error)
    }

    fn fail(&mut self, meta: &Meta, failure: &LineError, in_doubt: bool) -> Result<(), Error> {
        let kind = if in_doubt {
            "in_doubt"
        } else {
            failure.kind.as_str()
        };
        self.summary.fail(meta.line, kind, failure);
        self.sink
            .line(&LineReport {
                line: meta.line,
                context: &meta.context,
                outcome: LineOutcome::Error {
                    kind,
                    message: &failure.message,
                },
            })
            .map_err(output_error)
    }

    /// After a stop: the lines never sent. The rest of a file is read (not
    /// sent) to count them, for at most [`COUNT_FOR`]; standard input is
    /// left unread, and past the time `remaining` is unknown.
    fn count_the_rest(&mut self, input: &mut Input) {
        self.summary.remaining += self.held_count as u64;
        self.held_count = 0;
        self.held_bytes = 0;
        self.held.clear();
        if self.reason.is_none() {
            return;
        }
        if matches!(input.origin(), Origin::Stdin) {
            self.summary.remaining_unread = true;
            return;
        }
        let until = Instant::now() + COUNT_FOR;
        let mut read = 0u32;
        for record in input.by_ref() {
            self.summary.lines += 1;
            let digest = fnv1a(record.text.as_bytes());
            match self.seen(record.line, digest) {
                Seen::Done => self.summary.skipped += 1,
                Seen::InDoubt if !self.resend_in_doubt => self.summary.in_doubt_skipped += 1,
                _ => self.summary.remaining += 1,
            }
            read = read.wrapping_add(1);
            if read.is_multiple_of(1024) && Instant::now() >= until {
                self.summary.remaining_unread = true;
                return;
            }
        }
    }
}
