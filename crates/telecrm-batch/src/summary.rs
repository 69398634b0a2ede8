//! [`Summary`]: the counts and lists of a run, and why it ended.

use std::time::Duration;

use serde_json::{Map, Value, json};

use crate::describe::{Kind, LineError};

/// Entries kept in the summary's `refused` and `failed` lists (their counts
/// are always whole).
pub const MAX_LISTED: usize = 1000;

/// Why a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason {
    /// Every line was dealt with.
    Finished,
    /// The door stopped it (Ctrl-C, SIGTERM, `KeyboardInterrupt`, an abort).
    Interrupted,
    /// An answer every later line would get too (a refused token, an
    /// unknown enterprise).
    FatalAnswer,
    /// [`MAX_TRANSPORT_FAILURES`](crate::MAX_TRANSPORT_FAILURES) transport
    /// failures in a row.
    TransportFailures,
    /// The journal, the rejects file or the output could not be written.
    Error,
}

impl Reason {
    /// The summary's `stopped` word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Finished => "finished",
            Self::Interrupted => "interrupted",
            Self::FatalAnswer => "fatal_answer",
            Self::TransportFailures => "transport_failures",
            Self::Error => "error",
        }
    }
}

/// The worst thing that happened to a line, in the order a CLI's exit codes
/// rank them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Severity {
    /// A line was refused before sending.
    Refused,
    /// The API refused a line (4xx).
    Api,
    /// A line failed on the way (or 5xx), or the run could not go on.
    Transport,
}

/// Counts and lists of a run.
#[derive(Debug, Default, Clone)]
#[non_exhaustive]
pub struct Summary {
    /// Lines read.
    pub lines: u64,
    /// Requests sent (answered or not).
    pub sent: u64,
    /// Lines applied.
    pub ok: u64,
    refused: Vec<Value>,
    /// Lines refused before sending, or by the server's checks before it.
    pub refused_count: u64,
    failed: Vec<Value>,
    /// Lines sent and not applied (in doubt included).
    pub failed_count: u64,
    /// Lines sent whose answer was lost: they may have been applied. A
    /// re-run does not send them again unless asked to.
    pub in_doubt: u64,
    /// Lines an earlier run left in doubt, not sent again this run.
    pub in_doubt_skipped: u64,
    /// Lines not sent because an earlier line with their key was not applied.
    pub blocked: u64,
    /// Lines journaled as applied by an earlier run.
    pub skipped: u64,
    /// Lines not sent because the run stopped.
    pub remaining: u64,
    pub(crate) remaining_unread: bool,
    pub(crate) stop_detail: Option<Value>,
    /// The worst that happened to a line, if anything did.
    pub worst: Option<Severity>,
}

impl Summary {
    pub(crate) fn refuse(&mut self, line: usize, reason: &str) {
        self.refused_count += 1;
        self.worst = self.worst.max(Some(Severity::Refused));
        if self.refused.len() < MAX_LISTED {
            self.refused.push(json!({"line": line, "reason": reason}));
        }
    }

    pub(crate) fn fail(&mut self, line: usize, kind: &str, failure: &LineError) {
        self.failed_count += 1;
        let severity = match failure.kind {
            Kind::Invalid => Severity::Refused,
            Kind::Api => Severity::Api,
            Kind::Transport => Severity::Transport,
        };
        self.worst = self.worst.max(Some(severity));
        if self.failed.len() < MAX_LISTED {
            self.failed
                .push(json!({"line": line, "kind": kind, "error": failure.message}));
        }
    }

    /// Whether `remaining` is unknown: the input was standard input, or too
    /// long to count in the time a stop allows.
    pub fn remaining_unknown(&self) -> bool {
        self.remaining_unread
    }

    /// The lines refused, `{"line", "reason"}` each (at most [`MAX_LISTED`]).
    pub fn refused(&self) -> &[Value] {
        &self.refused
    }

    /// The lines failed, `{"line", "kind", "error"}` each (at most [`MAX_LISTED`]).
    pub fn failed(&self) -> &[Value] {
        &self.failed
    }

    /// The summary's keys, as every door prints them.
    pub fn to_json(&self, reason: Reason, elapsed: Duration) -> Map<String, Value> {
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
        put("in_doubt", self.in_doubt.into());
        put("in_doubt_skipped", self.in_doubt_skipped.into());
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
}
